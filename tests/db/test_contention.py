"""A write that cannot get its lock in time is a 503 with Retry-After (Taiga's error shape), never a
500, and it writes nothing; the wait is bounded by `write_wait_seconds`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from planyard.config import Settings
from planyard.main import create_app

pytestmark = pytest.mark.real_db  # a served process / a lock held by another connection


@pytest.fixture
def impatient(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"write_wait_seconds": 0.3}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_a_write_waiting_too_long_is_503(app: Any, world: Any, impatient: TestClient) -> None:
    owner = world.user()
    project = world.project(owner, name="Before")
    holder = app.state.engine.connect()
    try:
        holder.begin()  # on SQLite: BEGIN IMMEDIATE, the database's one write lock
        if holder.dialect.name == "postgresql":
            holder.execute(text("SELECT id FROM projects WHERE id = :id FOR UPDATE"), {"id": project.id})
        started = time.monotonic()
        r = impatient.patch(f"/api/v1/projects/{project.id}", json={"name": "After"}, headers=world.auth(owner))
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert r.status_code == 503, r.text
    assert r.headers["Retry-After"] == "1"
    assert r.json()["_error_type"] == "taiga.base.exceptions.ServiceUnavailable"
    assert waited < 5
    assert impatient.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["name"] == "Before"
