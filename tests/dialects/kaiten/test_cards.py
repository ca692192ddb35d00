"""Kaiten cards are core work items: create in a cell, get, list with filters and paging, move between
columns, lanes and boards, archive, bulk update, delete; permissions and bad input."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def setup(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    return headers, make_board(client, headers, project.id)


def test_a_new_card_lands_in_the_first_column_and_lane_and_reads_back(client, team, setup):
    headers, board = setup
    card = make_card(client, headers, board, title="Write docs", description="All of them", asap=True,
                     due_date="2026-12-24T15:00:00.000Z", due_date_time_present=True, size_text="3")  # fmt: skip
    assert (card["board_id"], card["column_id"], card["lane_id"]) == (board["id"], board["columns"][0]["id"],
                                                                     board["lanes"][0]["id"])  # fmt: skip
    assert (card["title"], card["description"], card["asap"], card["size"]) == ("Write docs", "All of them", True, 3.0)
    assert (card["state"], card["condition"], card["archived"]) == (1, 1, False)
    assert card["due_date"] == "2026-12-24T15:00:00.000Z" and card["owner"]["id"] == team.owner.id
    fetched = client.get(f"{API}/cards/{card['id']}", headers=headers)
    assert fetched.status_code == 200 and fetched.json()["title"] == "Write docs"
    assert fetched.json()["type"]["id"] == card["type_id"]
    assert (fetched.json()["board"]["id"], fetched.json()["column"]["id"], fetched.json()["lane"]["id"]) == (
        board["id"], card["column_id"], card["lane_id"])  # fmt: skip
    assert fetched.json()["updater_id"] == team.owner.id


def test_position_one_is_the_top_of_the_cell_and_two_its_bottom(client, setup):
    headers, board = setup
    first = make_card(client, headers, board, title="first")
    top = make_card(client, headers, board, title="top", position=1)
    bottom = make_card(client, headers, board, title="bottom", position=2)
    assert top["sort_order"] < first["sort_order"] < bottom["sort_order"]
    listed = client.get(f"{API}/boards/{board['id']}", headers=headers).json()["cards"]
    assert [c["title"] for c in listed] == ["top", "first", "bottom"]


def test_moving_a_card_between_columns_lanes_and_boards(client, team, setup):
    headers, board = setup
    world, project, owner, member, outsider = team
    lane = client.post(f"{API}/boards/{board['id']}/lanes", json={"title": "Fast"}, headers=headers).json()
    card = make_card(client, headers, board)
    done = board["columns"][2]["id"]
    moved = client.patch(f"{API}/cards/{card['id']}", json={"column_id": done, "lane_id": lane["id"],
                                                            "sort_order": 2.5}, headers=headers)  # fmt: skip
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["column_id"], body["lane_id"], body["sort_order"], body["state"]) == (done, lane["id"], 2.5, 3)
    assert body["completed_at"] is not None and body["version"] == card["version"] + 1
    other = make_board(client, headers, project.id, title="Other")
    across = client.patch(f"{API}/cards/{card['id']}", json={"board_id": other["id"]}, headers=headers).json()
    assert (across["board_id"], across["column_id"], across["lane_id"]) == (
        other["id"], other["columns"][0]["id"], other["lanes"][0]["id"])  # fmt: skip
    foreign = client.patch(f"{API}/cards/{card['id']}", json={"column_id": done, "board_id": other["id"]},
                           headers=headers)  # fmt: skip
    assert foreign.status_code == 400 and "column_id" in foreign.json()["message"]


def test_archive_by_condition_and_the_list_leaves_archived_cards_out(client, setup):
    headers, board = setup
    card = make_card(client, headers, board, title="old")
    live = make_card(client, headers, board, title="live")
    archived = client.patch(f"{API}/cards/{card['id']}", json={"condition": 2}, headers=headers).json()
    assert (archived["condition"], archived["archived"]) == (2, True)
    ids = [c["id"] for c in client.get(f"{API}/cards?board_id={board['id']}", headers=headers).json()]
    assert ids == [live["id"]]
    ids = [c["id"] for c in client.get(f"{API}/cards?board_id={board['id']}&condition=2", headers=headers).json()]
    assert ids == [card["id"]]
    back = client.patch(f"{API}/cards/{card['id']}", json={"condition": 1}, headers=headers).json()
    assert back["archived"] is False


def test_the_list_filters_and_pages(client, team, setup):
    headers, board = setup
    world, project, owner, member, outsider = team
    cards = [make_card(client, headers, board, title=f"c{n}") for n in range(5)]
    doing = board["columns"][1]["id"]
    client.patch(f"{API}/cards/{cards[1]['id']}", json={"column_id": doing}, headers=headers)

    def ids(query: str) -> list[int]:
        response = client.get(f"{API}/cards?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()]

    assert ids(f"board_id={board['id']}") == [c["id"] for c in cards]
    assert ids(f"column_id={doing}") == [cards[1]["id"]]
    assert ids(f"board_id={board['id']}&states=2") == [cards[1]["id"]]
    assert ids(f"space_id={project.id}&limit=2&offset=1") == [cards[1]["id"], cards[2]["id"]]
    assert ids(f"board_id={board['id']}&query=C3") == [cards[3]["id"]]
    assert ids(f"board_id={board['id']}&owner_id={owner.id}&limit=1") == [cards[0]["id"]]
    for bad in ("limit=0", "limit=101", "offset=-1", "board_id=x", "condition=3", "archived=maybe",
                "created_after=yesterday"):  # fmt: skip
        response = client.get(f"{API}/cards?{bad}", headers=headers)
        assert response.status_code == 400 and response.json()["message"], bad


def test_a_card_of_a_space_the_caller_is_not_in_is_hidden(client, team, kaiten_auth, setup):
    headers, board = setup
    world, project, owner, member, outsider = team
    card = make_card(client, headers, board)
    assert client.get(f"{API}/cards/{card['id']}", headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{API}/cards?board_id={board['id']}", headers=kaiten_auth(outsider)).json() == []
    assert (
        client.patch(f"{API}/cards/{card['id']}", json={"title": "x"}, headers=kaiten_auth(outsider)).status_code == 404
    )
    assert client.delete(f"{API}/cards/{card['id']}", headers=kaiten_auth(outsider)).status_code == 404
    made = client.post(f"{API}/cards", json={"title": "x", "board_id": board["id"]}, headers=kaiten_auth(outsider))
    assert made.status_code == 400  # the board is unknown to the caller
    assert client.get(f"{API}/cards/{card['id']}").status_code == 401


@pytest.mark.parametrize("body", [
    {"board_id": 1}, {"title": "", "board_id": 1}, {"title": "x"}, {"title": "x", "board_id": "b"},
    {"title": "x", "board_id": 1, "position": 3}, {"title": ["x"], "board_id": 1},
    {"title": "x", "board_id": 1, "due_date": "soon"}, {"title": "x", "board_id": 1, "sort_order": "first"},
])  # fmt: skip
def test_bad_card_bodies_are_400_and_write_nothing(client, setup, body):
    headers, board = setup
    body = {**body, "board_id": board["id"]} if body.get("board_id") == 1 else body
    response = client.post(f"{API}/cards", json=body, headers=headers)
    assert response.status_code == 400 and response.json()["message"]
    assert client.get(f"{API}/boards/{board['id']}", headers=headers).json()["cards"] == []


def test_unknown_column_lane_or_type_are_400(client, setup):
    headers, board = setup
    for extra in ({"column_id": 999999}, {"lane_id": 999999}, {"type_id": 999999}):
        response = client.post(f"{API}/cards", json={"title": "x", "board_id": board["id"]} | extra, headers=headers)
        assert response.status_code == 400, extra
    assert client.post(f"{API}/cards", json={"title": "x", "board_id": 999999}, headers=headers).status_code == 400
    assert client.get(f"{API}/cards/999999", headers=headers).status_code == 404


def test_delete_answers_the_card_and_it_is_gone(client, setup):
    headers, board = setup
    card = make_card(client, headers, board)
    removed = client.delete(f"{API}/cards/{card['id']}", headers=headers)
    assert removed.status_code == 200 and removed.json()["id"] == card["id"]
    assert client.get(f"{API}/cards/{card['id']}", headers=headers).status_code == 404


def test_bulk_update_answers_202_with_a_job_and_applies_to_every_card(client, team, kaiten_auth, setup):
    headers, board = setup
    cards = [make_card(client, headers, board, title=f"b{n}") for n in range(3)]
    done = board["columns"][2]["id"]
    response = client.patch(f"{API}/cards", json={"card_ids": [c["id"] for c in cards[:2]],
                                                  "data": {"column_id": done}}, headers=headers)  # fmt: skip
    assert response.status_code == 202 and len(response.json()["id"]) == 36
    job = client.get(f"{API}/jobs/{response.json()['id']}", headers=headers)
    assert job.status_code == 200, job.text
    assert (job.json()["status"], job.json()["done"], job.json()["card_ids"]) == (
        "done", 2, [c["id"] for c in cards[:2]])  # fmt: skip
    assert client.get(f"{API}/jobs/not-a-job", headers=headers).status_code == 404
    states = [client.get(f"{API}/cards/{c['id']}", headers=headers).json()["column_id"] for c in cards]
    assert states == [done, done, board["columns"][0]["id"]]
    by_filter = client.patch(f"{API}/cards", json={"filter": {"board_id": board["id"]}, "data": {"asap": True}},
                             headers=headers)  # fmt: skip
    assert by_filter.status_code == 202
    assert all(client.get(f"{API}/cards/{c['id']}", headers=headers).json()["asap"] for c in cards)
    bad = client.patch(f"{API}/cards", json={"card_ids": [cards[0]["id"], 999999], "data": {"asap": False}},
                       headers=headers)  # fmt: skip
    assert bad.status_code == 404
    assert client.get(f"{API}/cards/{cards[0]['id']}", headers=headers).json()["asap"] is True  # all or none
    assert client.patch(f"{API}/cards", json={"data": {}}, headers=headers).status_code == 400
    other = client.get(f"{API}/jobs/{response.json()['id']}", headers=kaiten_auth(team.member))
    assert other.status_code == 404  # a job is its starter's


def test_card_types_crud(client, team, kaiten_auth, setup):
    headers, board = setup
    made = client.post(f"{API}/card-types", json={"name": "Bug", "letter": "B", "color": 2}, headers=headers)
    assert made.status_code == 200, made.text
    kind = made.json()
    assert (kind["name"], kind["letter"], kind["color"], kind["archived"]) == ("Bug", "B", 2, False)
    assert kind["id"] in [k["id"] for k in client.get(f"{API}/card-types", headers=headers).json()]
    patched = client.patch(f"{API}/card-types/{kind['id']}", json={"name": "Defect", "color": 5}, headers=headers)
    assert (patched.json()["name"], patched.json()["color"]) == ("Defect", 5)
    card = make_card(client, headers, board, type_id=kind["id"])
    assert card["type"]["name"] == "Defect"
    assert client.delete(f"{API}/card-types/{kind['id']}", headers=headers).status_code == 409  # in use
    client.delete(f"{API}/cards/{card['id']}", headers=headers)
    assert client.delete(f"{API}/card-types/{kind['id']}", headers=headers).json() == {"id": kind["id"]}
    assert client.get(f"{API}/card-types/{kind['id']}", headers=headers).status_code == 404
    assert client.post(f"{API}/card-types", json={"name": ""}, headers=headers).status_code == 400


def test_moving_a_card_to_a_board_of_another_space_moves_the_item(client, team, kaiten_auth, setup):
    headers, board = setup
    world, project, owner, member, outsider = team
    other_space = world.project(owner, private=True, name="Elsewhere")
    other = make_board(client, headers, other_space.id)
    card = make_card(client, headers, board, title="Traveller")
    client.post(f"{API}/cards/{card['id']}/comments", json={"text": "kept"}, headers=headers)
    moved = client.patch(f"{API}/cards/{card['id']}", json={"board_id": other["id"]}, headers=headers)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["board_id"], moved.json()["column_id"]) == (other["id"], other["columns"][0]["id"])
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    assert (story["project"], story["status"]) == (other_space.id, other["columns"][0]["id"])
    assert [c["text"] for c in client.get(f"{API}/cards/{card['id']}/comments", headers=headers).json()] == ["kept"]
    assert (
        client.patch(
            f"{API}/cards/{card['id']}", json={"board_id": board["id"]}, headers=kaiten_auth(member)
        ).status_code
        == 404
    )  # the member is not in the other space
