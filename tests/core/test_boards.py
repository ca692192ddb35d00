"""Item types, workflows, boards and positions through the core: a further item type of a project whose
items the Taiga API shows as stories, a workflow two projects share, sub-columns, boards, and float
positions the Taiga kanban order respects."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core import item_types, project_values, workflows
from planyard.core import lanes as lanes_core
from planyard.core.projects import service as projects
from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.service import ItemChanges
from planyard.kit.errors import Forbidden, Invalid
from planyard.models import Board, ItemType, LaneStatus, Status, Workflow, WorkItem

SPEC = project_values.USERSTORY_STATUS


def story_statuses(client, h, project):
    r = client.get("/api/v1/userstory-statuses", params={"project": project.id}, headers=h)
    assert r.status_code == 200
    return [s["name"] for s in r.json()]


def test_a_new_project_has_one_item_type_workflow_and_board_per_profile(team):
    world, project, *_ = team
    uow = world.session()
    types = uow.session.scalars(select(ItemType).where(ItemType.project_id == project.id).order_by(ItemType.order))
    assert [(t.profile, t.name) for t in types] == [
        ("epic", "Epic"), ("story", "User story"), ("task", "Task"), ("issue", "Issue")]  # fmt: skip
    boards = uow.session.scalars(select(Board).where(Board.project_id == project.id).order_by(Board.order)).all()
    assert [b.profile for b in boards] == ["epic", "story", "task", "issue"]
    assert len({b.workflow_id for b in boards}) == 4
    story_board = boards[1]
    statuses = uow.session.scalars(select(Status).where(Status.workflow_id == story_board.workflow_id)
                                   .order_by(Status.order)).all()  # fmt: skip
    assert {s.kind for s in statuses} == {"story"} and statuses[0].category == "todo"
    assert [s.category for s in statuses if s.is_closed] == ["done"] * sum(s.is_closed for s in statuses)
    uow.close()


def test_an_item_of_a_further_story_type_is_a_story_on_the_taiga_wire(client, team):
    world, project, owner, member, _ = team
    bug = world.run(lambda ctx: item_types.create_item_type(ctx, project.id, "Bug", "story", letter="B"), owner)
    changes = ItemChanges(fields={"subject": "A bug card"}, item_type_id=bug.id)
    item = world.run(lambda ctx: service.create_item(ctx, STORY, project.id, changes), owner)
    assert (item.kind, item.item_type_id) == ("story", bug.id)
    h = world.auth(member)
    listed = client.get("/api/v1/userstories", params={"project": project.id}, headers=h).json()
    assert [(s["id"], s["subject"]) for s in listed] == [(item.id, "A bug card")]
    assert client.get(f"/api/v1/userstories/{item.id}", headers=h).json()["ref"] == item.ref


def test_an_item_type_must_be_of_the_project_and_the_profile(team):
    world, project, owner, member, _ = team
    other = world.project(owner)
    foreign = world.run(lambda ctx: item_types.create_item_type(ctx, other.id, "Card", "story"), owner)
    task_type = world.run(lambda ctx: item_types.create_item_type(ctx, project.id, "Chore", "task"), owner)
    for type_id in (foreign.id, task_type.id):
        changes = ItemChanges(fields={"subject": "x"}, item_type_id=type_id)
        with pytest.raises(Invalid):
            world.run(lambda ctx, c=changes: service.create_item(ctx, STORY, project.id, c), owner)
    with pytest.raises(Forbidden):
        world.run(lambda ctx: item_types.create_item_type(ctx, project.id, "Mine", "story"), member)


def test_a_workflow_shared_by_two_projects_shows_in_both(client, team):
    world, one, owner, *_ = team
    two = world.project(owner, private=True)
    h = world.auth(owner)
    before = story_statuses(client, h, two)
    lanes = [world.run(lambda ctx, p=p: lanes_core.create_lane(ctx, p.id, "Lane"), owner) for p in (one, two)]
    shared = world.run(lambda ctx: workflows.create_workflow(ctx, one.id, "Review flow"), owner)
    for project in (one, two):
        world.run(lambda ctx, p=project: workflows.create_board(ctx, p.id, shared.id, "story", "Review"), owner)
    for fields in ({"name": "In review"}, {"name": "Reviewed", "is_closed": True}):
        world.run(lambda ctx, f=fields: project_values.create_value(ctx, SPEC, one.id, f, workflow_id=shared.id), owner)
    for project in (one, two):
        names = story_statuses(client, h, project)
        assert sorted(names) == sorted([*before, "In review", "Reviewed"])
    detail = client.get(f"/api/v1/projects/{two.id}", headers=h).json()
    assert "In review" in [s["name"] for s in detail["us_statuses"]]
    uow = world.session()
    rows = uow.session.execute(select(Status.name, Status.category).where(Status.workflow_id == shared.id))
    categories = {name: category for name, category in rows}
    assert categories == {"In review": "todo", "Reviewed": "done"}
    for lane in lanes:  # every lane of both projects shows the shared columns
        shown = uow.session.scalars(select(Status.name).join(LaneStatus, LaneStatus.status_id == Status.id)
                                    .where(LaneStatus.lane_id == lane.id))  # fmt: skip
        assert {"In review", "Reviewed"} <= set(shown)
    uow.close()


def test_a_board_shows_a_workflow_of_its_workspace_for_a_known_profile(team):
    world, project, owner, *_ = team
    flow = world.run(lambda ctx: workflows.create_workflow(ctx, project.id, "Bugs"), owner)
    board = world.run(lambda ctx: workflows.create_board(ctx, project.id, flow.id, "issue", "Bug board"), owner)
    assert (board.project_id, board.workflow_id, board.profile, board.order) == (project.id, flow.id, "issue", 5)
    with pytest.raises(Invalid):
        world.run(lambda ctx: workflows.create_board(ctx, project.id, flow.id, "card", "x"), owner)
    with pytest.raises(Invalid):
        world.run(lambda ctx: workflows.create_board(ctx, project.id, flow.id + 100, "story", "x"), owner)
    with pytest.raises(Invalid):  # no story board of the project shows it
        world.run(lambda ctx: project_values.create_value(ctx, SPEC, project.id, {"name": "x"}, flow.id), owner)


def test_a_status_becomes_a_sub_column_of_another_and_takes_its_category(team):
    world, project, owner, *_ = team
    uow = world.session()
    statuses = uow.session.scalars(select(Status).where(Status.project_id == project.id, Status.kind == "story")
                                   .order_by(Status.order)).all()  # fmt: skip
    uow.close()
    first, second, closed = statuses[0], statuses[1], next(s for s in statuses if s.is_closed)
    sub = world.run(lambda ctx: project_values.set_parent(ctx, SPEC, closed.id, first.id), owner)
    assert (sub.parent_id, sub.category) == (first.id, "todo")
    with pytest.raises(Invalid):  # one level deep
        world.run(lambda ctx: project_values.set_parent(ctx, SPEC, second.id, closed.id), owner)
    back = world.run(lambda ctx: project_values.set_parent(ctx, SPEC, closed.id, None), owner)
    assert (back.parent_id, back.category) == (None, "done")


def test_a_float_position_sorts_between_its_neighbours_on_the_taiga_kanban(client, team):
    world, project, owner, *_ = team
    for n in (1, 2):
        changes = ItemChanges(fields={"subject": f"s{n}", "kanban_order": n})
        world.run(lambda ctx, c=changes: service.create_item(ctx, STORY, project.id, c), owner)
    middle = world.run(lambda ctx: service.create_item(
        ctx, STORY, project.id, ItemChanges(fields={"subject": "middle", "kanban_order": 1.5})), owner)  # fmt: skip
    uow = world.session()
    assert uow.session.scalar(select(WorkItem.kanban_order).where(WorkItem.id == middle.id)) == 1.5
    uow.close()
    h = world.auth(owner)
    listed = client.get("/api/v1/userstories", params={"project": project.id, "order_by": "kanban_order"}, headers=h)
    assert [(s["subject"], s["kanban_order"]) for s in listed.json()] == [("s1", 1), ("middle", 1), ("s2", 2)]


def test_a_deleted_projects_workflows_go_unless_another_project_shows_them(team):
    world, one, owner, *_ = team
    two = world.project(owner, private=True)
    uow = world.session()
    story_flow = uow.session.scalar(
        select(Board.workflow_id).where(Board.project_id == one.id, Board.profile == "story")
    )
    uow.close()
    world.run(lambda ctx: workflows.create_board(ctx, two.id, story_flow, "story", "Shared"), owner)
    world.run(lambda ctx: projects.delete_project(ctx, one.id), owner)
    uow = world.session()
    left = set(uow.session.scalars(select(Workflow.id).where(Workflow.is_shared.is_(False))))  # not the workspace's
    assert left == {b.workflow_id for b in uow.session.scalars(select(Board))} and story_flow in left
    uow.close()
