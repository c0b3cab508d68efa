"""A day where every feed fails is an error; a day with no articles still gets its digest pages."""
from __future__ import annotations

import pytest

from mediamon import stages, warehouse
from mediamon.digest import build_digests
from mediamon.errors import QualityError
from mediamon.warehouse.state import DEAD_FEED_FAILURES
from tests.support.server import RunningSite, Site


def test_a_day_where_every_feed_fails_stops_before_load(tmp_path, settings):
    with RunningSite(Site()) as site:  # answers 404 for everything
        settings.sources_path.write_text(
            "sources:\n  - id: gone\n    name: Gone\n"
            f"    feeds: [{site.url('/feed.xml')}]\n    homepage: {site.url('/')}\n"
            "    country: FR\n    language: fr\n", encoding="utf-8")
        run_dir = stages.plan_run(settings, "2026-01-15")
        stages.discover(run_dir, "gone", settings)
        stages.shard_items(run_dir, settings)
        with pytest.raises(QualityError, match="all 1 feeds failed .*http-404"):
            stages.validate_run(run_dir, settings)
    assert not settings.db_path.exists()


def test_digest_of_a_day_without_articles_has_an_index(tmp_path):
    db = tmp_path / "wh.duckdb"
    with warehouse.connect(db):
        pass
    index = build_digests(db, "2026-01-15", tmp_path / "digests")
    assert index == tmp_path / "digests" / "2026-01-15" / "index.html"
    assert "15 Jan 2026" in index.read_text(encoding="utf-8")



def test_a_day_whose_only_feed_is_skipped_as_dead_still_loads_its_run(tmp_path, settings):
    settings.sources_path.write_text(
        "sources:\n  - id: quiet\n    name: Quiet\n    feeds: [https://example.org/feed.xml]\n"
        "    homepage: https://example.org/\n    country: FR\n    language: fr\n", encoding="utf-8")
    with warehouse.connect(settings.db_path) as con:
        con.execute("INSERT INTO feeds (feed_url, source_id, last_fetched_at, consecutive_failures) "
                    "VALUES ('https://example.org/feed.xml', 'quiet', TIMESTAMPTZ '2026-01-14 06:00:00+00', $n)",
                    {"n": DEAD_FEED_FAILURES})
    run_dir = stages.plan_run(settings, "2026-01-15")
    assert stages.source_groups(run_dir) == []  # no discover task, nothing requested
    assert stages.shard_items(run_dir, settings) == []
    stages.validate_run(run_dir, settings)
    counts = stages.load_run(run_dir, settings)
    assert counts["new_articles"] == 0
    with warehouse.connect(settings.db_path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE run_date = DATE '2026-01-15'").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
