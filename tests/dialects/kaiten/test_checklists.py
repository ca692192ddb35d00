"""Card checklists and their items through both Kaiten route families; the counters on the card."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def card(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    return make_card(client, headers, make_board(client, headers, project.id))


def test_checklist_crud_by_card(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/cards/{card['id']}/checklists"
    made = client.post(url, json={"name": "Release", "sort_order": 3}, headers=headers)
    assert made.status_code == 200, made.text
    checklist = made.json()
    assert (checklist["name"], checklist["sort_order"], checklist["items"]) == ("Release", 3, [])
    body = {"text": "Tag it", "due_date": "2026-12-30", "responsible_id": member.id}
    item = client.post(f"{url}/{checklist['id']}/items", json=body, headers=headers)
    assert item.status_code == 200, item.text
    item = item.json()
    assert (item["text"], item["checked"], item["due_date"], item["responsible_id"]) == (
        "Tag it", False, "2026-12-30", member.id)  # fmt: skip
    checked = client.patch(f"{url}/{checklist['id']}/items/{item['id']}", json={"checked": True}, headers=headers)
    assert (checked.json()["checked"], checked.json()["checker_id"]) == (True, owner.id)
    assert checked.json()["checked_at"] is not None
    fetched = client.get(f"{url}/{checklist['id']}", headers=kaiten_auth(member)).json()
    assert [i["text"] for i in fetched["items"]] == ["Tag it"]
    shown = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    assert (shown["goals_total"], shown["goals_done"]) == (1, 1)
    renamed = client.patch(f"{url}/{checklist['id']}", json={"name": "Ship"}, headers=headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Ship"
    assert client.delete(f"{url}/{checklist['id']}/items/{item['id']}", headers=headers).json() == {"id": item["id"]}
    assert client.delete(f"{url}/{checklist['id']}", headers=headers).json() == {"id": checklist["id"]}
    assert client.get(f"{url}/{checklist['id']}", headers=headers).status_code == 404


def test_the_checklist_family_addresses_the_same_rows(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    checklist = client.post(f"{API}/cards/{card['id']}/checklists", json={"name": "L"}, headers=headers).json()
    url = f"{API}/checklists/{checklist['id']}"
    item = client.post(f"{url}/items", json={"text": "one"}, headers=headers)
    assert item.status_code == 200, item.text
    item_id = item.json()["id"]
    patched = client.patch(f"{url}/items/{item_id}", json={"text": "uno", "sort_order": 9}, headers=headers)
    assert (patched.json()["text"], patched.json()["sort_order"]) == ("uno", 9)
    assert [i["text"] for i in client.get(url, headers=headers).json()["items"]] == ["uno"]
    by_card = client.get(f"{API}/cards/{card['id']}/checklists/{checklist['id']}", headers=headers).json()
    assert by_card["items"][0]["id"] == item_id
    assert client.delete(f"{url}/items/{item_id}", headers=headers).json() == {"id": item_id}
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404


def test_checklist_bad_input_and_foreign_paths(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/cards/{card['id']}/checklists"
    for body in ({}, {"name": ""}, {"name": "x", "sort_order": "a"}):
        assert client.post(url, json=body, headers=headers).status_code == 400
    checklist = client.post(url, json={"name": "L"}, headers=headers).json()
    for body in ({}, {"text": ""}, {"text": "x", "due_date": "later"}, {"text": "x", "responsible_id": outsider.id}):
        response = client.post(f"{url}/{checklist['id']}/items", json=body, headers=headers)
        assert response.status_code == 400 and response.json()["message"], body
    other = make_card(client, headers, make_board(client, headers, team.project.id, title="B2"))
    assert client.get(f"{API}/cards/{other['id']}/checklists/{checklist['id']}", headers=headers).status_code == 404
    assert client.post(url, json={"name": "x"}, headers=kaiten_auth(member)).status_code == 200
    assert client.post(url, json={"name": "x"}, headers=kaiten_auth(outsider)).status_code == 404
    item = client.post(f"{url}/{checklist['id']}/items", json={"text": "a"}, headers=headers).json()
    assert client.patch(f"{url}/{checklist['id']}/items/{item['id']}", json={"checked": None},
                        headers=headers).status_code == 200  # fmt: skip
    second = client.post(url, json={"name": "M"}, headers=headers).json()
    assert client.patch(f"{url}/{second['id']}/items/{item['id']}", json={"text": "b"},
                        headers=headers).status_code == 404  # fmt: skip
