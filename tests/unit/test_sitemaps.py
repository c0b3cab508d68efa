"""parse_sitemap and expand_index: Google News and plain sitemaps, indexes, gzip bodies, errors with reasons."""
from __future__ import annotations

import gzip
from datetime import date, datetime, timezone

import pytest

from mediamon.discover.sitemaps import Sitemap, expand_index, parse_sitemap
from mediamon.errors import REASONS, FeedError

SITE = "https://www.example.org/"
NEWS_SITEMAP_URL = "https://www.example.org/news-sitemap.xml"
SITEMAP_URL = "https://www.example.org/sitemap.xml"
INDEX_URL = "https://www.example.org/sitemap_index.xml"
RUN_DATE = date(2024, 3, 5)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"

NEWS_SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.example.org/business/merger-talks.html?utm_source=sitemap</loc>
    <image:image><image:loc>https://cdn.example.org/merger.jpg</image:loc><image:title>A photo</image:title></image:image>
    <news:news>
      <news:publication><news:name>The Example Times</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-03-05T10:00:00+01:00</news:publication_date>
      <news:title>Profits &lt; 5% at A &amp; B &amp;amp; C</news:title>
    </news:news>
    <lastmod>2024-03-04T08:00:00Z</lastmod>
  </url>
  <url>
    <loc>https://www.example.org/world/harbour</loc>
    <news:news>
      <news:publication_date>2024-03-04</news:publication_date>
      <news:title><![CDATA[Harbour reopens]]></news:title>
    </news:news>
  </url>
</urlset>
"""

PLAIN_SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="{SITEMAP_NS}">
  <url><loc>https://www.example.org/story-one</loc><lastmod>2024-03-04T22:30:00-05:00</lastmod></url>
  <url><loc>https://www.example.org/2024/03/02/story-two</loc></url>
  <url><loc>https://www.example.org/about</loc><changefreq>monthly</changefreq></url>
  <url><loc>https://www.example.org/story-one/</loc><lastmod>2023-01-01</lastmod></url>
</urlset>
"""

INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="{SITEMAP_NS}">
  <sitemap><loc>https://www.example.org/sitemap-2024-02.xml</loc><lastmod>2024-02-29</lastmod></sitemap>
  <sitemap><loc>/news-sitemap.xml</loc></sitemap>
  <sitemap><loc>https://www.example.org/sitemap-2024-03.xml</loc><lastmod>2024-03-05T06:00:00Z</lastmod></sitemap>
  <sitemap><loc>https://www.example.org/sitemap-2024-02.xml</loc></sitemap>
</sitemapindex>
"""


def urlset(*urls: str) -> bytes:
    """A plain sitemap of the given page URLs."""
    return (f'<urlset xmlns="{SITEMAP_NS}">' + "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            + "</urlset>").encode()


def index(*children: str) -> bytes:
    """A sitemap index of the given child sitemap URLs."""
    return (f'<sitemapindex xmlns="{SITEMAP_NS}">' + "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
            + "</sitemapindex>").encode()


def parse(body: bytes | str, url: str = SITEMAP_URL, **kwargs: object) -> Sitemap:
    """parse_sitemap for the example source on the run date."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return parse_sitemap(data, url, source_id="example", run_date=RUN_DATE, **kwargs)  # type: ignore[arg-type]


def test_google_news_sitemap_gives_titled_dated_canonical_items() -> None:
    sitemap = parse(NEWS_SITEMAP, NEWS_SITEMAP_URL, site_url=SITE)
    assert sitemap.children == [] and sitemap.refused == [] and not sitemap.truncated
    first, second = sitemap.items
    assert first.url == "https://www.example.org/business/merger-talks.html"
    assert first.link == "https://www.example.org/business/merger-talks.html?utm_source=sitemap"
    assert first.title == "Profits < 5% at A & B & C"  # double-escaped too, as in feeds
    assert first.published_at == datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)  # publication_date, not lastmod
    assert (first.feed_url, first.source_id, first.summary, first.content) == (NEWS_SITEMAP_URL, "example", None, None)
    assert second.title == "Harbour reopens"
    assert second.published_at == datetime(2024, 3, 4, tzinfo=timezone.utc)


def test_plain_sitemap_dates_come_from_lastmod_then_the_url() -> None:
    sitemap = parse(PLAIN_SITEMAP)
    assert [(item.url, item.published_at, item.title) for item in sitemap.items] == [
        ("https://www.example.org/story-one", datetime(2024, 3, 5, 3, 30, tzinfo=timezone.utc), None),
        ("https://www.example.org/2024/03/02/story-two", datetime(2024, 3, 2, tzinfo=timezone.utc), None),
        ("https://www.example.org/about", None, None),
    ]  # the fourth <url> is the first one again once canonical: the first is kept


def test_index_lists_absolute_children_newest_first_each_once() -> None:
    sitemap = parse(INDEX, INDEX_URL)
    assert sitemap.items == [] and sitemap.refused == []
    assert sitemap.children == ["https://www.example.org/sitemap-2024-03.xml",
                                "https://www.example.org/sitemap-2024-02.xml",
                                "https://www.example.org/news-sitemap.xml"]


def test_gzip_body_is_read_like_the_plain_one() -> None:
    plain = parse(PLAIN_SITEMAP)
    assert parse(gzip.compress(PLAIN_SITEMAP.encode())).items == plain.items
    two_members = gzip.compress(PLAIN_SITEMAP[:200].encode()) + gzip.compress(PLAIN_SITEMAP[200:].encode())
    assert parse(two_members).items == plain.items


