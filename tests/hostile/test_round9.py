"""Red-team outside input, ninth round: kinds no earlier round sent. Feeds whose items carry thousands of attributes,
sitemaps stuffed with empty gzip members and sitemap indexes of gzip bombs, JSON that is no feed, a DTD written
inside the root element, responses whose Content-Length is no length, redirect loops across schemes and hosts,
Locations and feed URLs holding controls and line breaks, hosts spelt with full-width dots or in mixed scripts, items
dated decades ahead or outside any calendar, ids and links given many times, query results holding NaN, infinities or
lists 900 levels deep printed as JSON, watch queries written as regular expressions, and titles that show nothing
(Hangul fillers, braille blanks) or hide text (Unicode tag characters) reaching the digests. Every case runs the real
parts: the fetcher against a real HTTP server on 127.0.0.1 (tests/support), the feed and sitemap readers on what it
fetched, a real DuckDB warehouse and real digest files."""
from __future__ import annotations

import gzip
import json
import math
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

import mediamon.cli as cli
from mediamon import warehouse
from mediamon.digest.build import build_digests
from mediamon.discover.check import check_sources
from mediamon.discover.feeds import read_feed
from mediamon.fetch import fetch_one, reason_of
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from mediamon.warehouse.maintenance import rebuild_day_summaries
from tests.integration.digest_warehouse import END, fill_warehouse
from tests.support.hostile_fetch import tight_settings
from tests.support.server import Site, send

SITEMAP_NS = b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
EMPTY_GZIP_MEMBER = gzip.compress(b"", mtime=0)  # 20 bytes that decode to nothing


def cpu_s() -> float:
    """CPU seconds of this process (a busy machine stretches wall time, not this)."""
    return time.process_time()


def serve(site: Site, path: str, body: bytes, content_type: str = "application/xml") -> str:
    """Serve body at path; its URL."""
    site.routes[path] = lambda handler: send(handler, 200, body, content_type=content_type)
    return site.url(path)


def fetched_feed(site: Site, url: str, settings: Settings) -> bytes:
    """The body of a feed fetched from the site."""
    result = fetch_one(FetchRequest(url, "hostile", kind="feed"), settings)
    assert result.error is None and result.body is not None, result.error
    return result.body


def registry(settings: Settings, site: Site, *, feeds: list[str] = (), sitemaps: list[str] = ()) -> None:
    """A sources.yaml of one source on the site listing these feeds and sitemaps."""
    lines = ["sources:", "  - id: hostile", "    name: Hostile", f"    homepage: '{site.url('/')}'",
             "    country: US", "    language: en"]
    if feeds:
        lines.append(f"    feeds: [{', '.join(repr(f) for f in feeds)}]")
    if sitemaps:
        lines.append(f"    sitemaps: [{', '.join(repr(s) for s in sitemaps)}]")
    settings.sources_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def urlset(base: str, count: int) -> bytes:
    """A news-style sitemap of count pages on base, each with a lastmod."""
    entries = b"".join(f"<url><loc>{base}/story-{i}</loc><lastmod>2026-01-14</lastmod></url>".encode()
                       for i in range(count))
    return b'<?xml version="1.0"?><urlset ' + SITEMAP_NS + b">" + entries + b"</urlset>"


# --- feeds and sitemaps whose tags carry thousands of attributes ------------------------------------------------

