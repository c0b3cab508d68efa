"""Hostile HTTP servers on 127.0.0.1 against the fetcher: redirect chains whose hops are each slow, robots.txt
redirect chains, and malformed responses; each case ends in its time cap with a recorded reason."""
from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest

from mediamon.fetch import fetch_all, reason_of
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_fetch import quietly, tight_settings
from tests.support.server import Site, send

DEADLINE_S = 1.0
HOP_S = 0.4  # each hop answers after this long: under the deadline, but six of them are not
GOOD_PAGE = b"<html><head><title>Good</title></head><body><p>" + b"Good words here. " * 40 + b"</p></body></html>"


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """A 1 s deadline and a 5 s read timeout; one try each."""
    return tight_settings(settings, DEADLINE_S)


def slow_hop(next_path: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A redirect to next_path sent after HOP_S seconds."""
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(HOP_S)
        quietly(lambda: send(h, 302, b"", headers={"Location": next_path}))
    return route


def good(h: BaseHTTPRequestHandler) -> None:
    """A small HTML page."""
    send(h, 200, GOOD_PAGE, content_type="text/html; charset=utf-8")


def chain(site: Site, prefix: str, hops: int, end: str) -> None:
    """Routes prefix0 -> prefix1 -> ... -> end, each hop slow."""
    for n in range(hops):
        site.routes[f"{prefix}{n}"] = slow_hop(f"{prefix}{n + 1}" if n + 1 < hops else end)


def fetched(site: Site, paths: list[str], settings: Settings) -> list:
    """The outcome (last attempt) of each path, in order."""
    results = fetch_all([FetchRequest(site.url(p), "hostile") for p in paths], settings)
    return [[r for r in results if r.url == site.url(p)][-1] for p in paths]


def test_a_redirect_chain_records_the_time_of_every_hop(site: Site, tight: Settings) -> None:
    chain(site, "/hop", 2, "/good")
    site.routes["/good"] = good
    result, = fetched(site, ["/hop0"], tight)
    assert result.error is None and result.final_url == site.url("/good")
    assert result.elapsed_ms >= 2 * HOP_S * 1000 * 0.9


def test_a_chain_of_slow_redirects_ends_at_the_attempts_deadline(site: Site, tight: Settings) -> None:
    chain(site, "/hop", 5, "/good")  # 5 x 0.4 s: each hop is in time, the chain is not
    site.routes["/good"] = good
    started = time.monotonic()
    result, = fetched(site, ["/hop0"], tight)
    took = time.monotonic() - started
    assert reason_of(result.error) == "timeout", result.error
    assert took < DEADLINE_S + HOP_S + 0.5
    assert site.url("/good") not in [site.url(path) for _, path, _ in site.requests]


def test_a_chain_of_slow_robots_redirects_ends_at_one_deadline_and_holds_the_pages_back(site: Site,
                                                                                        tight: Settings) -> None:
    chain(site, "/robots", 5, "/robots-final.txt")
    site.routes["/robots.txt"] = slow_hop("/robots0")
    site.routes["/robots-final.txt"] = lambda h: send(h, 200, b"User-agent: *\nAllow: /\n", content_type="text/plain")
    site.routes["/good"] = good
    started = time.monotonic()
    result, = fetched(site, ["/good"], tight)
    took = time.monotonic() - started
    assert reason_of(result.error) == "robots-unreachable", result.error
    assert "timeout" in result.error
    assert took < DEADLINE_S + HOP_S + 0.5


def raw(response: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """Write these bytes as the whole response, then close the connection."""
    def route(h: BaseHTTPRequestHandler) -> None:
        quietly(lambda: h.wfile.write(response))
        h.close_connection = True
    return route


MALFORMED = {
    "header-line-over-64-KiB": b"HTTP/1.1 302 Found\r\nLocation: /" + b"a" * 100_000 + b"\r\n\r\n",
    "over-100-headers": b"HTTP/1.1 200 OK\r\n" + b"X-H: v\r\n" * 200 + b"Content-Length: 0\r\n\r\n",
    "status-line-of-another-protocol": b"HTCPCP/1.0 418 teapot\r\n\r\nhello",
    "no-status-line": GOOD_PAGE,
    "two-content-lengths": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10\r\n"
                           b"Content-Length: 99999\r\n\r\n" + GOOD_PAGE,
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_response_is_an_http_error_asked_once_and_the_host_stays_in_the_run(site: Site, settings: Settings,
                                                                                          name: str) -> None:
    site.routes["/bad"] = raw(MALFORMED[name])
    site.routes["/good"] = good
    three_tries = tight_settings(settings, DEADLINE_S).with_overrides(max_tries=3)
    results = fetch_all([FetchRequest(site.url("/bad"), "hostile"), FetchRequest(site.url("/good"), "hostile")],
                        three_tries)
    bad = [r for r in results if r.url == site.url("/bad")]
    assert [reason_of(r.error) for r in bad] == ["http-error"], [r.error for r in bad]
    assert "malformed response" in bad[0].error
    assert [r.error for r in results if r.url == site.url("/good")] == [None]


def test_a_server_closing_without_an_answer_is_still_a_connection_error_retried(site: Site, settings: Settings) -> None:
    site.routes["/gone"] = raw(b"")
    results = fetch_all([FetchRequest(site.url("/gone"), "hostile")],
                        tight_settings(settings, DEADLINE_S).with_overrides(max_tries=2))
    assert [reason_of(r.error) for r in results] == ["connection-error", "connection-error"]


def bomb(encoding: str, inflated_bytes: int = 8 * 1024 * 1024) -> bytes:
    """inflated_bytes of zeros compressed as gzip or zlib deflate (about 1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
    return packer.compress(b"\0" * inflated_bytes) + packer.flush()


@pytest.mark.parametrize(("encoding", "kind"), [("gzip", "feed"), ("deflate", "page"), ("gzip", "page")])
def test_a_compression_bomb_is_too_large_after_decompression_for_feeds_and_pages(site: Site, tight: Settings,
                                                                                  encoding: str, kind: str) -> None:
    content_type = "application/rss+xml" if kind == "feed" else "text/html"
    site.routes["/bomb"] = lambda h: send(h, 200, bomb(encoding), content_type=content_type,
                                          headers={"Content-Encoding": encoding})
    result = fetch_all([FetchRequest(site.url("/bomb"), "hostile", kind=kind)], tight)[-1]
    assert reason_of(result.error) == "too-large" and "after decompression" in result.error


def test_a_robots_txt_bomb_is_read_to_its_cap_and_its_rules_apply(site: Site, tight: Settings) -> None:
    rules = b"User-agent: *\nDisallow: /private\n"
    inflated = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    body = inflated.compress(rules + b"#" * (64 * 1024 * 1024)) + inflated.flush()
    site.routes["/robots.txt"] = lambda h: send(h, 200, body, content_type="text/plain",
                                                headers={"Content-Encoding": "gzip"})
    site.routes["/private"] = good
    site.routes["/good"] = good
    private, public = fetched(site, ["/private", "/good"], tight)
    assert reason_of(private.error) == "robots-disallowed"
    assert public.error is None


def test_a_body_longer_than_its_content_length_does_not_leak_into_the_next_response(site: Site,
                                                                                     tight: Settings) -> None:
    smuggled = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n<html>smuggled</html>"
    site.routes["/short"] = raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                                b"Connection: keep-alive\r\n\r\n" % len(GOOD_PAGE) + GOOD_PAGE + smuggled)
    site.routes["/good"] = good
    short, after = fetched(site, ["/short", "/good"], tight.with_overrides(host_concurrency=1))
    assert short.error is None and short.body == GOOD_PAGE
    assert after.error is None and after.body == GOOD_PAGE


def test_a_body_shorter_than_its_content_length_is_a_connection_error(site: Site, tight: Settings) -> None:
    site.routes["/cut"] = raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n" + GOOD_PAGE)
    result, = fetched(site, ["/cut"], tight)
    assert reason_of(result.error) == "connection-error" and "IncompleteRead" in result.error


def test_a_server_that_accepts_and_never_answers_times_out_at_the_deadline(site: Site, tight: Settings) -> None:
    site.routes["/silent"] = lambda h: time.sleep(DEADLINE_S + 2)
    started = time.monotonic()
    result, = fetched(site, ["/silent"], tight)
    assert reason_of(result.error) == "timeout"
    assert time.monotonic() - started < DEADLINE_S + 0.5


def one_byte_chunks(h: BaseHTTPRequestHandler) -> None:
    """A chunked body sent one byte a chunk, without end (six bytes on the wire for each byte of body)."""
    def write() -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        block = b"1\r\na\r\n" * 50_000
        while True:
            h.wfile.write(block)
    quietly(write)
    h.close_connection = True


def test_a_body_of_one_byte_chunks_reaches_the_cap(site: Site, settings: Settings) -> None:
    site.routes["/crumbs"] = one_byte_chunks  # its CPU cost is measured by benchmarks/hostile.py --network
    result = fetch_all([FetchRequest(site.url("/crumbs"), "hostile")],
                       tight_settings(settings, 20.0).with_overrides(max_body_bytes=1024 * 1024))[-1]
    assert reason_of(result.error) == "too-large", result.error


def gzip_members(*parts: bytes) -> bytes:
    """Each part as its own gzip member, one after the other (RFC 1952 2.2)."""
    return b"".join(gzip.compress(part) for part in parts)


def test_a_body_of_several_gzip_members_is_read_whole(site: Site, tight: Settings) -> None:
    half = len(GOOD_PAGE) // 2
    site.routes["/members"] = lambda h: send(h, 200, gzip_members(GOOD_PAGE[:half], GOOD_PAGE[half:]),
                                             headers={"Content-Encoding": "gzip"})
    result, = fetched(site, ["/members"], tight)
    assert result.error is None and result.body == GOOD_PAGE


def test_a_bomb_of_many_gzip_members_is_too_large(site: Site, tight: Settings) -> None:
    member = gzip.compress(b"\0" * (128 * 1024), 9)  # each member under the 256 KiB cap
    site.routes["/members"] = lambda h: send(h, 200, member * 64, headers={"Content-Encoding": "gzip"})
    result, = fetched(site, ["/members"], tight)
    assert reason_of(result.error) == "too-large" and "after decompression" in result.error


def test_bytes_after_the_last_gzip_member_are_ignored(site: Site, tight: Settings) -> None:
    site.routes["/padded"] = lambda h: send(h, 200, gzip.compress(GOOD_PAGE) + b"\0" * 512,
                                            headers={"Content-Encoding": "gzip"})
    result, = fetched(site, ["/padded"], tight)
    assert result.error is None and result.body == GOOD_PAGE


def one_answer_a_connection(h: BaseHTTPRequestHandler) -> None:
    """Answer the first request of a kept-alive connection; close on the next one unanswered, as a server whose
    idle timeout crosses the request does."""
    if getattr(h, "answered", False):
        h.close_connection = True
        return
    h.answered = True  # type: ignore[attr-defined]
    good(h)


def test_a_kept_alive_connection_closed_under_a_request_is_asked_again_on_a_new_one(site: Site,
                                                                                   tight: Settings) -> None:
    site.routes["/a"] = one_answer_a_connection
    site.routes["/b"] = one_answer_a_connection
    first, second = fetched(site, ["/a", "/b"], tight.with_overrides(host_concurrency=1))
    assert first.error is None and second.error is None, (first.error, second.error)
    assert [path for _, path, _ in site.requests if path != "/robots.txt"] == ["/a", "/b", "/b"]


def early_hints(h: BaseHTTPRequestHandler) -> None:
    """A 103 Early Hints and a 102 Processing before the final 200 (RFC 8297, RFC 2518)."""
    h.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                  b"HTTP/1.1 102 Processing\r\n\r\n")
    good(h)


