"""Parallel HacknPlan writers, each on its own connection through the real app: per write family, every
acknowledged write is kept, and a state change made twice at once succeeds once (the rest 409)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.dialects.hacknplan.conftest import API

pytestmark = pytest.mark.real_db
WRITERS = 6


def parallel(app: Any, calls: list[Callable[[TestClient], Any]]) -> list[Any]:
    def run(call: Callable[[TestClient], Any]) -> Any:
        with TestClient(app, raise_server_exceptions=False) as own:
            return call(own)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_parallel_project_patches_of_different_fields_all_stay(app, team, hnp_auth):
    world, project, owner, member, outsider = team
    headers, url = hnp_auth(owner), f"{API}/projects/{project.id}"
    bodies = [{"generalInfo": "GDD"}, {"hoursPerDay": 5}, {"description": "D"}, {"costMetric": "Points"},
              {"moduleConfig": {"calendar": False}}, {"name": "Renamed"}]  # fmt: skip
    codes = parallel(app, [lambda c, b=b: c.patch(url, json=b, headers=headers).status_code for b in bodies])
    assert codes == [200] * len(bodies)
    with TestClient(app) as c:
        body = c.get(url, headers=headers).json()
    assert (body["generalInfo"], body["hoursPerDay"], body["description"], body["costMetric"], body["name"]) == (
        "GDD", 5, "D", "Points", "Renamed")  # fmt: skip
    assert body["moduleConfig"]["calendar"] is False


def test_parallel_closures_succeed_once(app, team, hnp_auth):
    world, project, owner, member, outsider = team
    headers = hnp_auth(owner)
    with TestClient(app) as c:
        board = c.post(f"{API}/projects/{project.id}/boards", json={"name": "B"}, headers=headers).json()
        milestone = c.post(f"{API}/projects/{project.id}/milestones", json={"name": "M"}, headers=headers).json()
    for url in (f"{API}/projects/{project.id}/boards/{board['boardId']}/closure",
                f"{API}/projects/{project.id}/milestones/{milestone['milestoneId']}/closure",
                f"{API}/projects/{project.id}/closure"):  # fmt: skip
        codes = parallel(app, [lambda c, u=url: c.post(u, json={}, headers=headers).status_code] * WRITERS)
        assert sorted(codes) == [200] + [409] * (WRITERS - 1), url


def test_parallel_creations_are_all_kept(app, team, hnp_auth):
    world, project, owner, member, outsider = team
    headers, base = hnp_auth(owner), f"{API}/projects/{project.id}"
    families = {
        "stages": lambda n: {"name": f"Stage {n}"},
        "categories": lambda n: {"name": f"Category {n}"},
        "importancelevels": lambda n: {"name": f"Level {n}"},
        "tags": lambda n: {"name": f"tag {n}"},
        "roles": lambda n: {"name": f"Role {n}"},
        "boards": lambda n: {"name": f"Board {n}"},
        "milestones": lambda n: {"name": f"Milestone {n}"},
        "designelementtypes": lambda n: {"name": f"Type {n}"},
    }
    for path, body in families.items():
        answers = parallel(app, [lambda c, n=n, p=path, b=body: c.post(f"{base}/{p}", json=b(n), headers=headers)
                                 for n in range(WRITERS)])  # fmt: skip
        assert {a.status_code for a in answers} <= {200, 201}, path
        with TestClient(app) as c:
            names = {row["name"] for row in c.get(f"{base}/{path}", headers=headers).json()}
        assert {body(n)["name"] for n in range(WRITERS)} <= names, path


def test_parallel_design_children_and_comments_are_all_kept(app, team, hnp_auth):
    world, project, owner, member, outsider = team
    headers, url = hnp_auth(member), f"{API}/projects/{project.id}/designelements"
    with TestClient(app) as c:
        kind = c.post(f"{API}/projects/{project.id}/designelementtypes", json={"name": "T"},
                      headers=hnp_auth(owner)).json()["designElementTypeId"]  # fmt: skip
        parent = c.post(url, json={"designElementTypeId": kind, "name": "P"}, headers=headers).json()["designElementId"]
    children = parallel(app, [lambda c, n=n: c.post(url, json={"designElementTypeId": kind, "name": f"C{n}",
                                                                "parentId": parent}, headers=headers).status_code
                              for n in range(WRITERS)])  # fmt: skip
    comments = parallel(app, [lambda c, n=n: c.post(f"{url}/{parent}/comments", json=f"c{n}",
                                                    headers=headers).status_code for n in range(WRITERS)])  # fmt: skip
    assert children == comments == [200] * WRITERS
    with TestClient(app) as c:
        tree = c.get(f"{url}/{parent}?includeChildren=true", headers=headers).json()
        listed = c.get(f"{url}/{parent}/comments?limit=100", headers=headers).json()
    assert sorted(child["index"] for child in tree["children"]) == list(range(1, WRITERS + 1))
    assert listed["totalCount"] == WRITERS


def test_parallel_adds_of_one_user_make_one_member(app, team, hnp_auth):
    world, project, owner, member, outsider = team
    headers, url = hnp_auth(owner), f"{API}/projects/{project.id}/users"
    codes = parallel(app, [lambda c: c.post(url, json={"userId": outsider.id}, headers=headers).status_code] * WRITERS)
    assert sorted(codes) == [201] + [409] * (WRITERS - 1)
