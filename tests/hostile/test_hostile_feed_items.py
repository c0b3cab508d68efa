"""Feed items whose tags are over MAX_TAG_CHARS (64 KB of tracking data in an <item> start tag, a link of 70 KB in an
Atom <link href>, an end tag padded with spaces): each item ends as an item or as a skipped entry with its reason,
never as text that vanishes."""
from __future__ import annotations

import pytest

from mediamon.discover.feeds import MAX_TAG_CHARS, FeedRead, read_feed
from tests.support.hostile_inputs import (
    FEED_URL,
    PUB_DATE,
    SOURCE_ID,
    atom_entry,
    atom_feed,
    good_item,
    good_link,
    rss_feed,
)

LONG = MAX_TAG_CHARS + 5_000


def long_tag_item(start_tag: str, *, end_tag: str = "</item>") -> str:
    """An item opened by start_tag, with a title, link and date, closed by end_tag."""
    return (f"{start_tag}<title>Long tag</title><link>https://news.example.org/2024/03/05/long</link>"
            f"<pubDate>{PUB_DATE}</pubDate>{end_tag}")


LONG_TAG_ITEMS = {
    "one-long-attribute": long_tag_item(f'<item data-track="{"a" * LONG}">'),
    "single-quoted": long_tag_item(f"<item data-track='{'b' * LONG}' id=\"x\">"),
    "unquoted": long_tag_item(f"<item data-track={'c' * LONG}>"),
    "many-attributes": long_tag_item("<item" + "".join(f' a{i}="{i:05d}"' for i in range(LONG // 12)) + ">"),
    "long-end-tag": long_tag_item("<item>", end_tag="</item" + " " * LONG + ">"),
}


def read(items: list[str]) -> FeedRead:
    """The FeedRead of an RSS feed of these items."""
    return read_feed(rss_feed(items).encode(), FEED_URL, source_id=SOURCE_ID)


@pytest.mark.parametrize("case", list(LONG_TAG_ITEMS))
def test_an_item_with_a_tag_over_64_kb_is_read_with_its_title_link_and_date(case: str) -> None:
    feed = read([good_item(1), LONG_TAG_ITEMS[case], good_item(2)])
    assert [item.url for item in feed.items] == [good_link(1), "https://news.example.org/2024/03/05/long", good_link(2)]
    assert feed.items[1].title == "Long tag" and feed.items[1].published_at is not None
    assert feed.skipped == []


@pytest.mark.parametrize("case", list(LONG_TAG_ITEMS))
def test_a_long_tag_item_is_read_by_the_fallback_parser_too(case: str) -> None:
    body = rss_feed([good_item(1), LONG_TAG_ITEMS[case], good_item(2)]).encode()[:-30]  # truncated: not well-formed
    links = [item.url for item in read_feed(body, FEED_URL, source_id=SOURCE_ID).items]
    assert links[:2] == [good_link(1), "https://news.example.org/2024/03/05/long"]


def test_a_feed_of_one_long_tag_item_gives_that_item_alone() -> None:
    feed = read([LONG_TAG_ITEMS["one-long-attribute"]])
    assert len(feed.items) == 1 and feed.items[0].summary is None


def test_an_atom_link_of_70_kb_is_skipped_as_bad_url_and_the_other_entries_kept() -> None:
    long_link = "https://news.example.org/2024/03/05/" + "a" * LONG
    body = atom_feed([atom_entry("ok", good_link(1)), atom_entry("Long link", long_link),
                      atom_entry("ok", good_link(2))]).encode()
    feed = read_feed(body, FEED_URL, source_id=SOURCE_ID)
    assert [item.url for item in feed.items] == [good_link(1), good_link(2)]
    assert [(entry.code, entry.title) for entry in feed.skipped] == [("bad-url", "Long link")]
    assert "more than the" in feed.skipped[0].reason


def test_every_item_of_a_feed_of_long_tags_ends_as_an_item_or_a_skip() -> None:
    items = [good_item(0)] + list(LONG_TAG_ITEMS.values()) + [good_item(1)]
    feed = read(items)
    assert len(feed.items) + len(feed.skipped) + len(feed.over_cap) == len(items)


def test_a_lone_less_than_sign_followed_by_70_kb_of_text_stays_text() -> None:
    description = "a <" + "b" * LONG
    item = (f"<item><title>Less than</title><link>https://news.example.org/lt</link>"
            f"<description>{description.replace('<', '&lt;')}</description></item>")
    raw = item.replace("&lt;", "<")  # unescaped "<" with no ">" after it
    feed = read([good_item(1), raw, good_item(2)])
    assert [item.url for item in feed.items] == [good_link(1), "https://news.example.org/lt", good_link(2)]
    assert feed.items[1].summary is not None and feed.items[1].summary.startswith("a <bbb")


def test_a_name_of_70_kb_after_a_less_than_sign_opens_no_element() -> None:
    feed = read([good_item(1), "<" + "x" * LONG + ">", good_item(2)])
    assert [item.url for item in feed.items] == [good_link(1), good_link(2)]
