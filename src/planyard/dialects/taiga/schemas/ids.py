"""Bounded integers for ids and orders: values the database can hold, else a 400 naming the field."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2**63 - 1
MAX_SMALL = 2**31 - 1

BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Order = Annotated[int, Field(ge=0, le=MAX_SMALL)]
