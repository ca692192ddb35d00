"""Taiga §6 Resolver and §8 User storage (both called by the web client on every board page)."""

from __future__ import annotations

from planyard.core.work_items import service
from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.core.work_items.service import ItemChanges


def test_resolver(client, world):
    owner, outsider = world.user(), world.user()
    project = world.project(owner, private=True)
    h = world.auth(owner)
    make = lambda kind: world.run(  # noqa: E731
        lambda ctx: service.create_item(ctx, kind, project.id, ItemChanges({"subject": "x"})), actor=owner
    )
    story, task, issue = make(STORY), make(TASK), make(ISSUE)
    sprint = client.post("/api/v1/milestones", headers=h, json={
        "project": project.id, "name": "Sprint 0", "estimated_start": "2026-01-01",
        "estimated_finish": "2026-01-10"}).json()  # fmt: skip
    r = client.get("/api/v1/resolver", params={"project": project.slug, "us": story.ref, "task": task.ref,
                                               "milestone": sprint["slug"]}, headers=h)  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json() == {"project": project.id, "us": story.id, "task": task.id, "milestone": sprint["id"]}
    by_ref = client.get("/api/v1/resolver", params={"project": project.slug, "ref": issue.ref}, headers=h)
    assert by_ref.json() == {"project": project.id, "issue": issue.id}
    assert (
        client.get("/api/v1/resolver", params={"project": project.slug}, headers=world.auth(outsider)).status_code
        == 404
    )
    assert client.get("/api/v1/resolver", params={"project": project.slug, "us": 999}, headers=h).status_code == 404
    assert client.get("/api/v1/resolver", params={"project": "nope"}, headers=h).status_code == 404
    assert client.get("/api/v1/resolver", headers=h).status_code == 400


def test_user_storage_round_trip(client, world):
    user, other = world.user(), world.user()
    h = world.auth(user)
    assert client.get("/api/v1/user-storage/filters", headers=h).status_code == 404
    created = client.post("/api/v1/user-storage", json={"key": "filters", "value": {"tags": ["ui"]}}, headers=h)
    assert created.status_code == 201
    assert set(created.json()) == {"key", "value", "created_date", "modified_date"}
    assert client.post("/api/v1/user-storage", json={"key": "filters", "value": 1}, headers=h).status_code == 400
    edited = client.patch("/api/v1/user-storage/filters", json={"value": [1, 2]}, headers=h)
    assert edited.status_code == 200 and edited.json()["value"] == [1, 2]
    assert [e["key"] for e in client.get("/api/v1/user-storage", headers=h).json()] == ["filters"]
    assert client.get("/api/v1/user-storage/filters", headers=world.auth(other)).status_code == 404
    assert client.delete("/api/v1/user-storage/filters", headers=h).status_code == 204
    assert client.get("/api/v1/user-storage/filters", headers=h).status_code == 404
    assert client.get("/api/v1/user-storage").status_code == 401
    assert client.post("/api/v1/user-storage", json={"value": 1}, headers=h).status_code == 400
