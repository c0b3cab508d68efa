"""poll_once against a real local server whose feeds follow a simulated clock: each item staged once, a burst caught."""
from __future__ import annotations

import dataclasses
import email.utils
import json
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

from mediamon.discover.polling import MIN_INTERVAL_S, feed_gaps, poll_dir, poll_once, read_state
from mediamon.fetch import fetch_all
from mediamon.settings import Settings
from tests.support.server import Site, send

START = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
HOURS = 6
BURST = (START + timedelta(hours=2), START + timedelta(hours=4))


class SimFeed:
    """A feed publishing every `every` (every / 2 during the burst) until `until`, showing its newest `window` items."""

    def __init__(self, name: str, every: timedelta, window: int, *, burst: bool = False,
                 until: datetime = START + timedelta(hours=HOURS)) -> None:
        self.name, self.window, self.statuses = name, window, []
        self.times, t = [], START - (window - 1) * every
        while t < until:
            self.times.append(t)
            t += every / 2 if burst and BURST[0] <= t < BURST[1] else every
        self.now = START

    def published(self) -> list[int]:
        """Indexes of the items published by now."""
        return [n for n, t in enumerate(self.times) if t <= self.now]

    def route(self, site: Site):
        """The route serving the feed (304 when If-None-Match names the current content)."""
        def handle(handler: BaseHTTPRequestHandler) -> None:
            shown = self.published()[-self.window:]
            etag = f'"{self.name}-{len(shown) and shown[-1]}"'
            if handler.headers.get("If-None-Match") == etag:
                self.statuses.append(304)
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            self.statuses.append(200)
            items = "".join(
                f"<item><title>{self.name} {n}</title><link>{site.url(f'/{self.name}/{n}.html')}</link>"
                f"<pubDate>{email.utils.format_datetime(self.times[n], usegmt=True)}</pubDate></item>"
                for n in reversed(shown))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{self.name}</title>{items}</channel></rss>'
            send(handler, 200, body.encode(), content_type="application/rss+xml", headers={"ETag": etag})
        return handle


def test_polling_stages_each_item_once_and_catches_a_burst(site: Site, settings: Settings) -> None:
    busy = SimFeed("busy", timedelta(minutes=8), window=10, burst=True)
    quiet = SimFeed("quiet", timedelta(hours=1), window=10, until=START)  # nothing new in the period
    feeds = (busy, quiet)
    sources = "sources:\n" + "".join(
        f"  - id: {f.name}\n    name: {f.name}\n    homepage: {site.url('/')}\n    country: GB\n    language: en\n"
        f"    feeds: [{site.url(f'/{f.name}/feed.xml')}]\n" for f in feeds)
    settings.sources_path.write_text(sources, encoding="utf-8")
    for feed in feeds:
        site.routes[f"/{feed.name}/feed.xml"] = feed.route(site)
    settings = settings.with_overrides(max_tries=1)

    now = START
    while now <= START + timedelta(hours=HOURS):
        for feed in feeds:
            feed.now = now
        poll_once(settings, now=now, fetch=fetch_all)
        now += timedelta(seconds=MIN_INTERVAL_S)

    rows = [json.loads(line) for path in sorted((poll_dir(settings.data_dir) / "items").rglob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]
    staged = [r["url"] for r in rows]
    assert len(staged) == len(set(staged)), "an item was staged twice"
    for feed in feeds:
        published = {site.url(f"/{feed.name}/{n}.html") for n in feed.published()}
        assert published <= set(staged), f"{feed.name}: {len(published - set(staged))} items missed"
    burst = {site.url(f"/busy/{n}.html") for n, t in enumerate(busy.times) if BURST[0] <= t < BURST[1]}
    assert len(burst) >= 25 and burst <= set(staged)
    assert feed_gaps(settings.data_dir, START.date()) == []
    state = read_state(settings.data_dir)
    assert state[site.url("/quiet/feed.xml")].interval_s > state[site.url("/busy/feed.xml")].interval_s
    assert quiet.statuses.count(304) >= 1 and len(quiet.statuses) < len(busy.statuses) / 4


def test_a_pass_refused_for_a_private_address_leaves_the_feed_to_the_next_pass(site: Site, settings: Settings) -> None:
    body = (f'<rss version="2.0"><channel><item><title>a</title><link>{site.url("/a.html")}</link></item>'
            f'</channel></rss>').encode()
    site.routes["/feed.xml"] = lambda handler: send(handler, 200, body, content_type="application/rss+xml")
    settings.sources_path.write_text(f"sources:\n  - id: local\n    name: Local\n    feeds: [{site.url('/feed.xml')}]\n"
                                     f"    homepage: {site.url('/')}\n    country: GB\n    language: en\n",
                                     encoding="utf-8")
    strict = dataclasses.replace(settings, allow_private_hosts=False)
    first = poll_once(strict, now=START)
    state = read_state(settings.data_dir)[site.url("/feed.xml")]
    assert (first.feeds_due, first.refused, first.errors, first.new_items) == (1, 1, 0, 0)
    assert state.errors == 0 and state.last_refusal.startswith("private-address") and state.next_due is None
    second = poll_once(settings, now=START + timedelta(minutes=1))
    assert (second.feeds_due, second.refused, second.errors, second.new_items) == (1, 0, 0, 1)
