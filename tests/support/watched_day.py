"""One fixture day (the site on 127.0.0.1, the real stages, a real DuckDB file) run with a watches file of
the test's own, read by the enrich shards and by validate alike: the starting point of the watches tests."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mediamon import stages
from mediamon.settings import Settings
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite


def run_watched_day(settings: Settings) -> Path:
    """Every stage of the fixture day up to and including the load; returns the run directory."""
    run_dir = stages.plan_run(settings, RUN_DATE)
    stages.discover(run_dir, stages.source_ids(run_dir), settings)
    stages.process_shards(stages.shard_items(run_dir, settings), settings)
    stages.finish_run(run_dir, settings)
    return run_dir


@contextmanager
def watched_day(tmp: Path, watches_yaml: str) -> Iterator[tuple[Settings, Path]]:
    """The settings and run directory of the fixture day loaded with watches_yaml as its watches file (the
    Settings' one; MEDIAMON_WATCHES names another, empty file, which no stage may read); the site keeps
    serving while the context lasts."""
    watches, elsewhere = tmp / "watches.yaml", tmp / "environment-watches.yaml"
    watches.write_text(watches_yaml, encoding="utf-8")
    elsewhere.write_text("watches: []\n", encoding="utf-8")
    with RunningSite(fixture_site()) as site, pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDIAMON_WATCHES", str(elsewhere))
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0, watches_path=watches)
        yield settings, run_watched_day(settings)
