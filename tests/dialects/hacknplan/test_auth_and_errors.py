"""HacknPlan's mount, its `ApiKey` personal-token authentication, its `{"message"}` error body and the
current user."""

from __future__ import annotations

import pytest

from tests.dialects.hacknplan.conftest import API


def test_users_me_is_the_key_owner(client, world, hnp_auth):
    user = world.user("kira")
    response = client.get(f"{API}/users/me", headers=hnp_auth(user))
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": user.id, "username": "kira", "email": "kira@example.com", "name": "Kira",
        "creationDate": body["creationDate"],
    }  # fmt: skip
    assert body["creationDate"].endswith("Z")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "ApiKey pyt_not-a-key"},
        {"Authorization": "ApiKey "},
        {"Authorization": "Bearer pyt_x"},
        {"Authorization": "ApiKey not-a-personal-token"},
    ],
)
def test_a_missing_or_bad_key_is_401_with_a_message(client, headers):
    response = client.get(f"{API}/users/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def test_a_taiga_login_token_is_not_a_key(client, world):
    user = world.user()
    bearer = world.auth(user)["Authorization"].split(" ", 1)[1]
    response = client.get(f"{API}/users/me", headers={"Authorization": f"ApiKey {bearer}"})
    assert response.status_code == 401


def test_the_same_key_works_as_a_kaiten_bearer_token(client, world, hnp_auth):
    user = world.user()
    key = hnp_auth(user)["Authorization"].split(" ", 1)[1]
    response = client.get("/kaiten/api/v1/users/current", headers={"Authorization": f"Bearer {key}"})
    assert response.json()["id"] == user.id


def test_an_unknown_path_is_404_with_a_message(client, world, hnp_auth):
    response = client.get(f"{API}/no-such-thing", headers=hnp_auth(world.user()))
    assert response.status_code == 404
    assert response.json() == {"message": "NotFound"}


def test_an_unknown_path_without_a_key_is_still_a_message(client):
    response = client.get(f"{API}/no-such-thing")
    assert response.status_code == 404
    assert set(response.json()) == {"message"}
