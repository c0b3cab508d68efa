"""Discover's host groups: every source once, one host's sources together, at most DISCOVER_GROUPS tasks."""
from __future__ import annotations

from pathlib import Path

from mediamon.rundir import Plan, RunDir
from mediamon.stages import DISCOVER_GROUPS, source_groups


def _plan(run_dir: Path, feeds: list[tuple[str, str, bool]]) -> Path:
    rows = [{"source_id": s, "feed_url": url, "skip": skip} for s, url, skip in feeds]
    RunDir(run_dir).write_plan(Plan(run_id="r1", run_date="2026-01-15", started_at="2026-01-15T06:00:00+00:00",
                                    sources=[], feeds=rows))
    return run_dir


def test_every_source_is_in_exactly_one_group_and_groups_are_bounded(tmp_path: Path) -> None:
    feeds = [(f"s{i:03d}", f"http://127.0.0.1:{8000 + i % 40}/s{i}/feed.xml", False) for i in range(200)]
    groups = source_groups(_plan(tmp_path, feeds))
    flat = [s for group in groups for s in group]
    assert sorted(flat) == sorted(s for s, _, _ in feeds) and len(flat) == len(set(flat))
    assert 1 < len(groups) <= DISCOVER_GROUPS


def test_sources_of_one_site_share_a_group(tmp_path: Path) -> None:
    feeds = [(f"s{i:03d}", f"http://127.0.0.1:{8000 + i % 5}/s{i}/feed.xml", False) for i in range(50)]
    groups = source_groups(_plan(tmp_path, feeds))
    group_of = {s: n for n, group in enumerate(groups) for s in group}
    for port in range(8000, 8005):
        same_host = {group_of[s] for s, url, _ in feeds if f":{port}/" in url}
        assert len(same_host) == 1


def test_skipped_feeds_start_no_discover_task(tmp_path: Path) -> None:
    feeds = [("live", "https://example.com/feed", False), ("paused", "https://example.org/feed", True)]
    assert source_groups(_plan(tmp_path, feeds)) == [["live"]]


def test_http_and_https_feeds_of_one_site_share_a_group(tmp_path: Path) -> None:
    feeds = [(f"s{i:03d}", f"{'https' if i % 2 else 'http'}://site{i % 3}.example/f{i}.xml", False) for i in range(30)]
    groups = source_groups(_plan(tmp_path, feeds))
    group_of = {s: n for n, group in enumerate(groups) for s in group}
    for site in range(3):
        assert len({group_of[s] for s, url, _ in feeds if f"site{site}." in url}) == 1
