"""Redirects to private hosts spelled the ways a hostile server can spell them, and Locations carrying control,
space or direction characters: each is refused (or requested percent-encoded) with a recorded reason, and the
internal host never sees a request."""
from __future__ import annotations

import contextlib
import gzip
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest

import mediamon.fetch.client as client_module
from mediamon.errors import REASONS
from mediamon.fetch import fetch_one, reason_of
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from tests.support import hostile_servers
from tests.support.hostile_fetch import tight_settings
from tests.support.server import RunningSite, Site, send

DEADLINE_S = 2.0

# {port} is the internal server's port: every spelling names 127.0.0.1 (or ::1, where nothing listens).
PRIVATE_LOCATIONS = ["http://example.com@127.0.0.1:{port}/admin", "http://example.com\\@127.0.0.1:{port}/admin",
                     "http://2130706433:{port}/admin", "http://0x7f000001:{port}/admin", "http://0177.0.0.1:{port}/admin",
                     "http://127.1:{port}/admin", "http://[::ffff:127.0.0.1]:{port}/admin", "http://[::1]:{port}/admin",
                     "http://localhost.:{port}/admin", "http://LOCALHOST:{port}/admin", "http://\u24dbocalhost:{port}/admin",
                     "http://\uff11\uff12\uff17.0.0.1:{port}/admin",
                     "//127.0.0.1:{port}/admin", "http://0.0.0.0:{port}/admin", "http://[::]:{port}/admin",
                     "http://169.254.169.254/latest/meta-data/", "http://[64:ff9b::7f00:1]:{port}/admin"]


@pytest.fixture
def trusted_port(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Treat one local port as public (as if it were a public host); every other address stays refused."""
    real = client_module.check_addresses
    ports: list[int] = []

    def check(addresses: list[str], *, url: str, allow_private: bool) -> list[str]:
        return real(addresses, url=url, allow_private=any(f"127.0.0.1:{port}/" in url for port in ports))

    monkeypatch.setattr(client_module, "check_addresses", check)
    yield ports


@pytest.mark.parametrize("location", PRIVATE_LOCATIONS)
def test_a_redirect_to_a_private_host_spelled_any_way_is_refused_and_never_requested(
        site: Site, settings: Settings, trusted_port: list[int], location: str) -> None:
    with RunningSite(Site(routes={"/admin": lambda h: send(h, 200, b"<html>internal</html>")})) as internal:
        site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": location.format(port=internal.port)})
        trusted_port.append(site.port)
        result = fetch_one(FetchRequest(site.url("/go"), "hostile"),
                           tight_settings(settings, DEADLINE_S).with_overrides(allow_private_hosts=False))
        assert internal.requests == []
        assert result.error and reason_of(result.error) in ("private-address", "bad-url", "connection-error")
        assert result.status != 200


@pytest.mark.parametrize("location", ["/a\u202eb", "/a b", "/a\tb", "/a\u200bb", "/\u0430dmin", "/a\x7fb"])
def test_a_location_with_spaces_or_invisible_characters_is_requested_percent_encoded(
        site: Site, settings: Settings, location: str) -> None:
    site.routes["/go"] = lambda h: send(h, 302, b"", headers={"Location": location})
    result = fetch_one(FetchRequest(site.url("/go"), "hostile"), tight_settings(settings, DEADLINE_S))
    paths = [path for _, path, _ in site.requests if path not in ("/go", "/robots.txt")]
    assert result.error is not None and result.status != 200  # the test site has no such page
    assert len(paths) <= 1 and all(path.isascii() and path.isprintable() and " " not in path for path in paths)


@contextlib.contextmanager
def raw_server(case: str) -> Iterator[int]:
    """One case of tests/support/hostile_servers.py, served on 127.0.0.1 in a thread; its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    getattr(hostile_servers.CASES[case][1], "prepare", bytes)()

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=hostile_servers.serve_connection, args=(case, conn), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def fetch_case(case: str, settings: Settings) -> FetchResult:
    """The result of asking the case's hostile URL once."""
    with raw_server(case) as port:
        return fetch_one(FetchRequest(f"http://127.0.0.1:{port}/x", "hostile"), tight_settings(settings, DEADLINE_S))


def test_a_negative_chunk_size_is_a_malformed_body_not_an_unexpected_error(settings: Settings) -> None:
    result = fetch_case("chunk-size-negative", settings)
    assert reason_of(result.error) == "http-error" and "malformed chunked body" in result.error


def test_a_gzip_body_cut_before_any_byte_decodes_is_an_error_not_an_empty_page(settings: Settings) -> None:
    result = fetch_case("gzip-truncated", settings)
    assert reason_of(result.error) == "http-error" and "truncated gzip body" in result.error


def test_a_gzip_body_cut_after_some_bytes_keeps_them_and_says_so(settings: Settings,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    packed = gzip.compress(os.urandom(30_000).hex().encode(), 6)
    hostile_servers.CASES["gzip-cut-late"] = ("page", hostile_servers.fixed(
        hostile_servers.response("200 OK", packed[:-2_000], {"Content-Encoding": "gzip"})))
    try:
        with caplog.at_level(logging.WARNING, logger="mediamon.fetch.client"):
            result = fetch_case("gzip-cut-late", settings)
    finally:
        del hostile_servers.CASES["gzip-cut-late"]
    assert result.error is None and result.status == 200 and 0 < result.bytes < 60_000
    assert "reason=truncated-gzip" in caplog.text


@pytest.mark.parametrize("case", ["gzip-twice-bomb", "encoding-unknown-stack", "gzip-declared-plain-body",
                                  "chunk-size-overflow", "header-folding-flood", "switching-protocols",
                                  "length-huge-number"])
def test_other_malformed_encodings_and_framings_end_in_a_recorded_reason_in_time(settings: Settings, case: str) -> None:
    getattr(hostile_servers.CASES[case][1], "prepare", bytes)()  # a bomb takes seconds to build: not the fetch's
    start = time.monotonic()
    result = fetch_case(case, settings)
    assert result.error and reason_of(result.error) in set(REASONS) | {"http-error"}
    assert "unexpected-error" not in result.error and time.monotonic() - start < DEADLINE_S + 2
