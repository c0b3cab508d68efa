"""Hostile URLs and servers of the second round: hosts holding a NUL or other characters no host name has (the NUL
went into the Host header), URLs longer than any server takes, a DNS resolver that never answers, special-purpose
addresses that Python counts as global, private addresses spelled in octal, hex or IPv6 forms, and robots.txt rules
built to make wildcard matching backtrack."""
from __future__ import annotations

import contextlib
import gzip
import socket
import threading
from collections.abc import Iterator

import pytest

import mediamon.fetch.netsafety as netsafety
from mediamon.discover.feeds import read_feed
from mediamon.errors import FetchError
from mediamon.fetch import fetch_all, fetch_one, reason_of
from mediamon.fetch.netsafety import MAX_URL_CHARS, check_url, is_public_address
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_fetch import tight_settings
from tests.support.hostile_inputs import xml_base_feed
from tests.support.server import Site, send

DEADLINE_S = 3.0
GOOD_PAGE = b"<html><head><title>Good</title></head><body><article><p>" + b"Good words here. " * 50 + b"</p></article></body></html>"
HANGING_HOST = "hang.example"


@pytest.fixture
def good_site(site: Site) -> Site:
    """The test site with a good page at /good."""
    site.routes["/good"] = lambda h: send(h, 200, GOOD_PAGE)
    return site


def page_requests(site: Site) -> list[str]:
    """Paths the site was asked for, robots.txt aside."""
    return [path for _, path, _ in site.requests if path != "/robots.txt"]


