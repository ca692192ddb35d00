"""Parallel writers against a real server (`planyard serve`, 1 and 4 worker processes) on the test
database (SQLite file, or PostgreSQL in CI): one OCC winner, no acknowledged write lost, never a 5xx."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from planyard.config import Settings
from tests.served import served

WRITERS = 20

pytestmark = pytest.mark.real_db  # a served process / a lock held by another connection


@pytest.fixture(scope="module", params=[1, 4], ids=["1-worker", "4-workers"])
def server(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with served(settings, str(tmp_path_factory.mktemp("served")), "--workers", str(request.param)) as root:
        yield f"{root}/api/v1"


def burst(calls: list[Callable[[httpx.Client], httpx.Response]]) -> list[httpx.Response]:
    """Runs every call at once (each on its own connection, released together by a barrier)."""
    barrier = threading.Barrier(len(calls))
    answers: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            answers[i] = calls[i](client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(a.status_code < 500 for a in answers), [a.text for a in answers if a.status_code >= 500]
    return answers


@pytest.fixture
def owner(world: Any, server: str) -> tuple[Any, Any, dict[str, str]]:
    user = world.user()
    project = world.project(user)
    return user, project, world.auth(user)


def test_one_occ_winner_and_its_change_kept(server: str, owner: Any) -> None:
    _, project, h = owner
    story = httpx.post(f"{server}/userstories", json={"project": project.id, "subject": "start"}, headers=h).json()

    def patch(i: int) -> Callable[[httpx.Client], httpx.Response]:
        body = {"version": story["version"], "subject": f"writer {i}"}
        return lambda c: c.patch(f"{server}/userstories/{story['id']}", json=body, headers=h)

    answers = burst([patch(i) for i in range(WRITERS)])
    winners = [a for a in answers if a.status_code == 200]
    assert len(winners) == 1, [a.status_code for a in answers]
    assert all(a.status_code == 400 for a in answers if a.status_code != 200)
    final = httpx.get(f"{server}/userstories/{story['id']}", headers=h).json()
    assert (final["subject"], final["version"]) == (winners[0].json()["subject"], story["version"] + 1)


def test_parallel_tags_are_all_kept(server: str, owner: Any) -> None:
    _, project, h = owner
    url = f"{server}/projects/{project.id}/create_tag"
    calls = [
        lambda c, i=i: c.post(url, json={"tag": f"tag-{i}", "color": "#AABBCC"}, headers=h) for i in range(WRITERS)
    ]
    assert [a.status_code for a in burst(calls)] == [200] * WRITERS
    tags = httpx.get(f"{server}/projects/{project.id}", headers=h).json()["tags_colors"]
    assert {f"tag-{i}" for i in range(WRITERS)} <= set(tags)


def test_parallel_storage_keys_are_all_kept(server: str, owner: Any) -> None:
    _, _, h = owner
    calls = [
        lambda c, i=i: c.post(f"{server}/user-storage", json={"key": f"key-{i}", "value": i}, headers=h)
        for i in range(WRITERS)
    ]
    assert [a.status_code for a in burst(calls)] == [201] * WRITERS
    keys = {entry["key"] for entry in httpx.get(f"{server}/user-storage", headers=h).json()}
    assert keys == {f"key-{i}" for i in range(WRITERS)}


def test_parallel_backlog_reorders_all_answer(server: str, owner: Any) -> None:
    _, project, h = owner
    ids = [
        httpx.post(f"{server}/userstories", json={"project": project.id, "subject": f"s{i}"}, headers=h).json()["id"]
        for i in range(10)
    ]

    def reorder(i: int) -> Callable[[httpx.Client], httpx.Response]:
        moved = ids[i % 10 :] + ids[: i % 10]
        body = {"project_id": project.id, "bulk_stories": [{"us_id": s, "order": n} for n, s in enumerate(moved)]}
        return lambda c: c.post(f"{server}/userstories/bulk_update_backlog_order", json=body, headers=h)

    assert [a.status_code for a in burst([reorder(i) for i in range(WRITERS)])] == [200] * WRITERS
    orders = [s["backlog_order"] for s in httpx.get(f"{server}/userstories?project={project.id}", headers=h).json()]
    assert len(orders) == 10 and len(set(orders)) == 10


def test_parallel_comments_are_all_kept(server: str, owner: Any) -> None:
    _, project, h = owner
    story = httpx.post(f"{server}/userstories", json={"project": project.id, "subject": "s"}, headers=h).json()
    url = f"{server}/userstories/{story['id']}"
    calls = [lambda c, i=i: c.patch(url, json={"comment": f"comment {i}"}, headers=h) for i in range(WRITERS)]
    assert [a.status_code for a in burst(calls)] == [200] * WRITERS
    history = httpx.get(f"{server}/history/userstory/{story['id']}", headers=h).json()
    assert {e["comment"] for e in history if e["comment"]} == {f"comment {i}" for i in range(WRITERS)}
    assert httpx.get(url, headers=h).json()["version"] == story["version"] + WRITERS


def test_parallel_projects_of_one_name_get_distinct_slugs(server: str, owner: Any) -> None:
    _, _, h = owner
    body = {"name": "Same name", "description": "d"}
    answers = burst([lambda c: c.post(f"{server}/projects", json=body, headers=h) for _ in range(10)])
    assert [a.status_code for a in answers] == [201] * 10
    assert len({a.json()["slug"] for a in answers}) == 10


def test_parallel_registrations_of_one_name_make_one_account(server: str) -> None:
    body = {"type": "public", "username": "racer", "password": "secret-pass-1", "email": "racer@example.com",
            "full_name": "Racer", "accepted_terms": True}  # fmt: skip
    answers = burst([lambda c: c.post(f"{server}/auth/register", json=body) for _ in range(10)])
    assert sorted(a.status_code for a in answers) == [201] + [400] * 9


def test_parallel_watch_and_vote_of_one_user_count_once(server: str, owner: Any) -> None:
    _, project, h = owner
    story = httpx.post(f"{server}/userstories", json={"project": project.id, "subject": "s"}, headers=h).json()
    url = f"{server}/userstories/{story['id']}"
    burst([lambda c, a=action: c.post(f"{url}/{a}", headers=h) for action in ("upvote", "watch") for _ in range(8)])
    final = httpx.get(url, headers=h).json()
    assert (final["total_voters"], final["total_watchers"]) == (1, 1)
