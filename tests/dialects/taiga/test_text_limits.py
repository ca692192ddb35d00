"""Documented text limits (docs/operations.md, "Limits"): an over-long field answers Taiga's 400 with the
field named and writes nothing; a field exactly at its limit is taken."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from planyard.kit import limits

KINDS = ["userstories", "tasks", "issues", "epics"]
TOO_LONG = "Ensure this field has no more than {} characters."


@pytest.fixture
def owner_project(world):
    owner = world.user()
    return world, owner, world.project(owner), world.auth(owner)


def listed(client, kind, project, h):
    return client.get(f"/api/v1/{kind}", params={"project": project.id}, headers=h).json()


@pytest.mark.parametrize("kind", KINDS)
def test_subjects_are_at_most_500_characters(client, owner_project, kind):
    world, _, project, h = owner_project
    r = client.post(f"/api/v1/{kind}", json={"project": project.id, "subject": "s" * 501}, headers=h)
    assert r.status_code == 400 and r.json() == {"subject": [TOO_LONG.format(500)]}
    assert listed(client, kind, project, h) == []
    r = client.post(f"/api/v1/{kind}", json={"project": project.id, "subject": "s" * 500}, headers=h)
    assert r.status_code == 201, r.text
    item = r.json()
    r = client.patch(f"/api/v1/{kind}/{item['id']}", json={"subject": "t" * 501, "version": item["version"]}, headers=h)
    assert r.status_code == 400 and "subject" in r.json()
    assert [i["subject"] for i in listed(client, kind, project, h)] == ["s" * 500]


@pytest.mark.parametrize("kind", KINDS)
def test_a_tag_is_at_most_255_characters_and_an_item_holds_200(client, owner_project, kind):
    world, _, project, h = owner_project
    for tags in (["t" * 256], [["t" * 256, "#ffffff"]], [f"t{i}" for i in range(201)]):
        r = client.post(f"/api/v1/{kind}", json={"project": project.id, "subject": "s", "tags": tags}, headers=h)
        assert r.status_code == 400 and "tags" in r.json(), r.text
    assert listed(client, kind, project, h) == []
    assert client.get(f"/api/v1/projects/{project.id}", headers=h).json()["tags_colors"] == {}
    r = client.post(f"/api/v1/{kind}", json={"project": project.id, "subject": "s", "tags": ["t" * 255]}, headers=h)
    assert r.status_code == 201 and r.json()["tags"] in (["t" * 255], [["t" * 255, None]])


def test_project_tags_are_bounded(client, owner_project):
    world, _, project, h = owner_project
    url = f"/api/v1/projects/{project.id}"
    r = client.post(f"{url}/create_tag", json={"tag": "t" * 256}, headers=h)
    assert r.status_code == 400 and r.json() == {"tag": [TOO_LONG.format(255)]}
    r = client.patch(url, json={"tags": [f"t{i}" for i in range(201)]}, headers=h)
    assert r.status_code == 400 and r.json() == {"tags": ["Ensure this field has no more than 200 elements."]}
    r = client.patch(url, json={"tags": ["t" * 256]}, headers=h)
    assert r.status_code == 400 and "tags" in r.json()
    anonymous = client.get("/api/v1/projects").json()
    assert all(not p["tags"] and not p["tags_colors"] for p in anonymous)
    assert client.post(f"{url}/create_tag", json={"tag": "t" * 255}, headers=h).status_code == 200


def test_a_project_palette_is_bounded(client, owner_project, monkeypatch):
    world, _, project, h = owner_project
    monkeypatch.setattr(limits, "PROJECT_TAGS", 3)
    r = client.post("/api/v1/userstories", json={"project": project.id, "subject": "s", "tags": ["a", "b", "c"]},
                    headers=h)  # fmt: skip
    assert r.status_code == 201
    r = client.post("/api/v1/userstories", json={"project": project.id, "subject": "s", "tags": ["a", "d"]}, headers=h)
    assert r.status_code == 400 and r.json() == {"tags": ["A project holds at most 3 tags."]}
    r = client.post(f"/api/v1/projects/{project.id}/create_tag", json={"tag": "e"}, headers=h)
    assert r.status_code == 400 and r.json() == {"tag": ["A project holds at most 3 tags."]}


@pytest.fixture
def roomy_client(app_with):
    return TestClient(app_with(max_body_bytes=1024 * 1024))


@pytest.mark.parametrize("field", ["description", "blocked_note", "comment"])
@pytest.mark.parametrize("kind", KINDS)
def test_long_texts_are_at_most_100000_characters(roomy_client, owner_project, kind, field):
    world, _, project, h = owner_project
    body = {"project": project.id, "subject": "s"}
    r = roomy_client.post(f"/api/v1/{kind}", json=body | {field: "x" * (limits.LONG_TEXT + 1)}, headers=h)
    assert r.status_code == 400 and r.json() == {field: [TOO_LONG.format(limits.LONG_TEXT)]}
    assert listed(roomy_client, kind, project, h) == []
    r = roomy_client.post(f"/api/v1/{kind}", json=body | {field: "x" * limits.LONG_TEXT}, headers=h)
    assert r.status_code == 201, r.text


def test_bio_comments_and_storage_are_bounded(roomy_client, owner_project):
    world, owner, project, h = owner_project
    huge = "x" * (limits.LONG_TEXT + 1)
    r = roomy_client.patch(f"/api/v1/users/{owner.id}", json={"bio": huge}, headers=h)
    assert r.status_code == 400 and r.json() == {"bio": [TOO_LONG.format(limits.LONG_TEXT)]}
    r = roomy_client.post("/api/v1/user-storage", json={"key": "k", "value": {"nested": [huge]}}, headers=h)
    assert r.status_code == 400 and r.json() == {"value": [TOO_LONG.format(limits.LONG_TEXT)]}
    r = roomy_client.post("/api/v1/user-storage", json={"key": "k" * 501, "value": 1}, headers=h)
    assert r.status_code == 400 and "key" in r.json()
    assert roomy_client.get("/api/v1/user-storage", headers=h).json() == []


BULK = [("userstories", "bulk_stories", "project_id"), ("tasks", "bulk_tasks", "project_id"),
        ("issues", "bulk_issues", "project_id"), ("epics", "bulk_epics", "project_id")]  # fmt: skip


@pytest.mark.parametrize("kind, field, project_field", BULK)
def test_bulk_creates_take_at_most_max_bulk_lines(client, app, owner_project, monkeypatch, kind, field, project_field):
    world, _, project, h = owner_project
    url = f"/api/v1/{kind}/bulk_create"
    assert app.state.env.settings.max_bulk_lines == 1_000
    r = client.post(url, json={project_field: project.id, field: "line\n" * 1_001}, headers=h)
    assert r.status_code == 400 and r.json() == {field: ["Ensure this field has no more than 1000 lines."]}
    monkeypatch.setattr(app.state.env.settings, "max_bulk_lines", 3)
    r = client.post(url, json={project_field: project.id, field: "a\nb\n\nc\nd"}, headers=h)
    assert r.status_code == 400 and r.json() == {field: ["Ensure this field has no more than 3 lines."]}
    assert listed(client, kind, project, h) == []
    r = client.post(url, json={project_field: project.id, field: "a\nb\n\nc\n"}, headers=h)
    assert r.status_code == 200 and len(r.json()) == 3
