"""Image upload validation (avatars, logos): a real image, within the size limit."""

from __future__ import annotations

import io

from planyard.kit.errors import Invalid


def validated_image(data: bytes, field: str, max_bytes: int) -> bytes:
    from PIL import Image, UnidentifiedImageError  # imported on first upload: it weighs several MB

    if not data:
        raise Invalid.field(field, "No file was submitted.")
    if len(data) > max_bytes:
        raise Invalid.field(field, f"The file is too big (max {max_bytes} bytes).")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Invalid.field(
            field, "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
        ) from None
    return data
