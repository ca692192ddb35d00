"""Taiga feedback (§34: stored, mailed to the configured address) and stats (§39: discover, and system
only when enabled)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planyard.kit.mail import read_mail_log
from planyard.models import FeedbackEntry


def test_feedback_is_stored_and_mailed_to_the_configured_address(app_with, world):
    app = app_with(feedback_email="support@example.com")
    client = TestClient(app)
    user = world.user("writer")
    before = len(read_mail_log(app.state.env.settings.mail_log))
    res = client.post("/api/v1/feedback", json={"comment": "Love it"}, headers=world.auth(user))
    assert res.status_code == 200, res.text
    body = res.json()
    assert set(body) == {"id", "full_name", "email", "comment", "created_date"}
    assert (body["email"], body["comment"], body["full_name"]) == (user.email, "Love it", user.full_name or "writer")
    mails = read_mail_log(app.state.env.settings.mail_log)[before:]
    assert len(mails) == 1 and mails[0]["to"] == "support@example.com"
    assert "Feedback from" in mails[0]["subject"] and "Love it" in mails[0]["body"]


def test_feedback_needs_a_user_and_a_comment(client, world):
    user = world.user()
    assert client.post("/api/v1/feedback", json={"comment": "x"}).status_code == 401
    assert client.post("/api/v1/feedback", json={}, headers=world.auth(user)).json() == {
        "comment": ["This field is required."]}  # fmt: skip
    assert client.post("/api/v1/feedback", json={"comment": " "}, headers=world.auth(user)).status_code == 400
    assert client.post("/api/v1/feedback", json={"comment": 3}, headers=world.auth(user)).status_code == 400
    assert client.post("/api/v1/feedback", json={"comment": "ok"}, headers=world.auth(user)).status_code == 200


def test_feedback_can_be_turned_off(app_with, world):
    client = TestClient(app_with(feedback_enabled=False))
    assert client.post("/api/v1/feedback", json={"comment": "x"}, headers=world.auth(world.user())).status_code == 404


def test_discover_counts_what_anonymous_visitors_may_see(client, team):
    world, project, owner, *_ = team
    before = client.get("/api/v1/stats/discover").json()["projects"]["total"]
    world.project(owner, private=False)
    assert client.get("/api/v1/stats/discover").json() == {"projects": {"total": before + 1}}


def test_system_stats_are_off_unless_enabled(client, app_with, team):
    world, project, owner, *_ = team
    assert client.get("/api/v1/stats/system").status_code == 404
    res = TestClient(app_with(system_stats_enabled=True)).get("/api/v1/stats/system")
    assert res.status_code == 200, res.text
    data = res.json()
    assert set(data) == {"users", "projects", "userstories"}
    assert set(data["users"]) == {"total", "today", "average_last_seven_days", "average_last_five_working_days",
                                  "counts_last_year_per_week"}  # fmt: skip
    assert data["users"]["total"] >= 3 and data["users"]["today"] >= 3
    assert list(data["users"]["counts_last_year_per_week"].values())[-1] == data["users"]["total"]
    assert data["projects"]["total"] >= 1 and "percent_with_backlog_and_kanban" in data["projects"]
    assert set(data["userstories"]) == {"total", "today", "average_last_seven_days", "average_last_five_working_days"}


@pytest.mark.real_db
def test_parallel_feedback_is_all_kept(app, world):
    user = world.user("writer")
    headers = world.auth(user)

    def send(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            return own.post("/api/v1/feedback", json={"comment": f"note {n}"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(send, range(6)))
    assert codes == [200] * 6
    assert world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(FeedbackEntry))) == 6
