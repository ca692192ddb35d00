"""A project to plan in, for the work-item tests: the `team` project with its stages (the story
statuses), importance levels (priorities), categories (item types), two boards (sprints) and an API key
per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from planyard.core import sprints
from planyard.core.work_items.project_items import status_bridge
from planyard.models import ItemOption, ItemType, Project, User
from tests.dialects.hacknplan.conftest import API
from tests.factories import Team, World


@dataclass
class Plan:
    world: World
    project: Project
    owner: User
    member: User
    outsider: User
    keys: dict[str, dict[str, str]]
    stages: list[int]  # in board order: the first is `todo`, the last `done`
    levels: list[int]
    categories: dict[str, int]  # name -> id
    boards: list[int]

    @property
    def url(self) -> str:
        return f"{API}/projects/{self.project.id}/workitems"

    def new(self, client: Any, who: str = "owner", **body: Any) -> dict[str, Any]:
        response = client.post(self.url, json={"title": "Item"} | body, headers=self.keys[who])
        assert response.status_code == 200, response.text
        return response.json()


def make_plan(team: Team, hnp_auth: Any) -> Plan:
    world, project, owner, member, outsider = team
    admin = team.admin

    def read(ctx: Any) -> tuple[list[int], list[int], dict[str, int]]:
        stages = [s.id for s in status_bridge(ctx, project.id).stages]
        options = select(ItemOption.id).where(ItemOption.project_id == project.id, ItemOption.kind == "priority")
        levels = list(ctx.session.scalars(options.order_by(ItemOption.order)))
        types = {t.name: t.id for t in ctx.session.scalars(select(ItemType).where(ItemType.project_id == project.id))}
        return stages, levels, types

    stages, levels, categories = world.run(read)

    def board(name: str) -> int:
        fields = {"name": name, "estimated_start": date(2026, 1, 1), "estimated_finish": date(2026, 1, 14)}
        return world.run(lambda ctx: sprints.create_sprint(ctx, project.id, fields, None), actor=owner).id

    keys = {name: hnp_auth(user) for name, user in
            (("owner", owner), ("member", member), ("outsider", outsider), ("admin", admin))}  # fmt: skip
    return Plan(world, project, owner, member, outsider, keys, stages, levels, categories,
                [board("Sprint 1"), board("Sprint 2")])  # fmt: skip