@pytest.mark.parametrize("kind", ["page", "feed"])
def test_interim_responses_before_the_final_one_are_skipped(site: Site, tight: Settings, kind: str) -> None:
    site.routes["/hints"] = early_hints
    result = fetch_all([FetchRequest(site.url("/hints"), "hostile", kind=kind)], tight)[-1]
    assert (result.status, result.error, result.body) == (200, None, GOOD_PAGE)


def endless_hints(h: BaseHTTPRequestHandler) -> None:
    """103 Early Hints without end, never a final response."""
    def write() -> None:
        while True:
            h.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" * 100)
            time.sleep(0.01)
    quietly(write)
    h.close_connection = True


def test_interim_responses_without_end_time_out_at_the_deadline(site: Site, tight: Settings) -> None:
    site.routes["/hints"] = endless_hints
    started = time.monotonic()
    result, = fetched(site, ["/hints"], tight)
    assert reason_of(result.error) == "timeout", result.error
    assert time.monotonic() - started < DEADLINE_S + 0.5


def interim_then_close(h: BaseHTTPRequestHandler) -> None:
    """A 100 Continue, then the connection closes without a final response."""
    quietly(lambda: h.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n"))
    h.close_connection = True


def test_a_kept_alive_connection_closed_after_part_of_an_answer_is_not_asked_again(site: Site,
                                                                                  tight: Settings) -> None:
    site.routes["/a"] = good
    site.routes["/b"] = interim_then_close
    first, second = fetched(site, ["/a", "/b"], tight.with_overrides(host_concurrency=1))
    assert first.error is None and reason_of(second.error) == "connection-error", second.error
    assert [path for _, path, _ in site.requests].count("/b") == 1
