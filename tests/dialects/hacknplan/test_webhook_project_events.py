"""HacknPlan's project-level webhook events (project, category, design element type, importance level,
role, stage, tag, project user) reaching a real local receiver: each family in the work item events'
envelope with `data` as the matching GET renders it, only the events a webhook subscribed to, the event
named in `X-HacknPlan-Event`, and writes through Taiga sent too."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.dialects.hacknplan.conftest import API, deliver

VERBS = ("created", "updated", "deleted")
WRITERS = 6


def _hook(client: Any, project_id: int, headers: dict[str, str], url: str, events: list[str]) -> None:
    made = client.post(f"{API}/projects/{project_id}/webhooks", json={"url": url, "events": events}, headers=headers)
    assert made.status_code == 201, made.text


def _family_events(client, app, headers, base, family) -> list[tuple[str, Any]]:
    """Create, update and delete one thing, each event handed out before the next write; the events
    expected: the GET renderings after the create and the update, then the gone thing's ids and name."""
    prefix, path, id_name, create, update = family
    made = client.post(f"{base}/{path}", json=create, headers=headers)
    assert made.status_code in (200, 201), made.text
    thing_id = made.json()[id_name]
    deliver(app)
    shown = [_listed(client, headers, base, path, id_name, thing_id)]
    changed = client.patch(f"{base}/{path}/{thing_id}", json=update, headers=headers)
    if changed.status_code == 405:
        changed = client.put(f"{base}/{path}/{thing_id}", json=create | update, headers=headers)
    assert changed.status_code == 200, changed.text
    deliver(app)
    shown.append(_listed(client, headers, base, path, id_name, thing_id))
    assert client.delete(f"{base}/{path}/{thing_id}", headers=headers).status_code == 200
    deliver(app)
    gone = {"projectId": shown[0]["projectId"], id_name: thing_id, "name": shown[1]["name"]}
    return [(f"{prefix}.created", shown[0]), (f"{prefix}.updated", shown[1]), (f"{prefix}.deleted", gone)]


def _listed(client: Any, headers: dict[str, str], base: str, path: str, id_name: str, thing_id: int) -> Any:
    return next(t for t in client.get(f"{base}/{path}", headers=headers).json() if t[id_name] == thing_id)


FAMILIES = [  # event prefix, path, id name, create body, update body
    ("category", "categories", "categoryId", {"name": "Lore", "color": "#123456", "icon": "book"}, {"name": "Lores"}),
    ("designelementtype", "designelementtypes", "designElementTypeId", {"name": "Boss"}, {"name": "Bosses"}),
    ("importancelevel", "importancelevels", "importanceLevelId", {"name": "Meh", "color": "#00ff00"}, {"name": "Meh!"}),
    ("role", "roles", "roleId", {"name": "Artist"}, {"name": "Painter"}),
    ("stage", "stages", "stageId", {"name": "Review", "color": "#112233"}, {"name": "Check"}),
    ("tag", "tags", "tagId", {"name": "boss", "color": "#ff0000", "icon": "skull"}, {"displayIconOnly": True}),
]


