"""Taiga routes: memberships (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["memberships"])
