"""Explicit story positions: the others make room exactly as the one-by-one definition says, however
many stories and moves (the fast path must not change a single order)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planyard.core.work_items.story_orders import shifted_orders


def one_by_one(current: dict[int, int], moves: dict[int, int]) -> dict[int, int]:
    """The definition: for each move, nearest target first, shift every story in the way by one."""
    orders = dict(current)
    moves = {k: v for k, v in moves.items() if k in orders}
    for story_id, target in sorted(moves.items(), key=lambda move: move[1]):
        old = orders[story_id]
        for other, order in orders.items():
            if (target <= old and target <= order < old) or (target >= old and order >= target):
                orders[other] = order + 1
    return orders | moves


def test_moving_one_story_back_shifts_those_in_between():
    assert shifted_orders({1: 1, 2: 2, 3: 3, 4: 4}, {4: 2}) == {1: 1, 2: 3, 3: 4, 4: 2}


def test_unknown_stories_are_ignored():
    assert shifted_orders({1: 5}, {9: 1}) == {1: 5}


orders = st.integers(min_value=0, max_value=30)


@given(st.dictionaries(st.integers(1, 40), orders, max_size=40), st.dictionaries(st.integers(1, 45), orders))
def test_matches_the_one_by_one_definition(current, moves):
    assert shifted_orders(current, moves) == one_by_one(current, moves)
