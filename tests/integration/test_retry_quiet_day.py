"""A day whose only fetched pages are retries that fail again is a quiet day, not an outage: the batch suite
leaves such pages out (they are news about an earlier day's crawl), so the run loads, records each failure, and
the last allowed attempt says the retries were given up. One site on 127.0.0.1 whose feed answers 304 after day 1,
into a real DuckDB file."""
from __future__ import annotations

import duckdb
import pytest

from mediamon import stages
from mediamon.settings import Settings
from tests.support.fixture_site import fixture_site
from tests.support.server import RunningSite, send

DAYS = ("2026-02-02", "2026-02-03", "2026-02-04")
SOURCES = """sources:
  - id: steppe-courier
    name: The Steppe Courier
    feeds: [{feed}]
    homepage: {home}
    country: KZ
    language: en
"""


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """Three runs: the water-deal page answers 503 every day; the feed is unchanged after day 1."""
    tmp = tmp_path_factory.mktemp("retry_quiet_day")
    runs = {}
    with RunningSite(fixture_site()) as site:
        site.replacements[b"__BASE_URL__"] = site.base_url.encode()
        site.routes["/news/water-deal.html"] = lambda handler: send(handler, 503, b"down for maintenance")
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0, max_tries=1)
        settings.sources_path.write_text(SOURCES.format(feed=site.url("/feed.xml"), home=site.url("/")),
                                         encoding="utf-8")
        for day in DAYS:
            site.requests.clear()
            runs[day] = stages.run_day(settings, day)
            runs[f"{day}-pages"] = sorted(p for m, p, _ in site.requests if m == "GET" and p.startswith("/news/"))
        water = site.url("/news/water-deal.html")
    return settings, runs, water


def rows(db, sql: str, params: dict) -> list[tuple]:
    """The rows of a query on the warehouse, read-only."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_runs_whose_only_pages_are_failing_retries_still_load(days) -> None:
    settings, runs, water = days
    assert runs[f"{DAYS[1]}-pages"] == runs[f"{DAYS[2]}-pages"] == ["/news/water-deal.html"]   # the feed: 304
    loaded = rows(settings.db_path, "SELECT run_date FROM runs ORDER BY run_date", {})
    assert [str(d) for (d,) in loaded] == list(DAYS)
    failed = rows(settings.db_path, "SELECT run_date, expectation FROM validation_results "
                  "WHERE suite = 'batch' AND NOT success AND run_date > $d ORDER BY ALL", {"d": DAYS[0]})
    assert failed == []   # not even a warning: a warned batch marks a coverage gap in the digests


def test_each_failed_retry_is_recorded_and_the_last_says_it_gave_up(days) -> None:
    settings, runs, water = days
    found = rows(settings.db_path, "SELECT run_date, outcome, stage, reason FROM item_outcomes WHERE url = $u "
                 "ORDER BY run_date", {"u": water})
    assert [(str(d), o, s) for d, o, s, _ in found] == [(day, "quarantined", "fetch") for day in DAYS]
    assert all(r.startswith("http-503") for *_, r in found)
    assert "retries given up after 3 runs" in found[-1][3] and "given up" not in found[1][3]
