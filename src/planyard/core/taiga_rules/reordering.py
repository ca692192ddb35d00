"""The new orders of a story reorder, computed from plain (id, order) pairs (`story_orders` reads and
writes them). Taiga's rules: explicit positions ({us_id: order}) move the stories one by one, nearest
target first, and the stories in the way move down by one; a drop numbers the moved stories from its
anchor and renumbers the cell's others from there. The stories end in exactly Taiga's ordering
(sorted by (order, id)) and the moved ones take Taiga's values, but the others change only as far as
needed: one keeps its order when it still sorts after the story before it. The stories pushed after
the last moved one go to the top of the gap below the first that keeps its order, so that the next
move to the same spot pushes only the stories moved there this time, not every story pushed before."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, chain
from math import inf

Last = tuple[int, int, bool]  # the story before, in fewest_changes: (order, id, kept its order)
Story = tuple[int, int, int | None]  # (id, Taiga's order, current order; None for a story moved into the list)
Settled = tuple[list[tuple[int, int]], dict[int, int]]  # the (id, new order) to write, the current orders read


@dataclass(frozen=True)
class Drop:
    """The web client's move: `story_ids` go, in this order, before or after one story of the cell."""

    story_ids: list[int]
    after_id: int | None = None
    before_id: int | None = None


def fewest_changes(stories: Iterable[Story], fixed: Collection[int], after: Last | None = None) -> Iterator[Story]:
    """(id, new order, current order) of `stories` (in Taiga's final ordering, by (order, id)),
    changing as few orders as needed: the `fixed` stories take Taiga's value; every other keeps its
    order when it is greater than the new order of the story before it (or equal to it, when both keep
    theirs: they were tied in this order already), else takes that order plus one (or the same order,
    only where Taiga ties them too, so that a fixed story after them still sorts after them). Taiga's
    values of the fixed stories must sort after whatever comes before them here: true when the others'
    current orders are never above Taiga's (its shifts only add), or no fixed story follows them.
    `after` is the story the first one must sort after, if any. Lazy (see `settle`)."""
    last = after
    for story_id, value, current in stories:
        order = value if story_id in fixed or current is None else current
        if story_id not in fixed and last is not None:
            tied = order == last[0] and story_id > last[1] and last[2]
            if order <= last[0] and not tied:
                order = last[0] if story_id > last[1] and value <= last[0] else last[0] + 1
        yield story_id, order, current
        last = (order, story_id, order == current)


def settle(stories: Iterable[Story], fixed: Collection[int], after: Last | None = None) -> Settled:
    """`fewest_changes` up to the first other story that keeps its order once every fixed one has
    come, which the caller guarantees is where changes end: the stories after it keep theirs too. The
    stories pushed after the last fixed one are packed below the order of that first one (`_pack_below`).
    Returns the (id, new order) of the fixed stories and of the others whose order changes, in their
    new order, and the current orders of the others it read (`stories` is read no further)."""
    data: list[tuple[int, int]] = []
    read: dict[int, int] = {}
    waiting, pushed_from = len(fixed), 0
    for story_id, order, current in fewest_changes(stories, fixed, after):
        if story_id in fixed:
            waiting, pushed_from = waiting - 1, len(data) + 1
        elif current is not None:
            read[story_id] = current
            if order == current:
                if not waiting:
                    return _pack_below(data, pushed_from, current, len(fixed) + 1), read
                continue
        data.append((story_id, order))
    return data, read


