"""JSON:API documents on the wire: `application/vnd.api+json; charset=utf-8`."""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json
from starlette.responses import Response

MEDIA_TYPE = "application/vnd.api+json; charset=utf-8"


def document(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(to_json(body), status_code=status, media_type=MEDIA_TYPE, headers=headers)


def no_content() -> Response:
    return Response(status_code=204)
