"""The Taiga API as a script sees it: seeds the project the web client is driven on and reads back what the
clicks changed (each UI step is checked through the API as well as on the reloaded page)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


class Api:
    def __init__(self, base: str, username: str | None, password: str | None) -> None:
        """Logged in as `username`, or anonymous without one."""
        self.base = base
        self.token: str | None = None
        if username is not None:
            login = {"type": "normal", "username": username, "password": password}
            self.token = self.call("POST", "/auth", login)["auth_token"]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}/api/v1{path}", method=method, data=data)
        request.add_header("Content-Type", "application/json")
        request.add_header("x-disable-pagination", "1")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def get(self, path: str) -> Any:
        return self.call("GET", path)


def seed(api: Api) -> dict[str, Any]:
    """A scrum + kanban project with two swimlanes, a sprint holding a story and its task, a backlog story and
    an issue: the pages the driver visits have something on them before it adds its own items."""
    project = api.call("POST", "/projects", {
        "name": "Web client check", "description": "e2e", "is_kanban_activated": True, "is_backlog_activated": True,
    })  # fmt: skip
    pid = project["id"]
    for lane in ("Team A", "Team B"):
        api.call("POST", "/swimlanes", {"project": pid, "name": lane})
    sprint = api.call("POST", "/milestones", {
        "project": pid, "name": "Sprint 1", "estimated_start": "2026-11-01", "estimated_finish": "2026-11-30",
    })  # fmt: skip
    story = api.call("POST", "/userstories", {
        "project": pid, "subject": "Log in with SSO", "milestone": sprint["id"], "description": "**bold** text",
    })  # fmt: skip
    backlog_story = api.call("POST", "/userstories", {"project": pid, "subject": "Backlog story"})
    task = api.call("POST", "/tasks", {"project": pid, "subject": "Write the handler", "user_story": story["id"]})
    issue = api.call("POST", "/issues", {"project": pid, "subject": "Crash on save"})
    api.call("POST", "/wiki", {"project": pid, "slug": "home", "content": "# Home\nThe team's notes."})
    other = Api(api.base, None, None).call("POST", "/auth/register", {
        "type": "public", "username": "teammate", "password": "teammate-pass-1", "email": "teammate@example.com",
        "full_name": "Team Mate", "accepted_terms": True,
    })  # fmt: skip
    return {
        "project": api.get(f"/projects/{pid}"), "sprint": sprint, "story": story, "backlog_story": backlog_story,
        "task": task, "issue": issue, "me": api.get("/users/me"), "other": other,
    }  # fmt: skip
