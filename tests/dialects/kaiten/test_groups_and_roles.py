"""Kaiten user roles (job titles) and groups (core teams) with their users, admins and entities."""

from __future__ import annotations

import threading

import pytest

from tests.dialects.kaiten.conftest import API

ADMIN_ROLE, READER_ROLE = (f"{21:08x}-0000-4000-8000-{n:012x}" for n in (3, 1))


@pytest.fixture
def admin(world, kaiten_auth):
    user = world.user(superuser=True)
    return user, kaiten_auth(user)


def test_user_roles_crud(client, world, admin, kaiten_auth):
    _, headers = admin
    made = client.post(f"{API}/user-roles", json={"name": "Designer"}, headers=headers)
    assert made.status_code == 200, made.text
    role = made.json()
    assert role["name"] == "Designer" and role["uid"] == f"{27:08x}-0000-4000-8000-{role['id']:012x}"
    plain = kaiten_auth(world.user())
    assert [r["name"] for r in client.get(f"{API}/user-roles", headers=plain).json()] == ["Designer"]
    assert client.get(f"{API}/user-roles/{role['id']}", headers=plain).json() == role
    renamed = client.patch(f"{API}/user-roles/{role['id']}", json={"name": "Lead designer"}, headers=headers)
    assert (renamed.status_code, renamed.json()["name"]) == (200, "Lead designer")
    removed = client.delete(f"{API}/user-roles/{role['id']}", headers=headers)
    assert (removed.status_code, removed.json()["id"]) == (200, role["id"])
    assert client.get(f"{API}/user-roles/{role['id']}", headers=headers).status_code == 404


def test_user_role_errors(client, world, admin, kaiten_auth):
    _, headers = admin
    role = client.post(f"{API}/user-roles", json={"name": "QA"}, headers=headers).json()
    assert client.post(f"{API}/user-roles", json={"name": "qa"}, headers=headers).status_code == 409
    for body in ({}, {"name": ""}, {"name": 5}):
        assert client.post(f"{API}/user-roles", json=body, headers=headers).status_code == 400
    plain = kaiten_auth(world.user())
    assert client.post(f"{API}/user-roles", json={"name": "Mine"}, headers=plain).status_code == 403
    assert client.delete(f"{API}/user-roles/{role['id']}", headers=plain).status_code == 403
    assert client.patch(f"{API}/user-roles/999999", json={"name": "X"}, headers=headers).status_code == 404
    assert client.get(f"{API}/user-roles").status_code == 401


def test_groups_crud(client, world, admin, kaiten_auth):
    _, headers = admin
    made = client.post(f"{API}/company/groups", json={"name": "Backend", "permissions": 3}, headers=headers)
    assert made.status_code == 200, made.text
    group = made.json()
    assert (group["name"], group["permissions"], group["add_to_cards_and_spaces_enabled"]) == ("Backend", 3, False)
    assert group["uid"] == f"{22:08x}-0000-4000-8000-{group['id']:012x}"
    url = f"{API}/company/groups/{group['uid']}"
    plain = kaiten_auth(world.user())
    assert client.get(url, headers=plain).json() == group
    assert [g["uid"] for g in client.get(f"{API}/company/groups", headers=plain).json()] == [group["uid"]]
    patched = client.patch(url, json={"name": "Core", "add_to_cards_and_spaces_enabled": True}, headers=headers)
    assert (patched.json()["name"], patched.json()["add_to_cards_and_spaces_enabled"]) == ("Core", True)
    assert client.delete(url, headers=headers).json()["uid"] == group["uid"]
    assert client.get(url, headers=headers).status_code == 404


def test_group_errors(client, world, admin, kaiten_auth):
    _, headers = admin
    client.post(f"{API}/company/groups", json={"name": "Ops"}, headers=headers)
    assert client.post(f"{API}/company/groups", json={"name": "ops"}, headers=headers).status_code == 409
    for body in ({}, {"name": ""}, {"name": "X", "permissions": "all"}, {"name": "X", "permissions": -2}):
        assert client.post(f"{API}/company/groups", json=body, headers=headers).status_code == 400
    plain = kaiten_auth(world.user())
    assert client.post(f"{API}/company/groups", json={"name": "Mine"}, headers=plain).status_code == 403
    for uid in ("nonsense", f"{1:08x}-0000-4000-8000-{1:012x}", f"{22:08x}-0000-4000-8000-{999999:012x}"):
        assert client.get(f"{API}/company/groups/{uid}", headers=headers).status_code == 404


