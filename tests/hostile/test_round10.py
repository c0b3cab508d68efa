"""Red-team outside input, tenth round: kinds no earlier round sent. Query results whose column names are outside text
(a PIVOT on article titles names its columns after them) or repeat a name (a join of two tables holding one column);
WARC records whose Content-Length lies (cut short, longer, zero, 10^15); an article whose text is one word of 5 MB,
where watch terms occur at every other letter; feed entries whose link leads back to the feed (an empty href, a bare
fragment); redirects giving their Location twice; Content-Type headers of megabytes; robots.txt files past the 512
KiB read, with the cap cutting a rule, with lines ended by carriage returns, or of 20,000 wildcard rules; floods of
Set-Cookie; Retry-After dates far ahead or long past; 304 answers without a copy to reuse; xml:base of javascript:,
data: and file:; feeds whose byte order mark, header and declaration disagree or name codecs that are no text
encoding (rot13, base64, hex, zlib); watches.yaml of nested aliases and watch names holding joiners, overrides or
combining marks; sources.yaml ids differing only by Unicode normalisation, and of 10,000 sources. Every case runs the
real parts: the fetcher against a real HTTP server on 127.0.0.1 (tests/support), the feed reader and WARC reader on
what it fetched and wrote, the command line on a real DuckDB warehouse, and the real configuration readers on real
files."""
from __future__ import annotations

import gzip
import json
import logging
import re
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

import mediamon.cli as cli
from mediamon import warehouse
from mediamon.discover.check import check_sources
from mediamon.discover.feeds import read_feed
from mediamon.discover.sources import load_sources
from mediamon.errors import ConfigError
from mediamon.fetch import fetch_one, reason_of
from mediamon.fetch.archive import WarcWriter, read_warc
from mediamon.fetch.replay import replay_requests
from mediamon.fetch.robots import ROBOTS_MAX_BYTES
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from mediamon.watches.config import load_watches
from tests.integration.digest_warehouse import END, HOSTILE_TITLE
from tests.support.cli import TERMINAL_ACTS_ON, digest_db_fixture, run_cli
from tests.support.raw_routes import raw_route
from tests.support.server import Site, send

db = digest_db_fixture("round10-cli")  # its last day holds a title with U+202E, a BEL and ESC [ 31 m


# --- column names that are outside text -------------------------------------------------------------------------

PIVOT_ON_TITLE = "PIVOT (SELECT title FROM articles WHERE title LIKE '%DROP TABLE%') ON title USING count(*)"


