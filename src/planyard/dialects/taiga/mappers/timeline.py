"""Change entries -> Taiga timeline entries (§41.56): event types, and the data Taiga's timeline
stores with each event (user, project, the item or member, values_diff, comment)."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Environment
from planyard.core.timeline import TimelineFacts, related_story
from planyard.core.users import display_name
from planyard.core.work_items.epic_stories import TARGET as EPIC_STORY_TARGET
from planyard.dialects.taiga.mappers.history import values_diff, wire_diff
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url
from planyard.kit.markdown import render_markdown
from planyard.models import ChangeEntry, Project, User

TYPENAMES = {
    "project": "projects.project", "membership": "projects.membership", "milestone": "milestones.milestone",
    "epic": "epics.epic", "story": "userstories.userstory", "task": "tasks.task", "issue": "issues.issue",
    "user": "users.user", "wiki_page": "wiki.wikipage", EPIC_STORY_TARGET: "epics.relateduserstory",
}  # fmt: skip
# Planyard's own content-type numbers (Taiga's are database ids of its installation).
CONTENT_TYPES = {name: number for number, name in enumerate(TYPENAMES.values(), start=1)}
ITEM_KEYS = {"epic": "epic", "story": "userstory", "task": "task", "issue": "issue"}
DESCRIPTION_NOTE = "Check the history API for the exact diff"


def timeline_entry(env: Environment, entry: ChangeEntry, facts: TimelineFacts, owner: str, owner_id: int
                   ) -> dict[str, Any]:  # fmt: skip
    """`owner` is "project", "user" (what the user did) or "profile" (what concerns the user)."""
    typename = TYPENAMES[entry.target_type]
    action = "create" if entry.target_type == "membership" and entry.action == "change" else entry.action
    if owner == "project":
        content_type, namespace = CONTENT_TYPES["projects.project"], f"project:{owner_id}"
    else:
        content_type, namespace = CONTENT_TYPES["users.user"], f"user:{entry.user_id or owner_id}"
    return {
        "id": entry.id, "content_type": content_type, "object_id": owner_id, "namespace": namespace,
        "event_type": f"{typename}.{action}", "project": entry.project_id, "data": _data(env, entry, facts),
        "data_content_type": CONTENT_TYPES[typename], "created": entry.created_at,
    }  # fmt: skip


def timeline_user(env: Environment, user: User) -> dict[str, Any]:
    photo = photo_url(env, user)
    return {
        "id": user.id, "name": display_name(user), "photo": photo, "big_photo": photo,
        "gravatar_id": gravatar_id(user), "username": user.username, "is_profile_visible": user.is_active,
        "date_joined": user.date_joined,
    }  # fmt: skip


def _data(env: Environment, entry: ChangeEntry, facts: TimelineFacts) -> dict[str, Any]:
    users = facts.names.users
    project = _project(facts.projects.get(entry.project_id or 0))
    if entry.target_type == "membership":
        member_id, role = facts.members[entry.id]
        return {"user": _user(env, users, member_id), "project": project, "role": role}
    if entry.target_type == "user":
        return {"user": _user(env, users, entry.target_id)}
    changes = values_diff(facts.names, wire_diff(env, entry.target_type, entry.diff or {}, facts.names))
    if "description_diff" in changes:
        changes["description_diff"] = DESCRIPTION_NOTE
    comment = entry.comment
    text = comment.text if comment else ""
    data: dict[str, Any] = {
        "project": project, "user": _user(env, users, entry.user_id), "values_diff": changes,
        "comment": text, "comment_html": render_markdown(text),
    }  # fmt: skip
    if comment and comment.deleted_at is not None:
        data["comment_deleted"] = True
    if comment and comment.versions:
        data["comment_edited"] = True
    if entry.target_type == EPIC_STORY_TARGET:
        data["values_diff"] = {}
        data.update(_related_story(entry, facts))
    elif entry.target_type == "milestone":
        data["milestone"] = facts.sprints.get(entry.target_id, {"id": entry.target_id, "slug": "", "name": ""})
    elif entry.target_type == "wiki_page":
        data["wikipage"] = facts.wiki_pages.get(entry.target_id, {"id": entry.target_id, "slug": ""})
    elif entry.target_type in ITEM_KEYS:
        item = facts.items.get(entry.target_id, {"id": entry.target_id, "ref": None, "subject": ""})
        data[ITEM_KEYS[entry.target_type]] = info = _item(item)
        if entry.target_type == "story" and item.get("sprint_id") in facts.sprints:
            data["milestone"] = facts.sprints[item["sprint_id"]]
        if entry.target_type == "task" and item.get("parent_id") in facts.items:
            info["userstory"] = _item(facts.items[item["parent_id"]])
    return data


def _related_story(entry: ChangeEntry, facts: TimelineFacts) -> dict[str, Any]:
    """A story related to an epic: the relation, the epic, the story with its project."""
    story_id = related_story(entry)
    story = facts.items.get(story_id or 0, {"id": story_id, "ref": None, "subject": "", "project_id": None})
    epic = facts.items.get(entry.target_id, {"id": entry.target_id, "ref": None, "subject": ""})
    project = _project(facts.projects.get(story["project_id"] or 0))
    return {
        "relateduserstory": {"id": (entry.snapshot or {}).get("link"), "subject": story["subject"]},
        "epic": _item(epic), "userstory": _item(story) | {"project": project},
    }  # fmt: skip


def _item(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item["id"], "ref": item["ref"], "subject": item["subject"]}


def _project(project: Project | None) -> dict[str, Any] | None:
    if project is None:
        return None
    return {"id": project.id, "slug": project.slug, "name": project.name, "description": project.description}


def _user(env: Environment, users: dict[int, User], user_id: int | None) -> dict[str, Any]:
    user = users.get(user_id) if user_id else None
    return timeline_user(env, user) if user else {"id": user_id}
