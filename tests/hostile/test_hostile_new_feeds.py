"""Hostile feeds and sitemaps of the second round: floods of end tags or declarations (outside the start-tag cap),
markup floods inside CDATA, links longer than any server takes, DTD tricks outside the internal subset, xml:base
aimed at local files or other hosts, and an XML declaration naming a Python text transform."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.discover import feeds
from mediamon.discover.feeds import MAX_FEED_ELEMENTS, read_feed
from mediamon.discover.sitemaps import parse_sitemap
from mediamon.errors import FeedError
from mediamon.fetch.netsafety import MAX_URL_CHARS
from tests.support.hostile_inputs import (
    FEED_URL,
    HOSTILE_FEEDS,
    HOSTILE_SITEMAPS,
    SOURCE_ID,
    billion_laughs_doctype,
    good_item,
    good_link,
    long_link,
    rss_feed,
    rss_item,
    xml_base_feed,
)

SITEMAP_URL = "https://news.example.org/sitemap.xml"


def urls(body: bytes) -> list[str]:
    """The URLs of the items a feed gives."""
    return [item.url for item in read_feed(body, FEED_URL, source_id=SOURCE_ID).items]


def test_a_flood_of_end_tags_past_the_element_cap_is_refused_as_too_large() -> None:
    body = rss_feed([good_item(1), "</x>" * (MAX_FEED_ELEMENTS + 1), good_item(2)]).encode()
    with pytest.raises(FeedError) as caught:
        read_feed(body, FEED_URL, source_id=SOURCE_ID)
    assert caught.value.reason == "too-large"
    assert f"end tags, more than the {MAX_FEED_ELEMENTS} elements" in str(caught.value) and "sitemap" in str(caught.value)


def test_end_tags_up_to_the_cap_still_give_the_items_around_them() -> None:
    assert urls(rss_feed([good_item(1), "</x>" * 1_000, good_item(2)]).encode()) == [good_link(1), good_link(2)]


def test_end_tags_inside_cdata_are_text_and_do_not_count() -> None:
    flood = "<![CDATA[" + "</x>" * (MAX_FEED_ELEMENTS + 1) + "]]>"
    body = rss_feed([rss_item("Flood", "https://news.example.org/flood", description=flood, raw=True),
                     good_item(1)]).encode()
    assert urls(body) == ["https://news.example.org/flood", good_link(1)]


def test_a_flood_of_declarations_is_counted_as_elements_and_refused() -> None:
    body = rss_feed([good_item(1), "<!x>" * (MAX_FEED_ELEMENTS + 1), good_item(2)]).encode()
    with pytest.raises(FeedError) as caught:
        read_feed(body, FEED_URL, source_id=SOURCE_ID)
    assert caught.value.reason == "too-large"


def test_comments_are_not_counted_as_elements() -> None:
    body = rss_feed([good_item(1), "<!-- c -->" * (MAX_FEED_ELEMENTS + 1), good_item(2)]).encode()
    assert urls(body) == [good_link(1), good_link(2)]


def test_a_cdata_description_of_a_million_tags_is_stripped_by_pattern_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[int] = []
    real = feeds.lxml.html.fragment_fromstring
    monkeypatch.setattr(feeds.lxml.html, "fragment_fromstring", lambda markup, **kw: parsed.append(len(markup))
                        or real(markup, **kw))
    flood = "<![CDATA[<p>Storm words</p>" + "<b></b>" * (feeds.MAX_FRAGMENT_TAGS + 1) + "]]>"
    body = rss_feed([rss_item("Flood", "https://news.example.org/flood", description=flood, raw=True),
                     good_item(1)]).encode()
    items = read_feed(body, FEED_URL, source_id=SOURCE_ID).items
    assert [item.url for item in items] == ["https://news.example.org/flood", good_link(1)]
    assert items[0].summary == "Storm words"
    assert all(size < feeds.MAX_FRAGMENT_TAGS for size in parsed)  # only the small fragments went to lxml


def test_a_link_longer_than_the_fetcher_requests_is_skipped_as_bad_url_and_the_rest_kept() -> None:
    read = read_feed(rss_feed([rss_item("Long", long_link()), good_item(1)]).encode(), FEED_URL, source_id=SOURCE_ID)
    assert [item.url for item in read.items] == [good_link(1)]
    assert [entry.code for entry in read.skipped] == ["bad-url"]
    assert f"more than the {MAX_URL_CHARS}" in read.skipped[0].reason
    assert len(read.skipped[0].link or "") <= MAX_URL_CHARS


def test_a_link_at_the_url_limit_is_kept() -> None:
    assert urls(rss_feed([rss_item("Long", long_link(MAX_URL_CHARS))]).encode()) == [long_link(MAX_URL_CHARS)]


def test_a_sitemap_loc_longer_than_the_fetcher_requests_is_refused_as_bad_url() -> None:
    sitemap = parse_sitemap(HOSTILE_SITEMAPS["loc-2mb"](), SITEMAP_URL, source_id=SOURCE_ID)
    assert [item.url for item in sitemap.items] == [good_link(1)]
    assert [reason for _, reason in sitemap.refused] == ["bad-url"]
    assert all(len(loc) <= MAX_URL_CHARS for loc, _ in sitemap.refused)


def test_a_doctype_naming_etc_passwd_as_external_subset_reads_no_file(tmp_path: Path) -> None:
    read = read_feed(HOSTILE_FEEDS["doctype-system-etc-passwd"](tmp_path), FEED_URL, source_id=SOURCE_ID)
    assert [item.url for item in read.items] == [good_link(1)]
    assert "root:" not in repr(read)


def test_parameter_entity_laughs_in_the_internal_subset_are_not_expanded() -> None:
    levels = "".join(f'<!ENTITY % p{i} "{f"%p{i - 1};" * 10}">' for i in range(1, 9))
    doctype = f'<!DOCTYPE rss [<!ENTITY % p0 "lol">{levels} %p8;]>\n'
    assert urls(rss_feed([good_item(1)], doctype=doctype).encode()) == [good_link(1)]


def test_a_doctype_after_the_root_element_defines_nothing() -> None:
    body = rss_feed([rss_item("&lol9;", "https://news.example.org/a", raw=True), good_item(1)]).replace(
        "<channel>", "<channel>" + billion_laughs_doctype(), 1).encode()
    items = read_feed(body, FEED_URL, source_id=SOURCE_ID).items
    assert [item.url for item in items] == ["https://news.example.org/a", good_link(1)]
    assert all("lollol" not in (item.title or "") for item in items)


def test_xml_base_naming_a_local_folder_makes_the_entry_a_bad_scheme_skip(tmp_path: Path) -> None:
    read = read_feed(HOSTILE_FEEDS["xml-base-file"](tmp_path), FEED_URL, source_id=SOURCE_ID)
    assert [item.url for item in read.items] == [good_link(1)]
    assert [entry.code for entry in read.skipped] == ["bad-scheme"]
    assert (read.skipped[0].link or "").startswith("file:") and read.skipped[0].link.endswith("/etc/passwd")


def test_xml_base_naming_javascript_leaves_relative_links_on_the_feeds_site() -> None:
    assert urls(xml_base_feed("javascript:", "alert(1)")) == ["https://news.example.org/alert(1)", good_link(1)]


def test_an_xml_declaration_naming_unicode_escape_leaves_escapes_as_text(tmp_path: Path) -> None:
    items = read_feed(HOSTILE_FEEDS["unicode-escape-declared"](tmp_path), FEED_URL, source_id=SOURCE_ID).items
    assert [item.title for item in items] == ["\\u003cb\\u003eBold\\u003c/b\\u003e caf\u00e9"]
