"""Bootstrap data: the default templates on every start, a demo account and project on the first,
and a realistic demo dataset on request (`planyard seed`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from planyard.core import demo_backlog, notify_policies
from planyard.core.context import Context
from planyard.core.projects import service as projects
from planyard.core.projects.templates import ensure_default_templates
from planyard.core.users import create_user
from planyard.models import Membership, Project, Role, User, WorkItem

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
    _create_demo_user(ctx)
    return DemoAccount(DEMO_USERNAME, DEMO_PASSWORD, created=True)


def _create_demo_user(ctx: Context) -> User:
    """The demo account (a superuser) with its public "Demo project"."""
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
    return user


def seed(ctx: Context, users: int = 8, projects_count: int = 5, progress: Callable[[int], None] | None = None
         ) -> list[int]:  # fmt: skip
    """A realistic demo dataset: a team of users and several projects with members in varied roles, each
    with a backlog (sprints, stories, tasks, issues, an epic, comments); the demo account is a member of
    every project, and its own empty "Demo project" gets a backlog too. `progress` is told of each
    project done (`seed_steps` of them)."""
    ensure_default_templates(ctx.session)
    demo = ctx.session.scalar(select(User).where(User.username == DEMO_USERNAME)) or _create_demo_user(ctx)
    team = [_member(ctx, i) for i in range(1, users + 1)]
    created = []
    for n in range(projects_count):
        owner = team[n % len(team)] if team else demo
        ctx.actor = owner
        project = projects.create_project(ctx, {
            "name": f"Sample project {n + 1}", "description": f"Seeded project number {n + 1}.",
            "is_private": n % 2 == 1, "is_kanban_activated": n % 2 == 0,
        })  # fmt: skip
        roles = ctx.session.scalars(select(Role).where(Role.project_id == project.id).order_by(Role.order)).all()
        others = [u for u in (*team, demo) if u.id != owner.id]
        for j, member in enumerate(others):
            ctx.session.add(Membership(project_id=project.id, user_id=member.id, role_id=roles[j % len(roles)].id,
                                       email=member.email, is_admin=j == 0 or member is demo))  # fmt: skip
            notify_policies.give_member_policy(ctx, project.id, member.id)
        ctx.session.flush()
        demo_backlog.fill(ctx, project, [owner, *others], seed=n)
        created.append(project.id)
        if progress:
            progress(1)
    own = ctx.session.scalar(select(Project).where(Project.owner_id == demo.id, Project.name == "Demo project"))
    if own is not None and ctx.session.scalar(select(WorkItem.id).where(WorkItem.project_id == own.id)) is None:
        demo_backlog.fill(ctx, own, [demo], seed=len(created))
    if progress:
        progress(1)
    return created


def seed_steps(projects_count: int) -> int:
    """How many steps `seed` reports."""
    return projects_count + 1


def _member(ctx: Context, number: int) -> User:
    name = f"member{number}"
    user = ctx.session.scalar(select(User).where(User.username == name))
    if user is None:
        user = create_user(ctx.session, username=name, email=f"{name}@planyard.local", password=DEMO_PASSWORD,
                           full_name=f"Team Member {number}")  # fmt: skip
    return user
