"""HacknPlan webhooks: CRUD with the [ADMIN] marker and the documented codes, bad input as HacknPlan's
400, the event names, and work item events reaching a real local receiver in HacknPlan's payload."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.testclient import TestClient

from tests.dialects.hacknplan.conftest import API, deliver

R22 = {"projectId", "webhookId", "name", "url", "events", "isEnabled", "headers", "creator", "creationDate"}


def _url(project_id: int) -> str:
    return f"{API}/projects/{project_id}/webhooks"


def test_webhook_events_are_listed_for_any_user(client, team, hnp_auth):
    events = client.get(f"{API}/webhookevents", headers=hnp_auth(team.outsider))
    assert events.status_code == 200
    names = events.json()
    assert {"workitem.created", "workitem.updated", "workitem.deleted", "project.updated", "tag.deleted"} <= set(names)
    assert all(isinstance(n, str) for n in names) and len(names) == len(set(names))
    assert client.get(f"{API}/webhookevents").status_code == 401


def test_crud_with_the_admin_marker(local, team, hnp_auth, hook_receiver):
    client, _ = local
    world, project, owner, member, outsider = team
    headers, url = hnp_auth(owner), _url(project.id)
    body = {"url": f"{hook_receiver.url}/a", "events": ["workitem.created", "tag.created"],
            "headers": ["X-Token: abc"], "isEnabled": True}  # fmt: skip
    created = client.post(url, json=body, headers=headers)
    assert created.status_code == 201, created.text
    hook = created.json()
    assert set(hook) == R22
    assert (hook["projectId"], hook["url"], hook["events"], hook["headers"], hook["isEnabled"]) == (
        project.id, f"{hook_receiver.url}/a", ["workitem.created", "tag.created"], ["X-Token: abc"], True)  # fmt: skip
    assert hook["name"] == hook["url"] and hook["creationDate"].endswith("Z")
    assert hook["creator"]["user"]["id"] == owner.id and hook["creator"]["isAdmin"] is True
    hook_url = f"{url}/{hook['webhookId']}"

    assert client.post(url, json=body, headers=hnp_auth(member)).status_code == 403
    assert client.post(url, json=body, headers=hnp_auth(outsider)).status_code == 404
    assert client.get(url, headers=hnp_auth(member)).status_code == 403
    assert client.get(hook_url, headers=hnp_auth(member)).status_code == 403
    assert client.patch(hook_url, json={"isEnabled": False}, headers=hnp_auth(member)).status_code == 403
    assert client.delete(hook_url, headers=hnp_auth(member)).status_code == 403
    assert client.get(url, headers=hnp_auth(team.admin)).json() == [hook]
    assert client.get(hook_url, headers=headers).json() == hook

    patched = client.patch(hook_url, json={"isEnabled": False, "name": "CI"}, headers=headers)
    assert (patched.status_code, patched.content) == (200, b"")
    got = client.get(hook_url, headers=headers).json()
    assert (got["isEnabled"], got["name"], got["events"], got["headers"]) == (False, "CI", hook["events"],
                                                                              ["X-Token: abc"])  # fmt: skip
    replaced = client.put(hook_url, json={"url": f"{hook_receiver.url}/b"}, headers=headers)
    assert replaced.status_code == 200
    got = client.get(hook_url, headers=headers).json()
    assert (got["url"], got["name"], got["events"], got["headers"], got["isEnabled"]) == (
        f"{hook_receiver.url}/b", f"{hook_receiver.url}/b", [], [], True)  # fmt: skip

    assert client.delete(hook_url, headers=headers).status_code == 200
    assert client.get(hook_url, headers=headers).json() == {"message": "Webhook not found."}
    assert client.get(hook_url, headers=headers).status_code == 404
    assert client.get(url, headers=headers).json() == []
    assert client.get(_url(999999), headers=headers).json() == {"message": "Project not found."}


def test_a_webhook_of_another_project_or_api_is_not_found_here(local, team, hnp_auth, hook_receiver):
    client, _ = local
    world, project, owner, *_ = team
    other = world.project(owner)
    hook = client.post(_url(other.id), json={"url": hook_receiver.url}, headers=hnp_auth(owner)).json()
    assert client.get(f"{_url(project.id)}/{hook['webhookId']}", headers=hnp_auth(owner)).status_code == 404
    taiga = client.post("/api/v1/webhooks", json={"project": project.id, "name": "T", "url": hook_receiver.url,
                                                  "key": "k"}, headers=world.auth(owner)).json()  # fmt: skip
    assert client.get(f"{_url(project.id)}/{taiga['id']}", headers=hnp_auth(owner)).status_code == 404
    assert client.get(_url(project.id), headers=hnp_auth(owner)).json() == []
    assert client.get(f"{_url(project.id)}/{2**31}", headers=hnp_auth(owner)).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"url": ""},
        {"url": 5},
        {"url": "not a url"},
        {"url": "http://127.0.0.1:9/x"},  # private addresses are refused unless allowed
        {"url": "https://example.com/h", "events": ["nope"]},
        {"url": "https://example.com/h", "events": "workitem.created"},
        {"url": "https://example.com/h", "headers": ["no colon"]},
        {"url": "https://example.com/h", "headers": {"X": "y"}},
        {"url": "https://example.com/h", "headers": ["Bad Name: y"]},
        {"url": "https://example.com/h", "headers": ["X-A: y\r\nX-B: z"]},
        {"url": "https://example.com/h", "isEnabled": "maybe"},
        [],
    ],
)
def test_bad_values_are_hacknplans_400(client, team, hnp_auth, body):
    headers = hnp_auth(team.owner)
    r = client.post(_url(team.project.id), json=body, headers=headers)
    assert r.status_code == 400 and set(r.json()) == {"message"}, r.text
    assert client.get(_url(team.project.id), headers=headers).json() == []


def test_bad_bodies_never_500_nor_partial(local, team, hnp_auth, hook_receiver):
    client, _ = local
    headers = hnp_auth(team.owner)
    hook = client.post(_url(team.project.id), json={"url": hook_receiver.url}, headers=headers).json()
    hook_url = f"{_url(team.project.id)}/{hook['webhookId']}"
    sent = {"content": b"{not json", "headers": headers | {"Content-Type": "application/json"}}
    assert client.post(_url(team.project.id), **sent).status_code == 400
    assert client.patch(hook_url, **sent).status_code == 400
    assert client.post(_url(team.project.id), content=b"url=x", headers=headers | {
        "Content-Type": "text/plain"}).status_code == 415  # fmt: skip
    r = client.patch(hook_url, json={"name": "N", "events": ["nope"]}, headers=headers)
    assert r.status_code == 400
    assert client.put(hook_url, json={"events": []}, headers=headers).status_code == 400
    assert client.get(hook_url, headers=headers).json() == hook


def test_work_item_events_reach_the_receiver_in_hacknplans_payload(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers = hnp_auth(owner)
    body = {"url": f"{hook_receiver.url}/events", "headers": ["X-Token: abc"],
            "events": ["workitem.created", "workitem.updated", "workitem.deleted"]}  # fmt: skip
    assert client.post(_url(project.id), json=body, headers=headers).status_code == 201
    client.post(_url(project.id), json={"url": f"{hook_receiver.url}/tags", "events": ["tag.created"]},
                headers=headers)  # fmt: skip
    items = f"{API}/projects/{project.id}/workitems"
    item = client.post(items, json={"title": "Jump"}, headers=headers).json()
    item_url = f"{items}/{item['workItemId']}"
    assert client.patch(item_url, json={"title": "Jump higher"}, headers=headers).status_code == 200
    assert hook_receiver.on("/events") == []  # nothing is sent in the request itself
    deliver(app)
    shown = client.get(item_url, headers=headers).json()
    assert client.delete(item_url, headers=headers).status_code == 200
    deliver(app)
    got = [r.json for r in hook_receiver.on("/events")]
    assert [p["event"] for p in got] == ["workitem.created", "workitem.updated", "workitem.deleted"]
    created, updated, deleted = got
    assert set(created) == {"event", "projectId", "date", "user", "data"}
    assert created["projectId"] == project.id and created["user"]["id"] == owner.id
    assert created["date"].endswith("Z")
    assert created["data"] == updated["data"] == shown  # rendered when handed out, as GET renders it
    assert deleted["data"] == {"projectId": project.id, "workItemId": item["workItemId"], "title": "Jump higher"}
    assert all(r.headers["x-token"] == "abc" for r in hook_receiver.on("/events"))
    assert hook_receiver.on("/tags") == []  # no work item events for a webhook that didn't ask for them
    assert deliver(app) == 0  # nothing twice


def test_a_work_item_written_through_taiga_reaches_the_hacknplan_webhook(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    body = {"url": f"{hook_receiver.url}/x", "events": ["workitem.created"]}
    assert client.post(_url(project.id), json=body, headers=hnp_auth(owner)).status_code == 201
    story = client.post("/api/v1/userstories", json={"project": project.id, "subject": "From Taiga"},
                        headers=world.auth(owner)).json()  # fmt: skip
    deliver(app)
    (got,) = hook_receiver.on("/x")
    assert got.json["event"] == "workitem.created"
    assert (got.json["data"]["workItemId"], got.json["data"]["title"]) == (story["id"], "From Taiga")


def test_a_disabled_webhook_and_other_formats_get_nothing_in_this_format(local, team, hnp_auth, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers = hnp_auth(owner)
    hook = client.post(_url(project.id), json={"url": f"{hook_receiver.url}/off"}, headers=headers).json()
    client.patch(f"{_url(project.id)}/{hook['webhookId']}", json={"isEnabled": False}, headers=headers)
    client.post("/api/v1/webhooks", json={"project": project.id, "name": "T", "url": f"{hook_receiver.url}/taiga",
                                          "key": "k"}, headers=world.auth(owner))  # fmt: skip
    client.post(f"{API}/projects/{project.id}/workitems", json={"title": "X"}, headers=headers)
    deliver(app)
    assert hook_receiver.on("/off") == []
    (taiga,) = hook_receiver.on("/taiga")
    assert taiga.json["type"] in {"task", "userstory", "issue"} and "event" not in taiga.json


@pytest.mark.real_db
def test_parallel_writers_of_webhooks_lose_nothing(app_with, world, hnp_auth, hook_receiver):
    app = app_with(webhooks_allow_private=True)
    owner = world.user("owner")
    project = world.project(owner)
    headers, url = hnp_auth(owner), _url(project.id)
    with TestClient(app) as client:
        first = client.post(url, json={"url": f"{hook_receiver.url}/0"}, headers=headers).json()

    def write(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            if n % 2:
                return own.post(url, json={"url": f"{hook_receiver.url}/{n}"}, headers=headers).status_code
            return own.patch(f"{url}/{first['webhookId']}", json={"name": f"N{n}"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(write, range(8)))
    assert sorted(codes) == [200] * 4 + [201] * 4
    with TestClient(app) as client:
        hooks = client.get(url, headers=headers).json()
    assert sorted(h["url"] for h in hooks if h["webhookId"] != first["webhookId"]) == [
        f"{hook_receiver.url}/{n}" for n in (1, 3, 5, 7)]  # fmt: skip
    assert next(h["name"] for h in hooks if h["webhookId"] == first["webhookId"]) in {"N0", "N2", "N4", "N6"}
