"""check_sources (`mediamon sources check`) against feeds served on 127.0.0.1."""
from __future__ import annotations

from pathlib import Path

from tests.support.server import Site, send

UNUSABLE_LINKS = (Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "unusable-links.xml").read_bytes()

GOOD_FEED = (b'<rss version="2.0"><channel><item><title>a</title><link>https://example.org/a</link>'
             b'<pubDate>Wed, 14 Jan 2026 10:00:00 +0000</pubDate></item></channel></rss>')


def serve(site: Site, path: str, body: bytes) -> str:
    """Serve body as an RSS feed at path; returns its URL."""
    site.routes[path] = lambda handler: send(handler, 200, body, content_type="application/rss+xml")
    return site.url(path)


def write_sources(settings, feeds: dict[str, str]) -> None:
    """A sources.yaml with one source per (id, feed URL)."""
    lines = ["sources:"]
    for source_id, url in feeds.items():
        lines += [f"  - id: {source_id}", f"    name: {source_id}", f"    feeds: [{url}]",
                  "    homepage: https://example.org/", "    country: US", "    language: en"]
    settings.sources_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_check_says_why_a_feed_gives_no_items(site, settings) -> None:
    from mediamon.discover.check import check_sources

    write_sources(settings, {"nolinks": serve(site, "/nolinks.xml", UNUSABLE_LINKS),
                             "good": serve(site, "/good.xml", GOOD_FEED)})
    rows = {row["source_id"]: row for row in check_sources(settings)}
    assert rows["nolinks"]["items"] == 0 and rows["nolinks"]["error"] is None
    assert rows["nolinks"]["items_skipped"] == 3
    assert rows["nolinks"]["skipped"] == "3 items skipped: no-link 1, bad-scheme 2"
    assert rows["good"]["items"] == 1 and rows["good"]["items_skipped"] == 0 and rows["good"]["skipped"] is None


def test_the_cli_names_the_skipped_entries_and_fails_on_a_feed_that_gives_nothing(site, settings, capsys) -> None:
    from mediamon.cli import main

    write_sources(settings, {"nolinks": serve(site, "/nolinks.xml", UNUSABLE_LINKS),
                             "good": serve(site, "/good.xml", GOOD_FEED)})
    argv = ["sources", "check", "--sources", str(settings.sources_path), "--allow-private-hosts"]
    assert main(argv) == 1  # nothing wrong with the HTTP or the XML, but the source gives no article
    assert "3 items skipped: no-link 1, bad-scheme 2" in capsys.readouterr().out
    write_sources(settings, {"good": serve(site, "/good.xml", GOOD_FEED)})
    assert main(argv) == 0
