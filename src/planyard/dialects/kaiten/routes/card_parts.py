"""What hangs on a Kaiten card: comments (core comments), tags (core tags: the company's, or the
space's of that name), members (core assignees; the responsible one is `assigned_to`)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.tags import service as tags
from planyard.core.users import users_by_id
from planyard.core.work_items import comments, members
from planyard.core.work_items.item_rows import readable_item
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers import card_parts as wire
from planyard.dialects.kaiten.mappers.values import css_color
from planyard.dialects.kaiten.schemas.card_parts import (
    Comment,
    CommentBody,
    CommentEdit,
    Member,
    MemberBody,
    MemberEdit,
    Tag,
    TagBody,
)
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import NotFound
from planyard.models import Comment as CommentRow
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["card comments, tags and members"])


def shown_comments(ctx: Context, rows: list[CommentRow]) -> list[dict[str, object]]:
    authors = users_by_id(ctx, {row.author_id for row in rows if row.author_id})
    return [wire.comment(row, authors.get(row.author_id or 0)) for row in rows]


def card_comment(ctx: Context, card_id: int, comment_id: int) -> CommentRow:
    found = next((row for row in comments.list_comments(ctx, card_id) if row.id == comment_id), None)
    if found is None:
        raise NotFound(entity="comment")
    return found


@router.post("/cards/{card_id}/comments", response_model=Comment)
def add_comment(card_id: int, body: CommentBody, ctx: Ctx) -> Response:
    return render(Comment, shown_comments(ctx, [comments.add_comment(ctx, card_id, body.text)])[0])


@router.get("/cards/{card_id}/comments", response_model=list[Comment])
def list_comments(card_id: int, ctx: Ctx) -> Response:
    return render(Comment, shown_comments(ctx, comments.list_comments(ctx, card_id)))


@router.patch("/cards/{card_id}/comments/{comment_id}", response_model=Comment)
def edit_comment(card_id: int, comment_id: int, body: CommentEdit, ctx: Ctx) -> Response:
    card_comment(ctx, card_id, comment_id)
    return render(Comment, shown_comments(ctx, [comments.edit_comment(ctx, comment_id, body.text)])[0])


@router.delete("/cards/{card_id}/comments/{comment_id}", response_model=Deleted)
def remove_comment(card_id: int, comment_id: int, ctx: Ctx) -> Response:
    card_comment(ctx, card_id, comment_id)
    comments.delete_comment(ctx, comment_id)
    return render(Deleted, {"id": comment_id})


# Tags


@router.post("/cards/{card_id}/tags", response_model=Tag)
def add_tag(card_id: int, body: TagBody, ctx: Ctx) -> Response:
    color = css_color(body.color) if body.color is not None else None
    return render(Tag, wire.tag(tags.tag_item_by_name(ctx, card_id, body.name, color)))


@router.get("/cards/{card_id}/tags", response_model=list[Tag])
def list_card_tags(card_id: int, ctx: Ctx) -> Response:
    readable_item(ctx, card_id)
    return render(Tag, [wire.tag(tag, card_id) for tag in tags.item_tag_rows(ctx, card_id)])


@router.delete("/cards/{card_id}/tags/{tag_id}", response_model=Deleted)
def remove_tag(card_id: int, tag_id: int, ctx: Ctx) -> Response:
    tags.remove_item_tag(ctx, card_id, tag_id)
    return render(Deleted, {"id": tag_id})


# Members


def shown_member(ctx: Context, card_id: int, user_id: int, responsible_id: int | None) -> dict[str, object]:
    user = users_by_id(ctx, {user_id}).get(user_id)
    if user is None:
        raise NotFound(entity="user")
    return wire.member(user, card_id, responsible_id)


@router.post("/cards/{card_id}/members", response_model=Member)
def add_member(card_id: int, body: MemberBody, ctx: Ctx) -> Response:
    item = members.add_member(ctx, card_id, body.user_id, responsible=body.type == 2)
    return render(Member, shown_member(ctx, card_id, body.user_id, item.assigned_to_id))


@router.get("/cards/{card_id}/members", response_model=list[Member])
def list_members(card_id: int, ctx: Ctx) -> Response:
    ids = members.member_ids(ctx, card_id)
    item, _ = readable_item(ctx, card_id)
    users = users_by_id(ctx, set(ids))
    return render(Member, [wire.member(users[i], card_id, item.assigned_to_id) for i in ids if i in users])


@router.patch("/cards/{card_id}/members/{user_id}", response_model=Member)
def update_member(card_id: int, user_id: int, body: MemberEdit, ctx: Ctx) -> Response:
    item = members.set_responsible(ctx, card_id, user_id, body.type == 2)
    return render(Member, shown_member(ctx, card_id, user_id, item.assigned_to_id))


@router.delete("/cards/{card_id}/members/{user_id}", response_model=Deleted)
def remove_member(card_id: int, user_id: int, ctx: Ctx) -> Response:
    members.remove_member(ctx, card_id, user_id)
    return render(Deleted, {"id": user_id})
