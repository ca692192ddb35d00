"""Kaiten sprints are Taiga milestones: listed page by page, one with its cards and counters."""

from __future__ import annotations

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


def test_a_taiga_milestone_is_a_kaiten_sprint_with_its_cards(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    made = client.post("/api/v1/milestones", json={"project": project.id, "name": "Sprint 1",
                                                   "estimated_start": "2026-12-01", "estimated_finish": "2026-12-14"},
                       headers=world.auth(owner))  # fmt: skip
    assert made.status_code == 201, made.text
    sprint_id = made.json()["id"]
    board = make_board(client, headers, project.id)
    card = make_card(client, headers, board, sprint_id=sprint_id)
    make_card(client, headers, board, sprint_id=sprint_id, column_id=board["columns"][2]["id"])
    assert client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()["milestone"] == sprint_id
    shown = client.get(f"{API}/sprints/{sprint_id}", headers=kaiten_auth(member))
    assert shown.status_code == 200, shown.text
    sprint = shown.json()
    assert (sprint["title"], sprint["start_date"], sprint["finish_date"], sprint["active"]) == (
        "Sprint 1", "2026-12-01", "2026-12-14", True)  # fmt: skip
    assert (sprint["committed"], sprint["velocity"], len(sprint["cards"])) == (2, 1.0, 2)
    assert sprint["uid"].startswith("00000011-")
    assert [s["id"] for s in client.get(f"{API}/sprints", headers=headers).json()] == [sprint_id]
    assert client.get(f"{API}/sprints", headers=kaiten_auth(outsider)).json() == []
    assert client.get(f"{API}/sprints/{sprint_id}", headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{API}/sprints?limit=500", headers=headers).status_code == 400
    foreign = client.post(f"{API}/cards", json={"title": "x", "board_id": board["id"], "sprint_id": 999999},
                          headers=headers)  # fmt: skip
    assert foreign.status_code == 400
