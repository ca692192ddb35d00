"""What a change mail says, as Taiga's mails do: the subject names the project and the item ("[Project]
Updated the task #12 "Subject""), the body greets the recipient, names who changed what, then lists
each change of the batch (field: old → new, ids given their names) and each comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planyard.core import item_history
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS
from planyard.models import ChangeEntry, Project, User

VERBS = {"create": ("Created", "created"), "change": ("Updated", "updated"), "delete": ("Deleted", "deleted")}
EMPTY = "(empty)"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def compose(
    ctx: Context, recipient: User, project: Project, kind: str, action: str, item: tuple[Any, str],
    entries: list[ChangeEntry],
) -> Mail:  # fmt: skip
    noun = KINDS[kind].noun.lower()
    ref, subject = item
    title, verb = VERBS.get(action, VERBS["change"])
    names = item_history.load_names(ctx, entries)
    author_id = entries[-1].user_id
    author = names.users.get(author_id) if author_id else None  # the entries' users are among the names
    project_name = project.name.replace("\n", " ").replace("\r", " ")
    lines = [
        f"Hello {_name(recipient)}, {_name(author)} has {verb} a {noun} in {project_name}:",
        "",
        f"#{ref} {subject}",
    ]
    for entry in entries:
        changes = [_change(names, field, pair) for field, pair in sorted((entry.diff or {}).items())
                   if action == "change" and field not in item_history.QUIET_FIELDS.get(kind, ())]  # fmt: skip
        text = entry.comment.text if entry.comment else ""
        if changes or text:
            lines.append("")
        lines += [f"- {change}" for change in changes if change]
        if text:
            lines += ["Comment:", *(f"  {line}" for line in text.splitlines())]
    return Mail(recipient.email, f'[{project_name}] {title} the {noun} #{ref} "{subject}"', "\n".join(lines) + "\n")


def _name(user: User | None) -> str:
    return (user.full_name or user.username) if user is not None else "Someone"


def _change(names: item_history.Names, field: str, pair: Any) -> str:
    if not isinstance(pair, list) or len(pair) != 2:
        return f"{field.removesuffix('_id')} changed"
    old, new = (_value(names, field, side) for side in pair)
    return f"{field.removesuffix('_id')}: {old} → {new}"


def _value(names: item_history.Names, field: str, value: Any) -> str:
    if value in (None, "", []):
        return EMPTY
    if field in item_history.USER_FIELDS or field == "assigned_users":
        ids = value if isinstance(value, list) else [value]
        return ", ".join(_name(names.users.get(v)) if isinstance(v, int) else str(v) for v in ids)
    table = item_history.LABELLED.get(field)
    label = names.label(table, value) if table else None
    if label is not None:
        return label
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
