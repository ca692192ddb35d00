"""Kaiten blocker users and categories, the company's blocker categories and the current user's
blockers (`/users/current/blockers`), and card external links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from planyard.core.projects.service import default_workspace
from planyard.core.users import users_by_id
from planyard.core.work_items import blocker_details, external_links
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.mappers.values import color_number, css_color, time, uid, uid_id_or_none
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import NotFound
from planyard.models import BlockerCategory, ExternalLink
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["blocker users and categories, external links"])


class UserBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user_id: int = Field(ge=1, le=2**63 - 1)


class CategoryBody(BaseModel):
    """A category by `uid`, or by `name` (made when the company has none of that name) with `color`."""

    model_config = ConfigDict(extra="ignore")

    uid: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, min_length=1, max_length=255)
    color: int | None = Field(default=None, ge=1, le=1000)


class Category(BaseModel):
    uid: str
    name: str
    color: int


class CategoryRemoved(BaseModel):
    uid: str


class User(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    uid: str
    full_name: str


class Blocked(BaseModel):
    blocked_cards: list[dict[str, Any]]
    summary: dict[str, Any]


class LinkBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    url: str = Field(min_length=1, max_length=10_000)
    description: str | None = Field(default=None, max_length=100_000)


class LinkEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    url: str | None = Field(default=None, min_length=1, max_length=10_000)
    description: str | None = Field(default=None, max_length=100_000)


class Link(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    url: str
    description: str
    card_id: int
    created: str
    updated: str


def category(row: BlockerCategory) -> dict[str, Any]:
    return {"uid": uid("blocker_category", row.id), "name": row.name, "color": color_number(row.color)}


def link(row: ExternalLink) -> dict[str, Any]:
    return {"id": row.id, "url": row.url, "description": row.description, "card_id": row.work_item_id,
            "external_link_id": row.id, "created": time(row.created_at), "updated": time(row.updated_at)}  # fmt: skip


@router.post("/blockers/{blocker_id}/users", response_model=User)
def add_blocker_user(blocker_id: int, body: UserBody, ctx: Ctx) -> Response:
    blocker_details.add_user(ctx, blocker_id, body.user_id)
    return render(User, current_user(users_by_id(ctx, {body.user_id})[body.user_id]))


@router.get("/blockers/{blocker_id}/users", response_model=list[User])
def list_blocker_users(blocker_id: int, ctx: Ctx) -> Response:
    ids = blocker_details.user_ids(ctx, blocker_id)
    users = users_by_id(ctx, set(ids))
    shown = [current_user(users[i]) | {"block_uid": str(blocker_id), "user_uid": uid("user", i)} for i in ids]
    return render(User, shown)


@router.delete("/blockers/{blocker_id}/users/{user_id}", response_model=Deleted)
def remove_blocker_user(blocker_id: int, user_id: int, ctx: Ctx) -> Response:
    blocker_details.remove_user(ctx, blocker_id, user_id)
    return render(Deleted, {"id": user_id})


@router.get("/users/current/blockers", response_model=Blocked)
def my_blockers(ctx: Ctx) -> Response:
    me = ctx.require_user()
    waiting = blocker_details.waiting_for(ctx, me.id)
    categories = blocker_details.categories_of(ctx, [w.blocker.id for w in waiting])
    authors = users_by_id(ctx, {w.blocker.blocker_user_id for w in waiting if w.blocker.blocker_user_id})
    cards = [{
        "card_id": w.item.id, "card_title": w.item.subject, "block_reason": w.blocker.reason or None,
        "blocked_by": current_user(authors[w.blocker.blocker_user_id]) if w.blocker.blocker_user_id in authors
        else None, "categories": [category(c) for c in categories[w.blocker.id]],
        "block_created": int(w.blocker.created_at.timestamp()), "updated": time(w.blocker.created_at),
        "released": w.blocker.released_at is not None,
    } for w in waiting]  # fmt: skip
    summary = {"total_blocked": len(cards), "blocked_by_user": me.full_name or me.username,
               "cards_without_reason": len([c for c in cards if not c["block_reason"]])}  # fmt: skip
    return render(Blocked, {"blocked_cards": cards, "summary": summary})


@router.post("/blockers/{blocker_id}/categories", response_model=Category)
def add_blocker_category(blocker_id: int, body: CategoryBody, ctx: Ctx) -> Response:
    category_id = None if body.uid is None else uid_id_or_none("blocker_category", body.uid) or 0
    color = css_color(body.color) if body.color is not None else None
    return render(Category, category(blocker_details.add_category(ctx, blocker_id, category_id, body.name, color)))


@router.get("/categories", response_model=list[Category])
def list_blocker_categories(ctx: Ctx) -> Response:
    return render(Category, [category(c) for c in blocker_details.list_categories(ctx, default_workspace(ctx).id)])


@router.delete("/blockers/{blocker_id}/categories/{category_uid}", response_model=CategoryRemoved)
def remove_blocker_category(blocker_id: int, category_uid: str, ctx: Ctx) -> Response:
    category_id = uid_id_or_none("blocker_category", category_uid)
    if category_id is None:
        raise NotFound(entity="blocker_category")
    blocker_details.remove_category(ctx, blocker_id, category_id)
    return render(CategoryRemoved, {"uid": category_uid})


# External links


@router.post("/cards/{card_id}/external-links", response_model=Link)
def add_link(card_id: int, body: LinkBody, ctx: Ctx) -> Response:
    return render(Link, link(external_links.add_link(ctx, card_id, body.url, body.description or "")))


@router.get("/cards/{card_id}/external-links", response_model=list[Link])
def list_links(card_id: int, ctx: Ctx) -> Response:
    return render(Link, [link(row) for row in external_links.list_links(ctx, card_id)])


@router.patch("/cards/{card_id}/external-links/{link_id}", response_model=Link)
def update_link(card_id: int, link_id: int, body: LinkEdit, ctx: Ctx) -> Response:
    changes = body.model_dump(exclude_unset=True)
    if changes.get("url", "") is None:
        changes.pop("url")
    return render(Link, link(external_links.update_link(ctx, card_id, link_id, changes)))


@router.delete("/cards/{card_id}/external-links/{link_id}", response_model=Deleted)
def remove_link(card_id: int, link_id: int, ctx: Ctx) -> Response:
    external_links.delete_link(ctx, card_id, link_id)
    return render(Deleted, {"id": link_id})
