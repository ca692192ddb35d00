"""Blocker users and categories, the current user's blockers, and card external links."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def card(client, team, kaiten_auth):
    headers = kaiten_auth(team.owner)
    return make_card(client, headers, make_board(client, headers, team.project.id))


@pytest.fixture
def blocker(client, team, kaiten_auth, card):
    made = client.post(f"{API}/cards/{card['id']}/blockers", json={"reason": "Waiting for review"},
                       headers=kaiten_auth(team.owner))  # fmt: skip
    assert made.status_code == 200, made.text
    return made.json()


def test_blocker_users_and_my_blockers(client, team, kaiten_auth, card, blocker):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/blockers/{blocker['id']}/users"
    added = client.post(url, json={"user_id": member.id}, headers=headers)
    assert added.status_code == 200 and added.json()["id"] == member.id
    assert [u["id"] for u in client.get(url, headers=headers).json()] == [member.id]
    mine = client.get(f"{API}/users/current/blockers", headers=kaiten_auth(member)).json()
    assert [(c["card_id"], c["block_reason"]) for c in mine["blocked_cards"]] == [(card["id"], "Waiting for review")]
    assert mine["summary"]["total_blocked"] == 1
    assert client.get(f"{API}/users/current/blockers", headers=headers).json()["blocked_cards"] == []
    assert client.post(url, json={"user_id": outsider.id}, headers=headers).status_code == 400
    assert client.post(url, json={"user_id": member.id}, headers=kaiten_auth(outsider)).status_code == 404
    assert client.delete(f"{url}/{member.id}", headers=headers).json() == {"id": member.id}
    assert client.delete(f"{url}/{member.id}", headers=headers).status_code == 404
    assert client.get(f"{API}/blockers/999999/users", headers=headers).status_code == 404


def test_blocker_categories(client, team, kaiten_auth, blocker):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/blockers/{blocker['id']}/categories"
    made = client.post(url, json={"name": "Legal", "color": 4}, headers=headers)
    assert made.status_code == 200, made.text
    category = made.json()
    assert (category["name"], category["color"]) == ("Legal", 4) and category["uid"].startswith("00000012-")
    assert client.post(url, json={"uid": category["uid"]}, headers=headers).json() == category
    assert [c["uid"] for c in client.get(f"{API}/categories", headers=headers).json()] == [category["uid"]]
    assert client.post(url, json={"uid": "nonsense"}, headers=headers).status_code == 400
    assert client.post(url, json={}, headers=headers).status_code == 400
    removed = client.delete(f"{url}/{category['uid']}", headers=headers)
    assert removed.status_code == 200 and removed.json() == {"uid": category["uid"]}
    assert client.delete(f"{url}/{category['uid']}", headers=headers).status_code == 404
    assert client.delete(f"{url}/not-a-uid", headers=headers).status_code == 404


def test_external_links_crud(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/cards/{card['id']}/external-links"
    made = client.post(url, json={"url": "https://example.com/spec", "description": "Spec"}, headers=headers)
    assert made.status_code == 200, made.text
    link = made.json()
    assert (link["url"], link["description"], link["card_id"]) == ("https://example.com/spec", "Spec", card["id"])
    patched = client.patch(f"{url}/{link['id']}", json={"description": "Specification"}, headers=headers)
    assert patched.json()["description"] == "Specification" and patched.json()["url"] == link["url"]
    assert [row["id"] for row in client.get(url, headers=kaiten_auth(member)).json()] == [link["id"]]
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.post(url, json={}, headers=headers).status_code == 400
    assert client.post(url, json={"url": ""}, headers=headers).status_code == 400
    assert client.delete(f"{url}/{link['id']}", headers=headers).json() == {"id": link["id"]}
    assert client.delete(f"{url}/{link['id']}", headers=headers).status_code == 404
