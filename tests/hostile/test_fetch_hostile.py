"""Hostile servers on 127.0.0.1: bombs, endless and trickling bodies, slow answers, bad redirects."""
from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest

from mediamon.fetch import reason_of
from mediamon.settings import Settings
from tests.support.hostile_fetch import CAP_BYTES, get, quietly, tight_settings
from tests.support.server import Site, send

DEADLINE_S = 0.6


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """Small caps and a 0.6 s deadline; one try each."""
    return tight_settings(settings, DEADLINE_S)


def gzip_bomb(h: BaseHTTPRequestHandler) -> None:
    """About 20 KB on the wire, 20 MB inflated."""
    send(h, 200, gzip.compress(b"\0" * (20 * 1024 * 1024)), headers={"Content-Encoding": "gzip"})


def endless(h: BaseHTTPRequestHandler) -> None:
    """A body without Content-Length that never ends on its own."""
    def write() -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        for _ in range(100_000):
            h.wfile.write(b"<p>" + b"a" * 16_000 + b"</p>")
    quietly(write)
    h.close_connection = True


def trickle(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every 0.2 s of a declared 1000-byte body."""
    def write() -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(1000):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.2)
    quietly(write)


def slow(h: BaseHTTPRequestHandler) -> None:
    """Answers only after longer than the deadline."""
    time.sleep(DEADLINE_S + 1.0)
    quietly(lambda: send(h, 200, b"<html>late</html>"))


def redirect_to(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route answering 302 to location."""
    return lambda h: send(h, 302, b"", headers={"Location": location})


def test_gzip_bomb_is_cut_after_decompression(site: Site, tight: Settings) -> None:
    site.routes["/bomb"] = gzip_bomb
    result = get(site, "/bomb", tight)
    assert reason_of(result.error) == "too-large" and "after decompression" in result.error
    assert result.body is None


def test_content_length_over_the_cap_is_refused_before_reading(site: Site, tight: Settings) -> None:
    site.routes["/big"] = lambda h: quietly(lambda: send(h, 200, b"a" * (CAP_BYTES + 1)))
    result = get(site, "/big", tight)
    assert reason_of(result.error) == "too-large" and "Content-Length" in result.error


def test_endless_body_is_cut_at_the_cap(site: Site, tight: Settings) -> None:
    site.routes["/endless"] = endless
    started = time.monotonic()
    result = get(site, "/endless", tight)
    assert reason_of(result.error) == "too-large" and "on the wire" in result.error
    assert time.monotonic() - started < DEADLINE_S + 1.0


def test_trickling_body_is_cut_at_the_deadline(site: Site, tight: Settings) -> None:
    site.routes["/trickle"] = trickle
    started = time.monotonic()
    result = get(site, "/trickle", tight)
    took = time.monotonic() - started
    assert reason_of(result.error) == "timeout" and "deadline" in result.error
    assert DEADLINE_S <= took < DEADLINE_S + 0.5


def test_server_slower_than_the_deadline_times_out(site: Site, tight: Settings) -> None:
    site.routes["/slow"] = slow
    started = time.monotonic()
    result = get(site, "/slow", tight)
    assert reason_of(result.error) == "timeout"
    assert time.monotonic() - started < DEADLINE_S + 0.5


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/pub/x", "javascript:alert(1)",
                                      "data:text/html,<script>x</script>", "gopher://127.0.0.1/"])
def test_redirect_to_another_scheme_is_refused(site: Site, tight: Settings, location: str) -> None:
    site.routes["/go"] = redirect_to(location)
    result = get(site, "/go", tight)
    assert reason_of(result.error) == "bad-scheme" and result.body is None


def test_redirect_loop_is_detected(site: Site, tight: Settings) -> None:
    site.routes["/ping"] = redirect_to("/pong")
    site.routes["/pong"] = redirect_to("/ping")
    result = get(site, "/ping", tight)
    assert reason_of(result.error) == "too-many-redirects" and "loop" in result.error
    assert [p for _, p, _ in site.requests if p != "/robots.txt"] == ["/ping", "/pong"]


def test_more_than_five_redirects_are_refused_and_five_are_followed(site: Site, tight: Settings) -> None:
    end = lambda h: send(h, 200, b"<html>end</html>")  # noqa: E731
    for chain, length in (("five", 5), ("six", 6)):
        for i in range(length):
            site.routes[f"/{chain}{i}"] = redirect_to(f"/{chain}{i + 1}")
        site.routes[f"/{chain}{length}"] = end
    assert tight.max_redirects == 5
    assert get(site, "/five0", tight).body == b"<html>end</html>"
    six = get(site, "/six0", tight)
    assert reason_of(six.error) == "too-many-redirects" and "more than 5" in six.error
    assert "/six6" not in [p for _, p, _ in site.requests]
