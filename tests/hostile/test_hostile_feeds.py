"""parse_feed on hostile feeds: no local file is read, nothing expands or hangs, good items survive.

Time budgets are generous (a shared 2-core machine); benchmarks/hostile.py measures time and memory.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from mediamon.discover.feeds import parse_feed, read_feed
from mediamon.errors import REASONS, FeedError
from mediamon.records import FeedItem, FetchRequest
from mediamon.settings import Settings
from tests.support.hostile_inputs import (
    BAD_SCHEME_LINKS,
    FEED_URL,
    HOSTILE_FEEDS,
    SOURCE_ID,
    billion_laughs_doctype,
    good_item,
    good_link,
    huge_feed,
    parameter_xxe_doctype,
    quadratic_blowup_doctype,
    rss_feed,
    rss_item,
    secret_file,
    truncated_feed,
    xinclude_item,
    xxe_doctype,
)
from tests.support.server import Site, send

T = TypeVar("T")
FAST_S = 20.0  # budget for a small hostile feed: catches a blow-up of minutes, not a slow machine (about 1 s quiet)
HUGE_S = 60.0  # budget for the 30 MB feed


def timed(budget_s: float, parse: Callable[[], T]) -> T:
    """parse()'s result or error if it comes within the budget of CPU time; the test fails otherwise (CPU time: the
    parse runs in this process, and other jobs on the machine slowed its clock time past the budget)."""
    start = time.process_time()
    try:
        return parse()
    finally:
        elapsed = time.process_time() - start
        assert elapsed < budget_s, f"took {elapsed:.1f} s of CPU (budget {budget_s} s)"


def parse(body: bytes | str) -> list[FeedItem]:
    """parse_feed with the hostile-feed URL and source."""
    return parse_feed(body.encode("utf-8") if isinstance(body, str) else body, FEED_URL, source_id=SOURCE_ID)


def all_text(items: list[FeedItem]) -> str:
    """Every text field of every item, joined (to look for leaked or expanded content)."""
    return "\n".join(str(value) for item in items for value in vars(item).values() if value)


# --- entities: no local file, no request, no expansion ---------------------------------------


def test_external_entity_to_etc_passwd_is_not_read() -> None:
    feed = rss_feed([rss_item("Leak &xxe; here", "https://news.example.org/xxe", description="&xxe;", raw=True),
                     good_item(1)], doctype=xxe_doctype(Path("/etc/passwd")))
    items = timed(FAST_S, lambda: parse(feed))
    assert "root:" not in all_text(items)
    assert [item.url for item in items] == ["https://news.example.org/xxe", good_link(1)]


@pytest.mark.parametrize("build", [
    lambda secret: rss_feed([rss_item("&xxe;", "https://news.example.org/x", description="&xxe;", raw=True),
                             good_item(1)], doctype=xxe_doctype(secret)),
    lambda secret: rss_feed([rss_item("&xxe;", "https://news.example.org/x", raw=True), good_item(1)],
                            doctype=parameter_xxe_doctype(secret)),
    lambda secret: rss_feed([xinclude_item(secret), good_item(1)]),
    lambda secret: rss_feed([rss_item("&xxe;", "https://news.example.org/x", raw=True), good_item(1)],
                            doctype=xxe_doctype(secret), prolog='<?xml version="1.0" standalone="no"?>'),
], ids=["general-entity", "parameter-entity", "xinclude", "standalone-no"])
def test_a_local_secret_file_never_appears_in_items(tmp_path: Path, build: Callable[[Path], str]) -> None:
    secret = secret_file(tmp_path)
    items = timed(FAST_S, lambda: parse(build(secret)))
    assert secret.read_text(encoding="utf-8").strip() not in all_text(items)
    assert good_link(1) in [item.url for item in items]


def test_an_external_entity_url_is_never_requested(site: Site) -> None:
    site.routes["/xxe"] = lambda handler: send(handler, 200, b"FETCHED-BY-THE-PARSER", content_type="text/plain")
    feed = rss_feed([rss_item("&xxe;", "https://news.example.org/x", raw=True), good_item(1)],
                    doctype=xxe_doctype(site.url("/xxe")))
    items = timed(FAST_S, lambda: parse(feed))
    assert site.requests == [] and "FETCHED-BY-THE-PARSER" not in all_text(items)


def test_billion_laughs_is_not_expanded_and_the_good_item_survives() -> None:
    feed = rss_feed([rss_item("&lol9;", "https://news.example.org/lol", description="&lol9;", raw=True),
                     good_item(1)], doctype=billion_laughs_doctype(levels=10, width=10))
    items = timed(FAST_S, lambda: parse(feed))
    assert "lollollol" not in all_text(items)
    assert good_link(1) in [item.url for item in items]


def test_billion_laughs_with_html_entity_names_is_not_expanded() -> None:
    feed = rss_feed([rss_item("&nbsp9;", "https://news.example.org/lol", raw=True), good_item(1)],
                    doctype=billion_laughs_doctype(levels=10, width=10, name="nbsp"))
    items = timed(FAST_S, lambda: parse(feed))
    assert "lollollol" not in all_text(items) and good_link(1) in [item.url for item in items]


def test_one_large_entity_referenced_ten_thousand_times_is_not_expanded() -> None:
    feed = rss_feed([rss_item("&big;" * 10_000, "https://news.example.org/big", raw=True), good_item(1)],
                    doctype=quadratic_blowup_doctype(50_000))
    items = timed(FAST_S, lambda: parse(feed))
    assert len(all_text(items)) < 1_000_000 and good_link(1) in [item.url for item in items]


# --- size, truncation, garbage ----------------------------------------------------------------


def test_a_30_mb_feed_of_20000_items_is_parsed_in_bounded_time() -> None:
    body = huge_feed(items=20_000, summary_chars=1_400)
    assert len(body) > 28 * 2**20
    items = timed(HUGE_S, lambda: parse(body))
    assert len(items) == 20_000 and items[-1].url == "https://news.example.org/2024/03/05/story-19999"


def test_a_20000_item_feed_plans_only_its_first_500_items_in_bounded_time() -> None:
    body = huge_feed(items=20_000, summary_chars=200)  # every item has the same date: feed order decides
    read = timed(HUGE_S, lambda: read_feed(body, FEED_URL, source_id=SOURCE_ID, max_items=500))
    assert [item.url for item in read.items] == [f"https://news.example.org/2024/03/05/story-{i}" for i in range(500)]
    assert len(read.over_cap) == 19_500 and read.over_cap[-1].url.endswith("/story-19999")
    assert all(item.summary for item in read.items) and not any(item.summary for item in read.over_cap)


def test_a_feed_over_the_byte_cap_is_refused_by_the_fetch_before_it_is_parsed(site: Site, tmp_path: Path) -> None:
    from mediamon.fetch import fetch_one

    body = huge_feed(items=2_000, summary_chars=600)  # about 1.4 MB
    site.routes["/huge.xml"] = lambda handler: send(handler, 200, body, content_type="application/rss+xml")
    settings = Settings(data_dir=tmp_path, allow_private_hosts=True, host_delay_s=0.0, max_tries=1,
                        max_body_bytes=2**20)
    result = fetch_one(FetchRequest(url=site.url("/huge.xml"), source_id=SOURCE_ID, kind="feed"), settings)
    assert result.body is None and (result.error or "").startswith("too-large")


def test_a_truncated_feed_keeps_its_complete_items() -> None:
    items = timed(FAST_S, lambda: parse(truncated_feed(50, cut_chars=40)))
    assert [item.url for item in items][:49] == [good_link(i) for i in range(49)]


def test_an_html_page_served_as_a_feed_is_not_a_feed_and_names_its_feeds() -> None:
    page = ('<!DOCTYPE html><html><head><title>Hostile News</title>'
            '<link rel="alternate" type="application/rss+xml" href="https://news.example.org/rss"></head>'
            "<body>" + "<p>Not a feed</p>" * 10_000 + "</body></html>")
    with pytest.raises(FeedError) as caught:
        timed(FAST_S, lambda: parse(page))
    assert caught.value.reason == "not-a-feed" and "https://news.example.org/rss" in str(caught.value)


@pytest.mark.parametrize("body", [bytes(range(256)) * 4_000, b"\x00" * 100_000, b"\xff\xfe" + b"\x00\xd8" * 1000,
                                  b"\x1f\x8b\x08\x00" + bytes(1000), b"{\"items\": []}", b"   \n\t  "],
                         ids=["all-bytes", "nuls", "utf16-surrogates", "gzip", "json", "blank"])
def test_binary_garbage_is_a_feed_error_with_a_reason(body: bytes) -> None:
    with pytest.raises(FeedError) as caught:
        timed(FAST_S, lambda: parse(body))
    assert caught.value.reason in {"feed-unparseable", "not-a-feed"} and caught.value.url == FEED_URL


# --- wrong encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "title"), [
    (rss_feed([rss_item("Café crème", "https://news.example.org/c")]).encode("cp1252"), "Café crème"),
    (rss_feed([rss_item("Café crème", "https://news.example.org/c")]).replace("utf-8", "windows-1251").encode(),
     "Café crème"),
    (rss_feed([rss_item("Café crème", "https://news.example.org/c")]).replace("utf-8", "x-no-such-charset")
     .encode("latin-1"), "Café crème"),
    (rss_feed([rss_item("Привет, мир", "https://news.example.org/c")]).replace("utf-8", "utf-16").encode("utf-16-le"),
     "Привет, мир"),
    (rss_feed([rss_item("Привет, мир", "https://news.example.org/c")]).replace("utf-8", "utf-16").encode("utf-16-be"),
     "Привет, мир"),
    (b"\xef\xbb\xbf" + rss_feed([rss_item("Café crème", "https://news.example.org/c")]).replace("utf-8", "utf-16")
     .encode(), "Café crème"),
], ids=["cp1252-declared-utf8", "utf8-declared-cp1251", "unknown-charset", "utf16le-no-bom", "utf16be-no-bom",
        "utf8-bom-declared-utf16"])
def test_a_feed_in_the_wrong_encoding_is_read_correctly(body: bytes, title: str) -> None:
    items = timed(FAST_S, lambda: parse(body))
    assert [item.title for item in items] == [title]


# --- links: bad schemes are dropped with a reason, the rest survive ---------------------------------


def test_a_javascript_link_is_dropped_and_the_two_good_items_survive(caplog: pytest.LogCaptureFixture) -> None:
    feed = rss_feed([good_item(1), rss_item("Click me", "javascript:alert(document.cookie)"), good_item(2)])
    with caplog.at_level(logging.INFO, logger="mediamon.discover.feeds"):
        items = parse(feed)
    assert [item.url for item in items] == [good_link(1), good_link(2)]
    assert any("reason=bad-scheme" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("link", BAD_SCHEME_LINKS)
def test_items_linking_to_script_data_or_file_urls_are_dropped(link: str, caplog: pytest.LogCaptureFixture) -> None:
    feed = rss_feed([rss_item("Bad", link), good_item(1), rss_item("Bad again", link), good_item(2)])
    with caplog.at_level(logging.INFO, logger="mediamon.discover.feeds"):
        items = parse(feed)
    assert [item.url for item in items] == [good_link(1), good_link(2)]
    assert sum("reason=bad-scheme" in record.getMessage() for record in caplog.records) == 2


@pytest.mark.parametrize("junk", ["<![", "<![CDATA[", "<!--", "<!-->", "<?", "&#2000000;", "&#0;", "<![IGNORE["])
def test_broken_markup_in_one_item_costs_only_that_item(junk: str) -> None:
    feed = rss_feed([good_item(1), rss_item("Broken", "https://news.example.org/broken", description=junk, raw=True),
                     good_item(2), good_item(3)])
    urls = [item.url for item in timed(FAST_S, lambda: parse(feed))]
    assert [url for url in urls if url != "https://news.example.org/broken"] == [good_link(i) for i in (1, 2, 3)]


# --- invisible characters: words a watch or the country tagger reads whole ---------------------------

INVISIBLE = ["&#xad;", "&#x200b;", "&#x2060;", "&#xfeff;", "&#x202e;", "&#x2066;", "&#x180e;"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_inside_feed_titles_summaries_and_authors_are_dropped(char: str) -> None:
    item = (f"<item><title>Pro{char}test in Ka{char}zakhstan</title><link>{good_link(1)}</link>"
            f"<description>&lt;p&gt;Police met the pro{char}testers in Al{char}maty.&lt;/p&gt;</description>"
            f"<author>news@example.org (Jane {char}Doe)</author></item>")
    [parsed] = parse(rss_feed([item]))
    assert (parsed.title, parsed.summary, parsed.author) == (
        "Protest in Kazakhstan", "Police met the protesters in Almaty.", "Jane Doe")


def test_joiners_that_persian_words_need_are_kept_in_a_feed_title() -> None:
    title = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ: part of the word's spelling
    [parsed] = parse(rss_feed([rss_item(title, good_link(1))]))
    assert parsed.title == title


# --- every catalogued hostile feed: bounded time, items or a recorded reason -------------------------


@pytest.mark.parametrize("name", sorted(set(HOSTILE_FEEDS) - {"huge-feed-30mb"}))
def test_every_hostile_feed_gives_items_or_a_feed_error_in_time(name: str, tmp_path: Path) -> None:
    body = HOSTILE_FEEDS[name](tmp_path)
    try:
        items = timed(2 * FAST_S, lambda: parse(body))
    except FeedError as err:
        assert err.reason in REASONS and err.url == FEED_URL
    else:
        assert all(item.url.startswith("https://") for item in items)
