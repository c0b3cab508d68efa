"""A week of news on 127.0.0.1 for unattended daily runs: four outlets, each on its own port, whose feeds
change every day, with the mishaps of real life scripted on some days (see EVENTS).

Pages are made from the bundled Wikinews texts (benchmarks/synthetic_site.py's material and page layout),
one lead article per item, so every item is a real article of a few hundred words. `UnattendedSite.set_day(n)`
switches every outlet's routes to day n's feeds and pages; `expected_item_urls(n)` says which item URLs the
feeds that answered that day listed, so a test can check the warehouse against what the site served.
"""
from __future__ import annotations

import email.utils
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

from benchmarks.synthetic_site import AUTHORS, load_material, news_page, rss_feed, slugify
from mediamon.demo.site import PLACEHOLDER
from tests.support.server import RunningSite, Site, send

FIRST_DAY = date(2026, 3, 2)
DAYS = 7
FEED_ITEMS = 12  # items a feed lists: the newest of its outlet
NEW_ITEMS = {0: 8, 4: 0}  # new items per outlet on day n (default 3); day 4 brings none anywhere
OUTLETS = (("alpha", "The Alpha Herald", "KZ"), ("bravo", "The Bravo Courier", "GB"),
           ("charlie", "The Charlie Tribune", "US"), ("delta", "The Delta Gazette", "IN"))
HANG_S = 5.0  # how long the timing-out host keeps a request open (longer than the run's read timeout)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# The scripted mishaps, by day (0 = FIRST_DAY).
EVENTS = {
    0: "alpha lists a PDF report; bravo's section feed lists a main-feed article again with ?utm_source=",
    1: "charlie's feed answers 500; a new bravo page (a one-line feed summary) and a new alpha page (a 30-word summary) "
       "answer 503",
    2: "charlie recovers; bravo's 503 page is now 404, alpha's answers again; delta's host times out; an alpha page loaded on day 0 "
       "changes; bravo's main feed lists a day-0 article again with ?utm_source=",
    3: "alpha's feed repeats yesterday's items (new lastBuildDate, no new item); delta recovers",
    4: "no new items anywhere (every feed body as on day 3)",
    5: "bravo's main feed is malformed XML (cut off before its first item)",
    6: "every feed answers again",
}


def run_date(day: int) -> str:
    """The run date of day n (YYYY-MM-DD)."""
    return (FIRST_DAY + timedelta(days=day)).isoformat()


@dataclass
class Item:
    """One article an outlet publishes: its path, headline, paragraphs and publication time."""

    outlet: str
    path: str
    headline: str
    paragraphs: list[str]
    published: datetime
    author: str
    day: int
    is_pdf: bool = False


@dataclass
class Outlet:
    """An outlet on its own port: its items (oldest first) and the running server."""

    source_id: str
    name: str
    country: str
    running: RunningSite
    items: list[Item] = field(default_factory=list)

    @property
    def site(self) -> Site:
        return self.running.site

    def url(self, path: str) -> str:
        return self.site.url(path)


