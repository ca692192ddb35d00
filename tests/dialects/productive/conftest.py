"""Productive requests: a personal token in `X-Auth-Token`, the workspace in `X-Organization-Id`."""

from __future__ import annotations

from typing import Any

import pytest

from planyard.core.auth import create_api_token
from planyard.core.workspaces import default_workflow

BASE = "/productive/api/v2"
JSON_API = "application/vnd.api+json"


class Productive:
    """Headers of a user's Productive requests in an organization (the workspace of the team's project)."""

    def __init__(self, world: Any, organization: int) -> None:
        self.world = world
        self.organization = organization

    @property
    def workflow(self) -> int:
        """The organization's default workflow (every organization has one)."""
        found = self.world.run(lambda ctx: default_workflow(ctx.session, self.organization))
        return int(found.id)

    def bearer(self, user: Any) -> dict[str, str]:
        """The same user's header for the Kaiten API (a personal token works in every scheme)."""
        token = self.world.run(lambda ctx: create_api_token(ctx.session, user, "kaiten"))
        return {"Authorization": f"Bearer {token}"}

    def headers(self, user: Any, organization: int | None = None) -> dict[str, str]:
        token = self.world.run(lambda ctx: create_api_token(ctx.session, user, "productive"))
        return {
            "X-Auth-Token": token,
            "X-Organization-Id": str(organization or self.organization),
            "Content-Type": JSON_API,
        }


@pytest.fixture
def productive(team: Any) -> Productive:
    return Productive(team.world, team.project.workspace_id)


def project_body(workflow: int | None = None, **attributes: Any) -> dict[str, Any]:
    """A create body; the seed's create names a workflow (without one it is a 422)."""
    data: dict[str, Any] = {"type": "projects", "attributes": attributes}
    if workflow is not None:
        data["relationships"] = {"workflow": {"data": {"type": "workflows", "id": str(workflow)}}}
    return {"data": data}


def related(kind: str, row_id: Any) -> dict[str, Any]:
    return {"data": {"type": kind, "id": str(row_id)}}


def errors_of(response: Any, status: int = 422) -> list[tuple[str, str]]:
    """(pointer, detail) of each error of a JSON:API error document with that status."""
    assert response.status_code == status, response.text
    return [(e["source"]["pointer"], e["detail"]) for e in response.json()["errors"]]
