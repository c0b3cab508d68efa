"""fetch_log and item_outcomes have no primary key (migration 014): the load refuses a staged run that holds a
fetch attempt or an item's outcome twice, loading a run again replaces its own rows, and a warehouse written
before 014 keeps its rows when it upgrades."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.errors import WarehouseError
from mediamon.warehouse.load import load_staged
from tests.support.old_warehouse import create_at
from tests.support.warehouse_bench import warehouse_bench

ARTICLES = 30
LOGS = ("fetch_log", "item_outcomes")
ROWS = {"fetch_log": "SELECT * FROM fetch_log ORDER BY ALL", "item_outcomes": "SELECT * FROM item_outcomes ORDER BY ALL"}


def _stage(run_dir: Path) -> None:
    """Stage a synthetic run with benchmarks/warehouse.py's stage(), with a page fetch and an item outcome per
    article."""
    module = warehouse_bench()
    module.stage(run_dir / "validated", ARTICLES, span=module.Span(days=1, run_id="logs"), logs=True)


def _repeat_last_row(path: Path) -> None:
    """Rewrite a staged Parquet file with its last row twice."""
    with duckdb.connect() as con:
        con.execute("COPY (SELECT * FROM read_parquet($p) UNION ALL (SELECT * FROM read_parquet($p) "
                    "ORDER BY ALL DESC LIMIT 1)) TO $tmp (FORMAT parquet)", {"p": str(path), "tmp": str(path) + ".tmp"})
    Path(str(path) + ".tmp").replace(path)


def _rows(db: Path) -> dict[str, list[tuple]]:
    with warehouse.connect(db, read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in ROWS.items()}


def test_the_logs_have_no_primary_key_and_a_run_loaded_twice_keeps_one_row_per_key(tmp_path: Path) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir)
    load_staged(run_dir, db)
    once = _rows(db)
    load_staged(run_dir, db)
    assert len(once["fetch_log"]) == 2000 + ARTICLES
    assert len(once["item_outcomes"]) == ARTICLES
    with warehouse.connect(db, read_only=True) as con:
        keyed = con.execute("SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
                            "AND table_name IN ('fetch_log', 'item_outcomes')").fetchall()
        keys = con.execute("SELECT (SELECT count(DISTINCT (run_id, kind, url, attempt)) FROM fetch_log), "
                           "(SELECT count(DISTINCT (run_id, item_id)) FROM item_outcomes)").fetchone()
    assert keyed == []
    assert keys == (2000 + ARTICLES, ARTICLES)
    assert _rows(db) == once  # loaded again: the run's rows replaced, not added to


@pytest.mark.parametrize(("table", "message"), [("fetch_log", "holds attempt 1 of the .* fetch of .* 2 times"),
                                                ("item_outcomes", "holds the outcome of item .* 2 times")])
def test_a_run_holding_a_log_row_twice_is_refused_and_rolled_back(tmp_path: Path, table: str, message: str) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir)
    _repeat_last_row(run_dir / "validated" / f"{table}.parquet")
    with pytest.raises(WarehouseError, match=message):
        load_staged(run_dir, db)
    with warehouse.connect(db, read_only=True) as con:
        assert con.execute("SELECT (SELECT count(*) FROM fetch_log), (SELECT count(*) FROM item_outcomes), "
                           "(SELECT count(*) FROM articles)").fetchone() == (0, 0, 0)


def test_a_warehouse_written_before_014_keeps_its_log_rows(tmp_path: Path) -> None:
    run_dir, db, old = tmp_path / "run", tmp_path / "new.duckdb", tmp_path / "old.duckdb"
    _stage(run_dir)
    load_staged(run_dir, db)
    expected = _rows(db)
    create_at(old, "013_article_id_keys", ["article_id_key", "key_day_counts", "search_tokens"])
    with duckdb.connect(str(old)) as con:
        con.execute(f"ATTACH '{db}' AS new (READ_ONLY)")
        for name in LOGS:
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM new.{name}")
        keyed = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
                            "AND table_name IN ('fetch_log', 'item_outcomes')").fetchone()[0]
    assert keyed == 2  # the old tables had their keys
    with warehouse.connect(old):  # upgrades
        pass
    assert _rows(old) == expected
