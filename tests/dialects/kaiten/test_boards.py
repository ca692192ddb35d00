"""Kaiten boards, columns, subcolumns and lanes are core boards, statuses and lanes: CRUD through the real
app, who may read and write them, and the same columns as Taiga user story statuses."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.conftest import API


@pytest.fixture
def board(client, team, kaiten_auth):
    """A board made through Kaiten in the team's private space, with three columns."""
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    made = client.post(f"{API}/spaces/{project.id}/boards", json={"title": "Flow", "top": 5}, headers=headers)
    assert made.status_code == 200, made.text
    board = made.json()
    for title, kind in (("Queue", 1), ("Doing", 2), ("Done", 3)):
        column = client.post(f"{API}/boards/{board['id']}/columns", json={"title": title, "type": kind},
                             headers=headers)  # fmt: skip
        assert column.status_code == 200, column.text
    return client.get(f"{API}/spaces/{project.id}/boards/{board['id']}", headers=headers).json()


def test_a_board_is_made_with_one_lane_and_reads_back_with_its_columns(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    assert (board["title"], board["space_id"], board["top"]) == ("Flow", project.id, 5)
    assert [(c["title"], c["type"]) for c in board["columns"]] == [("Queue", 1), ("Doing", 2), ("Done", 3)]
    assert all(c["board_id"] == board["id"] and c["subcolumns"] == [] for c in board["columns"])
    assert [lane["condition"] for lane in board["lanes"]] == [1]
    listed = client.get(f"{API}/spaces/{project.id}/boards", headers=kaiten_auth(member)).json()
    assert board["id"] in [b["id"] for b in listed]
    alone = client.get(f"{API}/boards/{board['id']}", headers=kaiten_auth(member))
    assert alone.status_code == 200 and alone.json()["cards"] == []


def test_update_and_remove_a_board(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/boards/{board['id']}"
    patched = client.patch(
        url, json={"title": "Stream", "description": "Main", "sort_order": 7}, headers=kaiten_auth(owner)
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["title"], patched.json()["description"], patched.json()["sort_order"]) == (
        "Stream",
        "Main",
        7,
    )
    assert patched.json()["top"] == 5  # what was not sent stays
    removed = client.delete(url, headers=kaiten_auth(owner))
    assert (removed.status_code, removed.json()) == (200, {"id": board["id"]})
    assert client.get(url, headers=kaiten_auth(owner)).status_code == 404


def test_boards_are_hidden_from_outsiders_and_read_only_for_members(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/boards/{board['id']}"
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{API}/boards/{board['id']}/columns", headers=kaiten_auth(outsider)).status_code == 404
    assert client.patch(url, json={"title": "Mine"}, headers=kaiten_auth(member)).status_code == 403
    made = client.post(f"{API}/boards/{board['id']}/columns", json={"title": "X"}, headers=kaiten_auth(member))
    assert made.status_code == 403
    assert client.get(url, headers={}).status_code == 401
    assert client.get(f"{API}/spaces/{project.id}/boards/999999", headers=kaiten_auth(owner)).status_code == 404


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": 5}, {"title": "x" * 256}, {"title": "A", "top": "x"}])
def test_bad_board_bodies_are_400_and_write_nothing(client, team, kaiten_auth, body):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/boards"
    before = client.get(url, headers=kaiten_auth(owner)).json()
    response = client.post(url, json=body, headers=kaiten_auth(owner))
    assert response.status_code == 400 and "message" in response.json()
    assert client.get(url, headers=kaiten_auth(owner)).json() == before


def test_malformed_json_and_wrong_content_type_are_4xx_messages(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/boards"
    headers = kaiten_auth(owner) | {"Content-Type": "application/json"}
    assert client.post(url, content=b"{", headers=headers).status_code == 400
    wrong = client.post(url, content=b"title=A", headers=kaiten_auth(owner) | {"Content-Type": "text/plain"})
    assert wrong.status_code == 415 and "message" in wrong.json()


def test_columns_update_and_delete_and_an_occupied_column_stays(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    queue, doing, done = board["columns"]
    url = f"{API}/boards/{board['id']}/columns"
    patched = client.patch(
        f"{url}/{doing['id']}", json={"title": "Work", "wip_limit": 3, "col_count": 2}, headers=headers
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["title"], patched.json()["wip_limit"], patched.json()["col_count"]) == ("Work", 3, 2)
    card = client.post(f"{API}/cards", json={"title": "C", "board_id": board["id"], "column_id": doing["id"]},
                       headers=headers)  # fmt: skip
    assert card.status_code == 200, card.text
    occupied = client.delete(f"{url}/{doing['id']}", headers=headers)
    assert occupied.status_code == 400 and occupied.json()["message"]
    removed = client.delete(f"{url}/{queue['id']}", headers=headers)
    assert (removed.status_code, removed.json()) == (200, {"id": queue["id"]})
    assert [c["title"] for c in client.get(url, headers=headers).json()] == ["Work", "Done"]
    assert client.patch(f"{url}/999999", json={"title": "Z"}, headers=headers).status_code == 404
    assert client.patch(f"{url}/{done['id']}", json={"type": 7}, headers=headers).status_code == 400


def test_subcolumns_live_under_their_column(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    doing = board["columns"][1]
    url = f"{API}/columns/{doing['id']}/subcolumns"
    made = client.post(url, json={"title": "Review"}, headers=headers)
    assert made.status_code == 200, made.text
    sub = made.json()
    assert (sub["column_id"], sub["type"]) == (doing["id"], 2)
    assert [s["title"] for s in client.get(url, headers=headers).json()] == ["Review"]
    columns = client.get(f"{API}/boards/{board['id']}/columns", headers=headers).json()
    assert [s["id"] for s in columns[1]["subcolumns"]] == [sub["id"]]
    patched = client.patch(f"{url}/{sub['id']}", json={"title": "Check"}, headers=headers)
    assert patched.status_code == 200 and patched.json()["title"] == "Check"
    assert client.patch(f"{API}/columns/{board['columns'][0]['id']}/subcolumns/{sub['id']}", json={"title": "Q"},
                        headers=headers).status_code == 404  # fmt: skip
    assert client.delete(f"{url}/{sub['id']}", headers=headers).json() == {"id": sub["id"]}
    assert client.get(url, headers=headers).json() == []


def test_lanes_crud(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/boards/{board['id']}/lanes"
    made = client.post(url, json={"title": "Urgent", "row_count": 2, "sort_order": 5}, headers=headers)
    assert made.status_code == 200, made.text
    lane = made.json()
    assert (lane["title"], lane["row_count"], lane["board_id"], lane["sort_order"]) == ("Urgent", 2, board["id"], 5)
    patched = client.patch(f"{url}/{lane['id']}", json={"title": "Fast", "condition": 2}, headers=headers)
    assert (patched.json()["title"], patched.json()["condition"], patched.json()["row_count"]) == ("Fast", 2, 2)
    assert len(client.get(url, headers=headers).json()) == 2
    assert client.delete(f"{url}/{lane['id']}", headers=headers).json() == {"id": lane["id"]}
    assert client.delete(f"{url}/{lane['id']}", headers=headers).status_code == 404
    assert client.post(url, json={"title": ""}, headers=headers).status_code == 400


def test_a_kaiten_column_is_a_taiga_user_story_status(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    statuses = client.get(f"/api/v1/userstory-statuses?project={project.id}", headers=world.auth(owner)).json()
    by_id = {s["id"]: s for s in statuses}
    queue, doing, done = board["columns"]
    assert by_id[done["id"]]["is_closed"] is True and by_id[queue["id"]]["name"] == "Queue"
    renamed = client.patch(
        f"/api/v1/userstory-statuses/{doing['id']}", json={"name": "Busy"}, headers=world.auth(owner)
    )
    assert renamed.status_code == 200, renamed.text
    columns = client.get(f"{API}/boards/{board['id']}/columns", headers=kaiten_auth(owner)).json()
    assert [c["title"] for c in columns] == ["Queue", "Busy", "Done"]
    assert columns[1]["col_count"] == 1  # what Kaiten keeps is not lost by Taiga's edit


BAD_COLUMNS = [{"title": "X", "sort_order": 1e12}, {"title": "X", "type": 0}, {"title": "X", "wip_limit": -1},
               {"title": None}, {"title": "X", "rules": "all"}]  # fmt: skip


@pytest.mark.parametrize("body", BAD_COLUMNS)
def test_bad_column_bodies_are_400_and_write_nothing(client, team, kaiten_auth, board, body):
    url = f"{API}/boards/{board['id']}/columns"
    response = client.post(url, json=body, headers=kaiten_auth(team.owner))
    assert response.status_code == 400 and response.json()["message"]
    assert len(client.get(url, headers=kaiten_auth(team.owner)).json()) == 3
