"""ORM projects + batched facts -> Taiga project shapes; Taiga field names -> core names."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Environment
from planyard.core.lanes import DEFAULT_KEY as DEFAULT_LANE_KEY
from planyard.core.projects.facts import ProjectFacts
from planyard.core.users import display_name
from planyard.core.work_items import exports
from planyard.dialects.taiga.mappers.custom_attributes import custom_attribute_wire
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url, user_basic
from planyard.models import Project

# The CSV feeds (`<prefix>_csv_uuid`) and the item kind each exports.
CSV_KINDS = {"epics": "epic", "userstories": "story", "tasks": "task", "issues": "issue"}
DEFAULT_FIELDS = (
    "default_epic_status", "default_points", "default_us_status", "default_task_status", "default_priority",
    "default_severity", "default_issue_status", "default_issue_type",
)  # fmt: skip


def edit_to_core(changes: dict[str, Any]) -> dict[str, Any]:
    return {(f"{k}_id" if k in DEFAULT_FIELDS else k): v for k, v in changes.items() if k != "version"}


def _base(env: Environment, p: Project, f: ProjectFacts) -> dict[str, Any]:
    logo = env.storage.url(p.logo) if p.logo else None
    a = f.access
    data: dict[str, Any] = {
        name: getattr(p, name) for name in (
            "id", "name", "slug", "description", "created_date", "modified_date", "total_milestones",
            "total_story_points", "is_epics_activated", "is_backlog_activated", "is_kanban_activated",
            "is_wiki_activated", "is_issues_activated", "videoconferences", "videoconferences_extra_data",
            "is_private", "anon_permissions", "public_permissions", "is_featured", "is_looking_for_people",
            "looking_for_people_note", "blocked_code",
        )
    }  # fmt: skip
    data |= {"tags": f.tags, "version": p.version}
    data |= {field: getattr(p, f"{field}_id") for field in DEFAULT_FIELDS}
    data["default_swimlane"] = (p.extra or {}).get(DEFAULT_LANE_KEY)
    data |= {f"total_fans{k}": v for k, v in f.fans.items()}
    data |= {f"total_activity{k}": v for k, v in f.activity.items()}
    data |= {
        "owner": user_basic(env, f.owner) if f.owner else None,
        "creation_template": p.creation_template_id, "total_closed_milestones": f.closed_sprints,
        "totals_updated_datetime": p.modified_date, "tags_colors": dict(f.tags_colors),
        "my_permissions": a.permissions, "i_am_owner": a.is_owner, "i_am_admin": a.is_admin,
        "i_am_member": a.is_member, "is_fan": f.is_fan, "is_watcher": f.is_watcher,
        "total_watchers": f.total_watchers, "notify_level": f.notify_level,
        "logo_small_url": logo, "logo_big_url": logo, "archived_code": None,
        # taiga-back: the chosen homepage, false when none is chosen, the text "{}" for anonymous viewers
        "my_homepage": (f.start_section or False) if f.viewer_known else "{}",
    }  # fmt: skip
    return data


def project_list_entry(env: Environment, p: Project, f: ProjectFacts) -> dict[str, Any]:
    return _base(env, p, f) | {"members": [u.id for _, u, _ in f.members]}


def project_detail(env: Environment, p: Project, f: ProjectFacts) -> dict[str, Any]:
    members = [
        {"id": u.id, "username": u.username, "full_name": u.full_name, "full_name_display": display_name(u),
         "color": u.color, "photo": photo_url(env, u), "big_photo": photo_url(env, u), "gravatar_id": gravatar_id(u),
         "is_active": u.is_active, "role": r.id, "role_name": r.name}
        for _, u, r in f.members
    ]  # fmt: skip
    statuses = {kind: [s for s in f.statuses if s.kind == kind] for kind in ("epic", "story", "task", "issue")}
    options = {kind: [o for o in f.options if o.kind == kind] for kind in ("issue_type", "priority", "severity")}
    # taiga-back embeds each table row as it is stored: `project_id`, not the `project` of its own endpoints
    status = ("id", "name", "slug", "order", "is_closed", "color")
    data = _base(env, p, f) | {
        "members": members,
        "epic_statuses": [_pick(s, status, p.id) for s in statuses["epic"]],
        "us_statuses": [_pick(s, (*status, "is_archived", "wip_limit"), p.id) for s in statuses["story"]],
        "task_statuses": [_pick(s, status, p.id) for s in statuses["task"]],
        "issue_statuses": [_pick(s, status, p.id) for s in statuses["issue"]],
        "points": [_pick(pt, ("id", "name", "order", "value")) for pt in f.points],
        "issue_types": [_pick(o, ("id", "name", "order", "color")) for o in options["issue_type"]],
        "priorities": [_pick(o, ("id", "name", "order", "color")) for o in options["priority"]],
        "severities": [_pick(o, ("id", "name", "order", "color")) for o in options["severity"]],
        "roles": [_pick(r, ("id", "name", "slug", "order", "computable", "permissions")) for r in f.roles],
        **{f"{prefix}_custom_attributes": [_embedded(custom_attribute_wire(c, p.id, f.field_options))
                                           for c in f.custom_fields if c.kind == kind]
           for prefix, kind in (("epic", "epic"), ("userstory", "story"), ("task", "task"), ("issue", "issue"))},
        **{f"{prefix}_duedates": [_pick(d, ("id", "name", "order", "by_default", "color", "days_to_due"))
                                  for d in f.due_dates if d.kind == kind]
           for prefix, kind in (("us", "story"), ("task", "task"), ("issue", "issue"))},
        "swimlanes": [{"id": lane.id, "name": lane.name, "order": lane.order, "project_id": lane.project_id}
                      for lane in f.lanes],
        "milestones": [{"id": m.id, "slug": m.slug, "name": m.name, "closed": m.closed} for m in f.sprints],
    }  # fmt: skip
    if f.access.is_admin:
        data |= {
            "is_private_extra_info": {"can_be_updated": True, "reason": None},
            "max_memberships": None, "total_memberships": len(f.members), "transfer_token": p.transfer_token,
        }  # fmt: skip
        data |= {f"{prefix}_csv_uuid": exports.export_token(p, kind) for prefix, kind in CSV_KINDS.items()}
    return data


def _pick(row: Any, names: tuple[str, ...], shown_in: int | None = None) -> dict[str, Any]:
    """The row's fields and project (a shared workflow's status, owned by none, shows `shown_in`)."""
    return {name: getattr(row, name) for name in names} | {"project_id": row.project_id or shown_in}


def _embedded(wire: dict[str, Any]) -> dict[str, Any]:
    """A row of its own endpoint (with `project`) as the project detail embeds it (with `project_id`)."""
    return {("project_id" if k == "project" else k): v for k, v in wire.items()}
