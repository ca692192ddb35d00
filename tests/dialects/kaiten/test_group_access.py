"""A Kaiten group granted a space gives each of its users the granted access level there, through every
API (core.access: the best of the own membership and the teams' grants): read with a reader role, write
with a writer one; out of the group (or the grant revoked), the access goes."""

from __future__ import annotations

import threading

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API

READER, WRITER = (f"{21:08x}-0000-4000-8000-{n:012x}" for n in (1, 2))


@pytest.fixture
def granted(client, team, world, kaiten_auth):
    """(card, group users url, grant url, admin headers): a card of the team's space and a group
    granted the space as reader, the outsider not yet in it."""
    world, project, owner, member, outsider = team
    admin = kaiten_auth(world.user(superuser=True))
    card = make_card(client, kaiten_auth(owner), make_board(client, kaiten_auth(owner), project.id), title="Plan")
    group = client.post(f"{API}/company/groups", json={"name": "Guests"}, headers=admin).json()
    space = client.get(f"{API}/spaces/{project.id}", headers=admin).json()
    entities = f"{API}/company/groups/{group['uid']}/entities"
    made = client.post(entities, json={"entity_uid": space["uid"], "role_ids": [READER]}, headers=admin)
    assert made.status_code == 200, made.text
    return card, f"{API}/groups/{group['uid']}/users", f"{entities}/{space['uid']}", admin


def test_group_users_get_the_granted_level_and_lose_it_with_the_group(client, team, granted, kaiten_auth):
    world, project, owner, member, outsider = team
    card, users, grant, admin = granted
    kaiten, taiga = kaiten_auth(outsider), world.auth(outsider)
    card_url, story_url = f"{API}/cards/{card['id']}", f"/api/v1/userstories/{card['id']}"
    assert client.get(card_url, headers=kaiten).status_code in (403, 404)
    assert client.get(f"/api/v1/projects/{project.id}", headers=taiga).status_code == 404

    assert client.post(users, json={"user_id": outsider.id}, headers=admin).status_code == 200
    assert client.get(card_url, headers=kaiten).json()["title"] == "Plan"
    assert project.id in [s["id"] for s in client.get(f"{API}/spaces", headers=kaiten).json()]
    assert client.patch(card_url, json={"title": "Mine"}, headers=kaiten).status_code == 403
    detail = client.get(f"/api/v1/projects/{project.id}", headers=taiga).json()
    assert (detail["i_am_member"], detail["i_am_admin"]) == (True, False)
    assert "view_us" in detail["my_permissions"] and "modify_us" not in detail["my_permissions"]
    assert outsider.id not in [m["id"] for m in detail["members"]]  # no membership row: not listed
    assert project.id in [p["id"] for p in client.get("/api/v1/projects", headers=taiga).json()]
    dashboard = client.get("/api/v1/userstories?dashboard=true", headers=taiga).json()
    assert card["id"] in [s["id"] for s in dashboard]  # the projects they belong to, through the group too
    story = client.get(story_url, headers=taiga).json()
    assert (
        client.patch(story_url, json={"subject": "Mine", "version": story["version"]}, headers=taiga).status_code == 403
    )

    assert client.patch(grant, json={"role_ids": [WRITER]}, headers=admin).status_code == 200
    assert client.patch(card_url, json={"title": "Through Kaiten"}, headers=kaiten).status_code == 200
    story = client.get(story_url, headers=taiga).json()
    edited = client.patch(story_url, json={"subject": "Through Taiga", "version": story["version"]}, headers=taiga)
    assert edited.status_code == 200, edited.text
    assert client.get(card_url, headers=kaiten_auth(owner)).json()["title"] == "Through Taiga"

    assert client.delete(f"{users}/{outsider.id}", headers=admin).status_code == 200
    assert client.get(card_url, headers=kaiten).status_code in (403, 404)
    assert client.get(story_url, headers=taiga).status_code in (403, 404)
    assert client.get(f"/api/v1/projects/{project.id}", headers=taiga).status_code == 404
    assert project.id not in [p["id"] for p in client.get("/api/v1/projects", headers=taiga).json()]


