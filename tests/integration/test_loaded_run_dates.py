"""loaded_run_dates: the days a warehouse holds a run of, for the digest DAG's check of its logical date."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.errors import WarehouseError
from mediamon.warehouse.query import loaded_run_dates


def test_the_days_with_a_run_are_given(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with warehouse.connect(db) as con:
        for n, day in enumerate(["2026-01-14", "2026-01-15", "2026-01-15"]):
            con.execute("INSERT INTO runs BY NAME SELECT ? AS run_id, ?::DATE AS run_date, now() AS started_at, "
                        "now() AS loaded_at, 0 AS feeds, 0 AS pages, 0 AS articles, 0 AS quarantined",
                        [f"run-{n}", day])
    assert loaded_run_dates(db) == {"2026-01-14", "2026-01-15"}


def test_no_warehouse_yet_has_no_day(tmp_path: Path) -> None:
    assert loaded_run_dates(tmp_path / "absent.duckdb") == set()


def test_a_file_that_is_not_a_warehouse_is_an_error_not_an_empty_warehouse(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(WarehouseError, match="not a Media Monitor warehouse"):
        loaded_run_dates(other)
