"""A run's new-article figures (runs.articles and the load's new_articles) count the articles that run added to the
warehouse: not those of the day's earlier runs, nor stored articles the run met again (`mediamon run --refresh`),
and a load of the same run again keeps it. The fixture site on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb

from mediamon import stages
from mediamon.settings import Settings
from tests.support.fixture_site import SITE_ROOT, bind_base_url, fixture_site
from tests.support.server import RunningSite, send
from tests.support.two_days import DAY_1, DAY_2, _day_one_feed, _write_sources


def _runs(db: Path) -> dict[str, int]:
    """runs.articles by run_id."""
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT run_id, articles FROM runs").fetchall())


def _whole_feed(base_url: str):
    """A route serving the whole fixture feed (three articles) under another URL, so that a run fetches it anew."""
    body = (SITE_ROOT / "feed.xml").read_text(encoding="utf-8").replace("__BASE_URL__", base_url).encode()
    return lambda handler: send(handler, 200, body, content_type="application/xml")


def test_a_runs_new_articles_are_those_it_added(tmp_path: Path) -> None:
    settings = Settings(sources_path=tmp_path / "sources.yaml", db_path=tmp_path / "wh.duckdb",
                        data_dir=tmp_path / "data", allow_private_hosts=True, host_delay_s=0.0)
    with RunningSite(fixture_site()) as running:
        bind_base_url(running)
        running.routes["/feed-day1.xml"] = _day_one_feed(running.base_url)
        _write_sources(settings, running.url("/feed-day1.xml"), running.url("/"))
        first = stages.run_day(settings, DAY_1)  # one article
        _write_sources(settings, running.url("/feed.xml"), running.url("/"))
        second = stages.run_day(settings, DAY_1)  # the day again: two more
        running.routes["/feed-again.xml"] = _whole_feed(running.base_url)
        _write_sources(settings, running.url("/feed-again.xml"), running.url("/"))
        refreshed = stages.run_day(dataclasses.replace(settings, refresh=True), DAY_2)  # all three met again
    reloaded = stages.load_run(Path(second["run_dir"]), settings)
    runs = _runs(settings.db_path)
    assert [first["new_articles"], second["new_articles"], refreshed["new_articles"]] == [1, 2, 0]
    assert refreshed["refreshed_articles"] == 3 and refreshed["warehouse_articles"] == 3
    assert [runs[c["run_id"]] for c in (first, second, refreshed)] == [1, 2, 0]
    assert reloaded["new_articles"] == 2 and _runs(settings.db_path)[second["run_id"]] == 2