def crowded_feed(base: str, items: int, attributes: int) -> bytes:
    """An RSS feed whose every <item> start tag carries `attributes` distinct attributes (under 64 KB a tag)."""
    crowd = "".join(f' a{j}="{j}"' for j in range(attributes))
    entries = "".join(f"<item{crowd}><title>Story {i}</title><link>{base}/story-{i}</link>"
                      f"<pubDate>Wed, 14 Jan 2026 10:00:00 +0000</pubDate></item>" for i in range(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{entries}</channel></rss>'.encode()


def test_a_feed_whose_items_carry_5000_attributes_each_is_read_in_seconds(site: Site, settings: Settings) -> None:
    """feedparser's SAX reader looks each attribute up by name through the whole list (quadratic in a tag): 30 such
    items took 8.6 s of CPU, a 10 MB feed of them minutes."""
    body = crowded_feed(site.url("").rstrip("/"), 60, 5_000)
    registry(settings, site, feeds=[serve(site, "/crowded.xml", body)])
    started = cpu_s()
    [row] = check_sources(settings.with_overrides(max_body_bytes=8 * 2**20))
    spent = cpu_s() - started
    assert row["error"] is None, row["error"]
    assert row["items"] == 60 and row["items_dated"] == 60
    assert spent < 6.0, f"{spent:.1f} s of CPU for a {len(body):,}-byte feed"


def test_a_crowded_tag_keeps_its_namespace_declarations_and_first_attributes(site: Site, settings: Settings) -> None:
    """The attributes past the cap are left out, never a namespace declaration written after them: the items'
    prefixed elements still read."""
    crowd = "".join(f' data-t{j}="{j}"' for j in range(3_000))
    body = (f'<?xml version="1.0"?><rss version="2.0"{crowd} xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f'<item><title>Story</title><link>{site.url("/story")}</link><dc:creator>Ann Author</dc:creator>'
            '<dc:date>2026-01-14T10:00:00Z</dc:date></item></channel></rss>').encode()
    [item] = read_feed(fetched_feed(site, serve(site, "/ns.xml", body), settings), site.url("/ns.xml"),
                       source_id="hostile").items
    assert item.author == "Ann Author" and item.published_at is not None


def test_a_sitemap_whose_entries_carry_5000_attributes_each_is_read_in_seconds(
        site: Site, settings: Settings) -> None:
    """libxml2 compares each attribute with every earlier one of its tag, as feedparser does."""
    crowd = "".join(f' data-t{j}="{j}"' for j in range(5_000)).encode()
    body = urlset(site.url("").rstrip("/"), 120).replace(b"<url>", b"<url" + crowd + b">")
    registry(settings, site, sitemaps=[serve(site, "/crowded-sitemap.xml", body)])
    started = cpu_s()
    [row] = check_sources(settings.with_overrides(max_body_bytes=16 * 2**20))
    spent = cpu_s() - started
    assert row["error"] is None, row["error"]
    assert row["items"] == 120
    assert spent < 6.0, f"{spent:.1f} s of CPU for a {len(body):,}-byte sitemap"


# --- gzip inside sitemaps ----------------------------------------------------------------------------------------

def test_a_sitemap_behind_500000_empty_gzip_members_is_read_in_seconds(site: Site, settings: Settings) -> None:
    """Each member's leftover input was copied to read the next: 100,000 empty members took 2.6 s of CPU, the
    500,000 a 10 MB body holds about a minute, for one sitemap of the 50 an index may list."""
    real = gzip.compress(urlset(site.url("").rstrip("/"), 3), mtime=0)
    body = EMPTY_GZIP_MEMBER * 500_000 + real
    registry(settings, site, sitemaps=[serve(site, "/stuffed.xml.gz", body, content_type="application/x-gzip")])
    started = cpu_s()
    [row] = check_sources(settings.with_overrides(max_body_bytes=11 * 2**20))
    spent = cpu_s() - started
    assert row["error"] is None, row["error"]
    assert row["items"] == 3
    assert spent < 8.0, f"{spent:.1f} s of CPU for {len(body):,} bytes of gzip members"


def test_a_sitemap_index_of_gzip_bombs_keeps_its_good_sitemap(site: Site, settings: Settings) -> None:
    """An index listing three sitemaps that each inflate past the protocol's 50 MB and one good one: the bombs are
    refused as too-large, the good one's items are read."""
    bomb = gzip.compress(b"<" * (60 * 2**20), compresslevel=9, mtime=0)
    for i in range(3):
        serve(site, f"/bomb-{i}.xml.gz", bomb, content_type="application/x-gzip")
    serve(site, "/good.xml", urlset(site.url("").rstrip("/"), 4))
    index = (b'<?xml version="1.0"?><sitemapindex ' + SITEMAP_NS + b">"
             + b"".join(f"<sitemap><loc>{site.url(f'/bomb-{i}.xml.gz')}</loc></sitemap>".encode() for i in range(3))
             + f"<sitemap><loc>{site.url('/good.xml')}</loc></sitemap>".encode() + b"</sitemapindex>")
    registry(settings, site, sitemaps=[serve(site, "/index.xml", index)])
    started = cpu_s()
    [row] = check_sources(settings)
    assert cpu_s() - started < 10.0
    assert row["error"] is None and row["items"] == 4
    assert row["skipped"] == "3 entries refused: too-large 3"


# --- documents that are no feed, or hide a DTD ----------------------------------------------------------------

@pytest.mark.parametrize("body", [b"[" * 5_000_000 + b"]" * 5_000_000,
                                  b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
                                  + b'{"id": NaN, "url": "https://x.example/a", "date_published": Infinity},' * 1000
                                  + b"{}]}",
                                  b'{"a": ' * 100_000 + b"1" + b"}" * 100_000],
                         ids=["nested-5M-lists", "nan-and-infinity", "nested-100k-objects"])
def test_json_served_as_a_feed_is_refused_as_not_a_feed_at_once(site: Site, settings: Settings, body: bytes) -> None:
    registry(settings, site, feeds=[serve(site, "/feed.json", body, content_type="application/feed+json")])
    started = cpu_s()
    [row] = check_sources(settings.with_overrides(max_body_bytes=11 * 2**20))
    assert cpu_s() - started < 5.0
    assert (row["error"] or "").startswith("not-a-feed: a JSON document was served")


def test_a_dtd_written_inside_the_root_element_expands_no_entity(site: Site, settings: Settings) -> None:
    """A billion-laughs DTD after <rss> (where none may stand) is text, never entity definitions."""
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    body = (f'<rss version="2.0"><!DOCTYPE rss [{laughs}]><channel><item><title>A &l9; B</title>'
            f'<link>{site.url("/a")}</link></item></channel></rss>').encode()
    started = cpu_s()
    [item] = read_feed(fetched_feed(site, serve(site, "/laughs.xml", body), settings), site.url("/laughs.xml"),
                       source_id="hostile").items
    assert cpu_s() - started < 5.0
    assert "lollol" not in (item.title or "") and len(item.title or "") < 100


# --- Content-Length that is no length ---------------------------------------------------------------------------

def raw_response(head: str, body: bytes) -> object:
    """A route answering with these exact header lines and body, then closing."""
    def route(handler: object) -> None:
        handler.close_connection = True
        handler.wfile.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
                             + head + "\r\n\r\n").encode("utf-8") + body)
    return route


