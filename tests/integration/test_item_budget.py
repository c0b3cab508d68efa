"""An item whose extraction or tagging runs past its CPU-time budget is quarantined with reason
`timeout`, and the rest of the day loads: a whole fixture day on 127.0.0.1 into a real DuckDB file."""
from __future__ import annotations

import json
import time

import duckdb
import pytest

from mediamon.stages import run_day
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite

SLOW_PAGE = "floods.html"


def _spin_forever() -> None:
    """CPU work that never ends on its own."""
    while True:
        time.perf_counter()


def _day(tmp_path) -> dict:
    """The fixture day with a 0.5 s budget; returns the quarantine by page and the loaded pages."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = site_settings(site, tmp_path, item_cpu_budget_s=0.5)
        run_day(settings, RUN_DATE)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        quarantined = {key.rsplit("/", 1)[1]: (stage, json.loads(reasons)[0]) for key, stage, reasons in
                       con.execute("SELECT record_key, stage, reasons FROM quarantine").fetchall()}
        loaded = sorted(url.rsplit("/", 1)[1] for (url,) in con.execute("SELECT url FROM articles").fetchall())
    return {"quarantined": quarantined, "loaded": loaded}


def test_a_page_that_extracts_forever_is_quarantined_as_timeout(tmp_path, monkeypatch):
    import mediamon.extract.article as extract

    real = extract.extract_article

    def slow_on_one_page(html, url, **kwargs):
        if url.endswith(SLOW_PAGE):
            _spin_forever()
        return real(html, url, **kwargs)

    monkeypatch.setattr(extract, "extract_article", slow_on_one_page)
    day = _day(tmp_path)
    stage, reason = day["quarantined"][SLOW_PAGE]
    assert stage == "extract" and reason.startswith("timeout:") and "extract" in reason
    assert day["loaded"] == ["tbilisi-protest.html", "water-deal.html"]


def test_an_article_that_tags_forever_is_quarantined_as_timeout(tmp_path, monkeypatch):
    import mediamon.enrich.topics as topics

    real = topics.tag_topics

    def slow_on_floods(title, text, **kwargs):
        if "flood" in (title or "").lower():
            _spin_forever()
        return real(title, text, **kwargs)

    monkeypatch.setattr(topics, "tag_topics", slow_on_floods)
    day = _day(tmp_path)
    stage, reason = day["quarantined"][SLOW_PAGE]
    assert stage == "enrich" and reason.startswith("timeout:") and "enrich" in reason
    assert day["loaded"] == ["tbilisi-protest.html", "water-deal.html"]


@pytest.mark.parametrize("value", ["0.5", "4"])
def test_the_budget_is_read_from_the_environment(value):
    from mediamon.settings import settings_from_env

    assert settings_from_env({"MEDIAMON_ITEM_CPU_BUDGET_S": value}).item_cpu_budget_s == float(value)
