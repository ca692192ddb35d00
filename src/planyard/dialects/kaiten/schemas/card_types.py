"""Card types on the wire: the bodies (`name`, `letter`, `color` number, `archived`) and the seed's card type."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CardTypeCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)
    letter: str = Field(default="", max_length=8)
    color: int = Field(default=1, ge=1, le=1000)
    archived: bool | None = None


class CardTypeEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=255)
    letter: str | None = Field(default=None, max_length=8)
    color: int | None = Field(default=None, ge=1, le=1000)
    archived: bool | None = None


class CardType(BaseModel):
    id: int
    uid: str
    name: str
    letter: str
    color: int
    archived: bool
    company_id: int | None
    properties: dict[str, object] | None
    suggest_fields: bool
    author_uid: str | None
    description_template: str | None
