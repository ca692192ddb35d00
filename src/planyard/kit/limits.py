"""Text sizes every API takes, in characters: the one place they are written (docs/operations.md, "Limits")."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

SUBJECT = 500  # story, task, issue, epic subjects (Taiga's max_length)
NAME = 250  # project names and other short names (Taiga's max_length)
SHORT_TEXT = 500  # one-line values: reasons, references, storage keys, colors, custom attribute names
LONG_TEXT = 100_000  # descriptions, comments, blocked notes, bios, custom attribute values
TAG = 255  # one tag
TAGS = 200  # tags on one item or project
MARKUP_CHARS = 10_000  # Markdown punctuation and lines above which a text is shown as plain text (fast)

ShortText = Annotated[str, StringConstraints(max_length=SHORT_TEXT)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT)]
Tag = Annotated[str, StringConstraints(max_length=TAG)]
