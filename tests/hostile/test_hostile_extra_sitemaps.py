"""More hostile sitemaps: tags that flood a gzip sitemap inside one entry or between entries (lxml keeps them all
until the entry ends), entries with nothing in them, and links to private or spoofed hosts."""
from __future__ import annotations

import gzip
import time

import pytest

from mediamon.discover import sitemaps
from mediamon.discover.sitemaps import MAX_SITEMAP_TAGS, parse_sitemap
from mediamon.errors import FeedError
from tests.support.hostile_inputs import PRIVATE_LINKS, SOURCE_ID, sitemap_urlset, tag_flood_sitemap

SITEMAP_URL = "https://news.example.org/sitemap.xml"
GOOD = "https://news.example.org/2024/03/05/good-1"


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> int:
    """A tag budget of 1,000, so that sitemaps on either side of it are quick to build."""
    monkeypatch.setattr(sitemaps, "MAX_SITEMAP_TAGS", 1_000)
    return 1_000


@pytest.mark.parametrize("inside_entry", [True, False], ids=["inside-an-entry", "between-entries"])
def test_a_flood_of_tags_keeps_the_entries_before_it_and_says_truncated(small_budget: int, inside_entry: bool) -> None:
    sitemap = parse_sitemap(tag_flood_sitemap(small_budget * 3, inside_entry=inside_entry), SITEMAP_URL,
                            source_id=SOURCE_ID)
    assert [i.url for i in sitemap.items] == [GOOD] and sitemap.truncated


def test_a_flood_before_the_first_complete_entry_is_too_large(small_budget: int) -> None:
    body = sitemap_urlset("<url>" + "<x/>" * small_budget * 2 + f"<loc>{GOOD}</loc></url>")
    with pytest.raises(FeedError) as caught:
        parse_sitemap(body, SITEMAP_URL, source_id=SOURCE_ID)
    assert caught.value.reason == "too-large" and str(small_budget) in str(caught.value)


def test_a_sitemap_within_the_budget_is_read_whole(small_budget: int) -> None:
    entries = "".join(f"<url><loc>https://news.example.org/a{i}</loc></url>" for i in range(small_budget // 4 - 1))
    sitemap = parse_sitemap(sitemap_urlset(entries), SITEMAP_URL, source_id=SOURCE_ID)
    assert len(sitemap.items) == small_budget // 4 - 1 and not sitemap.truncated


def test_the_real_budget_bounds_a_flood_inflating_to_the_protocols_limit() -> None:
    tags = MAX_SITEMAP_TAGS + 200_000  # 9 MB of "<x/>" from 9 KB of gzip
    start = time.process_time()
    sitemap = parse_sitemap(tag_flood_sitemap(tags), SITEMAP_URL, source_id=SOURCE_ID)
    assert [i.url for i in sitemap.items] == [GOOD] and sitemap.truncated
    assert time.process_time() - start < 15.0


def test_links_to_private_or_spoofed_hosts_are_refused_as_off_site_or_bad_url() -> None:
    body = sitemap_urlset("".join(f"<url><loc>{link.replace('&', '&amp;')}</loc></url>" for link in PRIVATE_LINKS)
                          + f"<url><loc>{GOOD}</loc></url>")
    sitemap = parse_sitemap(body, SITEMAP_URL, source_id=SOURCE_ID)
    assert [i.url for i in sitemap.items] == [GOOD]
    assert len(sitemap.refused) == len(PRIVATE_LINKS)  # every one recorded with its reason
    assert {reason for _, reason in sitemap.refused} <= {"off-site", "bad-url"}


def test_an_index_whose_child_is_a_flood_reads_the_other_children(small_budget: int) -> None:
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>https://news.example.org/flood.xml.gz</loc></sitemap>"
             b"<sitemap><loc>https://news.example.org/ok.xml</loc></sitemap></sitemapindex>")
    bodies = {SITEMAP_URL: index, "https://news.example.org/flood.xml.gz": gzip.compress(
        sitemap_urlset("<url>" + "<x/>" * small_budget * 2 + "</url>")),
        "https://news.example.org/ok.xml": sitemap_urlset(f"<url><loc>{GOOD}</loc></url>")}
    read = sitemaps.expand_index(SITEMAP_URL, bodies.get, source_id=SOURCE_ID)
    assert [i.url for i in read.items] == [GOOD]
    assert ("https://news.example.org/flood.xml.gz", "too-large") in [(u, r.split(":")[0]) for u, r in read.refused]
