"""Taiga user wire shapes (§40.6-40.9) and their request bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class UserDetail(BaseModel):
    id: int
    username: str
    full_name: str
    full_name_display: str
    color: str
    bio: str
    lang: str
    theme: str
    timezone: str
    is_active: bool
    photo: str | None
    big_photo: str | None
    gravatar_id: str
    roles: list[str] = []


class UserAdminDetail(UserDetail):
    email: str
    uuid: str
    date_joined: datetime
    read_new_terms: bool
    accepted_terms: bool
    verified_email: bool
    max_private_projects: int | None
    max_public_projects: int | None
    max_memberships_private_projects: int | None
    max_memberships_public_projects: int | None
    total_private_projects: int
    total_public_projects: int


class UserAuthDetail(UserAdminDetail):
    auth_token: str
    refresh: str
    github_id: int | None = None


class UserBasicInfo(BaseModel):
    id: int
    username: str
    full_name_display: str
    photo: str | None
    big_photo: str | None
    gravatar_id: str
    is_active: bool


class UserEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    username: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    full_name: str | None = Field(default=None, max_length=256)
    bio: str | None = None
    lang: str | None = Field(default=None, max_length=20)
    theme: str | None = Field(default=None, max_length=100)
    timezone: str | None = Field(default=None, max_length=63)
    color: str | None = Field(default=None, max_length=9)


class LoginBody(BaseModel):
    type: Literal["normal"] = "normal"
    username: str
    password: str


class RefreshBody(BaseModel):
    refresh: str


class RegisterBody(BaseModel):
    type: Literal["public", "private"] = "public"
    username: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1)
    email: str | None = Field(default=None, max_length=255)
    full_name: str | None = Field(default=None, max_length=256)
    existing: bool | None = None
    token: str | None = None
    accepted_terms: bool | None = None
