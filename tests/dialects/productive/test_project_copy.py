"""`POST /projects/copy` (seed 003): 201 with the copy, each `copy_*` option, the seed's 422."""

from __future__ import annotations

from tests.dialects.productive.conftest import BASE, errors_of

FLAGS = ("copy_project_members", "copy_boards", "copy_task_lists", "copy_tasks", "copy_task_comments",
         "copy_task_subscribers", "copy_assignees", "copy_tags", "copy_estimate", "copy_views")  # fmt: skip


def _copy(client, productive, user, **attributes):
    body = {"data": {"type": "projects", "attributes": attributes}}
    return client.post(f"{BASE}/projects/copy", json=body, headers=productive.headers(user))


def _taiga_stories(client, world, user, project_id):
    r = client.get("/api/v1/userstories", params={"project": project_id}, headers=world.auth(user))
    return sorted(r.json(), key=lambda s: s["subject"])


def _source(client, world, team):
    """The team's project with a lane and two stories: one commented, watched, assigned and tagged."""
    taiga = world.auth(team.owner)
    lane = client.post("/api/v1/swimlanes", json={"project": team.project.id, "name": "Lane"}, headers=taiga).json()
    body = {"project": team.project.id, "subject": "Rich", "tags": [["red", "#ff0000"]], "swimlane": lane["id"],
            "watchers": [team.member.id], "assigned_users": [team.member.id]}  # fmt: skip
    rich = client.post("/api/v1/userstories", json=body, headers=taiga).json()
    client.patch(f"/api/v1/userstories/{rich['id']}", json={"comment": "First words", "version": rich["version"]},
                 headers=taiga)  # fmt: skip
    client.post("/api/v1/userstories", json={"project": team.project.id, "subject": "Plain"}, headers=taiga)
    return lane


def test_copy_with_every_option_of_the_seeds_first_example(client, world, productive, team):
    _source(client, world, team)
    company = client.get(f"{BASE}/companies", headers=productive.headers(team.owner)).json()["data"][0]["id"]
    options = dict.fromkeys(FLAGS, True) | {"copy_task_comments": True, "copy_budgets": True}
    r = _copy(client, productive, team.owner, name="This is a name", template_id=team.project.id,
              company_id=int(company), project_type_id=2, **options)  # fmt: skip
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert r.json()["meta"] == {} and data["attributes"]["name"] == "This is a name"
    assert data["attributes"]["project_type_id"] == 2 and data["attributes"]["archived_at"] is None
    copy_id = int(data["id"])
    assert copy_id != team.project.id
    stories = _taiga_stories(client, world, team.owner, copy_id)
    assert [s["subject"] for s in stories] == ["Plain", "Rich"]
    rich = stories[1]
    assert rich["tags"] == [["red", "#ff0000"]]
    # the source's watchers: the member, and the owner who commented (Taiga's rule)
    assert rich["assigned_users"] == [team.member.id] and sorted(rich["watchers"]) == [team.owner.id, team.member.id]
    assert rich["swimlane"] is not None
    history = client.get(f"/api/v1/history/userstory/{rich['id']}", headers=world.auth(team.owner)).json()
    assert "First words" in [entry["comment"] for entry in history]
    members = client.get(f"/api/v1/projects/{copy_id}", headers=world.auth(team.owner)).json()["members"]
    assert {m["id"] for m in members} == {team.owner.id, team.member.id}


def test_copy_without_options_takes_no_content_nor_members(client, world, productive, team):
    _source(client, world, team)
    r = _copy(client, productive, team.owner, name="Bare", template_id=str(team.project.id), project_type_id=1,
              public_access=False, **dict.fromkeys(FLAGS, False))  # fmt: skip
    assert r.status_code == 201, r.text
    copy_id = int(r.json()["data"]["id"])
    assert _taiga_stories(client, world, team.owner, copy_id) == []
    members = client.get(f"/api/v1/projects/{copy_id}", headers=world.auth(team.owner)).json()["members"]
    assert [m["id"] for m in members] == [team.owner.id]


def test_copy_as_template_marks_the_copy_a_template(client, productive, team):
    r = _copy(client, productive, team.owner, name="Tpl", description="This is a description",
              template_id=team.project.id, project_type_id=2, copy_as_template=True)  # fmt: skip
    assert r.status_code == 201
    assert r.json()["data"]["attributes"]["template"] is True
    assert r.json()["data"]["attributes"]["description"] == "This is a description"
    r = _copy(client, productive, team.owner, name="Not", template_id=team.project.id, project_type_id=2,
              copy_as_template=False)  # fmt: skip
    assert r.json()["data"]["attributes"]["template"] is False


def test_a_copy_of_a_project_on_a_shared_workflow_shares_it(client, productive, team):
    made = client.post(f"{BASE}/projects", json={"data": {"type": "projects", "attributes": {"name": "On shared"},
                       "relationships": {"workflow": {"data": {"type": "workflows", "id": str(productive.workflow)}}}}},
                       headers=productive.headers(team.owner)).json()["data"]  # fmt: skip
    r = _copy(client, productive, team.owner, name="Copy", template_id=made["id"], project_type_id=1, copy_boards=True)
    url = f"{BASE}/projects/{r.json()['data']['id']}?include=workflow"
    shown = client.get(url, headers=productive.headers(team.owner)).json()["data"]["relationships"]["workflow"]
    assert shown == {"data": {"type": "workflows", "id": str(productive.workflow)}}


def test_the_seeds_copy_422_names_every_blank_attribute(client, productive, team):
    assert errors_of(_copy(client, productive, team.owner)) == [
        ("data/attributes/name", "can't be blank"),
        ("data/attributes/template_id", "can't be blank"),
        ("data/attributes/project_type_id", "can't be blank"),
        ("data/attributes/project_type_id", "is not included in the list"),
    ]


def test_copy_of_an_unknown_or_invisible_template_is_422(client, productive, team):
    for template in (999999, team.project.id):
        r = _copy(client, productive, team.outsider if template == team.project.id else team.owner, name="X",
                  template_id=template, project_type_id=1)  # fmt: skip
        assert errors_of(r) == [("data/attributes/template_id", "attribute is invalid")]
