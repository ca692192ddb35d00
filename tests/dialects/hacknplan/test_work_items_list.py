"""The work-item list: every documented filter, `sortField`/`sortMode`, `searchTerms`, the offset/limit
envelope, bad parameters, and a page read in a fixed number of statements (no N+1)."""

from __future__ import annotations

import pytest

from planyard.core import design_elements
from tests.dialects.hacknplan.work_item_world import Plan, make_plan


@pytest.fixture
def plan(team, hnp_auth) -> Plan:
    return make_plan(team, hnp_auth)


def ids(client, plan: Plan, **params) -> list[int]:
    response = client.get(plan.url, params=params, headers=plan.keys["member"])
    assert response.status_code == 200, response.text
    return [i["workItemId"] for i in response.json()["items"]]


def test_every_filter(client, plan: Plan):
    element_type = plan.world.run(lambda ctx: design_elements.create_type(ctx, plan.project.id, "Level"),
                                  actor=plan.owner)  # fmt: skip
    new = design_elements.NewElement(name="Forest", type_id=element_type.id)
    element = plan.world.run(lambda ctx: design_elements.create_element(ctx, plan.project.id, new), actor=plan.owner)
    a = plan.new(client, title="Alpha dragon", boardId=plan.boards[0], stageId=plan.stages[1],
                 importanceLevelId=plan.levels[0], assignedUserIds=[plan.member.id],
                 designElementId=element.id)  # fmt: skip
    b = plan.new(client, title="Beta", description="the DRAGON returns", boardId=plan.boards[1],
                 categoryId=plan.categories["Epic"], importanceLevelId=plan.levels[2])  # fmt: skip
    c = plan.new(client, title="Gamma", parentStoryId=a["workItemId"])
    a, b, c = a["workItemId"], b["workItemId"], c["workItemId"]
    assert ids(client, plan) == [a, b, c]
    assert ids(client, plan, boardId=plan.boards[0]) == [a]
    assert ids(client, plan, boardId=0) == [c]
    assert ids(client, plan, categoryId=plan.categories["Epic"]) == [b]
    assert ids(client, plan, userId=plan.member.id) == [a]
    assert ids(client, plan, designElementId=element.id) == [a]
    assert ids(client, plan, designElementId=0) == [b, c]
    assert ids(client, plan, stageId=plan.stages[1]) == [a]
    assert ids(client, plan, stageId=plan.stages[0]) == [b, c]
    assert ids(client, plan, importanceLevelId=plan.levels[2]) == [b]
    assert ids(client, plan, parentStoryId=a) == [c]
    assert ids(client, plan, parentStoryId=0) == [a, b]
    assert ids(client, plan, searchTerms="dragon") == [a, b]
    assert ids(client, plan, searchTerms="dragon", boardId=plan.boards[1]) == [b]
    assert ids(client, plan, milestoneId=999) == []
    shown = client.get(plan.url, params={"designElementId": element.id}, headers=plan.keys["member"]).json()
    assert shown["items"][0]["designElement"]["name"] == "Forest" and shown["items"][0]["designElementIndex"] == 1


def test_sorting_and_paging(client, plan: Plan):
    made = [plan.new(client, title=t, dueDate=d)["workItemId"] for t, d in
            (("b", "2026-01-03T00:00:00Z"), ("c", "2026-01-01T00:00:00Z"), ("a", "2026-01-02T00:00:00Z"))]  # fmt: skip
    assert ids(client, plan, sortField="name") == [made[2], made[0], made[1]]
    assert ids(client, plan, sortField="name", sortMode="desc") == [made[1], made[0], made[2]]
    assert ids(client, plan, sortField="duedate") == [made[1], made[2], made[0]]
    assert ids(client, plan, sortMode="desc") == list(reversed(made))
    for field in ("updatedate", "closingdate", "board", "designelement", "stage", "category", "importancelevel"):
        assert sorted(ids(client, plan, sortField=field)) == sorted(made)
    page = client.get(plan.url, params={"offset": 1, "limit": 1}, headers=plan.keys["member"]).json()
    assert (page["totalCount"], page["offset"], page["limit"]) == (3, 1, 1)
    assert [i["workItemId"] for i in page["items"]] == [made[1]]
    assert client.get(plan.url, params={"offset": 5}, headers=plan.keys["member"]).json()["items"] == []


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "x"}, {"sortField": "color"}, {"sortMode": "up"},
    {"boardId": "x"}, {"stageId": 2**31}, {"userId": -1},
])  # fmt: skip
def test_bad_list_parameters_are_400(client, plan: Plan, params):
    response = client.get(plan.url, params=params, headers=plan.keys["member"])
    assert response.status_code == 400 and set(response.json()) == {"message"}


def test_a_page_is_read_in_a_fixed_number_of_statements(client, plan: Plan, query_counter):
    def page_statements() -> int:
        query_counter.clear()
        assert client.get(plan.url, params={"limit": 100}, headers=plan.keys["member"]).status_code == 200
        return len(query_counter)

    for n in range(2):
        plan.new(client, title=f"few{n}", boardId=plan.boards[0], assignedUserIds=[plan.member.id], subTasks=["s"])
    few = page_statements()
    for n in range(12):
        item = plan.new(client, title=f"many{n}", boardId=plan.boards[n % 2], assignedUserIds=[plan.owner.id],
                        stageId=plan.stages[n % 3], importanceLevelId=plan.levels[n % 2])  # fmt: skip
        client.post(f"{plan.url}/{item['workItemId']}/worklogs", json={"value": 1}, headers=plan.keys["member"])
    assert page_statements() == few
