"""Kaiten users of the company: `/users` (who shares a space with the caller; everyone for an admin), the
profile edit, and `/company/users` for company admins (role, permissions, virtual users)."""

from __future__ import annotations

import threading

import pytest

from planyard.models import User
from tests.dialects.kaiten.conftest import API


def ids(response):
    assert response.status_code == 200, response.text
    return {u["id"] for u in response.json()}


def virtual_user(world, name: str) -> User:
    def work(ctx):
        user = User(username=name, email=f"{name}@example.com", extra={"virtual": True})
        ctx.session.add(user)
        ctx.session.flush()
        return user

    return world.run(work)


def test_users_are_those_sharing_a_space_and_everyone_for_an_admin(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    assert ids(client.get(f"{API}/users", headers=kaiten_auth(member))) >= {owner.id, member.id}
    assert outsider.id not in ids(client.get(f"{API}/users", headers=kaiten_auth(member)))
    admin = world.user(superuser=True)
    assert ids(client.get(f"{API}/users", headers=kaiten_auth(admin))) >= {owner.id, member.id, outsider.id}
    one = client.get(f"{API}/users?limit=1&offset=1", headers=kaiten_auth(admin)).json()
    assert one == client.get(f"{API}/users", headers=kaiten_auth(admin)).json()[1:2]
    found = client.get(f"{API}/users?query={member.username}", headers=kaiten_auth(admin)).json()
    assert [u["username"] for u in found] == [member.username]
    user = next(u for u in client.get(f"{API}/users", headers=kaiten_auth(member)).json() if u["id"] == member.id)
    assert (user["role"], user["company_id"], user["user_id"], user["activated"]) == (
        2,
        project.workspace_id,
        member.id,
        True,
    )


def test_a_user_edits_their_own_profile_and_taiga_sees_it(client, world, kaiten_auth):
    user = world.user()
    response = client.patch(f"{API}/users/{user.id}", json={"full_name": "Kira Nova", "lng": "ru", "theme": "dark"},
                            headers=kaiten_auth(user))  # fmt: skip
    assert response.status_code == 200, response.text
    assert (response.json()["full_name"], response.json()["lng"], response.json()["theme"]) == (
        "Kira Nova",
        "ru",
        "dark",
    )
    me = client.get("/api/v1/users/me", headers=world.auth(user)).json()
    assert (me["full_name"], me["lang"], me["theme"]) == ("Kira Nova", "ru", "dark")


def test_the_profile_edit_refuses_others_bad_values_and_unknown_ids(client, world, kaiten_auth):
    user, other = world.user(), world.user()
    headers = kaiten_auth(user)
    assert client.patch(f"{API}/users/{other.id}", json={"full_name": "X"}, headers=headers).status_code == 403
    assert client.patch(f"{API}/users/{user.id}", json={"theme": "neon"}, headers=headers).status_code == 400
    assert client.patch(f"{API}/users/{user.id}", json={"username": "bad name!"}, headers=headers).status_code == 400
    assert client.patch(f"{API}/users/999999", json={"full_name": "X"}, headers=headers).status_code == 404
    assert client.patch(f"{API}/users/{user.id}", json={"full_name": "X"}).status_code == 401


def test_company_users_are_for_admins(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    refused = client.get(f"{API}/company/users", headers=kaiten_auth(owner))
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    admin = world.user(superuser=True)
    listed = client.get(f"{API}/company/users", headers=kaiten_auth(admin))
    assert ids(listed) >= {owner.id, member.id, outsider.id, admin.id}
    assert client.get(f"{API}/company/users?limit=2", headers=kaiten_auth(admin)).json() == listed.json()[:2]


def test_an_admin_makes_an_owner_deactivates_and_sets_permissions(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    admin = world.user(superuser=True)
    url = f"{API}/company/users"
    made = client.patch(f"{url}/{owner.id}", json={"role": 1, "permissions": 6}, headers=kaiten_auth(admin))
    assert made.status_code == 200, made.text
    assert (made.json()["role"], made.json()["permissions"]) == (1, 6)
    assert client.get(url, headers=kaiten_auth(owner)).status_code == 200  # an owner administers now
    member_token = kaiten_auth(member)
    gone = client.patch(f"{url}/{member.id}", json={"role": 3}, headers=kaiten_auth(owner))
    assert (gone.status_code, gone.json()["role"], gone.json()["activated"]) == (200, 3, False)
    assert client.get(f"{API}/users/current", headers=member_token).status_code == 401
    back = client.patch(f"{url}/{member.id}", json={"role": 2}, headers=kaiten_auth(owner))
    assert (back.json()["role"], back.json()["activated"]) == (2, True)
    assert client.get(f"{API}/users/current", headers=member_token).status_code == 200


def test_company_user_edits_are_checked(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    admin = world.user(superuser=True)
    url = f"{API}/company/users"
    for body in ({"role": 5}, {"role": "owner"}, {"permissions": -1}, {"permissions": 1.5}):
        assert client.patch(f"{url}/{member.id}", json=body, headers=kaiten_auth(admin)).status_code == 400
    assert client.patch(f"{url}/{admin.id}", json={"role": 3}, headers=kaiten_auth(admin)).status_code == 400
    assert client.patch(f"{url}/{member.id}", json={"role": 1}, headers=kaiten_auth(owner)).status_code == 403
    assert client.patch(f"{url}/999999", json={"role": 2}, headers=kaiten_auth(admin)).status_code == 404
    assert client.get(f"{url}", headers=kaiten_auth(member)).status_code == 403


def test_only_virtual_users_are_removed(client, world, kaiten_auth):
    admin, plain = world.user(superuser=True), world.user()
    ghost = virtual_user(world, "ghost")
    url = f"{API}/company/users"
    assert client.delete(f"{url}/{ghost.id}", headers=kaiten_auth(plain)).status_code == 403
    assert client.delete(f"{url}/{plain.id}", headers=kaiten_auth(admin)).status_code == 404
    removed = client.delete(f"{url}/{ghost.id}", headers=kaiten_auth(admin))
    assert (removed.status_code, removed.json()) == (200, {"id": ghost.id})
    assert ghost.id not in ids(client.get(url, headers=kaiten_auth(admin)))
    assert client.delete(f"{url}/{ghost.id}", headers=kaiten_auth(admin)).status_code == 404


@pytest.mark.real_db
def test_parallel_standing_writes_all_answer_and_one_row_stands(client, world, kaiten_auth):
    admin, user = world.user(superuser=True), world.user()
    headers = kaiten_auth(admin)
    barrier, codes = threading.Barrier(8), []

    def write(bits: int) -> None:
        barrier.wait()
        response = client.patch(f"{API}/company/users/{user.id}", json={"permissions": bits}, headers=headers)
        codes.append(response.status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 8
    rows = [u for u in client.get(f"{API}/company/users", headers=headers).json() if u["id"] == user.id]
    assert len(rows) == 1 and rows[0]["permissions"] in range(8)
