"""The payload formats webhooks can get. Core knows no API's JSON: each dialect registers its format
(a name, how to render change entries, a test payload and how to sign a body) when its app is built,
and a webhook names the format it gets (`webhooks.format`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planyard.core.context import Context
from planyard.models import ChangeEntry

# Change entries -> the payload of each entry this format sends (an entry left out is not sent).
Render = Callable[[Context, Sequence[ChangeEntry]], Mapping[int, dict[str, Any]]]
# The payload of a test delivery, made for the acting user.
TestPayload = Callable[[Context], dict[str, Any]]
# The headers that sign a body with the webhook's key.
Sign = Callable[[bytes, str], dict[str, str]]
# The event name a rendered payload stands for, where a format's names are finer than the topics (one
# topic, several names): a webhook listing events then gets a payload only when it lists its name too.
EventOf = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class PayloadFormat:
    name: str
    render: Render
    test_payload: TestPayload
    sign: Sign
    event_of: EventOf | None = None


_FORMATS: dict[str, PayloadFormat] = {}


def register(payload_format: PayloadFormat) -> None:
    """Called by a dialect when its app is built; registering a name again replaces it."""
    _FORMATS[payload_format.name] = payload_format


def get(name: str) -> PayloadFormat | None:
    return _FORMATS.get(name)
