"""The collector pause: big responses are built with the cyclic GC paused, and it always comes back."""

from __future__ import annotations

import gc

import pytest

from planyard.kit.memory import gc_paused


@pytest.fixture
def gc_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after_even_on_errors(gc_on):
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # another request building its answer at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(gc_on):
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_works_as_a_decorator(gc_on):
    @gc_paused()
    def build() -> bool:
        return gc.isenabled()

    assert build() is False and gc.isenabled()
