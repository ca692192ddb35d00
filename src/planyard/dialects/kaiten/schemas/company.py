"""The company's own things on the wire: user roles (K98) and groups (K103), with the bodies that write
them (the seed documents none: the response's field names)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from planyard.dialects.kaiten.schemas.people import UserFields


class UserRole(BaseModel):
    id: int
    uid: str
    name: str
    company_id: int
    created: str
    updated: str


class UserRoleWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)


class UserRoleEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=255)


class Group(BaseModel):
    id: int
    uid: str
    name: str
    permissions: int
    add_to_cards_and_spaces_enabled: bool
    created: str
    updated: str


class GroupWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)
    permissions: StrictInt = Field(default=0, ge=0, le=2**31 - 1)
    add_to_cards_and_spaces_enabled: StrictBool = False


class GroupEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=255)
    permissions: StrictInt | None = Field(default=None, ge=0, le=2**31 - 1)
    add_to_cards_and_spaces_enabled: StrictBool | None = None


class GroupUser(UserFields):
    """K94/K95: the user fields a group's user carries."""

    email_blocked: str | None
    email_blocked_reason: str | None
    delete_requested_at: str | None


class GroupUserAdd(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user_id: StrictInt


class GroupEntity(BaseModel):
    """K105/K107: a group's access to a tree entity."""

    group_id: int
    entity_uid: str
    access_mod: str | None
    own_access_mod: str | None
    role_ids: list[str]
    own_role_ids: list[str]
    role_permissions: dict[str, Any] | None


class GroupEntityListed(BaseModel):
    """K106."""

    uid: str
    path: str
    title: str
    own_role_ids: list[str]
    entity_type: str


class GroupEntityAdd(BaseModel):
    model_config = ConfigDict(extra="ignore")

    entity_uid: str = Field(min_length=1, max_length=64)
    role_ids: list[str] = Field(default_factory=list, max_length=3)
    access_mod: str | None = Field(default=None, max_length=32)


class GroupEntityEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role_ids: list[str] | None = Field(default=None, max_length=3)
    access_mod: str | None = Field(default=None, max_length=32)
