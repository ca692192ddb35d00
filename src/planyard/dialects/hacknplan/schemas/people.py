"""Workspaces, teams, roles and project users on the wire: the `...Values` bodies (docs/mapping.md) and
the R15/R16/R20/R30/R31/R32 objects."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.hacknplan.schemas.users import User


class Workspace(BaseModel):
    id: int
    name: str
    owner: User | None
    generalInfo: str | None
    totalSeats: int
    usedSeats: int
    creationDate: str | None
    projects: list[dict[str, Any]] | None


class WorkspaceUser(BaseModel):
    workspaceId: int
    user: User
    teamId: int
    isAdmin: bool
    isGuest: bool
    isActive: bool
    creationDate: str | None


class Team(BaseModel):
    workspaceId: int
    teamId: int
    name: str
    users: list[User]
    creator: User | None
    creationDate: str | None


class DesignAccess(BaseModel):
    model_config = ConfigDict(extra="ignore")

    canRead: bool = True
    canWrite: bool = True


class CategoryAccess(BaseModel):
    model_config = ConfigDict(extra="ignore")

    categoryId: int
    canRead: bool = True
    canWrite: bool = True


class RoleValues(BaseModel):
    """Create and PUT: `name` required, the others optional (PUT: left out = none / not admin)."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=200)
    isAdmin: bool = False
    displayOrder: int | None = Field(default=None, ge=0, le=2**31 - 1)
    categoryAccess: list[CategoryAccess] | None = None
    designAccess: DesignAccess | None = None
    featureAccess: list[dict[str, Any]] | None = None


class RolePatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    isAdmin: bool | None = None
    displayOrder: int | None = Field(default=None, ge=0, le=2**31 - 1)
    categoryAccess: list[CategoryAccess] | None = None
    designAccess: DesignAccess | None = None
    featureAccess: list[dict[str, Any]] | None = None


class Role(BaseModel):
    projectId: int
    roleId: int
    name: str
    isAdmin: bool
    creationDate: str | None
    permissions: dict[str, Any]


class RoleInternal(BaseModel):
    projectId: int
    roleId: int
    name: str
    isAdmin: bool
    displayOrder: int
    creationDate: str | None
    categoryAccess: list[dict[str, Any]]
    designAccess: dict[str, Any]
    featureAccess: list[dict[str, Any]]


class ProjectUser(BaseModel):
    projectId: int
    user: User
    isAdmin: bool
    isGuest: bool
    isActive: bool
    creationDate: str | None
    permissions: dict[str, Any]
    role: Role


class ProjectUserCreate(BaseModel):
    """A user by id or an email (an unknown email gets an invitation); `roleId` default: the project's
    first role."""

    model_config = ConfigDict(extra="ignore")

    userId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    email: str | None = Field(default=None, min_length=3, max_length=255)
    roleId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    isAdmin: bool = False


class ProjectUserValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    roleId: int = Field(ge=1, le=2**31 - 1)
    isAdmin: bool = False


class ProjectUserPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    roleId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    isAdmin: bool | None = None
