"""One article reachable under several item URLs (two section feeds, a tracking parameter) whose pages
name the same rel=canonical URL: the validate stage stages it once, the day loads, and every other item
ends with the outcome duplicate-article. A whole day on 127.0.0.1 into a real DuckDB file, with real GX."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from mediamon import stages
from mediamon.settings import Settings
from tests.support.fixture_site import RUN_DATE, SITE_ROOT
from tests.support.server import RunningSite, Site

CANONICAL = '<link rel="canonical" href="__BASE_URL__/news/c.html">'


def _feed(*links: str) -> str:
    """An RSS feed listing one item per link (paths on the site)."""
    items = "".join(f"<item><title>Water deal</title><link>__BASE_URL__{link}</link>"
                    "<pubDate>Wed, 14 Jan 2026 08:30:00 GMT</pubDate></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>s</title><link>__BASE_URL__/</link>{items}' \
           "</channel></rss>"


def _site_root(tmp: Path) -> Path:
    """The fixture site plus two section copies of the water-deal page, both canonical to /news/c.html."""
    root = tmp / "site"
    shutil.copytree(SITE_ROOT, root)
    page = (SITE_ROOT / "news" / "water-deal.html").read_text(encoding="utf-8")
    for section in ("world", "europe"):
        (root / section).mkdir()
        (root / section / "c.html").write_text(page.replace("</head>", CANONICAL + "</head>"), encoding="utf-8")
    (root / "world.xml").write_text(_feed("/world/c.html", "/world/c.html?from=rss", "/news/tbilisi-protest.html"),
                                    encoding="utf-8")
    (root / "europe.xml").write_text(_feed("/europe/c.html"), encoding="utf-8")
    return root


def _sources(site: Site, path: Path) -> Path:
    """Two sources: one with the two section feeds, one with the fixture feed."""
    path.write_text(
        "sources:\n"
        "  - id: sections-news\n    name: Sections News\n"
        f"    feeds: [{site.url('/world.xml')}, {site.url('/europe.xml')}]\n"
        f"    homepage: {site.url('/')}\n    country: US\n    language: en\n"
        "  - id: steppe-courier\n    name: The Steppe Courier\n"
        f"    feeds: [{site.url('/feed.xml')}]\n"
        f"    homepage: {site.url('/')}\n    country: KZ\n    language: en\n", encoding="utf-8")
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """One run of the day; returns its settings and counts."""
    tmp = tmp_path_factory.mktemp("duplicates")
    with RunningSite(Site(root=_site_root(tmp))) as site:
        site.replacements[b"__BASE_URL__"] = site.base_url.encode()
        settings = Settings(sources_path=_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)
        counts = stages.run_day(settings, RUN_DATE)
    return settings, counts


def test_the_day_loads_with_the_article_once(day):
    settings, _ = day
    rows = _rows(settings.db_path, "SELECT url, source_id FROM articles ORDER BY url")
    urls = [url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[1] for url, _ in rows]
    assert urls.count("news/c.html") == 1
    assert "news/tbilisi-protest.html" in urls  # the other items of the day load too
    assert {source for _, source in rows} == {"sections-news", "steppe-courier"}


def test_the_first_item_by_url_carries_the_article_and_the_others_are_duplicates(day):
    settings, counts = day
    rows = _rows(settings.db_path, "SELECT url, outcome, stage, reason, article_id FROM item_outcomes "
                                   f"WHERE run_id = '{counts['run_id']}' AND url LIKE '%/c.html%' ORDER BY url")
    (article_id,) = _rows(settings.db_path, "SELECT article_id FROM articles WHERE url LIKE '%/news/c.html'")[0]
    by_path = {url.split("/", 3)[3]: (outcome, stage, reason, aid) for url, outcome, stage, reason, aid in rows}
    assert by_path["europe/c.html"] == ("loaded", None, None, article_id)
    for path in ("world/c.html", "world/c.html?from=rss"):
        outcome, stage, reason, aid = by_path[path]
        assert (outcome, stage, aid) == ("duplicate-article", "articles", article_id)
        assert reason.startswith("duplicate-article: ") and reason.endswith("/europe/c.html")
    assert _rows(settings.db_path, "SELECT count(*) FROM quarantine") == [(0,)] or all(
        "c.html" not in key for (key,) in _rows(settings.db_path, "SELECT record_key FROM quarantine"))


def test_the_tags_signatures_and_stems_of_the_article_are_staged_once(day):
    settings, _ = day
    for table, key in (("article_countries", "country_code"), ("article_topics", "topic_code")):
        assert _rows(settings.db_path, f"SELECT article_id, {key}, count(*) FROM {table} GROUP BY ALL "
                                       "HAVING count(*) > 1") == []
    for table in ("story_signatures", "article_event_stems"):
        assert _rows(settings.db_path, f"SELECT article_id, count(*) FROM {table} GROUP BY ALL "
                                       "HAVING count(*) > 1") == []
    assert _rows(settings.db_path, "SELECT count(*) FROM article_countries c JOIN articles a USING (article_id) "
                                   "WHERE a.url LIKE '%/news/c.html'")[0][0] > 0


def test_the_duplicate_items_are_known_and_not_fetched_again(day):
    from mediamon.warehouse.state import read_state

    settings, _ = day
    known = read_state(settings.db_path, RUN_DATE).known_urls
    assert {url.split("/", 3)[3] for url in known if "/c.html" in url} >= {
        "europe/c.html", "world/c.html", "world/c.html?from=rss"}
