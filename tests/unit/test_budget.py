"""The per-item CPU-time budget: work past it stops with ItemTimeout('timeout'), on the main thread
(interrupted by the timer) and on other threads (checked when the block ends)."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from mediamon.budget import ItemTimeout, cpu_budget


def _spin(seconds: float) -> None:
    """Busy CPU work for about `seconds` of CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_work_inside_the_budget_runs_to_the_end() -> None:
    with cpu_budget(2.0, "extract"):
        _spin(0.05)


def test_endless_work_is_interrupted_with_reason_timeout() -> None:
    started = time.perf_counter()
    with pytest.raises(ItemTimeout) as caught:
        with cpu_budget(0.2, "enrich"):
            _spin(30.0)
    assert caught.value.reason == "timeout" and "enrich" in str(caught.value)
    assert time.perf_counter() - started < 10.0
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)  # the timer is disarmed afterwards


def test_off_the_main_thread_the_overrun_is_reported_when_the_work_ends() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with cpu_budget(0.05, "extract"):
                _spin(0.2)
        except ItemTimeout as err:
            errors.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(errors) == 1 and errors[0].reason == "timeout"


def test_a_zero_budget_means_no_limit() -> None:
    with cpu_budget(0, "extract"):
        _spin(0.05)