def test_each_family_reaches_only_its_subscribers_as_get_renders_it(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, member, outsider = team
    headers, base = hnp_auth(owner), f"{API}/projects/{project.id}"
    client.post(f"{base}/designelementtypes", json={"name": "Kept"}, headers=headers)  # the last type can't go
    deliver(app)
    for prefix, *_ in FAMILIES:
        _hook(client, project.id, headers, f"{hook_receiver.url}/{prefix}", [f"{prefix}.{v}" for v in VERBS])
    _hook(client, project.id, headers, f"{hook_receiver.url}/items", ["workitem.created"])
    expected = {family[0]: _family_events(client, app, headers, base, family) for family in FAMILIES}
    for prefix, events in expected.items():
        got = hook_receiver.on(f"/{prefix}")
        assert [r.json["event"] for r in got] == [name for name, _ in events], prefix
        assert [r.headers["x-hacknplan-event"] for r in got] == [name for name, _ in events]
        for request, (_, data) in zip(got, events, strict=True):
            body = request.json
            assert set(body) == {"event", "projectId", "date", "user", "data"}
            assert (body["projectId"], body["user"]["id"]) == (project.id, owner.id) and body["date"].endswith("Z")
            assert body["data"] == data, prefix  # rendered at hand-out, as GET renders the thing
    assert hook_receiver.on("/items") == []
    assert deliver(app) == 0


def test_project_and_project_user_events_and_a_name_finer_than_its_topic(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, member, outsider = team
    headers, base = hnp_auth(owner), f"{API}/projects/{project.id}"
    _hook(client, project.id, headers, f"{hook_receiver.url}/project",
          ["project.updated", "project.closed", "project.reopened"])  # fmt: skip
    _hook(client, project.id, headers, f"{hook_receiver.url}/closed", ["project.closed"])
    _hook(client, project.id, headers, f"{hook_receiver.url}/people",
          ["projectuser.added", "projectuser.updated", "projectuser.removed"])  # fmt: skip
    _hook(client, project.id, headers, f"{hook_receiver.url}/removed", ["projectuser.removed"])
    assert client.patch(base, json={"name": "Renamed"}, headers=headers).status_code == 200
    renamed = client.get(base, headers=headers).json()
    assert client.post(f"{base}/closure", headers=headers).status_code == 200
    closed = client.get(base, headers=headers).json()
    assert client.delete(f"{base}/closure", headers=headers).status_code == 200
    reopened = client.get(base, headers=headers).json()
    assert client.post(f"{base}/tags", json={"name": "palette only"}, headers=headers).status_code == 201
    added = client.post(f"{base}/users", json={"userId": outsider.id}, headers=headers)
    assert added.status_code == 201
    assert client.post(f"{base}/users", json={"email": "invited@example.com"}, headers=headers).status_code == 200
    assert client.patch(f"{base}/users/{outsider.id}", json={"isAdmin": True}, headers=headers).status_code == 200
    updated = client.get(f"{base}/users/{outsider.id}", headers=headers).json()
    assert client.delete(f"{base}/users/{outsider.id}", headers=headers).status_code == 200
    deliver(app)

    got = [r.json for r in hook_receiver.on("/project")]
    assert [p["event"] for p in got] == ["project.updated", "project.closed", "project.reopened"]
    # rendered at hand-out: the project as it is then (reopened), the event says what happened
    assert all(p["data"] == reopened for p in got) and renamed["name"] == "Renamed"
    assert closed["closingDate"] is not None and reopened["closingDate"] is None
    assert [r.json["event"] for r in hook_receiver.on("/closed")] == ["project.closed"]

    people = [r.json for r in hook_receiver.on("/people")]
    assert [p["event"] for p in people] == ["projectuser.added", "projectuser.updated", "projectuser.removed"]
    assert people[0]["data"]["user"]["id"] == outsider.id  # the invitation (no user yet) sent nothing
    assert people[2]["data"]["user"] == updated["user"] and people[2]["data"]["projectId"] == project.id
    assert [r.json["event"] for r in hook_receiver.on("/removed")] == ["projectuser.removed"]


def test_writes_through_taiga_reach_the_hacknplan_webhooks(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, member, outsider = team
    headers, taiga = hnp_auth(owner), world.auth(owner)
    _hook(client, project.id, headers, f"{hook_receiver.url}/tag", [f"tag.{v}" for v in VERBS])
    _hook(client, project.id, headers, f"{hook_receiver.url}/stage", [f"stage.{v}" for v in VERBS])
    taiga_project = f"/api/v1/projects/{project.id}"

    def taiga_write(path: str, body: dict[str, Any]) -> Any:
        response = client.post(path, json=body, headers=taiga)
        assert response.status_code in (200, 201), response.text
        deliver(app)
        return response

    taiga_write(f"{taiga_project}/create_tag", {"tag": "lava", "color": "#ff0000"})
    taiga_write(f"{taiga_project}/edit_tag", {"from_tag": "lava", "to_tag": "magma"})
    taiga_write("/api/v1/userstories", {"project": project.id, "subject": "S", "tags": [["ice", None]]})
    ice = next(t for t in client.get(f"{API}/projects/{project.id}/tags", headers=headers).json() if t["name"] == "ice")
    taiga_write(f"{taiga_project}/delete_tag", {"tag": "magma"})
    status = taiga_write("/api/v1/userstory-statuses", {"project": project.id, "name": "QA"}).json()
    tags = [r.json for r in hook_receiver.on("/tag")]
    assert [(p["event"], p["data"]["name"]) for p in tags] == [
        ("tag.created", "lava"), ("tag.updated", "magma"), ("tag.created", "ice"), ("tag.deleted", "magma"),
    ]  # fmt: skip
    assert tags[2]["data"] == ice
    (stage,) = [r.json for r in hook_receiver.on("/stage")]
    assert (stage["event"], stage["data"]["stageId"], stage["data"]["name"]) == ("stage.created", status["id"], "QA")


@pytest.mark.real_db
def test_parallel_tag_writers_each_send_their_one_event(app_with, world, hnp_auth, hook_receiver):
    """Six tags made at once: each write acknowledged is one `tag.created` delivered, none twice."""
    app = app_with(webhooks_allow_private=True, webhook_backoff_seconds=0)
    owner = world.user("owner")
    project = world.project(owner)
    headers, base = hnp_auth(owner), f"{API}/projects/{project.id}"
    with TestClient(app) as client:
        _hook(client, project.id, headers, f"{hook_receiver.url}/t", ["tag.created"])

    def write(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            return own.post(f"{base}/tags", json={"name": f"t{n}"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        codes = list(pool.map(write, range(WRITERS)))
    assert set(codes) <= {201, 503} and 201 in codes  # 503: SQLite's busy writer, nothing written
    deliver(app)
    made = sorted(f"t{n}" for n, code in enumerate(codes) if code == 201)
    assert sorted(r.json["data"]["name"] for r in hook_receiver.on("/t")) == made
    with TestClient(app) as client:
        assert sorted(t["name"] for t in client.get(f"{base}/tags", headers=headers).json()) == made


def test_a_deleted_roles_members_moving_is_a_project_user_update(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, member, outsider = team
    headers, base = hnp_auth(owner), f"{API}/projects/{project.id}"
    role = client.post(f"{base}/roles", json={"name": "Temp"}, headers=headers).json()
    assert client.put(f"{base}/users/{member.id}", json={"roleId": role["roleId"]}, headers=headers).status_code == 200
    _hook(client, project.id, headers, f"{hook_receiver.url}/people", ["projectuser.updated"])
    assert client.delete(f"{base}/roles/{role['roleId']}", headers=headers).status_code == 200
    deliver(app)
    (moved,) = [r.json for r in hook_receiver.on("/people")]
    assert moved["event"] == "projectuser.updated" and moved["data"]["user"]["id"] == member.id
    assert moved["data"] == client.get(f"{base}/users/{member.id}", headers=headers).json()