PAGE = b"<html><head><title>Hello</title></head><body><p>Hello there, reader.</p></body></html>"


@pytest.mark.parametrize("length", ["-5", "-99999999999999999999", "+5", "0x10", "\u0665", "5 5", "1e2", ""],
                         ids=["negative", "huge-negative", "plus-sign", "hex", "arabic-indic-digit", "two-numbers",
                              "exponent", "empty"])
def test_a_content_length_that_is_no_length_is_an_http_error_naming_it(
        site: Site, settings: Settings, length: str) -> None:
    """RFC 9112 6.3: a response whose Content-Length is invalid has no known end and is discarded; '+5' and the
    Arabic-Indic digit five were taken as 5 (a page cut to '<html'), '-5' and '0x10' read to the close."""
    site.routes["/page"] = raw_response(f"Content-Length: {length}", PAGE)
    result = fetch_one(FetchRequest(site.url("/page"), "hostile"), tight_settings(settings, 5.0))
    assert reason_of(result.error) == "http-error", (result.status, result.error, result.body)
    assert "Content-Length" in (result.error or "") and result.body is None


def test_a_kept_alive_response_of_negative_length_ends_at_once(site: Site, settings: Settings) -> None:
    """http.client read a body of no length to the connection's close, so a server keeping it open held the request
    to its deadline (3.0 s of a 3 s deadline, then timeout)."""
    def route(handler: object) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: -5\r\n\r\n" + PAGE)
        handler.wfile.flush()
    site.routes["/page"] = route
    started = time.monotonic()
    result = fetch_one(FetchRequest(site.url("/page"), "hostile"), tight_settings(settings, 3.0))
    assert reason_of(result.error) == "http-error" and "Content-Length" in (result.error or "")
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("length", [str(len(PAGE)), f"{len(PAGE)}, {len(PAGE)}", f" {len(PAGE)} "],
                         ids=["plain", "repeated-in-a-list", "spaces-around"])
