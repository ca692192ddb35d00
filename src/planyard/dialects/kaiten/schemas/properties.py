"""Custom properties on the wire: the property (K111), its select values (K113-K116) and catalog values
(K118), collective score values (K120/K121) and vote values (K123-K125), and the bodies that write them
(the seed documents none: the response's field names)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

PropertyType = Literal["string", "number", "date", "email", "checkbox", "select", "url", "user", "phone", "catalog",
                       "collective_score", "collective_vote"]  # fmt: skip


class Property(BaseModel):
    id: int
    name: str
    type: str
    show_on_facade: bool
    multiline: bool
    fields_settings: dict[str, Any] | None
    author_id: int | None
    company_id: int
    updated: str
    created: str
    condition: str
    colorful: bool
    multi_select: bool
    values_creatable_by_users: bool
    data: dict[str, Any] | None
    values_type: str | None
    vote_variant: str | None
    protected: bool
    color: int | None
    external_id: str | None


class PropertySettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    show_on_facade: StrictBool | None = None
    multiline: StrictBool | None = None
    fields_settings: dict[str, Any] | None = None
    colorful: StrictBool | None = None
    multi_select: StrictBool | None = None
    values_creatable_by_users: StrictBool | None = None
    data: dict[str, Any] | None = None
    values_type: StrictStr | None = Field(default=None, max_length=64)
    vote_variant: StrictStr | None = Field(default=None, max_length=64)
    protected: StrictBool | None = None
    color: StrictInt | None = Field(default=None, ge=0, le=1000)
    external_id: StrictStr | None = Field(default=None, max_length=255)
    condition: Literal["active", "inactive"] | None = None


class PropertyCreate(PropertySettings):
    name: StrictStr = Field(min_length=1, max_length=64)
    type: PropertyType


class PropertyEdit(PropertySettings):
    name: StrictStr | None = Field(default=None, min_length=1, max_length=64)


class SelectValue(BaseModel):
    id: int
    custom_property_id: int
    value: str
    color: int | None
    author_id: int | None
    company_id: int
    condition: str
    sort_order: float
    external_id: str | None
    created: str
    updated: str


class SelectValueWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    value: StrictStr = Field(min_length=1, max_length=1000)
    color: StrictInt | None = Field(default=None, ge=0, le=1000)
    sort_order: float | None = Field(default=None, allow_inf_nan=False)
    external_id: StrictStr | None = Field(default=None, max_length=255)
    condition: Literal["active", "inactive", "deleted"] | None = None


class SelectValueEdit(SelectValueWrite):
    value: StrictStr | None = Field(default=None, min_length=1, max_length=1000)  # type: ignore[assignment]


class CatalogValue(BaseModel):
    id: int
    custom_property_id: int
    value: dict[str, Any]
    name: str
    author_id: int | None
    updater_id: int | None
    condition: str
    created: str
    updated: str


class CatalogValueWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr = Field(min_length=1, max_length=255)
    value: dict[str, Any] = Field(default_factory=dict)
    condition: Literal["active", "inactive", "deleted"] | None = None


class CatalogValueEdit(CatalogValueWrite):
    name: StrictStr | None = Field(default=None, min_length=1, max_length=255)  # type: ignore[assignment]


class Author(BaseModel):
    id: int
    full_name: str
    username: str
    email: str


class ScoreValue(BaseModel):
    id: int
    custom_property_id: int
    value: str
    card_id: int
    author_id: int
    updater_id: int
    company_id: int
    created: str
    updated: str


class ScoreValueListed(BaseModel):
    id: int
    custom_property_id: int
    value: str
    card_id: int
    author_id: int
    author: Author


class ScoreValueWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    value: float = Field(allow_inf_nan=False, ge=-1e9, le=1e9)


class VoteValue(BaseModel):
    id: int
    custom_property_id: int
    number_vote: int | None
    emoji_vote: str | None
    card_id: int
    author_id: int
    company_id: int
    created: str
    updated: str


class VoteValueListed(BaseModel):
    id: int
    custom_property_id: int
    number_vote: int | None
    emoji_vote: str | None
    card_id: int
    author_id: int
    author: Author


class VoteValueWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    number_vote: StrictInt | None = Field(default=None, ge=-1000, le=1000)
    emoji_vote: StrictStr | None = Field(default=None, min_length=1, max_length=64)


class VoteDeleted(BaseModel):
    id: int
    number_vote: int | None
    emoji_vote: str | None
    custom_property_id: int
    author_id: int
    company_id: int
    card_id: int
