"""mediamon.collector: the cyclic garbage collector paused around allocation-heavy work, and restored."""
from __future__ import annotations

import gc
import weakref

import pytest

from mediamon.collector import built_without_collector, collector_paused


@pytest.fixture(autouse=True)
def _collector_on():
    """Each test starts with the collector on and nothing frozen, and leaves it so."""
    gc.enable()
    gc.unfreeze()
    yield
    gc.enable()
    gc.unfreeze()


def test_paused_inside_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_stays_off_after_when_it_was_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("bad input")
    assert gc.isenabled()


def test_as_a_decorator() -> None:
    @collector_paused()
    def state() -> bool:
        return gc.isenabled()

    assert state() is False
    assert gc.isenabled()


def test_built_value_frozen_and_garbage_cycles_collected() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    cycles: list[weakref.ref] = []

    @built_without_collector
    def build(n: int) -> list[dict[str, int]]:
        assert not gc.isenabled()
        cycles.extend(weakref.ref(Node()) for _ in range(50))  # garbage cycles, not to be kept with the table
        return [{"k": i} for i in range(n)]

    table = build(1000)
    assert len(table) == 1000 and gc.isenabled()
    assert gc.get_freeze_count() >= 1000  # the table is set apart from later collections
    assert all(ref() is None for ref in cycles)  # the cycles were collected, not frozen
