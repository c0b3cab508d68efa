"""Watches evaluated in the enrich shards of a real day (the fixture site on 127.0.0.1, the real stages, a
real DuckDB file): every enriched row holds its matches, validate stages the same matches as evaluating
its clean articles from scratch, only for clean articles, and the load stores them once however often the
run is finished again."""
from __future__ import annotations

import duckdb
import pytest

from mediamon import stages
from mediamon.errors import ConfigError
from mediamon.rundir import RunDir, read_jsonl
from mediamon.watches.enriched import CONFIG_FIELD, MATCHES_FIELD, watch_set
from mediamon.watches.staging import stage_watches
from tests.support.fixture_site import RUN_DATE
from tests.support.watched_day import watched_day

WATCHES = """\
watches:
  - name: georgia-protests
    query: protest* (Tbilisi OR Georgia) NOT football
  - name: water
    query: '"water-sharing" OR water*'
  - name: never
    query: zyzzyva
"""

STAGED_SQL = ("SELECT watch_name, article_id, matched_terms, snippet, matched_in FROM read_parquet($p) "
              "ORDER BY watch_name, article_id")


def _staged(path) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(STAGED_SQL, {"p": str(path)}).fetchall()


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """One fixture day up to the staged run, the shards and validate reading the same watches file."""
    with watched_day(tmp_path_factory.mktemp("watch-shards"), WATCHES) as (settings, run_dir):
        run = RunDir(run_dir)
        yield {"settings": settings, "watches": settings.watches_path, "run": run, "run_dir": run_dir,
               "staged": _staged(run.staged("watch_matches.parquet"))}


def test_every_enriched_row_holds_its_matches_and_the_watches_they_came_from(day):
    rows = [r for path in day["run"].all_enriched() for r in read_jsonl(path)]
    fingerprint = watch_set(day["watches"]).fingerprint
    assert rows and all(r[CONFIG_FIELD] == fingerprint and isinstance(r[MATCHES_FIELD], list) for r in rows)
    assert any(m["watch_name"] == "georgia-protests" for r in rows for m in r[MATCHES_FIELD])


def test_the_gathered_matches_equal_evaluating_the_clean_articles_anew(day):
    assert {m[0] for m in day["staged"]} >= {"georgia-protests", "water"}
    _, evaluated = stage_watches(day["run"], RUN_DATE, day["watches"])  # no rows: every staged article evaluated
    assert _staged(evaluated) == day["staged"]


def test_only_clean_articles_have_matches_staged(day):
    with duckdb.connect() as con:
        clean = {r[0] for r in con.execute("SELECT article_id FROM read_parquet($p)",
                                           {"p": str(day["run"].staged("articles.parquet"))}).fetchall()}
    enriched = {r["article_id"] for path in day["run"].all_enriched() for r in read_jsonl(path) if r[MATCHES_FIELD]}
    assert {m[1] for m in day["staged"]} == enriched & clean


def test_finishing_the_run_again_stores_each_match_once(day):
    stages.finish_run(day["run_dir"], day["settings"])
    with duckdb.connect(str(day["settings"].db_path), read_only=True) as con:
        stored = con.execute("SELECT watch_name, article_id, count(*) FROM watch_matches GROUP BY ALL "
                             "ORDER BY ALL").fetchall()
    assert [(w, a) for w, a, _ in stored] == sorted((m[0], m[1]) for m in day["staged"])
    assert all(n == 1 for _, _, n in stored)


def test_a_watch_naming_a_source_the_runs_registry_lacks_stops_the_staging(day, tmp_path):
    watches = tmp_path / "watches.yaml"
    watches.write_text("watches:\n  - name: courier\n    query: protest*\n    sources: [steppe-couriers]\n",
                       encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        stage_watches(day["run"], RUN_DATE, watches)
    assert str(caught.value) == ("watches.yaml: watch 'courier' field sources: 'steppe-couriers' is not a source of "
                                 "the registry (sources.yaml) (did you mean 'steppe-courier'?)")
