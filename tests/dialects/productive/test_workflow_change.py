"""`change_workflow` and `map_to_workflow` (seed 003, both path forms): the status map, the lane map,
the 422s the seed lists; the statuses Taiga, Kaiten and HacknPlan show are the project's Productive
workflow statuses (read here through Taiga; Kaiten boards and HacknPlan stages are not routed yet)."""

from __future__ import annotations

from tests.dialects.productive.conftest import BASE, errors_of, related

BLANK = ("data/attributes/map", "can't be blank")
TOO_FEW = ("data/attributes/workflow", "must have 2 (including one closed) or more workflow statuses defined")
UNMAPPED = ("data/attributes/map", "doesn't contain all statuses from current project workflow")
INVALID_STATUSES = ("data/attributes/map", "contains invalid statuses")
INVALID_LISTS = ("data/attributes/map", "contains invalid task_list_id")


def _workflow_of(client, productive, user, project_id):
    url = f"{BASE}/projects/{project_id}?include=workflow"
    return int(
        client.get(url, headers=productive.headers(user)).json()["data"]["relationships"]["workflow"]["data"]["id"]
    )


def _statuses(client, productive, user, workflow_id):
    r = client.get(f"{BASE}/workflow_statuses", params={"filter[workflow_id]": workflow_id, "page[size]": 200},
                   headers=productive.headers(user))  # fmt: skip
    return [(int(s["id"]), s["attributes"]["name"], s["attributes"]["category_id"]) for s in r.json()["data"]]


def _change(client, productive, user, project_id, workflow_id, mapping, *, path_id=True):
    body = {"data": {"type": "projects", "attributes": {} if mapping is None else {"map": mapping},
                     "relationships": {"workflow": related("workflows", workflow_id)}}}  # fmt: skip
    if path_id:
        return client.patch(
            f"{BASE}/projects/{project_id}/change_workflow", json=body, headers=productive.headers(user)
        )
    return client.patch(f"{BASE}/projects/change_workflow", params={"id": project_id}, json=body,
                        headers=productive.headers(user))  # fmt: skip


def test_change_workflow_maps_every_story_and_taiga_shows_the_new_statuses(client, world, productive, team):
    old = _statuses(client, productive, team.owner, _workflow_of(client, productive, team.owner, team.project.id))
    stories = [world.item(team.owner, "story", team.project, subject=name, status_id=status_id)
               for status_id, name, _ in old]  # fmt: skip
    new = _statuses(client, productive, team.owner, productive.workflow)
    closed = next(s for s, _, category in new if category == 3)
    mapping = {str(s): (closed if category == 3 else new[0][0]) for s, _, category in old}
    r = _change(client, productive, team.owner, team.project.id, productive.workflow, mapping)
    assert r.status_code == 200, r.text
    assert _workflow_of(client, productive, team.owner, team.project.id) == productive.workflow
    taiga = world.auth(team.owner)
    for story, (status_id, _, _) in zip(stories, old, strict=True):
        shown = client.get(f"/api/v1/userstories/{story.id}", headers=taiga).json()
        assert shown["status"] == mapping[str(status_id)]
    listed = client.get("/api/v1/userstory-statuses", params={"project": team.project.id}, headers=taiga).json()
    assert [(s["id"], s["name"]) for s in listed] == [(s, name) for s, name, _ in new]
    assert [s["is_closed"] for s in listed] == [category == 3 for _, _, category in new]


def test_a_status_added_through_taiga_to_the_shared_workflow_shows_in_productive(client, world, productive, team):
    new = _statuses(client, productive, team.owner, productive.workflow)
    old = _statuses(client, productive, team.owner, _workflow_of(client, productive, team.owner, team.project.id))
    mapping = {str(s): new[0][0] for s, _, _ in old}
    assert _change(client, productive, team.owner, team.project.id, productive.workflow, mapping).status_code == 200
    r = client.post("/api/v1/userstory-statuses", json={"project": team.project.id, "name": "Review"},
                    headers=world.auth(team.owner))  # fmt: skip
    assert r.status_code == 201, r.text
    names = [name for _, name, _ in _statuses(client, productive, team.owner, productive.workflow)]
    assert names[-1] == "Review"


def test_the_id_less_path_form_names_the_project_in_the_query(client, productive, team):
    old = _statuses(client, productive, team.owner, _workflow_of(client, productive, team.owner, team.project.id))
    new = _statuses(client, productive, team.owner, productive.workflow)
    mapping = {str(s): new[1][0] for s, _, _ in old}
    r = _change(client, productive, team.owner, team.project.id, productive.workflow, mapping, path_id=False)
    assert r.status_code == 200 and r.json()["data"]["id"] == str(team.project.id)


