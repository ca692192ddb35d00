"""Taiga §7 search results (§40.10): per kind the item's id, ref, subject and status; a kind the user may
not view is left out of the answer, as taiga-back does."""

from __future__ import annotations

from pydantic import BaseModel


class ItemHit(BaseModel):
    id: int
    ref: int
    subject: str
    status: int | None
    assigned_to: int | None


class StoryHit(BaseModel):
    id: int
    ref: int
    subject: str
    status: int | None
    total_points: float | None
    milestone_name: str | None
    milestone_slug: str | None


class WikiHit(BaseModel):
    id: int
    slug: str


class SearchRead(BaseModel):
    epics: list[ItemHit] | None = None
    userstories: list[StoryHit] | None = None
    tasks: list[ItemHit] | None = None
    issues: list[ItemHit] | None = None
    wikipages: list[WikiHit] | None = None
    count: int
