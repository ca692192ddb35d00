"""Project issues_stats (§41.5) and issue_filters_data (§41.6) counted from real issues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from planyard.core.work_items.kinds import ISSUE
from planyard.models import WorkItem


def test_issues_stats_count_the_issues(client, world):
    owner, member = world.user("owner"), world.user("member")
    project = world.project(owner)
    world.member(project, member)
    h = world.auth(owner)
    detail = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    closed = next(s["id"] for s in detail["issue_statuses"] if s["is_closed"])
    high = max(detail["priorities"], key=lambda p: p["order"])["id"]
    world.item(owner, ISSUE, project, assigned_to_id=member.id, priority_id=high)
    world.item(member, ISSUE, project, status_id=closed)
    old = world.item(owner, ISSUE, project)
    world.run(lambda ctx: ctx.session.execute(update(WorkItem).where(WorkItem.id == old.id).values(
        created_date=datetime.now(UTC) - timedelta(days=40))))  # fmt: skip
    body = client.get(f"/api/v1/projects/{project.id}/issues_stats", headers=h).json()
    assert (body["total_issues"], body["opened_issues"], body["closed_issues"]) == (3, 2, 1)
    assert body["issues_per_status"][str(closed)]["count"] == 1
    assert body["issues_per_status"][str(detail["default_issue_status"])]["count"] == 2
    assert body["issues_per_priority"][str(high)]["count"] == 1
    assert body["issues_per_type"][str(detail["default_issue_type"])]["count"] == 3
    assert (
        body["issues_per_owner"][str(owner.id)]["count"] == 2 and body["issues_per_owner"][str(member.id)]["count"] == 1
    )
    assigned = body["issues_per_assigned_to"]
    assert assigned[str(member.id)]["count"] == 1 and assigned[str(owner.id)]["count"] == 0
    assert assigned["0"] == {"id": 0, "name": "Unassigned", "username": "Unassigned", "color": "black", "count": 2}
    weeks = body["last_four_weeks_days"]
    assert weeks["by_open_closed"]["open"][-1] == 2 and sum(weeks["by_open_closed"]["open"]) == 2
    assert weeks["by_open_closed"]["closed"][-1] == 1
    assert weeks["by_priority"][str(high)]["data"][-1] == 1 and len(weeks["by_priority"][str(high)]["data"]) == 28
    still_open_today = sum(v["data"][-1] for v in weeks["by_severity"].values())
    assert still_open_today == 3  # open at some moment today: the one closed today counts too
    assert weeks["by_severity"][str(detail["default_severity"])]["data"][0] == 1  # the 40-day-old issue


def test_issue_filters_data_count_the_issues(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner)
    world.member(project, member)
    h = world.auth(owner)
    world.item(owner, ISSUE, project, assigned_to_id=member.id, tags=["ui"])
    world.item(member, ISSUE, project, tags=["ui", "db"])
    detail = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    body = client.get(f"/api/v1/projects/{project.id}/issue_filters_data", headers=h).json()
    assert dict(map(tuple, body["statuses"]))[detail["default_issue_status"]] == 2
    assert dict(map(tuple, body["types"]))[detail["default_issue_type"]] == 2
    assert body["assigned_to"] == [[owner.id, 0], [member.id, 1], [None, 1]]
    assert body["owners"] == body["created_by"] == [[owner.id, 1], [member.id, 1]]
    assert sorted(map(tuple, body["tags"])) == [("db", 1), ("ui", 2)]
