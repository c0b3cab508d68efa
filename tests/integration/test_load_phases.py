"""The load reports where its time goes: the seconds of each phase by the clock and of the process's CPU time,
for the same phases, so a slow load on a shared machine can be told from one that worked more."""
from __future__ import annotations

from pathlib import Path

from mediamon.warehouse.load import load_staged
from tests.support.warehouse_bench import warehouse_bench

PHASES = ["prepare", "open", "steps", "commit", "checkpoint", "close"]


def _stage(run_dir: Path, articles: int) -> None:
    """Stage a synthetic run of that many articles."""
    warehouse_bench().stage(run_dir / "validated", articles)


def test_a_load_gives_the_clock_and_cpu_seconds_of_the_same_phases(tmp_path: Path) -> None:
    _stage(tmp_path / "run", 200)
    loaded = load_staged(tmp_path / "run", tmp_path / "w.duckdb")
    assert list(loaded["phase_seconds"]) == PHASES
    assert list(loaded["phase_cpu_seconds"]) == PHASES
    assert loaded["phase_cpu_seconds"]["steps"] > 0  # the steps run SQL in this process: they take CPU time
