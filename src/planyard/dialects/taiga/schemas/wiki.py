"""Taiga wiki page and wiki link wire shapes (§41.45-41.47; taiga-back's WikiPageSerializer and
WikiLinkSerializer) and bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from planyard.dialects.taiga.schemas.ids import BodyId
from planyard.dialects.taiga.schemas.milestones import ProjectExtraInfo
from planyard.kit.limits import LongText

Slug = Annotated[str, StringConstraints(max_length=500)]
BigOrder = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class WikiPageRead(BaseModel):
    id: int
    project: int
    project_extra_info: ProjectExtraInfo
    slug: str
    content: str
    owner: int | None
    last_modifier: int | None
    created_date: datetime
    modified_date: datetime
    html: str
    editions: int
    version: int
    is_watcher: bool
    total_watchers: int


class WikiPageEdit(BaseModel):
    """PATCH: any subset; `comment` adds a comment to the page's history, `version` guards the edit."""

    model_config = ConfigDict(extra="ignore")

    slug: Slug | None = None
    content: LongText | None = None
    watchers: list[BodyId] | None = None
    comment: LongText | None = None
    version: int | None = None


class WikiPageReplace(WikiPageEdit):
    slug: Slug


class WikiPageCreate(WikiPageReplace):
    project: BodyId


class WikiLinkRead(BaseModel):
    id: int
    project: int
    title: str
    href: str
    order: int


class WikiLinkEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Slug | None = None
    order: BigOrder | None = None


class WikiLinkReplace(WikiLinkEdit):
    title: Slug


class WikiLinkCreate(WikiLinkReplace):
    project: BodyId
