"""HacknPlan's webhook event names (what `GET /v0/webhookevents` lists, as HacknPlan's administration page
names them) and the core change-log topics (`<target type>.<action>`) each one stands for. A webhook
stores the names it was given plus their topics; `wants` matches the topic, then the name of the payload
where one topic stands for several names (a project change is `project.updated`, `.closed`
or `.reopened`; a membership change `projectuser.added` when an invitation is accepted)."""

from __future__ import annotations

from typing import Any

from planyard.core import design_elements, memberships, project_values, roles
from planyard.core.tags.changes import TARGET as TAG_TARGET
from planyard.core.work_items.kinds import KINDS

ITEM_ACTIONS = {"create": "workitem.created", "change": "workitem.updated", "delete": "workitem.deleted"}
WORK_ITEM_TARGETS = tuple(profile.target_type for profile in KINDS.values())
PROJECT_TARGET, MEMBERSHIP_TARGET = "project", memberships.TARGET
# HacknPlan's project-level things -> the core target type whose create/change/delete they are.
THINGS = {
    "category": "item_type", "designelementtype": design_elements.TYPE_TARGET,
    "importancelevel": project_values.PRIORITY.name, "role": roles.TARGET,
    "stage": project_values.USERSTORY_STATUS.name, "tag": TAG_TARGET,
}  # fmt: skip
VERBS = {"create": "created", "change": "updated", "delete": "deleted"}
PROJECT_EVENTS = ("project.updated", "project.closed", "project.reopened")
MEMBER_EVENTS = {"projectuser.added": ("create", "change"), "projectuser.updated": ("change",),
                 "projectuser.removed": ("delete",)}  # fmt: skip

# event name -> the core topics it stands for, in the order `/webhookevents` lists them
TOPICS: dict[str, list[str]] = {
    **{name: [f"{PROJECT_TARGET}.change"] for name in PROJECT_EVENTS},
    **{f"{thing}.{verb}": [f"{target}.{action}"] for thing, target in THINGS.items() for action, verb in VERBS.items()},
    **{name: [f"{MEMBERSHIP_TARGET}.{action}" for action in actions] for name, actions in MEMBER_EVENTS.items()},
    **{name: [f"{target}.{action}" for target in WORK_ITEM_TARGETS] for action, name in ITEM_ACTIONS.items()},
}  # fmt: skip
EVENTS = list(TOPICS)


def stored(names: list[str]) -> list[str]:
    """What a webhook keeps for these event names: the names, then the topics they stand for."""
    names = list(dict.fromkeys(names))
    return names + list(dict.fromkeys(topic for name in names for topic in TOPICS.get(name, [])))


def shown(kept: list[str]) -> list[str]:
    return [name for name in kept if name in EVENTS]


def unknown(names: list[str]) -> list[str]:
    return [name for name in names if name not in EVENTS]


def wants(kept: list[str], topic: str, payload: dict[str, Any]) -> bool:
    """A webhook gets a payload when it listens to the topic and lists the payload's event name (one topic
    may stand for several names: a project change is `project.updated`, `.closed` or `.reopened`)."""
    return not kept or (topic in kept and payload.get("event") in kept)
