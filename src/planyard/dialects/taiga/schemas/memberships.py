"""Taiga membership wire shapes (§41.11; admins also see the emails) and request bodies (§11.2-11.5)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import BodyId
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.dialects.taiga.schemas.users import UserBasicInfo
from planyard.kit.limits import LongText


class MembershipDetail(BaseModel):
    id: int
    user: int | None
    project: int
    role: int
    is_admin: bool
    created_at: TaigaDateTime
    invited_by: UserBasicInfo | None
    invitation_extra_text: str | None
    user_order: int
    role_name: str
    full_name: str | None
    is_user_active: bool
    color: str | None
    photo: str | None
    gravatar_id: str | None
    project_name: str
    project_slug: str
    is_owner: bool


class MembershipAdminDetail(MembershipDetail):
    email: str | None
    user_email: str | None


class MembershipCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project: BodyId
    role: BodyId
    email: str | None = Field(default=None, max_length=255)
    username: str | None = Field(default=None, max_length=255)
    is_admin: bool = False
    invitation_extra_text: LongText | None = None


class MembershipEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project: BodyId | None = None
    role: BodyId | None = None
    is_admin: bool | None = None


class MembershipReplace(MembershipEdit):
    role: BodyId


class BulkMembership(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role_id: BodyId
    email: str | None = Field(default=None, max_length=255)
    username: str | None = Field(default=None, max_length=255)


class MembershipsBulkCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId
    bulk_memberships: list[BulkMembership]
    invitation_extra_text: str | None = Field(default=None, max_length=255)
