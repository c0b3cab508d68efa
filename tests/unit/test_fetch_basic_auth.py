"""A URL's user info is sent as HTTP Basic authentication, byte for byte as written (percent-escapes decoded)."""
from __future__ import annotations

import base64

import pytest

from mediamon.fetch.client import _basic_auth


def basic(raw: bytes) -> dict[str, str]:
    """The header curl sends for these user:password bytes."""
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


@pytest.mark.parametrize(("url", "header"), [
    ("https://reader:s3cret@news.example/feed.xml", basic(b"reader:s3cret")),
    ("https://reader:p%C3%A9ss%E2%82%AC@news.example/feed.xml", basic("reader:péss€".encode())),
    ("https://re%3Aader:a%40b@news.example/feed.xml", basic(b"re:ader:a@b")),
    ("https://reader:p@ss@news.example/feed.xml", basic(b"reader:p@ss")),
    ("https://reader@news.example/feed.xml", basic(b"reader:")),
    ("https://:token@news.example/feed.xml", basic(b":token")),
])
def test_user_info_is_sent_as_written(url: str, header: dict[str, str]) -> None:
    assert _basic_auth(url) == header


@pytest.mark.parametrize("url", ["https://news.example/feed.xml", "https://@news.example/feed.xml",
                                 "https://:@news.example/feed.xml", "https://news.example/a@b?c=d@e"])
def test_no_user_info_sends_no_header(url: str) -> None:
    assert _basic_auth(url) == {}
