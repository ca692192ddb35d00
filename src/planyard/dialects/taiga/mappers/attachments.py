"""Attachment links as taiga-back gives them: a card thumbnail for the images it can thumbnail."""

from __future__ import annotations

from pathlib import PurePosixPath

from planyard.core.context import Environment

# taiga-back thumbnails what Pillow opens; Planyard's card thumbnail of such an image is the image itself.
RASTER_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"})


def card_thumbnail_url(env: Environment, file_key: str) -> str | None:
    """The card thumbnail of an attached image; None for other files (as taiga-back answers)."""
    return env.storage.url(file_key) if PurePosixPath(file_key).suffix.lower() in RASTER_IMAGES else None
