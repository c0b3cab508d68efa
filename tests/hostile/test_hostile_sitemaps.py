"""parse_sitemap and expand_index on hostile sitemaps: nothing expands, loops or grows without bound,
no local file or URL is read, other sites' URLs are refused, and every case ends in time.

Time budgets are generous (a shared 2-core machine); the measured times are far below them.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TypeVar

import pytest

from mediamon.discover.sitemaps import (
    MAX_INDEX_DEPTH,
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_URLS,
    MAX_SITEMAPS_READ,
    Sitemap,
    expand_index,
    parse_sitemap,
)
from mediamon.errors import REASONS, FeedError
from tests.support.hostile_inputs import (
    billion_laughs_doctype,
    parameter_xxe_doctype,
    quadratic_blowup_doctype,
    secret_file,
    xxe_doctype,
)
from tests.support.server import Site, send

T = TypeVar("T")
FAST_S = 20.0  # budget for a small hostile sitemap: catches a blow-up of minutes, not a slow machine
HUGE_S = 60.0  # budget for 60,000 entries (3-7 s measured on a loaded 2-core machine)
SITE = "https://news.example.org/"
SITEMAP_URL = "https://news.example.org/sitemap.xml"
RUN_DATE = date(2024, 3, 5)
NS = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
      'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')


def timed(budget_s: float, call: Callable[[], T]) -> T:
    """call()'s result or error if it comes within the budget; the test fails otherwise."""
    start = time.perf_counter()
    try:
        return call()
    finally:
        elapsed = time.perf_counter() - start
        assert elapsed < budget_s, f"took {elapsed:.1f} s (budget {budget_s} s)"


def url_entry(loc: str, *, title: str = "", published: str = "", lastmod: str = "") -> str:
    """One <url> element (title and dates written as given, entities and all)."""
    news = (f"<news:news><news:publication_date>{published}</news:publication_date>"
            f"<news:title>{title}</news:title></news:news>") if title or published else ""
    return f"<url><loc>{loc}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}{news}</url>"


def urlset(entries: list[str], *, doctype: str = "") -> bytes:
    """A news sitemap of the given <url> elements, after an optional DOCTYPE."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + doctype + f"<urlset {NS}>" + "".join(entries)
            + "</urlset>").encode("utf-8")


def index(children: list[str]) -> bytes:
    """A sitemap index of the given child URLs."""
    return (f"<sitemapindex {NS}>" + "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
            + "</sitemapindex>").encode("utf-8")


def good(number: int) -> str:
    """A well-formed, dated, on-site entry."""
    return url_entry(f"https://news.example.org/story-{number}", title=f"Story {number}",
                     published="2024-03-05T10:00:00Z")


def parse(body: bytes, url: str = SITEMAP_URL, site_url: str | None = SITE) -> Sitemap:
    """parse_sitemap for the hostile source on the run date."""
    return parse_sitemap(body, url, source_id="hostile", site_url=site_url, run_date=RUN_DATE)


def all_text(sitemap: Sitemap) -> str:
    """Every field of every item and every child, joined (to look for leaked or expanded content)."""
    return "\n".join([str(v) for item in sitemap.items for v in vars(item).values() if v] + sitemap.children)


def fetcher(pages: dict[str, bytes], asked: list[str]) -> Callable[[str], bytes | None]:
    """A fetch function serving pages (None for others) and noting each URL asked."""
    def fetch(url: str) -> bytes | None:
        asked.append(url)
        return pages.get(url)
    return fetch


# --- indexes: loops, depth, breadth -------------------------------------------------------------


def test_an_index_that_lists_itself_is_read_once() -> None:
    asked: list[str] = []
    pages = {SITEMAP_URL: index([SITEMAP_URL, "/sitemap.xml", "https://NEWS.example.org:443/sitemap.xml#x",
                                 "/a.xml"]),
             "https://news.example.org/a.xml": urlset([good(1)])}
    result = timed(FAST_S, lambda: expand_index(SITEMAP_URL, fetcher(pages, asked), source_id="hostile",
                                                run_date=RUN_DATE))
    assert asked == [SITEMAP_URL, "https://news.example.org/a.xml"]
    assert [i.url for i in result.items] == ["https://news.example.org/story-1"] and result.children == []


def test_indexes_linking_to_each_other_terminate_reading_each_once() -> None:
    asked: list[str] = []
    a, b = "https://news.example.org/a.xml", "https://news.example.org/b.xml"
    pages = {SITEMAP_URL: index([a, b]), a: index([b, SITEMAP_URL, a]), b: index([a, SITEMAP_URL])}
    result = timed(FAST_S, lambda: expand_index(SITEMAP_URL, fetcher(pages, asked), source_id="hostile"))
    assert sorted(asked) == sorted([SITEMAP_URL, a, b]) and result.items == []


def test_an_endless_chain_of_indexes_is_read_to_the_depth_limit() -> None:
    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        return index([f"{url.removesuffix('.xml')}-deeper.xml"])

    result = timed(FAST_S, lambda: expand_index(SITEMAP_URL, fetch, source_id="hostile"))
    assert len(asked) == MAX_INDEX_DEPTH + 1
    assert result.children == [f"https://news.example.org/sitemap{'-deeper' * (MAX_INDEX_DEPTH + 1)}.xml"]


def test_an_index_of_thousands_of_sitemaps_reads_a_bounded_number() -> None:
    asked: list[str] = []
    children = [f"https://news.example.org/s{i}.xml" for i in range(5_000)]

    def fetch(url: str) -> bytes:
        asked.append(url)
        return index(children) if url == SITEMAP_URL else urlset([good(len(asked))])

    result = timed(FAST_S * 4, lambda: expand_index(SITEMAP_URL, fetch, source_id="hostile", run_date=RUN_DATE))
    assert len(asked) == MAX_SITEMAPS_READ and len(result.items) == MAX_SITEMAPS_READ - 1
    assert len(result.children) == 5_000 - (MAX_SITEMAPS_READ - 1)  # listed, left unread


# --- size: entry count, body size, gzip bombs --------------------------------------------------


SIXTY_THOUSAND_URLS = """
import json, resource, sys, time
from datetime import date
from mediamon.discover.sitemaps import parse_sitemap
body = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
    f"<url><loc>https://news.example.org/2024/03/05/story-{i}</loc><lastmod>2024-03-05T10:00:00Z</lastmod></url>"
    for i in range(60_000)) + "</urlset>").encode()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
