"""What a project create needs, found through the API: organizations, companies, people, workflows,
workflow statuses and task lists, in Productive's JSON:API shapes; a fresh server has one organization,
one company and a default workflow."""

from __future__ import annotations

from planyard.config import Settings
from planyard.core.auth import create_api_token
from planyard.db.migrate import upgrade
from planyard.main import create_app
from tests.dialects.productive.conftest import BASE, JSON_API, errors_of, related
from tests.factories import World


def _get(client, productive, user, path, **params):
    r = client.get(f"{BASE}/{path}", params=params, headers=productive.headers(user))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_fresh_server_has_one_organization_company_and_default_workflow(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade(url)
    app = create_app(Settings(data_dir=tmp_path, database_url=url, secret_key="fresh-server-secret-key-long-enough"))
    world = World(app)
    user = world.user("first")
    token = world.run(lambda ctx: create_api_token(ctx.session, user, "productive"))
    from starlette.testclient import TestClient

    with TestClient(app) as client:
        headers = {"X-Auth-Token": token, "X-Organization-Id": "1", "Content-Type": JSON_API}
        organizations = client.get(f"{BASE}/organizations", headers=headers).json()["data"]
        assert [(o["id"], o["type"]) for o in organizations] == [("1", "organizations")]
        companies = client.get(f"{BASE}/companies", headers=headers).json()["data"]
        assert len(companies) == 1 and companies[0]["type"] == "companies"
        workflows = client.get(f"{BASE}/workflows?include=workflow_statuses", headers=headers).json()["data"]
        assert len(workflows) == 1
        statuses = workflows[0]["relationships"]["workflow_statuses"]["data"]
        listed = client.get(f"{BASE}/workflow_statuses", headers=headers).json()["data"]
        assert [s["id"] for s in listed] == [s["id"] for s in statuses]
        assert [s["attributes"]["category_id"] for s in listed] == [1, 2, 3]
        people = client.get(f"{BASE}/people", headers=headers).json()["data"]
        assert [p["id"] for p in people] == [str(user.id)]
        body = {"data": {"type": "projects", "attributes": {"name": "First", "project_type_id": 2},
                         "relationships": {"company": related("companies", companies[0]["id"]),
                                           "project_manager": related("people", user.id),
                                           "workflow": related("workflows", workflows[0]["id"])}}}  # fmt: skip
        assert client.post(f"{BASE}/projects", json=body, headers=headers).status_code == 201
    app.state.engine.dispose()


def test_organizations_show_the_one_of_the_header(client, productive, team):
    listed = _get(client, productive, team.owner, "organizations")
    assert [o["id"] for o in listed["data"]] == [str(productive.organization)]
    assert listed["meta"]["total_count"] == 1
    one = _get(client, productive, team.owner, f"organizations/{productive.organization}")
    assert one["data"]["attributes"]["name"]
    r = client.get(f"{BASE}/organizations/{productive.organization + 1}", headers=productive.headers(team.owner))
    assert r.status_code == 404


def test_companies_list_get_create_and_filter(client, productive, team):
    headers = productive.headers(team.owner)
    body = {"data": {"type": "companies", "attributes": {"name": "Acme Ltd"}}}
    r = client.post(f"{BASE}/companies", json=body, headers=headers)
    assert r.status_code == 201
    company = r.json()["data"]
    assert company["type"] == "companies" and company["attributes"]["name"] == "Acme Ltd"
    assert company["relationships"]["organization"] == related("organizations", productive.organization)
    assert _get(client, productive, team.owner, f"companies/{company['id']}")["data"] == company
    found = _get(client, productive, team.owner, "companies", **{"filter[name]": "acme"})["data"]
    assert [c["id"] for c in found] == [company["id"]]
    found = _get(client, productive, team.owner, "companies", **{"filter[id]": company["id"]})["data"]
    assert [c["id"] for c in found] == [company["id"]]
    empty = {"data": {"type": "companies", "attributes": {"name": " "}}}
    assert errors_of(client.post(f"{BASE}/companies", json=empty, headers=headers)) == [
        ("data/attributes/name", "can't be blank")]  # fmt: skip
    assert client.get(f"{BASE}/companies/999999", headers=headers).status_code == 404


def test_every_account_is_a_person(client, productive, team):
    people = _get(client, productive, team.owner, "people", **{"page[size]": 200})["data"]
    ids = {p["id"] for p in people}
    assert {str(u.id) for u in (team.owner, team.member, team.outsider)} <= ids
    member = _get(client, productive, team.owner, f"people/{team.member.id}")["data"]
    assert member["type"] == "people" and member["attributes"]["email"] == team.member.email
    only = _get(client, productive, team.owner, "people", **{"filter[email]": team.member.email})["data"]
    assert [p["id"] for p in only] == [str(team.member.id)]


def test_workflows_and_statuses_create_list_get(client, productive, team):
    headers = productive.headers(team.owner)
    r = client.post(f"{BASE}/workflows", json={"data": {"type": "workflows", "attributes": {"name": "Sales"}}},
                    headers=headers)  # fmt: skip
    assert r.status_code == 201
    workflow = r.json()["data"]
    assert workflow["relationships"]["workflow_statuses"] == {"meta": {"included": False}}
    for name, category in (("Lead", 1), ("Won", 3)):
        body = {"data": {"type": "workflow_statuses", "attributes": {"name": name, "category_id": category},
                         "relationships": {"workflow": related("workflows", workflow["id"])}}}  # fmt: skip
        made = client.post(f"{BASE}/workflow_statuses", json=body, headers=headers)
        assert made.status_code == 201, made.text
        assert made.json()["data"]["relationships"]["workflow"] == related("workflows", workflow["id"])
    shown = _get(client, productive, team.owner, f"workflows/{workflow['id']}", include="workflow_statuses")
    assert len(shown["data"]["relationships"]["workflow_statuses"]["data"]) == 2
    assert [i["attributes"]["name"] for i in shown["included"]] == ["Lead", "Won"]
    statuses = _get(client, productive, team.owner, "workflow_statuses", **{"filter[workflow_id]": workflow["id"]})
    assert [(s["attributes"]["name"], s["attributes"]["category_id"]) for s in statuses["data"]] == [
        ("Lead", 1), ("Won", 3)]  # fmt: skip
    body = {"data": {"type": "projects", "attributes": {"name": "On Sales"},
                     "relationships": {"workflow": related("workflows", workflow["id"])}}}  # fmt: skip
    assert client.post(f"{BASE}/projects", json=body, headers=headers).status_code == 201
    listed = [w["id"] for w in _get(client, productive, team.owner, "workflows")["data"]]
    assert workflow["id"] in listed and str(productive.workflow) in listed


def test_a_workflow_without_two_statuses_one_closed_cannot_be_used(client, productive, team):
    headers = productive.headers(team.owner)
    r = client.post(f"{BASE}/workflows", json={"data": {"type": "workflows", "attributes": {"name": "Thin"}}},
                    headers=headers)  # fmt: skip
    body = {"data": {"type": "projects", "attributes": {"name": "P"},
                     "relationships": {"workflow": related("workflows", r.json()["data"]["id"])}}}  # fmt: skip
    detail = "must have 2 (including one closed) or more workflow statuses defined"
    assert errors_of(client.post(f"{BASE}/projects", json=body, headers=headers)) == [
        ("data/attributes/workflow", detail)
    ]


def test_status_and_task_list_bad_input_is_422(client, productive, team):
    headers = productive.headers(team.owner)
    body = {"data": {"type": "workflow_statuses", "attributes": {"name": "X", "category_id": 9},
                     "relationships": {"workflow": related("workflows", productive.workflow)}}}  # fmt: skip
    assert errors_of(client.post(f"{BASE}/workflow_statuses", json=body, headers=headers))[0][0] == (
        "data/attributes/category_id")  # fmt: skip
    body["data"]["attributes"]["category_id"] = 1
    body["data"]["relationships"] = {"workflow": related("workflows", 999999)}
    assert errors_of(client.post(f"{BASE}/workflow_statuses", json=body, headers=headers)) == [
        ("data/attributes/workflow", "attribute is invalid")]  # fmt: skip
    body = {"data": {"type": "task_lists", "attributes": {"name": "L"},
                     "relationships": {"project": related("projects", 999999)}}}  # fmt: skip
    assert errors_of(client.post(f"{BASE}/task_lists", json=body, headers=headers)) == [
        ("data/attributes/project", "attribute is invalid")]  # fmt: skip


def test_task_lists_are_the_projects_lanes_and_taiga_swimlanes(client, world, productive, team):
    headers = productive.headers(team.owner)
    body = {"data": {"type": "task_lists", "attributes": {"name": "Backlog"},
                     "relationships": {"project": related("projects", team.project.id)}}}  # fmt: skip
    r = client.post(f"{BASE}/task_lists", json=body, headers=headers)
    assert r.status_code == 201
    task_list = r.json()["data"]
    assert task_list["relationships"]["project"] == related("projects", team.project.id)
    lanes = client.get("/api/v1/swimlanes", params={"project": team.project.id}, headers=world.auth(team.owner))
    assert [lane["id"] for lane in lanes.json()] == [int(task_list["id"])]
    assert _get(client, productive, team.owner, f"task_lists/{task_list['id']}")["data"] == task_list
