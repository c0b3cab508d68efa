"""More hostile servers on 127.0.0.1: headers that trickle or never end, odd encodings and redirects, and
private hosts spelled in the ways a feed can spell them."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from mediamon.errors import REASONS
from mediamon.fetch import fetch_all, fetch_one, reason_of
from mediamon.fetch.step import TRANSIENT_REASONS
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


def page(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route answering 200 with an HTML body."""
    return lambda h: send(h, 200, body)


def redirect_to_raw(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route answering 302 with location written byte for byte (each character one byte, as on the wire)."""
    return lambda h: send(h, 302, b"", headers={"Location": location})


@pytest.mark.parametrize(("wire", "sent"), [
    ("/caf\xc3\xa9", "/caf%C3%A9"),                                 # UTF-8 bytes in the path
    ("/search?q=caf\xc3\xa9&x=1", "/search?q=caf%C3%A9&x=1"),       # and in the query
    ("/\xe6\x97\xa5\xe6\x9c\xac/caf%C3%A9", "/%E6%97%A5%E6%9C%AC/caf%C3%A9"),  # escapes already there are kept
    ("/caf\xe9", "/caf%E9"),                                        # not UTF-8 (Latin-1): the byte as it came
])
def test_redirect_location_bytes_are_requested_as_the_server_sent_them(site: Site, tight: Settings, wire: str,
                                                                      sent: str) -> None:
    site.routes["/go"] = redirect_to_raw(wire)
    site.routes[sent.split("?", 1)[0]] = page(b"<html>arrived</html>")
    result = get(site, "/go", tight)
    assert [p for _, p, _ in site.requests if p != "/robots.txt"] == ["/go", sent]
    assert result.final_url == site.url(sent) and result.body == b"<html>arrived</html>", result.error


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A 127.0.0.1 port held by a socket that is bound but not listening: every connection to it is refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@contextlib.contextmanager
def robots_404_then_gone() -> Iterator[int]:
    """A server that answers one request (robots.txt: 404) and stops listening before it replies."""
    class Once(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.server.socket.close()  # later connections are refused, none waits in the backlog
            send(self, 404, b"", headers={"Connection": "close"})
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Once)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        thread.join(timeout=5)
        server.server_close()


def test_refused_connection_to_robots_txt_is_named_connection_refused(tight: Settings) -> None:
    with closed_port() as port:
        result = fetch_one(FetchRequest(f"http://127.0.0.1:{port}/x", "hostile"), tight)
    assert reason_of(result.error) == "robots-unreachable"
    assert "unreachable (connection-refused:" in result.error and "timeout" not in result.error, result.error


def test_refused_page_connection_is_connection_refused_and_retried_like_connection_errors(tight: Settings) -> None:
    assert "connection-refused" in TRANSIENT_REASONS and "connection-refused" in REASONS
    with robots_404_then_gone() as port:
        results = fetch_all([FetchRequest(f"http://127.0.0.1:{port}/x", "hostile")], tight.with_overrides(max_tries=2))
    assert [(r.attempt, reason_of(r.error)) for r in results] == [(1, "connection-refused"), (2, "connection-refused")]
    assert results[0].robots == "unavailable" and "gave up after 2 tries" in results[-1].error
    assert f"127.0.0.1:{port} refused the connection" in results[-1].error


@pytest.mark.parametrize("port", ["0", "00", "65536", "99999"])
def test_url_with_a_port_outside_1_to_65535_is_refused_as_bad_url_before_any_request(site: Site, tight: Settings,
                                                                                   port: str) -> None:
    result = fetch_one(FetchRequest(f"http://127.0.0.1:{port}/x", "hostile"), tight)
    assert reason_of(result.error) == "bad-url" and f"invalid port {port}" in result.error, result.error
    assert "1 to 65535" in result.error and result.status is None


@pytest.mark.parametrize("port", ["0", "65536"])
def test_redirect_to_a_port_outside_1_to_65535_is_refused_as_bad_url(site: Site, tight: Settings, port: str) -> None:
    site.routes["/go"] = redirect_to_raw(f"http://127.0.0.1:{port}/x")
    result = get(site, "/go", tight)
    assert reason_of(result.error) == "bad-url" and f"invalid port {port}" in result.error, result.error
    assert [p for _, p, _ in site.requests if p != "/robots.txt"] == ["/go"]
