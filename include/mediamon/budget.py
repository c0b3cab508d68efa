"""A CPU-time budget for one item's extraction or tagging: past it, the work stops with ItemTimeout.

On the main thread a SIGPROF timer (process CPU time; Airflow's own task timeout uses SIGALRM, which
this leaves alone) interrupts the work at the next Python instruction. Elsewhere, and for work that
finishes inside a long C call, the CPU time is checked when the block ends. Either way the item is
quarantined with reason `timeout`, and the run goes on with the next one.
"""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from mediamon.errors import ItemError


class ItemTimeout(ItemError):
    """One item's work ran past its CPU-time budget."""


class _Armed:
    """Whether the running budget's timer may still raise (cleared before it is disarmed)."""

    active = False


def _on_expiry(signum: int, frame: FrameType | None) -> None:
    """SIGPROF handler: stop the budgeted work."""
    if _Armed.active:
        _Armed.active = False
        raise ItemTimeout("timeout", "over its CPU-time budget")


@contextmanager
def cpu_budget(seconds: float, what: str) -> Iterator[None]:
    """Run the block within `seconds` of CPU time, else raise ItemTimeout('timeout') naming `what`."""
    if seconds <= 0:
        yield
        return
    started = time.thread_time()
    use_timer = threading.current_thread() is threading.main_thread() and not _Armed.active
    previous = signal.signal(signal.SIGPROF, _on_expiry) if use_timer else None
    try:
        if use_timer:
            _Armed.active = True
            signal.setitimer(signal.ITIMER_PROF, seconds)
        yield
    except ItemTimeout as err:
        raise ItemTimeout("timeout", f"{what} used more than {seconds:g} s of CPU time") from err
    finally:
        if use_timer:
            _Armed.active = False
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, signal.SIG_DFL if previous is None else previous)
    if time.thread_time() - started > seconds:
        raise ItemTimeout("timeout", f"{what} used more than {seconds:g} s of CPU time")
