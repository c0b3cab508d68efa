"""A record quarantined on one day leaves the quarantine when a later day's run loads its item (load step
15_quarantine_resolved): the step matches the quarantine of every day, not the loading run's day only. A page
that answered 503 on day 1 and loaded on day 2, from the fixture site on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

from pathlib import Path

import duckdb

from mediamon import stages
from tests.support.fixture_site import bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite, send

DAY_1, DAY_2 = "2026-01-15", "2026-01-16"


def _quarantined(db: Path, page: str) -> list[tuple[str, str]]:
    """The quarantine's (run_date, stage) rows of one page of the site."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT run_date::VARCHAR, stage FROM quarantine WHERE record_key LIKE '%/' || $p",
                           {"p": page}).fetchall()


def test_a_page_quarantined_on_day_1_leaves_the_quarantine_when_day_2_loads_it(tmp_path: Path) -> None:
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = site_settings(site, tmp_path, max_tries=1)
        site.routes["/news/floods.html"] = lambda handler: send(handler, 503, b"busy")
        stages.run_day(settings, DAY_1)
        day_1 = _quarantined(settings.db_path, "floods.html")
        site.routes.pop("/news/floods.html")
        loaded = stages.run_day(settings, DAY_2)
    assert day_1 == [(DAY_1, "fetch")]
    assert loaded["new_articles"] == 1
    assert _quarantined(settings.db_path, "floods.html") == []
