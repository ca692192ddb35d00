"""People on the wire: the user fields Kaiten's user objects share, space users (K19-K24) and the bodies
that add a user to a space or change the user's role (the seed documents none: `user_id`, and `role_id`
as a tree entity role uid or its level 1 reader, 2 writer, 3 admin)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class UserFields(BaseModel):
    """The user fields every Kaiten user object carries."""

    id: int
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


class Person(UserFields):
    uid: str


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


class EmailSettings(BaseModel):
    deadlines: bool
    subject_by: int


class CompanyUser(Person):
    """A user of the company (K90 `/users`, K100/K101 `/company/users`: one shape holding both)."""

    user_id: int
    company_id: int
    default_space_id: int | None
    permissions: int
    own_permissions: int
    role: int
    email_blocked: str | None
    email_blocked_reason: str | None
    delete_requested_at: str | None
    email_frequency: int
    email_settings: EmailSettings
    slack_id: None
    slack_settings: None
    notification_settings: dict[str, Any]
    notification_enabled_channels: list[str]
    slack_private_channel_id: int | None
    telegram_sd_bot_enabled: bool
    invite_last_sent_at: str
    apps_permissions: str
    external: bool
    last_request_date: str | None
    last_request_method: str | None


class CompanyUserEdit(BaseModel):
    """`role` 1 owner (a company admin), 2 user, 3 deactivated; `permissions` the company permission bits."""

    model_config = ConfigDict(extra="ignore")

    role: Literal[1, 2, 3] | None = None
    permissions: StrictInt | None = Field(default=None, ge=0, le=2**31 - 1)


class ProfileEdit(BaseModel):
    """`PATCH /users/{id}`: the user's own profile."""

    model_config = ConfigDict(extra="ignore")

    full_name: str | None = Field(default=None, max_length=256)
    username: str | None = Field(default=None, min_length=1, max_length=255)
    lng: str | None = Field(default=None, max_length=20)
    timezone: str | None = Field(default=None, max_length=63)
    theme: Literal["light", "dark", "auto"] | None = None
