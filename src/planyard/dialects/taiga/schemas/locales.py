"""Taiga locale object (§41.57)."""

from __future__ import annotations

from pydantic import BaseModel


class LocaleRead(BaseModel):
    code: str
    name: str
    bidi: bool
