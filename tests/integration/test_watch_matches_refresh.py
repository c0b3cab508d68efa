"""An article stored on day 1 and met again by a later day's run (`mediamon run --refresh`, or any run that re-loads
a stored article) keeps its watch matches on day 1, as it keeps its run_date, tags and counts there: day 2's digest
and alerts do not list it as a new match, and the watch's daily history counts it once. Before, its match was
stored a second time under day 2. The fixture site on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb

from mediamon import stages
from mediamon.settings import Settings
from tests.support.fixture_site import bind_base_url, fixture_site
from tests.support.server import RunningSite
from tests.support.two_days import DAY_1, DAY_2, _day_one_feed, _write_sources


def test_a_refreshed_article_keeps_its_watch_match_on_its_own_day(tmp_path: Path) -> None:
    (tmp_path / "watches.yaml").write_text("watches:\n  - name: water\n    query: water\n", encoding="utf-8")
    settings = Settings(sources_path=tmp_path / "sources.yaml", db_path=tmp_path / "wh.duckdb",
                        data_dir=tmp_path / "data", allow_private_hosts=True, host_delay_s=0.0,
                        watches_path=tmp_path / "watches.yaml")
    with RunningSite(fixture_site()) as running:
        bind_base_url(running)
        running.routes["/feed-day1.xml"] = _day_one_feed(running.base_url)
        _write_sources(settings, running.url("/feed-day1.xml"), running.url("/"))
        stages.run_day(settings, DAY_1)
        _write_sources(settings, running.url("/feed.xml"), running.url("/"))
        stages.run_day(dataclasses.replace(settings, refresh=True), DAY_2)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        stored = dict(con.execute("SELECT split_part(url, '/', -1), run_date::VARCHAR FROM articles").fetchall())
        matches = con.execute("SELECT split_part(a.url, '/', -1), m.run_date::VARCHAR FROM watch_matches m "
                              "JOIN articles a USING (article_id) ORDER BY 1, 2").fetchall()
    assert stored["water-deal.html"] == DAY_1  # refreshed by day 2's run, stored under day 1
    assert [day for page, day in matches if page == "water-deal.html"] == [DAY_1]
    assert all(stored[page] == day for page, day in matches)  # every match on its article's own day
