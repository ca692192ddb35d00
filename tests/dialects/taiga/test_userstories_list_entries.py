"""A user story reads the same in the list (built from plain rows for speed) as in its detail: every
list field, with tags, colours, people, points, sprint, blocking, due date, votes and watchers set."""

from __future__ import annotations

from datetime import date

from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.service import ItemChanges
from tests.dialects.taiga.test_userstories import DETAIL_FIELDS, LIST_FIELDS, make_sprint, project_values

URL = "/api/v1/userstories"


def test_list_entry_equals_the_detail_without_its_detail_fields(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    roles, points, statuses = project_values(world, project)
    sprint = make_sprint(world, project)
    changes = ItemChanges(
        {"subject": "Rich", "description": "Some *text*", "tags": [["red", "#f00"], "plain"], "is_blocked": True,
         "blocked_note": "waiting **on** x", "due_date": date(2030, 1, 1), "sprint_id": sprint.id,
         "assigned_to_id": member.id, "status_id": statuses["in-progress"], "client_requirement": True},
        watchers=[member.id], assignees=[owner.id, member.id], role_points={roles[0]: points["2"]},
    )  # fmt: skip
    item = world.run(lambda ctx: service.create_item(ctx, STORY, project.id, changes), actor=owner)
    h = world.auth(member)
    assert client.post(f"{URL}/{item.id}/upvote", headers=h).status_code == 200
    listed = client.get(URL, params={"project": project.id}, headers=h | {"x-disable-pagination": "1"}).json()
    detail = client.get(f"{URL}/{item.id}", headers=h).json()
    assert set(listed[0]) == LIST_FIELDS and set(detail) == DETAIL_FIELDS
    assert listed[0] == {k: v for k, v in detail.items() if k in LIST_FIELDS}
    assert listed[0]["tags"] == [["red", "#f00"], ["plain", None]] and listed[0]["is_voter"] is True
    assert listed[0]["owner_extra_info"]["id"] == owner.id and listed[0]["assigned_to_extra_info"]["id"] == member.id
