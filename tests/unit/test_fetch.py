"""Pure parts of fetch: retry delays, content-type checks, content decoding with caps, robots verdicts."""
from __future__ import annotations

import gzip
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from protego import Protego

from mediamon.errors import FetchError
from mediamon.fetch.client import BodyDecoder
from mediamon.fetch.robots import Robots
from mediamon.fetch.step import (
    RETRY_AFTER_MAX_S,
    is_html_type,
    looks_like_html,
    parse_retry_after,
    reason_of,
    retry_delay_s,
)

UA = "mediamon/0.1.0 (+https://github.com/mediamon/mediamon)"


@pytest.mark.parametrize("attempt, expected", [(1, 1.0), (2, 2.0), (3, 4.0), (10, 60.0)])
def test_retry_delay_backs_off_exponentially_with_a_ceiling(attempt: int, expected: float) -> None:
    assert retry_delay_s(attempt, None) == expected


def test_retry_after_seconds_win_over_backoff() -> None:
    assert retry_delay_s(3, "7") == 7.0


def test_retry_after_too_long_means_give_up() -> None:
    assert retry_delay_s(1, str(int(RETRY_AFTER_MAX_S) + 1)) is None


def test_retry_after_http_date_is_seconds_from_now() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    assert 25 <= parse_retry_after(format_datetime(when, usegmt=True)) <= 31


def test_unreadable_retry_after_falls_back_to_backoff() -> None:
    assert parse_retry_after("soon") is None
    assert retry_delay_s(2, "soon") == 2.0


@pytest.mark.parametrize("content_type, expected", [
    ("text/html", True), ("text/html; charset=utf-8", True), ("Application/XHTML+XML", True),
    ("application/pdf", False), ("image/png", False), ("text/plain", False), ("application/json", False)])
def test_is_html_type(content_type: str, expected: bool) -> None:
    assert is_html_type(content_type) is expected


@pytest.mark.parametrize("body, expected", [
    (b"<!DOCTYPE html><html><body>x", True), (b"\n  <html lang=en>", True), (b"%PDF-1.7 ...", False),
    (b"\x89PNG\r\n", False)])
def test_looks_like_html(body: bytes, expected: bool) -> None:
    assert looks_like_html(body) is expected


def test_reason_of_strips_the_detail() -> None:
    assert reason_of("timeout: body not complete") == "timeout"
    assert reason_of("http-404") == "http-404"
    assert reason_of(None) is None


def test_gzip_decoder_stops_at_the_limit() -> None:
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    decoder = BodyDecoder("gzip", url="http://x/")
    out = decoder.feed(bomb, limit=1001)
    assert len(bomb) < 100_000 and len(out) == 1001


def test_deflate_decoder_accepts_zlib_and_raw_streams() -> None:
    text = b"hello deflate " * 100
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_stream = raw.compress(text) + raw.flush()
    for stream in (zlib.compress(text), raw_stream):
        decoder = BodyDecoder("deflate", url="http://x/")
        assert decoder.feed(stream, limit=10**6) + decoder.finish(limit=10**6) == text


def test_corrupt_gzip_is_an_error_naming_the_encoding() -> None:
    with pytest.raises(FetchError, match="corrupt gzip"):
        BodyDecoder("gzip", url="http://x/").feed(b"not gzip at all", limit=100)


def test_unsupported_content_encoding_is_refused() -> None:
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        BodyDecoder("br", url="http://x/")


def test_robots_verdicts() -> None:
    parsed = Robots("parsed", Protego.parse("User-agent: mediamon\nDisallow: /private\n"))
    assert parsed.verdict("http://h/private/a", UA) == "disallowed"
    assert parsed.verdict("http://h/public", UA) == "allowed"
    assert Robots("unavailable").verdict("http://h/private/a", UA) == "unavailable"
    assert Robots("unreachable").verdict("http://h/public", UA) == "unreachable"   # held back this run, not refused


def test_robots_crawl_delay_is_read_for_our_user_agent() -> None:
    robots = Robots("parsed", Protego.parse("User-agent: *\nCrawl-delay: 3\n"))
    assert robots.crawl_delay_s(UA) == 3.0
    assert Robots("unavailable").crawl_delay_s(UA) is None
