"""Productive authentication and the JSON:API error shape: 401, 403, 415, 400, 404."""

from __future__ import annotations

import json

from tests.dialects.productive.conftest import BASE, JSON_API, project_body


def _error(r, status):
    assert r.status_code == status
    assert r.headers["content-type"].startswith(JSON_API)
    [error] = r.json()["errors"]
    assert error["status"] == str(status)
    assert set(error) >= {"status", "code", "title", "detail"}
    return error


def test_missing_or_bad_token_is_401(client, productive, team):
    organization = {"X-Organization-Id": str(productive.organization)}
    _error(client.get(f"{BASE}/projects", headers=organization), 401)
    error = _error(client.get(f"{BASE}/projects", headers=organization | {"X-Auth-Token": "pyt_nope"}), 401)
    assert error["code"] == "unauthorized"


def test_a_login_token_is_not_a_productive_token(client, world, productive, team):
    headers = productive.headers(team.owner) | {"X-Auth-Token": world.token(team.owner)}
    _error(client.get(f"{BASE}/projects", headers=headers), 401)


def test_missing_or_unknown_organization_is_403(client, productive, team):
    headers = productive.headers(team.owner)
    for organization in ("", "abc", str(productive.organization + 1000), "9" * 40):
        error = _error(client.get(f"{BASE}/projects", headers=headers | {"X-Organization-Id": organization}), 403)
        assert error["code"] == "forbidden"


def test_a_write_in_another_media_type_is_415(client, productive, team):
    headers = productive.headers(team.owner) | {"Content-Type": "application/json"}
    r = client.post(
        f"{BASE}/projects", content=json.dumps(project_body(productive.workflow, name="X")), headers=headers
    )
    _error(r, 415)


def test_malformed_json_is_400(client, productive, team):
    r = client.post(f"{BASE}/projects", content=b'{"data": ', headers=productive.headers(team.owner))
    _error(r, 400)


def test_unknown_paths_and_ids_are_404_in_json_api(client, productive, team):
    headers = productive.headers(team.owner)
    _error(client.get(f"{BASE}/nothing", headers=headers), 404)
    for project_id in ("abc", "9" * 30, "999999"):
        _error(client.get(f"{BASE}/projects/{project_id}", headers=headers), 404)


def test_odd_bodies_are_client_errors_in_json_api(client, productive, team):
    headers = productive.headers(team.owner)
    bodies = [
        b"[]", b"null", b'"x"', b'{"data": []}', b'{"data": {"type": "tasks", "attributes": {"name": "X"}}}',
        b'{"data": {"type": "projects"}}', b'{"data": {"type": "projects", "attributes": {"name": 5}}}',
        b'{"data": {"type": "projects", "attributes": {"name": "a\\u0000b"}}}',
        b'{"data": {"type": "projects", "attributes": {"name": "X", "project_type_id": 99999999999999999999999}}}',
        b'{"data": {"type": "projects", "attributes": {"name": "%s"}}}' % (b"n" * 5000),
    ]  # fmt: skip
    for body in bodies:
        r = client.post(f"{BASE}/projects", content=body, headers=headers)
        assert 400 <= r.status_code < 500, (body[:60], r.status_code)
        assert r.headers["content-type"].startswith(JSON_API)
        assert r.json()["errors"][0]["status"] == str(r.status_code)
