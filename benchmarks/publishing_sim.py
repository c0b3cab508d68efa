"""A simulated news site for benchmarks/coverage.py: outlets publish on a simulated clock and their RSS
feeds, served on 127.0.0.1, show the newest `window` items at the clock's current time.

Publishing is a Poisson process per feed whose rate follows a day curve (quiet nights, busy days, each
outlet shifted by a few hours), doubled for two hours by a breaking story on some feeds. Some feeds carry
events that really lose items: a flood (a batch of items in a few minutes, more than the window holds)
and an outage (503 for hours while the outlet keeps publishing); one item is dated a day ahead.

The server answers 304 when If-None-Match names the feed's current content. Every feed request is logged
with its simulated time, so the benchmark can count requests and derive the true gaps: a response whose
oldest item is newer than the newest item of the previous response to the same reader.
"""
from __future__ import annotations

import bisect
import email.utils
import math
import random
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Share of the mean hourly rate, hour by hour (local time of the outlet).
DAY_CURVE = (0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.4, 1.6, 1.6, 1.5,
             1.5, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.7, 0.5, 0.3)
_CURVE_MEAN = sum(DAY_CURVE) / len(DAY_CURVE)
BURST = timedelta(hours=2)
BURST_FACTOR = 2.0


@dataclass
class SimFeed:
    """One outlet's feed: its publishing times (seconds, sorted) and how it is served."""

    index: int
    rate_per_day: float
    window: int
    times: list[float] = field(default_factory=list)
    shown_dates: dict[int, float] = field(default_factory=dict)  # item index -> date shown, when not its time
    outage: tuple[float, float] | None = None  # 503 in [start, end)
    bursts: list[float] = field(default_factory=list)  # start times of a doubled rate
    flood_at: float | None = None
    sitemap: bool = False  # served as a news sitemap (the last SITEMAP_HOURS of items) instead of RSS

    @property
    def path(self) -> str:
        """The feed's (or news sitemap's) URL path."""
        return f"/f{self.index:02d}/news-sitemap.xml" if self.sitemap else f"/f{self.index:02d}/feed.xml"

    def published_by(self, now: float) -> int:
        """How many items were published at or before `now`."""
        return bisect.bisect_right(self.times, now)


@dataclass
class Clock:
    """The simulated time every response is built at (set by the benchmark)."""

    now: float = 0.0


@dataclass
class Served:
    """One feed request as the server saw it."""

    feed: int
    at: float
    status: int
    published: int  # items published by then (the newest item's index + 1)
    shown: int  # items in the response (0 for 304 / 503)
    reader: str  # "poller" or the ?reader= value


def rate_at(feed: SimFeed, t: float, offset_h: float) -> float:
    """Items a second at time t: the day curve, times BURST_FACTOR during a burst."""
    hour = int(((t / 3600.0) + offset_h) % 24)
    rate = feed.rate_per_day / 86400.0 * DAY_CURVE[hour] / _CURVE_MEAN
    if any(start <= t < start + BURST.total_seconds() for start in feed.bursts):
        rate *= BURST_FACTOR
    return rate