def test_a_valid_content_length_is_read_as_before(site: Site, settings: Settings, length: str) -> None:
    site.routes["/page"] = raw_response(f"Content-Length: {length}", PAGE)
    result = fetch_one(FetchRequest(site.url("/page"), "hostile"), tight_settings(settings, 5.0))
    assert result.error is None and result.status == 200 and result.body == PAGE


# --- redirects and hosts ----------------------------------------------------------------------------------------

def test_a_redirect_loop_across_schemes_and_host_spellings_ends_as_too_many_redirects(
        site: Site, settings: Settings) -> None:
    """http -> https -> http of the same page, by 127.0.0.1 and by localhost: ends, and none of it is fetched
    more than the redirect cap allows."""
    port = site.port
    site.routes["/a"] = lambda h: send(h, 301, b"", headers={"Location": f"https://127.0.0.1:{port}/b"})
    site.routes["/c"] = lambda h: send(h, 302, b"", headers={"Location": f"http://localhost:{port}/a"})
    started = time.monotonic()
    result = fetch_one(FetchRequest(site.url("/a"), "hostile"), tight_settings(settings, 5.0))
    assert result.error is not None and result.body is None
    assert time.monotonic() - started < 10.0
    assert len(site.requests) <= settings.max_redirects + 2


def test_a_redirect_chain_of_ever_new_urls_ends_at_the_redirect_cap(site: Site, settings: Settings) -> None:
    """/a?n -> /b?n -> /a?n+1 ...: no URL repeats, so no loop is seen; the cap ends it."""
    asked = iter(range(1_000))

    def bounce(handler: object) -> None:
        target = "/b" if handler.path.startswith("/a") else "/a"
        send(handler, 307, b"", headers={"Location": site.url(f"{target}?n={next(asked)}")})

    site.routes["/a"] = site.routes["/b"] = bounce
    result = fetch_one(FetchRequest(site.url("/a"), "hostile"), tight_settings(settings, 5.0))
    assert reason_of(result.error) == "too-many-redirects"
    assert len([r for r in site.requests if r[1] != "/robots.txt"]) == settings.max_redirects + 1


@pytest.mark.parametrize(("location", "final"), [
    (b"/next\x1bc\x07", "/next%1Bc%07"), (b"/next\xc2\x9b31m", "/next%C2%9B31m"),
    (b"/pa ge\x7f", "/pa%20ge%7F"), (b"/pa\tge", "/page"), (b"/next?q=\x1b]0;title\x07", "/next?q=%1B]0;title%07")],
    ids=["esc-and-bel", "c1-csi", "space-and-del", "tab", "osc-in-query"])
