"""Where a redirect leads: Location headers as http.client hands them over (bytes read as Latin-1)."""
from __future__ import annotations

import pytest

from mediamon.errors import FetchError
from mediamon.fetch.redirects import location_text, redirect_url

BASE = "https://news.example.org/a/b"


def wire(location: bytes) -> str:
    """The header value http.client gives for these bytes on the wire."""
    return location.decode("latin-1")


@pytest.mark.parametrize(("sent", "expected"), [
    (b"/caf\xc3\xa9", "https://news.example.org/caf%C3%A9"),
    (b"c?q=\xd0\xbc\xd0\xb8\xd1\x80", "https://news.example.org/a/c?q=%D0%BC%D0%B8%D1%80"),
    (b"/caf\xe9", "https://news.example.org/caf%E9"),                             # Latin-1 byte kept as it came
    (b"http://caf\xc3\xa9.example/x", "http://xn--caf-dma.example/x"),            # IDNA host
    (b"http://us\xc3\xa9r@news.example.org:8080/", "http://us%C3%A9r@news.example.org:8080/"),
    (b"  /plain?x=1%20y  ", "https://news.example.org/plain?x=1%20y"),           # ASCII: only trimmed
    (b"/d#\xc3\xa9", "https://news.example.org/d#%C3%A9"),
])
def test_redirect_url_reads_location_bytes_as_sent_and_gives_ascii(sent: bytes, expected: str) -> None:
    assert redirect_url(BASE, wire(sent)) == expected


def test_location_text_reads_utf8_bytes_as_utf8() -> None:
    assert location_text(wire("/Straße/日本".encode())) == "/Straße/日本"


@pytest.mark.parametrize("location", ["http://[::1/x", wire("http://caf\u00e9".encode() + b"a" * 64 + b".example/")])
def test_unreadable_location_is_bad_url_naming_it(location: str) -> None:
    with pytest.raises(FetchError) as caught:
        redirect_url(BASE, location)
    assert caught.value.reason == "bad-url" and "Location" in str(caught.value)
