"""A one-source warehouse with day 1 loaded (one article) and day 2 staged but not loaded (two more),
from the fixture site on 127.0.0.1: the starting point of the reader and writer race tests."""
from __future__ import annotations

import re
from pathlib import Path

from mediamon import stages
from mediamon.settings import Settings
from tests.support import faults
from tests.support.fixture_site import SITE_ROOT, bind_base_url, fixture_site
from tests.support.server import RunningSite, send

DAY_1, DAY_2 = "2026-01-15", "2026-01-16"
SOURCES = """sources:
  - id: steppe-courier
    name: The Steppe Courier
    feeds: [{feed}]
    homepage: {home}
    country: KZ
    language: en
"""


def build_two_days(tmp: Path) -> tuple[Path, Path]:
    """The warehouse path (day 1 loaded) and day 2's staged run directory, under tmp."""
    with RunningSite(fixture_site()) as running:
        bind_base_url(running)
        running.routes["/feed-day1.xml"] = _day_one_feed(running.base_url)
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0)
        _write_sources(settings, running.url("/feed-day1.xml"), running.url("/"))
        loaded = stages.run_day(settings, DAY_1)["new_articles"]
        if loaded != 1:
            raise AssertionError(f"day 1 should load one article, loaded {loaded}")
        _write_sources(settings, running.url("/feed.xml"), running.url("/"))
        run_dir = stage_day(settings, DAY_2)
    return settings.db_path, run_dir


def _day_one_feed(base_url: str):
    """A route serving the fixture feed with only its first item (the water-sharing deal)."""
    body = (SITE_ROOT / "feed.xml").read_text(encoding="utf-8").replace("__BASE_URL__", base_url)
    for item in re.findall(r"<item>.*?</item>", body, flags=re.S)[1:]:
        body = body.replace(item, "")

    def route(handler) -> None:
        send(handler, 200, body.encode(), content_type="application/xml")
    return route


def _write_sources(settings: Settings, feed: str, home: str) -> None:
    """The one-source registry, pointing at the given feed."""
    settings.sources_path.write_text(SOURCES.format(feed=feed, home=home), encoding="utf-8")


def stage_day(settings: Settings, run_date: str) -> Path:
    """Every stage of a day up to (not including) the load; returns the run directory."""
    run_dir = faults.stage_until_enrich(settings, run_date)
    stages.validate_run(run_dir, settings)
    return run_dir
