"""The workflows of a workspace as a directory: its shared workflows and those its visible projects'
story boards show; their statuses; new shared workflows and statuses added to a workflow."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from planyard.core import history, lane_statuses, workflows, workspaces
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.kinds import STORY
from planyard.db.locks import lock_for_write
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, FilterSet, ValueType
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Board, Project, Status, Workflow, Workspace

CATEGORIES = ("todo", "doing", "done")


def _listed(ctx: Context, workspace_id: int) -> ColumnElement[bool]:
    projects = visible_projects(ctx).with_only_columns(Project.id).where(Project.workspace_id == workspace_id)
    shown = select(Board.workflow_id).where(Board.project_id.in_(projects), Board.profile == STORY.name)
    return (Workflow.workspace_id == workspace_id) & or_(Workflow.is_shared.is_(True), Workflow.id.in_(shown))


WORKFLOW_FILTERS = FilterSet(
    filters={"ids": Filter(ValueType.INTS, lambda v: Workflow.id.in_(v)),
             "name_contains": Filter(ValueType.TEXT, lambda v: Workflow.name.icontains(v, autoescape=True))},
    orderings={"name": lambda: [Workflow.name, Workflow.id]},
)  # fmt: skip
STATUS_FILTERS = FilterSet(
    filters={"ids": Filter(ValueType.INTS, lambda v: Status.id.in_(v)),
             "workflows": Filter(ValueType.INTS, lambda v: Status.workflow_id.in_(v)),
             "categories": Filter(ValueType.WORDS, lambda v: Status.category.in_(v)),
             "name_contains": Filter(ValueType.TEXT, lambda v: Status.name.icontains(v, autoescape=True))},
    orderings={"name": lambda: [Status.name, Status.id], "position": lambda: [Status.order, Status.id]},
)  # fmt: skip


def list_workflows(ctx: Context, workspace_id: int, query: ListQuery) -> Page[Workflow]:
    stmt = select(Workflow).where(_listed(ctx, workspace_id)).order_by(Workflow.id)
    return fetch_page(ctx.session, WORKFLOW_FILTERS.apply(stmt, query), query.window)


def get_workflow(ctx: Context, workspace_id: int, workflow_id: int) -> Workflow:
    workflow = ctx.session.scalar(select(Workflow).where(Workflow.id == workflow_id, _listed(ctx, workspace_id)))
    if workflow is None:
        raise NotFound(entity="workflow")
    return workflow


def create_workflow(ctx: Context, workspace_id: int, name: str) -> Workflow:
    """A new shared workflow without statuses (a project can use it once it has two, one closed)."""
    ctx.require_user()
    if not name.strip():
        raise Invalid(code="blank", field="name")
    workflow = workspaces.add_shared_workflow(ctx.session, workspace_id, name, with_statuses=False)
    history.record(ctx, target_type="workflow", target_id=workflow.id, action="create", snapshot={"name": name})
    return workflow


def status_ids_by_workflow(ctx: Context, workflow_ids: set[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {i: [] for i in workflow_ids}
    if workflow_ids:
        rows = ctx.session.execute(select(Status.workflow_id, Status.id).where(Status.workflow_id.in_(workflow_ids))
                                   .order_by(Status.order, Status.id))  # fmt: skip
        for workflow_id, status_id in rows:
            found[workflow_id].append(status_id)
    return found


def list_statuses(ctx: Context, workspace_id: int, query: ListQuery) -> Page[Status]:
    listed = select(Workflow.id).where(_listed(ctx, workspace_id))
    stmt = select(Status).where(Status.workflow_id.in_(listed)).order_by(Status.workflow_id, Status.order, Status.id)
    return fetch_page(ctx.session, STATUS_FILTERS.apply(stmt, query), query.window)


def get_status(ctx: Context, workspace_id: int, status_id: int) -> Status:
    status = ctx.session.get(Status, status_id)
    if status is None:
        raise NotFound(entity="status")
    get_workflow(ctx, workspace_id, status.workflow_id)
    return status


def add_status(ctx: Context, workspace_id: int, workflow_id: int, fields: dict[str, Any]) -> Status:
    """A story status at the end of a workflow (`name`, `category`; `done` closes). A workflow a project
    owns takes it as that project's (its admins only); a shared one as nobody's."""
    workflow = get_workflow(ctx, workspace_id, workflow_id)
    lock_for_write(ctx.session, workflow)  # its writers take turns: orders stay distinct
    owner = ctx.session.scalar(select(Status.project_id).where(Status.workflow_id == workflow.id,
                                                               Status.project_id.is_not(None)).limit(1))  # fmt: skip
    if not workflow.is_shared:
        owner = owner or workflows.first_project_showing(ctx.session, workflow.id)
    if owner is not None:
        load_project(ctx, owner, "admin_project_values")
    if not fields["name"].strip():
        raise Invalid(code="blank", field="name")
    if fields["category"] not in CATEGORIES:
        raise Invalid(code="invalid_choice", field="category")
    last = ctx.session.scalar(select(func.max(Status.order)).where(Status.workflow_id == workflow.id))
    status = Status(project_id=owner if not workflow.is_shared else None, workflow_id=workflow.id, kind=STORY.name,
                    name=fields["name"], slug=_slug(ctx, workflow.id, fields["name"]), order=(last or 0) + 1,
                    color=fields.get("color") or "#999999", category=fields["category"],
                    is_closed=fields["category"] == "done")  # fmt: skip
    ctx.session.add(status)
    ctx.session.flush()
    workflows.categorize(ctx.session, workflow.id)
    lane_statuses.add_for_status(ctx, status)
    history.record(ctx, target_type="userstory_status", target_id=status.id, project_id=status.project_id,
                   action="create", snapshot={"name": status.name, "workflow": workflow.id})  # fmt: skip
    return status


def _slug(ctx: Context, workflow_id: int, name: str) -> str:
    from planyard.core.slugs import unique_slug

    taken = set(ctx.session.scalars(select(Status.slug).where(Status.workflow_id == workflow_id)))
    return unique_slug(name, taken.__contains__)


def story_workflows(ctx: Context, project_ids: set[int]) -> dict[int, int]:
    """Each project's workflow: that of its first story board."""
    if not project_ids:
        return {}
    rows = ctx.session.execute(select(Board.project_id, Board.workflow_id)
                               .where(Board.project_id.in_(project_ids), Board.profile == STORY.name)
                               .order_by(Board.project_id, Board.order.desc(), Board.id.desc()))  # fmt: skip
    return {project_id: workflow_id for project_id, workflow_id in rows}


def workflows_by_ids(ctx: Context, ids: set[int]) -> list[Workflow]:
    return list(ctx.session.scalars(select(Workflow).where(Workflow.id.in_(ids)))) if ids else []


def workspaces_by_ids(ctx: Context, ids: set[int]) -> list[Workspace]:
    return list(ctx.session.scalars(select(Workspace).where(Workspace.id.in_(ids)))) if ids else []


def is_shared(ctx: Context, workflow_id: int) -> bool:
    return bool(ctx.session.scalar(select(Workflow.is_shared).where(Workflow.id == workflow_id)))
