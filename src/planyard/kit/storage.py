"""File storage behind one interface; the local disk by default."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Protocol

MAX_NAME_BYTES = 200  # file systems allow 255 bytes a name


def safe_filename(name: str, default: str = "file") -> str:
    """A client's file name made safe to store and show: its last path segment (either separator), without
    NUL or other unprintable characters, at most MAX_NAME_BYTES of UTF-8 (the extension kept); `default`
    when nothing usable is left (empty, `.`, `..`)."""
    base = "".join(ch for ch in re.split(r"[/\\]", name)[-1] if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return default
    if len(base.encode()) > MAX_NAME_BYTES:
        suffix = Path(base).suffix[:16]
        stem = base.encode()[: MAX_NAME_BYTES - len(suffix.encode())].decode(errors="ignore")
        base = stem + suffix
    return base


class Storage(Protocol):
    def save(self, folder: str, filename: str, data: bytes) -> str: ...
    def delete(self, key: str) -> None: ...
    def url(self, key: str) -> str: ...
    def open(self, key: str) -> bytes: ...


class LocalStorage:
    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self.base_url = base_url.rstrip("/")

    def save(self, folder: str, filename: str, data: bytes) -> str:
        key = f"{folder}/{uuid.uuid4().hex}/{safe_filename(filename)}"
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return key

    def delete(self, key: str) -> None:
        path = self.root / key
        if path.is_file():
            path.unlink()

    def url(self, key: str) -> str:
        return f"{self.base_url}/media/{key}"

    def open(self, key: str) -> bytes:
        return (self.root / key).read_bytes()
