"""Parallel Productive writers against the real app and database, one family each: project creates,
updates, archive/restore, copies, workflow changes, and companies, workflows and statuses. Productive
writes carry no version: writers of one project take turns, and no acknowledged write is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from planyard.models import ChangeEntry
from tests.dialects.productive.conftest import BASE, related

pytestmark = pytest.mark.real_db
WRITERS = 6


def _parallel(app, calls):
    def run(call):
        with TestClient(app, raise_server_exceptions=False) as own:
            return call(own)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_parallel_creates_each_make_a_project(app, client, productive, team):
    headers = productive.headers(team.owner)
    workflow = productive.workflow

    def create(n):
        body = {"data": {"type": "projects", "attributes": {"name": f"P{n}"},
                         "relationships": {"workflow": related("workflows", workflow)}}}  # fmt: skip
        return lambda c: c.post(f"{BASE}/projects", json=body, headers=headers)

    answers = _parallel(app, [create(n) for n in range(WRITERS)])
    assert [r.status_code for r in answers] == [201] * WRITERS
    ids = {r.json()["data"]["id"] for r in answers}
    listed = client.get(f"{BASE}/projects", params={"page[size]": 200}, headers=headers).json()["data"]
    assert len(ids) == WRITERS and ids <= {p["id"] for p in listed}


def test_parallel_updates_are_all_kept_in_the_history(app, client, world, productive, team):
    headers = productive.headers(team.owner)
    url = f"{BASE}/projects/{team.project.id}"

    def rename(n):
        body = {"data": {"type": "projects", "attributes": {"name": f"Name {n}"}}}
        return lambda c: c.patch(url, json=body, headers=headers)

    answers = _parallel(app, [rename(n) for n in range(WRITERS)])
    assert [r.status_code for r in answers] == [200] * WRITERS
    final = client.get(url, headers=headers).json()["data"]["attributes"]["name"]
    assert final in {f"Name {n}" for n in range(WRITERS)}
    uow = world.session()
    entries = uow.session.scalars(select(ChangeEntry.diff).where(ChangeEntry.target_type == "project",
                                                                 ChangeEntry.target_id == team.project.id,
                                                                 ChangeEntry.action == "change")).all()  # fmt: skip
    uow.close()
    assert sum("name" in diff for diff in entries) == WRITERS  # every acknowledged rename is in the change log


def test_parallel_archive_and_restore_leave_a_consistent_project(app, client, productive, team):
    headers = productive.headers(team.owner)
    base = f"{BASE}/projects/{team.project.id}"
    calls = [(lambda c, a=("archive" if n % 2 else "restore"): c.patch(f"{base}/{a}", headers=headers))
             for n in range(WRITERS)]  # fmt: skip
    assert [r.status_code for r in _parallel(app, calls)] == [200] * WRITERS
    attributes = client.get(base, headers=headers).json()["data"]["attributes"]
    archived = client.get(f"{BASE}/projects", params={"filter[status]": "2"}, headers=headers).json()["data"]
    assert (attributes["archived_at"] is not None) == (str(team.project.id) in [p["id"] for p in archived])


def test_parallel_copies_each_make_a_project(app, productive, team):
    headers = productive.headers(team.owner)

    def copy(n):
        body = {
            "data": {
                "type": "projects",
                "attributes": {
                    "name": f"Copy {n}",
                    "template_id": team.project.id,
                    "project_type_id": 1,
                    "copy_project_members": True,
                },
            }
        }
        return lambda c: c.post(f"{BASE}/projects/copy", json=body, headers=headers)  # fmt: skip

    answers = _parallel(app, [copy(n) for n in range(4)])
    assert [r.status_code for r in answers] == [201] * 4
    assert len({r.json()["data"]["id"] for r in answers}) == 4


def test_parallel_workflow_changes_take_turns(app, client, productive, team):
    headers = productive.headers(team.owner)
    url = f"{BASE}/projects/{team.project.id}"
    current = client.get(f"{url}?include=workflow", headers=headers).json()["data"]["relationships"]["workflow"]
    old = client.get(f"{BASE}/workflow_statuses", params={"filter[workflow_id]": current["data"]["id"]},
                     headers=headers).json()["data"]  # fmt: skip
    new = client.get(f"{BASE}/workflow_statuses", params={"filter[workflow_id]": productive.workflow},
                     headers=headers).json()["data"]  # fmt: skip
    body = {"data": {"type": "projects", "attributes": {"map": {s["id"]: new[0]["id"] for s in old}},
                     "relationships": {"workflow": related("workflows", productive.workflow)}}}  # fmt: skip
    answers = _parallel(app, [lambda c: c.patch(f"{url}/change_workflow", json=body, headers=headers)] * 4)
    assert sorted(r.status_code for r in answers) == [200] + [422] * 3  # the first took the map's statuses away
    shown = client.get(f"{url}?include=workflow", headers=headers).json()["data"]["relationships"]["workflow"]
    assert shown == related("workflows", productive.workflow)


def test_parallel_companies_workflows_and_statuses_are_all_made(app, client, productive, team):
    headers = productive.headers(team.owner)

    def company(n):
        body = {"data": {"type": "companies", "attributes": {"name": f"C{n}"}}}
        return lambda c: c.post(f"{BASE}/companies", json=body, headers=headers)

    def status(n):
        body = {"data": {"type": "workflow_statuses", "attributes": {"name": f"S{n}", "category_id": 2},
                         "relationships": {"workflow": related("workflows", productive.workflow)}}}  # fmt: skip
        return lambda c: c.post(f"{BASE}/workflow_statuses", json=body, headers=headers)

    def workflow(n):
        body = {"data": {"type": "workflows", "attributes": {"name": f"W{n}"}}}
        return lambda c: c.post(f"{BASE}/workflows", json=body, headers=headers)

    calls = [make(n) for make in (company, status, workflow) for n in range(3)]
    assert [r.status_code for r in _parallel(app, calls)] == [201] * 9
    statuses = client.get(f"{BASE}/workflow_statuses", params={"filter[workflow_id]": productive.workflow},
                          headers=headers).json()["data"]  # fmt: skip
    positions = [s["attributes"]["position"] for s in statuses]
    assert len(statuses) == 6 and len(set(positions)) == 6
