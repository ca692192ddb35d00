"""Users on the wire: the user of `GET /users/me` and of every `user`/`owner`/`creator` field (R21)."""

from __future__ import annotations

from pydantic import BaseModel


class User(BaseModel):
    id: int
    username: str
    email: str
    name: str
    creationDate: str | None
