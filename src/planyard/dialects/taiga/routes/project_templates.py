"""Taiga routes: project_templates (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["project_templates"])
