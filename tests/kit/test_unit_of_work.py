"""One transaction per request; side effects only after commit; nothing half-written on error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planyard.core import history
from planyard.kit.errors import Busy, TransactionConflict
from planyard.kit.uow import ATTEMPTS, run_in_unit_of_work
from planyard.models import ChangeEntry, OutboxEvent, User


def test_after_commit_effects_run_only_after_commit(world):
    events: list[str] = []

    def work(uow):
        uow.session.add(User(username="x", email="x@example.com"))
        uow.after_commit(lambda: events.append("sent"))
        assert events == []

    run_in_unit_of_work(world.factory, work)
    assert events == ["sent"]


def test_error_rolls_back_everything_and_drops_effects(world):
    events: list[str] = []

    def work(uow):
        uow.session.add(User(username="y", email="y@example.com"))
        uow.session.flush()
        uow.after_commit(lambda: events.append("sent"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_in_unit_of_work(world.factory, work)
    uow = world.session()
    assert uow.session.scalar(select(func.count()).select_from(User).where(User.username == "y")) == 0
    uow.close()
    assert events == []


def test_change_log_writes_history_and_outbox_together(world):
    user = world.user()
    world.run(lambda ctx: history.record(ctx, target_type="project", target_id=7, project_id=7, action="change",
                                         diff={"name": ["a", "b"]}, version=2), actor=user)  # fmt: skip
    uow = world.session()
    entry = uow.session.scalar(select(ChangeEntry).where(ChangeEntry.target_id == 7))
    outbox = uow.session.scalar(select(OutboxEvent).where(OutboxEvent.change_id == entry.id))
    assert entry.user_id == user.id and entry.diff == {"name": ["a", "b"]} and entry.version == 2
    assert outbox.topic == "project.change" and outbox.delivered_at is None
    uow.close()


def test_quiet_changes_write_one_entry_and_one_outbox_row_each(world):
    user = world.user()
    changes = [(t, {"backlog_order": [t, t + 100]}, None) for t in (901, 902, 903)]
    world.run(lambda ctx: history.record_quiet_changes(ctx, "story", 9, changes), actor=user)
    uow = world.session()
    rows = uow.session.execute(
        select(ChangeEntry.target_id, ChangeEntry.diff, ChangeEntry.user_id, OutboxEvent.topic)
        .join(OutboxEvent, OutboxEvent.change_id == ChangeEntry.id)
        .where(ChangeEntry.project_id == 9).order_by(ChangeEntry.target_id)).all()  # fmt: skip
    uow.close()
    assert rows == [(t, {"backlog_order": [t, t + 100]}, user.id, "story.change") for t in (901, 902, 903)]
    with pytest.raises(ValueError):  # an assignment notifies: it must go through history.record
        world.run(lambda ctx: history.record_quiet_changes(ctx, "story", 9, [(901, {"assigned_to_id": [None, 1]}, 2)]))


def test_a_failed_write_leaves_no_change_log(client, world):
    owner = world.user()
    project = world.project(owner)
    uow = world.session()
    before = uow.session.scalar(select(func.count()).select_from(ChangeEntry))
    uow.close()
    r = client.patch(f"/api/v1/projects/{project.id}", json={"name": "n", "default_priority": 123456},
                     headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 400
    uow = world.session()
    assert uow.session.scalar(select(func.count()).select_from(ChangeEntry)) == before
    uow.close()


def test_rollback_undoes_outside_work_and_commit_forgets_it(world):
    undone: list[str] = []

    def failing(uow):
        uow.on_rollback(lambda: undone.append("file removed"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_in_unit_of_work(world.factory, failing)
    assert undone == ["file removed"]
    run_in_unit_of_work(world.factory, lambda uow: uow.on_rollback(lambda: undone.append("never")))
    assert undone == ["file removed"]


def test_a_failing_effect_does_not_undo_the_commit_or_skip_the_others(world):
    events: list[str] = []

    def boom() -> None:
        raise OSError("smtp down")

    def work(uow):
        uow.session.add(User(username="z", email="z@example.com"))
        uow.after_commit(boom)
        uow.after_commit(lambda: events.append("second"))

    run_in_unit_of_work(world.factory, work)
    assert events == ["second"]
    uow = world.session()
    assert uow.session.scalar(select(func.count()).select_from(User).where(User.username == "z")) == 1
    uow.close()


def test_a_transaction_the_database_gave_up_runs_again(world):
    attempts: list[int] = []

    def work(uow):
        attempts.append(1)
        uow.session.add(User(username=f"retry{len(attempts)}", email=f"r{len(attempts)}@example.com"))
        uow.session.flush()
        if len(attempts) < 3:
            raise TransactionConflict()
        return len(attempts)

    assert run_in_unit_of_work(world.factory, work) == 3
    uow = world.session()
    names = uow.session.scalars(select(User.username).where(User.username.like("retry%"))).all()
    uow.close()
    assert names == ["retry3"]  # the abandoned attempts left nothing behind


def test_retries_are_bounded_then_busy(world):
    attempts: list[int] = []

    def work(_uow):
        attempts.append(1)
        raise TransactionConflict()

    with pytest.raises(Busy):
        run_in_unit_of_work(world.factory, work)
    assert len(attempts) == ATTEMPTS
