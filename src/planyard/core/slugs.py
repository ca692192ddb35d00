"""Unique slugs from names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    slug, n = slugify(base)[:240], 1
    candidate = slug
    while taken(candidate):
        n += 1
        candidate = f"{slug}-{n}"
    return candidate
