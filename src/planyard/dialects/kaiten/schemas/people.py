"""People on the wire: the user fields Kaiten's user objects share, space users (K19-K24) and the bodies
that add a user to a space or change the user's role (the seed documents none: `user_id`, and `role_id`
as a tree entity role uid or its level 1 reader, 2 writer, 3 admin)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class Person(BaseModel):
    id: int
    uid: str
    full_name: str
    email: str
    username: str
    avatar_initials_url: str | None
    avatar_uploaded_url: str | None
    initials: str
    avatar_type: int
    lng: str
    timezone: str
    theme: str
    updated: str
    created: str
    activated: bool
    ui_version: int
    virtual: bool


class AccessRecord(BaseModel):
    entity_uid: str
    user_id: int
    access_mod: str
    own_access_mod: str
    own_role_ids: list[str]


class SpaceUser(Person, AccessRecord):
    apps_permissions: str
    current: bool


class SpaceUserAdded(BaseModel):
    user: Person
    access_record: AccessRecord
    message: str


RoleRef = StrictInt | str


class SpaceUserAdd(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user_id: StrictInt = Field(ge=1)
    role_id: RoleRef | None = None


class SpaceUserEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role_id: RoleRef | None = None
