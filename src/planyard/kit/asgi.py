"""ASGI guards shared by the dialects: body size and content type, rendered by each dialect."""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ErrorRenderer = Callable[[int, str], Response]
BODY_METHODS = {"POST", "PUT", "PATCH"}


class BodyGuard:
    """Rejects bodies over `max_bytes` (413) and body content types the API does not accept (415)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        max_multipart_bytes: int,
        accepted: tuple[str, ...],
        render: ErrorRenderer,
        typed_only: bool = False,
    ) -> None:
        self.app = app
        self.typed_only = typed_only  # a body without a Content-Type is refused too
        self.max_bytes = max_bytes
        self.max_multipart_bytes = max_multipart_bytes
        self.accepted = accepted
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        # Header bytes need not be UTF-8; latin-1 reads any byte (as Starlette's `Headers` do).
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        length = headers.get("content-length")
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        limit = self.max_multipart_bytes if content_type == "multipart/form-data" else self.max_bytes
        if length and length.isdigit() and int(length) > limit:
            await self.render(413, BodyTooLarge.MESSAGE)(scope, receive, send)
            return
        has_body = (length and length != "0") or "transfer-encoding" in headers
        if has_body and content_type and not content_type.startswith(self.accepted):
            await self.render(415, f'Unsupported media type "{content_type}" in request.')(scope, receive, send)
            return
        if has_body and self.typed_only and not content_type:
            await self.render(415, f'A request body needs a Content-Type ("{self.accepted[0]}").')(scope, receive, send)
            return
        await self.app(scope, _limited(receive, limit), send)


def _limited(receive: Receive, max_bytes: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                raise BodyTooLarge()
        return message

    return wrapped


class BodyTooLarge(HTTPException):
    """A streamed body (chunked, or longer than its content-length said) went over the limit after the
    headers were accepted. An HTTPException so that FastAPI's body reading passes it on (it makes any
    other error met while reading the body a bare 400)."""

    MESSAGE = "Request body is too large."

    def __init__(self) -> None:
        super().__init__(413, self.MESSAGE)
