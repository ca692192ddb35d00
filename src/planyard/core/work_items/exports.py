"""CSV feeds of a project's items (Taiga's reports): each kind's feed is addressed by a secret token
the project's admins make or drop; whoever holds the token reads the feed, without logging in. This
module keeps the tokens and loads everything a feed lists, in a few queries whatever its size."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items.epics import EPIC_STORY
from planyard.core.work_items.facts import ItemFacts, load_item_facts
from planyard.core.work_items.kinds import ItemProfile
from planyard.kit.errors import NotFound
from planyard.models import CustomField, CustomFieldValues, Lane, Project, Role, WorkItem, WorkItemLink

TOKENS_KEY = "export_tokens"  # in projects.extra: {kind: token}


def export_token(project: Project, kind: str) -> str | None:
    return ((project.extra or {}).get(TOKENS_KEY) or {}).get(kind)


def renew_token(ctx: Context, project_id: int, kind: ItemProfile) -> str:
    """A new token for the kind's feed (the old one stops working)."""
    token = uuid.uuid4().hex
    _set_token(ctx, project_id, kind, token)
    return token


def drop_token(ctx: Context, project_id: int, kind: ItemProfile) -> None:
    _set_token(ctx, project_id, kind, None)


def _set_token(ctx: Context, project_id: int, kind: ItemProfile, token: str | None) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    tokens = dict((project.extra or {}).get(TOKENS_KEY) or {})
    old = tokens.get(kind.name)
    if token is None:
        tokens.pop(kind.name, None)
    else:
        tokens[kind.name] = token
    project.extra = {**(project.extra or {}), TOKENS_KEY: tokens}
    history.record(ctx, target_type="project", target_id=project.id, project_id=project.id, action="change",
                   diff={TOKENS_KEY: [bool(old), bool(token)]})  # fmt: skip


@dataclass
class Feed:
    """A kind's items of one project by ref, with what their rows show."""

    project: Project
    items: list[WorkItem]
    facts: ItemFacts
    lanes: dict[int, str] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)  # the computable ones, by slug
    custom_fields: list[CustomField] = field(default_factory=list)
    custom_values: dict[int, dict[str, object]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # holder -> refs under it
    epics: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # story -> its epics' refs
    related: dict[int, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))  # epic -> stories
    origins: dict[int, WorkItem] = field(default_factory=dict)  # the items others were made from, by id


def load_feed(ctx: Context, kind: ItemProfile, token: str) -> Feed:
    """The feed the token opens; an unknown token is not found."""
    project = ctx.session.scalar(
        select(Project).where(Project.extra[TOKENS_KEY][kind.name].as_string() == token).limit(1)
    )  # fmt: skip
    if not token or project is None:
        raise NotFound(entity="project")
    s = ctx.session
    items = list(s.scalars(select(WorkItem).where(WorkItem.project_id == project.id, WorkItem.kind == kind.name)
                           .order_by(WorkItem.ref)))  # fmt: skip
    ids = [i.id for i in items]
    feed = Feed(project=project, items=items, facts=load_item_facts(ctx, items))
    feed.lanes = dict(s.execute(select(Lane.id, Lane.name).where(Lane.project_id == project.id)).all())
    feed.roles = list(s.scalars(select(Role).where(Role.project_id == project.id, Role.computable.is_(True))
                                .order_by(Role.slug)))  # fmt: skip
    fields = select(CustomField).where(CustomField.project_id == project.id, CustomField.kind == kind.name)
    feed.custom_fields = list(s.scalars(fields.order_by(CustomField.order, CustomField.id)))
    rows = s.execute(select(CustomFieldValues.work_item_id, CustomFieldValues.values)
                     .where(CustomFieldValues.work_item_id.in_(ids)))  # fmt: skip
    feed.custom_values = {item_id: dict(values or {}) for item_id, values in rows}
    if kind.holds_subitems:
        for parent_id, ref in s.execute(select(WorkItem.parent_id, WorkItem.ref).where(
                WorkItem.parent_id.in_(ids)).order_by(WorkItem.ref)):  # fmt: skip
            feed.children[parent_id or 0].append(ref)
        for story_id, ref in s.execute(select(WorkItemLink.to_id, WorkItem.ref)
                                       .join(WorkItem, WorkItem.id == WorkItemLink.from_id)
                                       .where(WorkItemLink.kind == EPIC_STORY, WorkItemLink.to_id.in_(ids))
                                       .order_by(WorkItemLink.id)):  # fmt: skip
            feed.epics[story_id].append(ref)
    if kind.groups_items:
        for epic_id, slug, ref in s.execute(select(WorkItemLink.from_id, Project.slug, WorkItem.ref)
                                            .join(WorkItem, WorkItem.id == WorkItemLink.to_id)
                                            .join(Project, Project.id == WorkItem.project_id)
                                            .where(WorkItemLink.kind == EPIC_STORY, WorkItemLink.from_id.in_(ids))
                                            .order_by(WorkItemLink.order, WorkItemLink.id)):  # fmt: skip
            feed.related[epic_id].append((slug, ref))
    origin_ids = {i.generated_from_id for i in items if i.generated_from_id}
    if origin_ids:
        feed.origins = {o.id: o for o in s.scalars(select(WorkItem).where(WorkItem.id.in_(origin_ids)))}
    return feed
