"""Image upload validation (avatars, logos): a real image, within the size limits (bytes and pixels)."""

from __future__ import annotations

import io

from planyard.kit.errors import Invalid

MAX_PIXELS = 50_000_000  # what the header may declare; a few KB of PNG can claim billions


def validated_image(data: bytes, field: str, max_bytes: int) -> bytes:
    from PIL import Image, UnidentifiedImageError  # imported on first upload: it weighs several MB

    if not data:
        raise Invalid(code="no_file", field=field)
    if len(data) > max_bytes:
        raise Invalid(code="file_too_big", field=field, params={"limit": max_bytes})
    try:
        # Opening reads only the header; Pillow refuses sizes far beyond its own limit (a bomb error).
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise Invalid(code="image_too_large", field=field, params={"max": MAX_PIXELS})
            image.verify()
    except Image.DecompressionBombError:
        raise Invalid(code="image_too_large", field=field, params={"max": MAX_PIXELS}) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Invalid(code="invalid_image", field=field) from None
    return data
