"""robots.txt answered with redirects that cannot be followed, on 127.0.0.1: the robots.txt is unavailable
(everything allowed, RFC 9309 sections 2.3.1.2-2.3.1.3), never a reason to disallow the whole host."""
from __future__ import annotations

import pytest

from mediamon.settings import Settings
from tests.support.hostile_fetch import get, tight_settings
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
