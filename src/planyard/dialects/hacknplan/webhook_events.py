"""HacknPlan's webhook event names (what `GET /v0/webhookevents` lists) and the core topics each one
stands for. A webhook stores the names it was given plus their topics: the engine matches topics, the
API shows the names. Names without topics are accepted and kept but nothing sends them yet."""

from __future__ import annotations

from planyard.core.work_items.kinds import KINDS

ITEM_ACTIONS = {"create": "workitem.created", "change": "workitem.updated", "delete": "workitem.deleted"}
WORK_ITEM_TARGETS = tuple(profile.target_type for profile in KINDS.values())
# event name -> the core topics it stands for
TOPICS: dict[str, list[str]] = {
    name: [f"{target}.{action}" for target in WORK_ITEM_TARGETS] for action, name in ITEM_ACTIONS.items()
}
# The project-level events HacknPlan's administration page lists; accepted, not sent yet.
NOT_SENT = [
    f"{thing}.{verb}"
    for thing, verbs in (
        ("project", ("updated", "closed", "reopened")), ("category", ("created", "updated", "deleted")),
        ("designelementtype", ("created", "updated", "deleted")),
        ("importancelevel", ("created", "updated", "deleted")), ("role", ("created", "updated", "deleted")),
        ("stage", ("created", "updated", "deleted")), ("tag", ("created", "updated", "deleted")),
        ("projectuser", ("added", "updated", "removed")),
    )
    for verb in verbs
]  # fmt: skip
EVENTS = [*NOT_SENT, *TOPICS]


def stored(names: list[str]) -> list[str]:
    """What a webhook keeps for these event names: the names, then the topics they stand for."""
    names = list(dict.fromkeys(names))
    return names + [topic for name in names for topic in TOPICS.get(name, [])]


def shown(kept: list[str]) -> list[str]:
    return [name for name in kept if name in EVENTS]


def unknown(names: list[str]) -> list[str]:
    return [name for name in names if name not in EVENTS]
