"""Several writers (loads and search reindexes) and readers on one warehouse file, in separate
processes: writers take turns, nothing is ever lost, and a writer kept out fails with a clear error."""
from __future__ import annotations

import shutil

import pytest

from mediamon import warehouse
from mediamon.warehouse.load import load_staged
from tests.support.two_days import build_two_days
from tests.support.writer_race import counts, race

RACE_TIME_LIMIT_S = 240.0


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    """Day 1 loaded, day 2 staged."""
    return build_two_days(tmp_path_factory.mktemp("race"))


@pytest.fixture
def day_one_db(two_days, tmp_path):
    """A private copy of the day-1 warehouse and day 2's run directory."""
    db, run_dir = two_days
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(db, copy)
    return copy, run_dir


def test_writers_and_readers_racing_lose_no_row(day_one_db):
    db, run_dir = day_one_db
    figures = race(db, run_dir, writers=3, readers=2, iterations=4, time_limit_s=RACE_TIME_LIMIT_S)

    assert figures["killed_workers"] == 0, figures
    assert figures["rows_lost"] == 0, figures
    assert set(figures["writer_outcomes"]) <= {"ok", "locked"}, figures
    assert figures["writer_outcomes"].get("ok", 0) >= 1, figures
    assert figures["after"] == {"articles": 3, "runs": 2}, figures


def test_a_second_writer_waits_for_the_first(day_one_db):
    db, run_dir = day_one_db
    with warehouse.writer_lock(db):
        with pytest.raises(warehouse.WarehouseLocked, match="being written by another process"):
            with warehouse.connect(db, wait_s=0.3):
                pass
    assert load_staged(run_dir, db)["warehouse_articles"] == 3


def test_a_copy_that_lost_runs_is_never_swapped_in(day_one_db, monkeypatch):
    db, run_dir = day_one_db
    monkeypatch.setattr(warehouse, "_copy_database", lambda path, copy: copy.unlink(missing_ok=True))
    import duckdb

    reader = duckdb.connect(str(db), read_only=True)  # forces the copy-then-swap path
    try:
        with pytest.raises(warehouse.WarehouseError):
            with warehouse.connect(db, wait_s=0.2):
                pass
    finally:
        reader.close()
    assert counts(db) == {"articles": 1, "runs": 1}
