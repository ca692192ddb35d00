"""Bootstrap data: the default templates on every start, a demo account and project on the first,
and a realistic demo dataset on request (`planyard seed`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.projects import service as projects
from planyard.core.projects.templates import ensure_default_templates
from planyard.core.users import create_user
from planyard.models import Membership, Role, User

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    created: bool


def bootstrap(ctx: Context) -> DemoAccount:
    ensure_default_templates(ctx.session)
    if ctx.session.scalar(select(User.id).limit(1)) is not None:
        return DemoAccount(DEMO_USERNAME, DEMO_PASSWORD, created=False)
    user = create_user(
        ctx.session,
        username=DEMO_USERNAME,
        email="demo@planyard.local",
        password=DEMO_PASSWORD,
        full_name="Demo User",
        is_superuser=True,
    )
    ctx.actor = user
    projects.create_project(
        ctx, {"name": "Demo project", "description": "A project to try Planyard with.", "is_private": False}
    )
    return DemoAccount(DEMO_USERNAME, DEMO_PASSWORD, created=True)


def seed(ctx: Context, users: int = 8, projects_count: int = 5) -> list[int]:
    """A realistic demo dataset: a team of users and several projects with members in varied roles."""
    ensure_default_templates(ctx.session)
    team = []
    for i in range(1, users + 1):
        name = f"member{i}"
        user = ctx.session.scalar(select(User).where(User.username == name))
        if user is None:
            user = create_user(
                ctx.session,
                username=name,
                email=f"{name}@planyard.local",
                password=DEMO_PASSWORD,
                full_name=f"Team Member {i}",
            )
        team.append(user)
    created = []
    for n in range(projects_count):
        owner = team[n % len(team)]
        ctx.actor = owner
        project = projects.create_project(ctx, {
            "name": f"Sample project {n + 1}", "description": f"Seeded project number {n + 1}.",
            "is_private": n % 2 == 1, "is_kanban_activated": n % 2 == 0,
        })  # fmt: skip
        roles = ctx.session.scalars(select(Role).where(Role.project_id == project.id).order_by(Role.order)).all()
        for j, member in enumerate(u for u in team if u.id != owner.id):
            role = roles[j % len(roles)]
            ctx.session.add(
                Membership(
                    project_id=project.id,
                    user_id=member.id,
                    role_id=role.id,
                    email=member.email,
                    is_admin=j == 0,
                )
            )
        created.append(project.id)
    ctx.session.flush()
    return created
