"""Taiga's OCC rule, as a pure function."""

from __future__ import annotations

import pytest

from planyard.kit.concurrency import check_version
from planyard.kit.errors import Invalid, VersionConflict


def changed(fields_by_version: dict[int, set[str]]):
    return lambda since: set().union(*(f for v, f in fields_by_version.items() if v > since))


def test_current_or_absent_version_passes():
    check_version(3, 3, {"name"}, changed({}))
    check_version(3, None, {"name"}, changed({}))


def test_stale_version_touching_changed_field_conflicts():
    with pytest.raises(VersionConflict):
        check_version(3, 1, {"name", "version"}, changed({2: {"name"}, 3: {"description"}}))


def test_stale_version_touching_other_fields_passes():
    check_version(3, 1, {"tags", "version"}, changed({2: {"name"}, 3: {"description"}}))


def test_future_version_conflicts():
    with pytest.raises(VersionConflict):
        check_version(3, 4, {"name"}, changed({}))


@pytest.mark.parametrize("bad", ["3", 2.5, True])
def test_non_integer_version_is_invalid(bad):
    with pytest.raises(Invalid) as info:
        check_version(3, bad, {"name"}, changed({}))
    assert "version" in info.value.fields
