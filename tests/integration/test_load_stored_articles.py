"""The load finds which of a run's articles are stored already through their integer keys (migration 013,
article_id_keys, macros/article_id_key.sql), and articles themselves for ids without a key: loading a run
again stores nothing twice, whatever its ids, and a warehouse written before 013 upgrades and finds its
stored articles."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.settings import SQL_DIR
from mediamon.text.urls import canonical_article_id
from mediamon.warehouse.load import load_staged
from tests.support.old_warehouse import create_at
from tests.support.warehouse_bench import warehouse_bench

ARTICLES = 40
TAGGED = ("articles", "article_countries", "article_topics", "story_signatures")  # the staged files holding ids
# Staged ids rewritten (SQL on the canonical id `id`): upper case, shorter, longer, not hex, and half odd.
ID_STYLES = {"canonical": "id", "upper": "upper(id)", "short": "left(id, 9)", "long": "id || '0'",
             "not_hex": "'art-' || id", "half": "CASE WHEN id < '8' THEN id ELSE upper(id) END"}
KEYS = "SELECT id_key, run_date FROM article_id_keys ORDER BY ALL"
KEYS_OF_ARTICLES = ("SELECT article_id_key(article_id), run_date FROM articles "
                    "WHERE article_id_key(article_id) IS NOT NULL ORDER BY ALL")


def _stage(run_dir: Path, articles: int, ids: str = "id") -> None:
    """Stage a synthetic run with benchmarks/warehouse.py's stage(), its ids rewritten by the SQL `ids`."""
    validated = run_dir / "validated"
    warehouse_bench().stage(validated, articles)
    with duckdb.connect() as con:
        for name in TAGGED:
            path = str(validated / f"{name}.parquet")
            con.execute(f"COPY (SELECT * REPLACE ((SELECT {ids} FROM (SELECT article_id AS id)) AS article_id) "
                        "FROM read_parquet($p)) TO $tmp (FORMAT parquet)", {"p": path, "tmp": path + ".tmp"})
            Path(path + ".tmp").replace(path)


def _figures(db: Path) -> tuple[int, int, int]:
    """Stored articles, distinct stored ids, integer keys stored."""
    with warehouse.connect(db, read_only=True) as con:
        return con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT article_id) FROM articles), "
                           "(SELECT count(*) FROM article_id_keys)").fetchone()


def _assert_keys_are_the_articles(db: Path) -> None:
    """article_id_keys holds one row per stored article with a key, and no other."""
    with warehouse.connect(db, read_only=True) as con:
        assert con.execute(KEYS).fetchall() == con.execute(KEYS_OF_ARTICLES).fetchall()


def test_the_key_is_the_number_a_canonical_id_spells_and_null_for_any_other_id() -> None:
    canonical = canonical_article_id("https://news.example/a/1")
    with duckdb.connect() as con:
        con.execute(warehouse.read_sql("macros/article_id_key"))
        keys = dict(con.execute("SELECT id, article_id_key(id) FROM unnest($ids) t(id)",
                                {"ids": [canonical, "ffffffffffffffff", "0000000000000000", canonical.upper(),
                                         canonical[:15], canonical + "0", "0x" + canonical[:14], "art-1", "",
                                         " " + canonical[:15], "00000000_0000000"]}).fetchall())
    assert keys.pop(canonical) == int(canonical, 16)
    assert keys.pop("ffffffffffffffff") == 2**64 - 1
    assert keys.pop("0000000000000000") == 0
    assert set(keys.values()) == {None}


@pytest.mark.parametrize("style", ID_STYLES)
def test_loading_a_run_again_stores_no_article_twice(tmp_path: Path, style: str) -> None:
    run_dir, db = tmp_path / "run", tmp_path / "w.duckdb"
    _stage(run_dir, ARTICLES, ID_STYLES[style])
    with duckdb.connect() as con:
        ids = [i for (i,) in con.execute("SELECT article_id FROM read_parquet($p)",
                                         {"p": str(run_dir / "validated" / "articles.parquet")}).fetchall()]
    keyed = sum(bool(re.fullmatch("[0-9a-f]{16}", i)) for i in ids)
    load_staged(run_dir, db)
    load_staged(run_dir, db)
    assert _figures(db) == (ARTICLES, ARTICLES, keyed)
    _assert_keys_are_the_articles(db)


def test_an_upper_case_id_and_its_lower_case_form_are_two_articles(tmp_path: Path) -> None:
    upper, lower, db = tmp_path / "upper", tmp_path / "lower", tmp_path / "w.duckdb"
    _stage(upper, ARTICLES, "upper(id)")
    _stage(lower, ARTICLES)
    for run_dir in (upper, lower, upper, lower):
        load_staged(run_dir, db)
    assert _figures(db) == (2 * ARTICLES, 2 * ARTICLES, ARTICLES)
    _assert_keys_are_the_articles(db)


# Tables whose rows an older warehouse holds in another form: before migration 015, the search index named
# each row's article by its id's text; before 016, the event stems had no run date.
OLD_FORM = {"search_terms": "SELECT term, coalesce(unkeyed_article_id, printf('%016x', id_key)) AS article_id, tf "
                            "FROM src.search_terms",
            "article_event_stems": "SELECT article_id, title_stems, lead_stems FROM src.article_event_stems"}


def _copy_tables(src: Path, old: Path) -> None:
    """Copy every table the old warehouse has (but its migration list) from src, by column name (the columns the
    old table has: later migrations add some)."""
    with duckdb.connect(str(old)) as con:
        con.execute(f"ATTACH '{src}' AS src (READ_ONLY)")
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'old' "
                                            "AND table_name <> 'schema_migrations'").fetchall()]
        for table in tables:
            columns = ", ".join(c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'old' AND table_name = ? "
                "ORDER BY column_index", [table]).fetchall())
            rows = OLD_FORM.get(table, f"SELECT {columns} FROM src.{table}")
            con.execute(f"INSERT INTO old.{table} BY NAME {rows}")
        con.execute("DETACH src")


def test_a_warehouse_written_before_migration_013_upgrades_and_finds_its_articles(tmp_path: Path) -> None:
    run_dir, src, old = tmp_path / "run", tmp_path / "src.duckdb", tmp_path / "old.duckdb"
    _stage(run_dir, ARTICLES, ID_STYLES["half"])
    load_staged(run_dir, src)
    create_at(old, "012_articles_unindexed",  # the article_id_key macro came with migration 013
              [m.stem for m in sorted((SQL_DIR / "macros").glob("*.sql")) if m.stem != "article_id_key"])
    _copy_tables(src, old)
    with duckdb.connect(str(old), read_only=True) as con:
        assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'article_id_keys'").fetchone()[0]
    load_staged(run_dir, old)
    with warehouse.connect(old, read_only=True) as con:
        versions = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    assert {"013_article_id_keys", "016_event_stems_by_day"} <= versions
    assert _figures(old) == _figures(src)
    assert 0 < _figures(old)[2] < ARTICLES
    _assert_keys_are_the_articles(old)
    with duckdb.connect(str(old), read_only=True) as con:  # 016 gave the copied stems their articles' run date
        stems = con.execute("SELECT count(*), count(*) FILTER (WHERE s.article_run_date = a.run_date) "
                            "FROM article_event_stems s JOIN articles a USING (article_id)").fetchone()
    assert stems[0] > 0 and stems[0] == stems[1]
