"""Limits on guessing: login and password recovery per account and per client address, 429 "Throttled"."""

from __future__ import annotations

import pytest

from planyard.core import login_limits
from tests.factories import PASSWORD

THROTTLED = "taiga.base.exceptions.Throttled"


def _login(client, username: str, password: str):
    return client.post("/api/v1/auth", json={"type": "normal", "username": username, "password": password})


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(login_limits, "clock", lambda: now[0])
    return now


def test_the_11th_wrong_password_is_throttled_even_with_the_right_one(client, world, clock):
    world.user("alice")
    for _ in range(10):
        assert _login(client, "alice", "wrong").status_code == 400
    r = _login(client, "alice", PASSWORD)
    assert r.status_code == 429
    assert r.json() == {
        "_error_message": "Request was throttled. Expected available in 800 seconds.",
        "_error_type": THROTTLED,
    }
    assert r.headers["X-Throttle-Wait-Seconds"] == "800"
    assert _login(client, "ALICE@example.com", PASSWORD).status_code == 429  # by email: the same account


def test_the_account_limit_ends_with_its_window(client, world, clock):
    world.user("bob")
    for _ in range(11):
        _login(client, "bob", "wrong")
    assert _login(client, "bob", PASSWORD).status_code == 429
    clock[0] += 15 * 60
    assert _login(client, "bob", PASSWORD).status_code == 200


def test_a_successful_login_clears_the_failures(client, world, clock):
    world.user("carol")
    for _ in range(9):
        _login(client, "carol", "wrong")
    assert _login(client, "carol", PASSWORD).status_code == 200
    for _ in range(10):
        assert _login(client, "carol", "wrong").status_code == 400


def test_an_address_is_throttled_whatever_the_accounts(client, world, clock):
    for n in range(30):
        assert _login(client, f"nobody{n}", "wrong").status_code == 400
    world.user("dave")
    r = _login(client, "dave", PASSWORD)
    assert r.status_code == 429 and r.json()["_error_type"] == THROTTLED
    assert client.post("/api/v1/users/password_recovery", json={"username": "dave"}).status_code == 429
    clock[0] += 60
    assert _login(client, "dave", PASSWORD).status_code == 200


def test_password_recovery_is_throttled_per_account(client, world, clock):
    world.user("erin")
    for _ in range(10):
        assert client.post("/api/v1/users/password_recovery", json={"username": "erin"}).status_code == 200
    r = client.post("/api/v1/users/password_recovery", json={"username": "erin@example.com"})
    assert r.status_code == 429 and r.json()["_error_type"] == THROTTLED
    assert _login(client, "erin", PASSWORD).status_code == 200  # recovery requests are not failed logins


def test_the_limits_can_be_switched_off(client, world, clock, monkeypatch):
    monkeypatch.setattr(world.env.settings, "login_throttle_enabled", False)
    world.user("frank")
    for _ in range(40):
        _login(client, "frank", "wrong")
    assert _login(client, "frank", PASSWORD).status_code == 200
