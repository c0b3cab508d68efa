"""key_day_counts (migration 003): kept exact by the load, backfilled on upgrade, and the digest's
daily key counts read from it equal the counts computed from the articles and their tags."""
from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from mediamon import warehouse
from mediamon.digest import build_digests
from mediamon.errors import WarehouseError
from mediamon.warehouse.load import load_staged
from tests.support.old_warehouse import create_at
from tests.support.warehouse_bench import warehouse_bench

ARTICLES = 1500

# The digest's key counts as computed before key_day_counts existed: every article joined to its tags.
DIRECT_KEY_COUNTS = """
WITH days AS (
    SELECT day, articles, coverage_gap FROM ingest_days WHERE day BETWEEN $start AND $run_date
), counts AS (
    SELECT k.kind, k.key, a.run_date AS day, count(*) AS articles,
           count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
    FROM article_keys k JOIN articles a USING (article_id)
    WHERE a.run_date BETWEEN $start AND $run_date
    GROUP BY k.kind, k.key, a.run_date
), keys AS (
    SELECT kind, key, max(label) AS label FROM article_keys GROUP BY kind, key
)
SELECT k.kind, k.key, k.label, d.day, coalesce(c.articles, 0) AS articles, coalesce(c.stories, 0) AS stories,
       coalesce(c.articles, 0) / nullif(d.articles, 0) AS share, d.coverage_gap
FROM keys k CROSS JOIN days d
LEFT JOIN counts c ON c.kind = k.kind AND c.key = k.key AND c.day = d.day
ORDER BY kind, key, day
"""
DIRECT_TABLE = """
SELECT a.run_date AS day, k.kind, k.key, max(k.label) AS label, count(*) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a JOIN article_keys k USING (article_id)
GROUP BY ALL ORDER BY day, kind, key
"""
TABLE = "SELECT day, kind, key, label, articles, stories FROM key_day_counts ORDER BY day, kind, key"
# The places that compute the daily key counts; each calls macros/key_day_counts.sql's key_day_counts_on.
# The load (load/17_key_day_counts_insert) writes the rule out with the tags filtered on their day as well,
# so a daily load does not read every tag; the tests below check it counts what the rule counts.
RULE_CALLERS = ("views/04_key_daily_counts", "migrations/003_key_day_counts", "queries/key_day_counts_rebuild")


def _bench():
    """benchmarks/warehouse.py as a module: its stage() writes a run's validated files."""
    return warehouse_bench()


def _frames(db: Path, *sqls: str, params: dict | None = None) -> list[pd.DataFrame]:
    """The results of sqls on a read-only connection."""
    with warehouse.connect(db, read_only=True) as con:
        return [con.execute(sql, params or {}).df() for sql in sqls]


def _assert_table_is_exact(db: Path) -> pd.DataFrame:
    """key_day_counts equals the counts computed from articles and tags; returns it."""
    table, direct = _frames(db, TABLE, DIRECT_TABLE)
    assert len(table) > 0
    pd.testing.assert_frame_equal(table, direct)
    return table


