"""A UTF-8 body with a few broken sequences (a title cut inside a character, one stray Latin-1 byte) keeps every
other letter, whatever it declares; a legacy body is still read by its declaration or by detection."""
from __future__ import annotations

import pytest

from mediamon.discover.feeds import parse_feed
from mediamon.text.charset import MOSTLY_UTF8_RATIO, decode_bytes
from tests.support.hostile_inputs import FEED_URL, SOURCE_ID, rss_feed, rss_item

TITLE = "Café über Straße Привет мир друг"
BROKEN = [b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80\x80\x80"]


def feed_with(broken: bytes, *, declared: str = "utf-8") -> bytes:
    """A feed of a title in four scripts and an item holding the broken bytes, declaring an encoding."""
    text = rss_feed([rss_item(TITLE, "https://news.example.org/c"), rss_item("bad XX here", "https://news.example.org/b")])
    return text.replace("utf-8", declared).encode().replace(b"XX", broken)


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("declared", ["utf-8", "windows-1252", "iso-8859-1"])
def test_one_broken_sequence_in_a_utf8_feed_leaves_the_other_titles_as_written(broken: bytes, declared: str) -> None:
    items = parse_feed(feed_with(broken, declared=declared), FEED_URL, source_id=SOURCE_ID)
    assert [i.title for i in items] == [TITLE, "bad \ufffd here"]


def test_a_utf8_page_served_as_latin1_with_one_stray_byte_is_read_as_utf8() -> None:
    body = f"<html><body><p>{TITLE} {TITLE}</p><p>caf\xe9</p></body></html>".encode().replace(b"\xc3\xa9</p>", b"\xe9</p>")
    decoded = decode_bytes(body, "text/html; charset=iso-8859-1")
    assert decoded.evidence == "mostly-utf-8" and decoded.text.count(TITLE) == 2 and "caf\ufffd" in decoded.text


@pytest.mark.parametrize(("text", "codec"), [("Café über Straße naïve à la façade " * 20, "cp1252"),
                                             ("Привет мир, друг, хорошо " * 20, "cp1251"),
                                             ("Zażółć gęślą jaźń " * 20, "iso-8859-2")])
def test_legacy_text_declared_as_such_is_not_taken_for_broken_utf8(text: str, codec: str) -> None:
    decoded = decode_bytes(text.encode(codec), f"text/html; charset={codec}")
    assert decoded.text == text and decoded.evidence == "http"


def test_too_many_broken_sequences_for_their_valid_letters_fall_back_to_the_declaration() -> None:
    body = ("é" * (MOSTLY_UTF8_RATIO - 1)).encode() + b" \xff"
    assert decode_bytes(body, "text/plain; charset=windows-1252").evidence == "http"
