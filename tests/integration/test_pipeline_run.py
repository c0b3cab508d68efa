"""A whole day in-process against the fixture site on 127.0.0.1, into a real DuckDB file, twice."""
from __future__ import annotations

import json

import duckdb
import pytest

from mediamon.stages import run_day
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Run the same day twice; return the settings and the fetch requests the server saw each time."""
    from mediamon.settings import Settings

    tmp = tmp_path_factory.mktemp("pipeline")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)
        first = run_day(settings, RUN_DATE)
        seen_first = list(site.requests)
        site.requests.clear()
        second = run_day(settings, RUN_DATE)
        seen_second = list(site.requests)
    return settings, (first, seen_first), (second, seen_second)


def _rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_articles_are_extracted_enriched_and_loaded_once(two_runs):
    settings, _, _ = two_runs
    rows = _rows(settings.db_path, "SELECT url, title, published_at, story_id FROM articles ORDER BY url")
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["floods.html", "tbilisi-protest.html", "water-deal.html"]
    assert all("utm_" not in r[0] and "#" not in r[0] for r in rows)
    assert rows[2][1] == "Kazakhstan and Uzbekistan sign water-sharing deal"
    assert str(rows[2][2].date()) == "2026-01-14"


def test_countries_and_topics_are_tagged(two_runs):
    settings, _, _ = two_runs
    focus = dict(_rows(settings.db_path, "SELECT a.url, c.country_code FROM article_countries c "
                                         "JOIN articles a USING (article_id) WHERE c.is_focus"))
    by_page = {url.rsplit("/", 1)[1]: code for url, code in focus.items()}
    assert by_page == {"water-deal.html": "KZ", "floods.html": "PK", "tbilisi-protest.html": "GE"}
    topics = _rows(settings.db_path, "SELECT count(DISTINCT article_id) FROM article_topics")
    assert topics == [(3,)]


def test_every_failed_item_is_quarantined_with_its_reason(two_runs):
    settings, _, _ = two_runs
    rows = _rows(settings.db_path, "SELECT record_key, stage, reasons FROM quarantine ORDER BY record_key")
    reasons = {key.rsplit("/", 1)[1]: json.loads(r)[0].split(":")[0] for key, _, r in rows}
    assert reasons == {"removed.html": "http-404", "report.pdf": "not-html", "secret.html": "robots-disallowed"}


def test_every_fetch_is_logged(two_runs):
    settings, _, _ = two_runs
    errors = dict(_rows(settings.db_path, "SELECT regexp_extract(url, '[^/]+$'), split_part(error, ':', 1) "
                                          "FROM fetch_log WHERE kind = 'page' AND attempt = 1"))
    assert errors["removed.html"] == "http-404"
    assert errors["water-deal.html"] is None


def test_second_run_adds_nothing_and_fetches_only_the_feed(two_runs):
    settings, (first, seen_first), (second, seen_second) = two_runs
    assert first["new_articles"] == 3
    assert second["new_articles"] == 0
    assert second["warehouse_articles"] == 3
    pages = [path for _, path, _ in seen_second if path.startswith("/news/") or path.startswith("/private/")]
    assert pages == []
    feed_requests = [headers for _, path, headers in seen_second if path == "/feed.xml"]
    assert len(feed_requests) == 1 and feed_requests[0].get("If-None-Match")
    log = _rows(settings.db_path, "SELECT status, from_cache, error FROM fetch_log WHERE kind = 'feed' "
                                  "ORDER BY fetched_at")
    assert log[-1] == (304, True, "not-modified")
    counts = _rows(settings.db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_countries),"
                                     " (SELECT count(*) FROM quarantine), (SELECT count(*) FROM runs)")
    assert counts[0][0] == 3 and counts[0][2] == 3 and counts[0][3] == 2


def test_digest_files_are_written(two_runs):
    settings, (first, _), _ = two_runs
    index = settings.data_dir / "digests" / RUN_DATE / "index.html"
    assert index.is_file()
    assert first["digest_index"] == str(index)
