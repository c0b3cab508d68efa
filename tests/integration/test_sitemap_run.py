"""News sitemaps in a whole day on 127.0.0.1: a source may have a sitemap beside its feed or instead
of one, an item listed by both is one item, and the sitemap is fetched under the feeds' rules."""
from __future__ import annotations

import duckdb

from mediamon.settings import Settings
from mediamon.stages import run_day
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site
from tests.support.server import RunningSite, send

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>{base}/news/floods.html</loc><news:news><news:publication><news:name>Steppe Courier</news:name>
    <news:language>en</news:language></news:publication><news:publication_date>2026-01-14T10:00:00Z</news:publication_date>
    <news:title>Floods force thousands from their homes in Sindh</news:title></news:news></url>
  <url><loc>{base}/news/tbilisi-protest.html</loc><news:news><news:publication><news:name>Steppe Courier</news:name>
    <news:language>en</news:language></news:publication><news:publication_date>2026-01-14T21:15:00Z</news:publication_date>
    <news:title>Thousands rally in Tbilisi</news:title></news:news></url>
  <url><loc>https://elsewhere.example.net/news/not-ours.html</loc></url>
</urlset>"""


def _sources(path, site, *, feed: bool) -> None:
    """A one-source registry with the fixture sitemap, and the fixture feed when asked."""
    feeds = f"    feeds: [{site.url('/feed.xml')}]\n" if feed else ""
    path.write_text("sources:\n  - id: steppe-courier\n    name: The Steppe Courier\n" + feeds
                    + f"    sitemaps: [{site.url('/news-sitemap.xml')}]\n    homepage: {site.url('/')}\n"
                    "    country: KZ\n    language: en\n", encoding="utf-8")


def _day(tmp_path, *, feed: bool):
    """Run the fixture day with the sitemap route; the warehouse's articles, outcomes and sitemap fetches."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        site.routes["/news-sitemap.xml"] = lambda handler: send(
            handler, 200, NEWS_SITEMAP.format(base=site.base_url).encode(), content_type="application/xml")
        _sources(tmp_path / "sources.yaml", site, feed=feed)
        settings = Settings(sources_path=tmp_path / "sources.yaml", db_path=tmp_path / "wh.duckdb",
                            data_dir=tmp_path / "data", allow_private_hosts=True, host_delay_s=0.0)
        run_day(settings, RUN_DATE)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        articles = sorted(u.rsplit("/", 1)[1] for (u,) in con.execute("SELECT url FROM articles").fetchall())
        outcomes = con.execute("SELECT url, outcome FROM item_outcomes").fetchall()
        fetched = con.execute("SELECT count(*) FROM fetch_log WHERE kind = 'sitemap'").fetchone()[0]
        duplicates = con.execute("SELECT count(*) FROM quarantine WHERE reasons::VARCHAR LIKE '%unique%'").fetchone()[0]
    return articles, outcomes, fetched, duplicates


def test_a_sitemap_only_source_loads_its_articles(tmp_path):
    articles, outcomes, fetched, _ = _day(tmp_path, feed=False)
    assert articles == ["floods.html", "tbilisi-protest.html"]
    assert fetched == 1
    assert not any("elsewhere.example.net" in url for url, _ in outcomes)  # off-site items are not kept


def test_an_item_in_the_feed_and_the_sitemap_is_one_item(tmp_path):
    articles, outcomes, _, duplicates = _day(tmp_path, feed=True)
    assert articles == ["floods.html", "tbilisi-protest.html", "water-deal.html"]
    urls = [url for url, _ in outcomes]
    assert len(urls) == len(set(urls))
    assert sum(url.endswith("/news/floods.html") for url in urls) == 1
    assert duplicates == 0


def test_a_sitemap_that_cannot_be_read_is_logged_with_its_reason_and_the_feed_loads(tmp_path):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        site.routes["/news-sitemap.xml"] = lambda handler: send(
            handler, 200, b"<urlset><url><loc>cut short", content_type="application/xml")
        _sources(tmp_path / "sources.yaml", site, feed=True)
        settings = Settings(sources_path=tmp_path / "sources.yaml", db_path=tmp_path / "wh.duckdb",
                            data_dir=tmp_path / "data", allow_private_hosts=True, host_delay_s=0.0)
        run_day(settings, RUN_DATE)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        sitemap_log = con.execute("SELECT status, error FROM fetch_log WHERE kind = 'sitemap'").fetchall()
        articles = sorted(u.rsplit("/", 1)[1] for (u,) in con.execute("SELECT url FROM articles").fetchall())
    assert [status for status, _ in sitemap_log] == [200]
    assert (sitemap_log[0][1] or "").startswith("feed-unparseable")  # the fetch worked; the reading failed
    assert articles == ["floods.html", "tbilisi-protest.html", "water-deal.html"]