def _pack_below(data: list[tuple[int, int]], start: int, ceiling: int, room: int) -> list[tuple[int, int]]:
    """The stories data[start:] (pushed one after another after the fixed story data[start - 1]) moved up
    to just below `ceiling` (the order of the next story, above them all), `room` apart (less if the gap
    is too small): the space stays before them, where the next move to the same spot lands, and each has
    room after it for a drop before it. Only when the gap lets them all differ."""
    floor, pushed = data[start - 1][1] if start else 0, data[start:]
    gap = ceiling - floor
    if not start or not pushed or gap <= len(pushed):  # no fixed story, nothing pushed, or no room (ties)
        return data
    step = min(gap // (len(pushed) + 1), room)
    return data[:start] + [(i, ceiling - (len(pushed) - n) * step) for n, (i, _) in enumerate(pushed)]


def drop_orders(cell: Iterable[tuple[int, int]], drop: Drop, anchor_order: int | None) -> Settled:
    """The (id, order) a drop gives, in the cell's new order: the moved stories, then the others of the
    cell whose order changes; and the current orders of the others read. Taiga's ordering: the moved
    stories from the anchor's order (one more after it; 1 at the top), then the cell's other stories
    from the anchor's order on (all at the top) in their order, the ones before untouched. `cell`
    ((id, order) sorted by (order, id), from the anchor's order on or whole) is read only up to the
    first that keeps its order. The moved stories always come back: the client reads their sprint
    from the answer."""
    ids = list(dict.fromkeys(drop.story_ids))
    moved = set(ids)
    start, first_after = 1, None  # the story the first one must sort after (see fewest_changes)
    if anchor_order is not None and drop.after_id is not None:
        start, first_after = anchor_order + 1, (anchor_order, drop.after_id, True)
    elif anchor_order is not None:
        start, first_after = anchor_order, (anchor_order - 1, 0, False)
    rest = ((i, o) for i, o in cell
            if i not in moved and i != drop.after_id and (anchor_order is None or o >= anchor_order))  # fmt: skip
    stories = ((i, start + n, current) for n, (i, current) in enumerate(chain(((i, None) for i in ids), rest)))
    return settle(stories, moved, first_after)


class TaigaMoves:
    """Taiga's explicit positions, replayed for one order at a time: the moves go nearest target first,
    and each adds one to every order from its target to the story's order (a move back) or from its
    target on (a move forward, or in place). A story's order after the first n moves is found from what
    those moves share, without replaying them, when all of them or none but the forward ones reach it."""

    def __init__(self, moved: dict[int, int], moves: dict[int, int]) -> None:
        """`moves`: {id: target}; `moved`: the current orders of those stories."""
        self.moves = moves
        self.steps: list[tuple[int, int, bool]] = []  # (target, the story's order as the moves before left it, forward)
        self.moved_back: list[int] = []  # the current orders of the stories moved back
        # Over the first n moves (index n): the greatest target or order (above it only the forward moves
        # reach a story), how many went forward, and the orders a story is reached by every one of them
        # from and below. Move k finds a story reached by all before it at order + k: it reaches it when
        # target_k <= order + k and, moving back, order + k < old_k.
        self._top, self._forward, self._every_from, self._every_below = [0], [0], [-inf], [inf]
        for story_id, target in sorted(moves.items(), key=lambda move: move[1]):
            k = len(self.steps)
            old = self._order_after(moved[story_id], k)
            forward = target >= old
            self.steps.append((target, old, forward))
            if not forward:
                self.moved_back.append(moved[story_id])
            self._top.append(max(self._top[k], target, old))
            self._forward.append(self._forward[k] + forward)
            self._every_from.append(max(self._every_from[k], target - k))
            self._every_below.append(self._every_below[k] if forward else min(self._every_below[k], old - k))

    def order_of(self, order: int) -> int:
        """The order a story of the list not moved ends at."""
        return self._order_after(order, len(self.steps))

    def _order_after(self, order: int, n: int) -> int:
        if order > self._top[n]:
            return order + self._forward[n]
        if self._every_from[n] <= order < self._every_below[n]:
            return order + n
        for k in range(n):
            target, old, forward = self.steps[k]
            if target > order:  # the targets only grow: no later move reaches it
                break
            if forward or order < old:
                order += 1
        return order


def positioned_orders(others: Iterable[tuple[int, int]], taiga: TaigaMoves) -> Settled:
    """Explicit positions as `settle` gives them, reading the list's other stories (`others`: (id, order)
    sorted by (order, id), from the lowest target on: no move reaches those before) only as far as the
    changes go. Valid when no other story of the list has the current order of a story moved back
    (`taiga.moved_back`): then Taiga's shifts keep the others' ordering (and their ties) and only insert
    the moved stories among them; else use `fewest_shifts` on the whole list."""
    moves = taiga.moves
    queue = sorted((target, i) for i, target in moves.items())

    def in_final_order() -> Iterator[Story]:
        k = 0
        for story_id, current in others:
            if story_id in moves:
                continue
            order = taiga.order_of(current)
            while k < len(queue) and queue[k] < (order, story_id):
                yield queue[k][1], queue[k][0], None
                k += 1
            yield story_id, order, current
        yield from ((i, target, None) for target, i in queue[k:])

    return settle(in_final_order(), moves.keys())


def fewest_shifts(current: dict[int, int], moves: dict[int, int]) -> dict[int, int]:
    """Every story's order after the moves, given the whole list: the ordering `shifted_orders` gives,
    the moved stories at their targets, the others shifted only as far as needed (see `fewest_changes`)."""
    moves = {k: v for k, v in moves.items() if k in current}
    taiga = sorted(shifted_orders(current, moves).items(), key=lambda item: (item[1], item[0]))
    return {i: order for i, order, _ in fewest_changes(((i, t, current[i]) for i, t in taiga), moves.keys())}


def shifted_orders(current: dict[int, int], moves: dict[int, int]) -> dict[int, int]:
    """Every story's order after putting each story of `moves` at its new position, nearest first;
    the stories in the way move down by one: a move back shifts those from the target up to where the
    story was, a move forward (or in place) all those from the target on. Unknown ids in `moves` are
    ignored. The shifts keep the stories' relative order, so each is one +1 range over the distinct
    starting orders, found by bisection: O((stories + moves) log stories), not stories x moves."""
    moves = {k: v for k, v in moves.items() if k in current}
    values = sorted(set(current.values()))
    position = {value: i for i, value in enumerate(values)}
    shifts = _RangeShifts(len(values))

    def now(i: int) -> int:
        return values[i] + shifts.at(i)

    def first_from(order: int) -> int:
        return bisect_left(range(len(values)), order, key=now)

    for story_id, target in sorted(moves.items(), key=lambda move: move[1]):
        old = now(position[current[story_id]])
        shifts.add(first_from(target), first_from(old) if target < old else len(values))
    final = [value + shift for value, shift in zip(values, shifts.totals(), strict=True)]
    return {i: final[position[order]] for i, order in current.items()} | moves


class _RangeShifts:
    """+1 on ranges of indexes, read per index (a Fenwick tree over the differences) or all at once."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)
        self.diff = [0] * (size + 1)

    def add(self, start: int, end: int) -> None:
        """+1 on [start, end)."""
        for i, delta in ((start, 1), (end, -1)):
            self.diff[i] += delta
            i += 1
            while i < len(self.tree):
                self.tree[i] += delta
                i += i & -i

    def at(self, i: int) -> int:
        total, i = 0, i + 1
        while i > 0:
            total += self.tree[i]
            i -= i & -i
        return total

    def totals(self) -> list[int]:
        return list(accumulate(self.diff[:-1]))
