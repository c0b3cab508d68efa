"""A feed whose URL in sources.yaml carries credentials (user:secret@host), and one whose query carries an API
key, run on two days against a 127.0.0.1 site: the warehouse never holds a secret, and the feeds' stored
validators still serve the next day's conditional GET."""
from __future__ import annotations

import base64
import gzip
import logging
from datetime import date, timedelta
from types import SimpleNamespace

import duckdb
import pytest

from mediamon.settings import Settings
from mediamon.stages import run_day
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site
from tests.support.server import RunningSite, send

SECRET = "s3cr3t-feed-pa55"
API_KEY = "k3y-0f-the-feed"
BASIC = "Basic " + base64.b64encode(f"reader:{SECRET}".encode()).decode()
MOVED_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Moved</title><item><title>Water deal</title>'
              '<link>{link}</link><pubDate>Thu, 15 Jan 2026 09:00:00 GMT</pubDate></item></channel></rss>')
NEXT_DATE = (date.fromisoformat(RUN_DATE) + timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """Two run days of the fixture source read through a feed URL with credentials; the warehouse's text values,
    the feed requests' headers, the product's log lines and the WARC archive's bytes."""
    tmp = tmp_path_factory.mktemp("feedcreds")
    logged = LogLines()
    package = logging.getLogger("mediamon")
    level = package.level
    package.addHandler(logged)
    package.setLevel(logging.DEBUG)
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        moved = site.url("/water-deal.html").replace("://", f"://reader:{SECRET}@", 1)
        site.routes["/moved.html"] = lambda h: send(h, 301, b"", headers={"Location": moved})
        site.routes["/moved/feed.xml"] = lambda h: send(h, 200, MOVED_FEED.format(link=site.url("/moved.html"))
                                                        .encode(), content_type="application/rss+xml")
        site.routes["/keyed/feed.xml"] = lambda h: send(h, 200, MOVED_FEED.format(link=site.url("/moved.html"))
                                                        .encode(), content_type="application/rss+xml",
                                                        headers={"ETag": '"keyed-1"'})
        feed, other = (site.url(path).replace("://", f"://reader:{SECRET}@", 1) for path in ("/feed.xml",
                                                                                           "/moved/feed.xml"))
        (tmp / "sources.yaml").write_text(
            f"sources:\n  - id: steppe-courier\n    name: The Steppe Courier\n    feeds: [{feed}]\n"
            f"    homepage: {site.url('/')}\n    country: KZ\n    language: en\n"
            f"  - id: moved\n    name: Moved\n    feeds: [{other}]\n"
            f"    homepage: {site.url('/moved/')}\n    country: KZ\n    language: en\n"
            f"  - id: keyed\n    name: Keyed\n    feeds: ['{site.url('/keyed/feed.xml')}?section=world&api_key={API_KEY}']\n"
            f"    homepage: {site.url('/keyed/')}\n    country: KZ\n    language: en\n", encoding="utf-8")
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0)
        try:
            run_day(settings, RUN_DATE)
            run_day(settings, NEXT_DATE)
        finally:
            package.removeHandler(logged)
            package.setLevel(level)
        feed_requests = [headers for _, path, headers in site.requests if path == "/feed.xml"]
        keyed_requests = [(path, headers) for _, path, headers in site.requests if path.startswith("/keyed/feed.xml")]
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND "
                              "data_type IN ('VARCHAR', 'JSON') AND table_name NOT LIKE 'digest%'").fetchall()
        leaks = [(t, c) for t, c in columns if con.execute(
            f'SELECT count(*) FROM "{t}" WHERE "{c}" LIKE $s OR "{c}" LIKE $k',
            {"s": f"%{SECRET}%", "k": f"%{API_KEY}%"}).fetchone()[0]]
        feeds = con.execute("SELECT feed_url, etag FROM feeds WHERE source_id = 'steppe-courier'").fetchall()
        keyed = con.execute("SELECT feed_url, etag FROM feeds WHERE source_id = 'keyed'").fetchall()
        redirected = con.execute("SELECT final_url FROM fetch_log WHERE url LIKE '%/moved.html'").fetchall()
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    archived = b"".join(gzip.decompress(path.read_bytes()) for path in settings.data_dir.rglob("*.warc.gz"))
    return SimpleNamespace(leaks=leaks, feeds=feeds, feed_requests=feed_requests, articles=articles,
                           redirected=[r[0] for r in redirected], keyed=keyed, keyed_requests=keyed_requests,
                           lines=logged.lines, archived=archived)


class LogLines(logging.Handler):
    """Keeps every formatted record."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record as a handler would write it."""
        self.lines.append(self.format(record))


def test_no_table_of_the_warehouse_holds_the_secret(days):
    assert days.articles > 0
    assert days.leaks == []


def test_the_feed_is_stored_once_with_its_credentials_shown_as_stars(days):
    assert len(days.feeds) == 1
    url, etag = days.feeds[0]
    assert url.startswith("http://***@127.0.0.1:") and url.endswith("/feed.xml") and etag


def test_the_next_day_asks_the_feed_with_the_stored_validator(days):
    requests = days.feed_requests
    assert "If-None-Match" not in requests[0]
    assert requests[1].get("If-None-Match") == days.feeds[0][1]


def test_the_feed_is_asked_with_its_user_info_as_basic_authentication(days):
    assert [headers.get("Authorization") for headers in days.feed_requests] == [BASIC] * 2
    assert all("Authorization" not in headers for _, headers in days.keyed_requests)


def test_the_archive_keeps_the_request_headers_without_the_authorization(days):
    assert b"Authorization: ***" in days.archived
    assert BASIC.encode() not in days.archived and BASIC.split()[1].encode() not in days.archived


def test_a_redirect_to_a_url_with_credentials_is_logged_without_them(days):
    redirected = days.redirected
    assert redirected and all(url.startswith("http://***@127.0.0.1:") for url in redirected)


def test_a_feed_with_an_api_key_is_stored_with_the_key_shown_as_stars_and_asked_with_it(days):
    keyed, requests = days.keyed, days.keyed_requests
    assert [url.split("/keyed/", 1)[1] for url, _ in keyed] == ["feed.xml?section=world&api_key=***"]
    assert keyed[0][1] == '"keyed-1"'
    assert [path for path, _ in requests] == [f"/keyed/feed.xml?section=world&api_key={API_KEY}"] * 2
    assert "If-None-Match" not in requests[0][1] and requests[1][1].get("If-None-Match") == '"keyed-1"'


def test_no_log_line_shows_a_password_or_an_api_key(days):
    lines = days.lines
    feed_lines = [line for line in lines if "feed_url=" in line]
    assert any("://***@127.0.0.1:" in line for line in feed_lines)  # the feeds are logged, as starred URLs
    assert any("api_key=***" in line for line in feed_lines)
    assert [line for line in lines if SECRET in line or API_KEY in line] == []
