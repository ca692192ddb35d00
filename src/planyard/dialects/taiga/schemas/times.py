"""Datetimes as taiga-back writes them (Django's JSON encoder): ISO 8601 in UTC with `Z`, the fraction cut
to milliseconds, none when the time has no fraction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import PlainSerializer


def taiga_time(value: datetime) -> str:
    moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
    return text.removesuffix("+00:00") + "Z"


def taiga_times(value: Any) -> Any:
    """The datetimes anywhere in a free-form value (dicts and lists of a wire shape) as taiga-back writes them."""
    if isinstance(value, datetime):
        return taiga_time(value)
    if isinstance(value, dict):
        return {k: taiga_times(v) for k, v in value.items()}
    if isinstance(value, list):
        return [taiga_times(v) for v in value]
    return value


TaigaDateTime = Annotated[datetime, PlainSerializer(taiga_time, return_type=str, when_used="json")]
# A free-form object of a wire shape (timeline and notification data, history diffs) whose datetimes
# are written the same way.
TaigaData = Annotated[dict[str, Any], PlainSerializer(taiga_times, when_used="json")]
