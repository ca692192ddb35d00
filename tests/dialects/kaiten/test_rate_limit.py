"""Kaiten's rate limit: 5 requests per second per token by default (a setting, with an off switch),
`X-RateLimit-Remaining` and `X-RateLimit-Reset` on every answer, 429 past it; the count is the database's."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from planyard.core import request_limits
from tests.dialects.kaiten.conftest import API

NOW = 1_900_000_000.25  # a frozen clock: every request falls in the window that ends at 1_900_000_001


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(request_limits, "clock", lambda: NOW)


@pytest.fixture
def limited(app_with: Any) -> Any:
    def client(**changes: Any) -> TestClient:
        return TestClient(app_with(kaiten_rate_limit_enabled=True, **changes), raise_server_exceptions=False)

    return client


def test_every_answer_counts_down_and_the_sixth_in_a_second_is_429(frozen, limited, world, kaiten_auth):
    client, headers = limited(), kaiten_auth(world.user())
    answers = [client.get(f"{API}/users/current", headers=headers) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["4", "3", "2", "1", "0"]
    assert {a.headers["X-RateLimit-Reset"] for a in answers} == {"1900000001"}
    refused = client.get(f"{API}/spaces", headers=headers)
    assert refused.status_code == 429
    assert refused.json() == {"message": "Too many requests"}
    assert (refused.headers["X-RateLimit-Remaining"], refused.headers["X-RateLimit-Reset"]) == ("0", "1900000001")
    assert refused.headers["Retry-After"] == "1"


def test_the_next_second_starts_again(monkeypatch, limited, world, kaiten_auth):
    client, headers = limited(), kaiten_auth(world.user())
    monkeypatch.setattr(request_limits, "clock", lambda: NOW)
    for _ in range(5):
        client.get(f"{API}/users/current", headers=headers)
    assert client.get(f"{API}/users/current", headers=headers).status_code == 429
    monkeypatch.setattr(request_limits, "clock", lambda: NOW + 1)
    again = client.get(f"{API}/users/current", headers=headers)
    assert (again.status_code, again.headers["X-RateLimit-Remaining"]) == (200, "4")
    assert again.headers["X-RateLimit-Reset"] == "1900000002"


def test_errors_carry_the_headers_and_count_too(frozen, limited, world, kaiten_auth):
    client, headers = limited(), kaiten_auth(world.user())
    missing = client.get(f"{API}/spaces/999999999", headers=headers)
    unknown = client.get(f"{API}/no-such-path", headers=headers)
    bad_token = client.get(f"{API}/spaces", headers={"Authorization": "Bearer pyt_nonsense"})
    assert (missing.status_code, unknown.status_code, bad_token.status_code) == (404, 404, 401)
    assert (missing.headers["X-RateLimit-Remaining"], unknown.headers["X-RateLimit-Remaining"]) == ("4", "3")
    assert bad_token.headers["X-RateLimit-Remaining"] == "4"  # another token, another count
    assert client.get(f"{API}/spaces").headers["X-RateLimit-Remaining"] == "4"  # no token: by address


def test_each_token_has_its_own_count(frozen, limited, world, kaiten_auth):
    client, user = limited(), world.user()
    first, second = kaiten_auth(user), kaiten_auth(user)
    for _ in range(5):
        client.get(f"{API}/users/current", headers=first)
    assert client.get(f"{API}/users/current", headers=first).status_code == 429
    assert client.get(f"{API}/users/current", headers=second).status_code == 200


def test_the_rate_is_a_setting(frozen, limited, world, kaiten_auth):
    client, headers = limited(kaiten_requests_per_second=2), kaiten_auth(world.user())
    codes = [client.get(f"{API}/users/current", headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_off_switch_removes_limit_and_headers(frozen, app_with, world, kaiten_auth):
    client = TestClient(app_with(kaiten_rate_limit_enabled=False))
    headers = kaiten_auth(world.user())
    answers = [client.get(f"{API}/users/current", headers=headers) for _ in range(8)]
    assert [a.status_code for a in answers] == [200] * 8
    assert "X-RateLimit-Remaining" not in answers[-1].headers


@pytest.mark.real_db
def test_parallel_requests_of_one_token_let_exactly_five_through(frozen, limited, world, kaiten_auth):
    client, headers = limited(), kaiten_auth(world.user())
    barrier, codes = threading.Barrier(16), []

    def call() -> None:
        barrier.wait()
        codes.append(client.get(f"{API}/users/current", headers=headers).status_code)

    threads = [threading.Thread(target=call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] * 5 + [429] * 11
