"""Checks that the ids a work item points at belong to its project (and to the right kind)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.work_items.kinds import STORY, ItemProfile
from planyard.core.workflows import statuses_of
from planyard.kit.errors import Invalid, Problem
from planyard.models import DesignElement, ItemOption, Lane, Membership, PointValue, Role, Sprint, Status, WorkItem

OPTION_KINDS = {"type_id": "issue_type", "priority_id": "priority", "severity_id": "severity"}


def validate_references(ctx: Context, project_id: int, kind: ItemProfile, fields: dict[str, Any]) -> None:
    errors: dict[str, list[Problem]] = {}

    def check(name: str, stmt: Any, code: str) -> None:
        value = fields.get(name)
        if value is not None and ctx.session.scalar(stmt(value)) is None:
            errors[name] = [Problem(code)]

    check(
        "status_id",
        lambda v: select(Status.id).where(Status.id == v, statuses_of(project_id, kind.name)),
        "unknown_status",
    )
    check(
        "sprint_id",
        lambda v: select(Sprint.id).where(Sprint.id == v, Sprint.project_id == project_id),
        "foreign_sprint",
    )
    check(
        "lane_id",
        lambda v: select(Lane.id).where(Lane.id == v, Lane.project_id == project_id),
        "foreign_lane",
    )
    check(
        "assigned_to_id",
        lambda v: select(Membership.id).where(Membership.user_id == v, Membership.project_id == project_id),
        "foreign_assignee",
    )
    check(
        "parent_id",
        lambda v: select(WorkItem.id).where(
            WorkItem.id == v, WorkItem.project_id == project_id, WorkItem.kind == STORY.name
        ),
        "unknown_parent",
    )
    check(
        "design_element_id",
        lambda v: select(DesignElement.id).where(DesignElement.id == v, DesignElement.project_id == project_id),
        "unknown_design_element",
    )
    check(
        "generated_from_id",
        lambda v: select(WorkItem.id).where(WorkItem.id == v, WorkItem.project_id == project_id),
        "foreign_item",
    )
    for name, option_kind in OPTION_KINDS.items():
        check(
            name,
            lambda v, k=option_kind: select(ItemOption.id).where(
                ItemOption.id == v, ItemOption.project_id == project_id, ItemOption.kind == k
            ),
            f"foreign_{option_kind}",
        )
    if errors:
        raise Invalid(fields=errors)  # fmt: skip


def validate_members(ctx: Context, project_id: int, field: str, user_ids: list[int]) -> None:
    if not user_ids:
        return
    members = set(
        ctx.session.scalars(
            select(Membership.user_id).where(Membership.project_id == project_id, Membership.user_id.in_(user_ids))
        )
    )
    missing = sorted(set(user_ids) - members)
    if missing:
        raise Invalid(code="not_members", field=field, params={"users": missing})  # fmt: skip


def validate_role_points(ctx: Context, project_id: int, role_points: dict[int, int | None]) -> None:
    roles = set(
        ctx.session.scalars(
            select(Role.id).where(Role.project_id == project_id, Role.computable.is_(True), Role.id.in_(role_points))
        )
    )
    points = set(
        ctx.session.scalars(
            select(PointValue.id).where(
                PointValue.project_id == project_id, PointValue.id.in_([p for p in role_points.values() if p])
            )
        )
    )
    bad = [r for r, p in role_points.items() if r not in roles or (p is not None and p not in points)]
    if bad:
        raise Invalid(code="unknown_points", field="points", params={"roles": sorted(bad)})  # fmt: skip
