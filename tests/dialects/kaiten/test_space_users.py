"""Kaiten space users are core project memberships: add, list, get, change role, remove; who may; the same
members through Taiga's memberships; parallel adds all kept."""

from __future__ import annotations

import threading

import pytest

from tests.dialects.kaiten.conftest import API

READER, WRITER, ADMIN = (f"{21:08x}-0000-4000-8000-{level:012x}" for level in (1, 2, 3))


def test_add_list_get_change_and_remove_a_space_user(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, url = kaiten_auth(owner), f"{API}/spaces/{project.id}/users"
    added = client.post(url, json={"user_id": outsider.id, "role_id": READER}, headers=headers)
    assert added.status_code == 200, added.text
    body = added.json()
    assert (body["user"]["id"], body["user"]["username"]) == (outsider.id, outsider.username)
    assert body["access_record"]["own_role_ids"] == [READER]
    assert body["access_record"]["entity_uid"] == f"{1:08x}-0000-4000-8000-{project.id:012x}"

    listed = client.get(url, headers=headers).json()
    assert {u["id"] for u in listed} == {owner.id, member.id, outsider.id}
    mine = next(u for u in listed if u["id"] == owner.id)
    assert mine["current"] is True and mine["own_role_ids"] == [ADMIN]

    one = client.get(f"{url}/{outsider.id}", headers=headers)
    assert (one.status_code, one.json()["own_role_ids"], one.json()["user_id"]) == (200, [READER], outsider.id)

    changed = client.patch(f"{url}/{outsider.id}", json={"role_id": 2}, headers=headers)
    assert (changed.status_code, changed.json()["own_role_ids"]) == (200, [WRITER])
    assert client.get(f"{url}/{outsider.id}", headers=headers).json()["own_role_ids"] == [WRITER]

    removed = client.delete(f"{url}/{outsider.id}", headers=headers)
    assert (removed.status_code, removed.json()) == (200, {"id": outsider.id})
    assert client.get(f"{url}/{outsider.id}", headers=headers).status_code == 404


def test_a_new_space_user_can_read_the_space(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    assert client.get(f"{API}/spaces/{project.id}", headers=kaiten_auth(outsider)).status_code in (403, 404)
    client.post(f"{API}/spaces/{project.id}/users", json={"user_id": outsider.id}, headers=kaiten_auth(owner))
    assert client.get(f"{API}/spaces/{project.id}", headers=kaiten_auth(outsider)).status_code == 200


@pytest.mark.parametrize(
    "body", [{}, {"user_id": "x"}, {"user_id": 0}, {"user_id": 1, "role_id": 7}, {"user_id": 1, "role_id": "nope"}]
)
def test_a_bad_body_is_400_and_adds_nobody(client, team, kaiten_auth, body):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/users"
    response = client.post(url, json=body, headers=kaiten_auth(owner))
    assert response.status_code == 400 and set(response.json()) == {"message"}
    assert len(client.get(url, headers=kaiten_auth(owner)).json()) == 2


def test_an_unknown_user_is_400_and_a_member_again_is_409(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/users"
    unknown = client.post(url, json={"user_id": 999_999}, headers=kaiten_auth(owner))
    assert unknown.status_code == 400 and unknown.json()["message"].startswith("user_id")
    again = client.post(url, json={"user_id": member.id}, headers=kaiten_auth(owner))
    assert again.status_code == 409 and set(again.json()) == {"message"}


def test_the_owner_cannot_be_removed_409(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    response = client.delete(f"{API}/spaces/{project.id}/users/{owner.id}", headers=kaiten_auth(owner))
    assert response.status_code == 409
    assert owner.id in {
        u["id"] for u in client.get(f"{API}/spaces/{project.id}/users", headers=kaiten_auth(owner)).json()
    }


def test_who_may_what(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/spaces/{project.id}/users"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=kaiten_auth(member)).status_code == 200
    assert client.post(url, json={"user_id": outsider.id}, headers=kaiten_auth(member)).status_code == 403
    assert client.delete(f"{url}/{owner.id}", headers=kaiten_auth(member)).status_code == 403
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{url}/{outsider.id}", headers=kaiten_auth(owner)).status_code == 404
    assert client.get(f"{API}/spaces/999999/users", headers=kaiten_auth(owner)).status_code == 404


def test_space_users_are_taiga_memberships_both_ways(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    client.post(f"{API}/spaces/{project.id}/users", json={"user_id": outsider.id, "role_id": 1},
                headers=kaiten_auth(owner))  # fmt: skip
    taiga = client.get(f"/api/v1/memberships?project={project.id}", headers=world.auth(owner)).json()
    theirs = next(m for m in taiga if m["user"] == outsider.id)
    assert theirs["role_name"] == "Reader" and theirs["is_admin"] is False
    # Taiga makes the reader an admin: Kaiten shows the admin role, and nothing else changed
    patched = client.patch(f"/api/v1/memberships/{theirs['id']}", json={"is_admin": True}, headers=world.auth(owner))
    assert patched.status_code == 200
    kaiten = client.get(f"{API}/spaces/{project.id}/users/{outsider.id}", headers=kaiten_auth(owner)).json()
    assert kaiten["own_role_ids"] == [ADMIN]
    client.patch(f"{API}/spaces/{project.id}/users/{outsider.id}", json={"role_id": WRITER}, headers=kaiten_auth(owner))
    again = client.get(f"/api/v1/memberships/{theirs['id']}", headers=world.auth(owner)).json()
    assert (again["role_name"], again["is_admin"], again["user"]) == ("Writer", False, outsider.id)


@pytest.mark.real_db
def test_parallel_adds_are_all_kept(client, world, kaiten_auth):
    owner = world.user()
    project = world.project(owner)
    users = [world.user() for _ in range(8)]
    headers, url = kaiten_auth(owner), f"{API}/spaces/{project.id}/users"
    barrier, codes = threading.Barrier(len(users)), []

    def add(user_id: int) -> None:
        barrier.wait()
        codes.append(client.post(url, json={"user_id": user_id}, headers=headers).status_code)

    threads = [threading.Thread(target=add, args=(u.id,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * len(users)
    listed = client.get(url, headers=headers).json()
    assert {u.id for u in users} <= {u["id"] for u in listed}
    assert all(u["own_role_ids"] == [WRITER] for u in listed if u["id"] != owner.id)
