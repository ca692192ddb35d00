"""A Taiga API client for the wire check: logs users in by name and fails loudly on an unexpected
status, so a workload that no longer applies stops at the call that broke."""

from __future__ import annotations

from typing import Any

import httpx

PASSWORD = "wire-pass-1"
DEMO = ("demo", "demo1234")  # the account `planyard serve` creates on the first start
API = "/api/v1"


class Api:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def login(self, username: str) -> httpx.Response:
        """Logs `username` in (the demo account with its own password) and keeps the token for `call`."""
        password = DEMO[1] if username == DEMO[0] else PASSWORD
        r = self.client.post(f"{API}/auth", json={"type": "normal", "username": username, "password": password})
        if r.status_code != 200:
            raise RuntimeError(f"login {username}: {r.status_code} {r.text}")
        self.tokens[username] = r.json()["auth_token"]
        return r

    def headers(self, user: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}

    def send(self, user: str | None, method: str, path: str, headers: dict[str, str] | None = None,
             **kwargs: Any) -> httpx.Response:  # fmt: skip
        return self.client.request(method, API + path, headers=self.headers(user) | (headers or {}), **kwargs)

    def call(self, user: str | None, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON answer of a call that must succeed (None for an empty answer)."""
        r = self.send(user, method, path, **kwargs)
        if r.status_code >= 300:
            raise RuntimeError(f"{method} {path} as {user}: {r.status_code} {r.text[:500]}")
        return r.json() if r.content else None