def test_group_users_and_admins(client, world, admin, kaiten_auth):
    _, headers = admin
    group = client.post(f"{API}/company/groups", json={"name": "Team"}, headers=headers).json()
    users_url, admins_url = f"{API}/groups/{group['uid']}/users", f"{API}/groups/{group['uid']}/admins"
    kira, leo, stranger = world.user("kira"), world.user("leo"), world.user()
    added = client.post(users_url, json={"user_id": kira.id}, headers=headers)
    assert (added.status_code, added.json()["id"], added.json()["username"]) == (200, kira.id, "kira")
    assert client.post(users_url, json={"user_id": kira.id}, headers=headers).status_code == 409
    assert client.post(admins_url, json={"user_id": leo.id}, headers=headers).status_code == 200
    assert {u["id"] for u in client.get(users_url, headers=headers).json()} == {kira.id, leo.id}
    assert [u["id"] for u in client.get(admins_url, headers=headers).json()] == [leo.id]
    # a group admin manages the group's users; others may not
    assert client.post(users_url, json={"user_id": stranger.id}, headers=kaiten_auth(leo)).status_code == 200
    assert client.post(users_url, json={"user_id": leo.id}, headers=kaiten_auth(kira)).status_code == 403
    removed = client.delete(f"{admins_url}/{leo.id}", headers=headers)
    assert (removed.status_code, removed.json()["id"]) == (200, leo.id)
    assert client.get(admins_url, headers=headers).json() == []
    assert leo.id in {u["id"] for u in client.get(users_url, headers=headers).json()}
    assert client.delete(f"{users_url}/{kira.id}", headers=headers).status_code == 200
    assert client.delete(f"{users_url}/{kira.id}", headers=headers).status_code == 404
    for body in ({}, {"user_id": "kira"}, {"user_id": 999999}):
        assert client.post(users_url, json=body, headers=headers).status_code == 400


def test_group_entities(client, team, admin, kaiten_auth):
    world, project, owner, member, outsider = team
    _, headers = admin
    group = client.post(f"{API}/company/groups", json={"name": "Readers"}, headers=headers).json()
    url = f"{API}/company/groups/{group['uid']}/entities"
    space = client.get(f"{API}/spaces/{project.id}", headers=headers).json()
    granted = client.post(url, json={"entity_uid": space["uid"], "role_ids": [READER_ROLE]}, headers=headers)
    assert granted.status_code == 200, granted.text
    assert (granted.json()["group_id"], granted.json()["entity_uid"], granted.json()["own_role_ids"]) == (
        group["id"], space["uid"], [READER_ROLE])  # fmt: skip
    listed = client.get(url, headers=headers).json()
    assert listed == [{"uid": space["uid"], "path": space["path"], "title": project.name, "own_role_ids": [READER_ROLE],
                       "entity_type": "space"}]  # fmt: skip
    changed = client.patch(f"{url}/{space['uid']}", json={"role_ids": [ADMIN_ROLE]}, headers=headers)
    assert (changed.status_code, changed.json()["role_ids"]) == (200, [ADMIN_ROLE])
    assert client.post(url, json={"entity_uid": space["uid"]}, headers=headers).status_code == 409
    for body in ({}, {"entity_uid": "nope"}, {"entity_uid": space["uid"], "role_ids": ["bad"]}):
        assert client.post(url, json=body, headers=headers).status_code == 400
    assert client.post(url, json={"entity_uid": space["uid"]}, headers=kaiten_auth(owner)).status_code == 403
    removed = client.delete(f"{url}/{space['uid']}", headers=headers)
    assert (removed.status_code, removed.json()["entity_uid"]) == (200, space["uid"])
    assert client.get(url, headers=headers).json() == []
    assert client.delete(f"{url}/{space['uid']}", headers=headers).status_code == 404


@pytest.mark.real_db
def test_parallel_group_user_adds_are_all_kept(client, world, admin):
    _, headers = admin
    group = client.post(f"{API}/company/groups", json={"name": "Crowd"}, headers=headers).json()
    people = [world.user() for _ in range(8)]
    url = f"{API}/groups/{group['uid']}/users"
    barrier, codes = threading.Barrier(len(people)), []

    def add(user_id: int) -> None:
        barrier.wait()
        codes.append(client.post(url, json={"user_id": user_id}, headers=headers).status_code)

    threads = [threading.Thread(target=add, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * len(people)
    assert {u["id"] for u in client.get(url, headers=headers).json()} == {p.id for p in people}


@pytest.mark.real_db
def test_parallel_groups_of_one_name_make_one(client, admin):
    _, headers = admin
    barrier, codes = threading.Barrier(6), []

    def make() -> None:
        barrier.wait()
        codes.append(client.post(f"{API}/company/groups", json={"name": "Same"}, headers=headers).status_code)

    threads = [threading.Thread(target=make) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(code in (200, 409) for code in codes), codes
    assert [g["name"] for g in client.get(f"{API}/company/groups", headers=headers).json()].count(
        "Same"
    ) == codes.count(200)
