"""Users on the wire: the current user of `GET /users/current` (the seed's K92 table, the fields Planyard
stores)."""

from __future__ import annotations

from pydantic import BaseModel


class CurrentUser(BaseModel):
    id: int
    uid: str
    user_id: int
    full_name: str
    email: str
    username: str
    initials: str
    avatar_initials_url: str | None
    avatar_uploaded_url: str | None
    avatar_type: int
    lng: str
    timezone: str
    theme: str
    created: str
    updated: str
    activated: bool
    virtual: bool
