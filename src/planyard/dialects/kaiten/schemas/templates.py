"""Space template checklists on the wire (K25-K30) and their bodies (the seed documents none: `name`,
`sort_order`; items `text`, `sort_order`, `user_id`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr


class TemplateItem(BaseModel):
    uid: str
    text: str
    sort_order: float
    user_id: int | None
    created: str
    updated: str


class TemplateChecklist(BaseModel):
    uid: str
    name: str
    sort_order: float
    space_uid: str
    created: str
    updated: str


class TemplateChecklistListed(TemplateChecklist):
    items: list[TemplateItem]


class Removed(BaseModel):
    uid: str


class TemplateWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr = Field(min_length=1, max_length=500)
    sort_order: float | None = Field(default=None, allow_inf_nan=False)


class TemplateEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr | None = Field(default=None, min_length=1, max_length=500)
    sort_order: float | None = Field(default=None, allow_inf_nan=False)


class TemplateItemWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: StrictStr = Field(min_length=1, max_length=10_000)
    sort_order: float | None = Field(default=None, allow_inf_nan=False)
    user_id: StrictInt | None = None


class TemplateItemEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: StrictStr | None = Field(default=None, min_length=1, max_length=10_000)
    sort_order: float | None = Field(default=None, allow_inf_nan=False)
    user_id: StrictInt | None = None
