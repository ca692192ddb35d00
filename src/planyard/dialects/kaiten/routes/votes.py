"""Kaiten collective score and vote values: each user's score or vote on a card's property."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import company, item_properties
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.properties import score_value, vote_value
from planyard.dialects.kaiten.schemas.properties import (
    ScoreValue,
    ScoreValueListed,
    ScoreValueWrite,
    VoteDeleted,
    VoteValue,
    VoteValueListed,
    VoteValueWrite,
)  # fmt: skip
from planyard.kit.errors import Invalid
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["collective values"])
SCORES = "/cards/{card_id}/custom-properties/{property_id}/collective-score-values"
VOTES = "/cards/{card_id}/custom-properties/{property_id}/collective-vote-values"


@router.post(SCORES, response_model=ScoreValue)
def create_score_value(card_id: int, property_id: int, body: ScoreValueWrite, ctx: Ctx) -> Response:
    vote = item_properties.cast_vote(ctx, card_id, property_id, "score", {"value": body.value})
    return render(ScoreValue, score_value(vote, company.workspace(ctx).id))


@router.get(SCORES, response_model=list[ScoreValueListed])
def list_score_values(card_id: int, property_id: int, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    rows = item_properties.votes(ctx, card_id, property_id, "score")
    return render(ScoreValueListed, [score_value(vote, workspace_id, user) for vote, user in rows])


@router.patch(SCORES + "/{value_id}", response_model=ScoreValue)
def update_score_value(card_id: int, property_id: int, value_id: int, body: ScoreValueWrite, ctx: Ctx) -> Response:
    vote = item_properties.change_vote(ctx, card_id, property_id, "score", value_id, {"value": body.value})
    return render(ScoreValue, score_value(vote, company.workspace(ctx).id))


def _vote_fields(body: VoteValueWrite) -> dict[str, object]:
    fields = body.model_dump(exclude_unset=True)
    if not fields:
        raise Invalid.on("number_vote", "number_vote or emoji_vote is required")
    return fields


@router.post(VOTES, response_model=VoteValue)
def create_vote_value(card_id: int, property_id: int, body: VoteValueWrite, ctx: Ctx) -> Response:
    vote = item_properties.cast_vote(ctx, card_id, property_id, "poll", _vote_fields(body))
    return render(VoteValue, vote_value(vote, company.workspace(ctx).id))


@router.get(VOTES, response_model=list[VoteValueListed])
def list_vote_values(card_id: int, property_id: int, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    rows = item_properties.votes(ctx, card_id, property_id, "poll")
    return render(VoteValueListed, [vote_value(vote, workspace_id, user) for vote, user in rows])


@router.patch(VOTES + "/{value_id}", response_model=VoteValue)
def update_vote_value(card_id: int, property_id: int, value_id: int, body: VoteValueWrite, ctx: Ctx) -> Response:
    vote = item_properties.change_vote(ctx, card_id, property_id, "poll", value_id, _vote_fields(body))
    return render(VoteValue, vote_value(vote, company.workspace(ctx).id))


@router.delete(VOTES + "/{value_id}", response_model=VoteDeleted)
def remove_vote_value(card_id: int, property_id: int, value_id: int, ctx: Ctx) -> Response:
    vote = item_properties.withdraw_vote(ctx, card_id, property_id, "poll", value_id)
    return render(VoteDeleted, vote_value(vote, company.workspace(ctx).id))
