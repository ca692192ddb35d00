"""Taiga's bulk creates send their subjects as one text, one per line: the core takes a list."""

from __future__ import annotations


def subjects(text: str) -> list[str]:
    """The non-blank lines of `text`, stripped, in order."""
    return [line.strip() for line in text.splitlines() if line.strip()]
