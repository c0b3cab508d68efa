"""canonical_url, article_id, prefer_canonical, unwrap_redirect and host_of."""
from __future__ import annotations

import pytest

from mediamon.errors import FetchError
from mediamon.text.urls import (
    article_id,
    canonical_article_id,
    canonical_url,
    host_of,
    prefer_canonical,
    unwrap_redirect,
)


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://WWW.Example.ORG/News/A", "https://www.example.org/News/A"),            # host case, not path
    ("http://example.org:80/a", "http://example.org/a"),                              # default ports
    ("https://example.org:443/a", "https://example.org/a"),
    ("https://example.org:8443/a", "https://example.org:8443/a"),
    ("https://example.org/a#comments", "https://example.org/a"),                      # fragment
    ("https://example.org/#!/story/1", "https://example.org/#!/story/1"),             # hashbang route kept
    ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
    ("https://www.bbc.com/news/x?at_medium=RSS&at_campaign=rss", "https://www.bbc.com/news/x"),
    ("https://aljazeera.com/a?traffic_source=rss", "https://aljazeera.com/a"),
    ("https://example.org/a?fbclid=1&gclid=2&id=7", "https://example.org/a?id=7"),
    ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),               # sorted query
    ("https://example.org/a?UTM_Source=x", "https://example.org/a"),                  # case-insensitive names
    ("https://example.org/news/story/", "https://example.org/news/story"),           # trailing slash
    ("https://example.org", "https://example.org/"),                                  # root keeps its slash
    ("https://example.org/a/./b/../c", "https://example.org/a/c"),                    # dot segments
    ("https://example.org/%7euser/caf%c3%a9", "https://example.org/~user/caf%C3%A9"),  # escapes normalized
    ("https://example.org/a b", "https://example.org/a%20b"),
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),                    # IDNA host
    ("https://faß.de/a", "https://xn--fa-hia.de/a"),      # IDNA 2008, as browsers: not fass.de, another domain
    ("https://FASS.de/a", "https://fass.de/a"),
    ("https://a_b.example.com/", "https://a_b.example.com/"),   # an underscore stays allowed in an ASCII host
    ("https://user:pw@example.org/a", "https://example.org/a"),                       # credentials dropped
    (" https://example.org/a\n", "https://example.org/a"),
])
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("HTTP://Example.org:80/a/b/?z=1&utm_source=x&a=%7e#f")
    assert canonical_url(once) == once


@pytest.mark.parametrize(("page", "canonical"), [
    ("HTTPS://Example.org/news/a/?utm_source=rss", None),
    ("https://example.org/news/a?id=7", "/news/a/?b=2&a=1#top"),
    ("https://bücher.example/a", "https://bücher.example/a/./b/../c"),
])
def test_id_of_a_preferred_canonical_url_is_its_article_id(page: str, canonical: str | None) -> None:
    url = prefer_canonical(page, canonical)
    assert canonical_article_id(url) == article_id(url)


def test_relative_url_is_resolved_against_base() -> None:
    assert canonical_url("/livewire/story", base="https://talkingpointsmemo.com/feed/all") == \
        "https://talkingpointsmemo.com/livewire/story"


@pytest.mark.parametrize(("url", "reason"), [
    ("javascript:alert(1)", "bad-scheme"), ("data:text/html,hi", "bad-scheme"), ("file:///etc/passwd", "bad-scheme"),
    ("mailto:desk@example.org", "bad-scheme"), ("ftp://example.org/x", "bad-scheme"),
    ("/relative/only", "bad-url"), ("", "bad-url"), ("http://", "bad-url"), ("http://example.org:99999/", "bad-url"),
])
def test_unusable_urls_raise_fetch_error(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        canonical_url(url)
    assert caught.value.reason == reason


def test_article_id_is_the_same_for_variants_of_one_article() -> None:
    variants = ["https://example.org/news/story/?utm_source=rss", "HTTPS://EXAMPLE.ORG:443/news/story#top",
                "https://example.org/news/story?fbclid=xyz"]
    ids = {article_id(url) for url in variants}
    assert len(ids) == 1
    assert ids.pop() == __import__("hashlib").sha1(b"https://example.org/news/story").hexdigest()[:16]


def test_article_id_differs_between_articles() -> None:
    assert article_id("https://example.org/a?id=1") != article_id("https://example.org/a?id=2")


def test_rel_canonical_on_same_site_wins() -> None:
    assert prefer_canonical("https://amp.example.co.uk/news/1?utm_source=x",
                            "https://www.example.co.uk/news/1") == "https://www.example.co.uk/news/1"


def test_relative_rel_canonical_is_resolved() -> None:
    assert prefer_canonical("https://example.org/a?p=1", "/a") == "https://example.org/a"


def test_rel_canonical_on_another_site_is_ignored() -> None:
    assert prefer_canonical("https://example.org/news/1", "https://other.example.com/news/1") == \
        "https://example.org/news/1"


def test_rel_canonical_on_same_public_suffix_but_other_owner_is_ignored() -> None:
    assert prefer_canonical("https://alice.github.io/post", "https://bob.github.io/post") == \
        "https://alice.github.io/post"


def test_rel_canonical_to_site_root_is_ignored() -> None:
    assert prefer_canonical("https://example.org/news/1", "https://example.org/") == "https://example.org/news/1"


@pytest.mark.parametrize("canonical", [None, "", "javascript:void(0)"])
def test_missing_or_unusable_rel_canonical_gives_the_page(canonical: str | None) -> None:
    assert prefer_canonical("https://Example.org/a/", canonical) == "https://example.org/a"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.yandex.ru/yandsearch?cl4url=ria.ru%2Fsociety%2F20170107%2F1485236822.html",
     "https://ria.ru/society/20170107/1485236822.html"),
    ("https://www.google.com/url?q=https://example.org/a&sa=t", "https://example.org/a"),
    ("https://news.google.com/__i/rss/rd/articles/CBMiWWh0dHBzOi8vd3d3LmNubi5jb20vMjAyMi8wNy8yNy9wb2xpdGljcy9zY2h1bWVy"
     "LW1hbmNoaW4tZGVhbC1idWlsZC1iYWNrLWJldHRlci9pbmRleC5odG1s0gFdaHR0cHM6Ly9hbXAuY25uLmNvbS9jbm4vMjAyMi8wNy8yNy9wb2xp"
     "dGljcy9zY2h1bWVyLW1hbmNoaW4tZGVhbC1idWlsZC1iYWNrLWJldHRlci9pbmRleC5odG1s?oc=5",
     "https://www.cnn.com/2022/07/27/politics/schumer-manchin-deal-build-back-better/index.html"),
    ("https://example.org/search?url=https://other.org/", "https://example.org/search?url=https://other.org/"),
])
def test_unwrap_redirect(url: str, expected: str) -> None:
    assert unwrap_redirect(url) == expected


def test_host_of() -> None:
    assert host_of("https://WWW.Example.org:8080/a") == "www.example.org"
