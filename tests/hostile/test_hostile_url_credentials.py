"""URLs with credentials ('user:secret@') that a 127.0.0.1 site refuses, loops or breaks: the recorded error names
the URL with its user info shown as *** and never holds the secret."""
from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from mediamon.errors import ExtractError, redact_credentials
from mediamon.fetch import fetch_all, reason_of
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from mediamon.text.urls import canonical_url
from tests.support.hostile_fetch import tight_settings
from tests.support.server import Site, send

PAGE = b"<html><body>the article</body></html>"
SECRET = "s3cr3t-pa55"


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """Small caps and a 2 s deadline; one try each."""
    return tight_settings(settings, 2.0)


def with_credentials(url: str) -> str:
    """url with user:SECRET@ before its host."""
    return url.replace("://", f"://user:{SECRET}@", 1)


def free_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetched(site: Site, path: str, settings: Settings) -> list[FetchResult]:
    """Every attempt of one fetch of path, its URL carrying credentials."""
    return fetch_all([FetchRequest(with_credentials(site.url(path)), "hostile")], settings)


def loop(site: Site) -> None:
    """/x redirects to itself."""
    site.routes["/x"] = lambda h: send(h, 302, b"", headers={"Location": "/x"})


def endless(site: Site) -> None:
    """/x redirects to ever new URLs, each carrying the credentials."""
    hops = iter(range(100))
    site.routes["/x"] = lambda h: send(h, 302, b"", headers={
        "Location": with_credentials(site.url(f"/x?hop={next(hops)}"))})


def unreadable(site: Site) -> None:
    """/x redirects to a Location with credentials and an unclosed IPv6 bracket."""
    site.routes["/x"] = lambda h: send(h, 302, b"", headers={"Location": f"http://user:{SECRET}@[::1/x"})


def disallowed(site: Site) -> None:
    """robots.txt disallows /x."""
    site.routes["/robots.txt"] = lambda h: send(h, 200, b"User-agent: *\nDisallow: /x\n", content_type="text/plain")


def robots_elsewhere(site: Site) -> None:
    """robots.txt redirects, with credentials, to a port that refuses connections."""
    target = f"http://user:{SECRET}@127.0.0.1:{free_port()}/robots.txt"
    site.routes["/robots.txt"] = lambda h: send(h, 302, b"", headers={"Location": target})


@pytest.mark.parametrize(("arrange", "reason"), [
    (loop, "too-many-redirects"),
    (endless, "too-many-redirects"),
    (unreadable, "bad-url"),
    (disallowed, "robots-disallowed"),
    (robots_elsewhere, "robots-unreachable"),
])
def test_recorded_errors_show_the_url_without_its_credentials(site: Site, tight: Settings,
                                                              arrange: Callable[[Site], None], reason: str) -> None:
    arrange(site)
    site.routes.setdefault("/x", lambda h: send(h, 200, PAGE))
    results = fetched(site, "/x", tight)
    assert reason_of(results[-1].error) == reason, results[-1].error
    assert all(SECRET not in (r.error or "") for r in results), [r.error for r in results]
    assert "://***@" in results[-1].error


def test_a_private_address_refusal_hides_the_credentials(site: Site, tight: Settings) -> None:
    site.routes["/x"] = lambda h: send(h, 200, PAGE)
    result = fetched(site, "/x", tight.with_overrides(allow_private_hosts=False))[-1]
    assert reason_of(result.error) == "private-address" and SECRET not in result.error
    assert f"'http://***@127.0.0.1:{site.port}/x' resolves to non-public 127.0.0.1" in result.error
    assert site.requests == []


@pytest.mark.parametrize(("url", "reason"), [
    (f"http://user:{SECRET}@127.0.0.1:0/x", "bad-url"),
    (f"http://user:{SECRET}@127.0.0.1:99999/x", "bad-url"),
    (f"ftp://user:{SECRET}@127.0.0.1/x", "bad-scheme"),
])
def test_unfetchable_urls_are_refused_without_their_credentials(tight: Settings, url: str, reason: str) -> None:
    result = fetch_all([FetchRequest(url, "hostile")], tight)[-1]
    assert reason_of(result.error) == reason and SECRET not in result.error and "***@127.0.0.1" in result.error


def test_url_errors_of_any_stage_lose_the_credentials() -> None:
    with pytest.raises(ExtractError) as caught:
        raise ExtractError("no-text", f"too little text at http://user:{SECRET}@news.example.org/a")
    assert SECRET not in str(caught.value) and SECRET not in caught.value.detail
    with pytest.raises(Exception) as bad:
        canonical_url(f"http://user:{SECRET}@news.example.org:99999/a")
    assert SECRET not in str(bad.value)


@pytest.mark.parametrize(("text", "shown"), [
    (f"'http://user:{SECRET}@h/x'", "'http://***@h/x'"),
    (f"http://u:p@{SECRET}@h:8080/x -> https://a:{SECRET}@b", "http://***@h:8080/x -> https://***@b"),
    (f"//{SECRET}@h", "//***@h"),
    ("https://medium.com/@user/post and someone@example.org", "https://medium.com/@user/post and someone@example.org"),
    (f"https://h/feed?api_key={SECRET}", "https://h/feed?api_key=***"),
    (f"https://h/rss?section=world&Token={SECRET}#top", "https://h/rss?section=world&Token=***#top"),
    (f"'https://h/a?access_token={SECRET}&x-amz-signature={SECRET}'", "'https://h/a?access_token=***&x-amz-signature=***'"),
    (f"https://u:{SECRET}@h/feed?apikey={SECRET}&page=2", "https://***@h/feed?apikey=***&page=2"),
    ("https://h/rss?key=world&id=7&tokens=3&mytoken=x", "https://h/rss?key=world&id=7&tokens=3&mytoken=x"),
])
def test_redact_credentials_hides_user_info_and_secret_query_values_only(text: str, shown: str) -> None:
    assert redact_credentials(text) == shown
