"""Change mail as Taiga sends it (docs/taiga-behaviour.md#change-mail): changes to an item are mailed
to the users their project policy lets hear of them (all: every change; involved: the items they
watch, own or are assigned; none: nothing), never to the author, inactive users or those who cannot see
the project; a user's changes to one item go out as one mail once the item has been quiet for the
interval. Members get their policy when they join; listing the policies writes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select, update

from planyard.core import memberships, notify_policies
from planyard.core.change_mails.sender import ChangeMailSender
from planyard.kit.mail import read_mail_log
from planyard.models import ChangeEntry, PendingChangeMail, Project, Role, User, Watch
from tests.factories import World
from tests.served import PLANYARD, free_port

STORIES = "/api/v1/userstories"


def _join(world: World, project: Project, user: User, level: int | None = None) -> None:
    """A member added as the API adds one (core.memberships), at `level` when given."""

    def work(ctx: Any) -> None:
        role = ctx.session.scalar(select(Role).where(Role.project_id == project.id).order_by(Role.order).limit(1))
        memberships.add(ctx, ctx.session.get(Project, project.id), role, ctx.session.get(User, user.id))
        if level is not None:
            notify_policies.set_level(ctx, project.id, user.id, level)

    world.run(work, actor=world.run(lambda ctx: ctx.session.get(User, project.owner_id)))


def _change_mails(app: Any) -> list[dict[str, str]]:
    return [m for m in read_mail_log(app.state.env.settings.mail_log) if m["subject"].startswith("[")]


def _send(app: Any) -> int:
    return ChangeMailSender(app.state.session_factory, app.state.env).run_until_idle()


def _edit(client: TestClient, world: World, user: User, story_id: int, **fields: Any) -> None:
    version = client.get(f"{STORIES}/{story_id}", headers=world.auth(user)).json()["version"]
    res = client.patch(f"{STORIES}/{story_id}", json={"version": version, **fields}, headers=world.auth(user))
    assert res.status_code == 200, res.text


@pytest.fixture
def quick(app_with: Any) -> Any:
    return app_with(change_mail_interval_seconds=0)


def test_each_level_hears_what_taiga_tells_it_and_the_author_nothing(quick):
    world = World(quick)
    owner = world.user("boss")
    names = ("hears_all", "watcher", "assignee", "silent", "bystander", "sleeper", "stranger")
    users = {name: world.user(name) for name in names}
    project = world.project(owner, private=True, name="Mailbox")
    notify_policies_of = {"hears_all": notify_policies.ALL, "silent": notify_policies.NONE,
                          "sleeper": notify_policies.ALL}  # fmt: skip
    for name in ("hears_all", "watcher", "assignee", "silent", "bystander", "sleeper"):
        _join(world, project, users[name], notify_policies_of.get(name))
    world.run(lambda ctx: notify_policies.set_level(ctx, project.id, owner.id, notify_policies.ALL))
    world.run(lambda ctx: notify_policies.set_level(ctx, project.id, users["stranger"].id, notify_policies.ALL))
    world.run(
        lambda ctx: ctx.session.execute(update(User).where(User.id == users["sleeper"].id).values(is_active=False))
    )
    story = world.item(owner, "story", project, subject="Login", assigned_to_id=users["assignee"].id,
                       watchers=[users["watcher"].id, users["silent"].id])  # fmt: skip
    with TestClient(quick) as client:
        _edit(client, world, owner, story.id, subject="Log in", comment="Renamed, as agreed")
    assert _send(quick) == 2 * 3  # two batches (the creation, the change) for each of three users
    mails = _change_mails(quick)
    expected = {f"{name}@example.com" for name in ("hears_all", "watcher", "assignee")}
    created = [m for m in mails if m["subject"] == f'[Mailbox] Created the user story #{story.ref} "Log in"']
    updated = [m for m in mails if m["subject"] == f'[Mailbox] Updated the user story #{story.ref} "Log in"']
    assert sorted(m["to"] for m in created) == sorted(expected) and len(mails) == 6
    assert sorted(m["to"] for m in updated) == sorted(expected)
    body = next(m["body"] for m in updated if m["to"] == "watcher@example.com")
    assert body.startswith("Hello Watcher, Boss has updated a user story in Mailbox:")
    assert "- subject: Login → Log in" in body and "Comment:\n  Renamed, as agreed" in body
    assert world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(PendingChangeMail))) == 0
    assert _send(quick) == 0  # each batch once


def test_a_users_changes_to_an_item_make_one_mail_once_it_is_quiet(app_with):
    app = app_with(change_mail_interval_seconds=60)
    world = World(app)
    owner, watcher, other = world.user("lead"), world.user("eyes"), world.user("helper")
    project = world.project(owner, name="Quiet")
    _join(world, project, watcher)
    _join(world, project, other)
    story = world.item(owner, "story", project, subject="Draft", watchers=[watcher.id])
    with TestClient(app) as client:
        _edit(client, world, owner, story.id, subject="Draft 2")
        _edit(client, world, owner, story.id, description="More words", comment="Second pass")
        _edit(client, world, other, story.id, comment="Looks fine")
        assert _send(app) == 0  # the item is not quiet yet
        world.run(_two_minutes_pass)
        assert _send(app) == 4  # the watcher: creation, lead's two changes, helper's; lead: helper's change
    mails = _change_mails(app)
    updated = f'[Quiet] Updated the user story #{story.ref} "Draft 2"'
    assert sorted((m["to"], m["subject"]) for m in mails) == sorted([
        ("eyes@example.com", f'[Quiet] Created the user story #{story.ref} "Draft 2"'),
        ("eyes@example.com", updated), ("eyes@example.com", updated), ("lead@example.com", updated)])  # fmt: skip
    [by_lead] = [m["body"] for m in mails if m["to"] == "eyes@example.com" and "Lead has updated" in m["body"]]
    assert "- subject: Draft → Draft 2" in by_lead and "Comment:\n  Second pass" in by_lead
    assert "- description: (empty) → More words" in by_lead and "Looks fine" not in by_lead
    [to_lead] = [m["body"] for m in mails if m["to"] == "lead@example.com"]  # the item's owner is involved
    assert to_lead.startswith("Hello Lead, Helper has updated") and "Comment:\n  Looks fine" in to_lead


def _two_minutes_pass(ctx: Any) -> None:
    for row in ctx.session.scalars(select(PendingChangeMail)):
        row.created_at -= timedelta(minutes=2)


def test_a_removed_assignee_hears_of_it_and_quiet_changes_make_no_mail(quick):
    world = World(quick)
    owner, first = world.user("chief"), world.user("first")
    project = world.project(owner, name="Hand over")
    _join(world, project, first)
    story = world.item(owner, "story", project, subject="Move", assigned_to_id=first.id)
    world.run(lambda ctx: ctx.session.execute(delete(PendingChangeMail)))  # the creation's mail: not this test's
    with TestClient(quick) as client:
        _edit(client, world, owner, story.id, assigned_to=None)
        res = client.post(f"{STORIES}/bulk_update_backlog_order", headers=world.auth(owner),
                          json={"project_id": project.id, "bulk_userstories": [story.id]})  # fmt: skip
        assert res.status_code == 200, res.text  # a reorder is quiet: no mail for it
    assert _send(quick) == 1
    [mail] = _change_mails(quick)
    assert mail["to"] == "first@example.com" and "- assigned_to: First → (empty)" in mail["body"]


def _pending(world: World) -> int:
    return world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(PendingChangeMail)))


def test_a_deleted_item_is_named_by_its_last_ref_and_subject(quick):
    world = World(quick)
    owner, eyes = world.user("maker"), world.user("viewer")
    project = world.project(owner, name="Gone")
    _join(world, project, eyes)
    story = world.item(owner, "story", project, subject="Old", watchers=[eyes.id])
    with TestClient(quick) as client:
        _edit(client, world, owner, story.id, subject="Doomed")
        assert client.delete(f"{STORIES}/{story.id}", headers=world.auth(owner)).status_code == 204
    assert _send(quick) == 3
    assert sorted(m["subject"] for m in _change_mails(quick)) == [
        f'[Gone] {verb} the user story #{story.ref} "Doomed"' for verb in ("Created", "Deleted", "Updated")
    ]  # fmt: skip


def test_deleting_a_project_drops_its_pending_mail(quick):
    world = World(quick)
    owner, eyes = world.user("founder"), world.user("follower")
    project = world.project(owner, name="Short lived")
    _join(world, project, eyes)
    world.item(owner, "story", project, subject="S", watchers=[eyes.id])
    assert _pending(world) == 1
    with TestClient(quick) as client:
        assert client.delete(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).status_code == 204
    assert _pending(world) == 0 and _send(quick) == 0


def test_a_new_member_gets_an_involved_policy_and_listing_policies_writes_nothing(client, team):
    world, project, owner, member, outsider = team
    res = client.post(
        "/api/v1/memberships",
        headers=world.auth(owner),
        json={"project": project.id, "role": _role(world, project), "username": outsider.username},
    )
    assert res.status_code == 201, res.text
    listed = client.get("/api/v1/notify-policies", headers=world.auth(outsider)).json()
    assert [(p["project"], p["notify_level"]) for p in listed] == [(project.id, notify_policies.INVOLVED)]
    view = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(outsider)).json()
    assert (view["is_watcher"], view["notify_level"]) == (True, notify_policies.INVOLVED)

    def counts(ctx: Any) -> tuple[int, int]:
        return (ctx.session.scalar(select(func.count()).select_from(Watch)),
                ctx.session.scalar(select(func.count()).select_from(ChangeEntry)))  # fmt: skip

    # a member without a policy (as before members got one with their membership): listing makes none
    world.run(lambda ctx: ctx.session.execute(delete(Watch).where(Watch.user_id == member.id)))
    before = world.run(counts)
    assert client.get("/api/v1/notify-policies", headers=world.auth(member)).json() == []
    assert world.run(counts) == before


def _role(world: World, project: Project) -> int:
    return world.run(lambda ctx: ctx.session.scalar(
        select(Role.id).where(Role.project_id == project.id).order_by(Role.order).limit(1)))  # fmt: skip


@pytest.mark.real_db
def test_parallel_senders_send_each_mail_once(app_with):
    app = app_with(change_mail_interval_seconds=0, change_mail_poll_seconds=0.02)
    world = World(app)
    owner = world.user("author")
    watchers = [world.user(f"reader{n}") for n in range(6)]
    project = world.project(owner, name="Crowd")
    for user in watchers:
        _join(world, project, user)
    stories = [world.item(owner, "story", project, subject=f"S{n}", watchers=[u.id for u in watchers])
               for n in range(8)]  # fmt: skip
    senders = [ChangeMailSender(app.state.session_factory, app.state.env) for _ in range(2)]
    for sender in senders:
        sender.start(2)
    try:
        deadline = time.monotonic() + 60
        while world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(PendingChangeMail))):
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.05)
    finally:
        for sender in senders:
            sender.stop()
    sent = [(m["to"], m["subject"]) for m in _change_mails(app)]
    assert len(sent) == len(set(sent)) == len(stories) * len(watchers)


@pytest.mark.real_db
def test_worker_processes_and_serve_send_each_mail_once(app_with, settings, tmp_path):
    world = World(app_with(change_mail_interval_seconds=0))
    owner, reader = world.user("writer"), world.user("reader")
    project = world.project(owner, name="Processes")
    _join(world, project, reader)
    for n in range(10):
        world.item(owner, "story", project, subject=f"P{n}", watchers=[reader.id])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANYARD_")} | {
        "PLANYARD_DATA_DIR": str(tmp_path), "PLANYARD_DATABASE_URL": settings.resolved_database_url,
        "PLANYARD_SECRET_KEY": settings.signing_key, "PLANYARD_CHANGE_MAIL_INTERVAL_SECONDS": "0",
        "PLANYARD_CHANGE_MAIL_POLL_SECONDS": "0.05",
    }  # fmt: skip
    workers = [subprocess.Popen([PLANYARD, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(2)]  # fmt: skip
    server = subprocess.Popen([PLANYARD, "serve", "--port", str(free_port())], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while _pending(world):
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.1)
    finally:
        for process in (*workers, server):
            process.send_signal(signal.SIGTERM)
        for process in (*workers, server):
            process.wait(30)
    sent = [(m["to"], m["subject"]) for m in read_mail_log(tmp_path / "mail.log") if m["subject"].startswith("[")]
    assert sorted(sent) == sorted(
        ("reader@example.com", f'[Processes] Created the user story #{n + 1} "P{n}"') for n in range(10)
    )
