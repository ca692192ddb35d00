"""Kaiten's SCIM endpoints: users and groups in SCIM 2.0 shapes, for company admins; `POST /Users` is 201;
`PATCH /Users` changes `active` and the name."""

from __future__ import annotations

import threading

import pytest

from tests.dialects.kaiten.conftest import API

SCIM = "application/scim+json"


@pytest.fixture
def admin(world, kaiten_auth):
    user = world.user(superuser=True)
    return user, kaiten_auth(user) | {"Content-Type": SCIM}


def new_user(client, headers, name="ada", **more):
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": name,
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": f"{name}@example.com", "primary": True}], "active": True} | more  # fmt: skip
    return client.post(f"{API}/Users", json=body, headers=headers)


def test_provision_get_list_and_deactivate_a_user(client, world, admin):
    _, headers = admin
    made = new_user(client, headers)
    assert made.status_code == 201, made.text
    user = made.json()
    assert (user["userName"], user["name"]["formatted"], user["emails"][0]["value"], user["active"]) == (
        "ada", "Ada Lovelace", "ada@example.com", True)  # fmt: skip
    assert user["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:User"]
    assert client.get(f"{API}/Users/{user['id']}", headers=headers).json() == user
    found = client.get(f'{API}/Users?filter=userName eq "ada"', headers=headers).json()
    assert (found["totalResults"], found["Resources"][0]["id"]) == (1, user["id"])
    assert found["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert client.get(f'{API}/Users?filter=emails eq "nobody@example.com"', headers=headers).json()["totalResults"] == 0
    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "value": {"active": False}},
                            {"op": "replace", "path": "name.formatted", "value": "Ada King"}]}  # fmt: skip
    patched = client.patch(f"{API}/Users/{user['id']}", json=patch, headers=headers)
    assert (patched.status_code, patched.json()["active"], patched.json()["displayName"]) == (200, False, "Ada King")
    kaiten = next(u for u in client.get(f"{API}/company/users", headers=headers).json() if u["id"] == int(user["id"]))
    assert (kaiten["role"], kaiten["full_name"]) == (3, "Ada King")


def test_the_scim_base_url_answers_too(client, admin):
    _, headers = admin
    made = client.post(f"{API}/scim/Users", json={"userName": "bob", "emails": [{"value": "bob@example.com"}]},
                       headers=headers)  # fmt: skip
    assert made.status_code == 201
    assert client.get(f"{API}/scim/Users/{made.json()['id']}", headers=headers).json()["userName"] == "bob"


def test_scim_user_errors(client, world, admin, kaiten_auth):
    _, headers = admin
    new_user(client, headers)
    assert new_user(client, headers).status_code == 409
    for body in ({}, {"userName": "x"}, {"userName": "bad name", "emails": [{"value": "x@example.com"}]},
                 {"userName": "y", "emails": [{"value": "not-an-email"}]}, {"userName": 5}):  # fmt: skip
        assert client.post(f"{API}/Users", json=body, headers=headers).status_code == 400
    assert new_user(client, kaiten_auth(world.user()), name="eve").status_code == 403
    assert client.get(f"{API}/Users/abc", headers=headers).status_code == 404
    assert client.get(f"{API}/Users/999999", headers=headers).status_code == 404
    assert client.get(f'{API}/Users?filter=title co "x"', headers=headers).status_code == 400
    bad_ops = ({"Operations": [{"op": "replace", "path": "userName", "value": "z"}]},
               {"Operations": [{"op": "replace", "value": {"active": "no"}}]}, {"Operations": []})  # fmt: skip
    user_id = client.get(f"{API}/Users", headers=headers).json()["Resources"][0]["id"]
    for body in bad_ops:
        assert client.patch(f"{API}/Users/{user_id}", json=body, headers=headers).status_code == 400
    assert client.get(f"{API}/Users").status_code == 401


def test_groups_with_members(client, world, admin):
    _, headers = admin
    ada, bob = (world.user(name) for name in ("ada", "bob"))
    made = client.post(f"{API}/Groups", json={"displayName": "Engineers", "members": [{"value": str(ada.id)}]},
                       headers=headers)  # fmt: skip
    assert made.status_code == 201, made.text
    group = made.json()
    assert (group["displayName"], [m["value"] for m in group["members"]]) == ("Engineers", [str(ada.id)])
    kaiten = client.get(f"{API}/company/groups", headers=headers).json()
    assert [g["name"] for g in kaiten] == ["Engineers"] and kaiten[0]["id"] == int(group["id"])
    url = f"{API}/Groups/{group['id']}"
    ops = {"Operations": [{"op": "add", "path": "members", "value": [{"value": str(bob.id)}]},
                          {"op": "remove", "path": f'members[value eq "{ada.id}"]'},
                          {"op": "replace", "path": "displayName", "value": "Engineering"}]}  # fmt: skip
    patched = client.patch(url, json=ops, headers=headers)
    assert patched.status_code == 200, patched.text
    assert (patched.json()["displayName"], [m["value"] for m in patched.json()["members"]]) == (
        "Engineering", [str(bob.id)])  # fmt: skip
    assert client.get(url, headers=headers).json() == patched.json()
    group_uid = client.get(f"{API}/company/groups", headers=headers).json()[0]["uid"]
    assert [u["id"] for u in client.get(f"{API}/groups/{group_uid}/users", headers=headers).json()] == [bob.id]
    found = client.get(f'{API}/Groups?filter=displayName eq "Engineering"', headers=headers).json()
    assert found["totalResults"] == 1
    for body in ({}, {"displayName": ""}, {"displayName": "X", "members": [{"value": "abc"}]},
                 {"displayName": "Y", "members": [{"value": "999999"}]}):  # fmt: skip
        assert client.post(f"{API}/Groups", json=body, headers=headers).status_code == 400
    assert (
        client.patch(url, json={"Operations": [{"op": "move", "path": "members"}]}, headers=headers).status_code == 400
    )
    assert client.get(f"{API}/Groups/424242", headers=headers).status_code == 404


@pytest.mark.real_db
def test_parallel_provisioning_of_one_user_makes_one(client, admin):
    _, headers = admin
    barrier, codes = threading.Barrier(6), []

    def provision() -> None:
        barrier.wait()
        codes.append(new_user(client, headers, name="twin").status_code)

    threads = [threading.Thread(target=provision) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201] + [409] * 5, codes
    assert client.get(f'{API}/Users?filter=userName eq "twin"', headers=headers).json()["totalResults"] == 1
