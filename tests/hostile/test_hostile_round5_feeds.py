"""Red-team feed entries of the fifth round: an entry whose first link is a javascript: or data: URL but which has a
good link after it (it was skipped as bad-scheme, its article lost), guids that a broken CMS gives every item alike,
one article listed by two feeds, and the dates of other platforms' zero and maximum values (WordPress -0001-11-30,
.NET DateTime.MinValue and MaxValue, Go's zero time) and Unix time 0 (1970-01-01, kept as the item's date: an article
built from the feed's text then failed the articles' published_plausible check and was quarantined whole)."""
from __future__ import annotations

import pytest

from mediamon.discover.feeds import read_feed
from mediamon.extract.article import article_from_feed_item
from mediamon.records import FeedItem, to_json_dict
from mediamon.stages import merge_items

FEED_URL = "https://news.example/feed"
FEEDBURNER = 'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"'


def rss(*items: str) -> bytes:
    """An RSS 2.0 feed of these items and one good item after them."""
    good = "<item><title>Good</title><link>https://news.example/good</link></item>"
    return (f'<?xml version="1.0"?><rss version="2.0" {FEEDBURNER}><channel><title>News</title>'
            f'{"".join(items)}{good}</channel></rss>').encode()


def atom(*entries: str) -> bytes:
    """An Atom feed of these entries."""
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
            f'{"".join(entries)}</feed>').encode()


def urls(body: bytes) -> list[str]:
    """The URLs of the items read from a feed body."""
    return [item.url for item in read_feed(body, FEED_URL, source_id="news").items]


# --- a bad first link before a good one ---------------------------------------------------------------------------

BAD_LINKS = ["javascript:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
             "http://[::1", "https://news.example:99999/a"]


@pytest.mark.parametrize("bad", BAD_LINKS)
def test_a_bad_origlink_before_a_good_link_gives_the_item_from_the_good_link(bad: str) -> None:
    body = rss(f"<item><title>A</title><feedburner:origLink>{bad}</feedburner:origLink>"
               "<link>https://news.example/a</link></item>")
    read = read_feed(body, FEED_URL, source_id="news")
    assert [item.url for item in read.items] == ["https://news.example/a", "https://news.example/good"]
    assert read.skipped == [] and read.items[0].link == "https://news.example/a"


@pytest.mark.parametrize("bad", BAD_LINKS[:3])
def test_a_bad_atom_link_before_a_good_alternate_gives_the_item_from_the_alternate(bad: str) -> None:
    body = atom(f'<entry><title>A</title><link href="{bad}"/><link rel="alternate" type="text/html" '
                'href="https://news.example/a"/><id>urn:a</id><updated>2024-03-05T10:00:00Z</updated></entry>')
    assert urls(body) == ["https://news.example/a"]


def test_an_entry_whose_every_link_is_bad_is_skipped_naming_the_first() -> None:
    body = rss("<item><title>A</title><feedburner:origLink>javascript:x()</feedburner:origLink>"
               "<link>data:text/html,hi</link></item>")
    read = read_feed(body, FEED_URL, source_id="news")
    assert [item.url for item in read.items] == ["https://news.example/good"]
    assert len(read.skipped) == 1 and read.skipped[0].reason.startswith("bad-scheme: javascript:")
    assert read.skipped[0].title == "A"


def test_a_bad_link_is_never_the_link_an_item_keeps() -> None:
    body = rss("<item><title>A</title><feedburner:origLink>javascript:x()</feedburner:origLink>"
               "<link>https://news.example/a</link></item>")
    for item in read_feed(body, FEED_URL, source_id="news").items:
        assert item.link is not None and item.link.startswith("https://")


# --- guids alike, one article in two feeds ------------------------------------------------------------------------


def test_items_sharing_one_guid_are_each_kept_by_their_links() -> None:
    items = [f'<item><title>T{n}</title><link>https://news.example/{n}</link><guid isPermaLink="false">1</guid>'
             "</item>" for n in range(3)]
    assert urls(rss(*items)) == [f"https://news.example/{n}" for n in range(3)] + ["https://news.example/good"]