def _refresh_run(first: Path, second: Path) -> None:
    """A second run: the first run's 200 first articles again (refreshed, with new tags: KZ and
    civil unrest only) plus 100 new articles on a new day."""
    src, out = first / "validated", second / "validated"
    shutil.copytree(src, out)
    con = duckdb.connect()
    new_day = "2026-01-01"
    con.execute(f"""COPY (FROM (FROM read_parquet('{src}/articles.parquet') LIMIT 200)
                          UNION ALL
                          FROM (SELECT * REPLACE ('new' || article_id AS article_id, '{new_day}' AS run_date,
                                                  url || '?new' AS url)
                                FROM read_parquet('{src}/articles.parquet') LIMIT 100 OFFSET 200))
                    TO '{out}/articles.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT article_id, 'KZ' AS country_code, 2 AS mentions, true AS is_focus, '[]' AS spans
                          FROM read_parquet('{out}/articles.parquet'))
                    TO '{out}/article_countries.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT article_id, 'medtop:20000065' AS topic_code, 'civil unrest' AS topic_label,
                                 0.9 AS score, '[]' AS evidence FROM read_parquet('{out}/articles.parquet'))
                    TO '{out}/article_topics.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT * FROM read_parquet('{src}/story_signatures.parquet')
                          WHERE article_id IN (SELECT article_id FROM read_parquet('{out}/articles.parquet')))
                    TO '{out}/story_signatures.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT * REPLACE ('second' AS run_id) FROM read_parquet('{src}/fetch_log.parquet'))
                    TO '{out}/fetch_log.parquet' (FORMAT parquet)""")
    run = json.loads((out / "run.json").read_text()) | {"run_id": "second", "run_date": new_day, "articles": 300}
    (out / "run.json").write_text(json.dumps(run))
    con.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A warehouse loaded from one staged run of ARTICLES articles; returns (db, first run, second run)."""
    tmp = tmp_path_factory.mktemp("kdc")
    first, second = tmp / "run1", tmp / "run2"
    _bench().stage(first / "validated", ARTICLES)
    _refresh_run(first, second)
    db = tmp / "wh.duckdb"
    load_staged(first, db)
    return db, first, second


def test_load_fills_key_day_counts_exactly(loaded) -> None:
    db, _, _ = loaded
    table = _assert_table_is_exact(db)
    assert table["articles"].sum() == ARTICLES * 5       # three countries and two topics each


def test_a_refreshing_run_recounts_the_days_it_touches(loaded, tmp_path: Path) -> None:
    db, _, second = loaded
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(db, copy)
    before = _frames(copy, TABLE)[0]
    load_staged(second, copy)
    after = _assert_table_is_exact(copy)
    assert not after.equals(before)
    kz_unrest = after[(after["key"] == "medtop:20000065")]
    assert kz_unrest["articles"].sum() == 300
    assert date(2026, 1, 1) in set(pd.to_datetime(after["day"]).dt.date)
    load_staged(second, copy)                            # a retried load changes nothing
    pd.testing.assert_frame_equal(_frames(copy, TABLE)[0], after)


@pytest.mark.parametrize("run_date", ["2025-12-31", "2025-06-15", "2025-01-03"])
def test_digest_key_counts_equal_the_direct_computation(loaded, run_date: str) -> None:
    db, _, _ = loaded
    day = date.fromisoformat(run_date)
    params = {"run_date": day, "start": day - timedelta(days=65)}
    with warehouse.connect(db, read_only=True) as con:
        con.execute(warehouse.read_sql("queries/digest_window_days"), params)
        ours = con.execute(warehouse.read_sql("queries/digest_key_counts"),
                           {**params, "watched_countries": [], "watched_topics": []}).df()
        direct = con.execute(DIRECT_KEY_COUNTS, params).df()
    assert len(ours) > 0
    pd.testing.assert_frame_equal(ours, direct)


def test_the_digest_is_unchanged_by_a_rebuild_of_the_table(loaded, tmp_path: Path) -> None:
    db, _, _ = loaded
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(db, copy)
    build_digests(db, "2025-12-31", tmp_path / "a")
    with warehouse.connect(copy) as con:
        con.execute("DELETE FROM key_day_counts")
        assert warehouse.rebuild_key_day_counts(con) > 0
    build_digests(copy, "2025-12-31", tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.json"))
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_a_warehouse_at_migration_002_upgrades_and_backfills(loaded, tmp_path: Path) -> None:
    db, _, _ = loaded
    old = tmp_path / "old.duckdb"
    create_at(old, "002_search", ["search_tokens"])
    with duckdb.connect(str(old)) as con:
        con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
        for table in ("articles", "article_countries", "article_topics", "runs", "validation_results"):
            newer = {"articles": " EXCLUDE (event_id)", "article_countries": " EXCLUDE (article_run_date)",  # columns of later
                     "article_topics": " EXCLUDE (article_run_date)"}.get(table, "")                     # migrations
            con.execute(f"INSERT INTO {table} SELECT *{newer} FROM src.{table}")
        con.execute("DETACH src")
        assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'key_day_counts'").fetchone()[0]
    with pytest.raises(WarehouseError, match="003_key_day_counts"):
        build_digests(old, "2025-12-31", tmp_path / "digests")
    with warehouse.connect(old) as con:
        assert warehouse.apply_schema(con) == []         # connect applied 003 already
        versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
    assert "003_key_day_counts" in versions           # later migrations may follow it
    pd.testing.assert_frame_equal(_assert_table_is_exact(old), _frames(db, TABLE)[0])


def _code(name: str) -> str:
    """include/mediamon/sql/<name>.sql without its comments, in lower case."""
    return "\n".join(line.split("--", 1)[0] for line in warehouse.read_sql(name).splitlines()).lower()


def test_the_rule_has_one_definition_that_every_place_calls() -> None:
    rule = _code("macros/key_day_counts")
    assert "count(distinct coalesce(a.story_id, a.article_id)) as stories" in rule
    assert re.search(r"group by a\.run_date, k\.kind, k\.key", rule)
    for name in RULE_CALLERS:
        code = _code(name)
        assert "key_day_counts_on(" in code, name
        assert "count(" not in code and "story_id" not in code, name               # no count of its own
        assert not re.search(r"group\s+by[^;]*run_date", code), name
        assert "article_countries" not in code and "article_topics" not in code, name


def test_the_macro_is_created_before_the_tables_exist() -> None:
    with duckdb.connect() as con:                     # a new warehouse: apply_schema runs macros before 001
        con.execute(warehouse.read_sql("macros/key_day_counts"))
        with pytest.raises(duckdb.CatalogException, match="articles"):
            con.execute("FROM key_day_counts_on(NULL)")


def test_the_macro_counts_the_days_it_is_given(loaded) -> None:
    db, _, _ = loaded
    days = [date(2025, 12, 31), date(2025, 6, 15)]
    with warehouse.connect(db, read_only=True) as con:
        every = con.execute("FROM key_day_counts_on(NULL) ORDER BY day, kind, key").df()
        some = con.execute("FROM key_day_counts_on($days) ORDER BY day, kind, key", {"days": days}).df()
        none = con.execute("SELECT count(*) FROM key_day_counts_on([]::DATE[])").fetchone()[0]
        direct = con.execute(DIRECT_TABLE).df()
    pd.testing.assert_frame_equal(every, direct)
    expected = direct[pd.to_datetime(direct["day"]).dt.date.isin(days)].reset_index(drop=True)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(some, expected)
    assert none == 0


def test_the_views_read_the_stored_macro_on_a_read_only_connection(loaded, tmp_path: Path) -> None:
    db, _, _ = loaded
    copy = tmp_path / "analyst.duckdb"
    shutil.copyfile(db, copy)                         # a file no connection of this process has opened
    with warehouse.connect(copy, read_only=True, external_access=False) as con:  # as `mediamon query`
        view = con.execute("SELECT day, kind, key, articles, stories FROM key_daily_counts WHERE articles > 0 "
                           "ORDER BY day, kind, key").df()
        zeros = con.execute("SELECT count(*) FROM key_daily_counts WHERE articles = 0").fetchone()[0]
        spikes = con.execute("SELECT count(*) FROM key_daily WHERE day = DATE '2025-12-31'").fetchone()[0]
        direct = con.execute(DIRECT_TABLE).df().drop(columns="label")
    pd.testing.assert_frame_equal(view, direct)
    assert zeros > 0 and spikes > 0


def test_two_runs_on_one_day_sharing_a_story_count_it_once(tmp_path: Path) -> None:
    bench = _bench()
    db = tmp_path / "wh.duckdb"
    first, second = tmp_path / "run-a", tmp_path / "run-b"
    # Articles 0-99, then 100-199, on the same day: the benchmark gives articles i - i % 3 .. i - i % 3 + 2 one
    # story, so article 99 (first run) and article 100 (second run) share a story; 100 gets 99's countries.
    bench.stage(first / "validated", 100, span=bench.Span(first=0, days=1, run_id="run-a"))
    bench.stage(second / "validated", 100, span=bench.Span(first=100, days=1, run_id="run-b"))
    tags = str(second / "validated" / "article_countries.parquet")
    with duckdb.connect() as con:
        con.execute("COPY (SELECT * FROM read_parquet($b) WHERE article_id <> $a100 UNION ALL "
                    "SELECT * REPLACE ($a100 AS article_id) FROM read_parquet($a) WHERE article_id = $a99) TO $t "
                    "(FORMAT parquet)", {"a": str(first / "validated" / "article_countries.parquet"), "b": tags,
                                          "t": tags + ".tmp", "a99": _bench_id(99), "a100": _bench_id(100)})
        shared = {c for (c,) in con.execute("SELECT country_code FROM read_parquet($t) WHERE article_id = $a100",
                                             {"t": tags + ".tmp", "a100": _bench_id(100)}).fetchall()}
    Path(tags + ".tmp").replace(tags)
    assert len(shared) == 3
    load_staged(first, db)
    load_staged(second, db)
    table = _assert_table_is_exact(db).set_index(["day", "kind", "key"])
    first_only = _counts_alone(first, tmp_path / "first-alone.duckdb")
    second_only = _counts_alone(second, tmp_path / "second-alone.duckdb")
    summed = first_only[["articles", "stories"]].add(second_only[["articles", "stories"]], fill_value=0)
    assert (table["articles"] == summed["articles"]).all()
    countries = table.xs("country", level="kind")
    summed_countries = summed.xs("country", level="kind")
    for code in shared:  # the story of articles 99 and 100 is counted once on their countries' rows
        assert countries.loc[(slice(None), code), "stories"].iloc[0] == summed_countries.loc[
            (slice(None), code), "stories"].iloc[0] - 1
    load_staged(second, db)                           # a retried second run changes nothing
    pd.testing.assert_frame_equal(_frames(db, TABLE)[0].set_index(["day", "kind", "key"]), table)


def _bench_id(i: int) -> str:
    """The article_id benchmarks/warehouse.py stages for article i."""
    import hashlib

    return hashlib.md5(str(i).encode()).hexdigest()[:16]


def _counts_alone(run_dir: Path, db: Path) -> pd.DataFrame:
    """key_day_counts of a new warehouse holding run_dir alone, indexed by day, kind and key."""
    load_staged(run_dir, db)
    return _frames(db, TABLE)[0].set_index(["day", "kind", "key"])