class UnattendedSite:
    """Four outlets on 127.0.0.1 with a day switch; a context manager that starts and stops their servers."""

    def __init__(self) -> None:
        self.outlets = {sid: Outlet(sid, name, country, RunningSite(Site())) for sid, name, country in OUTLETS}
        self.release = threading.Event()  # set on exit so a hanging request ends at once
        self.day = 0
        self.listed: dict[int, set[str]] = {}
        self.served: list[tuple[str, int | None]] = []  # (URL asked, status answered; None: no answer in time)
        self.last_body: dict[str, bytes] = {}  # each feed's last parseable body: the same again lists no item

    def __enter__(self) -> UnattendedSite:
        for outlet in self.outlets.values():
            outlet.running.__enter__()
        self._publish()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        for outlet in self.outlets.values():
            outlet.running.__exit__(*exc)

    def sources_yaml(self) -> str:
        """The registry: one source per outlet; bravo has a main and a world-section feed."""
        lines = ["sources:"]
        for o in self.outlets.values():
            feeds = [o.url("/feed.xml")] + ([o.url("/world/feed.xml")] if o.source_id == "bravo" else [])
            lines += [f"  - id: {o.source_id}", f"    name: {o.name}", f"    feeds: [{', '.join(feeds)}]",
                      f"    homepage: {o.url('/')}", f"    country: {o.country}", "    language: en"]
        return "\n".join(lines) + "\n"

    def _publish(self) -> None:
        """Write every outlet's items for the whole week, each with its own Wikinews lead."""
        material = load_material()
        leads = iter(range(len(material.wikinews)))
        for o in self.outlets.values():
            for day in range(DAYS):
                new = 0 if (o.source_id == "alpha" and day == 3) else NEW_ITEMS.get(day, 3)
                for n in range(new):
                    headline, paragraphs = material.wikinews[next(leads)]
                    extra = material.wikinews[-1 - len(o.items)][1][:2]  # a background paragraph or two
                    published = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(),
                                                 timezone.utc) + timedelta(hours=6 + n)
                    o.items.append(Item(o.source_id, f"/{published:%Y/%m/%d}/{slugify(headline)}.html",
                                        f"{headline}, {o.name} reports", paragraphs + extra, published,
                                        AUTHORS[len(o.items) % len(AUTHORS)], day))
        alpha = self.outlets["alpha"].items
        alpha[3] = Item("alpha", "/2026/03/02/annual-report.pdf", "Annual report (PDF)", ["Annual report."],
                        alpha[3].published, alpha[3].author, 0, is_pdf=True)

    def set_day(self, day: int) -> None:
        """Serve day n: every outlet's feeds and pages as they are that day, with that day's mishaps."""
        self.day = day
        self.listed[day] = set()
        for o in self.outlets.values():
            routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
            for item in o.items:
                routes[item.path] = self._page_route(o, item)
            routes["/robots.txt"] = _status(404, b"no robots.txt")
            routes["/feed.xml"] = self._feed_route(o, "/feed.xml")
            if o.source_id == "bravo":
                routes["/world/feed.xml"] = self._feed_route(o, "/world/feed.xml")
            o.site.routes.clear()
            o.site.routes.update({path: self._recorded(o, route) for path, route in routes.items()})

    def _recorded(self, o: Outlet, route: Callable[[BaseHTTPRequestHandler], None]
                  ) -> Callable[[BaseHTTPRequestHandler], None]:
        """The route, noting each request's URL and the status it was answered with in `served`."""
        def recorded(handler: BaseHTTPRequestHandler) -> None:
            status = None if route == self._hang else getattr(route, "status", None)
            self.served.append((o.site.base_url + handler.path, status))
            route(handler)
        return recorded

    def _visible(self, o: Outlet, day: int) -> list[Item]:
        """The newest FEED_ITEMS items published up to day n, newest first."""
        return [i for i in o.items if i.day <= day][::-1][:FEED_ITEMS]

    def _feed_route(self, o: Outlet, path: str) -> Callable[[BaseHTTPRequestHandler], None]:
        """The feed at path on the current day, or the mishap that replaces it."""
        day = self.day
        if o.source_id == "charlie" and day == 1:
            return _status(500, b"internal error", retry_after="0")
        if o.source_id == "delta" and day == 2:
            return self._hang
        items = self._visible(o, day)
        if path == "/world/feed.xml":
            items = items[2:3]  # one main-feed article, linked with a tracking parameter
            links = [o.url(i.path) + "?utm_source=world-feed" for i in items]
        else:
            links = [o.url(i.path) for i in items]
            if o.source_id == "bravo" and day == 2:
                old = [i for i in o.items if i.day == 0][0]
                items, links = [*items, old], [*links, o.url(old.path) + "?utm_source=newsletter"]
        body = self._rss(o, path, items, links, built=3 if day == 4 else day)
        if o.source_id == "bravo" and path == "/feed.xml" and day == 5:
            cut = body[:body.index(b"<item>")]  # a transfer cut off before the first item: nothing to recover
            return _status(200, cut, content_type="application/rss+xml")
        if self.last_body.get(o.url(path)) != body:  # an unchanged body is read as not modified
            self.listed[day] |= {link.split("?", 1)[0] for link in links}
        self.last_body[o.url(path)] = body
        return _status(200, body, content_type="application/rss+xml")

    def _rss(self, o: Outlet, path: str, items: list[Item], links: list[str], *, built: int) -> bytes:
        """An RSS 2.0 body whose lastBuildDate is day `built` (so a feed can repeat yesterday's items)."""
        entries = [{"title": self._headline(i), "link": link, "pubDate": email.utils.format_datetime(i.published),
                    "author": i.author, "description": self._summary(i)} for i, link in zip(items, links)]
        text = rss_feed(o.name, o.url("/"), o.url(path), entries)
        stamp = email.utils.format_datetime(datetime.combine(FIRST_DAY + timedelta(days=built), datetime.min.time(),
                                                             timezone.utc) + timedelta(hours=5))
        return text.replace("<language>en</language>", f"<language>en</language>\n  <lastBuildDate>{stamp}"
                            "</lastBuildDate>", 1).encode()

    def _summary(self, item: Item) -> str:
        """The feed's description of an item: its first 300 characters; one line for bravo's failing page, and
        30 words for alpha's flaky page (more than a feed-text article needs, fewer than the articles suite)."""
        if item is self.failing_page():
            return "Developing story."
        if item is self.flaky_page():
            return " ".join(" ".join(item.paragraphs).split()[:30])
        return item.paragraphs[0][:300]

    def _headline(self, item: Item) -> str:
        """An item's headline today: alpha's second day-0 article is rewritten from day 2 on."""
        return f"Updated: {item.headline}" if self._is_changed(item) else item.headline

    def _is_changed(self, item: Item) -> bool:
        """Whether this item's page was changed after it was loaded (changed_item, from day 2)."""
        return item is self.changed_item() and self.day >= 2

    def changed_item(self) -> Item:
        """The item whose page changes on day 2 after day 0 loaded it (alpha's newest day-0 article)."""
        return self.outlets["alpha"].items[7]

    def failing_page(self) -> Item:
        """bravo's day-1 page that answers 503 on day 1 and 404 from day 2 on."""
        return [i for i in self.outlets["bravo"].items if i.day == 1][0]

    def flaky_page(self) -> Item:
        """alpha's first day-1 page: 503 on day 1, answering from day 2 on."""
        return [i for i in self.outlets["alpha"].items if i.day == 1][0]

    def _page_route(self, o: Outlet, item: Item) -> Callable[[BaseHTTPRequestHandler], None]:
        """An item's page on the current day."""
        if item.is_pdf:
            return _status(200, PDF, content_type="application/pdf")
        if item is self.failing_page():
            return _status(503, b"unavailable", retry_after="0") if self.day <= 1 else _status(404, b"gone")
        if item is self.flaky_page() and self.day == 1:
            return _status(503, b"unavailable", retry_after="0")
        paragraphs = item.paragraphs
        if self._is_changed(item):
            paragraphs = ["This article was updated after publication.", *paragraphs[::-1]]
        url = o.url(item.path)
        html = news_page(url, self._headline(item), paragraphs, item.published, item.author, o.name,
                         o.url("/feed.xml"), []).replace(PLACEHOLDER, o.site.base_url)
        return _status(200, html.encode(), content_type="text/html; charset=utf-8")

    def _hang(self, handler: BaseHTTPRequestHandler) -> None:
        """Keep the request open past the read timeout, then answer (a host that times out)."""
        self.release.wait(HANG_S)
        try:
            send(handler, 200, b"<rss/>", content_type="application/rss+xml")
        except OSError:
            pass

    def expected_item_urls(self, day: int) -> set[str]:
        """Item URLs (tracking parameters removed) of the feeds that answered a parseable feed on day n whose
        body changed since the last one."""
        return set(self.listed.get(day, set()))


def _status(status: int, body: bytes, *, content_type: str = "text/html",
            retry_after: str | None = None) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route answering one fixed response."""
    headers = {"Retry-After": retry_after} if retry_after is not None else None

    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, status, body, content_type=content_type, headers=headers)
    route.status = status  # type: ignore[attr-defined]
    return route
