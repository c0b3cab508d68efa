"""Every feed item of a run ends with exactly one recorded outcome (item_outcomes), and an item
quarantined at the articles stage is skipped as known on later days and leaves the quarantine once a
replay loads it. A whole fixture day on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from mediamon import stages
from mediamon.rundir import RunDir, read_jsonl
from mediamon.settings import Settings
from mediamon.warehouse.quarantine import replay_quarantine
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite

NEXT_DAY = "2026-01-16"
BAD_LANGUAGE_PAGE = "floods.html"


def _rows(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or {}).fetchall()


def _page(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """Day 1 with one article failing the articles suite (a language code no suite accepts), day 2 as
    usual, then day 1's articles quarantine replayed; returns settings and what each step saw."""
    import mediamon.extract.article as article

    tmp = tmp_path_factory.mktemp("outcomes")
    real = article.detect_language
    seen = {}
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)

        def bad_language_on_floods(text, hint=None):
            return ("zz", 0.99) if "flood" in text.lower()[:400] else real(text, hint=hint)

        article.detect_language = bad_language_on_floods
        try:
            seen["day1"] = stages.run_day(settings, RUN_DATE)
        finally:
            article.detect_language = real
        with duckdb.connect(str(settings.db_path)) as con:  # the feed is read again, not answered 304
            con.execute("UPDATE feeds SET etag = NULL, last_modified = NULL, body_sha256 = NULL")
        site.requests.clear()
        seen["day2"] = stages.run_day(settings, NEXT_DAY)
        seen["day2_requests"] = [str(request) for request in site.requests]
        seen["replay"] = replay_quarantine(settings, RUN_DATE, stage="articles")
    return settings, seen


def test_every_feed_item_has_exactly_one_outcome(days):
    settings, seen = days
    run = RunDir(Path(seen["day1"]["run_dir"]))
    feed_urls = {row["url"] for path in run.all_feed_items() for row in read_jsonl(path)}
    rows = _rows(settings.db_path, "SELECT url, outcome, stage, reason FROM item_outcomes WHERE run_id = $r",
                 {"r": seen["day1"]["run_id"]})
    assert sorted(r[0] for r in rows) == sorted(feed_urls)  # one row per item, none missing, none twice
    by_page = {_page(url): (outcome, stage, (reason or "").split(":")[0]) for url, outcome, stage, reason in rows}
    assert by_page["water-deal.html"][0] == "loaded"
    assert by_page["tbilisi-protest.html"][0] == "loaded"
    assert by_page[BAD_LANGUAGE_PAGE][:2] == ("quarantined", "articles")
    assert by_page["removed.html"] == ("quarantined", "fetch", "http-404")
    assert by_page["report.pdf"][:2] == ("not-article", "extract") or by_page["report.pdf"][0] == "not-article"
    assert by_page["secret.html"][0] == "refused-by-robots"


def test_loaded_outcomes_name_their_article(days):
    settings, seen = days
    rows = _rows(settings.db_path, "SELECT o.url, a.url FROM item_outcomes o JOIN articles a USING (article_id) "
                                   "WHERE o.outcome = 'loaded' AND o.run_id = $r", {"r": seen["day1"]["run_id"]})
    assert sorted(_page(a) for _, a in rows) == ["tbilisi-protest.html", "water-deal.html"]


def test_an_item_quarantined_at_the_articles_stage_is_skipped_as_known_the_next_day(days):
    settings, seen = days
    rows = dict(_rows(settings.db_path, "SELECT url, outcome FROM item_outcomes WHERE run_id = $r",
                      {"r": seen["day2"]["run_id"]}))
    assert {_page(u): o for u, o in rows.items()}[BAD_LANGUAGE_PAGE] == "skipped-known"
    assert set(rows.values()) == {"skipped-known"}  # nothing new on day 2: every item was known
    assert not [r for r in seen["day2_requests"] if BAD_LANGUAGE_PAGE in r]


def test_a_replay_loads_the_article_and_clears_its_quarantine(days):
    settings, seen = days
    assert seen["replay"]["records"] == 1 and seen["replay"]["new_articles"] == 1
    assert _rows(settings.db_path, "SELECT count(*) FROM quarantine WHERE stage = 'articles'") == [(0,)]
    urls = sorted(_page(u) for (u,) in _rows(settings.db_path, "SELECT url FROM articles"))
    assert urls == [BAD_LANGUAGE_PAGE, "tbilisi-protest.html", "water-deal.html"]
    replayed = _rows(settings.db_path, "SELECT outcome FROM item_outcomes WHERE run_id = $r",
                     {"r": seen["replay"]["run_id"]})
    assert replayed == [("loaded",)]


def test_quarantine_rows_carry_their_item(days):
    settings, _ = days
    rows = _rows(settings.db_path, "SELECT q.stage, q.item_id, o.url FROM quarantine q "
                                   "LEFT JOIN item_outcomes o USING (item_id)")
    assert rows and all(item_id and url for _, item_id, url in rows)
    assert json.dumps(sorted({stage for stage, _, _ in rows}))
