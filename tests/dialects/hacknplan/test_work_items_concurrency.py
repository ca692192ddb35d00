"""Parallel writers through the real app on real connections, one test per write family of HacknPlan's
work items: every acknowledged write is there afterwards (writers to one project take turns)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.testclient import TestClient

from planyard.core.tags import service as tags
from tests.dialects.hacknplan.work_item_world import Plan, make_plan

pytestmark = pytest.mark.real_db
WRITERS = 6


@pytest.fixture
def plan(team, hnp_auth) -> Plan:
    return make_plan(team, hnp_auth)


def in_parallel(app: Any, send: Callable[[TestClient, int], Any]) -> list[Any]:
    def one(n: int) -> Any:
        with TestClient(app, raise_server_exceptions=False) as own:
            return send(own, n)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return list(pool.map(one, range(WRITERS)))


def test_parallel_creates_and_patches(app, client, plan: Plan):
    key = plan.keys["member"]
    made = in_parallel(app, lambda c, n: c.post(plan.url, json={"title": f"t{n}", "boardId": plan.boards[0]},
                                                headers=key))  # fmt: skip
    assert [r.status_code for r in made] == [200] * WRITERS
    listed = client.get(plan.url, params={"boardId": plan.boards[0]}, headers=key).json()
    assert sorted(i["title"] for i in listed["items"]) == sorted(f"t{n}" for n in range(WRITERS))
    assert sorted(i["boardIndex"] for i in listed["items"]) == list(range(1, WRITERS + 1))
    item_id = made[0].json()["workItemId"]
    fields = ["description", "estimatedCost", "dueDate", "startDate", "stageId", "importanceLevelId"]
    values: list[Any] = ["d", 7, "2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z", plan.stages[2], plan.levels[2]]
    patched = in_parallel(app, lambda c, n: c.patch(f"{plan.url}/{item_id}", json={fields[n]: values[n]},
                                                    headers=key))  # fmt: skip
    assert [r.status_code for r in patched] == [200] * WRITERS
    body = client.get(f"{plan.url}/{item_id}", headers=key).json()
    assert (body["description"], body["estimatedCost"], body["dueDate"], body["startDate"]) == tuple(values[:4])
    assert body["stage"]["stageId"] == plan.stages[2] and body["importanceLevel"]["importanceLevelId"] == plan.levels[2]


def test_parallel_comments_subtasks_and_work_logs(app, client, plan: Plan):
    key = plan.keys["member"]
    item_url = f"{plan.url}/{plan.new(client)['workItemId']}"
    codes = in_parallel(app, lambda c, n: (
        c.post(f"{item_url}/comments", json=f"c{n}", headers=key).status_code,
        c.post(f"{item_url}/subtasks", json=f"s{n}", headers=key).status_code,
        c.post(f"{item_url}/worklogs", json={"value": 0.5}, headers=key).status_code,
    ))  # fmt: skip
    assert codes == [(200, 200, 201)] * WRITERS
    assert client.get(f"{item_url}/comments", headers=key).json()["totalCount"] == WRITERS
    subtasks = client.get(f"{item_url}/subtasks", headers=key).json()
    assert sorted(s["title"] for s in subtasks) == sorted(f"s{n}" for n in range(WRITERS))
    assert client.get(item_url, headers=key).json()["loggedCost"] == WRITERS * 0.5


def test_parallel_tags_users_dependencies_and_attachments(app, client, plan: Plan):
    key = plan.keys["member"]
    item = plan.new(client)
    item_url = f"{plan.url}/{item['workItemId']}"
    tag_ids = [plan.world.run(lambda ctx, n=n: tags.create_tag(ctx, plan.project.id, f"tag{n}"), actor=plan.owner).id
               for n in range(WRITERS)]  # fmt: skip
    others = [plan.new(client, title=f"o{n}")["workItemId"] for n in range(WRITERS)]
    people = [plan.owner.id, plan.member.id]
    codes = in_parallel(app, lambda c, n: (
        c.post(f"{item_url}/tags", json=tag_ids[n], headers=key).status_code,
        c.post(f"{item_url}/dependencies", json=others[n], headers=key).status_code,
        c.post(f"{item_url}/attachments", files={"f": (f"f{n}.txt", b"data", "text/plain")}, headers=key).status_code,
        c.post(f"{item_url}/users", json=people[n % 2], headers=key).status_code,
    ))  # fmt: skip
    assert codes == [(201, 201, 200, 200)] * WRITERS
    body = client.get(item_url, headers=key).json()
    assert sorted(t["tagId"] for t in body["tags"]) == sorted(tag_ids)
    assert sorted(u["user"]["id"] for u in body["assignedUsers"]) == sorted(people)
    assert sorted(d["workItem"]["workItemId"] for d in client.get(f"{item_url}/dependencies", headers=key).json()) == \
        sorted(others)  # fmt: skip
    assert client.get(f"{item_url}/attachments", headers=key).json()["totalCount"] == WRITERS
