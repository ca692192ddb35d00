"""Factories for test data: users, projects, members and items, written through the core in their own
unit of work, as a request would write them; `Team`, the people and project most tests start from."""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Any

from sqlalchemy import select

from planyard.core import notify_policies
from planyard.core.auth import issue_tokens
from planyard.core.context import Context
from planyard.core.projects import service as projects
from planyard.core.projects.templates import ensure_default_templates
from planyard.core.users import create_user
from planyard.core.work_items import service as items
from planyard.core.work_items.kinds import KINDS, ItemProfile
from planyard.kit.uow import UnitOfWork, run_in_unit_of_work
from planyard.models import Membership, Project, Role, User, WorkItem

PASSWORD = "secret-pass-1"
_seq = itertools.count(1)


class World:
    """The app's data as tests build it; each factory call is one committed unit of work."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.env = app.state.env
        self.factory = app.state.session_factory
        self.run(lambda ctx: ensure_default_templates(ctx.session))

    def run(self, work: Any, actor: User | None = None) -> Any:
        return run_in_unit_of_work(self.factory, lambda uow: work(Context(uow=uow, env=self.env, actor=actor)))

    def session(self) -> UnitOfWork:
        return UnitOfWork(self.factory())

    def user(self, username: str | None = None, *, superuser: bool = False, password: str = PASSWORD) -> User:
        name = username or f"user{next(_seq)}"
        return self.run(
            lambda ctx: create_user(
                ctx.session,
                username=name,
                email=f"{name}@example.com",
                password=password,
                full_name=name.title(),
                is_superuser=superuser,
            )
        )

    def project(self, owner: User, *, private: bool = False, name: str | None = None, **fields: Any) -> Project:
        values = {
            "name": name or f"Project {next(_seq)}",
            "description": "A test project",
            "is_private": private,
        }
        return self.run(lambda ctx: projects.create_project(ctx, values | fields), actor=owner)

    def member(self, project: Project, user: User, *, role_slug: str = "back", admin: bool = False) -> None:
        def work(ctx: Context) -> None:
            role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == role_slug))
            ctx.session.add(
                Membership(project_id=project.id, user_id=user.id, role_id=role.id, email=user.email, is_admin=admin)
            )
            notify_policies.give_member_policy(ctx, project.id, user.id)  # as core.memberships does

        self.run(work)

    def item(
        self, actor: User, kind: ItemProfile | str, project: Project, *, subject: str = "Item", **fields: Any
    ) -> WorkItem:
        """A story, task, issue or epic made by `actor`; `fields` are the item's columns, and
        `role_points`, `watchers`, `assignees` what `ItemChanges` carries besides them."""
        kind = KINDS[kind] if isinstance(kind, str) else kind
        extra = {key: fields.pop(key) for key in ("role_points", "watchers", "assignees") if key in fields}
        changes = items.ItemChanges({"subject": subject} | fields, **extra)
        return self.run(lambda ctx: items.create_item(ctx, kind, project.id, changes), actor=actor)

    def token(self, user: User) -> str:
        return issue_tokens(self.env.settings, user).access

    def auth(self, user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}


class Team:
    """A private project ("Closed") with its owner, a plain member and an outsider (users named so);
    unpacks as (world, project, owner, member, outsider). The other parts some tests need are made on
    first use: `admin` (a project admin with the design role), `other` (a second plain member),
    `members(...)` (plain members by name) and `public` (a public project "Open" with the same owner,
    admin and member)."""

    def __init__(self, world: World, *, name: str = "Closed") -> None:
        self.world = world
        self.owner, self.member, self.outsider = (world.user(name) for name in ("owner", "member", "outsider"))
        self.project = world.project(self.owner, private=True, name=name)
        world.member(self.project, self.member)

    def __iter__(self) -> Any:
        return iter((self.world, self.project, self.owner, self.member, self.outsider))

    @cached_property
    def admin(self) -> User:
        admin = self.world.user("admin")
        self.world.member(self.project, admin, role_slug="design", admin=True)
        return admin

    @cached_property
    def other(self) -> User:
        other = self.world.user("other")
        self.world.member(self.project, other)
        return other

    def members(self, *names: str) -> list[User]:
        users = [self.world.user(name) for name in names]
        for user in users:
            self.world.member(self.project, user)
        return users

    @cached_property
    def public(self) -> Project:
        public = self.world.project(self.owner, private=False, name="Open")
        self.world.member(public, self.admin, role_slug="design", admin=True)
        self.world.member(public, self.member)
        return public

    @property
    def projects(self) -> dict[str, Project]:
        return {"public": self.public, "private": self.project}

    @property
    def people(self) -> dict[str, User]:
        return {"owner": self.owner, "admin": self.admin, "member": self.member, "outsider": self.outsider}
