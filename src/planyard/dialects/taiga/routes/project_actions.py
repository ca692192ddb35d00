"""Taiga routes: project_actions (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["project_actions"])
