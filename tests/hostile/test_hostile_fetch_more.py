"""More hostile servers on 127.0.0.1: headers that trickle or never end, odd encodings and redirects, and
private hosts spelled in the ways a feed can spell them."""
from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest

from mediamon.fetch import fetch_one, reason_of
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_fetch import get, quietly, tight_settings
from tests.support.server import Site, send

DEADLINE_S = 0.8


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """Small caps and a 0.8 s deadline; one try each."""
    return tight_settings(settings, DEADLINE_S)


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