def test_a_revoked_grant_or_one_without_a_role_gives_nothing(client, team, granted, kaiten_auth):
    world, project, owner, member, outsider = team
    card, users, grant, admin = granted
    kaiten, card_url = kaiten_auth(outsider), f"{API}/cards/{card['id']}"
    client.post(users, json={"user_id": outsider.id}, headers=admin)
    assert client.get(card_url, headers=kaiten).status_code == 200
    assert client.patch(grant, json={"role_ids": []}, headers=admin).json()["role_ids"] == []
    assert client.get(card_url, headers=kaiten).status_code in (403, 404)
    assert project.id not in [p["id"] for p in client.get("/api/v1/projects", headers=world.auth(outsider)).json()]
    client.patch(grant, json={"role_ids": [READER, WRITER]}, headers=admin)
    assert client.patch(card_url, json={"title": "Best level wins"}, headers=kaiten).status_code == 200
    assert client.delete(grant, headers=admin).status_code == 200
    assert client.get(card_url, headers=kaiten).status_code in (403, 404)


def test_an_own_membership_and_a_grant_give_the_better_of_the_two(client, team, granted, kaiten_auth):
    world, project, owner, member, outsider = team
    card, users, grant, admin = granted
    client.post(users, json={"user_id": member.id}, headers=admin)
    client.patch(f"{API}/spaces/{project.id}/users/{member.id}", json={"role_id": 1}, headers=kaiten_auth(owner))
    card_url = f"{API}/cards/{card['id']}"
    assert client.patch(card_url, json={"title": "Reader twice"}, headers=kaiten_auth(member)).status_code == 403
    client.patch(grant, json={"role_ids": [WRITER]}, headers=admin)
    assert client.patch(card_url, json={"title": "Writer by group"}, headers=kaiten_auth(member)).status_code == 200
    client.delete(f"{users}/{member.id}", headers=admin)
    assert client.get(card_url, headers=kaiten_auth(member)).status_code == 200  # the own membership stays


def test_the_project_list_asks_the_grants_once_whatever_the_number_of_projects(client, world, kaiten_auth,
                                                                              query_counter):  # fmt: skip
    admin = kaiten_auth(world.user(superuser=True))
    guest = world.user("guest")
    group = client.post(f"{API}/company/groups", json={"name": "Many"}, headers=admin).json()
    client.post(f"{API}/groups/{group['uid']}/users", json={"user_id": guest.id}, headers=admin)
    counts = []
    for name in ("a", "b", "c"):
        project = world.project(world.user(f"owner-{name}"), private=True, name=name)
        space = client.get(f"{API}/spaces/{project.id}", headers=admin).json()
        client.post(f"{API}/company/groups/{group['uid']}/entities", json={"entity_uid": space["uid"],
                    "role_ids": [READER]}, headers=admin)  # fmt: skip
        query_counter.clear()
        listed = client.get("/api/v1/projects", headers=world.auth(guest)).json()
        assert project.id in [p["id"] for p in listed]
        counts.append(len(query_counter))
    assert counts[1] == counts[2], counts


@pytest.mark.real_db
def test_users_joining_a_granted_group_in_parallel_all_get_in(client, team, granted, kaiten_auth):
    world, project, owner, member, outsider = team
    card, users, grant, admin = granted
    people = [world.user() for _ in range(6)]
    barrier, codes = threading.Barrier(len(people)), []

    def join_and_read(user_id: int, headers: dict[str, str]) -> None:
        barrier.wait()
        codes.append(client.post(users, json={"user_id": user_id}, headers=admin).status_code)
        codes.append(client.get(f"{API}/cards/{card['id']}", headers=headers).status_code)

    threads = [threading.Thread(target=join_and_read, args=(p.id, kaiten_auth(p))) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 2 * len(people)
    assert {u["id"] for u in client.get(users, headers=admin).json()} == {p.id for p in people}
