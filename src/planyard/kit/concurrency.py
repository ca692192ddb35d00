"""Optimistic concurrency, Taiga's rule: a stale version is rejected only when the fields the
request touches were changed by a later version."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from planyard.kit.errors import Invalid, VersionConflict


def check_version(
    current: int,
    sent: object,
    touched: Iterable[str],
    changed_since: Callable[[int], set[str]],
) -> None:
    """`changed_since(v)` returns the field names written by versions after `v`."""
    if sent is None:
        return
    if isinstance(sent, bool) or not isinstance(sent, int):
        raise Invalid(code="not_an_integer", field="version")
    if sent == current:
        return
    if sent > current:
        raise VersionConflict()
    if (set(touched) - {"version"}) & changed_since(sent):
        raise VersionConflict()