def publish(feed: SimFeed, start: float, end: float, rng: random.Random, offset_h: float) -> None:
    """Fill feed.times with a Poisson process over [start, end) (thinning), plus the flood, sorted."""
    peak = feed.rate_per_day / 86400.0 * max(DAY_CURVE) / _CURVE_MEAN * BURST_FACTOR
    t = start
    while True:
        t += rng.expovariate(peak)
        if t >= end:
            break
        if rng.random() < rate_at(feed, t, offset_h) / peak:
            feed.times.append(t)
    if feed.flood_at is not None:
        feed.times.extend(feed.flood_at + 40.0 * n for n in range(feed.window + feed.window // 2))
    feed.times.sort()


def build_feeds(day_start: float, sim_start: float, sim_end: float, *, count: int = 50,
                seed: int = 7) -> list[SimFeed]:
    """`count` feeds, rates 2..300 a day (log-spaced, shuffled), windows 10..50, bursts, a flood, an outage."""
    rng = random.Random(seed)
    rates = [2.0 * 150.0 ** (i / (count - 1)) for i in range(count)]
    rng.shuffle(rates)
    feeds = [SimFeed(index=i, rate_per_day=rates[i], window=rng.randint(10, 50)) for i in range(count)]
    for feed in rng.sample(feeds, 10):
        feed.bursts.append(day_start + rng.uniform(6, 20) * 3600.0)
    busy = sorted(feeds, key=lambda f: -f.rate_per_day)
    flood, outage = busy[8], busy[12]
    flood.window, flood.flood_at = 10, day_start + 14.2 * 3600.0
    outage.window, outage.outage = 10, (day_start + 9 * 3600.0, day_start + 12 * 3600.0)
    for feed in feeds:
        history = max(3.0, 1.5 * feed.window / feed.rate_per_day) * 86400.0
        publish(feed, sim_start - history, sim_end, rng, offset_h=rng.uniform(-3, 3))
    future = busy[15]
    n = future.published_by(day_start + 10 * 3600.0)
    future.shown_dates[n] = future.times[n] + 86400.0  # shown a day ahead (a wrong time zone)
    return feeds


SITEMAP_HOURS = 48  # a news sitemap lists the articles of the last two days (at most 1,000)


def news_sitemap(feed: SimFeed, base_url: str, published: int) -> bytes:
    """The outlet's Google News sitemap at the time its `published`-th item appeared: the last two days."""
    newest = feed.times[published - 1] if published else 0.0
    entries = []
    for n in range(published - 1, max(0, published - 1000) - 1, -1):
        if feed.times[n] < newest - SITEMAP_HOURS * 3600.0:
            break
        date = datetime.fromtimestamp(feed.times[n], timezone.utc).isoformat()
        entries.append(f"<url><loc>{base_url}/f{feed.index:02d}/a{n:05d}.html</loc><news:news><news:publication>"
                       f"<news:name>Outlet {feed.index}</news:name><news:language>en</news:language></news:publication>"
                       f"<news:publication_date>{date}</news:publication_date>"
                       f"<news:title>Outlet {feed.index} story {n}</news:title></news:news></url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(entries) + "</urlset>").encode()


def rss(feed: SimFeed, base_url: str, published: int) -> bytes:
    """The feed's RSS 2.0 document with its newest `window` items, newest first."""
    entries = []
    for n in range(published - 1, max(0, published - feed.window) - 1, -1):
        shown = feed.shown_dates.get(n, feed.times[n])
        date = email.utils.format_datetime(datetime.fromtimestamp(shown, timezone.utc), usegmt=True)
        link = f"{base_url}/f{feed.index:02d}/a{n:05d}.html"
        entries.append(f"<item><title>Outlet {feed.index} story {n}</title><link>{link}</link>"
                       f"<guid>{link}</guid><pubDate>{date}</pubDate>"
                       f"<description>Report number {n} of outlet {feed.index}.</description></item>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Outlet {feed.index}</title><link>{base_url}/</link><description>news</description>"
            + "".join(entries) + "</channel></rss>").encode()


class QuietServer(ThreadingHTTPServer):
    """A threaded server that does not print a traceback when a client closes a kept-alive connection."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore connection resets; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SimSite:
    """The feeds served on `ports` local ports (feed i on port i % ports), answering at clock.now."""

    def __init__(self, feeds: list[SimFeed], clock: Clock, ports: int = 5) -> None:
        self.feeds, self.clock = feeds, clock
        self.log: list[Served] = []
        self._lock = threading.Lock()
        self._bodies: dict[tuple[int, int], bytes] = {}
        self.servers = [QuietServer(("127.0.0.1", 0), self._handler()) for _ in range(max(1, ports))]
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers]

    def base_url(self, feed: SimFeed) -> str:
        """The site (scheme, host, port) a feed is served on."""
        return f"http://127.0.0.1:{self.servers[feed.index % len(self.servers)].server_address[1]}"

    def url(self, feed: SimFeed) -> str:
        """The feed's URL."""
        return self.base_url(feed) + feed.path

    def __enter__(self) -> SimSite:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        """One request: robots.txt 404, a feed (304 / 503 / 200), else 404."""
        path, _, query = handler.path.partition("?")
        reader = query.removeprefix("reader=") if query.startswith("reader=") else "poller"
        index = int(path[2:4]) if path.startswith("/f") and path.endswith(("/feed.xml", "/news-sitemap.xml")) else -1
        if not 0 <= index < len(self.feeds):
            return _send(handler, 404, b"not found")
        feed, now = self.feeds[index], self.clock.now
        published = feed.published_by(now)
        etag = f'"{index}-{published}"'
        if feed.outage and feed.outage[0] <= now < feed.outage[1]:
            status, body = 503, b"down"
        elif handler.headers.get("If-None-Match") == etag:
            status, body = 304, None
        else:
            status, body = 200, self._body(feed, published, handler)
        with self._lock:
            shown = min(feed.window, published) if status == 200 else 0
            self.log.append(Served(index, now, status, published, shown, reader))
        if status == 304:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        return _send(handler, status, body or b"", etag=etag if status == 200 else None)

    def _body(self, feed: SimFeed, published: int, handler: BaseHTTPRequestHandler) -> bytes:
        """The cached RSS document for this feed state."""
        key = (feed.index, published)
        if key not in self._bodies:
            build = news_sitemap if feed.sitemap else rss
            self._bodies[key] = build(feed, self.base_url(feed), published)
        return self._bodies[key]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.answer(self)

        return Handler


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, *, etag: str | None = None) -> None:
    """Write one complete response."""
    handler.send_response(status)
    handler.send_header("Content-Type", "application/rss+xml" if status == 200 else "text/plain")
    handler.send_header("Content-Length", str(len(body)))
    if etag:
        handler.send_header("ETag", etag)
    handler.end_headers()
    handler.wfile.write(body)


def true_gaps(log: list[Served], reader: str = "poller") -> list[tuple[int, float, int]]:
    """(feed, time, items lost) for each 200 whose window starts after the previous 200's newest item."""
    last: dict[int, int] = {}
    gaps = []
    for served in sorted((s for s in log if s.reader == reader and s.status == 200), key=lambda s: s.at):
        oldest = served.published - served.shown
        if served.feed in last and oldest > last[served.feed]:
            gaps.append((served.feed, served.at, oldest - last[served.feed]))
        last[served.feed] = served.published
    return gaps


def expected_items(feed: SimFeed, start: float, end: float) -> range:
    """Indexes of the items published in [start, end)."""
    return range(bisect.bisect_left(feed.times, start), bisect.bisect_left(feed.times, end))


def ts(moment: datetime) -> float:
    """A datetime as epoch seconds."""
    return moment.timestamp()


def at(seconds: float) -> datetime:
    """Epoch seconds as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, timezone.utc)


def mean(values: list[float]) -> float:
    """The mean, 0 for none."""
    return math.fsum(values) / len(values) if values else 0.0
