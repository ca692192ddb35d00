"""Taiga §36 webhooks and webhook logs: admin-only CRUD, Taiga's field names, refused targets, a test
delivery, resending a log; and the events of writes reaching a real receiver in Taiga's payload,
signed with the webhook's key."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.testclient import TestClient

from planyard.core.webhooks.engine import DeliveryEngine

API = "/api/v1"
WEBHOOK_FIELDS = {"id", "project", "name", "url", "key", "logs_counter"}
LOG_FIELDS = {"id", "webhook", "url", "status", "request_data", "request_headers", "response_data",
              "response_headers", "duration", "created"}  # fmt: skip


def deliver(app: Any) -> int:
    return DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()


def _create(client: TestClient, headers: dict[str, str], project_id: int, url: str, **extra: Any) -> Any:
    body = {"project": project_id, "name": "CI", "url": url, "key": "my-secret"} | extra
    return client.post(f"{API}/webhooks", json=body, headers=headers)


def test_crud_with_taiga_fields_for_admins_only(local, team, hook_receiver):
    client, _ = local
    world, project, owner, member, outsider = team
    owner_h = world.auth(owner)
    r = _create(client, owner_h, project.id, f"{hook_receiver.url}/a")
    assert r.status_code == 201, r.text
    hook = r.json()
    assert set(hook) == WEBHOOK_FIELDS
    assert hook | {"id": 0} == {"id": 0, "project": project.id, "name": "CI", "url": f"{hook_receiver.url}/a",
                                "key": "my-secret", "logs_counter": 0}  # fmt: skip
    assert _create(client, world.auth(member), project.id, hook_receiver.url).status_code == 403
    assert _create(client, world.auth(outsider), project.id, hook_receiver.url).status_code == 400
    assert client.get(f"{API}/webhooks/{hook['id']}", headers=world.auth(member)).status_code == 403
    assert client.get(f"{API}/webhooks/{hook['id']}", headers=world.auth(outsider)).status_code == 404
    assert client.get(f"{API}/webhooks", params={"project": project.id}, headers=world.auth(member)).json() == []
    assert [h["id"] for h in client.get(f"{API}/webhooks", params={"project": project.id}, headers=owner_h).json()] == [
        hook["id"]
    ]
    admin_h = world.auth(team.admin)
    r = client.patch(f"{API}/webhooks/{hook['id']}", json={"name": "Renamed"}, headers=admin_h)
    assert r.status_code == 200 and r.json()["name"] == "Renamed"
    r = client.put(f"{API}/webhooks/{hook['id']}", json={"name": "N", "url": hook_receiver.url, "key": "k2"},
                   headers=admin_h)  # fmt: skip
    assert r.status_code == 200 and (r.json()["url"], r.json()["key"]) == (hook_receiver.url, "k2")
    assert client.delete(f"{API}/webhooks/{hook['id']}", headers=world.auth(member)).status_code == 403
    assert client.delete(f"{API}/webhooks/{hook['id']}", headers=admin_h).status_code == 204
    assert client.get(f"{API}/webhooks/{hook['id']}", headers=admin_h).status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"url": "not a url"}, "url", "Enter a valid URL."),
        ({"url": "ftp://example.com/x"}, "url", "Enter a valid URL."),
        ({"url": "http://127.0.0.1:8000/hook"}, "url", "Not allowed IP Address"),
        ({"url": "http://localhost/hook"}, "url", "Not allowed IP Address"),
        ({"url": "http://10.1.2.3/hook"}, "url", "Not allowed IP Address"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url", "Not allowed IP Address"),
        ({"url": "http://[::1]/hook"}, "url", "Not allowed IP Address"),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"key": None}, "key", "This field is required."),
    ],
)
def test_bad_webhooks_get_taigas_400(client, team, body, field, text):
    world, project, owner, *_ = team
    payload = {"project": project.id, "name": "CI", "url": "http://93.184.215.14/hook", "key": "k"} | body
    payload = {k: v for k, v in payload.items() if v is not None}
    r = client.post(f"{API}/webhooks", json=payload, headers=world.auth(owner))
    assert r.status_code == 400, r.text
    assert r.json()[field] == [text]


def test_bad_bodies_are_400_never_500(client, team):
    world, project, owner, *_ = team
    headers = world.auth(owner)
    assert client.post(f"{API}/webhooks", content=b"{", headers=headers | {"content-type": "application/json"}
                       ).status_code == 400  # fmt: skip
    assert client.post(f"{API}/webhooks", json={"project": "x", "name": "n", "url": "http://a.b", "key": "k"},
                       headers=headers).status_code == 400  # fmt: skip
    assert client.post(f"{API}/webhooks", json=[], headers=headers).status_code == 400
    assert client.get(f"{API}/webhooks/99999", headers=headers).status_code == 404
    assert client.get(f"{API}/webhooklogs/99999", headers=headers).status_code == 404


def test_private_target_refused_at_delivery_when_it_resolves_so_later(client, team, app):
    """A name that resolved to a public address at creation but to a private one at delivery is refused
    then: the check runs on every connection. Here: an edit through core to a loopback URL."""
    world, project, owner, *_ = team
    r = client.post(f"{API}/webhooks", json={"project": project.id, "name": "n", "url": "http://93.184.215.14/",
                                             "key": "k"}, headers=world.auth(owner))  # fmt: skip
    hook_id = r.json()["id"]
    from planyard.models import Webhook

    world.run(lambda ctx: setattr(ctx.session.get(Webhook, hook_id), "url", "http://127.0.0.1:9/x"))
    log = client.post(f"{API}/webhooks/{hook_id}/test", headers=world.auth(owner)).json()
    assert (log["status"], log["response_data"]) == (0, "error-in-request: Not allowed IP Address")


def test_test_delivery_is_logged_and_resent(local, team, hook_receiver):
    client, _ = local
    world, project, owner, *_ = team
    headers = world.auth(owner)
    hook = _create(client, headers, project.id, f"{hook_receiver.url}/t").json()
    r = client.post(f"{API}/webhooks/{hook['id']}/test", headers=headers)
    assert r.status_code == 200, r.text
    log = r.json()
    assert set(log) == LOG_FIELDS
    assert (log["webhook"], log["url"], log["status"]) == (hook["id"], f"{hook_receiver.url}/t", 200)
    assert log["response_data"] == '{"content":"{\\"ok\\": true}"}'
    assert log["request_headers"]["X-TAIGA-WEBHOOK-SIGNATURE"]
    assert log["request_data"]["action"] == "test" and log["request_data"]["data"] == {"test": "test"}
    assert log["request_data"]["by"]["username"] == owner.username
    (got,) = hook_receiver.on("/t")
    assert got.signed_with("my-secret") and got.json == log["request_data"]
    assert got.headers["x-hub-signature"] == "sha1=" + got.headers["x-taiga-webhook-signature"]
    resent = client.post(f"{API}/webhooklogs/{log['id']}/resend", headers=headers)
    assert resent.status_code == 200 and resent.json()["id"] != log["id"]
    assert [r.json for r in hook_receiver.on("/t")] == [got.json, got.json]
    by_get = client.get(f"{API}/webhooks/{hook['id']}/test", headers=headers)  # as the doc's curl example
    assert by_get.status_code == 200 and by_get.json()["request_data"]["action"] == "test"
    logs = client.get(f"{API}/webhooklogs", params={"webhook": hook["id"]}, headers=headers).json()
    assert [x["id"] for x in logs] == [by_get.json()["id"], resent.json()["id"], log["id"]]  # newest first
    assert client.get(f"{API}/webhooks/{hook['id']}", headers=headers).json()["logs_counter"] == 3
    assert client.get(f"{API}/webhooklogs/{log['id']}", headers=world.auth(team.member)).status_code == 403
    assert client.get(f"{API}/webhooklogs", headers=world.auth(team.member)).json() == []
    assert client.post(f"{API}/webhooklogs/{log['id']}/resend", headers=world.auth(team.member)).status_code == 403


def test_every_write_reaches_the_receiver_signed_in_taigas_payload(local, team, hook_receiver):
    client, app = local
    world, project, owner, member, _ = team
    headers = world.auth(owner)
    _create(client, headers, project.id, f"{hook_receiver.url}/events")
    story = client.post(f"{API}/userstories", json={"project": project.id, "subject": "First"}, headers=headers)
    story_id = story.json()["id"]
    r = client.patch(f"{API}/userstories/{story_id}", json={"subject": "Renamed", "version": 1,
                                                            "comment": "looks *good*"}, headers=headers)  # fmt: skip
    assert r.status_code == 200, r.text
    task = client.post(f"{API}/tasks", json={"project": project.id, "subject": "T", "user_story": story_id},
                       headers=headers).json()  # fmt: skip
    assert hook_receiver.on("/events") == []  # nothing is sent in the request itself
    deliver(app)
    assert client.delete(f"{API}/tasks/{task['id']}", headers=headers).status_code == 204
    deliver(app)
    got = hook_receiver.on("/events")
    assert all(r.signed_with("my-secret") for r in got)
    assert [(p["action"], p["type"]) for p in (r.json for r in got)] == [
        ("create", "userstory"),
        ("change", "userstory"),
        ("create", "task"),
        ("delete", "task"),
    ]
    created, changed, task_created, task_deleted = (r.json for r in got)
    assert set(created) == {"action", "type", "by", "date", "data"}
    assert created["by"] | {"photo": None} == {
        "id": owner.id, "permalink": f"http://127.0.0.1:8000/profile/{owner.username}", "username": owner.username,
        "full_name": "Owner", "photo": None, "gravatar_id": created["by"]["gravatar_id"]}  # fmt: skip
    assert created["date"].endswith("Z") and len(created["date"]) == len("2026-01-01T00:00:00.000Z")
    assert created["data"]["id"] == story_id and created["data"]["project"]["id"] == project.id
    assert created["data"]["permalink"] == f"http://127.0.0.1:8000/project/{project.slug}/us/{story.json()['ref']}"
    assert changed["change"]["comment"] == "looks *good*"
    assert changed["change"]["comment_html"] == "<p>looks <em>good</em></p>\n"
    assert changed["change"]["diff"]["subject"] == {"from": "First", "to": "Renamed"}
    assert changed["data"]["subject"] == "Renamed"
    assert changed["data"]["status"]["name"] == "New" and changed["data"]["owner"]["id"] == owner.id
    assert changed["data"]["assigned_to"] is None and changed["data"]["is_closed"] is False
    assert task_created["data"]["user_story"]["id"] == story_id
    assert task_deleted["data"]["subject"] == "T"
    logs = client.get(f"{API}/webhooklogs", headers=headers).json()
    assert len(logs) == 4 and {x["status"] for x in logs} == {200}
    assert deliver(app) == 0  # nothing twice


def test_server_errors_are_retried_with_each_attempt_logged(local, team, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers = world.auth(owner)
    hook_receiver.answer = lambda path, before: 500 if len(before) < 2 else 200
    hook = _create(client, headers, project.id, f"{hook_receiver.url}/flaky").json()
    client.post(f"{API}/userstories", json={"project": project.id, "subject": "S"}, headers=headers)
    deliver(app)
    assert [r.status for r in hook_receiver.on("/flaky")] == [500, 500, 200]
    assert len({r.body for r in hook_receiver.on("/flaky")}) == 1  # the same payload each time
    logs = client.get(f"{API}/webhooklogs", params={"webhook": hook["id"]}, headers=headers).json()
    assert [x["status"] for x in logs] == [200, 500, 500]


def test_retries_stop_after_the_last_attempt_and_4xx_is_final(local, team, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers = world.auth(owner)
    hook_receiver.answer = lambda path, before: 503 if path == "/down" else 404
    _create(client, headers, project.id, f"{hook_receiver.url}/down")
    _create(client, headers, project.id, f"{hook_receiver.url}/gone", name="Gone")
    client.post(f"{API}/userstories", json={"project": project.id, "subject": "S"}, headers=headers)
    deliver(app)
    assert len(hook_receiver.on("/down")) == 3  # webhook_max_attempts
    assert len(hook_receiver.on("/gone")) == 1


def test_webhooks_of_other_projects_and_disabled_ones_get_nothing(local, team, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers = world.auth(owner)
    _create(client, headers, team.public.id, f"{hook_receiver.url}/public")
    client.post(f"{API}/userstories", json={"project": project.id, "subject": "S"}, headers=headers)
    deliver(app)
    assert hook_receiver.on("/public") == []


@pytest.mark.real_db
def test_parallel_writers_of_webhooks_lose_nothing(app_with, world, hook_receiver):
    app = app_with(webhooks_allow_private=True)
    owner = world.user("owner")
    project = world.project(owner)
    headers = world.auth(owner)
    with TestClient(app) as client:
        first = _create(client, headers, project.id, f"{hook_receiver.url}/0").json()

    def write(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            if n % 2:
                return _create(own, headers, project.id, f"{hook_receiver.url}/{n}", name=f"H{n}").status_code
            return own.patch(f"{API}/webhooks/{first['id']}", json={"name": f"N{n}"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(write, range(8)))
    assert sorted(codes) == [200] * 4 + [201] * 4
    with TestClient(app) as client:
        hooks = client.get(f"{API}/webhooks", params={"project": project.id}, headers=headers).json()
    assert sorted(h["name"] for h in hooks if h["id"] != first["id"]) == ["H1", "H3", "H5", "H7"]
    assert next(h["name"] for h in hooks if h["id"] == first["id"]) in {"N0", "N2", "N4", "N6"}


@pytest.mark.real_db
def test_a_slow_receiver_keeps_no_writer_waiting(app_with, world, hook_receiver):
    """The test delivery waits for the receiver, but the project's other writes go on meanwhile."""
    app = app_with(webhooks_allow_private=True, webhook_timeout_seconds=20)
    owner = world.user("owner")
    project = world.project(owner)
    headers = world.auth(owner)
    with TestClient(app) as client:
        hook = _create(client, headers, project.id, f"{hook_receiver.url}/slow").json()
        hook_receiver.gate.clear()
        with ThreadPoolExecutor(max_workers=1) as pool:
            testing = pool.submit(lambda: TestClient(app).post(f"{API}/webhooks/{hook['id']}/test", headers=headers))
            deadline = time.monotonic() + 30
            while not hook_receiver.on("/slow"):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            started = time.monotonic()
            story = client.post(f"{API}/userstories", json={"project": project.id, "subject": "S"}, headers=headers)
            assert story.status_code == 201 and time.monotonic() - started < 5
            assert not testing.done()
            hook_receiver.gate.set()
            assert testing.result().status_code == 200 and testing.result().json()["status"] == 200
