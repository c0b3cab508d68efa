"""Feed health stays true when a load runs again: the same run loaded twice (an Airflow retry of a load task whose
first try committed, or a cleared load task) counts a feed's failure once, and an earlier run loaded after a later
one (a backfill) leaves the feed's row as the later fetch left it. A real day on 127.0.0.1 into a DuckDB file."""
from __future__ import annotations

from pathlib import Path

import duckdb

from mediamon import stages
from mediamon.settings import Settings
from tests.support.fixture_site import bind_base_url, fixture_site
from tests.support.server import RunningSite

FEEDS_QUERY = ("SELECT split_part(feed_url, '/', -1), last_error, consecutive_failures, last_fetched_at "
               "FROM feeds ORDER BY 1")


def _feeds(settings: Settings) -> list[tuple]:
    """The warehouse's feed rows (file name, last error, failures in a row, last fetch)."""
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        return con.execute(FEEDS_QUERY).fetchall()


def _settings(tmp_path: Path, running: RunningSite) -> Settings:
    """A one-source registry with a working feed and one that answers 404."""
    (tmp_path / "sources.yaml").write_text(
        f"sources:\n  - id: courier\n    name: Courier\n    feeds: [{running.url('/feed.xml')}, "
        f"{running.url('/gone-feed.xml')}]\n    homepage: {running.url('/')}\n    country: KZ\n    language: en\n",
        encoding="utf-8")
    return Settings(sources_path=tmp_path / "sources.yaml", db_path=tmp_path / "wh.duckdb", data_dir=tmp_path / "data",
                    allow_private_hosts=True, host_delay_s=0.0)


def test_loading_a_run_again_counts_its_feed_failures_once(tmp_path: Path) -> None:
    with RunningSite(fixture_site()) as running:
        bind_base_url(running)
        settings = _settings(tmp_path, running)
        run_dir = Path(stages.run_day(settings, "2026-01-15")["run_dir"])
    first = _feeds(settings)
    assert [(name, error, failures) for name, error, failures, _ in first] == [
        ("feed.xml", None, 0), ("gone-feed.xml", "http-404", 1)]
    stages.load_run(run_dir, settings)
    stages.load_run(run_dir, settings)
    assert _feeds(settings) == first


def test_an_earlier_run_loaded_after_a_later_one_leaves_the_feed_rows_as_they_are(tmp_path: Path) -> None:
    with RunningSite(fixture_site()) as running:
        bind_base_url(running)
        settings = _settings(tmp_path, running)
        earlier = Path(stages.run_day(settings, "2026-01-15")["run_dir"])
        stages.run_day(settings, "2026-01-16")
    later = _feeds(settings)
    assert [failures for _, _, failures, _ in later] == [0, 2]
    stages.load_run(earlier, settings)
    assert _feeds(settings) == later
