"""Parallel Kaiten writers through the real app on separate connections: no acknowledged write is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from planyard.core.auth import create_api_token
from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API

pytestmark = pytest.mark.real_db


def parallel(app: Any, calls: list[Any]) -> list[Any]:
    def run(call: Any) -> Any:
        with TestClient(app, raise_server_exceptions=False) as own:
            return call(own)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def owner_board(app, world):
    owner = world.user()
    project = world.project(owner, private=True)
    token = world.run(lambda ctx: create_api_token(ctx.session, owner, "kaiten"))
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        board = make_board(client, headers, project.id)
    return headers, board


def test_parallel_edits_of_different_fields_of_one_card_all_stay(app, owner_board):
    headers, board = owner_board
    with TestClient(app) as client:
        card = make_card(client, headers, board)
    edits = [{"title": "T"}, {"description": "D"}, {"asap": True}, {"size_text": "5"}, {"external_id": "X-1"},
             {"column_id": board["columns"][1]["id"]}, {"due_date": "2026-12-31"},
             {"planned_end": "2027-01-02"}]  # fmt: skip
    answers = parallel(app, [lambda c, e=e: c.patch(f"{API}/cards/{card['id']}", json=e, headers=headers)
                             for e in edits])  # fmt: skip
    assert [a.status_code for a in answers] == [200] * len(edits)
    with TestClient(app) as client:
        final = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    for edit in edits:
        for key, value in edit.items():
            assert final[key] == value, key
    assert final["version"] == card["version"] + len(edits)


def test_parallel_creates_in_one_cell_all_land_with_distinct_places(app, owner_board):
    headers, board = owner_board
    answers = parallel(app, [lambda c, n=n: c.post(f"{API}/cards", json={"title": f"p{n}", "board_id": board["id"],
                                                                          "position": 2}, headers=headers)
                             for n in range(8)])  # fmt: skip
    assert [a.status_code for a in answers] == [200] * 8
    with TestClient(app) as client:
        cards = client.get(f"{API}/boards/{board['id']}", headers=headers).json()["cards"]
    assert sorted(c["title"] for c in cards) == sorted(f"p{n}" for n in range(8))
    assert len({c["sort_order"] for c in cards}) == 8


def test_parallel_writes_of_every_card_part_all_stay(app, world, owner_board):
    """Comments, tags, members, checklists, time logs, blockers, children and links written at once."""
    headers, board = owner_board
    with TestClient(app) as client:
        card = make_card(client, headers, board)
        others = [make_card(client, headers, board, title=f"child{n}") for n in range(2)]
        checklist = client.post(f"{API}/cards/{card['id']}/checklists", json={"name": "L"}, headers=headers).json()
        owner_id = client.get(f"{API}/users/current", headers=headers).json()["id"]
    base = f"{API}/cards/{card['id']}"
    writes = [
        *[(f"{base}/comments", {"text": f"c{n}"}) for n in range(3)],
        *[(f"{base}/tags", {"name": f"t{n}"}) for n in range(3)],
        *[(f"{API}/checklists/{checklist['id']}/items", {"text": f"i{n}"}) for n in range(3)],
        *[(f"{base}/time-logs", {"time_spent": 5, "for_date": "2026-12-01"}) for _ in range(3)],
        *[(f"{base}/children", {"card_id": other["id"]}) for other in others],
        (f"{base}/members", {"user_id": owner_id}),
        (f"{base}/blockers", {"reason": "b"}),
        (f"{base}/external-links", {"url": "https://example.com"}),
    ]
    answers = parallel(app, [lambda c, w=w: c.post(w[0], json=w[1], headers=headers) for w in writes])
    assert [a.status_code for a in answers] == [200] * len(writes), [a.text for a in answers if a.status_code != 200]
    with TestClient(app) as client:
        shown = client.get(base, headers=headers).json()
        assert shown["comments_total"] == 3 and len(shown["tags"]) == 3
        assert (shown["goals_total"], shown["time_spent_sum"], shown["children_count"]) == (3, 15, 2)
        assert [m["id"] for m in shown["members"]] == [owner_id] and shown["blocked"] is True
        assert len(client.get(f"{base}/external-links", headers=headers).json()) == 1
