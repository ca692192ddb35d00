"""Request bodies of the project value resources (§14, §15, §19, §23-26); the read shapes are the
ones embedded in the project detail (schemas/projects.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, create_model


class _Write(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = Field(default=None, min_length=1, max_length=255)
    order: int | None = Field(default=None, ge=0, le=2**31 - 1)


class StatusWrite(_Write):
    slug: str | None = Field(default=None, max_length=255)
    color: str | None = Field(default=None, max_length=20)
    is_closed: bool | None = None


class UserStoryStatusWrite(StatusWrite):
    is_archived: bool | None = None
    wip_limit: int | None = Field(default=None, ge=0, le=2**31 - 1)


class PointsWrite(_Write):
    value: float | None = None


class OptionWrite(_Write):
    color: str | None = Field(default=None, max_length=20)


class DueDateWrite(_Write):
    color: str | None = Field(default=None, max_length=20)
    by_default: bool | None = None
    days_to_due: int | None = Field(default=None, ge=-(2**31), le=2**31 - 1)


class DueDateRead(BaseModel):
    """taiga-back's BaseDueDateSerializer."""

    id: int
    name: str
    order: int
    by_default: bool
    days_to_due: int | None
    color: str
    project: int


class DueDatesCreation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: int = Field(ge=1, le=2**63 - 1)


def create_model_of(write: type[_Write]) -> type[_Write]:
    """The create body: `project` and `name` become required."""
    name = write.__name__.replace("Write", "Create")
    return create_model(name, __base__=write, project=(int, ...), name=(str, Field(min_length=1, max_length=255)))


def replace_model_of(write: type[_Write]) -> type[_Write]:
    """The PUT body: the whole object, so `name` is required."""
    name = write.__name__.replace("Write", "Replace")
    return create_model(name, __base__=write, name=(str, Field(min_length=1, max_length=255)))
