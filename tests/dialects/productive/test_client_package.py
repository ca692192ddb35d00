"""The `productive-client-api` package (PyPI, a dev dependency) against a real Planyard server: the
projects calls it makes (`get_projects` following `links.next` page by page, `get_project`, `include`,
`get_people`) work with Planyard's JSON:API documents and its relationship linking."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from planyard.core.auth import create_api_token

client_api = pytest.importorskip("productive_client_api")
pytestmark = pytest.mark.real_db
PROJECTS = 33  # more than a page of 30: the client follows `links.next`


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    served = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not served.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/productive/api/v2/"
    served.should_exit = True
    thread.join(timeout=10)


def test_the_client_lists_gets_and_includes_projects(server, world, team):
    for n in range(PROJECTS - 1):
        world.project(team.owner, name=f"P{n:02}")
    token = world.run(lambda ctx: create_api_token(ctx.session, team.owner, "client"))
    api = client_api.ProductiveClientAPI(token, team.project.workspace_id)
    api.BASE_URL = server
    projects = api.get_projects().execute()
    assert len(projects) == PROJECTS and len({p["id"] for p in projects}) == PROJECTS
    assert {p["type"] for p in projects} == {"projects"}
    one = api.get_project(team.project.id).include("organization,workflow").execute()
    assert [p["id"] for p in one] == [str(team.project.id)]
    organization = one[0]["relationships"]["organization"]  # linked to the included resource by the client
    assert organization["type"] == "organizations" and organization["attributes"]["name"]
    assert one[0]["relationships"]["workflow"]["type"] == "workflows"
    filtered = api.get_projects({"filter[query]": "P0"}).execute()
    assert sorted(p["attributes"]["name"] for p in filtered) == [f"P0{n}" for n in range(10)]
    people = api.get_people().execute()
    assert str(team.owner.id) in {p["id"] for p in people}


def test_the_clients_errors_carry_planyards_json_api_error(server, world, team):
    api = client_api.ProductiveClientAPI("pyt_wrong", team.project.workspace_id)
    api.BASE_URL = server
    with pytest.raises(Exception, match="401"):
        api.get_projects().execute()
