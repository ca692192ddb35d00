"""Card comments, tags and members through Kaiten, and the same rows through Taiga."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def card(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    return make_card(client, headers, make_board(client, headers, project.id), title="Talk")


def test_comments_crud_and_in_taiga_history(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    url = f"{API}/cards/{card['id']}/comments"
    made = client.post(url, json={"text": "First!"}, headers=kaiten_auth(member))
    assert made.status_code == 200, made.text
    comment = made.json()
    assert (comment["text"], comment["author_id"], comment["card_id"], comment["edited"]) == (
        "First!", member.id, card["id"], False)  # fmt: skip
    listed = client.get(url, headers=kaiten_auth(owner)).json()
    assert [(c["id"], c["author"]["id"]) for c in listed] == [(comment["id"], member.id)]
    history = client.get(f"/api/v1/history/userstory/{card['id']}", headers=world.auth(owner)).json()
    assert "First!" in [entry["comment"] for entry in history]
    assert client.get(f"{API}/cards/{card['id']}", headers=kaiten_auth(owner)).json()["comments_total"] == 1
    edited = client.patch(f"{url}/{comment['id']}", json={"text": "Second"}, headers=kaiten_auth(member))
    assert edited.status_code == 200 and (edited.json()["text"], edited.json()["edited"]) == ("Second", True)
    assert client.delete(f"{url}/{comment['id']}", headers=kaiten_auth(member)).json() == {"id": comment["id"]}
    assert client.get(url, headers=kaiten_auth(owner)).json() == []
    assert client.patch(f"{url}/{comment['id']}", json={"text": "x"}, headers=kaiten_auth(member)).status_code == 404


def test_comment_bad_input_and_outsiders(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    url = f"{API}/cards/{card['id']}/comments"
    for body in ({}, {"text": ""}, {"text": 5}):
        response = client.post(url, json=body, headers=kaiten_auth(owner))
        assert response.status_code == 400 and response.json()["message"]
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.post(url, json={"text": "hi"}, headers=kaiten_auth(outsider)).status_code == 404
    assert (
        client.post(f"{API}/cards/999999/comments", json={"text": "hi"}, headers=kaiten_auth(owner)).status_code == 404
    )


def test_card_tags_are_company_tags_and_taiga_shows_them(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/cards/{card['id']}/tags"
    added = client.post(url, json={"name": "Urgent"}, headers=headers)
    assert added.status_code == 200, added.text
    tag = added.json()
    assert (tag["name"], tag["company_id"]) == ("Urgent", project.workspace_id)
    again = client.post(url, json={"name": "Urgent"}, headers=headers).json()
    assert again["id"] == tag["id"]
    assert [(t["tag_id"], t["card_id"]) for t in client.get(url, headers=headers).json()] == [(tag["id"], card["id"])]
    assert tag["id"] in [t["id"] for t in client.get(f"{API}/tags", headers=headers).json()]
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    assert [t[0] for t in story["tags"]] == ["Urgent"]
    assert [t["name"] for t in client.get(f"{API}/cards/{card['id']}", headers=headers).json()["tags"]] == ["Urgent"]
    assert client.delete(f"{url}/{tag['id']}", headers=headers).json() == {"id": tag["id"]}
    assert client.get(url, headers=headers).json() == []
    assert client.delete(f"{url}/{tag['id']}", headers=headers).status_code == 404
    assert client.post(url, json={"name": ""}, headers=headers).status_code == 400
    assert client.post(url, json={"name": "x"}, headers=kaiten_auth(member)).status_code == 200
    assert client.post(url, json={"name": "x"}, headers=kaiten_auth(outsider)).status_code == 404


def test_company_tags_create_list_and_duplicates(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    made = client.post(f"{API}/tags", json={"name": "backend", "color": 3}, headers=headers)
    assert made.status_code == 200 and made.json()["color"] == 3
    assert client.post(f"{API}/tags", json={"name": "backend"}, headers=headers).status_code == 409
    assert [t["name"] for t in client.get(f"{API}/tags?query=BACK", headers=headers).json()] == ["backend"]
    assert client.get(f"{API}/tags?limit=0", headers=headers).status_code == 400
    assert client.post(f"{API}/tags", json={}, headers=headers).status_code == 400


def test_members_with_the_responsible_one_are_taiga_assignees(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/cards/{card['id']}/members"
    added = client.post(url, json={"user_id": member.id}, headers=headers)
    assert added.status_code == 200, added.text
    assert (added.json()["id"], added.json()["type"]) == (member.id, 1)
    client.post(url, json={"user_id": owner.id}, headers=headers)
    promoted = client.patch(f"{url}/{member.id}", json={"type": 2}, headers=headers)
    assert promoted.status_code == 200 and promoted.json()["type"] == 2
    listed = {m["user_id"]: m["type"] for m in client.get(url, headers=headers).json()}
    assert listed == {member.id: 2, owner.id: 1}
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    assert story["assigned_to"] == member.id and set(story["assigned_users"]) == {member.id, owner.id}
    assert client.delete(f"{url}/{member.id}", headers=headers).json() == {"id": member.id}
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=world.auth(owner)).json()
    assert (story["assigned_to"], story["assigned_users"]) == (None, [owner.id])
    assert client.delete(f"{url}/{member.id}", headers=headers).status_code == 404
    assert client.post(url, json={"user_id": outsider.id}, headers=headers).status_code == 400  # not in the space
    assert client.post(url, json={"user_id": "me"}, headers=headers).status_code == 400
    assert client.patch(f"{url}/{owner.id}", json={"type": 5}, headers=headers).status_code == 400
