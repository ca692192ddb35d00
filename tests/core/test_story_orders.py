"""Story reorders: the stories end in exactly Taiga's ordering (sorted by (order, id)), the moved ones
at Taiga's values, while the others shift only as far as needed (those pushed after the last moved
story packed below the next); explicit positions make room exactly as the one-by-one definition says,
however many stories and moves, read from where the moves land only as far as the changes go."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from planyard.core.taiga_rules.reordering import (
    Drop,
    TaigaMoves,
    drop_orders,
    fewest_shifts,
    positioned_orders,
    shifted_orders,
)


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


def taiga_drop(cell: dict[int, int], drop: Drop) -> list[tuple[int, int]]:
    """Taiga's drop: the moved stories, then the cell's others from the anchor on, numbered one by one."""
    rest = sorted((i for i in cell if i not in drop.story_ids), key=lambda i: (cell[i], i))
    start, anchor = 1, drop.after_id or drop.before_id
    if anchor is not None:
        start = cell[anchor] + (1 if drop.after_id else 0)
        rest = [i for i in rest if cell[i] >= cell[anchor] and i != drop.after_id]
    return [(story_id, start + n) for n, story_id in enumerate([*drop.story_ids, *rest])]


def dropped(cell: dict[int, int], drop: Drop) -> list[tuple[int, int]]:
    """`drop_orders` given the cell in order; checks that it read only the stories it answers and the first after."""
    anchor = drop.after_id or drop.before_id
    rows = [(i, cell[i]) for i in sorted(cell, key=lambda i: (cell[i], i))]
    answer, read = drop_orders(iter(rows), drop, None if anchor is None else cell[anchor])
    assert len(read) <= len([i for i, _ in answer if i not in drop.story_ids]) + 1
    return answer


def ordering(orders: dict[int, int]) -> list[int]:
    return sorted(orders, key=lambda i: (orders[i], i))


def assert_fewest(before: dict[int, int], after: dict[int, int], moved: set[int], packed: bool = True) -> None:
    """Every other story that changed had to: its order did not sort after the story before it. It took
    the smallest order that does (the same as Taiga's ties, else one more), unless it was pushed after the
    last moved story: those form one run, packed below the next story's order."""
    sequence = ordering(after)
    last = max((n for n, i in enumerate(sequence) if i in moved), default=len(sequence)) if packed else len(sequence)
    for previous, story_id in zip(sequence[: last + 1], sequence[1 : last + 1], strict=False):
        if story_id not in moved and after[story_id] != before[story_id]:
            assert before[story_id] <= after[previous] and after[story_id] - after[previous] in (0, 1)
    pushed = [i for i in sequence[last + 1 :] if after[i] != before[i]]
    assert sequence[last + 1 : last + 1 + len(pushed)] == pushed
    if pushed:
        floor = after[sequence[last]]
        assert all(before[i] <= floor + n for n, i in enumerate(pushed))
        following = sequence[last + 1 + len(pushed) :]
        gap = after[following[0]] - floor if following else 0
        if gap > len(pushed):  # packed below the next story, as far apart as the moved stories are many
            step = min(gap // (len(pushed) + 1), len(moved) + 1)
            ceiling = after[following[0]]
            assert [after[i] for i in pushed] == [ceiling - (len(pushed) - n) * step for n in range(len(pushed))]


def test_moving_one_story_back_shifts_those_in_between():
    assert shifted_orders({1: 1, 2: 2, 3: 3, 4: 4}, {4: 2}) == {1: 1, 2: 3, 3: 4, 4: 2}


def test_unknown_stories_are_ignored():
    assert shifted_orders({1: 5}, {9: 1}) == {1: 5}
    assert fewest_shifts({1: 5}, {9: 1}) == {1: 5}


def test_positions_shift_the_others_only_up_to_the_first_gap():
    assert fewest_shifts({1: 1, 2: 2, 3: 3, 4: 10, 5: 11}, {5: 2}) == {1: 1, 2: 3, 3: 4, 4: 10, 5: 2}


def test_a_drop_shifts_the_others_only_up_to_the_first_gap_and_packs_them_below_it():
    cell = {1: 10, 2: 20, 3: 21, 4: 40, 5: 50, 9: 90}
    assert dropped(cell, Drop([9, 5], before_id=2)) == [(9, 20), (5, 21), (2, 34), (3, 37)]
    assert dropped(cell, Drop([9], after_id=4)) == [(9, 41)]
    assert dropped(cell, Drop([9])) == [(9, 1)]


orders = st.integers(min_value=0, max_value=30)


@given(st.dictionaries(st.integers(1, 40), orders, max_size=40), st.dictionaries(st.integers(1, 45), orders))
def test_matches_the_one_by_one_definition(current, moves):
    assert shifted_orders(current, moves) == one_by_one(current, moves)


@given(st.dictionaries(st.integers(1, 40), orders, max_size=40), st.dictionaries(st.integers(1, 45), orders))
def test_positions_give_taigas_ordering_with_the_fewest_changes(current, moves):
    taiga, ours = shifted_orders(current, moves), fewest_shifts(current, moves)
    assert ordering(ours) == ordering(taiga)
    assert {i: ours[i] for i in moves if i in current} == {i: taiga[i] for i in moves if i in current}
    assert_fewest(current, ours, set(moves), packed=False)


def positioned(current: dict[int, int], moves: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    """`positioned_orders` given the list in order from the lowest target on: the orders after, and those it read."""
    moves = {i: order for i, order in moves.items() if i in current}
    taiga = TaigaMoves({i: current[i] for i in moves}, moves)
    rows = [(i, current[i]) for i in ordering(current) if current[i] >= min(moves.values())]
    data, read = positioned_orders(iter(rows), taiga)
    return current | dict(data), read


@st.composite
def lists_and_moves(draw):
    """A list ({id: order}, a few ties) and explicit positions for some of its stories."""
    current = draw(st.dictionaries(st.integers(1, 40), st.integers(0, 90), min_size=1, max_size=40))
    moves = draw(st.dictionaries(st.sampled_from(sorted(current)), st.integers(0, 90), min_size=1))
    return current, moves


@given(lists_and_moves())
def test_positions_read_from_the_targets_on_give_taigas_ordering(case):
    current, moves = case
    back = TaigaMoves({i: current[i] for i in moves}, moves).moved_back
    assume(all(list(current.values()).count(order) == 1 for order in back))  # no other story at those orders
    ours, read = positioned(current, moves)
    taiga = one_by_one(current, moves)
    assert ordering(ours) == ordering(taiga)
    assert {i: ours[i] for i in moves} == moves
    assert_fewest(current, ours, set(moves))
    beyond = [i for i in read if ours[i] == current[i] and current[i] > max(moves.values())]
    assert len(beyond) <= 1  # past the targets, it reads the stories it changes and the first that keeps its order


def test_positions_stop_reading_at_the_first_story_that_keeps_its_order():
    current = {i: 10 * i for i in range(1, 1000)} | {1000: 5, 1001: 6}
    ours, read = positioned(current, {999: 30, 998: 31})  # 30 and 31 are taken: 3 moves to 32, then 4 keeps 40
    assert ordering(ours)[:6] == [1000, 1001, 1, 2, 999, 998] and ours[3] in range(32, 40)
    assert read == {3: 30, 4: 40}


@st.composite
def drops(draw):
    """A cell ({id: order}, ties and gaps), stories dropped in it (some from elsewhere) and an anchor."""
    cell = draw(st.dictionaries(st.integers(1, 40), st.integers(0, 60), min_size=1, max_size=40))
    outside = draw(st.dictionaries(st.integers(41, 50), st.integers(0, 60), max_size=5))
    inside = draw(st.lists(st.sampled_from(sorted(cell)), unique=True, max_size=len(cell) - 1))
    moved = draw(st.permutations([*inside, *outside]))
    anchors = [i for i in cell if i not in moved]
    anchor = draw(st.none() | st.sampled_from(anchors)) if anchors else None
    after = draw(st.booleans())
    drop = Drop(moved, anchor if after else None, None if after else anchor)
    return cell, outside, drop


@given(drops())
def test_drops_give_taigas_ordering_and_return_only_what_changed(case):
    cell, outside, drop = case
    before = cell | outside
    taiga = before | dict(taiga_drop(cell, drop))
    answer = dropped(cell, drop)
    ours = before | dict(answer)
    assert ordering(ours) == ordering(taiga)
    assert {i: ours[i] for i in drop.story_ids} == {i: taiga[i] for i in drop.story_ids}
    changed = {i for i in cell if i not in drop.story_ids and ours[i] != cell[i]}
    assert [i for i, _ in answer] == [*drop.story_ids, *(i for i in ordering(ours) if i in changed)]
    assert_fewest(before, ours, set(drop.story_ids))


def test_a_story_every_move_reaches_moves_down_by_their_number():
    # Two stories from far down moved to the top: one at 5, between the targets and the old orders,
    # is pushed by both (the shortcut); one at 1, before the targets, by neither.
    current = {1: 1, 2: 5, 8: 80, 9: 90}
    taiga = TaigaMoves({8: 80, 9: 90}, {8: 2, 9: 3})
    expected = one_by_one(current, {8: 2, 9: 3})
    assert (taiga.order_of(5), taiga.order_of(1)) == (expected[2], expected[1]) == (7, 1)


@given(lists_and_moves())
def test_each_story_not_moved_ends_where_the_one_by_one_replay_puts_it(case):
    current, moves = case
    taiga = TaigaMoves({i: current[i] for i in moves}, moves)
    expected = one_by_one(current, moves)
    assert {i: taiga.order_of(o) for i, o in current.items() if i not in moves} == {
        i: expected[i] for i in current if i not in moves
    }


def test_a_run_moved_up_onto_the_others_pushes_each_of_them_by_every_move():
    # A hundred stories from far down moved to 31..130 (the web client's backlog positions): the others
    # from 31 on are each reached by every move (target_k <= order + k < old_k), though below the last target.
    current = {i: i for i in range(1, 200)} | {1000 + k: 1000 + 3 * k for k in range(100)}
    moves = {1000 + k: 31 + k for k in range(100)}
    taiga = TaigaMoves({i: current[i] for i in moves}, moves)
    expected = one_by_one(current, moves)
    others = (30, 31, 77, 199)
    assert [taiga.order_of(o) for o in others] == [expected[i] for i in others] == [30, 131, 177, 299]
