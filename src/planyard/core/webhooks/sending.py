"""One attempt: POST a payload to a webhook's URL, signed in its format, and log what happened."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from sqlalchemy import delete, select

from planyard.config import Settings
from planyard.core.context import Context
from planyard.core.webhooks import formats
from planyard.kit.safe_http import UnsafeTarget, checked_client
from planyard.models import Webhook, WebhookLog

MAX_LOGGED_RESPONSE = 64 * 1024  # bytes of a response body read and kept in the log


@dataclass(frozen=True)
class Target:
    """What an attempt needs of its webhook, read before the request goes out."""

    webhook_id: int
    url: str
    key: str
    format: str
    headers: dict[str, str]

    @classmethod
    def of(cls, hook: Webhook) -> Target:
        return cls(hook.id, hook.url, hook.key, hook.format, {str(k): str(v) for k, v in (hook.headers or {}).items()})


@dataclass(frozen=True)
class Attempt:
    """What one attempt sent and got: `status` 0 when no answer came (`error` says why)."""

    url: str
    status: int
    request_headers: dict[str, str]
    payload: dict[str, Any]
    response_headers: dict[str, str]
    response_text: str
    duration: float
    error: str | None = None
    permanent: bool = False  # a refused target or endless redirects: retrying will not help

    @property
    def delivered(self) -> bool:
        """The receiver answered, and not with a server error (a 4xx is its final word)."""
        return self.error is None and self.status < 500

    @property
    def worth_retrying(self) -> bool:
        return not self.delivered and not self.permanent


UNSAFE = "Not allowed IP Address"


def send(settings: Settings, target: Target, payload: dict[str, Any]) -> Attempt:
    """POST `payload` (never raises: every outcome is an Attempt). Runs outside any transaction."""
    body = orjson.dumps(payload)
    payload_format = formats.get(target.format)
    signature = payload_format.sign(body, target.key) if payload_format else {}
    headers = target.headers | signature | {"Content-Type": "application/json", "Content-Length": str(len(body))}
    started = time.monotonic()

    def failed(error: str, permanent: bool = False) -> Attempt:
        return Attempt(target.url, 0, headers, payload, {}, "", time.monotonic() - started, error, permanent)

    client = checked_client(settings.webhooks_allow_private, settings.webhook_timeout_seconds,
                            settings.webhook_max_redirects)  # fmt: skip
    try:
        with client, client.stream("POST", target.url, content=body, headers=headers) as response:
            text = _read_some(response, time.monotonic() + settings.webhook_timeout_seconds)
    except UnsafeTarget as exc:
        return failed(str(exc) or UNSAFE, permanent=True)
    except httpx.TooManyRedirects:
        return failed("Too many redirects", permanent=True)
    except (httpx.HTTPError, ValueError, OSError) as exc:  # ValueError: a URL httpx can't send to
        return failed(str(exc) or type(exc).__name__)
    return Attempt(target.url, response.status_code, headers, payload, dict(response.headers), text,
                   time.monotonic() - started)  # fmt: skip


def _read_some(response: httpx.Response, deadline: float) -> str:
    """The start of the answer's body: at most MAX_LOGGED_RESPONSE bytes, read until the deadline (a
    receiver dripping its answer can't hold a worker)."""
    data = b""
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= MAX_LOGGED_RESPONSE or time.monotonic() > deadline:
            break
    return data[:MAX_LOGGED_RESPONSE].decode(response.encoding or "utf-8", errors="replace")


def longest_attempt(settings: Settings) -> float:
    """How long one attempt can last: connect, send and first byte for each hop, then the body."""
    return settings.webhook_timeout_seconds * (3 * (settings.webhook_max_redirects + 1) + 1)


def log(ctx: Context, attempt: Attempt, webhook_id: int, change_id: int | None) -> WebhookLog:
    """The attempt's log row; a webhook keeps its last `webhook_logs_kept` logs."""
    response: dict[str, Any] = {"headers": attempt.response_headers, "data": attempt.response_text}
    if attempt.error is not None:
        response["error"] = attempt.error
    row = WebhookLog(webhook_id=webhook_id, change_id=change_id, url=attempt.url, status=attempt.status,
                     request={"headers": attempt.request_headers, "data": attempt.payload}, response=response,
                     duration=round(attempt.duration, 6))  # fmt: skip
    ctx.session.add(row)
    ctx.session.flush()
    kept = ctx.env.settings.webhook_logs_kept
    oldest_kept = select(WebhookLog.id).where(WebhookLog.webhook_id == webhook_id).order_by(WebhookLog.id.desc())
    cutoff = ctx.session.scalar(oldest_kept.offset(kept - 1).limit(1)) if kept > 0 else None
    if cutoff is not None:
        ctx.session.execute(delete(WebhookLog).where(WebhookLog.webhook_id == webhook_id, WebhookLog.id < cutoff))
    return row