def test_sitemap_without_namespace_and_with_junk_before_the_declaration_is_read() -> None:
    body = "\n\n  " + urlset("https://www.example.org/a", "https://www.example.org/b").decode()
    assert [i.url for i in parse(body.replace(f' xmlns="{SITEMAP_NS}"', "")).items] == [
        "https://www.example.org/a", "https://www.example.org/b"]


def test_legacy_encoding_is_decoded_from_the_declaration() -> None:
    body = (f'<?xml version="1.0" encoding="ISO-8859-1"?><urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">'
            "<url><loc>https://www.example.org/a</loc><news:news><news:title>Caf\u00e9 r\u00e9ouvert</news:title>"
            "</news:news></url></urlset>").encode("iso-8859-1")
    assert parse(body).items[0].title == "Café réouvert"


def test_root_relative_loc_is_resolved_and_unusable_locs_are_refused_with_a_reason() -> None:
    sitemap = parse(urlset("/2024/03/05/relative", "javascript:alert(1)", "page.html", "https://www.example.org/ok"))
    assert [i.url for i in sitemap.items] == ["https://www.example.org/2024/03/05/relative",
                                              "https://www.example.org/ok"]
    assert sitemap.refused == [("javascript:alert(1)", "bad-url"), ("page.html", "bad-url")]


def test_a_loc_of_the_sitemap_itself_is_refused_as_no_page() -> None:
    # the sitemap's own URL (its fragment and tracking parameters do not make it another page) lists no article:
    # planned as one, it was fetched and quarantined as not-html on every run
    sitemap = parse(urlset(SITEMAP_URL, "https://www.example.org/sitemap.xml#top", "https://www.example.org/ok"))
    assert [i.url for i in sitemap.items] == ["https://www.example.org/ok"]
    assert sitemap.refused == [(SITEMAP_URL, "no-link"), ("https://www.example.org/sitemap.xml#top", "no-link")]


@pytest.mark.parametrize(("body", "reason", "hint"), [
    (b"", "feed-unparseable", "empty"),
    (b'<rss version="2.0"><channel><item><link>https://www.example.org/a</link></item></channel></rss>',
     "not-a-feed", "under `feeds:`"),
    (b"<!DOCTYPE html><html><head><title>Not found</title></head><body></body></html>", "not-a-feed", "HTML"),
    (b"<opml><body/></opml>", "not-a-feed", "<opml>"),
    (b'{"urls": []}', "feed-unparseable", "no XML element"),
])
def test_what_is_not_a_sitemap_is_a_feed_error_saying_what_it_is(body: bytes, reason: str, hint: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse(body)
    assert caught.value.reason == reason and reason in REASONS and hint in str(caught.value)


def test_malformed_xml_names_the_line_of_the_response() -> None:
    body = '\n\n<urlset xmlns="x">\n<url><loc>https://www.example.org/a</loc></uurl>\n</urlset>'
    with pytest.raises(FeedError, match=r"feed-unparseable: malformed XML at line 4: .*no entries") as caught:
        parse(body)
    assert caught.value.url == SITEMAP_URL


def fetcher(pages: dict[str, bytes | None], asked: list[str]):
    """A fetch function serving pages (None: the fetch failed) and noting each URL asked."""
    def fetch(url: str) -> bytes | None:
        asked.append(url)
        return pages.get(url)
    return fetch


def test_expand_index_reads_the_children_and_merges_their_items() -> None:
    pages: dict[str, bytes | None] = {
        INDEX_URL: index("https://www.example.org/news-sitemap.xml", "/sitemap-a.xml", "/missing.xml"),
        "https://www.example.org/news-sitemap.xml": NEWS_SITEMAP.encode(),
        "https://www.example.org/sitemap-a.xml": gzip.compress(urlset("https://www.example.org/world/harbour",
                                                                      "https://www.example.org/c")),
    }
    asked: list[str] = []
    result = expand_index(INDEX_URL, fetcher(pages, asked), source_id="example", site_url=SITE, run_date=RUN_DATE)
    assert asked == [INDEX_URL, "https://www.example.org/news-sitemap.xml", "https://www.example.org/sitemap-a.xml",
                     "https://www.example.org/missing.xml"]
    assert [i.url for i in result.items] == ["https://www.example.org/business/merger-talks.html",
                                             "https://www.example.org/world/harbour", "https://www.example.org/c"]
    assert result.items[1].title == "Harbour reopens"  # the first sitemap to list a URL wins
    assert result.children == ["https://www.example.org/missing.xml"]  # listed, not fetched


def test_expand_index_of_a_urlset_reads_only_it() -> None:
    asked: list[str] = []
    result = expand_index(SITEMAP_URL, fetcher({SITEMAP_URL: PLAIN_SITEMAP.encode()}, asked), source_id="example",
                          run_date=RUN_DATE)
    assert asked == [SITEMAP_URL] and len(result.items) == 3 and result.children == []


def test_expand_index_goes_on_past_a_broken_child_and_records_its_reason() -> None:
    pages: dict[str, bytes | None] = {INDEX_URL: index("/broken.xml", "/good.xml"),
                                      "https://www.example.org/broken.xml": b"<html><body>oops</body></html>",
                                      "https://www.example.org/good.xml": urlset("https://www.example.org/a")}
    result = expand_index(INDEX_URL, fetcher(pages, []), source_id="example", run_date=RUN_DATE)
    assert [i.url for i in result.items] == ["https://www.example.org/a"]
    assert result.refused == [("https://www.example.org/broken.xml", "not-a-feed")]


def test_expand_index_refuses_an_unusable_sitemap_url() -> None:
    with pytest.raises(FeedError, match="bad-scheme"):
        expand_index("ftp://www.example.org/sitemap.xml", fetcher({}, []), source_id="example")
