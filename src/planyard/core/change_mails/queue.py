"""Who is owed mail for a change to a work item, decided in the writer's transaction (`history.record`)
by taiga-back's rules and kept as `pending_change_mails` rows for the sender (sender.py):
- users whose policy in the project is "all" (notify level 2) hear of every change;
- users whose policy is "involved" (1; a user without a policy counts as involved) hear of the items
  they are involved in: its watchers, its owner, its assignees, and an assignee the change removes;
- level "none" (3) hears nothing; the author of the change never hears of it; nor do inactive users,
  nor users who may not see the project (a private project's non-members).
Creations, deletions, and changes the item's history lists (not those that only reorder or change
watchers) count; a comment always does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CompoundSelect, Select, and_, func, literal, select, union_all
from sqlalchemy.orm import aliased

from planyard.core import item_history, notify_policies
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS
from planyard.models import ChangeEntry, Membership, PendingChangeMail, Project, User, Watch, WorkItem, WorkItemAssignee

ACTIONS = frozenset({"create", "change", "delete"})


def queue_for(ctx: Context, entry: ChangeEntry, comment: str) -> None:
    """Called by `history.record` for every write; most entries owe no mail and cost no query."""
    if not _mailable(entry, comment) or ctx.actor_id is None or entry.project_id is None:
        return
    item = ctx.session.get(WorkItem, entry.target_id)  # in the session already: the writer just wrote it
    project = ctx.session.get(Project, entry.project_id)
    if item is None or project is None:
        return
    recipients = ctx.session.scalars(_recipients(ctx.actor_id, project, item, entry.diff or {})).all()
    ctx.session.add_all(
        PendingChangeMail(change=entry, recipient_id=user_id, author_id=ctx.actor_id, project_id=project.id,
                          target_type=entry.target_type, target_id=item.id, action=entry.action,
                          created_at=entry.created_at)
        for user_id in sorted(set(recipients))
    )  # fmt: skip


def _mailable(entry: ChangeEntry, comment: str) -> bool:
    if entry.target_type not in KINDS or entry.action not in ACTIONS:
        return False
    if entry.action != "change" or comment:
        return True
    return bool(entry.diff) and item_history.is_listed(entry.target_type, entry.action, entry.diff, comment)


def _recipients(author_id: int, project: Project, item: WorkItem, diff: dict[str, Any]) -> Select[Any]:
    """Those at level all, and those involved in the item (whose level is not none)."""
    policy = aliased(Watch)
    hear_all = select(Watch.user_id).where(Watch.target_type == notify_policies.TARGET,
                                           Watch.target_id == project.id,
                                           Watch.notify_level == notify_policies.ALL)  # fmt: skip
    watchers = select(Watch.user_id).where(Watch.target_type == item.kind, Watch.target_id == item.id)
    assignees = select(WorkItemAssignee.user_id).where(WorkItemAssignee.work_item_id == item.id)
    involved = {item.owner_id, item.assigned_to_id, *_assignees_in(diff)} - {None}
    candidates: CompoundSelect = union_all(
        hear_all, watchers, assignees, *(select(literal(user_id)) for user_id in involved)
    )
    stmt = (
        select(User.id)
        .outerjoin(policy, and_(policy.target_type == notify_policies.TARGET, policy.target_id == project.id,
                                policy.user_id == User.id))
        .where(User.id.in_(candidates), User.is_active.is_(True), User.id != author_id,
               func.coalesce(policy.notify_level, notify_policies.INVOLVED) != notify_policies.NONE)
    )  # fmt: skip
    if project.is_private:
        members = select(Membership.user_id).where(Membership.project_id == project.id)
        stmt = stmt.where(User.id.in_(members))
    return stmt


def _assignees_in(diff: dict[str, Any]) -> set[int]:
    """Everyone the diff assigns or unassigns (the unassigned hear of it too, as in Taiga)."""
    found: set[int] = set()
    for name in ("assigned_to_id", "assigned_users"):
        pair = diff.get(name)
        if isinstance(pair, list):
            for side in pair:
                found.update(v for v in (side if isinstance(side, list) else [side]) if isinstance(v, int))
    return found
