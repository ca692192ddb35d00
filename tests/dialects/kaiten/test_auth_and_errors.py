"""Kaiten's mounts, its Bearer personal-token authentication and its `{"message"}` error body."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.conftest import API


@pytest.mark.parametrize("base", ["/kaiten/api/v1", "/kaiten/api/latest", "/api/latest"])
def test_every_mount_serves_the_current_user(client, world, kaiten_auth, base):
    user = world.user("kira")
    response = client.get(f"{base}/users/current", headers=kaiten_auth(user))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["username"], body["email"]) == (user.id, "kira", "kira@example.com")
    assert body["full_name"] == "Kira" and body["initials"] == "K" and body["activated"] is True
    assert body["created"].endswith("Z")


def test_the_root_latest_mount_leaves_taiga_at_api_v1(client, world):
    user = world.user()
    assert client.get("/api/v1/users/me", headers=world.auth(user)).json()["id"] == user.id


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer pyt_not-a-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Token pyt_x"},
    ],
)
def test_a_missing_or_bad_token_is_401_with_a_message(client, headers):
    response = client.get(f"{API}/spaces", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"message": "Invalid token"}


def test_a_taiga_login_token_is_not_a_kaiten_token(client, world):
    response = client.get(f"{API}/users/current", headers=world.auth(world.user()))
    assert response.status_code == 401


def test_an_unknown_path_is_404_with_a_message(client, world, kaiten_auth):
    response = client.get(f"{API}/no-such-thing", headers=kaiten_auth(world.user()))
    assert response.status_code == 404
    assert response.json() == {"message": "Not found"}


def test_malformed_json_is_400_with_a_message(client, world, kaiten_auth):
    headers = kaiten_auth(world.user()) | {"Content-Type": "application/json"}
    response = client.post(f"{API}/spaces", content=b"{not json", headers=headers)
    assert response.status_code == 400
    assert set(response.json()) == {"message"}


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": 5}, [1, 2]])
def test_an_invalid_body_is_400_with_a_message(client, world, kaiten_auth, body):
    response = client.post(f"{API}/spaces", json=body, headers=kaiten_auth(world.user()))
    assert response.status_code == 400
    assert isinstance(response.json()["message"], str)


def test_a_path_id_that_is_not_a_number_is_400(client, world, kaiten_auth):
    response = client.get(f"{API}/spaces/abc", headers=kaiten_auth(world.user()))
    assert response.status_code == 400
    assert "space_id" in response.json()["message"]
