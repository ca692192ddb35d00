"""Workflows and boards: a workflow is an ordered set of statuses that one or several projects' boards
show as columns. Every project gets one workflow and one board per item profile when it is created; a
project's statuses of a profile are those of the workflows its boards of that profile use."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Board, ItemType, Project, Status, Workflow


def set_up_project(session: Session, project: Project) -> dict[str, int]:
    """A new project's item types, workflows and boards, one per profile; returns the workflow ids by profile."""
    workflows = {key: Workflow(workspace_id=project.workspace_id, name=p.board_name) for key, p in KINDS.items()}
    session.add_all(workflows.values())
    session.flush()
    for order, (key, profile) in enumerate(KINDS.items(), start=1):
        session.add(ItemType(workspace_id=project.workspace_id, project_id=project.id, profile=key,
                             name=profile.type_name, letter=profile.letter, order=order))  # fmt: skip
        session.add(Board(project_id=project.id, workflow_id=workflows[key].id, name=profile.board_name, profile=key,
                          order=order))  # fmt: skip
    session.flush()
    return {key: workflow.id for key, workflow in workflows.items()}


def statuses_of(project_id: Any, profile: str) -> ColumnElement[bool]:
    """The statuses a project shows for a profile: those of the workflows its boards of that profile use."""
    return Status.workflow_id.in_(select(Board.workflow_id).where(Board.project_id == project_id,
                                                                  Board.profile == profile))  # fmt: skip


def workflows_of(session: Session, project_id: int) -> set[int]:
    return set(session.scalars(select(Board.workflow_id).where(Board.project_id == project_id)))


def first_project_showing(session: Session, workflow_id: int) -> int | None:
    """The lowest id of the projects whose boards show the workflow."""
    return session.scalar(select(Board.project_id).where(Board.workflow_id == workflow_id)
                          .order_by(Board.project_id).limit(1))  # fmt: skip


def drop_unused(session: Session, workflow_ids: set[int]) -> None:
    """Workflows no board shows any more go (with a deleted project's boards); a workspace's shared ones stay."""
    if workflow_ids:
        shown = select(Board.id).where(Board.workflow_id == Workflow.id).exists()
        session.execute(delete(Workflow).where(Workflow.id.in_(workflow_ids), Workflow.is_shared.is_(False), ~shown))


def workflow_for(session: Session, project_id: int, profile: str, workflow_id: int | None) -> int:
    """`workflow_id` when a board of the project for the profile shows it; without one, that of the
    project's first board for the profile."""
    if workflow_id is None:
        return board_of(session, project_id, profile).workflow_id
    shown = select(Board.id).where(Board.project_id == project_id, Board.profile == profile,
                                   Board.workflow_id == workflow_id)  # fmt: skip
    if session.scalar(shown.limit(1)) is None:
        raise Invalid(code="workflow_not_shown", field="workflow")
    return workflow_id


def board_of(session: Session, project_id: int, profile: str) -> Board:
    """The project's first board of a profile (Taiga's kanban for stories, its taskboard for tasks)."""
    board = session.scalar(select(Board).where(Board.project_id == project_id, Board.profile == profile)
                           .order_by(Board.order, Board.id).limit(1))  # fmt: skip
    if board is None:
        raise NotFound(entity="board")
    return board


def categorize(session: Session, workflow_id: int) -> None:
    """Categories after the statuses changed: `done` when closed, `todo` for the first open column (by
    order, name, id), `doing` for the other open ones; sub-columns take their parent's."""
    statuses = list(session.scalars(select(Status).where(Status.workflow_id == workflow_id)
                                    .order_by(Status.order, Status.name, Status.id)))  # fmt: skip
    first_open = next((s.id for s in statuses if not s.is_closed and s.parent_id is None), None)
    by_id = {s.id: s for s in statuses}
    for status in statuses:
        top = by_id.get(status.parent_id or status.id, status)
        category = "done" if top.is_closed else "todo" if top.id == first_open else "doing"
        if status.category != category:
            status.category = category
    session.flush()


def create_workflow(ctx: Context, project_id: int, name: str) -> Workflow:
    """A new, empty workflow in the project's workspace; the project owns the statuses added to it."""
    project, _ = load_project(ctx, project_id, "admin_project_values")
    workflow = Workflow(workspace_id=project.workspace_id, name=name)
    ctx.session.add(workflow)
    ctx.session.flush()
    history.record(ctx, target_type="workflow", target_id=workflow.id, project_id=project.id, action="create",
                   snapshot={"name": name})  # fmt: skip
    return workflow


def create_board(ctx: Context, project_id: int, workflow_id: int, profile: str, name: str) -> Board:
    """A board of the project showing a workflow of its workspace (shared with other projects or not)."""
    project, _ = load_project(ctx, project_id, "admin_project_values")
    workflow = ctx.session.get(Workflow, workflow_id)
    if workflow is None or workflow.workspace_id != project.workspace_id:
        raise Invalid(code="unknown_workflow", field="workflow")
    if profile not in KINDS:
        raise Invalid(code="invalid_choice", field="profile", params={"value": profile})
    last = ctx.session.scalar(select(Board.order).where(Board.project_id == project.id)
                              .order_by(Board.order.desc()).limit(1))  # fmt: skip
    board = Board(project_id=project.id, workflow_id=workflow.id, name=name, profile=profile, order=(last or 0) + 1)
    ctx.session.add(board)
    ctx.session.flush()
    history.record(ctx, target_type="board", target_id=board.id, project_id=project.id, action="create",
                   snapshot={"name": name, "workflow": workflow.id})  # fmt: skip
    return board
