"""The load runs the steps that touch only refreshed articles' rows (load.REFRESH_STEPS) only when the run has
articles stored before it: a run of new articles skips them, a run loaded again with changed content still
refreshes its stored articles and replaces their tags."""
from __future__ import annotations

from pathlib import Path

import duckdb

from mediamon import warehouse
from mediamon.warehouse.load import LOAD_STEPS, REFRESH_STEPS, load_staged
from tests.support.warehouse_bench import warehouse_bench

ARTICLES = 20


def _stage(run_dir: Path) -> None:
    warehouse_bench().stage(run_dir / "validated", ARTICLES)


def _rewrite(path: Path, select: str) -> None:
    with duckdb.connect() as con:
        con.execute(f"COPY ({select.format(p=repr(str(path)))}) TO $tmp (FORMAT parquet)", {"tmp": str(path) + ".tmp"})
    Path(str(path) + ".tmp").replace(path)


def test_the_refresh_steps_are_load_steps_after_the_stored_articles_are_found() -> None:
    assert REFRESH_STEPS <= set(LOAD_STEPS)
    assert all(step > "05a_articles_stored" for step in REFRESH_STEPS)


def test_a_run_of_new_articles_skips_the_refresh_steps_and_a_reload_refreshes(tmp_path: Path) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir)
    first = load_staged(run_dir, db)
    assert {first["step_seconds"][step] for step in REFRESH_STEPS} == {0.0}
    validated = run_dir / "validated"
    _rewrite(validated / "articles.parquet", "SELECT * REPLACE ('changed ' || title AS title) FROM read_parquet({p})")
    _rewrite(validated / "article_countries.parquet",
             "SELECT * REPLACE ('KZ' AS country_code) FROM read_parquet({p}) WHERE is_focus")
    load_staged(run_dir, db)
    with warehouse.connect(db, read_only=True) as con:
        titles = con.execute("SELECT count(*), count(*) FILTER (title LIKE 'changed %') FROM articles").fetchone()
        countries = con.execute("SELECT count(*), count(DISTINCT country_code) FROM article_countries").fetchone()
        stems = con.execute("SELECT count(*), count(DISTINCT article_id) FROM article_event_stems").fetchone()
    assert titles == (ARTICLES, ARTICLES)  # 05b ran: every stored article refreshed, none added
    assert countries == (ARTICLES, 1)  # 06 ran: the old tags were replaced by the one staged now
    assert stems == (ARTICLES, ARTICLES)  # 20_event_terms_clear ran: one stems row per article, not two
