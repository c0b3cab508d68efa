"""The load refuses a staged run that tags one article twice with the same country or topic, or that
holds an article or its signature twice (articles and story_signatures have no primary key, migration
012); loading a run again changes nothing."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.errors import WarehouseError
from mediamon.warehouse.load import load_staged
from tests.support.warehouse_bench import warehouse_bench


def _stage(run_dir: Path, articles: int) -> None:
    """Stage a synthetic run with benchmarks/warehouse.py's stage()."""
    warehouse_bench().stage(run_dir / "validated", articles)


def _repeat_first_row(path: Path) -> None:
    """Rewrite a staged Parquet file with its first row twice."""
    with duckdb.connect() as con:
        con.execute("COPY (SELECT * FROM read_parquet($p) UNION ALL (SELECT * FROM read_parquet($p) LIMIT 1)) "
                    "TO $tmp (FORMAT parquet)", {"p": str(path), "tmp": str(path) + ".tmp"})
    Path(str(path) + ".tmp").replace(path)


@pytest.mark.parametrize(("table", "message"), [("article_countries", "times; fix the enrich stage"),
                                                ("article_topics", "times; fix the enrich stage"),
                                                ("articles", "holds article .* 2 times"),
                                                ("story_signatures", "holds 2 signatures of article")])
def test_a_run_holding_a_row_twice_is_refused_and_rolled_back(tmp_path: Path, table: str, message: str) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir, 30)
    _repeat_first_row(run_dir / "validated" / f"{table}.parquet")
    with pytest.raises(WarehouseError, match=message):
        load_staged(run_dir, db)
    with warehouse.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_a_run_with_each_tag_once_loads(tmp_path: Path) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir, 30)
    load_staged(run_dir, db)
    with warehouse.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 30
        assert con.execute("SELECT count(*) FROM article_countries").fetchone()[0] == 90


def test_a_signature_of_an_article_the_run_does_not_stage_is_refused(tmp_path: Path) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir, 30)
    signatures = run_dir / "validated" / "story_signatures.parquet"
    with duckdb.connect() as con:
        con.execute("COPY (SELECT * REPLACE ('elsewhere' AS article_id) FROM read_parquet($p) LIMIT 1) TO $tmp "
                    "(FORMAT parquet)", {"p": str(signatures), "tmp": str(signatures) + ".tmp"})
    Path(str(signatures) + ".tmp").replace(signatures)
    with pytest.raises(WarehouseError, match="signature of article elsewhere, which it does not stage"):
        load_staged(run_dir, db)


def _rows(db: Path, table: str) -> list[tuple]:
    """A table's rows, sorted, without the load's clock time."""
    with warehouse.connect(db, read_only=True) as con:
        return con.execute(f"SELECT * EXCLUDE (loaded_at) FROM {table} ORDER BY ALL" if table == "articles"
                           else f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_loading_a_run_again_changes_no_article_or_signature(tmp_path: Path) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir, 30)
    load_staged(run_dir, db)
    before = {table: _rows(db, table) for table in ("articles", "story_signatures", "article_countries")}
    load_staged(run_dir, db)
    assert {table: _rows(db, table) for table in before} == before
    assert len(before["articles"]) == len(before["story_signatures"]) == 30
