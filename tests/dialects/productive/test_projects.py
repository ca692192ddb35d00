"""Productive `/projects` (seed 003): JSON:API documents, paging, sort, create, get, delete, visibility,
and one data store with the Taiga API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.dialects.productive.conftest import BASE, JSON_API, project_body

ATTRIBUTES = {
    "name", "number", "project_number", "project_type_id", "project_color_id", "last_activity_at",
    "public_access", "time_on_tasks", "tag_colors", "archived_at", "created_at", "template", "custom_fields",
    "task_custom_fields_ids", "sample_data",
}  # fmt: skip
RELATIONSHIPS = {"company", "project_manager", "last_actor", "workflow", "custom_field_people", "template_object"}


def _page_of(link):
    query = parse_qs(urlsplit(link).query)
    return int(query["page[number]"][0]), int(query["page[size]"][0])


def test_create_answers_201_with_the_project_document(client, productive, team):
    r = client.post(f"{BASE}/projects", json=project_body(productive.workflow, name="Rocket", project_type_id=2),
                    headers=productive.headers(team.owner))  # fmt: skip
    assert r.status_code == 201
    assert r.headers["content-type"] == f"{JSON_API}; charset=utf-8"
    body = r.json()
    data = body["data"]
    assert body["meta"] == {}
    assert isinstance(data["id"], str) and data["type"] == "projects"
    assert set(data["attributes"]) >= ATTRIBUTES
    attributes = data["attributes"]
    assert attributes["name"] == "Rocket" and attributes["project_type_id"] == 2
    assert attributes["number"] == attributes["project_number"] == data["id"]
    assert attributes["public_access"] is False and attributes["archived_at"] is None
    assert attributes["created_at"].endswith("+00:00")
    organization = {"data": {"type": "organizations", "id": str(productive.organization)}}
    assert data["relationships"]["organization"] == organization
    for name in RELATIONSHIPS:
        assert data["relationships"][name] == {"meta": {"included": False}}


def test_get_answers_the_project(client, productive, team):
    r = client.get(f"{BASE}/projects/{team.project.id}", headers=productive.headers(team.member))
    assert r.status_code == 200
    assert r.json()["data"]["id"] == str(team.project.id)
    assert r.json()["data"]["attributes"]["name"] == "Closed"


def test_create_validation_is_422_with_pointers(client, productive, team):
    headers = productive.headers(team.owner)
    r = client.post(
        f"{BASE}/projects", json=project_body(productive.workflow, name="", project_type_id=7), headers=headers
    )
    assert r.status_code == 422
    errors = {e["source"]["pointer"]: e for e in r.json()["errors"]}
    assert set(errors) == {"data/attributes/name", "data/attributes/project_type_id"}
    assert errors["data/attributes/name"] == {
        "status": "422", "code": "invalid_attribute", "title": "Invalid Attribute", "detail": "can't be blank",
        "source": {"pointer": "data/attributes/name"},
    }  # fmt: skip
    assert errors["data/attributes/project_type_id"]["detail"] == "is not included in the list"
    r = client.post(f"{BASE}/projects", json=project_body(productive.workflow, name="n" * 251), headers=headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["source"]["pointer"] == "data/attributes/name"
    r = client.post(f"{BASE}/projects", json=project_body(productive.workflow, description="no name"), headers=headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["source"]["pointer"] == "data/attributes/name"
    body = project_body(productive.workflow, name="X")
    body["data"]["relationships"] = {"company": {"data": {"type": "companies", "id": 5}}}
    r = client.post(f"{BASE}/projects", json=body, headers=headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["source"]["pointer"] == "data/relationships/company/data/id"


def test_delete_answers_204_and_the_project_is_gone(client, productive, team):
    headers = productive.headers(team.owner)
    r = client.delete(f"{BASE}/projects/{team.project.id}", headers=headers)
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"{BASE}/projects/{team.project.id}", headers=headers).status_code == 404


def test_a_member_who_may_not_delete_gets_403(client, productive, team):
    r = client.delete(f"{BASE}/projects/{team.project.id}", headers=productive.headers(team.member))
    assert r.status_code == 403
    assert r.json()["errors"][0]["code"] == "forbidden"


def test_a_private_project_of_another_user_is_invisible(client, productive, team):
    headers = productive.headers(team.outsider)
    r = client.get(f"{BASE}/projects", headers=headers)
    assert r.status_code == 200
    assert str(team.project.id) not in [p["id"] for p in r.json()["data"]]
    assert client.get(f"{BASE}/projects/{team.project.id}", headers=headers).status_code == 404
    assert client.delete(f"{BASE}/projects/{team.project.id}", headers=headers).status_code == 404


def test_list_pages_with_links_and_meta(client, world, productive, team):
    for number in range(4):
        world.project(team.owner, name=f"P{number}")
    headers = productive.headers(team.owner)
    r = client.get(f"{BASE}/projects", params={"page[size]": 2, "page[number]": 2, "sort": "-name"}, headers=headers)
    assert r.status_code == 200
    body = r.json()
    assert body["meta"] == {"current_page": 2, "total_pages": 3, "total_count": 5, "page_size": 2,
                            "max_page_size": 200}  # fmt: skip
    assert [p["attributes"]["name"] for p in body["data"]] == ["P1", "P0"]
    links = {name: _page_of(link) for name, link in body["links"].items()}
    assert links == {"first": (1, 2), "last": (3, 2), "prev": (1, 2), "next": (3, 2)}
    assert "sort=-name" in body["links"]["next"]


def test_list_defaults_to_30_a_page_and_caps_at_200(client, productive, team):
    headers = productive.headers(team.owner)
    body = client.get(f"{BASE}/projects", headers=headers).json()
    assert body["meta"] == {"current_page": 1, "total_pages": 1, "total_count": 1, "page_size": 30,
                            "max_page_size": 200}  # fmt: skip
    assert body["links"]["first"].endswith("/productive/api/v2/projects?page%5Bnumber%5D=1&page%5Bsize%5D=30")
    assert set(body["links"]) == {"first", "last"}
    body = client.get(f"{BASE}/projects", params={"page[size]": 500}, headers=headers).json()
    assert body["meta"]["page_size"] == 200


def test_bad_paging_or_sort_is_400_naming_the_parameter(client, productive, team):
    headers = productive.headers(team.owner)
    for params in ({"page[number]": "0"}, {"page[size]": "x"}, {"sort": "nope"}):
        r = client.get(f"{BASE}/projects", params=params, headers=headers)
        assert r.status_code == 400
        assert r.json()["errors"][0]["source"]["parameter"] == next(iter(params))


def test_a_productive_project_is_a_taiga_project_and_back(client, world, productive, team):
    r = client.post(
        f"{BASE}/projects",
        json=project_body(productive.workflow, name="Shared"),
        headers=productive.headers(team.owner),
    )
    project_id = int(r.json()["data"]["id"])
    taiga = client.get(f"/api/v1/projects/{project_id}", headers=world.auth(team.owner))
    assert taiga.status_code == 200
    assert taiga.json()["name"] == "Shared" and taiga.json()["is_private"] is True
    made_in_taiga = client.post("/api/v1/projects", json={"name": "From Taiga", "description": ""},
                                headers=world.auth(team.owner)).json()  # fmt: skip
    listed = client.get(f"{BASE}/projects", headers=productive.headers(team.owner)).json()["data"]
    assert str(made_in_taiga["id"]) in [p["id"] for p in listed]
