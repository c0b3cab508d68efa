"""`mediamon sources check` and news sitemaps, seventh round: the check fetched the `feeds` of each source and never its
`sitemaps`, so a source that gives its articles through a news sitemap alone had no row at all, and a sitemap that
answered 404, was no XML or listed only other sites' pages passed the check with exit code 0. Now every sitemap has a
row, read as a run reads it (an index with the sitemaps it lists): its items, the entries refused and why, or the
error that stops it, and the exit code fails on those as on a broken feed."""
from __future__ import annotations

import pytest

from mediamon.cli import main
from mediamon.discover.check import check_sources
from mediamon.settings import Settings
from tests.support.server import Site, send

GOOD_FEED = (b'<rss version="2.0"><channel><item><title>a</title><link>{base}/a</link>'
             b'<pubDate>Wed, 14 Jan 2026 10:00:00 +0000</pubDate></item></channel></rss>')
NS = b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*locs: str) -> bytes:
    """A sitemap listing these page URLs, each with a lastmod."""
    entries = b"".join(f"<url><loc>{loc}</loc><lastmod>2026-01-14</lastmod></url>".encode() for loc in locs)
    return b'<?xml version="1.0"?><urlset ' + NS + b">" + entries + b"</urlset>"


def serve(site: Site, path: str, body: bytes, status: int = 200) -> str:
    """Serve body as XML at path; its URL."""
    site.routes[path] = lambda handler: send(handler, status, body, content_type="application/xml")
    return site.url(path)


def registry(settings: Settings, site: Site, sitemaps: dict[str, str]) -> None:
    """A registry of one feed source and one sitemap-only source per (id, sitemap URL)."""
    feed = serve(site, "/feed.xml", GOOD_FEED.replace(b"{base}", site.url("").rstrip("/").encode()))
    lines = ["sources:", "  - id: feedy", "    name: Feedy", f"    feeds: ['{feed}']",
             f"    homepage: '{site.url('/')}'", "    country: US", "    language: en"]
    for source_id, url in sitemaps.items():
        lines += [f"  - id: {source_id}", f"    name: {source_id}", f"    sitemaps: ['{url}']",
                  f"    homepage: '{site.url('/')}'", "    country: US", "    language: en"]
    settings.sources_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rows(settings: Settings) -> dict[str, dict]:
    """The check's rows by source id."""
    return {row["source_id"]: row for row in check_sources(settings)}


@pytest.mark.parametrize("case", ["not-found", "not-xml", "off-site-only"])
def test_a_broken_sitemap_only_source_has_a_row_saying_why_and_fails_the_check(
        site: Site, settings: Settings, capsys: pytest.CaptureFixture[str], case: str) -> None:
    url = {"not-found": lambda: serve(site, "/gone.xml", b"<html>gone</html>", status=404),
           "not-xml": lambda: serve(site, "/broken.xml", b"\x00\x01 this is no sitemap \xff"),
           "off-site-only": lambda: serve(site, "/other.xml", urlset("https://elsewhere.example/a",
                                                                     "https://elsewhere.example/b"))}[case]()
    registry(settings, site, {"mapped": url})
    found = rows(settings)
    assert found["feedy"]["items"] == 1 and found["feedy"]["error"] is None
    row = found["mapped"]
    assert row["feed_url"] == url and row["kind"] == "sitemap" and row["items"] == 0
    if case == "not-found":
        assert row["status"] == 404 and (row["error"] or "").startswith("http-404")
    elif case == "not-xml":
        assert (row["error"] or "").startswith("feed-unparseable")
    else:
        assert row["error"] is None and row["items_skipped"] == 2 and row["skipped"] == "2 entries refused: off-site 2"
    capsys.readouterr()
    assert main(["sources", "check", "--sources", str(settings.sources_path), "--allow-private-hosts"]) == 1
    assert url in capsys.readouterr().out


def test_a_good_sitemap_and_the_index_listing_it_give_their_items(site: Site, settings: Settings,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    news = serve(site, "/news.xml", urlset(site.url("/a"), site.url("/b"), site.url("/c")))
    index = serve(site, "/index.xml", b'<?xml version="1.0"?><sitemapindex ' + NS + b"><sitemap><loc>"
                  + news.encode() + b"</loc></sitemap></sitemapindex>")
    registry(settings, site, {"mapped": news, "indexed": index})
    found = rows(settings)
    assert (found["mapped"]["items"], found["mapped"]["items_dated"], found["mapped"]["error"]) == (3, 3, None)
    assert (found["indexed"]["items"], found["indexed"]["error"], found["indexed"]["status"]) == (3, None, 200)
    assert found["mapped"]["newest"].startswith("2026-01-14")
    assert main(["sources", "check", "--sources", str(settings.sources_path), "--allow-private-hosts"]) == 0
