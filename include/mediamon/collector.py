"""Python's cyclic garbage collector kept out of work that builds many objects and no garbage cycles.

A full collection walks every object the process holds. Building a tagger's tables (hundreds of thousands of
strings, tuples and dicts) set off several, each walking everything built so far (about a fifth of the build's CPU
time); clustering a day's events set off one now and then, walking every row the task holds (up to 0.1 s). Neither
makes garbage cycles, so neither needs the collector while it runs.
"""
from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, turned back on after it if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def built_without_collector(build: Callable[P, T]) -> Callable[P, T]:
    """build, run with the collector paused; what it leaves alive is then set apart from later collections
    (gc.freeze: a process's taggers live as long as it does, so no collection need walk them again). The young
    objects are collected once first (only they: the build's), so that no cycle of garbage it made is kept."""
    @functools.wraps(build)
    def built(*args: P.args, **kwargs: P.kwargs) -> T:
        outermost = gc.isenabled()  # a build inside another leaves the collecting and freezing to the outer one
        with collector_paused():
            value = build(*args, **kwargs)
            if outermost:  # before the collector is back: turned on first, it walked the whole process at once
                gc.collect(0)
                gc.freeze()
        return value
    return built
