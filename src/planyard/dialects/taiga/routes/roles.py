"""Taiga routes: roles (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["roles"])
