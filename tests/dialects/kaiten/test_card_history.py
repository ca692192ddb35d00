"""A card's location history records every move (through either API); baselines; allowed users."""

from __future__ import annotations

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


def test_every_move_is_in_the_location_history(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    board = make_board(client, headers, project.id)
    queue, doing, done = (c["id"] for c in board["columns"])
    sub = client.post(f"{API}/columns/{doing}/subcolumns", json={"title": "Review"}, headers=headers).json()
    card = make_card(client, headers, board)
    client.patch(f"{API}/cards/{card['id']}", json={"title": "not a move"}, headers=headers)
    client.patch(f"{API}/cards/{card['id']}", json={"column_id": sub["id"]}, headers=headers)
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    moved = client.patch(f"/api/v1/userstories/{card['id']}", json={"status": done, "version": story["version"]},
                         headers=world.auth(owner))  # fmt: skip
    assert moved.status_code == 200, moved.text
    history = client.get(f"{API}/cards/{card['id']}/location-history", headers=kaiten_auth(member))
    assert history.status_code == 200, history.text
    places = [(h["column_id"], h["subcolumn_id"], h["board_id"]) for h in history.json()]
    assert places == [(queue, None, board["id"]), (doing, sub["id"], board["id"]), (done, None, board["id"])]
    assert all(h["author_id"] == owner.id and h["changed"].endswith("Z") for h in history.json())
    assert client.get(f"{API}/cards/{card['id']}/location-history", headers=kaiten_auth(outsider)).status_code == 404


def test_baselines_and_allowed_users(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    card = make_card(client, headers, make_board(client, headers, project.id))
    assert client.get(f"{API}/cards/{card['id']}/baselines", headers=headers).json() == []
    allowed = {u["id"] for u in client.get(f"{API}/cards/{card['id']}/allowed-users", headers=headers).json()}
    assert {owner.id, member.id} <= allowed and outsider.id not in allowed
    assert client.get(f"{API}/cards/{card['id']}/allowed-users", headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{API}/cards/999999/baselines", headers=headers).status_code == 404
