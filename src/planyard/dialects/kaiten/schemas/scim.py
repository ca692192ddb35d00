"""SCIM 2.0 (RFC 7643/7644) users and groups as Kaiten's SCIM endpoints carry them; the seed documents no
body, only that `PATCH /Users` updates `active` and `name`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


class Name(BaseModel):
    model_config = ConfigDict(extra="ignore")

    formatted: StrictStr | None = Field(default=None, max_length=256)
    givenName: StrictStr | None = Field(default=None, max_length=128)  # noqa: N815 - SCIM's name
    familyName: StrictStr | None = Field(default=None, max_length=128)  # noqa: N815 - SCIM's name


class Email(BaseModel):
    model_config = ConfigDict(extra="ignore")

    value: StrictStr = Field(max_length=255)
    primary: bool | None = None
    type: str | None = None


class Meta(BaseModel):
    resourceType: str  # noqa: N815 - SCIM's name
    created: str
    lastModified: str  # noqa: N815 - SCIM's name


class ScimUser(BaseModel):
    schemas: list[str]
    id: str
    userName: str  # noqa: N815 - SCIM's name
    displayName: str  # noqa: N815 - SCIM's name
    name: Name
    emails: list[Email]
    active: bool
    meta: Meta


class ScimUserCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    userName: StrictStr = Field(min_length=1, max_length=255)  # noqa: N815 - SCIM's name
    name: Name | None = None
    displayName: StrictStr | None = Field(default=None, max_length=256)  # noqa: N815 - SCIM's name
    emails: list[Email] = Field(default_factory=list, max_length=20)
    active: StrictBool = True


class Member(BaseModel):
    model_config = ConfigDict(extra="ignore")

    value: StrictStr = Field(max_length=20)
    display: str | None = None


class ScimGroup(BaseModel):
    schemas: list[str]
    id: str
    displayName: str  # noqa: N815 - SCIM's name
    members: list[Member]
    meta: Meta


class ScimGroupCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    displayName: StrictStr = Field(min_length=1, max_length=255)  # noqa: N815 - SCIM's name
    members: list[Member] = Field(default_factory=list, max_length=1000)


class Operation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    op: StrictStr = Field(max_length=16)
    path: StrictStr | None = Field(default=None, max_length=255)
    value: Any = None


class PatchOp(BaseModel):
    model_config = ConfigDict(extra="ignore")

    schemas: list[str] = Field(default_factory=list)
    Operations: list[Operation] = Field(min_length=1, max_length=100)  # noqa: N815 - SCIM's name


class ListResponse(BaseModel):
    schemas: list[str]
    totalResults: int  # noqa: N815 - SCIM's name
    startIndex: int  # noqa: N815 - SCIM's name
    itemsPerPage: int  # noqa: N815 - SCIM's name
    Resources: list[dict[str, Any]]  # noqa: N815 - SCIM's name
