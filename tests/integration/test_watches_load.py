"""Watches through a real day: the fixture site on 127.0.0.1, the real stages, a real DuckDB file. A
loaded day fills watch_matches once, with evidence, however often the run is loaded or the day re-run;
the watches table mirrors watches.yaml as the latest run read it; a run staged before watches existed gets them."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from mediamon.rundir import RunDir
from mediamon.warehouse.load import load_staged
from tests.support.fixture_site import RUN_DATE
from tests.support.watched_day import run_watched_day, watched_day

WATCHES = """\
watches:
  - name: georgia-protests
    query: protest* (Tbilisi OR Georgia) NOT football
    alert: true
  - name: water-deal
    query: '"water-sharing" OR "water sharing agreement"'
    countries: [KZ]
  - name: water-deal-in-france
    query: '"water-sharing"'
    countries: [FR]
  - name: never
    query: zyzzyva
"""


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


MATCHES_SQL = "SELECT watch_name, matched_terms, matched_in, snippet FROM watch_matches ORDER BY watch_name"


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """One fixture day run through every stage (the digest is not this test's concern) with its own watches."""
    with watched_day(tmp_path_factory.mktemp("watches"), WATCHES) as (settings, run_dir):
        yield {"settings": settings, "watches": settings.watches_path,
               "after_first": _rows(settings.db_path, MATCHES_SQL), "run_dir": run_dir}


def test_a_loaded_day_stores_each_match_once_with_its_evidence(day):
    rows = day["after_first"]
    assert [r[0] for r in rows] == ["georgia-protests", "water-deal"]
    georgia = rows[0]
    assert georgia[1] == ["protest*", "tbilisi", "georgia"]
    assert georgia[2] == "text" and "Tbilisi" in georgia[3] and "rotest" in georgia[3]
    assert rows[1][1] == ['"water-sharing"']


def test_reloading_the_run_and_rerunning_the_day_adds_no_match(day):
    settings = day["settings"]
    load_staged(day["run_dir"], settings.db_path, settings.watches_path)
    assert _rows(settings.db_path, MATCHES_SQL) == day["after_first"]
    run_watched_day(settings)  # a second run of the day: its articles are known, none is re-loaded
    assert _rows(settings.db_path, MATCHES_SQL) == day["after_first"]
    assert _rows(settings.db_path, "SELECT count(*), count(DISTINCT (watch_name, article_id)) FROM watch_matches") \
        == [(2, 2)]


def test_the_watches_table_mirrors_the_yaml_of_the_last_load(day):
    settings, watches = day["settings"], day["watches"]
    assert {r[0] for r in _rows(settings.db_path, "SELECT name FROM watches")} == {
        "georgia-protests", "water-deal", "water-deal-in-france", "never"}
    assert _rows(settings.db_path, "SELECT countries, alert FROM watches WHERE name = 'water-deal'") == [(["KZ"], False)]
    run = RunDir(day["run_dir"])
    manifest = json.loads(run.staged("run.json").read_text(encoding="utf-8"))  # started after the day's re-run,
    manifest["started_at"] = datetime.now(timezone.utc).isoformat()  # so its definitions are the newest
    run.staged("run.json").write_text(json.dumps(manifest), encoding="utf-8")
    watches.write_text(WATCHES.split("  - name: water-deal\n")[0], encoding="utf-8")  # only georgia-protests
    for staged in ("watches.parquet", "watch_matches.parquet"):  # as a run validated before watches existed
        run.staged(staged).unlink()
    load_staged(run.path, settings.db_path, settings.watches_path)
    assert _rows(settings.db_path, "SELECT name FROM watches") == [("georgia-protests",)]
    assert run.staged("watch_matches.parquet").is_file()
    # the run's articles were evaluated again, with the new definitions: the removed watch's match went
    assert [r[:2] for r in _rows(settings.db_path, MATCHES_SQL)] == [("georgia-protests", day["after_first"][0][1])]


def test_the_reader_queries_count_and_list_the_days_matches(day):
    from mediamon.warehouse import read_sql

    with duckdb.connect(str(day["settings"].db_path), read_only=True) as con:
        daily = con.execute(read_sql("queries/watch_daily"), {"run_date": RUN_DATE, "days": 3}).fetchall()
        listed = con.execute(read_sql("queries/watch_matches_day"), {"run_date": RUN_DATE}).fetchall()
    assert [(w, str(d), n) for w, d, n in daily if w == "georgia-protests"] == [
        ("georgia-protests", "2026-01-13", 0), ("georgia-protests", "2026-01-14", 0),
        ("georgia-protests", "2026-01-15", 1)]
    assert listed[0][0] == "georgia-protests" and "Tbilisi" in listed[0][3]


def test_reloading_an_older_run_keeps_the_newer_runs_definitions(day):
    settings = day["settings"]
    run_watched_day(settings)  # a run that started after the fixture's, loaded with the current definitions
    before = _rows(settings.db_path, "SELECT name, query FROM watches ORDER BY name")
    staged = str(RunDir(day["run_dir"]).staged("watches.parquet"))
    with duckdb.connect() as con:  # the fixture's run as if evaluated with other definitions
        con.execute("COPY (SELECT * REPLACE ('stale' AS name) FROM read_parquet($w) LIMIT 1) TO $t (FORMAT parquet)",
                    {"w": staged, "t": staged + ".new"})
    Path(staged + ".new").replace(staged)
    load_staged(day["run_dir"], settings.db_path, settings.watches_path)
    assert _rows(settings.db_path, "SELECT name, query FROM watches ORDER BY name") == before
