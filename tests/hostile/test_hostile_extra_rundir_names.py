"""Names that become file names inside a run (run date, run id, source id) stay inside the run's folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.rundir import RETRY_ITEMS, RunDir


@pytest.mark.parametrize(("run_date", "run_id"), [("../../etc", "r"), ("2026-03-05", "../../../tmp/x"),
                                                  ("2026-03-05", "/abs"), ("2026-03-05", ".hidden"),
                                                  ("2026-03-05", "a/b"), ("2026-03-05", "x" * 101), ("", "r"),
                                                  ("2026-03-05", "r\x00"), ("2026-03-05", "..")])
def test_a_run_date_or_id_that_is_no_single_plain_segment_is_refused(tmp_path: Path, run_date: str, run_id: str) -> None:
    with pytest.raises(ValueError, match="cannot name a file"):
        RunDir.new(tmp_path, run_date, run_id)


@pytest.mark.parametrize("source_id", ["../x", "a/b", ".x", "", "s" * 101])
@pytest.mark.parametrize("path_of", ["feed_items", "feed_health", "feed_log"])
def test_a_source_id_that_is_no_single_plain_segment_names_no_file(tmp_path: Path, source_id: str, path_of: str) -> None:
    run = RunDir.new(tmp_path, "2026-03-05", "2026-03-05-013000-abc123")
    with pytest.raises(ValueError, match="source id"):
        getattr(run, path_of)(source_id)


def test_the_run_layout_still_names_its_own_files(tmp_path: Path) -> None:
    run = RunDir.new(tmp_path, "2026-03-05", "2026-03-05-013000-abc123")
    assert run.feed_items("daily-meridian").parent == run.path / "feeds"
    assert run.retry_items.name == f"{RETRY_ITEMS}.jsonl" and run.feed_items("_polled").name == "_polled.jsonl"
    assert run.feed_log("a.b").name == "feeds-a.b.jsonl"


def test_a_source_id_of_star_makes_a_glob_of_every_source_file_but_no_run_id_does(tmp_path: Path) -> None:
    run = RunDir.new(tmp_path, "2026-03-05", "2026-03-05-013000-abc123")
    assert run.feed_items("*") == run.path / "feeds" / "*.jsonl"  # the shared-storage manifests glob with it
    with pytest.raises(ValueError, match="cannot name a file"):
        RunDir.new(tmp_path, "2026-03-05", "*")
