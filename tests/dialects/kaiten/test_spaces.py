"""Kaiten spaces are core projects: CRUD, who sees them, and the same rows through the Taiga API."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.conftest import API


def test_create_get_update_and_remove_a_space(client, world, kaiten_auth):
    headers = kaiten_auth(world.user("kira"))
    created = client.post(f"{API}/spaces", json={"title": "Rocket", "description": "Launch"}, headers=headers)
    assert created.status_code == 200
    space = created.json()
    assert (space["title"], space["archived"], space["entity_type"]) == ("Rocket", False, "space")
    assert space["uid"] == f"00000001-0000-4000-8000-{space['id']:012x}"
    assert space["access"] == "by_invite" and space["created"].endswith("Z")
    url = f"{API}/spaces/{space['id']}"
    fetched = client.get(url, headers=headers).json()
    assert fetched | {"updated": space["updated"]} == space

    patched = client.patch(url, json={"title": "Moon rocket", "description": "Later"}, headers=headers)
    assert patched.status_code == 200
    assert (patched.json()["title"], patched.json()["description"]) == ("Moon rocket", "Later")
    assert client.get(url, headers=headers).json()["title"] == "Moon rocket"

    removed = client.delete(url, headers=headers)
    assert (removed.status_code, removed.json()) == (200, {"id": space["id"]})
    assert client.get(url, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).json() == {"message": "Not found"}


@pytest.mark.parametrize("title", ["", None, "x" * 251])
def test_an_empty_null_or_too_long_title_on_update_is_400_naming_the_title(client, world, kaiten_auth, title):
    owner = world.user()
    project = world.project(owner, name="Keep")
    response = client.patch(f"{API}/spaces/{project.id}", json={"title": title}, headers=kaiten_auth(owner))
    assert response.status_code == 400
    assert response.json()["message"].startswith("title: ")
    assert client.get(f"{API}/spaces/{project.id}", headers=kaiten_auth(owner)).json()["title"] == "Keep"


def test_the_list_holds_the_spaces_the_user_can_see(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    public = team.public

    def titles(user):
        return {s["title"] for s in client.get(f"{API}/spaces", headers=kaiten_auth(user)).json()}

    assert titles(member) >= {project.name, public.name}
    assert project.name not in titles(outsider) and public.name in titles(outsider)


def test_a_private_space_is_hidden_from_an_outsider(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}"
    assert client.get(url, headers=kaiten_auth(member)).status_code == 200
    for response in (
        client.get(url, headers=kaiten_auth(outsider)),
        client.patch(url, json={"title": "Mine"}, headers=kaiten_auth(outsider)),
        client.delete(url, headers=kaiten_auth(outsider)),
    ):
        assert response.status_code in (403, 404)
        assert set(response.json()) == {"message"}
    assert client.get(url, headers=kaiten_auth(owner)).json()["title"] == project.name


def test_a_member_without_the_right_cannot_remove_a_space(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    response = client.delete(f"{API}/spaces/{project.id}", headers=kaiten_auth(member))
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}


def test_a_kaiten_space_is_a_taiga_project_and_back(client, world, kaiten_auth):
    user = world.user()
    space = client.post(f"{API}/spaces", json={"title": "From Kaiten"}, headers=kaiten_auth(user)).json()
    taiga = client.get(f"/api/v1/projects/{space['id']}", headers=world.auth(user))
    assert taiga.status_code == 200
    assert (taiga.json()["name"], taiga.json()["i_am_owner"]) == ("From Kaiten", True)

    made = client.post("/api/v1/projects", json={"name": "From Taiga", "description": "d"}, headers=world.auth(user))
    assert made.status_code == 201
    listed = client.get(f"{API}/spaces", headers=kaiten_auth(user)).json()
    assert {"From Kaiten", "From Taiga"} <= {s["title"] for s in listed}
    assert next(s for s in listed if s["title"] == "From Taiga")["id"] == made.json()["id"]
