"""Card children (three core relations) and blockers, and what Taiga shows of them."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def board(client, team, kaiten_auth):
    return make_board(client, kaiten_auth(team.owner), team.project.id)


def test_children_of_a_card(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    parent, child = make_card(client, headers, board, title="P"), make_card(client, headers, board, title="C")
    url = f"{API}/cards/{parent['id']}/children"
    added = client.post(url, json={"card_id": child["id"]}, headers=headers)
    assert added.status_code == 200 and added.json()["id"] == child["id"]
    assert [c["id"] for c in client.get(url, headers=headers).json()] == [child["id"]]
    shown = client.get(f"{API}/cards/{parent['id']}", headers=headers).json()
    assert (shown["children_count"], shown["children_ids"]) == (1, [child["id"]])
    assert client.get(f"{API}/cards/{child['id']}", headers=headers).json()["parents_ids"] == [parent["id"]]
    assert client.post(url, json={"card_id": child["id"]}, headers=headers).status_code == 400
    assert client.post(f"{API}/cards/{child['id']}/children", json={"card_id": parent["id"]},
                       headers=headers).status_code == 400  # fmt: skip
    assert client.post(url, json={"card_id": parent["id"]}, headers=headers).status_code == 400
    assert client.post(url, json={"card_id": 999999}, headers=headers).status_code == 400
    assert client.post(url, json={}, headers=headers).status_code == 400
    assert client.delete(f"{url}/{child['id']}", headers=headers).json() == {"id": child["id"]}
    assert client.get(url, headers=headers).json() == []
    assert client.delete(f"{url}/{child['id']}", headers=headers).status_code == 404
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404


def test_a_taiga_task_is_a_child_of_its_story_card(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    story = make_card(client, headers, board, title="Story")
    task = client.post("/api/v1/tasks", json={"project": project.id, "subject": "T", "user_story": story["id"]},
                       headers=world.auth(owner))  # fmt: skip
    assert task.status_code == 201, task.text
    assert [c["id"] for c in client.get(f"{API}/cards/{story['id']}/children", headers=headers).json()] == [
        task.json()["id"]]  # fmt: skip
    assert client.delete(f"{API}/cards/{story['id']}/children/{task.json()['id']}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/tasks/{task.json()['id']}", headers=world.auth(owner)).json()["user_story"] is None


def test_blockers_keep_the_taiga_flags(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    card, blocking = make_card(client, headers, board), make_card(client, headers, board, title="Blocking")
    url = f"{API}/cards/{card['id']}/blockers"
    made = client.post(url, json={"reason": "Waiting", "blocker_card_id": blocking["id"]}, headers=headers)
    assert made.status_code == 200, made.text
    blocker = made.json()
    assert (blocker["reason"], blocker["blocker_card_id"], blocker["blocker_id"], blocker["released"]) == (
        "Waiting", blocking["id"], owner.id, False)  # fmt: skip
    assert blocker["card"]["title"] == "Blocking"
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    assert (story["is_blocked"], story["blocked_note"]) == (True, "Waiting")
    shown = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    assert (shown["blocked"], shown["block_reason"]) == (True, "Waiting")
    edited = client.patch(f"{url}/{blocker['id']}", json={"reason": "Still"}, headers=headers)
    assert edited.status_code == 200 and edited.json()["reason"] == "Still"
    released = client.patch(f"{url}/{blocker['id']}", json={"released": True}, headers=headers).json()
    assert (released["released"], released["released_by_id"]) == (True, owner.id)
    assert client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()["is_blocked"] is False
    assert [b["id"] for b in client.get(url, headers=headers).json()] == [blocker["id"]]
    assert client.delete(f"{url}/{blocker['id']}", headers=headers).json() == {"id": blocker["id"]}
    assert client.get(url, headers=headers).json() == []
    assert client.delete(f"{url}/{blocker['id']}", headers=headers).status_code == 404
    assert client.post(url, json={"blocker_card_id": card["id"]}, headers=headers).status_code == 400
    assert client.post(url, json={"reason": 5}, headers=headers).status_code == 400
    assert client.post(url, json={"reason": "x"}, headers=kaiten_auth(outsider)).status_code == 404


def test_a_taiga_block_is_a_kaiten_blocker(client, team, kaiten_auth, board):
    world, project, owner, member, outsider = team
    card = make_card(client, kaiten_auth(owner), board)
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    body = {"is_blocked": True, "blocked_note": "Legal", "version": story["version"]}
    client.patch(f"/api/v1/userstories/{card['id']}", json=body, headers=world.auth(owner))
    listed = client.get(f"{API}/cards/{card['id']}/blockers", headers=kaiten_auth(owner)).json()
    assert [(b["reason"], b["released"]) for b in listed] == [("Legal", False)]
