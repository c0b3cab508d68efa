"""`mediamon quarantine replay`: a date or stage with nothing to replay records no run, an unknown stage is
refused before anything is written, and a replay whose records still fail keeps them quarantined without
failing. The fixture day on 127.0.0.1 into a real DuckDB file, with real GX."""
from __future__ import annotations

import contextlib
import io
import json

import duckdb
import pytest

from mediamon import stages
from mediamon.cli import main
from mediamon.errors import ConfigError
from mediamon.settings import Settings
from mediamon.warehouse.quarantine import replay_quarantine
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite

QUIET_DAY = "2026-01-10"  # no run, nothing quarantined


def _one(settings: Settings, sql: str) -> tuple:
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        return con.execute(sql).fetchone()


def _written(settings: Settings) -> tuple:
    """What a replay could leave behind: runs, days counted by the baselines, run directories."""
    runs = _one(settings, "SELECT count(*), (SELECT count(*) FROM ingest_days) FROM runs")
    return (*runs, sorted(p.name for p in (settings.data_dir / "runs").glob("*/*")))


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """The fixture day run once (a 404 page and a robots-refused page quarantined at fetch); the site keeps
    serving while the tests replay."""
    tmp = tmp_path_factory.mktemp("replay")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)
        stages.run_day(settings, RUN_DATE)
        yield settings


def test_a_date_with_nothing_quarantined_records_no_run(day):
    before = _written(day)
    result = replay_quarantine(day, QUIET_DAY)
    assert result["records"] == 0 and result["replayed"] == 0 and result["run_id"] is None
    assert result["message"] == f"nothing to replay: no quarantined record on {QUIET_DAY}"
    assert _written(day) == before
    assert _one(day, f"SELECT count(*) FROM ingest_days WHERE day = DATE '{QUIET_DAY}'") == (0,)


def test_a_stage_with_nothing_quarantined_records_no_run(day):
    before = _written(day)
    result = replay_quarantine(day, RUN_DATE, stage="enrich")
    assert result["run_id"] is None
    assert result["message"] == f"nothing to replay: no quarantined record on {RUN_DATE} at stage enrich"
    assert _written(day) == before


def test_an_unknown_stage_is_refused_before_anything_is_written(day):
    before = _written(day)
    with pytest.raises(ConfigError, match="stage 'bogus' is not one of feed_items, fetch, extract, enrich, "
                                          "articles"):
        replay_quarantine(day, RUN_DATE, stage="bogus")
    assert _written(day) == before


def test_the_command_prints_the_message_and_exits_0(day):
    before = _written(day)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["quarantine", "replay", "--date", QUIET_DAY, "--db", str(day.db_path),
                     "--data-dir", str(day.data_dir)])
    assert code == 0
    assert json.loads(out.getvalue())["message"].startswith("nothing to replay")
    assert _written(day) == before


def test_a_replay_with_nothing_fixed_keeps_the_records_and_does_not_fail(day):
    before = _one(day, f"SELECT count(*) FROM quarantine WHERE run_date = DATE '{RUN_DATE}'")
    result = replay_quarantine(day, RUN_DATE, stage="fetch")  # the 404 page still answers 404
    assert result["records"] == result["replayed"] >= 1
    assert result["new_articles"] == 0
    assert result["still_quarantined"] == result["replayed"]
    assert _one(day, f"SELECT count(*) FROM quarantine WHERE run_date = DATE '{RUN_DATE}'") == before
    assert _one(day, "SELECT reasons->>0 FROM quarantine WHERE record_key LIKE '%/removed.html'")[0].startswith(
        "http-404")
    checks = _one(day, "SELECT list(expectation ORDER BY expectation) FROM validation_results "
                       f"WHERE run_id = '{result['run_id']}' AND suite = 'batch'")[0]
    assert not [c for c in checks if "quarantine_share" in c or "batch_articles_extracted" in c]
