"""The project list's query grammar: every documented `filter[...]` with Productive's filter operations
(`filter[name][op]=`), `include=`, sparse fieldsets `fields[projects]=`, `sort=`."""

from __future__ import annotations

import pytest

from tests.dialects.productive.conftest import BASE, related


@pytest.fixture
def catalogue(client, world, productive, team):
    """Three projects of the owner: "Alpha" (client, company, manager = member), "Beta" (internal,
    archived), and the team's "Closed" (internal, with the member)."""
    headers = productive.headers(team.owner)
    company = client.post(f"{BASE}/companies", json={"data": {"type": "companies", "attributes": {"name": "C"}}},
                          headers=headers).json()["data"]["id"]  # fmt: skip

    def made(name, project_type, **relationships):
        body = {
            "data": {
                "type": "projects",
                "attributes": {"name": name, "project_type_id": project_type},
                "relationships": {"workflow": related("workflows", productive.workflow)} | relationships,
            }
        }
        return client.post(f"{BASE}/projects", json=body, headers=headers).json()["data"]["id"]  # fmt: skip

    alpha = made("Alpha", 2, company=related("companies", company), project_manager=related("people", team.member.id))
    beta = made("Beta", 1)
    client.patch(f"{BASE}/projects/{beta}/archive", headers=headers)
    return {"alpha": alpha, "beta": beta, "closed": str(team.project.id), "company": company}


def _ids(client, productive, user, **params):
    r = client.get(f"{BASE}/projects", params=params, headers=productive.headers(user))
    assert r.status_code == 200, r.text
    return sorted(p["id"] for p in r.json()["data"])


def test_every_documented_filter_and_its_operations(client, productive, team, catalogue):
    a, b, c = catalogue["alpha"], catalogue["beta"], catalogue["closed"]

    def ids(**params):
        return _ids(client, productive, team.owner, **params)

    assert ids(**{"filter[id]": a}) == [a]
    assert ids(**{"filter[id]": f"{a},{b}"}) == sorted([a, b])
    assert ids(**{"filter[id][not_eq]": a}) == sorted([b, c])
    assert ids(**{"filter[id][gt]": c}) == sorted([a, b])
    assert ids(**{"filter[id][lt_eq]": c}) == [c]
    assert ids(**{"filter[id][gt_eq]": b, "filter[id][lt]": str(int(b) + 1)}) == [b]
    assert ids(**{"filter[project_type]": "2"}) == [a]
    assert ids(**{"filter[project_type][not_eq]": "2"}) == sorted([b, c])
    assert ids(**{"filter[company_id]": catalogue["company"]}) == [a]
    assert ids(**{"filter[company_id][not_eq]": catalogue["company"]}) == sorted([b, c])
    assert ids(**{"filter[responsible_id]": str(team.member.id)}) == [a]
    assert ids(**{"filter[person_id]": str(team.member.id)}) == [c]
    assert ids(**{"filter[person_id][not_eq]": str(team.member.id)}) == sorted([a, b])
    assert ids(**{"filter[status]": "1"}) == sorted([a, c])
    assert ids(**{"filter[status]": "2"}) == [b]
    assert ids(**{"filter[query]": "lph"}) == [a]
    assert ids(**{"filter[query][contains]": "ET"}) == [b]
    assert ids(**{"filter[query][not_contain]": "a"}) == [c]


def test_unsupported_filters_operations_and_values_are_400(client, productive, team, catalogue):
    headers = productive.headers(team.owner)
    for key, value in (("filter[nope]", "1"), ("filter[status][gt]", "1"), ("filter[status]", "3"),
                       ("filter[id]", "x"), ("filter[id][eq][more]", "1"), ("include", "nope")):  # fmt: skip
        r = client.get(f"{BASE}/projects", params={key: value}, headers=headers)
        assert r.status_code == 400, (key, r.text)
        error = r.json()["errors"][0]
        assert error["status"] == "400" and error["source"]["parameter"] == key
    r = client.get(f"{BASE}/projects", params={"filter[nope]": "1"}, headers=headers)
    assert r.json()["errors"][0]["detail"] == "Filter 'nope' is not supported on this endpoint"


def test_include_renders_identifiers_and_included_resources(client, productive, team, catalogue):
    params = {"include": "company,project_manager,workflow,organization", "filter[id]": catalogue["alpha"]}
    body = client.get(f"{BASE}/projects", params=params, headers=productive.headers(team.owner)).json()
    relationships = body["data"][0]["relationships"]
    assert relationships["company"] == related("companies", catalogue["company"])
    assert relationships["project_manager"] == related("people", team.member.id)
    assert relationships["workflow"] == related("workflows", productive.workflow)
    assert relationships["last_actor"] == {"meta": {"included": False}}
    kinds = sorted((i["type"], i["id"]) for i in body["included"])
    assert kinds == sorted([("companies", catalogue["company"]), ("people", str(team.member.id)),
                            ("workflows", str(productive.workflow)),
                            ("organizations", str(productive.organization))])  # fmt: skip
    closed = client.get(f"{BASE}/projects/{catalogue['closed']}", params={"include": "company"},
                        headers=productive.headers(team.owner)).json()  # fmt: skip
    assert closed["data"]["relationships"]["company"] == {"data": None} and closed["included"] == []


def test_sparse_fieldsets_keep_only_the_named_members(client, productive, team, catalogue):
    params = {"fields[projects]": "name,archived_at,company", "include": "company", "fields[companies]": "name"}
    body = client.get(f"{BASE}/projects", params=params, headers=productive.headers(team.owner)).json()
    for project in body["data"]:
        assert set(project["attributes"]) == {"name", "archived_at"}
        assert set(project["relationships"]) == {"company"}
    assert [set(i["attributes"]) for i in body["included"]] == [{"name"}]


def test_sort_by_name_created_at_and_id_both_ways(client, productive, team, catalogue):
    def names(sort):
        r = client.get(f"{BASE}/projects", params={"sort": sort}, headers=productive.headers(team.owner))
        return [p["attributes"]["name"] for p in r.json()["data"]]

    assert names("name") == ["Alpha", "Beta", "Closed"]
    assert names("-name") == ["Closed", "Beta", "Alpha"]
    assert names("created_at") == ["Closed", "Alpha", "Beta"]
    assert names("-id") == ["Beta", "Alpha", "Closed"]
