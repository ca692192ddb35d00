"""The `data` of Taiga's webhook payloads: the shapes of taiga-back's webhook serializers (user, project,
milestone, user story, task, issue, epic, wiki page, epic-related user story) from the objects a batch of
change entries is about (core/webhooks/objects.py). A deleted object shows as taiga-back sends it: its
own fields as they were, its watchers, assigned users and points empty, its custom values null."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from planyard.core.context import Environment
from planyard.core.users import display_name
from planyard.core.webhooks.objects import ChangeObjects
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url
from planyard.dialects.taiga.mappers.work_items import position
from planyard.models import Project, Sprint, User, WikiPage, WorkItem, WorkItemLink


def taiga_date(moment: datetime | None) -> str | None:
    """Django's JSON of a datetime: ISO 8601 to the millisecond, UTC as `Z`."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def front_url(env: Environment, path: str) -> str:
    return f"{env.settings.public_url.rstrip('/')}{path}"


def user(env: Environment, found: User | None) -> dict[str, Any] | None:
    """UserSerializer."""
    if found is None:
        return None
    return {
        "id": found.id, "permalink": front_url(env, f"/profile/{found.username}"), "username": found.username,
        "full_name": display_name(found), "photo": photo_url(env, found), "gravatar_id": gravatar_id(found),
    }  # fmt: skip


def project(env: Environment, found: Project | None) -> dict[str, Any] | None:
    """ProjectSerializer."""
    if found is None:
        return None
    return {"id": found.id, "permalink": front_url(env, f"/project/{found.slug}"), "name": found.name,
            "logo_big_url": env.storage.url(found.logo) if found.logo else None}  # fmt: skip


def permalink(env: Environment, found: Project | None, path: str, key: Any) -> str | None:
    return front_url(env, f"/project/{found.slug}/{path}/{key}") if found else None


