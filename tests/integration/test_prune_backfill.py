"""Maintenance prunes a run's raw files (WARC, staged files) by when the run ran, not by the day it processed: a
backfill of an old day keeps them for the retention period after it ran, so a stage can still be re-run from them.
A real backfill run from the fixture site on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mediamon import stages
from mediamon.rundir import RunDir
from mediamon.warehouse.maintenance import RAW_RETENTION_DAYS, prune_runs
from tests.support.fixture_site import bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite


def test_a_backfill_keeps_its_run_files_until_its_run_is_past_retention(tmp_path: Path) -> None:
    today = datetime.now(timezone.utc)
    old_day = (today - timedelta(days=RAW_RETENTION_DAYS + 110)).date().isoformat()
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = site_settings(site, tmp_path)
        run = RunDir(Path(stages.run_day(settings, old_day)["run_dir"]))
    assert list(run.path.glob("warc/*.warc.gz")) and (run.validated / "articles.parquet").is_file()
    assert prune_runs(settings.data_dir, today.date().isoformat()) == []  # ran today: kept
    assert run.path.is_dir() and (run.validated / "articles.parquet").is_file()
    ran_long_ago = today - timedelta(days=RAW_RETENTION_DAYS + 1)
    run.write_plan(dataclasses.replace(run.read_plan(), started_at=ran_long_ago.isoformat()))
    assert prune_runs(settings.data_dir, today.date().isoformat()) == [run.path.parent]  # the day's only run
    assert not run.path.parent.exists()
