"""Kaiten boards of a space, their columns, subcolumns and lanes (core boards, statuses, lanes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import boards
from planyard.core.context import Context
from planyard.core.work_items import board_items
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers import boards as wire
from planyard.dialects.kaiten.mappers import cards
from planyard.dialects.kaiten.schemas.boards import (
    Board,
    BoardCreate,
    BoardEdit,
    BoardWithCards,
    Column,
    ColumnCreate,
    ColumnEdit,
    ColumnWithSubcolumns,
    Lane,
    LaneCreate,
    LaneEdit,
)
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import NotFound
from planyard.kit.query import ListQuery, SortKey
from planyard.models import Board as BoardRow
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["boards"])


def rendered(ctx: Context, rows: list[BoardRow]) -> list[dict[str, Any]]:
    ids = [row.id for row in rows]
    columns, lanes = boards.columns_of(ctx, ids), boards.lanes_of(ctx, ids)
    return [wire.board(row, columns[row.id], lanes[row.id]) for row in rows]


def in_space(ctx: Context, space_id: int, board_id: int, permission: str = "view_project") -> BoardRow:
    board = boards.get_board(ctx, board_id, permission)
    if board.project_id != space_id:
        raise NotFound(entity="board")
    return board


def board_changes(body: dict[str, Any], creating: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {"extra": wire.kept_settings(body, wire.BOARD_SETTINGS, creating)}
    if body.get("title") is not None:
        changes["name"] = body["title"]
    if body.get("sort_order") is not None:
        changes["order"] = int(body["sort_order"])
    return changes


@router.post("/spaces/{space_id}/boards", response_model=Board)
def create_board(space_id: int, body: BoardCreate, ctx: Ctx) -> Response:
    changes = board_changes(body.model_dump(exclude_unset=True), creating=True)
    board = boards.create_board(ctx, space_id, changes["name"], changes["extra"], changes.get("order"))
    boards.add_lane(ctx, board.id, "Default lane", extra=wire.kept_settings({}, wire.LANE_SETTINGS, True))
    return render(Board, rendered(ctx, [board])[0])


@router.get("/spaces/{space_id}/boards", response_model=list[Board])
def list_boards(space_id: int, ctx: Ctx) -> Response:
    return render(Board, rendered(ctx, boards.list_boards(ctx, space_id)))


@router.get("/spaces/{space_id}/boards/{board_id}", response_model=Board)
def get_board(space_id: int, board_id: int, ctx: Ctx) -> Response:
    return render(Board, rendered(ctx, [in_space(ctx, space_id, board_id)])[0])


@router.patch("/spaces/{space_id}/boards/{board_id}", response_model=Board)
def update_board(space_id: int, board_id: int, body: BoardEdit, ctx: Ctx) -> Response:
    in_space(ctx, space_id, board_id)
    board = boards.update_board(ctx, board_id, board_changes(body.model_dump(exclude_unset=True), creating=False))
    return render(Board, rendered(ctx, [board])[0])


@router.delete("/spaces/{space_id}/boards/{board_id}", response_model=Deleted)
def remove_board(space_id: int, board_id: int, ctx: Ctx) -> Response:
    in_space(ctx, space_id, board_id)
    boards.delete_board(ctx, board_id)
    return render(Deleted, {"id": board_id})


@router.get("/boards/{board_id}", response_model=BoardWithCards)
def get_board_with_cards(board_id: int, ctx: Ctx) -> Response:
    """The board with its live cards (every one: Kaiten does not page this answer)."""
    board = boards.get_board(ctx, board_id)
    query = ListQuery(filters={"board": [board.id], "archived": False}, sort=(SortKey("order"),))
    items = board_items.list_items(ctx, query).items
    facts = board_items.load_facts(ctx, items)
    shown = rendered(ctx, [board])[0] | {"cards": [cards.card(item, facts, detail=False) for item in items]}
    return render(BoardWithCards, shown)


# Columns


@router.post("/boards/{board_id}/columns", response_model=Column)
def create_column(board_id: int, body: ColumnCreate, ctx: Ctx) -> Response:
    fields = wire.column_fields(body.model_dump(exclude_unset=True), board_id, creating=True)
    return render(Column, wire.column(boards.add_column(ctx, board_id, fields)))


@router.get("/boards/{board_id}/columns", response_model=list[ColumnWithSubcolumns])
def list_columns(board_id: int, ctx: Ctx) -> Response:
    board = boards.get_board(ctx, board_id)
    columns = boards.columns_of(ctx, [board.id])[board.id]
    top = [c for c in columns if c.parent_id is None]
    return render(ColumnWithSubcolumns, [wire.column(c, [s for s in columns if s.parent_id == c.id])
                                         | {"board_id": board.id} for c in top])  # fmt: skip


@router.patch("/boards/{board_id}/columns/{column_id}", response_model=Column)
def update_column(board_id: int, column_id: int, body: ColumnEdit, ctx: Ctx) -> Response:
    fields = wire.column_fields(body.model_dump(exclude_unset=True), board_id)
    return render(Column, wire.column(boards.update_column(ctx, board_id, column_id, fields)))


@router.delete("/boards/{board_id}/columns/{column_id}", response_model=Deleted)
def remove_column(board_id: int, column_id: int, ctx: Ctx) -> Response:
    boards.delete_column(ctx, board_id, column_id)
    return render(Deleted, {"id": column_id})


# Subcolumns


@router.post("/columns/{column_id}/subcolumns", response_model=Column)
def create_subcolumn(column_id: int, body: ColumnCreate, ctx: Ctx) -> Response:
    board, _ = boards.board_of_column(ctx, column_id)
    fields = wire.column_fields(body.model_dump(exclude_unset=True), board.id, creating=True)
    return render(Column, wire.column(boards.add_column(ctx, board.id, fields, parent_id=column_id)))


@router.get("/columns/{column_id}/subcolumns", response_model=list[Column])
def list_subcolumns(column_id: int, ctx: Ctx) -> Response:
    board, _ = boards.board_of_column(ctx, column_id)
    columns = boards.columns_of(ctx, [board.id])[board.id]
    return render(Column, [wire.column(c) | {"board_id": board.id} for c in columns if c.parent_id == column_id])


@router.patch("/columns/{column_id}/subcolumns/{subcolumn_id}", response_model=Column)
def update_subcolumn(column_id: int, subcolumn_id: int, body: ColumnEdit, ctx: Ctx) -> Response:
    board, _ = boards.board_of_column(ctx, column_id)
    fields = wire.column_fields(body.model_dump(exclude_unset=True), board.id)
    return render(Column, wire.column(boards.update_column(ctx, board.id, subcolumn_id, fields, column_id)))


@router.delete("/columns/{column_id}/subcolumns/{subcolumn_id}", response_model=Deleted)
def remove_subcolumn(column_id: int, subcolumn_id: int, ctx: Ctx) -> Response:
    board, _ = boards.board_of_column(ctx, column_id)
    boards.delete_column(ctx, board.id, subcolumn_id, column_id)
    return render(Deleted, {"id": subcolumn_id})


# Lanes


def lane_changes(body: dict[str, Any], creating: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {"extra": wire.kept_settings(body, wire.LANE_SETTINGS, creating)}
    if body.get("title") is not None:
        changes["name"] = body["title"]
    if body.get("sort_order") is not None:
        changes["order"] = int(body["sort_order"])
    return changes


@router.post("/boards/{board_id}/lanes", response_model=Lane)
def create_lane(board_id: int, body: LaneCreate, ctx: Ctx) -> Response:
    changes = lane_changes(body.model_dump(exclude_unset=True), creating=True)
    lane = boards.add_lane(ctx, board_id, changes["name"], changes.get("order"), changes["extra"])
    return render(Lane, wire.lane(lane))


@router.get("/boards/{board_id}/lanes", response_model=list[Lane])
def list_lanes(board_id: int, ctx: Ctx) -> Response:
    board = boards.get_board(ctx, board_id)
    return render(Lane, [wire.lane(lane) for lane in boards.lanes_of(ctx, [board.id])[board.id]])


@router.patch("/boards/{board_id}/lanes/{lane_id}", response_model=Lane)
def update_lane(board_id: int, lane_id: int, body: LaneEdit, ctx: Ctx) -> Response:
    changes = lane_changes(body.model_dump(exclude_unset=True), creating=False)
    return render(Lane, wire.lane(boards.update_lane(ctx, board_id, lane_id, changes)))


@router.delete("/boards/{board_id}/lanes/{lane_id}", response_model=Deleted)
def remove_lane(board_id: int, lane_id: int, ctx: Ctx) -> Response:
    boards.delete_lane(ctx, board_id, lane_id)
    return render(Deleted, {"id": lane_id})