def test_a_column_named_after_a_hostile_title_prints_no_terminal_controls(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """PIVOT names its columns after the values it pivots on: the title's ESC [ 31 m, BEL and U+202E reached the
    terminal in the table's header line, which the values below it never let through."""
    code, out, err = run_cli(capsys, "query", "--db", db, PIVOT_ON_TITLE)
    assert code == 0 and err == ""
    header, value, footer = out.split("\n")[:3]
    assert not TERMINAL_ACTS_ON.search(out), repr(out)
    assert header.startswith("<script>alert('x')</script> Protest \ufffdevil\ufffd in Almaty\ufffd\ufffd[31m")
    assert len(header) <= cli.MAX_CELL_CHARS and header.endswith(cli.CUT_MARK)
    assert value == "1" and footer.startswith("(1 row; values over 80 characters are cut")


def test_a_column_named_after_a_hostile_title_keeps_its_name_whole_in_json(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "--db", db, PIVOT_ON_TITLE, "--json")
    assert code == 0 and json.loads(out) == [{HOSTILE_TITLE: 1}]
    assert not TERMINAL_ACTS_ON.search(out), repr(out)


# --- column names given twice -----------------------------------------------------------------------------------

JOIN_OF_TWO_TITLES = ("SELECT a.title, b.title FROM (SELECT 'first' AS title) a, (SELECT 'second' AS title) b")


def test_two_columns_of_one_name_each_keep_their_own_values(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A join of two tables holding the same column: the rows were dicts by name, so the table printed the second
    column's value under both names and the JSON lost the first column."""
    code, out, _ = run_cli(capsys, "query", "--db", db, JOIN_OF_TWO_TITLES)
    assert code == 0
    assert out.split("\n")[:2] == ["title  title_1", "first  second"]
    code, out, _ = run_cli(capsys, "query", "--db", db, JOIN_OF_TWO_TITLES, "--json")
    assert code == 0 and json.loads(out) == [{"title": "first", "title_1": "second"}]


def test_a_suffix_never_takes_the_name_of_a_later_column(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "--db", db, "SELECT 1 AS a, 2 AS a, 3 AS a_1, 4 AS A", "--json")
    assert code == 0 and json.loads(out) == [{"a": 1, "a_2": 2, "a_1": 3, "A": 4}]


# --- WARC records whose Content-Length lies ---------------------------------------------------------------------

def story(i: int) -> bytes:
    """An article page of the site."""
    words = " ".join(f"harbour{i}w{j}" for j in range(300))
    return f"<html><head><title>Story {i}</title></head><body><article><p>{words}.</p></article></body></html>".encode()


def fetched_warc_members(site: Site, settings: Settings, path: Path, pages: int = 5) -> list[bytes]:
    """The gzip members of a WARC the fetcher's results of `pages` pages of the site were written to: a request
    member then a response member per page."""
    with WarcWriter(path) as writer:
        for i in range(pages):
            site.routes[f"/story-{i}"] = lambda handler, i=i: send(handler, 200, story(i),
                                                                   content_type="text/html; charset=utf-8")
            result = fetch_one(FetchRequest(site.url(f"/story-{i}"), "hostile"), settings)
            assert result.error is None and result.body == story(i)
            writer.write_result(result)
    data, members, offset = path.read_bytes(), [], 0
    while offset < len(data):
        rest = zlib.decompressobj(31)
        rest.decompress(data[offset:])
        members.append(data[offset:len(data) - len(rest.unused_data)])
        offset += len(members[-1])
    assert len(members) == 2 * pages
    return members


def with_warc_length(member: bytes, length: object) -> bytes:
    """The member with its record's WARC Content-Length replaced by length (a function of the true one)."""
    record = gzip.decompress(member)
    head, _, block = record.partition(b"\r\n\r\n")
    true = int(re.search(rb"\r\nContent-Length: (\d+)", head).group(1))
    lied = re.sub(rb"(\r\nContent-Length: )\d+", lambda m: m.group(1) + str(length(true)).encode(), head, count=1)
    return gzip.compress(lied + b"\r\n\r\n" + block)


LYING_LENGTHS = {"half": lambda n: n // 2, "short-by-one": lambda n: n - 1, "zero": lambda n: 0,
                 "longer-by-5000": lambda n: n + 5000, "10^15": lambda n: 10**15}


@pytest.mark.parametrize("lie", LYING_LENGTHS)
def test_a_record_whose_content_length_lies_is_skipped_naming_the_file(
        site: Site, settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture, lie: str) -> None:
    """warcio reads a record's block by its length: a length cut short gave the page cut there as a 200 (half the
    page's words, or the body without its last byte), a longer one the page with the member's closing blank lines
    appended, 0 an empty body without a status, and only warcio's own line on stderr said anything."""
    members = fetched_warc_members(site, settings, tmp_path / "fetched.warc.gz")
    members[3] = with_warc_length(members[3], LYING_LENGTHS[lie])  # page 1's response
    path = tmp_path / "lying.warc.gz"
    path.write_bytes(b"".join(members))
    with caplog.at_level(logging.WARNING, logger="mediamon.fetch.archive"):
        results = list(read_warc(path))
    assert [r.url for r in results] == [site.url(f"/story-{i}") for i in (0, 2, 3, 4)]
    assert all(r.body == story(int(r.url[-1])) for r in results)
    warnings = [r.getMessage() for r in caplog.records]
    assert any("lying.warc.gz: response record at byte" in w and "Content-Length" in w for w in warnings), warnings


def test_a_replay_records_the_page_of_a_lying_record_as_not_archived(
        site: Site, settings: Settings, tmp_path: Path) -> None:
    members = fetched_warc_members(site, settings, tmp_path / "fetched.warc.gz")
    members[3] = with_warc_length(members[3], LYING_LENGTHS["half"])
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "pages-0.warc.gz").write_bytes(b"".join(members))
    requests = [FetchRequest(site.url(f"/story-{i}"), "hostile") for i in range(5)]
    results = replay_requests(requests, archive, tmp_path / "replayed.warc.gz")
    assert [r.error for r in results] == [None, "not-archived", None, None, None]
    assert [r.body == story(i) for i, r in enumerate(results)] == [True, False, True, True, True]


def test_records_whose_lengths_are_true_are_all_read(site: Site, settings: Settings, tmp_path: Path) -> None:
    members = fetched_warc_members(site, settings, tmp_path / "fetched.warc.gz")
    members[3] = with_warc_length(members[3], lambda n: n)  # the same length, written again
    path = tmp_path / "true.warc.gz"
    path.write_bytes(b"".join(members))
    assert [r.body for r in read_warc(path)] == [story(i) for i in range(5)]


# --- an article of one 5 MB word ----------------------------------------------------------------------------------

ONE_WORD = "ai" * 2_600_000  # 5.2 MB without a space


@pytest.fixture(scope="module")
def word_db(db: str) -> str:
    """The query warehouse with one more article on its last day: a text of one 5 MB word."""
    seen = datetime(END.year, END.month, END.day, 22, tzinfo=timezone.utc)
    with warehouse.connect(Path(db)) as con:
        con.execute("INSERT INTO articles (article_id, url, source_id, title, published_at, date_source, language, "
                    "language_confidence, text, word_count, text_source, method, first_seen_at, story_id, run_date, "
                    "loaded_at, event_id) VALUES ('word10', 'https://wire.example/one-word', 'wire', 'Chip news', "
                    "?, 'meta', 'en', 0.9, ?, 1, 'page', 'x', ?, 'word10', ?, ?, 'word10')", [seen, ONE_WORD, seen,
                                                                                             END, seen])
    return db


@pytest.mark.parametrize(("query", "found"), [
    ("AI OR A.I. OR aia OR iai OR aiai OR iaia OR ai-ai OR i.a.", False),
    ('"AI ai" OR "a i a" OR AI NEAR/3 ai OR iai NEAR/0 aia', False),
    ("iai OR aiai*", True)],
    ids=["eight-pieces-of-the-word", "phrases-and-near", "prefix-of-the-word"])
def test_terms_met_inside_one_5_mb_word_are_matched_in_a_second(
        word_db: str, capsys: pytest.CaptureFixture[str], query: str, found: bool) -> None:
    """A term is looked for where its first word occurs; inside one word of 5 MB that may be at every other letter,
    and a match was tried at each: the eight pieces of the word took 4.5 s of CPU over this one article, for a word
    no term can start in the middle of. Only the prefix aiai* matches, at the word's start."""
    started = time.process_time()
    assert cli.main(["watch", "test", "--db", word_db, "--days", "1", query]) == 0
    spent = time.process_time() - started
    out, _ = capsys.readouterr()
    assert ("https://wire.example/one-word" in out) is found
    assert spent < 1.5, f"{spent:.1f} s of CPU"


# --- feed entries whose link leads back to the feed ---------------------------------------------------------------

def atom_feed(links: list[str]) -> bytes:
    """An Atom feed of one entry per link, each dated and summarised."""
    entries = "".join(f'<entry><id>urn:story:{i}</id><title>Story {i}</title><link href="{link}"/>'
                      f"<updated>2026-01-14T10:00:00Z</updated><summary>Summary {i}</summary></entry>"
                      for i, link in enumerate(links))
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Daily</title>{entries}</feed>'.encode()


def serve_feed(site: Site, body: bytes, content_type: str = "application/atom+xml") -> str:
    """Serve body at /feed.xml; its URL."""
    site.routes["/feed.xml"] = lambda handler: send(handler, 200, body, content_type=content_type)
    return site.url("/feed.xml")


@pytest.mark.parametrize("link", ["", "#top", "feed.xml", "/feed.xml#latest"])
def test_an_entry_whose_link_leads_back_to_the_feed_is_skipped_as_no_link(
        site: Site, settings: Settings, link: str) -> None:
    """An empty href, a bare fragment or the feed's own path resolve to the feed's URL: it was planned as an article,
    fetched as a page and quarantined as not-html, and every other such entry was skipped as its 'duplicate'."""
    url = serve_feed(site, atom_feed([link, site.url("/story-1"), link]))
    result = fetch_one(FetchRequest(url, "hostile", kind="feed"), settings)
    read = read_feed(result.body, url, source_id="hostile", content_type=result.content_type)
    assert [item.url for item in read.items] == [site.url("/story-1")]
    assert read.skipped_counts == {"no-link": 2}
    assert all("is the feed itself" in entry.reason for entry in read.skipped)


def test_sources_check_counts_entries_leading_back_to_the_feed_as_no_link(site: Site, settings: Settings) -> None:
    url = serve_feed(site, atom_feed(["", site.url("/story-1"), "#top", site.url("/story-2")]))
    settings.sources_path.write_text(
        f"sources:\n  - id: hostile\n    name: Hostile\n    homepage: '{site.url('/')}'\n    country: US\n"
        f"    language: en\n    feeds: ['{url}']\n", encoding="utf-8")
    [row] = check_sources(settings)
    assert row["error"] is None and row["items"] == 2
    assert row["skipped"] == "2 items skipped: no-link 2"


def test_an_entry_linking_to_another_feed_of_the_site_is_still_an_item(site: Site, settings: Settings) -> None:
    url = serve_feed(site, atom_feed([site.url("/other-feed.xml"), site.url("/feed.xml?page=2")]))
    read = read_feed(fetch_one(FetchRequest(url, "hostile", kind="feed"), settings).body, url, source_id="hostile")
    assert [item.url for item in read.items] == [site.url("/other-feed.xml"), site.url("/feed.xml?page=2")]


# --- redirects giving their Location twice ------------------------------------------------------------------------

PAGE = b"<html><head><title>Hello</title></head><body><p>Hello there, reader.</p></body></html>"


def redirect_with(*locations: str) -> object:
    """A route answering 302 with these Location header lines, then closing."""
    return raw_route("302 Found", [("Location", location) for location in locations], b"")


def test_a_location_given_twice_alike_is_followed(site: Site, settings: Settings) -> None:
    """The copies of a header were joined with ', ' into one URL: '/story, http://.../story' was requested and ended
    http-404; browsers follow a Location repeated with one value."""
    site.routes["/story"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    site.routes["/moved"] = redirect_with(site.url("/story"), site.url("/story"))
    result = fetch_one(FetchRequest(site.url("/moved"), "hostile"), settings)
    assert result.error is None and result.status == 200
    assert result.final_url == site.url("/story") and result.body == PAGE


def test_two_different_locations_are_a_bad_url_naming_both(site: Site, settings: Settings) -> None:
    """Which one the server meant cannot be known (browsers refuse such a redirect); the joined text was requested
    as one URL and ended http-404."""
    site.routes["/story"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    site.routes["/moved"] = redirect_with(site.url("/story"), "/elsewhere")
    result = fetch_one(FetchRequest(site.url("/moved"), "hostile"), settings)
    assert reason_of(result.error) == "bad-url"
    assert "2 different Locations" in result.error and "/elsewhere" in result.error
    assert [path for _, path, _ in site.requests if path != "/robots.txt"] == ["/moved"]


def test_a_robots_txt_redirect_giving_two_locations_allows_the_site(site: Site, settings: Settings) -> None:
    """Like a redirect whose Location cannot be read: no robots.txt is reached, so nothing is disallowed (RFC 9309
    2.3.1.2); the page is fetched."""
    site.routes["/robots.txt"] = redirect_with("/rules-a.txt", "/rules-b.txt")
    site.routes["/rules-a.txt"] = lambda handler: send(handler, 200, b"User-agent: *\nDisallow: /\n",
                                                       content_type="text/plain")
    site.routes["/story"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    result = fetch_one(FetchRequest(site.url("/story"), "hostile"), settings)
    assert result.error is None and result.robots == "unavailable" and result.body == PAGE


# --- Content-Type headers of megabytes ----------------------------------------------------------------------------

def page_with_content_types(values: list[str], body: bytes) -> object:
    """A route answering 200 with one Content-Type header line per value, then closing."""
    return raw_route("200 OK", [("Content-Type", value) for value in values], body)


def test_a_content_type_of_megabytes_is_kept_cut_and_the_page_read(site: Site, settings: Settings,
                                                                     tmp_path: Path) -> None:
    """95 Content-Type lines of 60 KB each (the most http.client reads): the result kept all 5.7 MB, written to the
    fetch log's row of every such page. The cut value is archived and read back as it is."""
    value = "text/html; charset=utf-8; x=" + "a" * 60_000
    site.routes["/padded"] = page_with_content_types([value] * 95, PAGE)
    result = fetch_one(FetchRequest(site.url("/padded"), "hostile"), settings)
    assert result.error is None and result.body == PAGE and "Hello there, reader." in result.text
    assert len(result.content_type) == 256 and result.content_type.startswith("text/html; charset=utf-8; x=aaa")
    assert result.content_type.endswith("...")
    with WarcWriter(tmp_path / "cut.warc.gz") as writer:
        writer.write_result(result)
    [archived] = list(read_warc(tmp_path / "cut.warc.gz"))
    assert archived.content_type == result.content_type and "Hello there, reader." in archived.text


def test_a_charset_after_a_long_parameter_still_decodes_the_page(site: Site, settings: Settings) -> None:
    body = "<html><head><title>Кремль</title></head><body><p>Кремль и город.</p></body></html>".encode("cp1251")
    site.routes["/late-charset"] = page_with_content_types([f"text/html; x={'b' * 2_000}; charset=windows-1251"], body)
    result = fetch_one(FetchRequest(site.url("/late-charset"), "hostile"), settings)
    assert result.error is None and "Кремль и город." in result.text and len(result.content_type) == 256


def test_a_content_type_of_ordinary_length_is_kept_whole(site: Site, settings: Settings) -> None:
    site.routes["/plain"] = page_with_content_types(["text/html; charset=UTF-8"], PAGE)
    assert fetch_one(FetchRequest(site.url("/plain"), "hostile"), settings).content_type == "text/html; charset=UTF-8"


# --- robots.txt past the size the crawler reads -------------------------------------------------------------------

def robots_cut_in(rule: bytes, cut_after: int, newline: bytes = b"\n") -> bytes:
    """A robots.txt for every agent whose `rule` line starts so that the read cap falls after its first cut_after
    bytes, padded before it with comment lines; more rules follow it. Its lines end in `newline`."""
    head = b"User-agent: *" + newline + b"Disallow: /admin/" + newline
    pad = ROBOTS_MAX_BYTES - cut_after - len(head)
    line = b"# " + b"x" * (99 - len(newline)) + newline
    padding = line * (pad // len(line)) + b"#" * (pad % len(line) - len(newline)) + newline
    body = head + padding + rule + newline + (b"Disallow: /tmp/" + newline) * 1000
    assert body[:ROBOTS_MAX_BYTES].endswith(rule[:cut_after])
    return body


@pytest.mark.parametrize(("rule", "cut_after"), [(b"Disallow: /private/", len(b"Disallow: /")),
                                                 (b"Disallow: /*.pdf$", len(b"Disallow: /*")),
                                                 (b"Allow: /private/open/", len(b"Allow: /priv"))],
                         ids=["disallow-cut-to-slash", "wildcard-cut-to-star", "allow-cut"])
def test_a_rule_cut_by_the_read_cap_is_left_out_not_read_shorter(
        site: Site, settings: Settings, rule: bytes, cut_after: int) -> None:
    """A robots.txt over 512 KiB is read to the cap; the line the cap cut was parsed as it stood, so
    'Disallow: /private/' cut after 'Disallow: /' held back every page of the site as robots-disallowed."""
    body = robots_cut_in(rule, cut_after)
    site.routes["/robots.txt"] = lambda handler: send(handler, 200, body, content_type="text/plain")
    site.routes["/story"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    site.routes["/admin/page"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    story = fetch_one(FetchRequest(site.url("/story"), "hostile"), settings)
    assert story.error is None and story.robots == "allowed" and story.body == PAGE
    admin = fetch_one(FetchRequest(site.url("/admin/page"), "hostile"), settings)
    assert reason_of(admin.error) == "robots-disallowed"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr-alone"])
def test_rules_whose_lines_end_in_carriage_returns_still_apply_past_the_read_cap(
        site: Site, settings: Settings, newline: bytes) -> None:
    """Lines ended by CR alone are lines too: cutting back to the last LF would drop every rule."""
    body = robots_cut_in(b"Disallow: /private/", len(b"Disallow: /"), newline)
    site.routes["/robots.txt"] = lambda handler: send(handler, 200, body, content_type="text/plain")
    site.routes["/story"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    assert fetch_one(FetchRequest(site.url("/story"), "hostile"), settings).error is None
    admin = fetch_one(FetchRequest(site.url("/admin/page"), "hostile"), settings)
    assert reason_of(admin.error) == "robots-disallowed"


@pytest.mark.parametrize("ending", [b"", b"\n"], ids=["no-final-newline", "cap-at-a-line-end"])
def test_a_last_rule_ending_at_the_read_cap_still_applies(site: Site, settings: Settings, ending: bytes) -> None:
    """A robots.txt of exactly 512 KiB, or one whose line ends right at the cap, holds no cut line: its last rule
    applies (the whole file was read, or the byte past the cap ends the line)."""
    head, rule = b"User-agent: *\n", b"Disallow: /private/"
    pad = ROBOTS_MAX_BYTES - len(head) - len(rule)
    body = head + b"#" * (pad - 1) + b"\n" + rule + ending
    assert len(body[:ROBOTS_MAX_BYTES]) == ROBOTS_MAX_BYTES and body[:ROBOTS_MAX_BYTES].endswith(rule)
    site.routes["/robots.txt"] = lambda handler: send(handler, 200, body, content_type="text/plain")
    site.routes["/story"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    assert fetch_one(FetchRequest(site.url("/story"), "hostile"), settings).error is None
    private = fetch_one(FetchRequest(site.url("/private/page"), "hostile"), settings)
    assert reason_of(private.error) == "robots-disallowed"


# --- held: cases that already end as they should ------------------------------------------------------------------

def page_with_headers(status: str, headers: list[tuple[str, str]], body: bytes = PAGE) -> object:
    """A route answering with this status line, an HTML Content-Type, these header lines and body, then closing."""
    return raw_route(status, [("Content-Type", "text/html; charset=utf-8"), *headers], body)


def test_sixty_cookies_are_read_past_and_never_sent_back(site: Site, settings: Settings) -> None:
    cookies = [("Set-Cookie", f"track{i}={'v' * 200}; Path=/") for i in range(60)]
    site.routes["/cookies"] = page_with_headers("200 OK", cookies)
    site.routes["/next"] = page_with_headers("200 OK", [])
    assert fetch_one(FetchRequest(site.url("/cookies"), "hostile"), settings).body == PAGE
    assert fetch_one(FetchRequest(site.url("/next"), "hostile"), settings).body == PAGE
    assert not [headers for _, path, headers in site.requests if path == "/next" and "Cookie" in headers]


def test_a_flood_of_cookies_is_an_http_error_naming_it_and_the_next_page_is_fetched(
        site: Site, settings: Settings) -> None:
    site.routes["/flood"] = page_with_headers("200 OK", [("Set-Cookie", f"c{i}=1") for i in range(5_000)])
    site.routes["/next"] = page_with_headers("200 OK", [])
    flooded = fetch_one(FetchRequest(site.url("/flood"), "hostile"), settings)
    assert reason_of(flooded.error) == "http-error" and "more than 100 headers" in flooded.error
    assert fetch_one(FetchRequest(site.url("/next"), "hostile"), settings).body == PAGE


def test_a_retry_after_date_far_ahead_ends_the_url_without_waiting(site: Site, settings: Settings) -> None:
    site.routes["/busy"] = page_with_headers("503 Service Unavailable",
                                             [("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")])
    started = time.monotonic()
    result = fetch_one(FetchRequest(site.url("/busy"), "hostile"), settings.with_overrides(max_tries=3))
    assert result.error == "http-503: Retry-After longer than 120 s" and time.monotonic() - started < 5


def test_a_retry_after_date_in_the_past_is_retried_at_once(site: Site, settings: Settings) -> None:
    site.routes["/busy"] = page_with_headers("503 Service Unavailable",
                                             [("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT")])
    started = time.monotonic()
    result = fetch_one(FetchRequest(site.url("/busy"), "hostile"), settings.with_overrides(max_tries=3))
    assert result.error == "http-503: gave up after 3 tries" and time.monotonic() - started < 5
    assert [path for _, path, _ in site.requests].count("/busy") == 3


def test_a_304_for_a_feed_whose_copy_is_not_held_is_asked_again_without_validators(
        site: Site, settings: Settings) -> None:
    """The feed's ETag was kept but not its body's hash: the 304 is not trusted, the feed is asked unconditionally."""
    def route(handler: object) -> None:
        if handler.headers.get("If-None-Match"):
            page_with_headers("304 Not Modified", [("ETag", '"v1"')], b"")(handler)
        else:
            send(handler, 200, atom_feed([site.url("/story-1")]), content_type="application/atom+xml")
    site.routes["/feed.xml"] = route
    result = fetch_one(FetchRequest(site.url("/feed.xml"), "hostile", kind="feed", etag='"v1"'), settings)
    assert result.error is None and result.status == 200 and b"story-1" in result.body
    asked = [headers.get("If-None-Match") for _, path, headers in site.requests if path == "/feed.xml"]
    assert asked == ['"v1"', None]


def test_a_304_to_an_unconditional_request_is_an_http_error(site: Site, settings: Settings) -> None:
    site.routes["/story"] = page_with_headers("304 Not Modified", [], b"")
    assert fetch_one(FetchRequest(site.url("/story"), "hostile"), settings).error == "http-304"


def test_a_robots_txt_of_20000_wildcard_rules_judges_pages_in_bounded_time(site: Site, settings: Settings) -> None:
    """Every rule is read (under the cap), among them one of 30 wildcards that a regular expression would try to
    backtrack through on a path of 3,000 letters."""
    rules = "".join(f"Disallow: /p{i}/*x*y*z$\n" for i in range(20_000))
    body = f"User-agent: *\nDisallow: /{'*a' * 30}*b$\n{rules}".encode()
    assert len(body) < ROBOTS_MAX_BYTES
    site.routes["/robots.txt"] = lambda handler: send(handler, 200, body, content_type="text/plain")
    site.routes[f"/{'a' * 3000}"] = lambda handler: send(handler, 200, PAGE, content_type="text/html; charset=utf-8")
    started = time.process_time()
    result = fetch_one(FetchRequest(site.url(f"/{'a' * 3000}"), "hostile"), settings)
    assert result.error is None and result.robots == "allowed"
    assert time.process_time() - started < 5.0


@pytest.mark.parametrize("base", ["javascript:alert(1)//", "data:text/html,x/", "file:///etc/"])
def test_an_xml_base_of_another_scheme_gives_no_link_of_that_scheme(site: Site, settings: Settings, base: str) -> None:
    body = atom_feed(["story-1", site.url("/story-2")]).replace(b"<feed ", f'<feed xml:base="{base}" '.encode())
    url = serve_feed(site, body)
    read = read_feed(fetch_one(FetchRequest(url, "hostile", kind="feed"), settings).body, url, source_id="hostile")
    assert all(item.url.startswith(site.url("/")) for item in read.items)
    assert site.url("/story-2") in [item.url for item in read.items]


def test_a_watches_file_of_nested_aliases_is_refused_naming_the_line(tmp_path: Path) -> None:
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
    path = tmp_path / "watches.yaml"
    path.write_text(f"l0: &l0 lol\n{laughs}watches:\n  - name: laughs\n    query: '*l9'\n", encoding="utf-8")
    started = time.process_time()
    with pytest.raises(ConfigError, match=r"line 2.*aliases"):
        load_watches(path)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("name", ["kz\u200dprotests", "\U0001F469\u200d\U0001F4BB", "kz-\u202estsetorp",
                                  "cafe\u0301"])
def test_a_watch_name_holding_a_joiner_an_override_or_a_combining_mark_is_refused_escaped(
        tmp_path: Path, name: str) -> None:
    """A name heads the watch's digest section, alert and page: letters, digits, '-' and '_' only; the message
    shows the invisible characters as escapes."""
    path = tmp_path / "watches.yaml"
    path.write_text(f"watches:\n  - name: \"{name}\"\n    query: protest\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_watches(path)
    assert "field name" in str(raised.value) and not TERMINAL_ACTS_ON.search(str(raised.value))


def registry_entries(count: int, *, ids: list[str] | None = None) -> str:
    """A sources.yaml of count sources (their ids given, else s0, s1, ...)."""
    lines = ["sources:"]
    for i in range(count):
        lines += [f"  - id: {ids[i] if ids else f's{i}'}", f"    name: Source {i}",
                  f"    homepage: https://s{i}.example.com/", "    country: US", "    language: en",
                  f"    feeds: ['https://s{i}.example.com/feed.xml']"]
    return "\n".join(lines) + "\n"


def test_ids_differing_only_by_unicode_normalisation_are_each_refused_as_no_slug(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(registry_entries(2, ids=["caf\u00e9", "cafe\u0301"]), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_sources(path)
    assert "line 2: id 'caf\u00e9' is not a slug" in str(raised.value)
    assert "line 8: id 'cafe\u0301' is not a slug" in str(raised.value)


def test_a_registry_of_10000_sources_loads_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(registry_entries(10_000), encoding="utf-8")
    started = time.process_time()
    assert len(load_sources(path)) == 10_000
    assert time.process_time() - started < 20.0


TITLE = "Café Zürich — Кремль 東京"


def rss_declaring(encoding: str) -> str:
    """An RSS feed of one item titled TITLE whose XML declaration names encoding."""
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>c</title><item>'
            f"<title>{TITLE}</title><link>https://news.example.com/a</link></item></channel></rss>")


@pytest.mark.parametrize(("body", "content_type"), [
    (b"\xef\xbb\xbf" + rss_declaring("iso-8859-1").encode(), "application/xml; charset=windows-1251"),
    (("\ufeff" + rss_declaring("utf-8")).encode("utf-16-le"), "application/xml; charset=utf-8"),
    (rss_declaring("utf-8").encode(), "application/xml; charset=rot13"),
    (rss_declaring("utf-8").encode(), "application/xml; charset=base64"),
    (rss_declaring("utf-8").encode(), "application/xml; charset=hex"),
    (rss_declaring("utf-8").encode(), "application/xml; charset=zlib_codec"),
    (rss_declaring("rot13").encode(), "application/xml"),
    (rss_declaring("base64").encode(), "application/xml")],
    ids=["utf8-bom-over-latin1-and-cp1251", "utf16-bom-over-utf8", "header-rot13", "header-base64", "header-hex",
         "header-zlib", "declared-rot13", "declared-base64"])
def test_a_feed_whose_charsets_conflict_or_name_no_text_encoding_reads_its_title(
        site: Site, settings: Settings, body: bytes, content_type: str) -> None:
    """A byte order mark decides over the header and the declaration; Python codecs that are no text encoding
    (rot13, base64, hex, zlib) named by either are not applied."""
    url = serve_feed(site, body, content_type)
    result = fetch_one(FetchRequest(url, "hostile", kind="feed"), settings)
    [item] = read_feed(result.body, url, source_id="hostile", content_type=result.content_type).items
    assert item.title == TITLE
