"""A robots.txt that cannot be read holds its host's pages back for the run only: they end quarantined as
robots-unreachable and are fetched on a later run once the robots.txt answers, while pages a robots.txt that
was read disallows stay refused for good. Three days against two sites on 127.0.0.1, into a real DuckDB file."""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import duckdb
import pytest

from mediamon import stages
from mediamon.settings import Settings
from mediamon.warehouse.state import read_state
from tests.support.fixture_site import SITE_ROOT, fixture_site
from tests.support.server import RunningSite, send

DAYS = ("2026-01-15", "2026-01-16", "2026-01-17")
SOURCES = """sources:
  - id: steppe-courier
    name: The Steppe Courier
    feeds: [{home_feed}]
    homepage: {home}
    country: KZ
    language: en
  - id: steppe-mirror
    name: The Steppe Mirror
    feeds: [{mirror_feed}]
    homepage: {mirror}
    country: KZ
    language: en
"""
ARTICLES = {"water-deal.html", "floods.html", "tbilisi-protest.html"}


def feed_route(pages_base: str):
    """The fixture feed listing the pages of the site at pages_base, its body different at every request (as a
    live feed's is from day to day: an unchanged body is not-modified and lists no items)."""
    body = (SITE_ROOT / "feed.xml").read_text(encoding="utf-8").replace("__BASE_URL__", pages_base)
    served = itertools.count(1)

    def route(handler) -> None:
        send(handler, 200, f"{body}<!-- request {next(served)} -->".encode(), content_type="application/xml")
    return route


def page(url: str) -> str:
    """The file name of a page URL."""
    return url.rsplit("/", 1)[1]


def outcomes(db: Path, run_id: str, base: str) -> dict[str, tuple[str, str | None, str | None]]:
    """(outcome, stage, reason code) of each item of the run on the site at base, by page name."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT url, outcome, stage, reason FROM item_outcomes WHERE run_id = $r AND "
                           "starts_with(url, $b)", {"r": run_id, "b": base + "/"}).fetchall()
    return {page(url): (outcome, stage, (reason or "").split(":")[0] or None) for url, outcome, stage, reason in rows}


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """Day 1: the mirror's robots.txt answers 503; days 2 and 3: it answers the fixture robots.txt (which
    disallows /private/). The courier's site serves both feeds and its own pages throughout."""
    tmp = tmp_path_factory.mktemp("robots_unreachable")
    seen: dict[str, object] = {}
    with RunningSite(fixture_site()) as home, RunningSite(fixture_site()) as mirror:
        for site in (home, mirror):
            site.replacements[b"__BASE_URL__"] = site.base_url.encode()
        home.routes["/feed.xml"] = feed_route(home.base_url)
        home.routes["/feed-mirror.xml"] = feed_route(mirror.base_url)
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0)
        settings.sources_path.write_text(SOURCES.format(
            home_feed=home.url("/feed.xml"), home=home.url("/"), mirror_feed=home.url("/feed-mirror.xml"),
            mirror=mirror.url("/")), encoding="utf-8")
        mirror.routes["/robots.txt"] = lambda handler: send(handler, 503, b"down for maintenance")
        for day in DAYS:
            if day != DAYS[0]:
                mirror.routes.pop("/robots.txt", None)  # the fixture robots.txt again
            mirror.requests.clear()
            seen[day] = stages.run_day(settings, day)
            seen[f"{day}-requests"] = [path for _, path, _ in mirror.requests]
            seen[f"{day}-known"] = read_state(settings.db_path, day).known_urls
            if day == DAYS[0]:
                seen["day-1-warehouse"] = Path(shutil.copy(settings.db_path, tmp / "day-1.duckdb"))
        seen["home"], seen["mirror"] = home.base_url, mirror.base_url
    return settings, seen


def test_pages_behind_an_unreachable_robots_txt_are_not_fetched_and_end_robots_unreachable(days):
    settings, seen = days
    day = DAYS[0]
    assert seen[f"{day}-requests"] == ["/robots.txt"]
    ended = outcomes(settings.db_path, seen[day]["run_id"], seen["mirror"])
    assert ended and set(ended.values()) == {("quarantined", "fetch", "robots-unreachable")}, ended
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        errors = con.execute("SELECT DISTINCT error FROM fetch_log WHERE run_id = $r AND kind = 'page' AND "
                             "starts_with(url, $b)", {"r": seen[day]["run_id"], "b": seen["mirror"] + "/"}).fetchall()
    assert errors and all(e.startswith("robots-unreachable: ") and "answered 503" in e for (e,) in errors), errors


def test_they_are_not_known_after_the_outage_and_are_fetched_once_the_robots_txt_answers(days):
    settings, seen = days
    assert not [u for u in seen[f"{DAYS[0]}-known"] if u.startswith(seen["mirror"] + "/")]
    requested = {page(p) for p in seen[f"{DAYS[1]}-requests"]}
    assert ARTICLES | {"removed.html", "report.pdf"} <= requested and "secret.html" not in requested
    ended = outcomes(settings.db_path, seen[DAYS[1]]["run_id"], seen["mirror"])
    assert {name for name, o in ended.items() if o[0] == "loaded"} == ARTICLES, ended
    assert ended["secret.html"] == ("refused-by-robots", "fetch", "robots-disallowed")


def test_a_page_a_read_robots_txt_disallows_stays_refused_for_good(days):
    settings, seen = days
    home_day_2 = outcomes(settings.db_path, seen[DAYS[1]]["run_id"], seen["home"])
    assert home_day_2["secret.html"][0] == "skipped-known"  # refused on day 1 by the courier's robots.txt
    assert seen["mirror"] + "/private/secret.html" in seen[f"{DAYS[1]}-known"]
    mirror_day_3 = outcomes(settings.db_path, seen[DAYS[2]]["run_id"], seen["mirror"])
    assert set(mirror_day_3.values()) == {("skipped-known", "shard", "known")}, mirror_day_3
    assert "/private/secret.html" not in seen[f"{DAYS[2]}-requests"]


def test_pages_recorded_as_robots_disallowed_during_an_outage_before_robots_unreachable_existed_are_retried(days):
    settings, seen = days
    db, mirror = seen["day-1-warehouse"], seen["mirror"] + "/"
    legacy = f"robots-disallowed: robots.txt at {mirror}robots.txt answered 503; RFC 9309 treats this as disallow-all"
    with duckdb.connect(str(db)) as con:  # day 1 as a warehouse written before the fix recorded it
        con.execute("UPDATE fetch_log SET error = $e WHERE starts_with(url, $b) AND kind = 'page'",
                    {"e": legacy, "b": mirror})
        con.execute("UPDATE item_outcomes SET outcome = 'refused-by-robots', reason = $e WHERE starts_with(url, $b)",
                    {"e": legacy, "b": mirror})
        legacy_rows = con.execute("SELECT count(*) FROM item_outcomes WHERE outcome = 'refused-by-robots' AND "
                                  "starts_with(url, $b)", {"b": mirror}).fetchone()[0]
    known = read_state(db, DAYS[1]).known_urls
    assert legacy_rows >= 5 and not [url for url in known if url.startswith(mirror)]
    assert seen["home"] + "/private/secret.html" in known  # a robots.txt that was read still refuses for good
