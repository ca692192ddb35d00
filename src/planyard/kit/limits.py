"""Text sizes every API takes, in characters: the one place they are written (docs/operations.md, "Limits")."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from planyard.kit.errors import Invalid

SUBJECT = 500  # story, task, issue, epic subjects (Taiga's max_length)
NAME = 250  # project names and other short names (Taiga's max_length)
SHORT_TEXT = 500  # one-line values: reasons, tokens, passwords, storage keys, colors
LONG_TEXT = 100_000  # descriptions, comments, blocked notes, bios, custom attribute and storage values
TAG = 255  # one tag
TAGS = 200  # tags on one item, or sent in one request
PROJECT_TAGS = 1_000  # tags in one project's palette
MARKUP_CHARS = 10_000  # Markdown punctuation and lines above which a text is shown as plain text (fast)

TOO_LONG = "Ensure this field has no more than {max_length} characters."
TOO_MANY = "Ensure this field has no more than {max_length} elements."


def _texts_bounded(value: Any) -> Any:
    """Every string inside a JSON value (custom attribute values, user storage) within LONG_TEXT."""
    if isinstance(value, str) and len(value) > LONG_TEXT:
        raise PydanticCustomError("string_too_long", TOO_LONG, {"max_length": LONG_TEXT})
    for inner in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        _texts_bounded(inner)
    return value


ShortText = Annotated[str, StringConstraints(max_length=SHORT_TEXT)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT)]
Name = Annotated[str, StringConstraints(max_length=NAME)]
Subject = Annotated[str, StringConstraints(max_length=SUBJECT)]
Tag = Annotated[str, StringConstraints(max_length=TAG)]
TagNames = Annotated[list[Tag], Field(max_length=TAGS)]
TagsSent = Annotated[list[Any], Field(max_length=TAGS)]  # names or [name, color] pairs, checked by check_tag
JsonValue = Annotated[Any, AfterValidator(_texts_bounded)]


def check_tag(field: str, name: str, color: Any) -> None:
    """A tag the core takes apart itself (a name or a [name, color] pair)."""
    if len(name) > TAG or (isinstance(color, str) and len(color) > SHORT_TEXT):
        raise Invalid(code="too_long", field=field, params={"max_length": TAG if len(name) > TAG else SHORT_TEXT})


def check_lines(field: str, lines: list[str], most: int) -> None:
    """The lines of a bulk create: at most `most` of them, each a subject."""
    if len(lines) > most:
        raise Invalid(code="too_many_lines", field=field, params={"max": most})
    if any(len(line) > SUBJECT for line in lines):
        raise Invalid(code="lines_too_long", field=field, params={"max": SUBJECT})


def check_palette(field: str, count: int) -> None:
    """A project's palette after new tags join it."""
    if count > PROJECT_TAGS:
        raise Invalid(code="too_many_tags", field=field, params={"max": PROJECT_TAGS})