def test_items_with_no_guid_or_an_empty_one_are_kept() -> None:
    items = ["<item><title>A</title><link>https://news.example/a</link><guid></guid></item>",
             "<item><title>B</title><link>https://news.example/b</link><guid>   </guid></item>"]
    read = read_feed(rss(*items), FEED_URL, source_id="news")
    assert [item.url for item in read.items][:2] == ["https://news.example/a", "https://news.example/b"]
    assert all(item.guid is None for item in read.items[:2])


def test_one_link_under_two_guids_is_one_item_and_a_duplicate() -> None:
    items = [f"<item><title>A{n}</title><link>https://news.example/a?utm_source=feed{n}</link><guid>g{n}</guid></item>"
             for n in range(2)]
    read = read_feed(rss(*items), FEED_URL, source_id="news")
    assert [item.url for item in read.items] == ["https://news.example/a", "https://news.example/good"]
    assert [entry.reason.split(":")[0] for entry in read.skipped] == ["duplicate"]


def test_one_article_in_two_feeds_is_one_row_keeping_what_either_gives() -> None:
    first = FeedItem(source_id="news", feed_url=FEED_URL, url="https://news.example/a", title="A", summary=None,
                     published_at=None, guid="g1", link="https://news.example/a")
    second = FeedItem(source_id="news", feed_url=FEED_URL + "/world", url="https://news.example/a", title="A again",
                      summary="The summary", published_at=None, guid="g2", link="https://news.example/a")
    rows = merge_items([to_json_dict(first), to_json_dict(second)])
    assert len(rows) == 1 and rows[0]["title"] == "A" and rows[0]["summary"] == "The summary"
    assert rows[0]["guid"] == "g1" and rows[0]["item_id"]


# --- other platforms' zero and maximum dates ------------------------------------------------------------------------

PLATFORM_DATES = ["-0001-11-30T00:00:00+00:00", "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                  "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999+00:00", "Wed, 31 Dec 1969 23:59:59 GMT",
                  "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z", "1900-01-01T00:00:00Z"]


@pytest.mark.parametrize("date", PLATFORM_DATES)
def test_a_platforms_zero_or_maximum_date_gives_no_date_and_keeps_the_item(date: str) -> None:
    body = rss(f"<item><title>A</title><link>https://news.example/a</link><pubDate>{date}</pubDate></item>")
    read = read_feed(body, FEED_URL, source_id="news")
    assert [item.url for item in read.items] == ["https://news.example/a", "https://news.example/good"]
    assert read.items[0].published_at is None


def test_a_zero_date_gives_way_to_the_date_in_the_link() -> None:
    body = rss("<item><title>A</title><link>https://news.example/2024/03/05/a</link>"
               "<pubDate>-0001-11-30T00:00:00+00:00</pubDate></item>")
    item = read_feed(body, FEED_URL, source_id="news").items[0]
    assert item.published_at is not None and item.published_at.date().isoformat() == "2024-03-05"


def test_an_article_built_from_the_feeds_text_takes_no_zero_date() -> None:
    content = "<p>" + "The harbour reopened after the storm and the ferries sailed again. " * 20 + "</p>"
    body = rss("<item><title>Harbour reopens</title><link>https://news.example/a</link>"
               "<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>"
               f"<description><![CDATA[{content}]]></description></item>")
    item = read_feed(body, FEED_URL, source_id="news").items[0]
    article = article_from_feed_item(item)
    assert article.published_at is None and article.date_source is None and article.word_count >= 50


def test_a_plausible_date_after_a_zero_one_in_another_field_is_used() -> None:
    body = atom('<entry><title>A</title><link href="https://news.example/a"/><id>urn:a</id>'
                "<published>1970-01-01T00:00:00Z</published><updated>2024-03-05T10:00:00Z</updated></entry>")
    item = read_feed(body, FEED_URL, source_id="news").items[0]
    assert item.published_at is not None and item.published_at.isoformat() == "2024-03-05T10:00:00+00:00"
