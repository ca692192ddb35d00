"""Taiga §38 Locales: the languages the API and the web client speak."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.locales import available_locales
from planyard.dialects.taiga.schemas.locales import LocaleRead
from planyard.web.render import render

router = APIRouter(tags=["locales"])


@router.get("/locales", response_model=list[LocaleRead])
def list_locales() -> Response:
    return render(LocaleRead, [asdict(locale) for locale in available_locales()])
