"""Taiga §8 User storage: the logged-in user's key/value data (§40.11)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from planyard.core.taiga_rules import user_storage
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.kit.limits import JsonValue, ShortText
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["user-storage"])


class StorageEntry(BaseModel):
    key: str
    value: Any
    created_date: datetime
    modified_date: datetime


class StorageCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    key: ShortText
    value: JsonValue = None


class StorageEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    value: JsonValue = None


@router.get("/user-storage", response_model=list[StorageEntry])
def list_entries(ctx: Ctx) -> Response:
    return render(StorageEntry, user_storage.list_entries(ctx))


@router.post("/user-storage", status_code=201, response_model=StorageEntry)
def create_entry(body: StorageCreate, ctx: Ctx) -> Response:
    return render(StorageEntry, user_storage.create_entry(ctx, body.key, body.value), status=201)


@router.get("/user-storage/{key}", response_model=StorageEntry)
def get_entry(key: str, ctx: Ctx) -> Response:
    return render(StorageEntry, user_storage.get_entry(ctx, key))


@router.put("/user-storage/{key}", response_model=StorageEntry)
@router.patch("/user-storage/{key}", response_model=StorageEntry)
def edit_entry(key: str, body: StorageEdit, ctx: Ctx) -> Response:
    return render(StorageEntry, user_storage.update_entry(ctx, key, body.value))


@router.delete("/user-storage/{key}", status_code=204)
def delete_entry(key: str, ctx: Ctx) -> Response:
    user_storage.delete_entry(ctx, key)
    return empty(204)
