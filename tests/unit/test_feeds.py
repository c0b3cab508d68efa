"""parse_feed on small fixture feeds: links, dates, text cleaning, encodings and errors."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from mediamon.discover.feeds import feed_summary, parse_feed, read_feed, skipped_note
from mediamon.errors import FeedError
from mediamon.text.charset import decode_bytes

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
FEED_URL = "https://example.org/feed/"


def parse(name: str, content_type: str | None = None):
    return parse_feed((FEEDS / name).read_bytes(), FEED_URL, source_id="meridian", content_type=content_type)


def by_title(items, title: str):
    return next(item for item in items if item.title == title)


def test_rss2_items_are_canonical_deduplicated_and_in_feed_order() -> None:
    items = parse("meridian-rss2.xml")
    assert [item.url for item in items] == [
        "https://example.org/news/2024/03/05/budget?id=7",           # tracking, port, slash, fragment gone
        "https://example.org/news/harbour-reopens",                   # relative link resolved
        "https://example.org/culture/museum-night",                   # feedburner:origLink, at_* dropped
        "https://example.org/opinion/why-it-matters",
        "https://example.org/news/2017/01/07/cold-snap",
        "https://example.org/news/month-only",
    ]  # the repeated budget item (same canonical URL) is kept once
    assert items[0].link.startswith("https://Example.org:443/news/2024/03/05/budget/?utm_source=rss")
    assert {item.source_id for item in items} == {"meridian"} and items[0].feed_url == FEED_URL


def test_rss2_text_is_plain_with_entities_decoded() -> None:
    first = parse("meridian-rss2.xml")[0]
    assert first.title == "Council & mayor agree budget"
    assert first.summary == "The council «agreed» the budget."      # double-escaped, script dropped
    assert first.content == "First paragraph.\nSecond paragraph – with more."
    assert first.author == "Ayşe Demir" and first.guid == "meridian-0001"


def test_empty_content_encoded_gives_no_content() -> None:
    item = by_title(parse("meridian-rss2.xml"), "Harbour reopens")
    assert item.content is None and item.summary == "The harbour is open again."


def test_dates_localised_from_link_or_none() -> None:
    items = parse("meridian-rss2.xml")
    assert items[0].published_at == datetime(2024, 3, 5, 8, 30, tzinfo=timezone.utc)
    assert by_title(items, "Harbour reopens").published_at == datetime(2022, 11, 15, 23, 38, 15, tzinfo=timezone.utc)
    assert by_title(items, "Museum night").published_at == datetime(2018, 9, 24, 22, 22, tzinfo=timezone.utc)
    assert by_title(items, "Dated only by its address").published_at == datetime(2017, 1, 7, tzinfo=timezone.utc)
    assert by_title(items, "Undated opinion").published_at is None
    assert by_title(items, "Only a month").published_at is None      # "March 2024" is not a date


def test_atom_relative_links_published_preferred_over_updated() -> None:
    items = parse("meridian-atom.xml")
    assert [item.url for item in items] == ["https://example.org/live/ports-expand",
                                            "https://example.org/live/rail-link"]
    assert items[0].title == "Ports expand"
    assert items[0].published_at == datetime(2024, 3, 5, 5, 15, tzinfo=timezone.utc)
    assert items[0].content == "Ports expand.\nMore ships arrive." and items[0].author == "Deniz Kaya"
    assert items[1].published_at == datetime(2024, 3, 4, 22, tzinfo=timezone.utc)


def test_rdf_with_junk_before_prolog_undeclared_entity_and_raw_ampersand() -> None:
    items = parse("meridian-rdf.xml")
    assert [(item.url, item.title) for item in items] == [("https://example.org/a/1", "Grüne Brücke"),
                                                          ("https://example.org/a/2", "Second")]
    assert items[1].published_at == datetime(2024, 3, 4, tzinfo=timezone.utc)


def test_undeclared_latin1_is_decoded() -> None:
    item = parse("meridian-latin1-undeclared.xml")[0]
    assert item.title == "L'été arrive à Marseille" and item.summary == "Café crème et soleil."


def test_http_charset_is_used_when_bytes_are_not_utf8() -> None:
    body = '<rss version="2.0"><channel><item><title>Привет</title><link>https://example.ru/a</link></item>' \
           '</channel></rss>'.encode("windows-1251")
    items = parse_feed(body, FEED_URL, source_id="m", content_type="application/rss+xml; charset=windows-1251")
    assert items[0].title == "Привет"


def test_utf8_bytes_win_over_a_wrong_declaration_and_mojibake_is_repaired() -> None:
    item = parse("meridian-mojibake.xml")[0]
    assert item.title == "El niño y la cigüeña" and item.summary == "Además, el café"


def test_bom_is_honoured() -> None:
    decoded = decode_bytes(b"\xef\xbb\xbf<rss/>")
    assert (decoded.text, decoded.evidence) == ("<rss/>", "bom")


def test_truncated_feed_is_unparseable_with_a_detail() -> None:
    with pytest.raises(FeedError) as caught:
        parse("meridian-truncated.xml")
    assert caught.value.reason == "feed-unparseable" and "truncated" in caught.value.detail


def test_html_page_is_not_a_feed_and_names_the_advertised_feed() -> None:
    with pytest.raises(FeedError) as caught:
        parse("meridian-homepage.html", content_type="text/html; charset=utf-8")
    assert caught.value.reason == "not-a-feed"
    assert "https://example.org/feed/" in caught.value.detail and "The Daily Meridian" in caught.value.detail


@pytest.mark.parametrize(("body", "reason"), [
    (b"", "feed-unparseable"), (b"   \n", "feed-unparseable"), (b"just some text", "feed-unparseable"),
    (b'{"version": "https://jsonfeed.org/version/1"}', "not-a-feed"), (b"<opml version='2.0'/>", "not-a-feed"),
])
def test_non_feeds_raise_feed_error(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(body, FEED_URL, source_id="m")
    assert caught.value.reason == reason


def test_empty_but_valid_feed_gives_no_items() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(body, FEED_URL, source_id="m") == []


def test_item_without_any_link_is_skipped() -> None:
    body = b'<rss version="2.0"><channel><item><title></title><link></link></item>' \
           b'<item><title>x</title><link>https://example.org/x</link></item></channel></rss>'
    assert [item.url for item in parse_feed(body, FEED_URL, source_id="m")] == ["https://example.org/x"]


def test_feed_summary_counts_dated_items_and_newest() -> None:
    summary = feed_summary(parse("meridian-rss2.xml"))
    assert summary == {"items": 6, "items_dated": 4, "newest": "2024-03-05T08:30:00+00:00"}
    assert feed_summary([]) == {"items": 0, "items_dated": 0, "newest": None}


UNUSABLE_LINKS = (FEEDS / "unusable-links.xml").read_bytes()  # no link, a javascript: and a mailto: link


def test_entries_without_a_usable_link_are_kept_as_skipped_with_their_reasons() -> None:
    read = read_feed(UNUSABLE_LINKS, FEED_URL, source_id="m")
    assert read.items == [] and read.over_cap == []
    assert [(entry.code, entry.link, entry.title) for entry in read.skipped] == [
        ("no-link", None, "One"), ("bad-scheme", "javascript:void(0)", "Two"), ("bad-scheme", "mailto:x@y.z", "Three")]
    assert read.skipped[1].reason.startswith("bad-scheme: javascript: URLs are not fetched")
    assert read.skipped_counts == {"no-link": 1, "bad-scheme": 2}
    assert skipped_note(read.skipped) == "3 items skipped: no-link 1, bad-scheme 2"


def test_a_repeated_url_and_an_unparseable_link_are_skipped_beside_the_items() -> None:
    body = (b'<rss version="2.0"><channel><item><title>a</title><link>https://example.org/a</link></item>'
            b'<item><title>again</title><link>https://example.org/a?utm_source=rss</link></item>'
            b'<item><title>b</title><link>http://exa mple.org/b</link></item></channel></rss>')
    read = read_feed(body, FEED_URL, source_id="m")
    assert [item.url for item in read.items] == ["https://example.org/a"]
    assert [(entry.code, entry.title) for entry in read.skipped] == [("duplicate", "again"), ("bad-url", "b")]
    assert read.skipped_counts == {"bad-url": 1, "duplicate": 1}  # in SKIP_REASONS order
    assert skipped_note(read.skipped) == "2 items skipped: bad-url 1, duplicate 1"
    assert skipped_note(read.skipped[:1]) == "1 item skipped: duplicate 1"


def test_a_feed_with_every_entry_usable_skips_nothing() -> None:
    body = b'<rss version="2.0"><channel><item><link>https://example.org/x</link></item></channel></rss>'
    read = read_feed(body, FEED_URL, source_id="m")
    assert read.skipped == [] and read.skipped_counts == {} and skipped_note(read.skipped) is None


def test_skipped_entries_other_than_repeats_are_logged_as_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="mediamon.discover.feeds"):
        read_feed(UNUSABLE_LINKS, FEED_URL, source_id="m")
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [f"feed items skipped feed_url={FEED_URL} source_id=m 3 items skipped: no-link 1, "
                        "bad-scheme 2"]
    summary = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("feed feed_url="))
    assert "items=0" in summary and "skipped=3 no-link=1 bad-scheme=2 bad-url=0 duplicate=0" in summary


def test_a_skipped_entry_keeps_its_title_as_given_cut_to_200_characters() -> None:
    body = (b'<rss version="2.0"><channel><item><title>  Long\n  ' + b"x" * 500 + b'</title>'
            b'<link>mailto:a@b.c</link></item></channel></rss>')
    (entry,) = read_feed(body, FEED_URL, source_id="m").skipped
    assert entry.title == "Long " + "x" * 195 and entry.code == "bad-scheme"


def test_every_skip_reason_is_a_documented_reason_code() -> None:
    from mediamon.discover.feeds import SKIP_REASONS
    from mediamon.errors import REASONS

    assert set(SKIP_REASONS) <= set(REASONS)


def test_an_empty_self_closed_author_keeps_every_item_after_it() -> None:
    items = "".join(f"<item><title>Story {n}</title><link>https://news.example.org/{n}</link>"
                    f"<description>{'Text. ' * 200}</description><dc:creator{' /' if n == 1 else ''}>"
                    f"{'' if n == 1 else f'Reporter {n}</dc:creator>'}</item>" for n in range(1, 5))
    feed = ('<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>News</title>{items}</channel></rss>").encode()
    parsed = parse_feed(feed, "https://news.example.org/feed.xml", source_id="news")
    assert [i.title for i in parsed] == ["Story 1", "Story 2", "Story 3", "Story 4"]
    assert [i.author for i in parsed][1:] == ["Reporter 2", "Reporter 3", "Reporter 4"]
