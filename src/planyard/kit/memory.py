"""The cyclic garbage collector: kept away from what lives as long as the process, paused while a large
answer is built (shared by every dialect)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def built_for_good(build: Callable[[], T]) -> T:
    """Runs `build` (an import, the app) with the collector off, then freezes every object alive out of
    its reach: those hundreds of thousands of objects (schemas, routes, mappings) live as long as the
    process, and every collection would otherwise walk them all again (create story at 10,000 stories:
    ~18 -> ~10 ms in-process)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return build()
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class _GcPause:
    """Counts the requests inside `gc_paused` (threads share the collector): off for the first, on after the last."""

    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Builds a large response without the cyclic garbage collector: its many short-lived rows, dicts and
    models are freed by reference counting anyway, while each collection pass walks all of them (a
    10,000-story kanban took ~40% longer with it on). Also a route decorator, under the router's."""
    with _GcPause.lock:
        _GcPause.depth += 1
        if _GcPause.depth == 1:
            _GcPause.was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _GcPause.lock:
            _GcPause.depth -= 1
            if _GcPause.depth == 0 and _GcPause.was_enabled:
                gc.enable()
