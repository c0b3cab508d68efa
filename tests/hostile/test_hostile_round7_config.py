"""Registry URLs no request can ever be made for, seventh round: a port outside 1-65535, a host with an empty label
or a label over 63 characters, a host ending in a number that is no IPv4 address, a URL longer than any the fetcher
sends. sources.yaml took each of them, and every run then recorded the same bad-url for that feed; now each is a
problem of the registry at its line, naming the URL and what is wrong, with the others listed beside it."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.discover.sources import load_sources
from mediamon.errors import ConfigError
from mediamon.fetch.netsafety import MAX_URL_CHARS

GOOD_FEED = "https://news.example.org/feed"
UNFETCHABLE = {
    "port-too-high": ("https://news.example.org:99999/feed", "port 99999"),
    "port-zero": ("https://news.example.org:0/feed", "port 0"),
    "empty-label": ("https://news..example.org/feed", "news..example.org"),
    "label-over-63": (f"https://{'a' * 64}.example.org/feed", "a" * 64),
    "not-an-ipv4": ("http://1.2.3.4.5/feed", "1.2.3.4.5"),
    "too-long": ("https://news.example.org/" + "a" * MAX_URL_CHARS, str(MAX_URL_CHARS)),
}


def registry(tmp_path: Path, *, feed: str = GOOD_FEED, homepage: str = "https://news.example.org/",
             sitemap: str | None = None) -> Path:
    """A registry of one source with this feed, homepage and (optional) sitemap, and a good second source."""
    sitemaps = f"    sitemaps: ['{sitemap}']\n" if sitemap else ""
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        f"  - id: daily\n    name: Daily\n    homepage: '{homepage}'\n    country: GB\n    language: en\n"
        f"    feeds: ['{feed}']\n{sitemaps}"
        "  - id: weekly\n    name: Weekly\n    homepage: https://weekly.example.org/\n    country: GB\n"
        "    language: en\n    feeds: [https://weekly.example.org/feed]\n", encoding="utf-8")
    return path


def problem(path: Path) -> str:
    """The ConfigError load_sources raises for path (the test fails if it loads)."""
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    return str(caught.value)


@pytest.mark.parametrize("case", UNFETCHABLE)
def test_a_feed_no_request_can_be_made_for_is_a_problem_at_its_line(tmp_path: Path, case: str) -> None:
    url, named = UNFETCHABLE[case]
    message = problem(registry(tmp_path, feed=url))
    assert message.startswith("1 problem(s)") and "sources.yaml line 7: feed" in message
    assert named in message and "never be fetched" in message


@pytest.mark.parametrize("case", ["port-too-high", "empty-label"])
def test_a_sitemap_or_homepage_no_request_can_be_made_for_is_a_problem_at_its_line(tmp_path: Path, case: str) -> None:
    url, named = UNFETCHABLE[case]
    message = problem(registry(tmp_path, sitemap=url))
    assert "sources.yaml line 8: sitemap" in message and named in message
    message = problem(registry(tmp_path, homepage=url))
    assert "sources.yaml line 4: homepage" in message and named in message


@pytest.mark.parametrize("feed", ["https://news.example.org:8443/feed", "https://b\u00fccher.example/feed",
                                  "http://[2001:db8::1]:8080/feed", "http://192.0.2.7/feed",
                                  "https://news.example.org/" + "a" * (MAX_URL_CHARS - 30)])
def test_feeds_a_request_can_be_made_for_still_load(tmp_path: Path, feed: str) -> None:
    sources = load_sources(registry(tmp_path, feed=feed))
    assert [s.feeds for s in sources] == [(feed,), ("https://weekly.example.org/feed",)]
