"""The core tells what went wrong by code (entity, field, values), not in words: the dialects word it
(web/plain_words.py for the codes only the newer APIs reach)."""

from __future__ import annotations

from datetime import date

import pytest

from planyard.core.work_items import blockers, relations, service, time_entries
from planyard.core.work_items.kinds import STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.core.work_items.time_entries import NewTimeEntry
from planyard.kit.errors import Invalid, NotFound, Problem
from planyard.web import plain_words


def create(world, actor, kind, project):
    changes = ItemChanges(fields={"subject": "Something"})
    return world.run(lambda ctx: service.create_item(ctx, kind, project.id, changes), actor=actor)


def test_item_rows_raise_coded_errors_in_plain_words(team):
    world, project, owner, _, _ = team
    story, task = create(world, owner, STORY, project), create(world, owner, TASK, project)
    with pytest.raises(Invalid) as info:
        world.run(lambda ctx: relations.relate(ctx, story.id, story.id, "depends_on"), actor=owner)
    assert (info.value.code, info.value.entity, info.value.field) == ("self_reference", "relation", "to_id")
    assert plain_words.field_errors(info.value) == {"to_id": ["An item cannot be related to itself."]}
    with pytest.raises(Invalid) as info:
        world.run(lambda ctx: relations.relate(ctx, story.id, task.id, "blocks"), actor=owner)
    assert info.value.fields == {"kind": [Problem("invalid_choice", {"value": "blocks"})]}
    with pytest.raises(Invalid) as info:
        world.run(lambda ctx: blockers.open_blocker(ctx, story.id, "x", blocking_item_id=10**9), actor=owner)
    assert plain_words.field_errors(info.value) == {
        "blocking_item_id": [f'Invalid pk "{10**9}" - object does not exist.']
    }
    entry = NewTimeEntry(0, date(2026, 11, 30), user_id=owner.id)
    with pytest.raises(Invalid) as info:
        world.run(lambda ctx: time_entries.log_time(ctx, task.id, entry), actor=owner)
    assert plain_words.field_errors(info.value) == {
        "minutes": [f"Ensure this value is a whole number from 1 to {60 * 24 * 366}."]
    }
    with pytest.raises(NotFound) as missing:
        world.run(lambda ctx: time_entries.delete_time_entry(ctx, 10**9), actor=owner)
    assert (missing.value.code, missing.value.entity) == ("not_found", "time_entry")
    assert plain_words.text(missing.value) == "No time entry matches the given query."


def test_every_plain_text_formats_with_its_values():
    values = {"pk": 1, "value": "x", "min": 1, "max": 2, "max_length": 3, "users": [4]}
    for code, template in plain_words.TEXTS.items():
        assert plain_words.word(code, "time_entry", values) == template.format(name="time entry", **values)
    for (code, entity), template in plain_words.ENTITY_TEXTS.items():
        assert plain_words.word(code, entity, values) == template
