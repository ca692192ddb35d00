"""Core users and teams as SCIM resources, SCIM bodies and PATCH operations as core changes, and the one
filter form identity providers send (`attribute eq "value"`). Ids are the row ids as strings."""

from __future__ import annotations

import re
from typing import Any

from planyard.dialects.kaiten.mappers.values import time
from planyard.dialects.kaiten.schemas.scim import GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA, Name, Operation
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Team, User

FILTER = re.compile(r'^\s*(userName|emails(?:\.value)?|displayName)\s+eq\s+"([^"]*)"\s*$', re.IGNORECASE)
MEMBER_PATH = re.compile(r'^members\[value eq "(\d{1,18})"\]$')


def row_id(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) < 19):
        raise NotFound()
    return int(text)


def scim_user(user: User) -> dict[str, Any]:
    given, _, family = (user.full_name or "").partition(" ")
    return {
        "schemas": [USER_SCHEMA], "id": str(user.id), "userName": user.username,
        "displayName": user.full_name or user.username,
        "name": {"formatted": user.full_name, "givenName": given, "familyName": family},
        "emails": [{"value": user.email, "primary": True, "type": "work"}], "active": user.is_active,
        "meta": {"resourceType": "User", "created": time(user.date_joined), "lastModified": time(user.date_joined)},
    }  # fmt: skip


def scim_group(team: Team, members: list[User]) -> dict[str, Any]:
    return {
        "schemas": [GROUP_SCHEMA], "id": str(team.id), "displayName": team.name,
        "members": [{"value": str(u.id), "display": u.full_name or u.username} for u in members],
        "meta": {"resourceType": "Group", "created": time(team.created_at), "lastModified": time(team.updated_at)},
    }  # fmt: skip


def listed(resources: list[dict[str, Any]], start: int) -> dict[str, Any]:
    return {"schemas": [LIST_SCHEMA], "totalResults": len(resources), "startIndex": start,
            "itemsPerPage": len(resources), "Resources": resources}  # fmt: skip


def user_filter(text: str | None) -> dict[str, str]:
    """A SCIM filter as exact core filters; another form than `userName|emails eq "..."` is a 400."""
    if not text:
        return {}
    match = FILTER.match(text)
    if match is None or match.group(1).lower() == "displayname":
        raise Invalid.on("filter", "only userName eq and emails eq are supported")
    return {"username" if match.group(1).lower() == "username" else "email": match.group(2)}


def group_filter(text: str | None) -> str | None:
    if not text:
        return None
    match = FILTER.match(text)
    if match is None or match.group(1).lower() != "displayname":
        raise Invalid.on("filter", "only displayName eq is supported")
    return match.group(2)


def full_name(name: Name | None, display: str | None) -> str:
    if name is not None and name.formatted:
        return name.formatted
    if name is not None and (name.givenName or name.familyName):
        return " ".join(part for part in (name.givenName, name.familyName) if part)
    return display or ""


def user_changes(operations: list[Operation]) -> dict[str, Any]:
    """PATCH operations on a user as core changes: `active` and the name (the fields the seed names)."""
    changes: dict[str, Any] = {}
    for operation in operations:
        if operation.op.lower() not in ("replace", "add"):
            raise Invalid.on("Operations", f"unsupported op {operation.op}")
        values = operation.value if operation.path is None else {operation.path: operation.value}
        if not isinstance(values, dict):
            raise Invalid.on("Operations", "value must be an object")
        for path, value in values.items():
            if path == "active":
                if not isinstance(value, bool):
                    raise Invalid.on("active", "must be a boolean")
                changes["is_active"] = value
            elif path in ("name", "name.formatted", "displayName", "name.givenName", "name.familyName"):
                changes["full_name"] = _name_value(path, value)
            else:
                raise Invalid.on("Operations", f"{path} cannot be changed")
    return changes


def _name_value(path: str, value: Any) -> str:
    if path == "name":
        if not isinstance(value, dict):
            raise Invalid.on("name", "must be an object")
        try:
            return full_name(Name.model_validate(value), None)
        except ValueError:
            raise Invalid.on("name", "is not a name") from None
    if not isinstance(value, str) or len(value) > 256:
        raise Invalid.on(path, "must be a string")
    return value


def member_ids(value: Any) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(m, dict) and isinstance(m.get("value"), str) for m in value):
        raise Invalid.on("members", "must be a list of {value}")
    try:
        return [row_id(m["value"]) for m in value]
    except NotFound:
        raise Invalid.on("members", "unknown member") from None


def group_changes(operations: list[Operation], current: list[int]) -> tuple[str | None, list[int]]:
    """PATCH operations on a group as (new name or None, the members after them)."""
    name, members = None, list(current)
    for operation in operations:
        op, path = operation.op.lower(), operation.path
        if path is None and isinstance(operation.value, dict) and op == "replace":
            if "displayName" in operation.value:
                name = _display_name(operation.value["displayName"])
            if "members" in operation.value:
                members = member_ids(operation.value["members"])
        elif path == "displayName" and op in ("replace", "add"):
            name = _display_name(operation.value)
        elif path == "members" and op in ("add", "replace"):
            added = member_ids(operation.value)
            members = added if op == "replace" else members + [m for m in added if m not in members]
        elif path == "members" and op == "remove":
            members = [] if operation.value is None else [m for m in members if m not in member_ids(operation.value)]
        elif path is not None and op == "remove" and (match := MEMBER_PATH.match(path)):
            members = [m for m in members if m != int(match.group(1))]
        else:
            raise Invalid.on("Operations", f"unsupported operation {operation.op} {path or ''}".strip())
    return name, members


def _display_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 255:
        raise Invalid.on("displayName", "must be a non-empty string")
    return value
