"""The item cap in a whole day on 127.0.0.1: a feed of 2,000 items has its newest MEDIAMON_MAX_FEED_ITEMS
fetched, the rest recorded in item_outcomes as over-feed-cap, and the other source's day goes on as usual; a feed
whose entries have no usable link records them, with their reasons, in the feeds table."""
from __future__ import annotations

import email.utils
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from mediamon.settings import Settings
from mediamon.stages import run_day
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site
from tests.support.server import RunningSite, send

CAP = 20
UNUSABLE = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "unusable-links.xml"
NOON = datetime.fromisoformat(f"{RUN_DATE}T12:00:00+00:00").astimezone(timezone.utc)
PAGE = ("<html><head><title>Flood story {n}</title></head><body><article><h1>Flood story {n}</h1>"
        + "<p>" + "The river rose again overnight and the town council met to plan the clean-up. " * 8 + "</p>"
        + "</article></body></html>")


def _flood_feed(site) -> bytes:
    """2,000 items, story n published n minutes before noon of the run day, the oldest listed first."""
    items = "".join(f"<item><title>Flood story {n}</title><link>{site.url(f'/flood/{n}.html')}</link><pubDate>"
                    f"{email.utils.format_datetime(NOON - timedelta(minutes=n), usegmt=True)}</pubDate></item>"
                    for n in reversed(range(2000)))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>{items}</channel></rss>'.encode()


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """One run day with the fixture source and the flooding one; the outcomes and the pages requested."""
    tmp = tmp_path_factory.mktemp("feedcap")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        feed = _flood_feed(site)
        site.routes["/flood/feed.xml"] = lambda h: send(h, 200, feed, content_type="application/rss+xml")
        unusable = UNUSABLE.read_bytes()
        site.routes["/unusable/feed.xml"] = lambda h: send(h, 200, unusable, content_type="application/rss+xml")
        for n in range(2000):
            site.routes[f"/flood/{n}.html"] = lambda h, n=n: send(h, 200, PAGE.format(n=n).encode())
        (tmp / "sources.yaml").write_text(
            "sources:\n"
            f"  - id: steppe-courier\n    name: The Steppe Courier\n    feeds: [{site.url('/feed.xml')}]\n"
            f"    homepage: {site.url('/')}\n    country: KZ\n    language: en\n"
            f"  - id: flood\n    name: Flood\n    feeds: [{site.url('/flood/feed.xml')}]\n"
            f"    homepage: {site.url('/flood/')}\n    country: GB\n    language: en\n"
            f"  - id: unusable\n    name: Unusable\n    feeds: [{site.url('/unusable/feed.xml')}]\n"
            f"    homepage: {site.url('/unusable/')}\n    country: GB\n    language: en\n", encoding="utf-8")
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0, max_feed_items=CAP)
        run_day(settings, RUN_DATE)
        requested = [path for _, path, _ in site.requests]
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        outcomes = con.execute("SELECT source_id, url, outcome, stage, reason FROM item_outcomes").fetchall()
        feeds = {s: rest for s, *rest in con.execute(
            "SELECT source_id, items_last, items_skipped_last, skipped_last FROM feeds").fetchall()}
    return outcomes, requested, feeds


def test_the_newest_items_are_fetched_and_the_rest_recorded_as_over_feed_cap(day):
    outcomes, requested, _ = day
    flood = {int(url.rsplit("/", 1)[1].split(".")[0]): (outcome, stage, reason)
             for source, url, outcome, stage, reason in outcomes if source == "flood"}
    assert len(flood) == 2000
    over = {n for n, (outcome, _, _) in flood.items() if outcome == "over-feed-cap"}
    assert over == set(range(CAP, 2000))
    assert {flood[n][0] for n in range(CAP)} == {"loaded"}
    assert {flood[n][1] for n in over} == {"discover"}
    assert flood[1999][2].startswith(f"over-feed-cap: the feed listed 2000 items, more than the {CAP}")
    fetched = {int(r.rsplit("/", 1)[1].split(".")[0]) for r in requested if "/flood/" in r and r.endswith(".html")}
    assert fetched == set(range(CAP))


def test_the_other_source_of_the_run_goes_on(day):
    outcomes, _, feeds = day
    courier = {url.rsplit("/", 1)[1]: outcome for source, url, outcome, _, _ in outcomes if source == "steppe-courier"}
    assert courier["water-deal.html"] == "loaded" and "over-feed-cap" not in courier.values()
    assert feeds["flood"] == [2000, 0, None]


def test_a_feed_whose_entries_have_no_usable_link_says_why_in_the_feeds_table(day):
    _, _, feeds = day
    assert feeds["unusable"] == [0, 3, "3 items skipped: no-link 1, bad-scheme 2"]
