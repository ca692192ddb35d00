"""File storage behind one interface; the local disk by default."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Protocol


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
        safe_name = Path(filename).name or "file"
        key = f"{folder}/{uuid.uuid4().hex}/{safe_name}"
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
