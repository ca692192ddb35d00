"""Organizations, companies, people, workflows, workflow statuses and task lists as Productive's
resource objects (docs/mapping.md, "Workspaces and people", "Workflows")."""

from __future__ import annotations

from typing import Any

from planyard.dialects.productive.mappers.projects import NOT_INCLUDED, timestamp
from planyard.models import Company, Lane, Status, User, Workflow, Workspace

CATEGORY_IDS = {"todo": 1, "doing": 2, "done": 3}


def link(kind: str, row_id: int | None) -> dict[str, Any]:
    return {"data": {"type": kind, "id": str(row_id)} if row_id is not None else None}


def resource(kind: str, row_id: int, attributes: dict[str, Any], relationships: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(row_id), "type": kind, "attributes": attributes, "relationships": relationships}


def organization_resource(workspace: Workspace) -> dict[str, Any]:
    return resource(
        "organizations", workspace.id, {"name": workspace.name, "created_at": timestamp(workspace.created_at)}, {}
    )


def company_resource(company: Company) -> dict[str, Any]:
    attributes = {"name": company.name, "billing_name": None, "vat": None, "default_currency": None,
                  "company_code": None, "domain": None, "archived_at": timestamp(company.archived_at),
                  "created_at": timestamp(company.created_at)}  # fmt: skip
    return resource("companies", company.id, attributes, {"organization": link("organizations", company.workspace_id)})


def person_resource(user: User) -> dict[str, Any]:
    first, _, last = (user.full_name or user.username).partition(" ")
    attributes = {"first_name": first, "last_name": last, "email": user.email, "title": None,
                  "archived_at": None, "is_user": not (user.extra or {}).get("virtual", False),
                  "joined_at": timestamp(user.date_joined), "avatar_url": None}  # fmt: skip
    return resource("people", user.id, attributes, {})


def workflow_resource(workflow: Workflow, status_ids: list[int] | None = None) -> dict[str, Any]:
    """`status_ids` when the statuses are included, else `{"meta": {"included": false}}`."""
    statuses = ({"data": [{"type": "workflow_statuses", "id": str(i)} for i in status_ids]}
                if status_ids is not None else NOT_INCLUDED)  # fmt: skip
    attributes = {"name": workflow.name, "archived_at": None, "created_at": timestamp(workflow.created_at)}
    relationships = {"organization": link("organizations", workflow.workspace_id), "workflow_statuses": statuses}
    return resource("workflows", workflow.id, attributes, relationships)


def status_resource(status: Status) -> dict[str, Any]:
    attributes = {"name": status.name, "color_id": None, "position": status.order,
                  "category_id": CATEGORY_IDS.get(status.category, 2)}  # fmt: skip
    return resource("workflow_statuses", status.id, attributes, {"workflow": link("workflows", status.workflow_id)})


def task_list_resource(lane: Lane) -> dict[str, Any]:
    attributes = {"name": lane.name, "position": lane.order, "placement": lane.order, "archived_at": None}
    return resource("task_lists", lane.id, attributes, {"project": link("projects", lane.project_id)})
