"""Limits on guessing credentials. Every login and password-recovery request counts against its client
address; failed logins and recovery requests count against their account (a login counts as failed until
its password checks out; a successful one clears the account's failures). Counts live in the database,
so every worker process sees the same; they stand even though the refused request rolls back."""

from __future__ import annotations

import time
from typing import cast

from sqlalchemy import Table

from planyard.core.context import Context
from planyard.kit import counters
from planyard.kit.errors import RateLimited
from planyard.models import RateCounter

LOGIN = "login"
RECOVERY = "recovery"

COUNTERS = cast(Table, RateCounter.__table__)
clock = time.time  # seconds since the epoch; tests move time by replacing it


def count_attempt(ctx: Context, address: str) -> None:
    """One more request from `address`; refused (429) over the address limit."""
    settings = ctx.env.settings
    _count(ctx, f"address:{address}", settings.login_attempts_per_address, settings.login_address_window_seconds)


def count_against_account(ctx: Context, purpose: str, user_id: int) -> None:
    """One more failed login or recovery request (`purpose`) for the account; refused (429) over its limit."""
    settings = ctx.env.settings
    limit, window = settings.login_failures_per_account, settings.login_account_window_seconds
    _count(ctx, f"{purpose}:{user_id}", limit, window)


def clear_account(ctx: Context, purpose: str, user_id: int) -> None:
    if ctx.env.settings.login_throttle_enabled:
        counters.clear(ctx.session, COUNTERS, f"{purpose}:{user_id}")


def _count(ctx: Context, key: str, limit: int, window_seconds: int) -> None:
    if not ctx.env.settings.login_throttle_enabled:
        return
    ctx.uow.keep_on_refusal()
    hit = counters.hit(ctx.session, COUNTERS, key, window_seconds, clock())
    if hit.count > limit:
        raise RateLimited(hit.seconds_left)
