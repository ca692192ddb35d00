"""Taiga §6 Resolver: slugs and refs to ids."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from planyard.core.taiga_rules.resolver import resolve
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.ids import MAX_SMALL
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["resolver"])
Ref = Annotated[int | None, Query(ge=1, le=MAX_SMALL)]


@router.get("/resolver")
def resolver(
    ctx: Ctx,
    project: str = Query(min_length=1, max_length=250),
    us: Ref = None,
    task: Ref = None,
    issue: Ref = None,
    ref: Ref = None,
    milestone: str | None = Query(default=None, max_length=250),
    wikipage: str | None = Query(default=None, max_length=500),
) -> dict[str, int]:
    refs = {name: value for name, value in (("us", us), ("task", task), ("issue", issue)) if value is not None}
    return resolve(ctx, project, refs, milestone, ref, wikipage)
