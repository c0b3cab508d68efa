"""What the feed poller staged joins the next daily run: its items are fetched and loaded with the
feed's own, and its possible gaps reach the feeds table, feed_gaps and the digest's quality footer.
A whole fixture day on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import duckdb

from mediamon.digest import render_digest
from mediamon.discover.polling import gaps_path, items_dir
from mediamon.rundir import write_jsonl
from mediamon.stages import run_day
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite, send

EMPTY_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Courier</title>
<link>http://example.org/</link><description>news</description></channel></rss>"""


def test_polled_items_and_gaps_join_the_next_run(tmp_path):
    polled_at = datetime(2026, 1, 15, 3, 0, tzinfo=timezone.utc)
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        site.routes["/feed.xml"] = lambda handler: send(handler, 200, EMPTY_FEED, content_type="application/rss+xml")
        settings = site_settings(site, tmp_path)
        feed_url = site.url("/feed.xml")
        write_jsonl(items_dir(settings.data_dir, polled_at.date()) / "poll-1.jsonl", [
            {"source_id": "steppe-courier", "feed_url": feed_url, "url": site.url(f"/news/{page}"), "title": title,
             "summary": None, "published_at": "2026-01-14T10:00:00+00:00", "first_seen_at": polled_at.isoformat()}
            for page, title in (("floods.html", "Floods in Sindh"), ("water-deal.html", "Water deal"))])
        write_jsonl(gaps_path(settings.data_dir, polled_at.date()), [
            {"feed_url": feed_url, "source_id": "steppe-courier", "detected_at": polled_at.isoformat(),
             "previous_poll_at": "2026-01-14T21:00:00+00:00", "items_in_window": 20,
             "missed_from": "2026-01-14T20:00:00+00:00", "missed_to": "2026-01-15T01:00:00+00:00",
             "estimated_missed": 7, "dated": True}])
        counts = run_day(settings, RUN_DATE)
        again = run_day(settings, RUN_DATE)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        articles = sorted(u.rsplit("/", 1)[1] for (u,) in con.execute("SELECT url FROM articles").fetchall())
        gaps = con.execute("SELECT feed_url, estimated_missed FROM feed_gaps").fetchall()
        feed = con.execute("SELECT possible_gaps, last_gap_at IS NOT NULL FROM feeds WHERE feed_url = $f",
                           {"f": feed_url}).fetchone()
    assert counts["new_articles"] == 2 and again["new_articles"] == 0
    assert articles == ["floods.html", "water-deal.html"]
    assert gaps == [(feed_url, 7)]  # loaded once, though the second run read the same gaps file
    assert feed == (1, True)
    digest = json.loads(render_digest(settings.db_path, RUN_DATE, country="PK", fmt="json"))
    assert [g["estimated_missed"] for g in digest["quality"]["feed_gaps"]] == [7]
    assert "Possible gaps (items may have left a feed before it was read): 1" in render_digest(
        settings.db_path, RUN_DATE, country="PK", fmt="md")