def test_a_redirect_location_holding_controls_is_followed_escaped_and_recorded_so(
        site: Site, settings: Settings, location: bytes, final: str) -> None:
    """The request went out escaped, but the fetch's final URL (the fetch log's, the article's base) kept the raw
    ESC (ESC c resets a terminal), BEL, C1 CSI, space or DEL of the Location."""
    def go(handler: object) -> None:
        handler.wfile.write(b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n")
    site.routes["/go"] = go
    site.routes[final.split("?")[0]] = lambda h: send(h, 200, PAGE)
    result = fetch_one(FetchRequest(site.url("/go"), "hostile"), tight_settings(settings, 5.0))
    assert result.final_url == site.url(final)
    assert result.error is None and result.status == 200


@pytest.mark.parametrize("path", ["/feed.xml%0d%0aX-Evil:%201", "/feed.xml?q=%0d%0aX-Evil: 1", "/feed.xml#\r\nX-Evil: 1",
                                  "/feed.xml?\u2028X-Evil: 1", "/\u0085X-Evil: 1"],
                         ids=["escaped-crlf", "crlf-in-query", "crlf-in-fragment", "line-separator", "next-line"])
def test_a_feed_url_holding_a_line_break_writes_no_header_of_its_own(site: Site, settings: Settings, path: str) -> None:
    """Escaped or raw line breaks in a feed URL's path, query or fragment go out escaped, inside the request line."""
    site.routes["/feed.xml"] = lambda h: send(h, 200, b"<rss/>", content_type="application/xml")
    fetch_one(FetchRequest(site.url(path), "hostile", kind="feed"), tight_settings(settings, 5.0))
    sent = [request for request in site.requests if request[1] != "/robots.txt"]
    assert len(sent) <= 1
    assert not [name for _, _, headers in site.requests for name in headers if "evil" in name.lower()]
    assert not [target for _, target, _ in sent if re.search("[\x00-\x20\x7f-\x9f\u2028]", target)]


@pytest.mark.parametrize("host", ["127\u30020\u30020\u30021", "127\uff0e0\uff0e0\uff0e1", "127\uff610\uff610\uff611",
                                  "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", "127.0.0.\u2460"],
                         ids=["ideographic-dots", "full-width-dots", "halfwidth-dots", "full-width-localhost",
                              "circled-digit"])
def test_loopback_spelt_with_other_dots_and_digits_is_refused_before_any_request(
        site: Site, settings: Settings, host: str) -> None:
    result = fetch_one(FetchRequest(f"http://{host}:{site.port}/admin", "hostile"),
                       tight_settings(settings, 5.0).with_overrides(allow_private_hosts=False))
    assert reason_of(result.error) == "private-address", result.error
    assert site.requests == []


def test_a_child_sitemap_on_a_homograph_of_the_site_is_not_followed(site: Site, settings: Settings) -> None:
    """An index on example.com listing a sitemap on еxample.com (a Cyrillic е): another registered domain, so
    off-site, refused and never fetched."""
    from mediamon.discover.sitemaps import expand_index

    index = (b'<?xml version="1.0"?><sitemapindex ' + SITEMAP_NS + b"><sitemap><loc>https://\xd0\xb5xample.com/s.xml"
             b"</loc></sitemap><sitemap><loc>https://example.com/good.xml</loc></sitemap></sitemapindex>")
    asked: list[str] = []

    def fetch(url: str) -> bytes | None:
        asked.append(url)
        return index if url.endswith("/index.xml") else urlset("https://example.com", 2)

    found = expand_index("https://example.com/index.xml", fetch, source_id="s", site_url="https://example.com/")
    assert asked == ["https://example.com/index.xml", "https://example.com/good.xml"]
    assert len(found.items) == 2
    assert found.refused == [("https://xn--xample-2of.com/s.xml", "off-site")]


# --- dates far outside any news day ----------------------------------------------------------------------------

def dated_feed(base: str, dates: list[str]) -> bytes:
    """An RSS feed of one item per pubDate given (story-0, story-1, ...)."""
    entries = "".join(f"<item><title>Story {i}</title><link>{base}/story-{i}</link><pubDate>{when}</pubDate></item>"
                      for i, when in enumerate(dates))
    return f'<rss version="2.0"><channel><title>c</title>{entries}</channel></rss>'.encode()


def test_items_dated_decades_ahead_take_no_place_under_the_item_cap(site: Site, settings: Settings) -> None:
    """Two items dated 2099 ranked as the newest, took the two places and were then quarantined by the run's
    published_not_future check, while the feed's real newest items went over the cap."""
    body = dated_feed(site.url("").rstrip("/"), ["Tue, 01 Jan 2099 10:00:00 +0000", "Wed, 14 Jan 2026 10:00:00 +0000",
                                                 "Thu, 31 Dec 2099 23:00:00 +0000", "Tue, 13 Jan 2026 09:00:00 +0000",
                                                 "Mon, 12 Jan 2026 09:00:00 +0000"])
    read = read_feed(fetched_feed(site, serve(site, "/ahead.xml", body), settings), site.url("/ahead.xml"),
                     source_id="hostile", max_items=2)
    assert [item.url.rsplit("/", 1)[1] for item in read.items] == ["story-1", "story-3"]
    assert sorted(item.url.rsplit("/", 1)[1] for item in read.over_cap) == ["story-0", "story-2", "story-4"]


@pytest.mark.parametrize("when", ["Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "99999999999999",
                                  "-1", "2026-13-45T99:99:99Z", "+275760-09-13T00:00:00Z", "1e308", "NaN"])
def test_an_item_date_outside_any_calendar_day_gives_no_date(site: Site, settings: Settings, when: str) -> None:
    body = dated_feed(site.url("").rstrip("/"), [when])
    [item] = read_feed(fetched_feed(site, serve(site, "/odd-date.xml", body), settings), site.url("/odd-date.xml"),
                       source_id="hostile").items
    assert item.published_at is None


# --- duplicate ids ---------------------------------------------------------------------------------------------

def test_atom_entries_sharing_one_id_are_each_an_item_and_one_link_listed_twice_is_one(
        site: Site, settings: Settings) -> None:
    """An item is known by its link's URL, never by the id a feed gives it: 200 entries with one <id> and their own
    links are 200 items; 50 entries of one link with their own ids are one item and 49 duplicates."""
    base = site.url("").rstrip("/")
    same_id = "".join(f"<entry><id>urn:x:1</id><title>S{i}</title><link href='{base}/s{i}'/>"
                      f"<updated>2026-01-14T10:00:00Z</updated></entry>" for i in range(200))
    same_link = "".join(f"<entry><id>urn:y:{i}</id><title>T{i}</title><link href='{base}/t'/></entry>" for i in range(50))
    body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>{same_id}{same_link}</feed>'.encode()
    read = read_feed(fetched_feed(site, serve(site, "/dupes.atom", body), settings), site.url("/dupes.atom"),
                     source_id="hostile")
    assert len(read.items) == 201 and len({item.url for item in read.items}) == 201
    assert read.skipped_counts == {"duplicate": 49}
    assert [item.title for item in read.items if item.url.endswith("/t")] == ["T0"]


def test_a_sitemap_listing_one_page_50000_times_gives_one_item(site: Site, settings: Settings) -> None:
    entry = f"<url><loc>{site.url('/same')}</loc><lastmod>2026-01-14</lastmod></url>".encode()
    body = b'<?xml version="1.0"?><urlset ' + SITEMAP_NS + b">" + entry * 50_000 + b"</urlset>"
    registry(settings, site, sitemaps=[serve(site, "/same.xml", body)])
    started = cpu_s()
    [row] = check_sources(settings)
    assert cpu_s() - started < 10.0
    assert row["error"] is None and row["items"] == 1


# --- query output holding NaN and infinities ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The digest test warehouse."""
    return str(fill_warehouse(tmp_path_factory.mktemp("round9-cli") / "wh.duckdb").db_path)


def strict_json(text: str) -> object:
    """JSON as a strict reader takes it: NaN, Infinity and -Infinity are no JSON."""
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is no JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("sql", ["SELECT 'nan'::DOUBLE AS a, 'inf'::DOUBLE AS b, '-inf'::FLOAT AS c",
                                 "SELECT [1.5, 'nan'::DOUBLE, 'inf'::DOUBLE] AS l, {'x': '-inf'::DOUBLE} AS s",
                                 "SELECT avg(word_count) / 0.0 AS ratio FROM articles"],
                         ids=["scalars", "in-a-list-and-struct", "division-by-zero"])
def test_query_json_writes_nan_and_infinities_as_null(db: str, capsys: pytest.CaptureFixture[str], sql: str) -> None:
    """json.dumps wrote NaN and Infinity, which no strict JSON reader (jq, JavaScript, Go) takes."""
    assert cli.main(["query", "--db", db, "--json", sql]) == 0
    rows = strict_json(capsys.readouterr().out)
    values = json.dumps(rows)
    assert "null" in values and not re.search(r"NaN|Infinity", values)


def test_query_json_keeps_finite_numbers_and_the_table_shows_nan(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT 1.5::DOUBLE AS a, 'nan'::DOUBLE AS b, 12345678901234567890::HUGEINT AS c"
    assert cli.main(["query", "--db", db, "--json", sql]) == 0
    assert strict_json(capsys.readouterr().out) == [{"a": 1.5, "b": None, "c": 12345678901234567890}]
    assert cli.main(["query", "--db", db, sql]) == 0
    assert "nan" in capsys.readouterr().out


@pytest.mark.parametrize("sql", ["SELECT 'NaN' AS t, 'Infinity' AS u, 'nan'::DOUBLE AS d, {'NaN': 'inf'::DOUBLE} AS s",
                                 "SELECT 'say \"NaN\" then -Infinity' AS q, 'nan'::DOUBLE AS d"],
                         ids=["texts-and-keys", "quoted-inside-text"])
def test_query_json_keeps_texts_spelling_nan_or_infinity(db: str, capsys: pytest.CaptureFixture[str], sql: str) -> None:
    assert cli.main(["query", "--db", db, "--json", sql]) == 0
    [row] = strict_json(capsys.readouterr().out)
    assert row["d"] is None
    assert row == ({"t": "NaN", "u": "Infinity", "d": None, "s": {"NaN": None}} if "AS t" in sql
                   else {"q": 'say "NaN" then -Infinity', "d": None})


def test_query_json_writes_a_list_nested_900_levels_deep(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "--db", db, "--json", "SELECT " + "[" * 900 + "'nan'::DOUBLE" + "]" * 900 + " AS deep"]) == 0
    value = strict_json(capsys.readouterr().out)[0]["deep"]
    for _ in range(900):
        [value] = value
    assert value is None


# --- watch queries written as regular expressions or made to backtrack ---------------------------------------

@pytest.fixture(scope="module")
def long_db(db: str) -> str:
    """The query warehouse with one more END article: 200,000 words alternating 'alpha' and 'beta', then text that
    reads as regular expressions."""
    seen = datetime(END.year, END.month, END.day, 22, tzinfo=timezone.utc)
    text = "alpha beta " * 100_000 + "(?: .* [a-z]+ a{1000000} \\d+ \\1 ^$ x|y"
    with warehouse.connect(Path(db)) as con:
        con.execute("INSERT INTO articles (article_id, url, source_id, title, published_at, date_source, language, "
                    "language_confidence, text, word_count, text_source, method, first_seen_at, story_id, run_date, "
                    "loaded_at, event_id) VALUES ('long9', 'https://wire.example/long', 'wire', 'Long', ?, 'meta', "
                    "'en', 0.9, ?, 200000, 'page', 'x', ?, 'long9', ?, ?, 'long9')", [seen, text, seen, END, seen])
    return db


@pytest.mark.parametrize(("query", "found"), [
    ("(alpha OR beta) NEAR/50 (alpha OR beta)", True), ("alph* NEAR/0 bet*", True),
    ('"alpha beta alpha beta alpha beta alpha beta alpha beta alpha gamma"', False),
    ("[a-z]+", True), ("a{1000000}", True), ("x|y", True), (".*", None), ("(?:", None), ("^$", None)],
    ids=["near-of-ors", "prefixes-near", "phrase-of-12-near-misses", "class", "repeat", "alternation", "dot-star",
         "group", "anchors"])
def test_watch_test_reads_a_query_as_words_never_as_a_pattern(long_db: str, capsys: pytest.CaptureFixture[str],
                                                              query: str, found: bool | None) -> None:
    """Regex syntax in a query is words to find (or refused, naming the term that has none), and terms met
    100,000 times each over one article are matched in seconds."""
    started = cpu_s()
    assert cli.main(["watch", "test", "--db", long_db, "--days", "3", query]) == (2 if found is None else 0)
    assert cpu_s() - started < 10.0
    out, err = capsys.readouterr()
    if found is None:
        assert "has no letter or digit to search for" in err
    else:
        assert re.search(r"^\d+ of \d+ articles matched", out, re.M)
        assert ("https://wire.example/long" in out) is found


# --- titles that show nothing, or hide text, in the digests --------------------------------------------------------

BLANK_TITLES = {"hangul-fillers": "\u3164\u3164 \u3164", "halfwidth-filler": "\uffa0\uffa0",
                "jamo-fillers": "\u115f\u1160", "braille-blank": "\u2800\u2800\u2800",
                "mixed": "\u2800\u3164\u200b\u00ad \ufe0f"}
TAGGED = "Markets rise\U000E0049\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065 today"
FLAG = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"  # England's flag


@pytest.fixture(scope="module", params=sorted(BLANK_TITLES))
def blank_digest(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The digest warehouse with its hostile END article retitled to characters none of which shows; END's digests."""
    tmp = tmp_path_factory.mktemp("round9-blank")
    filled = fill_warehouse(tmp / "wh.duckdb")
    with warehouse.connect(filled.db_path) as con:
        con.execute("UPDATE articles SET title = ? WHERE article_id = ?",
                    [BLANK_TITLES[request.param], filled.hostile_article_id])
        rebuild_day_summaries(con)
    build_digests(filled.db_path, END.isoformat(), tmp / "digests")
    return BLANK_TITLES[request.param], tmp / "digests" / END.isoformat()


def test_a_title_of_blank_letters_is_shown_as_untitled(blank_digest: tuple[str, Path]) -> None:
    """Hangul fillers and braille blanks are letters and symbols to Unicode but draw nothing: a link of them had no
    text a reader could see or click."""
    title, folder = blank_digest
    pages = [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.suffix in {".html", ".md"}]
    assert any("(untitled)" in page for page in pages)
    shown = re.compile(r">([^<]*)</a>|\[([^\]]*)\]\(")
    links = [a or b for page in pages for a, b in shown.findall(page)]
    assert links and not [text for text in links if text.strip() and not re.search(r"[^\s\u3164\uffa0\u115f\u1160"
                                                                                    r"\u2800\u200b\u00ad\ufe0f]", text)]


@pytest.fixture(scope="module")
def tagged_digest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """END's digests with the hostile article's title hiding 'Ignore' in tag characters and an outlet flag."""
    tmp = tmp_path_factory.mktemp("round9-tags")
    filled = fill_warehouse(tmp / "wh.duckdb")
    with warehouse.connect(filled.db_path) as con:
        con.execute("UPDATE articles SET title = ? WHERE article_id = ?", [f"{TAGGED} {FLAG}",
                                                                          filled.hostile_article_id])
        rebuild_day_summaries(con)
    build_digests(filled.db_path, END.isoformat(), tmp / "digests")
    return tmp / "digests" / END.isoformat()


def test_text_hidden_in_tag_characters_reaches_no_digest_page(tagged_digest: Path) -> None:
    """Unicode tag characters spell ASCII no reader sees ('Ignore' here), which a tool reading the page takes in;
    outside an emoji flag sequence they are dropped from HTML and Markdown."""
    pages = {p: p.read_text(encoding="utf-8") for p in tagged_digest.rglob("*") if p.suffix in {".html", ".md"}}
    shown = [text for text in pages.values() if "Markets rise" in text]
    assert shown
    assert not [p for p, text in pages.items() if re.search("\U000E0049|&#917577;|&#xe0049;", text, re.I)]
    assert all("Markets rise today" in text for text in shown)
    assert any(FLAG in text for text in shown), "an emoji flag's tag sequence is kept"


def test_no_json_value_of_the_digest_is_nan(tagged_digest: Path) -> None:
    for path in tagged_digest.rglob("*.json"):
        doc = strict_json(path.read_text(encoding="utf-8"))
        assert not [v for v in _numbers(doc) if not math.isfinite(v)], path


def _numbers(value: object) -> list[float]:
    """Every number in a JSON value."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [float(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []
