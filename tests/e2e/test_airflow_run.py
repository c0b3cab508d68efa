"""Real Airflow: `airflow dags test media_ingest` then `media_digest` against the fixture site, media_ingest
twice; a day with every feed dead; a day of 2022; and `make demo`'s script. The fixture site's runs share one
migrated Airflow home (SQLite), each with its own warehouse and data directory."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from mediamon.warehouse.state import DEAD_FEED_FAILURES
from tests.support.demo_history import HISTORY_DAYS, demo_history
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite, Site

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e
NEXT_DATE = "2026-01-16"


def _airflow(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    airflow = Path(sys.executable).with_name("airflow")
    return subprocess.run([str(airflow), *args], env=env, capture_output=True, text=True, timeout=600)


def _counts(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_countries), "
                           "(SELECT count(*) FROM article_topics), (SELECT count(*) FROM quarantine), "
                           "(SELECT count(DISTINCT story_id) FROM articles)").fetchone()


def _loaded_runs(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM runs").fetchone()[0]


def _airflow_env(home: Path, tmp: Path, site: Site) -> dict[str, str]:
    """The environment of an `airflow` command: this project's DAGs and plugin, the Airflow home, and a
    warehouse, data directory and one-source registry (the running fixture site) under tmp."""
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT / "plugins"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "PYTHONPATH": f"{PROJECT / 'include'}:{PROJECT / 'dags'}",
        "MEDIAMON_SOURCES": str(write_sources(site, tmp / "sources.yaml")),
        "MEDIAMON_DB": str(tmp / "wh.duckdb"), "MEDIAMON_DATA_DIR": str(tmp / "data"),
        "MEDIAMON_ALLOW_PRIVATE_HOSTS": "1", "MEDIAMON_HOST_DELAY_S": "0"})
    return env


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory):
    """An Airflow home (SQLite metadata) migrated once for the fixture site's runs of this module."""
    home = tmp_path_factory.mktemp("airflow")
    env = dict(os.environ)
    env.update({"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
                "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT / "plugins"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"})
    migrate = _airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    return home


@pytest.fixture(scope="module")
def airflow_runs(tmp_path_factory, airflow_home):
    """media_ingest + media_digest for a day, media_ingest again for the same day, then media_ingest once on
    the next day with every feed dead; returns the temp dir, the counts after each run of the day, and the
    dead day's result."""
    tmp = tmp_path_factory.mktemp("e2e")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        env = _airflow_env(airflow_home, tmp, site)
        runs = []
        for dag_ids in (("media_ingest", "media_digest"), ("media_ingest",)):  # no test reads a second digest
            for dag_id in dag_ids:
                done = _airflow(["dags", "test", dag_id, RUN_DATE], env)
                assert done.returncode == 0, (dag_id, done.stdout[-4000:], done.stderr[-4000:])
            runs.append((_counts(tmp / "wh.duckdb"), _loaded_runs(tmp / "wh.duckdb")))
        with duckdb.connect(str(tmp / "wh.duckdb")) as con:
            con.execute("UPDATE feeds SET consecutive_failures = $n, last_fetched_at = TIMESTAMPTZ '2026-01-15 06:00:00+00'",
                        {"n": DEAD_FEED_FAILURES})
        dead_day = _airflow(["dags", "test", "media_ingest", NEXT_DATE], env)
    return tmp, runs, dead_day


def test_ingest_loads_articles_tags_and_quarantine(airflow_runs):
    _, ((first, _), _), _ = airflow_runs
    articles, countries, topics, quarantined, stories = first
    assert articles == 3
    assert countries >= 3 and topics >= 3
    assert quarantined == 3
    assert stories == 3


def test_second_run_of_the_same_day_changes_nothing(airflow_runs):
    _, ((first, _), (second, _)), _ = airflow_runs
    assert second == first


def test_second_run_with_nothing_new_still_validates_and_loads(airflow_runs):
    _, ((_, first_runs), (_, second_runs)), _ = airflow_runs
    assert (first_runs, second_runs) == (1, 2)


def test_second_run_starts_no_fetch_shard(airflow_runs):
    tmp, _, _ = airflow_runs
    run_dirs = [d for d in (tmp / "data" / "runs" / RUN_DATE).iterdir() if d.is_dir()]
    shard_counts = sorted(len(list((d / "shards").glob("*.jsonl"))) for d in run_dirs)
    assert len(run_dirs) == 2 and shard_counts[0] == 0 and shard_counts[1] > 0


def test_digest_dag_writes_the_days_digests(airflow_runs):
    tmp, _, _ = airflow_runs
    day_dir = tmp / "data" / "digests" / RUN_DATE
    assert (day_dir / "index.html").is_file()
    assert list((day_dir / "country").glob("*.json"))
    exported = tmp / "data" / "export" / "articles" / f"run_date={RUN_DATE}" / "data.parquet"
    with duckdb.connect() as con:
        assert con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(exported)}).fetchone() == (3,)


def test_a_day_with_every_feed_dead_requests_nothing_and_still_loads_its_run(airflow_runs):
    tmp, _, dead_day = airflow_runs
    assert dead_day.returncode == 0, (dead_day.stdout[-4000:], dead_day.stderr[-4000:])
    with duckdb.connect(str(tmp / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE run_date = $d", {"d": NEXT_DATE}).fetchone() == (1,)
        suites = {s for (s,) in con.execute("SELECT DISTINCT suite FROM validation_results WHERE run_date = $d",
                                            {"d": NEXT_DATE}).fetchall()}
    assert {"feed_items", "articles", "batch"} <= suites  # the shard task ran its suite on the empty day
    (run_dir,) = (tmp / "data" / "runs" / NEXT_DATE).iterdir()
    assert not list((run_dir / "feeds").glob("*.jsonl")) and not list((run_dir / "shards").glob("*.jsonl"))


BACKFILL_DATE = "2022-01-15"
UNLOADED_DATE = "2022-01-16"


@pytest.fixture(scope="module")
def backfill_run(tmp_path_factory, airflow_home):
    """media_ingest and media_digest for a day of 2022 (the fixture site's feed and pages dated that
    year), on a new warehouse, then media_digest for the next day, which is not loaded; returns the temp dir,
    both runs' results and the unloaded day's."""
    tmp = tmp_path_factory.mktemp("backfill")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        site.replacements[b"2026"] = b"2022"
        env = _airflow_env(airflow_home, tmp, site)
        done = {dag_id: _airflow(["dags", "test", dag_id, BACKFILL_DATE], env) for dag_id in ("media_ingest", "media_digest")}
        unloaded = _airflow(["dags", "test", "media_digest", UNLOADED_DATE], env)
    return tmp, done, unloaded


def test_a_day_of_2022_runs_the_real_tasks_and_loads_its_rows(backfill_run):
    tmp, done, _ = backfill_run
    for dag_id, result in done.items():
        assert result.returncode == 0, (dag_id, result.stdout[-4000:], result.stderr[-4000:])
    with duckdb.connect(str(tmp / "wh.duckdb"), read_only=True) as con:
        run_dates = con.execute("SELECT DISTINCT run_date::VARCHAR FROM runs").fetchall()
        articles = con.execute("SELECT count(*) FROM articles WHERE run_date = DATE '2022-01-15'").fetchone()[0]
        published = con.execute("SELECT min(published_at)::DATE::VARCHAR FROM articles").fetchone()[0]
    assert run_dates == [(BACKFILL_DATE,)]
    assert articles == 3 and published.startswith("2022-01")
    assert (tmp / "data" / "digests" / BACKFILL_DATE / "index.html").is_file()


def test_mapped_instances_are_labelled_by_what_they_hold(backfill_run, airflow_home):
    tmp, _, _ = backfill_run
    with sqlite3.connect(airflow_home / "airflow.db") as con:
        labels = con.execute("SELECT task_id, rendered_map_index FROM task_instance JOIN dag_run USING (dag_id, run_id) "
                             "WHERE map_index >= 0 AND logical_date LIKE :day ORDER BY task_id, map_index",
                             {"day": f"{BACKFILL_DATE}%"}).fetchall()
    shards = sorted(p.stem for p in next((tmp / "data" / "runs" / BACKFILL_DATE).iterdir()).glob("shards/*.jsonl"))
    assert [label for task_id, label in labels if task_id == "fetch"] == shards and shards
    assert {task_id for task_id, _ in labels} == {"discover", "fetch", "extract", "enrich", "digest", "alert", "export"}
    assert {label for task_id, label in labels if task_id in ("digest", "alert", "export")} == {BACKFILL_DATE}
    assert [label for task_id, label in labels if task_id == "discover"] == ["steppe-courier"]


def test_digest_of_a_day_not_loaded_fails_in_days_and_writes_nothing(backfill_run, airflow_home):
    tmp, _, unloaded = backfill_run
    assert f"no run loaded for {UNLOADED_DATE}: load that day first" in unloaded.stdout + unloaded.stderr
    with sqlite3.connect(airflow_home / "airflow.db") as con:
        states = dict(con.execute("SELECT task_id, task_instance.state FROM task_instance JOIN dag_run USING (dag_id, run_id) "
                                  "WHERE dag_id = 'media_digest' AND logical_date LIKE :day", {"day": f"{UNLOADED_DATE}%"}))
    assert states["days"] == "failed" and unloaded.returncode != 0
    assert not (tmp / "data" / "digests" / UNLOADED_DATE).exists()
    assert not list((tmp / "data" / "export").glob(f"*/run_date={UNLOADED_DATE}"))


DEMO_DATE = "2026-01-15"


@pytest.fixture(scope="module")
def demo_script_runs(tmp_path_factory):
    """scripts/airflow_demo.sh (what `make demo` runs) twice, with a short history, into a temp data dir
    and Airflow home; returns the data dir, the history days replayed in-process, and both runs' results
    with the warehouse counts after each. The history days are the session's (tests/support/demo_history.py:
    replayed once in-process by the function the script's history step calls, for this test and the demo
    test), so the script's history step finds them loaded and the script runs the last day through Airflow."""
    history = demo_history(tmp_path_factory, "make_demo")
    tmp = history.data_dir.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIAMON_", "AIRFLOW"))}
    env.update({"PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}", "DEMO_PORT": str(history.port),
                "AIRFLOW_HOME": str(tmp / "airflow"), "MEDIAMON_DATA_DIR": str(history.data_dir)})
    runs = []
    for _ in range(2):
        done = subprocess.run(["bash", str(PROJECT / "scripts" / "airflow_demo.sh"), "--history-days",
                               str(HISTORY_DAYS)], env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, (done.stdout[-4000:], done.stderr[-4000:])
        db = history.data_dir / "mediamon.duckdb"
        runs.append((done, (_counts(db), _loaded_runs(db))))
    return history.data_dir, history.ran, runs


def test_make_demo_loads_the_history_in_process_and_the_last_day_through_airflow(demo_script_runs):
    data, history_ran, ((first, _), _) = demo_script_runs
    with duckdb.connect(str(data / "mediamon.duckdb"), read_only=True) as con:
        days = con.execute("SELECT count(DISTINCT run_date), max(run_date)::VARCHAR FROM runs").fetchone()
    assert len(history_ran) == HISTORY_DAYS and days == (HISTORY_DAYS + 1, DEMO_DATE)
    assert f"History: 0 of {HISTORY_DAYS} days replayed now" in first.stdout
    assert f"Running media_ingest for {DEMO_DATE} through Airflow" in first.stdout
    assert (data / "media_ingest.log").is_file() and (data / "media_digest.log").is_file()
    assert (data / "digests" / DEMO_DATE / "index.html").is_file() and (data / "gx_docs" / "index.html").is_file()


def test_make_demo_finds_a_spike_on_the_last_day(demo_script_runs):
    data, _, ((first, _), _) = demo_script_runs
    summary = json.loads((data / "digests" / DEMO_DATE / "summary.json").read_text(encoding="utf-8"))
    assert [r["key"] for r in summary["country"] if r["key"] == "MX" and r["spike"]] == ["MX"]
    assert f"Spikes on {DEMO_DATE}: " in first.stdout and "Mexico (MX, " in first.stdout


def test_a_second_make_demo_adds_nothing(demo_script_runs):
    _, _, ((_, first_counts), (second, second_counts)) = demo_script_runs
    assert second_counts == first_counts
    assert f"{DEMO_DATE} is loaded already: nothing to add" in second.stdout
