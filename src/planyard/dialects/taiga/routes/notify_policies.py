"""Taiga §33 Notify policies: the actor's policy per project (list, get, put, patch)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import notify_policies as policies
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.ids import PathId
from planyard.dialects.taiga.schemas.notify_policies import NotifyPolicyEdit, NotifyPolicyRead, NotifyPolicyReplace
from planyard.models import Watch
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["notify-policies"])
ONE = "/notify-policies/{policy_id}"


def _wire(row: Watch, project_name: str) -> dict[str, Any]:
    return {
        "id": row.id, "project": row.target_id, "project_name": project_name, "notify_level": row.notify_level,
        "live_notify_level": policies.live_level(row), "web_notify_level": policies.web_enabled(row),
    }  # fmt: skip


@router.get("/notify-policies", response_model=list[NotifyPolicyRead])
def list_policies(request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = policies.list_policies(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    return render(NotifyPolicyRead, [_wire(row, name) for row, name in page.items], headers=headers)


@router.get(ONE, response_model=NotifyPolicyRead)
def get_policy(policy_id: PathId, ctx: Ctx) -> Response:
    return render(NotifyPolicyRead, _wire(*policies.get_policy(ctx, policy_id)))


@router.put(ONE, response_model=NotifyPolicyRead)
def replace_policy(policy_id: PathId, body: NotifyPolicyReplace, ctx: Ctx) -> Response:
    return _edit(ctx, policy_id, body)


@router.patch(ONE, response_model=NotifyPolicyRead)
def edit_policy(policy_id: PathId, body: NotifyPolicyEdit, ctx: Ctx) -> Response:
    return _edit(ctx, policy_id, body)


def _edit(ctx: Ctx, policy_id: int, body: NotifyPolicyEdit) -> Response:
    changes = body.model_dump(exclude_unset=True)
    if "web_notify_level" in changes:
        changes["web_notify"] = changes.pop("web_notify_level")
    return render(NotifyPolicyRead, _wire(*policies.update_policy(ctx, policy_id, changes)))
