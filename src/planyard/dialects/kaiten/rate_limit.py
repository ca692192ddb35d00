"""Kaiten's documented rate limit: so many requests per second per token (a setting, with an off switch),
`X-RateLimit-Remaining` and `X-RateLimit-Reset` (UTC epoch) on every answer, 429 past it. The count is
the database's (core.request_limits), so it holds across worker processes. A request without a bearer
token counts against its client address."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planyard.core import request_limits
from planyard.dialects.kaiten import messages
from planyard.dialects.kaiten.errors import message_response
from planyard.kit.errors import Busy, RateLimited


class RateLimit:
    def __init__(self, app: ASGIApp, session_factory: Any, per_second: int) -> None:
        self.app = app
        self.session_factory = session_factory
        self.per_second = per_second

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            allowance = await run_in_threadpool(
                request_limits.count_request, self.session_factory, _key(scope), self.per_second
            )
        except Busy as exc:
            await message_response(503, messages.text(exc))(scope, receive, send)
            return
        limit_headers = {"X-RateLimit-Remaining": str(allowance.remaining), "X-RateLimit-Reset": str(allowance.reset)}
        if not allowance.allowed:
            refused = message_response(429, messages.text(RateLimited(allowance.wait_seconds)))
            refused.headers.update(limit_headers | {"Retry-After": str(allowance.wait_seconds)})
            await refused(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(limit_headers)
            await send(message)

        await self.app(scope, receive, send_with_limits)


def _key(scope: Scope) -> str:
    scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()
    client = scope.get("client") or ("unknown", 0)
    return f"address:{client[0]}"
