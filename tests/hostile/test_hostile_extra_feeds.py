"""More hostile feeds: entity tricks in Atom and RSS 1.0, floods of elements or items within the fetch's 10 MB cap,
links to private hosts spelled every way, impossible dates, and text that must not survive into a title."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from mediamon.discover import feeds
from mediamon.discover.feeds import MAX_FEED_ELEMENTS, parse_feed, read_feed
from mediamon.discover.sitemaps import parse_sitemap
from mediamon.errors import FeedError, FetchError
from mediamon.fetch.netsafety import check_url
from mediamon.text.titles import MAX_TITLE_CHARS
from tests.support.hostile_inputs import (
    FAR_DATES,
    FEED_URL,
    HOSTILE_FEEDS,
    PRIVATE_LINKS,
    SOURCE_ID,
    atom_entry,
    atom_feed,
    billion_laughs_doctype,
    element_flood_feed,
    good_item,
    good_link,
    item_flood_feed,
    rdf_feed,
    rdf_item,
    rss_feed,
    rss_item,
    secret_file,
    sitemap_urlset,
    with_root,
    xxe_doctype,
)

SECRET = "MEDIAMON-SECRET-7f3c9a"
FLOOD_BUDGET_S = 20.0  # a refused flood is counted, never parsed: well under this on a loaded machine


def texts(body: bytes) -> str:
    """Every title, link and summary the parser kept, joined."""
    return " ".join(f"{i.title} {i.url} {i.summary} {i.content}" for i in parse_feed(body, FEED_URL, source_id=SOURCE_ID))


@pytest.mark.parametrize("build", [
    lambda doctype: atom_feed([atom_entry("&lol9;", "https://news.example.org/a"), atom_entry("ok", good_link(1))],
                              doctype=with_root(doctype, "feed")),
    lambda doctype: rdf_feed([rdf_item("&lol9;", "https://news.example.org/a"), rdf_item("ok", good_link(1))],
                             doctype=with_root(doctype, "rdf:RDF")),
], ids=["atom", "rss-1.0"])
def test_billion_laughs_in_atom_and_rdf_is_not_expanded_and_the_good_entry_survives(build) -> None:
    body = build(billion_laughs_doctype()).encode()
    items = parse_feed(body, FEED_URL, source_id=SOURCE_ID)
    assert good_link(1) in [i.url for i in items]
    assert all(len(i.title or "") < 100 for i in items)


@pytest.mark.parametrize("root", ["feed", "rdf:RDF"])
def test_an_external_entity_in_atom_or_rdf_reads_no_local_file(tmp_path: Path, root: str) -> None:
    doctype = with_root(xxe_doctype(secret_file(tmp_path)), root)
    body = (atom_feed([atom_entry("&xxe;", "https://news.example.org/a"), atom_entry("ok", good_link(1))], doctype=doctype)
            if root == "feed" else
            rdf_feed([rdf_item("&xxe;", "https://news.example.org/a"), rdf_item("ok", good_link(1))], doctype=doctype))
    assert SECRET not in texts(body.encode())


def test_an_xinclude_in_an_atom_summary_reads_no_local_file(tmp_path: Path) -> None:
    entry = (f'<entry xmlns:xi="http://www.w3.org/2001/XInclude"><title>x</title><link href="https://news.example.org/xi"/>'
             f'<summary><xi:include href="file://{secret_file(tmp_path)}" parse="text"/></summary></entry>')
    assert SECRET not in texts(atom_feed([entry, atom_entry("ok", good_link(1))]).encode())


@pytest.mark.parametrize("body", [
    element_flood_feed(MAX_FEED_ELEMENTS + 10_000),
    element_flood_feed(MAX_FEED_ELEMENTS + 10_000, inside_item=True),
    item_flood_feed(MAX_FEED_ELEMENTS // 2 + 5_000),
], ids=["empty-elements-in-the-channel", "empty-elements-in-an-item", "minimal-items"])
def test_a_flood_of_elements_is_refused_as_too_large_before_parsing(body: bytes) -> None:
    start = time.process_time()
    with pytest.raises(FeedError) as caught:
        read_feed(body, FEED_URL, source_id=SOURCE_ID, max_items=500)
    assert caught.value.reason == "too-large"
    assert str(MAX_FEED_ELEMENTS) in str(caught.value) and "sitemap" in str(caught.value)  # says what to do
    assert time.process_time() - start < FLOOD_BUDGET_S


def test_a_10_mb_flood_of_empty_elements_is_refused_in_seconds_not_minutes() -> None:
    start = time.process_time()
    with pytest.raises(FeedError, match="too-large"):
        parse_feed(element_flood_feed(), FEED_URL, source_id=SOURCE_ID)
    assert time.process_time() - start < FLOOD_BUDGET_S


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    """An element cap of 1,000, so that feeds on either side of it are quick to build and parse."""
    monkeypatch.setattr(feeds, "MAX_FEED_ELEMENTS", 1_000)
    return 1_000


def test_markup_inside_cdata_does_not_count_towards_the_element_cap(small_cap: int) -> None:
    summary = "<![CDATA[" + "<p>x</p>" * (small_cap + 1) + "]]>"
    body = rss_feed([rss_item("Long", "https://news.example.org/long", description=summary, raw=True), good_item(1)])
    assert len(parse_feed(body.encode(), FEED_URL, source_id=SOURCE_ID)) == 2


def test_a_feed_just_under_the_element_cap_is_read_and_one_just_over_refused(small_cap: int) -> None:
    under = small_cap // 2 - 5  # two start tags an item, the <rss> and <channel> ones, and the channel's title and link
    assert read_feed(item_flood_feed(under), FEED_URL, source_id=SOURCE_ID).listed == under
    with pytest.raises(FeedError, match="too-large"):
        read_feed(item_flood_feed(under + 5), FEED_URL, source_id=SOURCE_ID)


def test_links_to_private_hosts_are_items_whose_fetch_is_refused_before_any_request() -> None:
    body = rss_feed([rss_item(f"t{n}", link) for n, link in enumerate(PRIVATE_LINKS)] + [good_item(1)]).encode()
    read = read_feed(body, FEED_URL, source_id=SOURCE_ID)
    assert good_link(1) in [i.url for i in read.items]
    assert len(read.items) + len(read.skipped) == len(PRIVATE_LINKS) + 1  # every entry is accounted for
    for item in read.items[:-1]:
        with pytest.raises(FetchError) as caught:
            check_url(item.url, allow_private=False)
        assert caught.value.reason in ("private-address", "bad-url"), item.url


@pytest.mark.parametrize("date", FAR_DATES)
def test_an_impossible_or_far_date_gives_no_date_and_keeps_the_item(date: str) -> None:
    body = rss_feed([rss_item("Dated", "https://news.example.org/news/dated", pub_date=date), good_item(1)]).encode()
    items = parse_feed(body, FEED_URL, source_id=SOURCE_ID)
    assert [i.url for i in items] == ["https://news.example.org/news/dated", good_link(1)]
    assert items[0].published_at is None


def test_the_2038_boundary_is_an_ordinary_date() -> None:
    body = rss_feed([rss_item("Later", "https://news.example.org/news/later", pub_date="Tue, 19 Jan 2038 03:14:08 GMT")])
    assert parse_feed(body.encode(), FEED_URL, source_id=SOURCE_ID)[0].published_at.year == 2038


def test_surrogate_references_nul_and_bidi_overrides_never_reach_a_title() -> None:
    items = parse_feed(HOSTILE_FEEDS["surrogates-nul-bidi-title"](Path(".")), FEED_URL, source_id=SOURCE_ID)
    title = items[0].title
    title.encode("utf-8")  # no lone surrogate: the title can be written
    assert "\x00" not in title and "\u202e" not in title and "\u200b" not in title
    assert title.startswith("A") and title.endswith("Z")


def test_a_json_feed_is_not_a_feed_with_a_reason() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(HOSTILE_FEEDS["json-feed"](Path(".")), FEED_URL, source_id=SOURCE_ID)
    assert caught.value.reason == "not-a-feed" and "JSON" in str(caught.value)


def test_a_one_megabyte_title_is_cut_at_a_word_with_an_ellipsis_and_the_next_item_kept() -> None:
    items = parse_feed(HOSTILE_FEEDS["title-1mb"](Path(".")), FEED_URL, source_id=SOURCE_ID)
    assert [i.url for i in items][1] == good_link(1) and items[1].title == "Good story 1"
    assert len(items[0].title) <= MAX_TITLE_CHARS and items[0].title.endswith("word\u2026")


def test_a_one_megabyte_news_sitemap_title_is_cut_too() -> None:
    body = sitemap_urlset('<url xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                          "<loc>https://news.example.org/t</loc><news:news><news:title>" + "word " * 200_000
                          + "</news:title></news:news></url>")
    [item] = parse_sitemap(body, "https://news.example.org/sitemap.xml", source_id=SOURCE_ID).items
    assert len(item.title) <= MAX_TITLE_CHARS and item.title.endswith("\u2026")


def test_invisible_characters_inside_words_of_feed_content_are_dropped_too() -> None:
    content = "<p>Protest in Ka\u200bzakh\u00adstan \u202egrows\u202c.</p><p>\u0645\u06cc\u200c\u0631\u0648\u0645 second</p>"
    item = ('<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>t</title>'
            f"<link>https://news.example.org/kz</link><content:encoded><![CDATA[{content}]]></content:encoded></item>")
    [parsed] = parse_feed(rss_feed([item]).encode(), FEED_URL, source_id=SOURCE_ID)
    assert parsed.content == "Protest in Kazakhstan grows.\n\u0645\u06cc\u200c\u0631\u0648\u0645 second"  # ZWNJ kept