@pytest.mark.parametrize("junk", ["\x00.evil.example", " ", "\u202e", "%00", "\\evil", "\x7f"])
def test_a_host_holding_a_character_no_host_name_has_is_refused_before_any_request(
        good_site: Site, settings: Settings, junk: str) -> None:
    url = f"http://127.0.0.1{junk}:{good_site.port}/good"
    result = fetch_one(FetchRequest(url, "hostile"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "bad-url" and "cannot have" in (result.error or "")
    assert good_site.requests == []


def test_a_redirect_to_a_host_holding_a_nul_is_refused_and_never_requested(
        good_site: Site, settings: Settings) -> None:
    location = f"http://127.0.0.1\x00.evil.example:{good_site.port}/good"
    good_site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": location})
    result = fetch_one(FetchRequest(good_site.url("/go"), "hostile"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "bad-url"
    assert page_requests(good_site) == ["/go"]
    assert all("\x00" not in headers.get("Host", "") for _, _, headers in good_site.requests)


def test_a_url_longer_than_the_limit_is_refused_before_any_request(good_site: Site, settings: Settings) -> None:
    url = good_site.url("/good?q=" + "a" * MAX_URL_CHARS)
    result = fetch_one(FetchRequest(url, "hostile"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "bad-url" and f"more than the {MAX_URL_CHARS}" in (result.error or "")
    assert good_site.requests == []
    assert len(result.error or "") < 1000  # the message shows the start of the URL, not all of it


def test_a_url_at_the_limit_is_requested(good_site: Site, settings: Settings) -> None:
    url = good_site.url("/good?q=")
    url += "a" * (MAX_URL_CHARS - len(url))
    result = fetch_one(FetchRequest(url, "hostile"), tight_settings(settings, DEADLINE_S))
    assert result.status == 200 and result.error is None


def test_a_redirect_to_a_location_longer_than_the_limit_is_refused_and_not_followed(
        good_site: Site, settings: Settings) -> None:
    good_site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": "/y" + "a" * (2 * MAX_URL_CHARS)})
    result = fetch_one(FetchRequest(good_site.url("/go"), "hostile"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "bad-url"
    assert page_requests(good_site) == ["/go"]


@pytest.fixture
def hanging_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A system resolver that never answers for HANGING_HOST (until the test ends); other hosts resolve as usual.
    Yields the hosts looked up."""
    real = socket.getaddrinfo
    release = threading.Event()
    asked: list[str] = []

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list[tuple]:
        asked.append(host)
        if host == HANGING_HOST:
            release.wait(60)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(netsafety.socket, "getaddrinfo", getaddrinfo)
    yield asked
    release.set()


def test_a_dns_lookup_that_never_answers_ends_in_a_timeout_and_the_run_goes_on(
        good_site: Site, settings: Settings, hanging_resolver: list[str]) -> None:
    requests = [FetchRequest(f"http://{HANGING_HOST}/a", "hostile"), FetchRequest(good_site.url("/good"), "hostile")]
    results = fetch_all(requests, tight_settings(settings, DEADLINE_S).with_overrides(connect_timeout_s=1.0))
    by_url = {result.url: result for result in results}
    hung = by_url[requests[0].url]
    assert HANGING_HOST in hanging_resolver
    assert reason_of(hung.error) in ("timeout", "robots-unreachable")  # robots.txt is asked first, and held it back
    assert f"DNS lookup of {HANGING_HOST!r} not answered within 1 s" in (hung.error or "")
    assert by_url[requests[1].url].status == 200 and by_url[requests[1].url].error is None


def test_a_dns_lookup_answering_in_time_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsafety.socket, "getaddrinfo",
                        lambda host, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))])
    assert check_url("http://news.example.org/a", allow_private=False) == ["93.184.216.34"]


def test_a_failed_dns_lookup_is_still_a_connection_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> list[tuple]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(netsafety.socket, "getaddrinfo", fail)
    with pytest.raises(FetchError) as caught:
        netsafety.resolve_host(netsafety.parse_target("http://nowhere.example/"), url="http://nowhere.example/",
                               timeout_s=5.0)
    assert caught.value.reason == "connection-error"


@pytest.mark.parametrize("address", ["192.0.0.8", "192.0.0.1", "192.0.0.170", "::ffff:192.0.0.8"])
def test_ietf_protocol_assignments_are_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["192.0.0.9", "192.0.0.10", "93.184.216.34", "2606:4700::1111"])
def test_global_services_and_ordinary_public_addresses_stay_public(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize("host", ["0x7f.1", "127.000.000.001", "017700000001", "0x7f.0x0.0x0.0x1", "[::127.0.0.1]",
                                  "[::ffff:0:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]", "[::ffff:7f00:1]", "100.64.0.1",
                                  "198.18.0.1", "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "192.0.0.8", "[fc00::1]",
                                  "0.0.0.0", "[::]", "255.255.255.255", "224.0.0.1"])
def test_private_addresses_in_octal_hex_and_ipv6_forms_are_refused(host: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(f"http://{host}/admin", allow_private=False)
    assert caught.value.reason == "private-address"


def test_robots_rules_built_to_backtrack_are_judged_and_the_run_goes_on(good_site: Site, settings: Settings) -> None:
    rules = "User-agent: *\n" + "".join(f"Disallow: /{'*a' * 40}{i}\n" for i in range(2_000))
    good_site.routes["/robots.txt"] = lambda h: send(h, 200, rules.encode(), content_type="text/plain")
    good_site.routes["/" + "a" * 300] = lambda h: send(h, 200, GOOD_PAGE)
    allowed = fetch_one(FetchRequest(good_site.url("/" + "a" * 300), "hostile"), tight_settings(settings, 30.0))
    disallowed = fetch_one(FetchRequest(good_site.url("/" + "a" * 40 + "7"), "hostile"), tight_settings(settings, 30.0))
    assert allowed.status == 200 and allowed.robots == "allowed"
    assert reason_of(disallowed.error) == "robots-disallowed"


@contextlib.contextmanager
def raw_server(answer: bytes) -> Iterator[int]:
    """A server on 127.0.0.1 answering every request but /robots.txt (404) with these bytes, then closing; its port."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request and (data := conn.recv(65536)):
                request += data
            robots = request.split(b" ", 2)[1:2] == [b"/robots.txt"]
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" if robots else answer)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def chunked(body: bytes) -> bytes:
    """body as one chunk and the last chunk."""
    return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"


@pytest.mark.parametrize("coding", ["gzip, chunked", "chunked, chunked", "x-custom"])
def test_a_transfer_encoding_other_than_chunked_is_an_http_error_not_a_body_with_its_framing(
        settings: Settings, coding: str) -> None:
    answer = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: {coding}\r\nConnection: close\r\n\r\n"
              .encode() + chunked(gzip.compress(GOOD_PAGE)))
    with raw_server(answer) as port:
        result = fetch_one(FetchRequest(f"http://127.0.0.1:{port}/a", "hostile"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "http-error" and "Transfer-Encoding" in (result.error or "")
    assert result.body is None


@pytest.mark.parametrize("coding", ["chunked", "Chunked", "identity"])
def test_chunked_and_identity_transfer_encodings_are_read(settings: Settings, coding: str) -> None:
    body = chunked(GOOD_PAGE) if coding.lower() == "chunked" else GOOD_PAGE
    answer = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: {coding}\r\nConnection: close\r\n\r\n"
              .encode() + body)
    with raw_server(answer) as port:
        result = fetch_one(FetchRequest(f"http://127.0.0.1:{port}/a", "hostile"), tight_settings(settings, DEADLINE_S))
    assert result.status == 200 and result.body == GOOD_PAGE


def test_a_redirect_to_a_link_local_address_with_a_zone_is_refused_as_bad_url(good_site: Site, settings: Settings) -> None:
    good_site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": f"http://[fe80::1%25lo]:{good_site.port}/a"})
    result = fetch_one(FetchRequest(good_site.url("/go"), "hostile"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "bad-url"
    assert page_requests(good_site) == ["/go"]


def test_an_atom_xml_base_aimed_at_a_private_host_gives_an_item_whose_fetch_is_refused(
        good_site: Site, settings: Settings) -> None:
    feed = xml_base_feed(f"http://127.0.0.1:{good_site.port}/", "good")
    items = read_feed(feed, "https://news.example.org/feed.xml", source_id="hostile").items
    assert [item.url for item in items][0] == f"http://127.0.0.1:{good_site.port}/good"
    result = fetch_one(FetchRequest(items[0].url, "hostile"),
                       tight_settings(settings, DEADLINE_S).with_overrides(allow_private_hosts=False))
    assert reason_of(result.error) == "private-address"
    assert good_site.requests == []
