"""A robots.txt under the wrong Content-Encoding, seventh round: a server labelling its plain-text robots.txt gzip or
deflate (a common misconfiguration of compression rules) made the body a 'corrupt gzip body', the robots.txt
'unreachable', and every page of the site robots-unreachable on every run, while the rules it sent were readable.
Now the robots.txt is asked again and read as it came: its rules apply (its disallowed pages end robots-disallowed,
the others are fetched). A robots.txt that is a damaged gzip stream still holds the site back, as before. A page
labelled deflate that is neither a zlib nor a raw deflate stream is an http-error naming the encoding; it recursed
until a RecursionError, recorded as unexpected-error with a traceback."""
from __future__ import annotations

import gzip

import pytest

from mediamon.fetch import fetch_one, reason_of
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_fetch import tight_settings
from tests.support.server import Site, send

RULES = b"User-agent: *\nDisallow: /private\n"
PAGE = b"<html><body>the article</body></html>"


def fetch(site: Site, path: str, settings: Settings) -> tuple[int | None, str | None, str | None]:
    """Status, robots verdict and reason code of one page of the site."""
    result = fetch_one(FetchRequest(site.url(path), "hostile"), tight_settings(settings, 5.0))
    return result.status, result.robots, reason_of(result.error)


@pytest.mark.parametrize("label", ["gzip", "x-gzip", "deflate", "GZIP"])
def test_plain_rules_labelled_compressed_are_read_and_applied(site: Site, settings: Settings, label: str) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 200, RULES, content_type="text/plain",
                                                headers={"Content-Encoding": label})
    site.routes["/news/story"] = lambda h: send(h, 200, PAGE)
    site.routes["/private/story"] = lambda h: send(h, 200, PAGE)
    assert fetch(site, "/news/story", settings) == (200, "allowed", None)
    assert fetch(site, "/private/story", settings)[1:] == ("disallowed", "robots-disallowed")
    assert [path for _, path, _ in site.requests].count("/private/story") == 0


def test_rules_gzip_compressed_as_labelled_are_applied_as_before(site: Site, settings: Settings) -> None:
    site.routes["/robots.txt"] = lambda h: send(h, 200, gzip.compress(RULES), content_type="text/plain",
                                                headers={"Content-Encoding": "gzip"})
    site.routes["/news/story"] = lambda h: send(h, 200, PAGE)
    assert fetch(site, "/news/story", settings) == (200, "allowed", None)
    assert fetch(site, "/private/story", settings)[2] == "robots-disallowed"


def test_a_damaged_gzip_robots_txt_still_holds_the_site_back(site: Site, settings: Settings) -> None:
    damaged = gzip.compress(RULES)[:10] + b"\x00" * 40
    site.routes["/robots.txt"] = lambda h: send(h, 200, damaged, content_type="text/plain",
                                                headers={"Content-Encoding": "gzip"})
    site.routes["/news/story"] = lambda h: send(h, 200, PAGE)
    assert fetch(site, "/news/story", settings)[2] == "robots-unreachable"
    assert all(path != "/news/story" for _, path, _ in site.requests)


@pytest.mark.parametrize("label", ["deflate", "gzip"])
def test_a_page_sent_as_it_is_under_a_compression_label_is_an_http_error_saying_so(
        site: Site, settings: Settings, label: str) -> None:
    """A deflate label on a body neither zlib nor raw deflate recursed until a RecursionError (unexpected-error)."""
    site.routes["/news/story"] = lambda h: send(h, 200, PAGE, headers={"Content-Encoding": label})
    result = fetch_one(FetchRequest(site.url("/news/story"), "hostile"), tight_settings(settings, 5.0))
    assert reason_of(result.error) == "http-error" and f"corrupt {label} body" in (result.error or "")
