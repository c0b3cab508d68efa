"""canonical_url and the fetcher agree on which explicit ports a URL may carry: 1-65535 (port 0 cannot be
connected to), so no canonical article URL looks fetchable when the fetcher would refuse it."""
from __future__ import annotations

import pytest

from mediamon.errors import FetchError
from mediamon.fetch.netsafety import parse_target
from mediamon.text.urls import canonical_url, prefer_canonical


@pytest.mark.parametrize("port", ["0", "00", "000"])
def test_port_zero_is_a_bad_url(port: str) -> None:
    with pytest.raises(FetchError) as caught:
        canonical_url(f"https://news.example.org:{port}/a")
    assert caught.value.reason == "bad-url" and "1 to 65535" in str(caught.value)


@pytest.mark.parametrize("port", ["0", "00", "1", "80", "443", "8080", "65535", "65536", "99999", "-1", "x"])
def test_canonical_url_refuses_exactly_the_ports_the_fetcher_refuses(port: str) -> None:
    url = f"http://news.example.org:{port}/a"
    outcomes = []
    for check in (canonical_url, parse_target):
        try:
            check(url)
            outcomes.append("accepted")
        except FetchError as err:
            outcomes.append(err.reason)
    assert outcomes[0] == outcomes[1], outcomes


@pytest.mark.parametrize(("url", "canonical"), [
    ("http://news.example.org:8080/a", "http://news.example.org:8080/a"),
    ("https://news.example.org:443/a", "https://news.example.org/a"),
    ("http://news.example.org:1/a", "http://news.example.org:1/a"),
    ("http://news.example.org:065535/a", "http://news.example.org:65535/a"),
])
def test_valid_ports_keep_their_canonical_form(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_a_rel_canonical_on_port_zero_is_ignored_for_the_page_url() -> None:
    page = "https://news.example.org/2026/01/a"
    assert prefer_canonical(page, "https://news.example.org:0/2026/01/a") == page
