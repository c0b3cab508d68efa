"""A backfill of an earlier day takes none of the items or gaps the feed poller staged: they belong to the days they
were polled on. Before, a backfill run took them (since the newest run's start) and stored them under the past day;
the next daily run then skipped them as known, and its digest never counted them. The next daily run takes them.
A fixture site on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb

from mediamon.discover.polling import gaps_path, items_dir
from mediamon.rundir import write_jsonl
from mediamon.stages import run_day
from tests.support.fixture_site import bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite, send

EMPTY_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Courier</title>
<link>http://example.org/</link><description>news</description></channel></rss>"""
DAY, NEXT_DAY, BACKFILL = "2026-01-15", "2026-01-16", "2025-06-01"


def test_a_backfill_leaves_polled_items_and_gaps_to_the_next_daily_run(tmp_path):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        site.routes["/feed.xml"] = lambda handler: send(handler, 200, EMPTY_FEED, content_type="application/rss+xml")
        settings = site_settings(site, tmp_path)
        feed_url = site.url("/feed.xml")
        assert run_day(settings, DAY)["new_articles"] == 0  # the feed lists nothing: a day stored, no article
        polled_at = datetime.now(timezone.utc)  # the poller finds an item after that day's run
        write_jsonl(items_dir(settings.data_dir, polled_at.date()) / "poll-1.jsonl", [
            {"source_id": "steppe-courier", "feed_url": feed_url, "url": site.url("/news/floods.html"),
             "title": "Floods in Sindh", "summary": None, "published_at": None,
             "first_seen_at": polled_at.isoformat()}])
        write_jsonl(gaps_path(settings.data_dir, polled_at.date()), [
            {"feed_url": feed_url, "source_id": "steppe-courier", "detected_at": polled_at.isoformat(),
             "previous_poll_at": None, "items_in_window": 20, "missed_from": None, "missed_to": None,
             "estimated_missed": 3, "dated": False}])
        backfill = run_day(settings, BACKFILL)
        with duckdb.connect(str(settings.db_path), read_only=True) as con:
            after_backfill = con.execute("SELECT count(*) FROM articles").fetchone()[0], con.execute(
                "SELECT count(*) FROM feed_gaps").fetchone()[0]
        daily = run_day(settings, NEXT_DAY)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        stored = con.execute("SELECT run_date::VARCHAR, split_part(url, '/', -1) FROM articles").fetchall()
        gaps = con.execute("SELECT run_date::VARCHAR, estimated_missed FROM feed_gaps").fetchall()
    assert backfill["new_articles"] == 0 and after_backfill == (0, 0)
    assert daily["new_articles"] == 1
    assert stored == [(NEXT_DAY, "floods.html")]
    assert gaps == [(NEXT_DAY, 3)]
