"""robots.txt answered with redirects that cannot be followed, on 127.0.0.1: the robots.txt is unavailable
(everything allowed, RFC 9309 sections 2.3.1.2-2.3.1.3), never a reason to disallow the whole host. A robots.txt
that cannot be read (429, 5xx, timeout, refused connection) holds the host's pages back for the run as
robots-unreachable, a temporary reason; one that was read and disallows is a permanent robots-disallowed."""
from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

import pytest

from mediamon.errors import PERMANENT_ERRORS, REASONS
from mediamon.fetch import fetch_one, reason_of
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_fetch import get, quietly, tight_settings
from tests.support.server import Site, send

PAGE = b"<html><body>the article</body></html>"


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """Small caps and a 2 s deadline; one try each."""
    return tight_settings(settings, 2.0)


def requested(site: Site) -> list[str]:
    """Paths the server was asked for, in order."""
    return [path for _, path, _ in site.requests]


@pytest.mark.parametrize(("status", "headers"), [(301, {}), (302, {}), (303, {}), (307, {}), (308, {}),
                                                 (302, {"Location": ""}), (300, {})])
def test_robots_redirect_without_a_location_is_unavailable_and_allows_the_page(
        site: Site, tight: Settings, status: int, headers: dict[str, str]) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, status, b"", headers=headers)
    site.routes["/x"] = lambda h: send(h, 200, PAGE)
    result = get(site, "/x", tight)
    assert result.error is None and result.body == PAGE, result.error
    assert result.robots == "unavailable" and requested(site) == ["/robots.txt", "/x"]


def test_robots_redirect_loop_is_unavailable_after_one_round(site: Site, tight: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 302, b"", headers={"Location": "/robots-1.txt"})
    site.routes["/robots-1.txt"] = lambda h: send(h, 301, b"", headers={"Location": "/robots.txt"})
    site.routes["/x"] = lambda h: send(h, 200, PAGE)
    result = get(site, "/x", tight)
    assert result.body == PAGE and result.robots == "unavailable", result.error
    assert requested(site) == ["/robots.txt", "/robots-1.txt", "/x"]


def test_robots_redirect_to_an_unparseable_location_is_unavailable(site: Site, tight: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 302, b"", headers={"Location": "http://[::1/robots.txt"})
    site.routes["/x"] = lambda h: send(h, 200, PAGE)
    result = get(site, "/x", tight)
    assert result.body == PAGE and result.robots == "unavailable", result.error


def test_robots_redirect_followed_to_a_robots_txt_still_applies_its_rules(site: Site, tight: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 301, b"", headers={"Location": "/real-robots.txt"})
    site.routes["/real-robots.txt"] = lambda h: send(h, 200, b"User-agent: *\nDisallow: /x\n",
                                                     content_type="text/plain")
    result = get(site, "/x", tight)
    assert result.error is not None and result.error.startswith("robots-disallowed") and result.robots == "disallowed"
    assert requested(site) == ["/robots.txt", "/real-robots.txt"]


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A 127.0.0.1 port bound but not listening: every connection to it is refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


def slow(handler) -> None:
    """Answer robots.txt after the fetch deadline has passed."""
    time.sleep(1.5)
    quietly(lambda: send(handler, 200, b"User-agent: *\nAllow: /\n", content_type="text/plain"))


@pytest.mark.parametrize(("route", "said"), [
    (lambda h: send(h, 503, b"down"), "answered 503"),
    (lambda h: send(h, 500, b"oops"), "answered 500"),
    (lambda h: send(h, 429, b"slow down"), "answered 429"),
    (slow, "unreachable (timeout:"),
])
def test_unreachable_robots_txt_holds_the_page_back_as_robots_unreachable_a_temporary_reason(
        site: Site, tight: Settings, route, said: str) -> None:
    site.routes["/robots.txt"] = route
    site.routes["/x"] = lambda h: send(h, 200, PAGE)
    result = get(site, "/x", tight.with_overrides(deadline_s=0.5))
    assert reason_of(result.error) == "robots-unreachable" and said in result.error, result.error
    assert "RFC 9309" in result.error and result.status is None and requested(site) == ["/robots.txt"]
    assert "robots-unreachable" in REASONS and "robots-unreachable" not in PERMANENT_ERRORS


def test_refused_connection_to_robots_txt_holds_the_page_back_as_robots_unreachable(tight: Settings) -> None:
    with closed_port() as port:
        result = fetch_one(FetchRequest(f"http://127.0.0.1:{port}/x", "hostile"), tight)
    assert reason_of(result.error) == "robots-unreachable", result.error
    assert "unreachable (connection-refused:" in result.error


def test_a_robots_txt_that_was_read_and_disallows_stays_a_permanent_refusal(site: Site, tight: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 200, b"User-agent: *\nDisallow: /x\n", content_type="text/plain")
    result = get(site, "/x", tight)
    assert reason_of(result.error) == "robots-disallowed" and "robots-disallowed" in PERMANENT_ERRORS
    assert f"robots.txt at {site.url('/robots.txt')} disallows {site.url('/x')}" in result.error
    assert requested(site) == ["/robots.txt"]
