"""Pausing the cyclic garbage collector while a large answer is built (shared by every dialect)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


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
