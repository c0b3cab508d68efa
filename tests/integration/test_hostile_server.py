"""Hostile HTTP servers on 127.0.0.1 against the fetcher: redirect chains whose hops are each slow, robots.txt
redirect chains, and malformed responses; each case ends in its time cap with a recorded reason."""
from __future__ import annotations

import time
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