class Shapes:
    """Renders the objects of one batch (all loaded beforehand: no query from here on)."""

    def __init__(self, env: Environment, objects: ChangeObjects) -> None:
        self.env, self.o = env, objects

    def user_of(self, user_id: int | None) -> dict[str, Any] | None:
        return user(self.env, self.o.names.users.get(user_id or 0))

    def project_of(self, project_id: int | None) -> dict[str, Any] | None:
        return project(self.env, self.o.projects.get(project_id or 0))

    def milestone(self, sprint: Sprint | None) -> dict[str, Any] | None:
        """MilestoneSerializer."""
        if sprint is None:
            return None
        owner = self.o.projects.get(sprint.project_id)
        return {
            "id": sprint.id, "name": sprint.name, "slug": sprint.slug, "estimated_start": _day(sprint.estimated_start),
            "estimated_finish": _day(sprint.estimated_finish), "created_date": taiga_date(sprint.created_date),
            "modified_date": taiga_date(sprint.modified_date), "closed": sprint.closed,
            "disponibility": sprint.disponibility, "permalink": permalink(self.env, owner, "taskboard", sprint.slug),
            "project": project(self.env, owner), "owner": self.user_of(sprint.owner_id),
        }  # fmt: skip

    def wiki_page(self, page: WikiPage) -> dict[str, Any]:
        """WikiPageSerializer."""
        owner = self.o.projects.get(page.project_id)
        return {
            "id": page.id, "slug": page.slug, "content": page.content, "created_date": taiga_date(page.created_date),
            "modified_date": taiga_date(page.modified_date), "permalink": permalink(self.env, owner, "wiki", page.slug),
            "project": project(self.env, owner), "owner": self.user_of(page.owner_id),
            "last_modifier": self.user_of(page.last_modifier_id),
        }  # fmt: skip

    def link(self, link_id: int | None, epic_id: int, story_id: int | None, order: Any) -> dict[str, Any]:
        """EpicRelatedUserStorySerializer."""
        epic, story = self.o.items.get(epic_id), self.o.items.get(story_id or 0)
        return {"id": link_id, "user_story": self.item(story) if story else None,
                "epic": self.item(epic) if epic else None, "order": order}  # fmt: skip

    def link_row(self, link: WorkItemLink) -> dict[str, Any]:
        return self.link(link.id, link.from_id, link.to_id, link.order)

    def item(self, item: WorkItem) -> dict[str, Any]:
        """UserStorySerializer, TaskSerializer, IssueSerializer or EpicSerializer, by the item's kind."""
        return {"story": self._story, "task": self._task, "issue": self._issue, "epic": self._epic}[item.kind](item)

    def _common(self, item: WorkItem, path: str) -> dict[str, Any]:
        o, deleted = self.o, self.o.is_deleted(item.kind, item.id)
        tags = o.deleted_tags.get(item.id, []) if deleted else [n for n, _ in o.item_facts.tags.get(item.id, ())]
        owner = o.projects.get(item.project_id)
        return {
            "id": item.id, "ref": item.ref, "created_date": taiga_date(item.created_date),
            "modified_date": taiga_date(item.modified_date), "subject": item.subject,
            "watchers": list(o.item_facts.watchers.get(item.id, [])), "description": item.description, "tags": tags,
            "permalink": permalink(self.env, owner, path, item.ref), "project": project(self.env, owner),
            "owner": self.user_of(item.owner_id), "assigned_to": self.user_of(item.assigned_to_id),
            "status": self._status(item), "custom_attributes_values": self._custom_values(item),
        }  # fmt: skip

    def _planned(self, item: WorkItem) -> dict[str, Any]:
        """What stories, tasks and issues share: due dates, external reference, milestone."""
        return {"due_date": _day(item.due_date), "due_date_reason": item.due_date_reason,
                "external_reference": item.external_reference,
                "milestone": self.milestone(self.o.sprints.get(item.sprint_id or 0))}  # fmt: skip

    def _story(self, item: WorkItem) -> dict[str, Any]:
        o = self.o
        origin = o.origin_kinds.get(item.generated_from_id or 0)
        return self._common(item, "us") | self._planned(item) | {
            "is_closed": item.is_closed, "finish_date": taiga_date(item.finish_date),
            "client_requirement": item.client_requirement, "team_requirement": item.team_requirement,
            "generated_from_issue": item.generated_from_id if origin == "issue" else None,
            "generated_from_task": item.generated_from_id if origin == "task" else None,
            "from_task_ref": (item.extra or {}).get("from_task_ref"), "tribe_gig": None,
            "is_blocked": item.is_blocked, "blocked_note": item.blocked_note,
            "assigned_users": list(o.item_facts.assignees.get(item.id, [])),
            "points": [{"role": p.role, "name": p.points, "value": p.value} for p in o.points.get(item.id, [])],
        }  # fmt: skip

    def _task(self, item: WorkItem) -> dict[str, Any]:
        story = self.o.items.get(item.parent_id or 0)
        return self._common(item, "task") | self._planned(item) | {
            "finished_date": taiga_date(item.finish_date), "us_order": position(item.parent_order),
            "taskboard_order": position(item.board_order), "is_iocaine": item.is_iocaine,
            "is_blocked": item.is_blocked, "blocked_note": item.blocked_note,
            "user_story": self._story(story) if story is not None and story.kind == "story" else None,
            "promoted_to": list(self.o.generated.get(item.id, [])),
        }  # fmt: skip

    def _issue(self, item: WorkItem) -> dict[str, Any]:
        options = self.o.item_facts.options
        out = self._common(item, "issue") | self._planned(item) | {
            "finished_date": taiga_date(item.finish_date), "promoted_to": list(self.o.generated.get(item.id, [])),
        }  # fmt: skip
        for name, option_id in (("type", item.type_id), ("priority", item.priority_id), ("severity", item.severity_id)):
            option = options.get(option_id or 0)
            out[name] = {"id": option.id, "name": option.name, "color": option.color} if option else None
        return out

    def _epic(self, item: WorkItem) -> dict[str, Any]:
        return self._common(item, "epic") | {
            "epics_order": position(item.epics_order), "color": item.color,
            "client_requirement": item.client_requirement, "team_requirement": item.team_requirement,
        }  # fmt: skip

    def _status(self, item: WorkItem) -> dict[str, Any] | None:
        status = self.o.item_facts.statuses.get(item.status_id or 0)
        if status is None:
            return None
        shown = {"id": status.id, "name": status.name, "slug": status.slug, "color": status.color,
                 "is_closed": status.is_closed}  # fmt: skip
        return shown | {"is_archived": status.is_archived} if item.kind == "story" else shown

    def _custom_values(self, item: WorkItem) -> dict[str, Any] | None:
        """{field name: value} of the project's fields of the item's kind that hold a value (null once deleted)."""
        if self.o.is_deleted(item.kind, item.id):
            return None
        values = self.o.custom_values.get(item.id, {})
        fields = self.o.custom_fields.get((item.project_id, item.kind), [])
        return {f.name: values[str(f.id)] for f in fields if values.get(str(f.id)) is not None}
