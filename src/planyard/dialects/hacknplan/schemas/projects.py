"""Projects on the wire: `createProjectValues`, `updateProjectValues` (PUT: every field, the optional ones
set to null when left out), `patchProjectValues` (PATCH: only those sent), and the project (R8) and
metrics (R2) objects."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.hacknplan.schemas.users import User


class ProjectValues(BaseModel):
    """Create and PUT: `name` required; the others optional (null when left out)."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=250)
    description: str | None = None
    generalInfo: str | None = None
    costMetric: str | None = Field(default=None, max_length=50)
    hoursPerDay: int | None = Field(default=None, ge=1, le=24)
    moduleConfig: dict[str, bool] | None = None


class ProjectCreate(ProjectValues):
    workspaceId: int | None = None


class ProjectPatch(BaseModel):
    """Only the fields sent change (`name` may not be null)."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=250)
    description: str | None = None
    generalInfo: str | None = None
    costMetric: str | None = Field(default=None, max_length=50)
    hoursPerDay: int | None = Field(default=None, ge=1, le=24)
    moduleConfig: dict[str, bool] | None = None


class Project(BaseModel):
    id: int
    workspaceId: int
    name: str
    description: str
    generalInfo: str | None
    closingDate: str | None
    creationDate: str | None
    owner: User | None
    costMetric: str
    isDemo: bool
    hoursPerDay: int
    moduleConfig: dict[str, bool]
    defaultBoardId: int | None


class Metrics(BaseModel):
    categories: list[dict[str, Any]]
    totalWorkItems: int
    totalWorkItemsVariation: int
    openWorkItems: int
    closedWorkItems: int
    estimatedCost: float
    estimatedCostVariation: float
    loggedCost: float
    remainingCost: float