def test_the_seeds_change_workflow_422s(client, productive, team):
    owner, project = team.owner, team.project.id
    old = [s for s, _, _ in _statuses(client, productive, owner, _workflow_of(client, productive, owner, project))]
    new = [s for s, _, _ in _statuses(client, productive, owner, productive.workflow)]
    body = {"data": {"type": "workflows", "attributes": {"name": "Empty"}}}
    empty = client.post(f"{BASE}/workflows", json=body, headers=productive.headers(owner)).json()["data"]["id"]
    r = _change(client, productive, owner, project, empty, {})
    assert set(errors_of(r)) == {BLANK, TOO_FEW, UNMAPPED} and len(errors_of(r)) == 3
    full = {str(s): new[0] for s in old}
    assert errors_of(_change(client, productive, owner, project, 0, full)) == [
        ("data/attributes/workflow", "attribute is invalid")]  # fmt: skip
    assert errors_of(_change(client, productive, owner, project, productive.workflow, None)) == [BLANK]
    partial = {str(s): new[0] for s in old[:-1]}
    assert errors_of(_change(client, productive, owner, project, productive.workflow, partial)) == [UNMAPPED]
    wrong = full | {str(old[0]): "0"}
    assert errors_of(_change(client, productive, owner, project, productive.workflow, wrong)) == [INVALID_STATUSES]
    assert _workflow_of(client, productive, owner, project) not in (productive.workflow, int(empty))


def _lane(client, world, user, project_id, name):
    r = client.post("/api/v1/swimlanes", json={"project": project_id, "name": name}, headers=world.auth(user))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_map_to_workflow_puts_each_lanes_stories_in_its_status(client, world, productive, team):
    owner = team.owner
    first, second = (_lane(client, world, owner, team.project.id, name) for name in ("Front", "Back"))
    taiga = world.auth(owner)
    story = client.post("/api/v1/userstories", json={"project": team.project.id, "subject": "S", "swimlane": second},
                        headers=taiga).json()  # fmt: skip
    lists = client.get(f"{BASE}/task_lists", params={"filter[project_id]": team.project.id},
                       headers=productive.headers(owner)).json()["data"]  # fmt: skip
    assert [t["id"] for t in lists] == [str(first), str(second)]
    statuses = _statuses(client, productive, owner, _workflow_of(client, productive, owner, team.project.id))
    target = statuses[-1][0]
    body = {"data": {"type": "projects", "attributes": {"map": {str(first): statuses[0][0], str(second): target}}}}
    r = client.patch(f"{BASE}/projects/{team.project.id}/map_to_workflow", json=body, headers=productive.headers(owner))
    assert r.status_code == 200, r.text
    assert client.get(f"/api/v1/userstories/{story['id']}", headers=taiga).json()["status"] == target
    r = client.patch(f"{BASE}/projects/map_to_workflow", params={"id": team.project.id}, json=body,
                     headers=productive.headers(owner))  # fmt: skip
    assert r.status_code == 200


def test_the_seeds_map_to_workflow_422s(client, world, productive, team):
    owner = team.owner
    lane = _lane(client, world, owner, team.project.id, "Only")
    statuses = _statuses(client, productive, owner, _workflow_of(client, productive, owner, team.project.id))
    url, headers = f"{BASE}/projects/{team.project.id}/map_to_workflow", productive.headers(owner)

    def mapped(attributes):
        return client.patch(url, json={"data": {"type": "projects", "attributes": attributes}}, headers=headers)

    assert errors_of(mapped({})) == [BLANK]
    assert errors_of(mapped({"map": {"0": statuses[0][0], str(lane): statuses[1][0]}})) == [INVALID_LISTS]
    assert errors_of(mapped({"map": {str(lane): "0"}})) == [INVALID_STATUSES]


def test_a_taiga_duplicate_of_a_project_on_a_shared_workflow_keeps_its_statuses(client, world, productive, team):
    body = {"data": {"type": "projects", "attributes": {"name": "Shared flow"},
                     "relationships": {"workflow": related("workflows", productive.workflow)}}}  # fmt: skip
    made = client.post(f"{BASE}/projects", json=body, headers=productive.headers(team.owner)).json()["data"]
    taiga = world.auth(team.owner)
    r = client.post(f"/api/v1/projects/{made['id']}/duplicate", json={"name": "Dup", "description": "d",
                    "is_private": True, "users": []}, headers=taiga)  # fmt: skip
    assert r.status_code == 201, r.text
    names = [s["name"] for s in client.get("/api/v1/userstory-statuses", params={"project": r.json()["id"]},
                                           headers=taiga).json()]  # fmt: skip
    assert names == [name for _, name, _ in _statuses(client, productive, team.owner, productive.workflow)]
