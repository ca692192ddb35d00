"""Odd input on every work-item endpoint: wrong types, nulls, huge numbers, malformed JSON, wrong content
types and out-of-range ids are the API's own 4xx, never a 5xx."""

from __future__ import annotations

import pytest

from tests.dialects.hacknplan.work_item_world import Plan, make_plan

ODD_BODIES = [None, "", "x", 0, -1, 2**63, 1.5, True, [], [1, "a"], {}, {"title": None}, {"title": ["a"]},
              {"value": "1"}, {"stageId": 2**40}, {"boardIndex": 0}, {"text": {"a": 1}},
              {"isCompleted": "maybe"}]  # fmt: skip
PATHS = ["", "/comments", "/comments/1", "/attachments", "/attachments/1", "/dependencies", "/dependencies/1",
         "/subtasks", "/subtasks/1", "/tags", "/tags/1", "/users", "/users/1", "/worklogs", "/worklogs/1"]  # fmt: skip


@pytest.fixture
def plan(team, hnp_auth) -> Plan:
    return make_plan(team, hnp_auth)


def test_odd_bodies_never_fail_the_server(client, plan: Plan):
    item = plan.new(client)
    base = f"{plan.url}/{item['workItemId']}"
    key = plan.keys["member"]
    for path in PATHS:
        for method in ("post", "put", "patch", "delete", "get"):
            for body in ODD_BODIES:
                response = client.request(method, base + path, json=body, headers=key)
                assert response.status_code < 500, (method, path, body, response.text)
            json_type = key | {"Content-Type": "application/json"}
            raw = client.request(method, base + path, content=b"{nope", headers=json_type)
            assert raw.status_code < 500, (method, path)
            text = client.request(method, base + path, content=b"hi", headers=key | {"Content-Type": "text/plain"})
            assert text.status_code < 500, (method, path)
    for odd_id in ("0", "-5", str(2**31), str(2**63), "abc"):
        assert client.get(f"{plan.url}/{odd_id}", headers=key).status_code in (400, 404)
        assert client.get(f"{base}/subtasks/{odd_id}", headers=key).status_code in (400, 404)
    assert client.post(plan.url, json={"title": "ok"}, headers=key).status_code == 200
