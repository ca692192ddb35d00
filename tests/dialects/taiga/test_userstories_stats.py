"""Figures that come from user stories: project stats (§10.10: points defined, closed, in sprints, per
role, speed, burndown) and the user stats' count of closed stories (§9)."""

from __future__ import annotations

from datetime import date

from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.service import ItemChanges
from tests.dialects.taiga.test_userstories import make_sprint, project_values


def test_project_stats_from_points(client, world):
    owner = world.user()
    project = world.project(owner, total_milestones=3, total_story_points=30.0)
    roles, points, statuses = project_values(world, project)
    ux, design = str(roles[0]), str(roles[1])
    done = make_sprint(world, project, "Done", date(2024, 1, 1), date(2024, 1, 14))
    make_sprint(world, project, "Now", date(2024, 1, 15), date(2024, 1, 28))
    closed = world.item(owner, STORY, project, sprint_id=done.id, status_id=statuses["done"])
    planned = world.item(owner, STORY, project, sprint_id=done.id, team_requirement=True)
    backlog = world.item(owner, STORY, project, client_requirement=True)
    for item, estimate in ((closed, {roles[0]: points["5"], roles[1]: points["3"]}),
                           (planned, {roles[0]: points["2"]}), (backlog, {roles[1]: points["8"]})):  # fmt: skip
        world.run(
            lambda ctx, i=item, e=estimate: service.update_item(ctx, STORY, i.id, ItemChanges(role_points=e)), owner
        )
    # closed by hand: with an open story in it, the automatic closing would have kept it open
    closing = client.patch(f"/api/v1/milestones/{done.id}", json={"closed": True}, headers=world.auth(owner))
    assert closing.status_code == 200 and closing.json()["closed"] is True
    body = client.get(f"/api/v1/projects/{project.id}/stats", headers=world.auth(owner)).json()
    assert (body["total_points"], body["total_milestones"]) == (30.0, 3)
    assert body["defined_points"] == 18.0 and body["defined_points_per_role"][ux] == 7.0
    assert body["defined_points_per_role"][design] == 11.0
    assert body["closed_points"] == 8.0 and body["closed_points_per_role"] == {**body["closed_points_per_role"],
                                                                               ux: 5.0, design: 3.0}  # fmt: skip
    assert body["assigned_points"] == 10.0 and body["assigned_points_per_role"][ux] == 7.0
    assert body["speed"] == 10.0  # points of stories in closed sprints / closed sprints
    milestones = body["milestones"]
    assert [m["name"] for m in milestones] == ["Done", "Now", "Future sprint", "Project End"]
    assert [m["optimal"] for m in milestones] == [30.0, 20.0, 10.0, 0.0]
    assert [m["evolution"] for m in milestones] == [30.0, 22.0, 22.0, None]
    assert milestones[-1]["client-increment"] == 8.0  # created outside any sprint: future increments
    assert milestones[-1]["team-increment"] == 2.0


def test_user_stats_count_closed_stories(client, world):
    owner, dev = world.user(), world.user()
    project = world.project(owner)
    world.member(project, dev)
    _, _, statuses = project_values(world, project)
    world.item(owner, STORY, project, status_id=statuses["done"], assigned_to_id=dev.id)
    item = world.item(owner, STORY, project, status_id=statuses["done"])
    world.run(lambda ctx: service.update_item(ctx, STORY, item.id, ItemChanges(assignees=[dev.id])), owner)
    world.item(owner, STORY, project, assigned_to_id=dev.id)  # open
    world.item(owner, STORY, project, status_id=statuses["done"])  # someone else's
    body = client.get(f"/api/v1/users/{dev.id}/stats", headers=world.auth(owner)).json()
    assert body["total_num_closed_userstories"] == 2
