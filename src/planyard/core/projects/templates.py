"""Project templates: the seeded Scrum and Kanban blueprints, and applying one to a new project."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planyard.core.slugs import slugify
from planyard.core.workflows import categorize
from planyard.models import Board, ItemOption, PointValue, Project, ProjectTemplate, Role, Status

STATUS_LISTS = {
    "epic": "epic_statuses",
    "story": "us_statuses",
    "task": "task_statuses",
    "issue": "issue_statuses",
}
OPTION_LISTS = {"issue_type": "issue_types", "priority": "priorities", "severity": "severities"}
DEFAULT_KEYS = {
    "epic_status": ("epic", "default_epic_status_id"),
    "us_status": ("story", "default_us_status_id"),
    "task_status": ("task", "default_task_status_id"),
    "issue_status": ("issue", "default_issue_status_id"),
    "issue_type": ("issue_type", "default_issue_type_id"),
    "priority": ("priority", "default_priority_id"),
    "severity": ("severity", "default_severity_id"),
}


def default_templates() -> list[dict[str, Any]]:
    text = resources.files("planyard.data").joinpath("project_templates.json").read_text(encoding="utf-8")
    data: list[dict[str, Any]] = json.loads(text)
    return data


def ensure_default_templates(session: Session) -> None:
    """Create the Scrum and Kanban templates once (idempotent)."""
    existing = set(session.scalars(select(ProjectTemplate.slug)))
    for spec in default_templates():
        if spec["slug"] not in existing:
            session.add(ProjectTemplate(**spec))
    session.flush()


def default_template(session: Session) -> ProjectTemplate | None:
    return session.scalar(select(ProjectTemplate).order_by(ProjectTemplate.order, ProjectTemplate.id).limit(1))


def apply_template(
    session: Session, template: ProjectTemplate, project: Project, workflow_ids: dict[str, int]
) -> dict[str, Role]:
    """Copy the template's statuses (into the project's workflow of their kind), points, options and roles
    into the project; returns roles by slug."""
    made: list[tuple[tuple[str, str], Status | PointValue | ItemOption]] = []  # one flush for them all
    for kind, attr in STATUS_LISTS.items():
        for i, item in enumerate(getattr(template, attr) or []):
            made.append(((kind, item["name"]), Status(
                project_id=project.id, workflow_id=workflow_ids[kind], kind=kind, name=item["name"],
                slug=item.get("slug") or slugify(item["name"]),
                order=item.get("order", i + 1), color=item.get("color", "#999999"),
                is_closed=bool(item.get("is_closed")), is_archived=bool(item.get("is_archived")),
                wip_limit=item.get("wip_limit"),
            )))  # fmt: skip
    for i, item in enumerate(template.points or []):
        made.append((("points", item["name"]), PointValue(
            project_id=project.id, name=item["name"], order=item.get("order", i + 1), value=item.get("value")
        )))  # fmt: skip
    for kind, attr in OPTION_LISTS.items():
        for i, item in enumerate(getattr(template, attr) or []):
            made.append(((kind, item["name"]), ItemOption(project_id=project.id, kind=kind, name=item["name"],
                                                          order=item.get("order", i + 1),
                                                          color=item.get("color", "#999999"))))  # fmt: skip
    session.add_all(row for _, row in made)
    session.flush()
    for kind in STATUS_LISTS:
        categorize(session, workflow_ids[kind])
    by_name = {key: row.id for key, row in made}  # a name given twice: the last row, as before
    options = template.default_options or {}
    for key, (kind, column) in DEFAULT_KEYS.items():
        setattr(project, column, by_name.get((kind, options.get(key, ""))))
    project.default_points_id = by_name.get(("points", options.get("points", "")))
    roles: dict[str, Role] = {}
    for i, item in enumerate(template.roles or []):
        role = Role(
            project_id=project.id,
            name=item["name"],
            slug=item.get("slug") or slugify(item["name"]),
            order=item.get("order", i + 1),
            computable=item.get("computable", True),
            permissions=list(item.get("permissions", [])),
        )
        session.add(role)
        roles[role.slug] = role
    session.flush()
    return roles


def template_from_project(session: Session, project: Project, name: str, description: str) -> dict[str, Any]:
    """The fields of a new template that reproduces `project`'s configuration."""
    shown = select(Board.workflow_id).where(Board.project_id == project.id)  # shared workflows' statuses too
    statuses = session.scalars(select(Status).where(or_(Status.project_id == project.id, Status.workflow_id.in_(shown)))
                               .order_by(Status.order)).all()  # fmt: skip
    points = session.scalars(
        select(PointValue).where(PointValue.project_id == project.id).order_by(PointValue.order)
    ).all()
    options = session.scalars(
        select(ItemOption).where(ItemOption.project_id == project.id).order_by(ItemOption.order)
    ).all()
    roles = session.scalars(select(Role).where(Role.project_id == project.id).order_by(Role.order)).all()
    names = {s.id: s.name for s in statuses} | {o.id: o.name for o in options} | {p.id: p.name for p in points}
    fields: dict[str, Any] = {
        "name": name, "description": description,
        "is_epics_activated": project.is_epics_activated, "is_backlog_activated": project.is_backlog_activated,
        "is_kanban_activated": project.is_kanban_activated, "is_wiki_activated": project.is_wiki_activated,
        "is_issues_activated": project.is_issues_activated, "videoconferences": project.videoconferences,
        "videoconferences_extra_data": project.videoconferences_extra_data,
        "points": [{"name": p.name, "order": p.order, "value": p.value} for p in points],
        "roles": [{"name": r.name, "slug": r.slug, "order": r.order, "computable": r.computable,
                   "permissions": list(r.permissions)} for r in roles],
    }  # fmt: skip
    for kind, attr in STATUS_LISTS.items():
        fields[attr] = [
            {"name": s.name, "slug": s.slug, "order": s.order, "color": s.color, "is_closed": s.is_closed,
             "is_archived": s.is_archived, "wip_limit": s.wip_limit}
            for s in statuses if s.kind == kind
        ]  # fmt: skip
    for kind, attr in OPTION_LISTS.items():
        fields[attr] = [{"name": o.name, "order": o.order, "color": o.color} for o in options if o.kind == kind]
    default_ids = {key: getattr(project, column) for key, (_, column) in DEFAULT_KEYS.items()}
    default_ids["points"] = project.default_points_id
    fields["default_options"] = {k: names.get(v) for k, v in default_ids.items() if v in names}
    owner_role = next((r.slug for r in roles), "")
    fields["default_owner_role"] = owner_role
    return fields
