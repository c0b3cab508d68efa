"""Two sources of the registry listing one feed URL: the URL is read once, for the first source, with a warning naming
both. Before, each source's discover task (media_ingest groups sources by the site of their first feed) fetched and
staged it, and the day's load refused the run for holding one feed's fetch twice, day after day."""
from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from mediamon import stages
from mediamon.discover.sources import load_sources
from mediamon.settings import Settings
from tests.support.fixture_site import bind_base_url, fixture_site
from tests.support.server import RunningSite


def _registry(path: Path, feed: str, home: str, *, mirror_enabled: bool = True) -> Path:
    """Courier (its first feed on another host name) and a mirror listing Courier's second feed as its only one."""
    mirror = "" if mirror_enabled else "    enabled: false\n"
    path.write_text(f"sources:\n  - id: courier\n    name: Courier\n    feeds: [{feed.replace('127.0.0.1', 'localhost')},"
                    f" {feed}]\n    homepage: {home}\n    country: KZ\n    language: en\n"
                    f"  - id: courier-mirror\n    name: Courier mirror\n    feeds: [{feed}]\n    homepage: {home}\n"
                    f"    country: KZ\n    language: en\n{mirror}", encoding="utf-8")
    return path


def test_a_feed_two_sources_list_is_read_for_the_first_with_a_warning(tmp_path, caplog) -> None:
    feed, home = "http://127.0.0.1/feed.xml", "http://127.0.0.1/"
    with caplog.at_level(logging.WARNING, logger="mediamon.discover.sources"):
        sources = {s.source_id: s for s in load_sources(_registry(tmp_path / "sources.yaml", feed, home))}
    assert sources["courier"].feeds == ("http://localhost/feed.xml", feed)
    assert sources["courier-mirror"].feeds == ()
    assert any("courier-mirror" in r.message and "also listed by courier" in r.message for r in caplog.records)


def test_a_feed_many_sources_list_gets_one_warning_naming_a_few(tmp_path, caplog) -> None:
    feed = "https://news.example/feed.xml"
    entries = "".join(f"  - id: s{i}\n    name: Outlet {i}\n    feeds: [{feed}]\n    homepage: https://news.example/\n"
                      f"    country: KZ\n    language: en\n" for i in range(200))
    (tmp_path / "sources.yaml").write_text(f"sources:\n{entries}", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mediamon.discover.sources"):
        sources = load_sources(tmp_path / "sources.yaml")
    assert [s.feeds for s in sources[:2]] == [(feed,), ()]
    [warning] = [r.message for r in caplog.records if "also listed by" in r.message]
    assert "of s1, s2, s3, s4, s5 and 194 more is also listed by s0: read once, for s0" in warning


def test_a_disabled_source_listing_the_feed_changes_nothing(tmp_path) -> None:
    feed, home = "http://127.0.0.1/feed.xml", "http://127.0.0.1/"
    sources = {s.source_id: s for s in load_sources(_registry(tmp_path / "sources.yaml", feed, home,
                                                                mirror_enabled=False))}
    assert feed in sources["courier"].feeds and sources["courier-mirror"].feeds == (feed,)


def test_the_day_loads_when_two_sources_list_one_feed(tmp_path) -> None:
    with RunningSite(fixture_site()) as running:
        bind_base_url(running)
        registry = _registry(tmp_path / "sources.yaml", running.url("/feed.xml"), running.url("/"))
        settings = Settings(sources_path=registry, db_path=tmp_path / "wh.duckdb", data_dir=tmp_path / "data",
                            allow_private_hosts=True, host_delay_s=0.0)
        run_dir = stages.plan_run(settings, "2026-01-15")
        for group in stages.source_groups(run_dir):  # each discover task as media_ingest maps them
            stages.discover(run_dir, group, settings)
        for shard in stages.shard_items(run_dir, settings):
            stages.process_shard(shard, settings)
        stages.validate_run(run_dir, settings)
        loaded = stages.load_run(run_dir, settings)
    assert loaded["new_articles"] == 3
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        feeds = con.execute("SELECT feed_url, source_id FROM feeds ORDER BY feed_url").fetchall()
    assert [source for _, source in feeds] == ["courier", "courier"]
