"""More hostile servers on 127.0.0.1: headers that trickle or never end, odd encodings and redirects, and
private hosts spelled in the ways a feed can spell them."""
from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest

from mediamon.fetch import fetch_one, reason_of
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from tests.support.server import Site, send

DEADLINE_S = 0.8


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """A short deadline under a longer read timeout (a trickle of bytes resets the read timeout); one try."""
    return settings.with_overrides(max_body_bytes=256 * 1024, deadline_s=DEADLINE_S, read_timeout_s=5.0,
                                   connect_timeout_s=2.0, max_tries=1)


def get(site: Site, path: str, settings: Settings) -> FetchResult:
    """Fetch one path of the site."""
    return fetch_one(FetchRequest(site.url(path), "hostile"), settings)


def quietly(write: Callable[[], None]) -> None:
    """Run a writer that the client may cut off."""
    try:
        write()
    except (BrokenPipeError, ConnectionResetError):
        pass


def trickled_headers(h: BaseHTTPRequestHandler) -> None:
    """A status line at once, then one short header every 0.2 s for 8 s: each read is quick, the whole is not."""
    def write() -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        h.wfile.flush()
        for i in range(40):
            h.wfile.write(b"X-Slow-%d: a\r\n" % i)
            h.wfile.flush()
            time.sleep(0.2)
        h.wfile.write(b"Content-Length: 6\r\n\r\n<html>")
    quietly(write)
    h.close_connection = True


def test_response_headers_trickling_past_the_deadline_are_cut_at_it(site: Site, tight: Settings) -> None:
    site.routes["/headers"] = trickled_headers
    started = time.monotonic()
    result = get(site, "/headers", tight)
    took = time.monotonic() - started
    assert reason_of(result.error) == "timeout" and "deadline" in result.error
    assert took < DEADLINE_S + 1.0, f"took {took:.1f} s"
    assert result.body is None


@pytest.mark.parametrize("spelling", ["http://2130706433:{port}/x", "http://0x7f.1:{port}/x", "http://0177.0.0.1:{port}/x",
                                      "http://127.1:{port}/x", "http://[::ffff:127.0.0.1]:{port}/x",
                                      "http://[::ffff:7f00:1]:{port}/x", "http://localhost.:{port}/x",
                                      "http://LOCALHOST:{port}/x", "http://good.example@127.0.0.1:{port}/x",
                                      "http://good.example:pw@localhost:{port}/x"])
def test_loopback_spelled_any_way_is_refused_before_any_request(site: Site, tight: Settings, spelling: str) -> None:
    site.routes["/x"] = lambda h: send(h, 200, b"<html>internal</html>")
    url = spelling.format(port=site.port)
    result = fetch_one(FetchRequest(url, "hostile"), tight.with_overrides(allow_private_hosts=False))
    assert reason_of(result.error) == "private-address", result.error
    assert result.body is None and site.requests == []
