"""Taiga §34 Feedback (POST /feedback) and §39 Stats (discover, and system when the operator enables it)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import JSONResponse, Response

from planyard.core import feedback, server_figures
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.kit.limits import LongText
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["feedback", "stats"])


class FeedbackBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    comment: LongText | None = None


class FeedbackRead(BaseModel):
    id: int
    full_name: str
    email: str
    comment: str
    created_date: datetime


@router.post("/feedback", response_model=FeedbackRead)
def send_feedback(body: FeedbackBody, request: Request, ctx: Ctx) -> Response:
    """taiga-back answers 200 (the docs say 201) with the stored entry."""
    about = {name: request.headers.get(header) for name, header in (
        ("HTTP_HOST", "host"), ("HTTP_REFERER", "referer"), ("HTTP_USER_AGENT", "user-agent"))}  # fmt: skip
    entry = feedback.send_feedback(ctx, body.comment, about)
    return render(FeedbackRead, {"id": entry.id, "full_name": entry.full_name, "email": entry.email,
                                 "comment": entry.comment, "created_date": entry.created_date})  # fmt: skip


@router.get("/stats/discover")
def discover_stats(ctx: Ctx) -> Response:
    return JSONResponse({"projects": {"total": server_figures.discoverable_projects(ctx)}})


@router.get("/stats/system")
def system_stats(ctx: Ctx) -> Response:
    return JSONResponse(server_figures.system_figures(ctx))
