"""Taiga user wire shapes (§40.6-40.9) and their request bodies."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel
from typing_extensions import TypedDict

from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.kit.limits import LongText, ShortText


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
    date_joined: TaigaDateTime
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


class UserBasicInfo(TypedDict):
    id: int
    username: str
    full_name_display: str
    photo: str | None
    big_photo: str | None
    gravatar_id: str
    is_active: bool


class ContactProject(BaseModel):
    id: int
    slug: str
    name: str


class UserContact(UserDetail):
    projects_with_me: list[ContactProject]


class UserStats(BaseModel):
    roles: list[str]
    total_num_closed_userstories: int
    total_num_contacts: int
    total_num_projects: int


class HighlightedContent(BaseModel):
    """One watched, liked or voted element (§41.58-41.60)."""

    type: str
    id: int
    ref: int | None
    slug: str | None
    name: str | None
    subject: str | None
    description: str | None
    assigned_to: int | None
    assigned_to_username: str | None
    assigned_to_full_name: str | None
    assigned_to_photo: str | None
    assigned_to_extra_info: UserBasicInfo | None
    status: str | None
    status_color: str | None
    tags_colors: list[dict[str, str | None]]
    created_date: TaigaDateTime
    is_private: bool | None
    logo_small_url: str | None
    project: int | None
    project_name: str | None
    project_slug: str | None
    project_is_private: bool | None
    project_blocked_code: str | None
    is_watcher: bool
    total_watchers: int


class LikedContent(HighlightedContent):
    type: Literal["project"]
    is_fan: bool
    total_fans: int


class VotedContent(HighlightedContent):
    type: Literal["epic", "userstory", "task", "issue"]
    is_voter: bool
    total_voters: int


class WatchedContent(RootModel[Annotated[LikedContent | VotedContent, Field(discriminator="type")]]):
    """Projects come as liked objects (fans), items as voted objects (voters)."""


class UserEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    username: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    full_name: str | None = Field(default=None, max_length=256)
    bio: LongText | None = None
    lang: str | None = Field(default=None, max_length=20)
    theme: str | None = Field(default=None, max_length=100)
    timezone: str | None = Field(default=None, max_length=63)
    color: str | None = Field(default=None, max_length=9)


class LoginBody(BaseModel):
    type: Literal["normal"] = "normal"
    username: ShortText
    password: ShortText


class RefreshBody(BaseModel):
    refresh: ShortText


class RegisterBody(BaseModel):
    type: Literal["public", "private"] = "public"
    username: ShortText = Field(min_length=1, max_length=255)
    password: ShortText = Field(min_length=1)
    email: str | None = Field(default=None, max_length=255)
    full_name: str | None = Field(default=None, max_length=256)
    existing: bool | None = None
    token: ShortText | None = None
    accepted_terms: bool | None = None


class ChangeEmailBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    email_token: ShortText


class ChangePasswordBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    current_password: ShortText | None = None
    password: ShortText | None = None


class PasswordRecoveryBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    username: ShortText | None = None


class PasswordRecoverySent(BaseModel):
    detail: str
    email: str


class RecoveryPasswordBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    token: ShortText
    password: ShortText


class CancelBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    cancel_token: ShortText | None = None
