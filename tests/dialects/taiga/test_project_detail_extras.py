"""The project detail as taiga-back answers it (detail, by_slug, create): due date lists, my_homepage,
archived_code, the admins' CSV uuids, and embedded table rows carrying `project_id`; the CSV reports
those uuids open, and regenerating or deleting them."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

EMBEDDED = ("epic_statuses", "us_statuses", "task_statuses", "issue_statuses", "points", "issue_types", "priorities",
            "severities", "roles", "swimlanes")  # fmt: skip
CSV_FIELDS = ("epics_csv_uuid", "userstories_csv_uuid", "tasks_csv_uuid", "issues_csv_uuid")


def test_detail_by_slug_and_create_have_taigas_fields(client, team):
    world, project, owner, member, _ = team
    h = world.auth(owner)
    r = client.post("/api/v1/userstory-custom-attributes", json={"project": project.id, "name": "Size"}, headers=h)
    assert r.status_code == 201
    created = client.post("/api/v1/projects", json={"name": "New", "description": "d"}, headers=h)
    assert created.status_code == 201
    detail = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    by_slug = client.get(f"/api/v1/projects/by_slug?slug={project.slug}", headers=h).json()
    for body in (detail, by_slug, created.json()):
        for name in ("us_duedates", "task_duedates", "issue_duedates"):
            assert isinstance(body[name], list)
        assert body["archived_code"] is None and body["my_homepage"] is False
        for name in CSV_FIELDS:
            assert name in body and body[name] is None
        for name in EMBEDDED:
            assert body[name] or name == "swimlanes", name  # lanes come with kanban
            for row in body[name]:
                assert row["project_id"] == body["id"] and "project" not in row, name
        assert "members_count" not in body["roles"][0]
        assert set(body["roles"][0]) == {"id", "name", "slug", "order", "computable", "permissions", "project_id"}
    attribute = client.get(f"/api/v1/projects/{project.id}", headers=h).json()["userstory_custom_attributes"][0]
    assert attribute["project_id"] == project.id and "project" not in attribute
    own = client.get(f"/api/v1/userstory-custom-attributes/{attribute['id']}", headers=h).json()
    assert own["project"] == project.id  # its own endpoint keeps `project`
    assert client.get(f"/api/v1/projects/{team.public.id}").json()["my_homepage"] == "{}"  # anonymous
    settings = client.get(f"/api/v1/user-project-settings?project={project.id}", headers=world.auth(member)).json()
    r = client.patch(f"/api/v1/user-project-settings/{settings[0]['id']}", json={"homepage": 3},
                     headers=world.auth(member))  # fmt: skip
    assert r.status_code == 200, r.text
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(member)).json()["my_homepage"] == 3


def rows(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/csv")
    return list(csv.reader(io.StringIO(response.text)))


@pytest.mark.parametrize("prefix, kind", [("userstories", "story"), ("tasks", "task"), ("issues", "issue"),
                                          ("epics", "epic")])  # fmt: skip
def test_csv_uuid_regenerate_delete_and_report(client, team, prefix, kind):
    world, project, owner, member, _ = team
    world.item(owner, kind, project, subject="=SUM(A1)")
    url = f"/api/v1/projects/{project.id}/regenerate_{prefix}_csv_uuid"
    assert client.post(url, headers=world.auth(member)).status_code == 403
    r = client.post(url, headers=world.auth(owner))
    assert r.status_code == 200, r.text
    uuid = r.json()["uuid"]
    assert isinstance(uuid, str) and len(uuid) == 32
    detail = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()
    assert detail[f"{prefix}_csv_uuid"] == uuid
    table = rows(client.get(f"/api/v1/{prefix}/csv?uuid={uuid}"))  # no login: the uuid is the key
    assert table[0][:4] == ["id", "ref", "subject", "description"] and len(table) == 2
    assert table[1][2] == "'=SUM(A1)"
    assert client.get(f"/api/v1/{prefix}/csv").status_code == 404
    assert client.get(f"/api/v1/{prefix}/csv?uuid=nope").status_code == 404
    again = client.post(url, headers=world.auth(owner)).json()["uuid"]
    assert again != uuid and client.get(f"/api/v1/{prefix}/csv?uuid={uuid}").status_code == 404
    r = client.post(f"/api/v1/projects/{project.id}/delete_{prefix}_csv_uuid", headers=world.auth(owner))
    assert r.status_code == 200 and r.json() == {"uuid": None}
    assert client.get(f"/api/v1/{prefix}/csv?uuid={again}").status_code == 404


def test_userstories_csv_has_taigas_columns(client, team):
    world, project, owner, member, _ = team
    h = world.auth(owner)
    client.post("/api/v1/userstory-custom-attributes", json={"project": project.id, "name": "Size"}, headers=h)
    story = world.item(owner, "story", project, subject="Login", tags=["ui"], assigned_to_id=member.id)
    world.item(owner, "task", project, subject="Do it", parent_id=story.id)
    uuid = client.post(f"/api/v1/projects/{project.id}/regenerate_userstories_csv_uuid", headers=h).json()["uuid"]
    head, row = rows(client.get(f"/api/v1/userstories/csv?uuid={uuid}"))
    assert head == [
        "id", "ref", "subject", "description", "sprint_id", "sprint", "sprint_estimated_start",
        "sprint_estimated_finish", "owner", "owner_full_name", "assigned_to", "assigned_to_full_name",
        "assigned_users", "assigned_users_full_name", "status", "is_closed", "swimlane", "back-points",
        "design-points", "front-points", "ux-points", "total-points", "backlog_order", "sprint_order",
        "kanban_order", "created_date", "modified_date", "finish_date", "client_requirement", "team_requirement",
        "attachments", "generated_from_issue", "generated_from_task", "from_task_ref", "external_reference",
        "tasks", "tags", "watchers", "voters", "due_date", "due_date_reason", "epics", "Size",
    ]  # fmt: skip
    values = dict(zip(head, row, strict=True))
    assert values["subject"] == "Login" and values["owner"] == "owner" and values["assigned_to"] == "member"
    assert values["status"] == "New" and values["is_closed"] == "False" and values["tags"] == "ui"
    assert values["tasks"] == "2" and values["watchers"] == "[]" and values["voters"] == "0"


@pytest.mark.real_db
def test_parallel_regenerations_keep_every_uuid(app, team):
    world, project, owner, _, _ = team
    prefixes = ["epics", "userstories", "tasks", "issues"] * 3

    def regenerate(prefix):
        with TestClient(app, raise_server_exceptions=False) as own:
            r = own.post(f"/api/v1/projects/{project.id}/regenerate_{prefix}_csv_uuid", headers=world.auth(owner))
            return prefix, r.status_code, r.json()["uuid"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(regenerate, prefixes))
    assert {code for _, code, _ in results} == {200}
    with TestClient(app) as own:
        detail = own.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()
        for prefix in set(prefixes):
            uuid = detail[f"{prefix}_csv_uuid"]
            assert uuid in {u for p, _, u in results if p == prefix}
            assert own.get(f"/api/v1/{prefix}/csv?uuid={uuid}").status_code == 200


def test_detail_lists_the_due_date_levels_of_each_kind(client, team):
    world, project, owner, _, _ = team
    h = world.auth(owner)
    made = client.post("/api/v1/userstory-due-dates/create_default", json={"project_id": project.id}, headers=h)
    assert made.status_code == 200, made.text
    level = client.post("/api/v1/task-due-dates", json={"project": project.id, "name": "Late", "color": "#ff0000",
                                                         "days_to_due": -1}, headers=h)  # fmt: skip
    assert level.status_code == 201, level.text
    detail = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    assert [d["id"] for d in detail["us_duedates"]] == [d["id"] for d in made.json()]
    assert detail["task_duedates"] == [{"id": level.json()["id"], "name": "Late", "order": level.json()["order"],
                                        "by_default": False, "color": "#ff0000", "days_to_due": -1,
                                        "project_id": project.id}]  # fmt: skip
    assert detail["issue_duedates"] == []
