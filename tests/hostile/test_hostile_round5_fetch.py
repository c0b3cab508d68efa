"""Red-team hosts and framings of the fifth round: internationalised host names (faß.example was looked up and sent
in the Host header as its Unicode or IDNA 2003 spelling fass.example, another domain, and a Cyrillic host failed every
request with a UnicodeEncodeError), loopback spelled in full-width or circled digits and ideographic dots, and a
response whose Content-Length is shorter than its body, the rest shaped as a second response on the same connection.
Every fetch asks DNS and the server for the name a browser asks for, or is refused before any request."""
from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import mediamon.fetch.netsafety as netsafety
from mediamon.fetch import fetch_all, fetch_one, reason_of
from mediamon.fetch.netsafety import parse_target
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from mediamon.text.urls import canonical_url
from tests.support.hostile_fetch import tight_settings
from tests.support.server import Site, send

DEADLINE_S = 3.0
GOOD_PAGE = b"<html><head><title>Good</title></head><body><p>" + b"Good words here. " * 50 + b"</p></body></html>"


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Names under .example resolve to 127.0.0.1 (where the test site is); every name asked is recorded."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[tuple]:
        asked.append(host)
        if isinstance(host, str) and host.endswith(".example"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(netsafety.socket, "getaddrinfo", getaddrinfo)
    return {"asked": asked}


@pytest.fixture
def good_site(site: Site) -> Site:
    """The test site with a good page at /good."""
    site.routes["/good"] = lambda h: send(h, 200, GOOD_PAGE)
    return site


def hosts_sent(site: Site) -> set[str]:
    """The Host headers the site received."""
    return {headers.get("Host", "") for _, _, headers in site.requests}


# --- internationalised host names -----------------------------------------------------------------------------


@pytest.mark.parametrize("host, ascii_name", [("faß.example", "xn--fa-hia.example"),
                                              ("bücher.example", "xn--bcher-kva.example"),
                                              ("москва.example", "xn--80adxhks.example"),
                                              ("BÜCHER.example", "xn--bcher-kva.example")])
def test_an_internationalised_host_is_looked_up_and_asked_for_by_its_idna_2008_name(
        dns: dict[str, Any], good_site: Site, settings: Settings, host: str, ascii_name: str) -> None:
    url = f"http://{host}:{good_site.port}/good"
    result = fetch_one(FetchRequest(url, "idn"), tight_settings(settings, DEADLINE_S))
    assert result.error is None and result.status == 200
    assert {name for name in dns["asked"] if not name[0].isdigit()} == {ascii_name}  # then its address, to connect
    assert hosts_sent(good_site) == {f"{ascii_name}:{good_site.port}"}


def test_a_host_is_fetched_under_the_name_its_canonical_url_gives(dns: dict[str, Any], good_site: Site,
                                                                   settings: Settings) -> None:
    url = f"http://faß.example:{good_site.port}/good"
    assert parse_target(url).host == parse_target(canonical_url(url)).host == "xn--fa-hia.example"
    assert parse_target(url).host_key == parse_target(canonical_url(url)).host_key  # one host for politeness


def test_a_redirect_to_an_internationalised_host_follows_to_its_idna_2008_name(
        dns: dict[str, Any], good_site: Site, settings: Settings) -> None:
    location = f"http://faß.example:{good_site.port}/good".encode().decode("latin-1")  # UTF-8 bytes on the wire
    good_site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": location})
    result = fetch_one(FetchRequest(good_site.url("/go"), "idn"), tight_settings(settings, DEADLINE_S))
    assert result.error is None and result.status == 200
    assert result.final_url == f"http://xn--fa-hia.example:{good_site.port}/good"
    assert "fass.example" not in dns["asked"]


def test_an_internationalised_host_idna_refuses_is_bad_url_before_any_lookup(dns: dict[str, Any],
                                                                              settings: Settings) -> None:
    result = fetch_one(FetchRequest(f"http://{'ü' * 64}.example/x", "idn"), tight_settings(settings, DEADLINE_S))
    assert reason_of(result.error) == "bad-url" and dns["asked"] == []


@pytest.mark.parametrize("host", ["１２７.０.０.１", "127。0。0。1", "①②⑦.0.0.1", "127．0．0．1"])
def test_loopback_in_full_width_or_circled_digits_is_refused_before_any_request(
        good_site: Site, settings: Settings, host: str) -> None:
    result = fetch_one(FetchRequest(f"http://{host}:{good_site.port}/good", "idn"),
                       tight_settings(settings, DEADLINE_S).with_overrides(allow_private_hosts=False))
    assert reason_of(result.error) in ("private-address", "bad-url") and result.body is None
    assert good_site.requests == []


# --- a Content-Length shorter than the body -------------------------------------------------------------------

SMUGGLED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 22\r\n\r\n<html>smuggled</html>\n"


@contextlib.contextmanager
def lying_length_server() -> Iterator[tuple[int, list[str]]]:
    """A server whose /x answer says Content-Length 100 but sends a whole page and then a second response on the
    same connection; every other path gets the good page. Yields its port and the paths asked."""
    listener = socket.create_server(("127.0.0.1", 0))
    asked: list[str] = []

    def serve(conn: socket.socket) -> None:
        with conn:
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, data = data.partition(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode("latin-1")
                asked.append(path)
                if path == "/x":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n"
                                 + GOOD_PAGE + SMUGGLED)
                else:
                    code = b"404 Not Found" if path == "/robots.txt" else b"200 OK"
                    body = b"" if path == "/robots.txt" else GOOD_PAGE
                    conn.sendall(b"HTTP/1.1 " + code + b"\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
                                 % len(body) + body)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1], asked
    finally:
        listener.close()


def test_bytes_past_a_short_content_length_never_become_the_next_pages_body(settings: Settings) -> None:
    with lying_length_server() as (port, asked):
        requests = [FetchRequest(f"http://127.0.0.1:{port}{path}", "lying") for path in ("/x", "/a", "/b")]
        results = {r.url: r for r in fetch_all(requests, tight_settings(settings, DEADLINE_S))}
    for path in ("/a", "/b"):
        page = results[f"http://127.0.0.1:{port}{path}"]
        assert page.error is None and page.body == GOOD_PAGE, (path, page.error, (page.body or b"")[:60])
    assert results[f"http://127.0.0.1:{port}/x"].body in (GOOD_PAGE[:100], None)
    assert asked.count("/a") == 1 and asked.count("/b") == 1
