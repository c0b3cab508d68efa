"""A poll pass that a daily run's plan overtakes still reaches the next run, once: the pass stamps its items with
its start but writes them only after fetching every due feed, so a run planned in between started later than
the items' stamp. Before, the next run took only items stamped after that run's start, and the pass's items
were never taken by any run. A real poller thread against a site on 127.0.0.1, into a real DuckDB file."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import duckdb

from mediamon.discover.polling import PollSummary, poll_once
from mediamon.rundir import RunDir, read_jsonl
from mediamon.settings import Settings
from mediamon.stages import discover, finish_run, plan_run, process_shards, run_day, shard_items, source_ids
from tests.support.fixture_site import bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite, Site, send

DAY, NEXT_DAY, THIRD_DAY = "2026-01-15", "2026-01-16", "2026-01-17"


def _feed(items: str = "") -> bytes:
    """An RSS feed of the Steppe Courier holding these <item>s."""
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Courier</title><link>http://example.org/'
            f"</link><description>news</description>{items}</channel></rss>").encode()


class HeldFeed:
    """/feed.xml: empty for the daily runs; once armed, the next request (the poller's) waits for release (unless
    held is False) and then lists /news/floods.html."""

    def __init__(self, site: Site, *, held: bool = True) -> None:
        self.site, self.armed, self.entered, self.released = site, False, threading.Event(), threading.Event()
        self.lock = threading.Lock()
        if not held:
            self.released.set()

    def route(self, handler: BaseHTTPRequestHandler) -> None:
        """Serve the feed, holding the armed request."""
        with self.lock:
            held, self.armed = self.armed, False
        if not held:
            return send(handler, 200, _feed(), content_type="application/rss+xml")
        self.entered.set()
        self.released.wait(timeout=60)
        item = f"<item><title>Floods in Sindh</title><link>{self.site.url('/news/floods.html')}</link></item>"
        return send(handler, 200, _feed(item), content_type="application/rss+xml")


def _polled_urls(run_dir: str) -> list[str]:
    """The URLs of the staged items a run took."""
    return [row["url"].rsplit("/", 1)[1] for row in read_jsonl(RunDir(Path(run_dir)).feed_items("_polled"))]


def _settings(site: Site, tmp_path: Path) -> Settings:
    """Settings for the site, a warehouse file and a data directory under tmp_path."""
    return site_settings(site, tmp_path, read_timeout_s=120.0)


def test_a_pass_overtaken_by_a_plan_joins_the_next_run_once(tmp_path):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        feed = HeldFeed(site)
        site.routes["/feed.xml"] = feed.route
        settings = _settings(site, tmp_path)
        assert run_day(settings, DAY)["new_articles"] == 0
        feed.armed = True
        passes: list[PollSummary] = []
        poller = threading.Thread(target=lambda: passes.append(poll_once(settings)))
        poller.start()  # the pass stamps its start, then waits on the feed
        assert feed.entered.wait(timeout=30)
        overtaking = run_day(settings, NEXT_DAY)  # planned after the pass started, before its items are written
        feed.released.set()
        poller.join(timeout=60)
        assert passes and passes[0].new_items == 1 and passes[0].items_path is not None
        next_run = run_day(settings, THIRD_DAY)
        again = run_day(settings, THIRD_DAY)  # the day re-run: nothing taken twice
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        stored = con.execute("SELECT run_date::VARCHAR, split_part(url, '/', -1) FROM articles").fetchall()
    assert overtaking["new_articles"] == 0 and _polled_urls(overtaking["run_dir"]) == []
    assert next_run["new_articles"] == 1 and _polled_urls(next_run["run_dir"]) == ["floods.html"]
    assert again["new_articles"] == 0 and _polled_urls(again["run_dir"]) == []
    assert stored == [(THIRD_DAY, "floods.html")]


def test_a_pass_staged_while_a_run_goes_on_joins_the_next_run_only(tmp_path):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        feed = HeldFeed(site, held=False)
        site.routes["/feed.xml"] = feed.route
        settings = _settings(site, tmp_path)
        assert run_day(settings, DAY)["new_articles"] == 0
        run_dir = plan_run(settings, NEXT_DAY)
        feed.armed = True
        assert poll_once(settings).new_items == 1  # staged after the run planned, before it takes polled items
        discover(run_dir, source_ids(run_dir), settings)
        process_shards(shard_items(run_dir, settings), settings)
        during = finish_run(run_dir, settings)
        next_run = run_day(settings, THIRD_DAY)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        stored = con.execute("SELECT run_date::VARCHAR, split_part(url, '/', -1) FROM articles").fetchall()
    assert during["new_articles"] == 0 and _polled_urls(str(run_dir)) == []
    assert next_run["new_articles"] == 1 and _polled_urls(next_run["run_dir"]) == ["floods.html"]
    assert stored == [(THIRD_DAY, "floods.html")]
