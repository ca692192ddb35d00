"""Small parts of taiga-back's wire: datetimes with milliseconds (Django's encoder), `null` for no
generated stories, no `finish_date` beside an issue's `finished_date`, no paging header on an unpaged list."""

from __future__ import annotations

import re

from planyard.dialects.taiga.schemas.times import taiga_time

TAIGA_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


def test_datetimes_have_milliseconds(client, team):
    world, project, owner, _, _ = team
    story = world.item(owner, "story", project)
    h = world.auth(owner)
    body = client.get(f"/api/v1/userstories/{story.id}", headers=h).json()
    assert TAIGA_TIME.match(body["created_date"]) and TAIGA_TIME.match(body["modified_date"])
    project_body = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    assert TAIGA_TIME.match(project_body["created_date"])
    event = client.get(f"/api/v1/timeline/project/{project.id}", headers=h).json()[0]
    assert TAIGA_TIME.match(event["created"]) and TAIGA_TIME.match(event["data"]["user"]["date_joined"])


def test_taiga_time_cuts_to_milliseconds():
    from datetime import UTC, datetime, timedelta, timezone

    assert taiga_time(datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)) == "2026-01-02T03:04:05.678Z"
    assert taiga_time(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05Z"
    assert taiga_time(datetime(2026, 1, 2, 3, 4, 5, 999999)) == "2026-01-02T03:04:05.999Z"
    assert taiga_time(datetime(2026, 1, 2, 5, 4, 5, 1000, tzinfo=timezone(timedelta(hours=2)))) == (
        "2026-01-02T03:04:05.001Z"
    )


def test_no_generated_stories_is_null_and_issues_have_no_finish_date(client, team):
    world, project, owner, _, _ = team
    issue, task = world.item(owner, "issue", project), world.item(owner, "task", project)
    h = world.auth(owner)
    issue_body = client.get(f"/api/v1/issues/{issue.id}", headers=h).json()
    assert issue_body["generated_user_stories"] is None and "finish_date" not in issue_body
    assert "finished_date" in issue_body
    assert client.get(f"/api/v1/tasks/{task.id}", headers=h).json()["generated_user_stories"] is None


def test_an_unpaged_list_sends_no_paging_header(client, team):
    world, project, owner, _, _ = team
    world.item(owner, "story", project)
    h = world.auth(owner) | {"x-disable-pagination": "True"}
    r = client.get(f"/api/v1/userstories?project={project.id}", headers=h)
    assert r.status_code == 200 and len(r.json()) == 1
    assert not any(name.startswith("x-pagina") for name in r.headers)
