"""Red-team outside input, ninth round: kinds no earlier round sent. Feeds whose items carry thousands of attributes,
sitemaps stuffed with empty gzip members and sitemap indexes of gzip bombs, JSON that is no feed, a DTD written
inside the root element, responses whose Content-Length is no length, redirect loops across schemes and hosts,
hosts spelt with full-width dots or in mixed scripts, query results holding NaN and infinities printed as JSON, and
titles that show nothing (Hangul fillers, braille blanks) or hide text (Unicode tag characters) reaching the
digests. Every case runs the real parts: the fetcher against a real HTTP server on 127.0.0.1 (tests/support), the
feed and sitemap readers on what it fetched, a real DuckDB warehouse and real digest files."""
from __future__ import annotations

import gzip
import json
import re
import time

import pytest

import mediamon.cli as cli
from mediamon.discover.check import check_sources
from mediamon.fetch import fetch_one
from mediamon.records import FetchRequest
from mediamon.settings import Settings
from tests.integration.digest_warehouse import fill_warehouse
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