sitemap = parse_sitemap(body, "https://news.example.org/sitemap.xml", source_id="hostile", run_date=date(2024, 3, 5))
print(json.dumps({"seconds": time.perf_counter() - start, "items": len(sitemap.items), "last": sitemap.items[-1].url,
                  "truncated": sitemap.truncated,
                  "grown_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


def test_sixty_thousand_urls_keep_the_first_fifty_thousand_in_bounded_time_and_memory() -> None:
    """Run in a fresh interpreter, so that its peak resident memory (libxml2's included) is this parse's."""
    done = subprocess.run([sys.executable, "-c", SIXTY_THOUSAND_URLS], capture_output=True, text=True,
                          timeout=HUGE_S * 2, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["truncated"] and result["items"] == MAX_SITEMAP_URLS
    assert result["last"] == f"https://news.example.org/2024/03/05/story-{MAX_SITEMAP_URLS - 1}"
    assert result["seconds"] < HUGE_S, result  # 3-6 s measured on a loaded 2-core machine
    assert result["grown_mb"] < 300, result  # about 40 MB measured (the 6 MB body, its text and 50,000 items)


def test_an_index_of_sixty_thousand_children_keeps_fifty_thousand() -> None:
    sitemap = timed(HUGE_S, lambda: parse(index([f"https://news.example.org/s{i}.xml" for i in range(60_000)])))
    assert sitemap.truncated and len(sitemap.children) == MAX_SITEMAP_URLS


def gzip_bomb(inflated_bytes: int) -> bytes:
    """A gzip member of that many spaces, compressed in 1 MB steps (about 1 KB per MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * 2**20
    return b"".join(packer.compress(chunk) for _ in range(inflated_bytes // 2**20)) + packer.flush()


def test_a_gzip_bomb_is_too_large_and_stops_early() -> None:
    bomb = gzip_bomb(MAX_SITEMAP_BYTES * 2)  # 100 MB of spaces in about 100 KB
    assert len(bomb) < 300_000
    with pytest.raises(FeedError) as caught:
        timed(FAST_S, lambda: parse(bomb))
    assert caught.value.reason == "too-large" and "too-large" in REASONS


def test_a_gzip_bomb_split_over_many_members_is_too_large_too() -> None:
    member = gzip_bomb(8 * 2**20)
    with pytest.raises(FeedError, match="too-large"):
        timed(FAST_S, lambda: parse(member * 10))


def test_an_uncompressed_body_over_the_protocol_limit_is_too_large() -> None:
    with pytest.raises(FeedError, match="too-large"):
        timed(FAST_S, lambda: parse(b" " * (MAX_SITEMAP_BYTES + 1)))


def test_a_corrupt_gzip_body_is_a_feed_error() -> None:
    body = gzip.compress(urlset([good(1)]))
    with pytest.raises(FeedError, match="feed-unparseable: the gzip body is corrupt"):
        parse(body[:10] + b"\x00" * 20 + body[30:])


def test_a_truncated_gzip_body_keeps_the_entries_it_holds() -> None:
    body = gzip.compress(urlset([good(i) for i in range(200)]))
    sitemap = timed(FAST_S, lambda: parse(body[:len(body) // 2]))
    assert 0 < len(sitemap.items) < 200 and sitemap.items[0].url == "https://news.example.org/story-0"


# --- other sites -------------------------------------------------------------------------------


def test_items_on_another_site_are_dropped_with_the_reason_off_site() -> None:
    body = urlset([good(1), url_entry("https://evil.example.com/story"), url_entry("https://cdn.news.example.org/x"),
                   url_entry("//evil.example.net/y")])
    sitemap = parse(body)
    assert [i.url for i in sitemap.items] == ["https://news.example.org/story-1", "https://cdn.news.example.org/x"]
    assert sitemap.refused == [("https://evil.example.com/story", "off-site"), ("https://evil.example.net/y", "off-site")]


def test_a_sitemap_on_another_host_lists_only_the_sources_own_items() -> None:
    sitemap = parse(urlset([good(1), url_entry("https://sitemaps.example-cdn.com/story")]),
                    url="https://sitemaps.example-cdn.com/news.xml")
    assert [i.url for i in sitemap.items] == ["https://news.example.org/story-1"]
    assert sitemap.refused == [("https://sitemaps.example-cdn.com/story", "off-site")]


def test_without_site_url_the_sitemaps_own_site_decides() -> None:
    sitemap = parse(urlset([good(1), url_entry("https://evil.example.com/a")]), site_url=None)
    assert [i.url for i in sitemap.items] == ["https://news.example.org/story-1"]
    assert sitemap.refused == [("https://evil.example.com/a", "off-site")]


def test_an_index_child_on_another_host_is_not_followed() -> None:
    asked: list[str] = []
    pages = {SITEMAP_URL: index(["https://evil.example.com/sitemap.xml", "/ok.xml"]),
             "https://news.example.org/ok.xml": urlset([good(1)])}
    result = timed(FAST_S, lambda: expand_index(SITEMAP_URL, fetcher(pages, asked), source_id="hostile",
                                                site_url=SITE))
    assert asked == [SITEMAP_URL, "https://news.example.org/ok.xml"]
    assert result.refused == [("https://evil.example.com/sitemap.xml", "off-site")]
    assert [i.url for i in result.items] == ["https://news.example.org/story-1"]


# --- dates ---------------------------------------------------------------------------------------


def test_dates_in_the_future_or_before_news_sites_give_no_date_or_the_next_evidence() -> None:
    sitemap = parse(urlset([
        url_entry("https://news.example.org/a", title="A", published="2031-01-01T00:00:00Z"),
        url_entry("https://news.example.org/b", title="B", published="2031-01-01", lastmod="2024-03-04T12:00:00Z"),
        url_entry("https://news.example.org/c", title="C", published="1970-01-01T00:00:00Z"),
        url_entry("https://news.example.org/2099/01/01/d", lastmod="2099-01-01"),
        url_entry("https://news.example.org/e", title="E", published="2024-03-06T23:00:00Z"),  # a day ahead: kept
    ]))
    assert [item.published_at for item in sitemap.items] == [
        None, datetime(2024, 3, 4, 12, tzinfo=timezone.utc), None, None,
        datetime(2024, 3, 6, 23, tzinfo=timezone.utc)]


# --- entities, DTDs, XInclude: no expansion, no file, no request ----------------------------------


@pytest.mark.parametrize("name", ["lol", "nbsp"])
def test_billion_laughs_is_not_expanded_and_the_good_item_survives(name: str) -> None:
    body = urlset([url_entry("https://news.example.org/lol", title=f"&{name}9;"), good(1)],
                  doctype=billion_laughs_doctype(levels=10, width=10, name=name))
    sitemap = timed(FAST_S, lambda: parse(body))
    assert "lollol" not in all_text(sitemap) and len(all_text(sitemap)) < 10_000
    assert [i.url for i in sitemap.items] == ["https://news.example.org/lol", "https://news.example.org/story-1"]


def test_one_large_entity_referenced_ten_thousand_times_is_not_expanded() -> None:
    body = urlset([url_entry("https://news.example.org/big", title="&big;" * 10_000), good(1)],
                  doctype=quadratic_blowup_doctype(50_000))
    sitemap = timed(FAST_S, lambda: parse(body))
    assert "BBBB" not in all_text(sitemap) and "https://news.example.org/story-1" in all_text(sitemap)


@pytest.mark.parametrize("build", [
    lambda secret: urlset([url_entry("&xxe;", title="&xxe;"), good(1)], doctype=xxe_doctype(secret)),
    lambda secret: urlset([url_entry("https://news.example.org/x", title="&xxe;"), good(1)],
                          doctype=parameter_xxe_doctype(secret)),
    lambda secret: urlset([f'<url xmlns:xi="http://www.w3.org/2001/XInclude"><loc>https://news.example.org/x</loc>'
                           f'<news:news><news:title><xi:include href="file://{secret.resolve()}" parse="text"/>'
                           "</news:title></news:news></url>", good(1)]),
], ids=["general-entity", "parameter-entity", "xinclude"])
def test_a_local_file_never_appears_in_the_sitemap(tmp_path: Path, build: Callable[[Path], bytes]) -> None:
    secret = secret_file(tmp_path)
    sitemap = timed(FAST_S, lambda: parse(build(secret)))
    assert secret.read_text(encoding="utf-8").strip() not in all_text(sitemap)
    assert "https://news.example.org/story-1" in [i.url for i in sitemap.items]


def test_an_index_whose_child_is_an_external_entity_reads_no_file(tmp_path: Path) -> None:
    secret = secret_file(tmp_path)
    body = xxe_doctype(secret).encode() + index(["&xxe;", "/ok.xml"])
    sitemap = timed(FAST_S, lambda: parse(body))
    assert sitemap.children == ["https://news.example.org/ok.xml"] and sitemap.refused == [("&xxe;", "bad-url")]


def test_an_external_entity_url_is_never_requested(site: Site) -> None:
    site.routes["/xxe"] = lambda handler: send(handler, 200, b"FETCHED-BY-THE-PARSER", content_type="text/plain")
    body = urlset([url_entry("https://news.example.org/x", title="&xxe;"), good(1)],
                  doctype=xxe_doctype(site.url("/xxe")))
    sitemap = timed(FAST_S, lambda: parse(body))
    assert site.requests == [] and "FETCHED-BY-THE-PARSER" not in all_text(sitemap)


# --- broken XML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b"<urlset><url><loc>https://news.example.org/a</loc></url",
    b"<urlset><url><loc>https://news.example.org/a</lo></url></urlset>",
    b"<urlset " + b"a=" * 100_000 + b">",
    b"\x00\x01\x02\xff\xfe garbage",
    b"<urlset>" + b"<url>" * 100_000,
    b"<" * 200_000 + b"<urlset",
], ids=["unclosed", "mismatched", "broken-attributes", "binary", "deep-nesting", "many-opens"])
def test_malformed_xml_is_a_feed_error_with_a_reason_in_time(body: bytes) -> None:
    with pytest.raises(FeedError) as caught:
        timed(FAST_S, lambda: parse(body))
    assert caught.value.reason in REASONS and caught.value.url == SITEMAP_URL


def test_a_sitemap_that_breaks_off_keeps_the_entries_before_the_break() -> None:
    body = urlset([good(i) for i in range(50)])
    sitemap = timed(FAST_S, lambda: parse(body[:-40]))
    assert [i.url for i in sitemap.items][:48] == [f"https://news.example.org/story-{i}" for i in range(48)]


def test_deep_nesting_inside_an_entry_costs_only_what_follows() -> None:
    body = urlset([good(1), "<url>" + "<x>" * 100_000 + "</url>", good(2)])
    sitemap = timed(FAST_S, lambda: parse(body))
    assert [i.url for i in sitemap.items] == ["https://news.example.org/story-1"]
