"""The user's overlay on the registry (MEDIAMON_SOURCES_OVERLAY, --sources-overlay) reaches every reader of it."""
from __future__ import annotations

import os
from pathlib import Path

from mediamon.discover.polling import enabled_feeds
from mediamon.settings import Settings, settings_from_env
from mediamon.stages import plan_run

REGISTRY = """sources:
  - id: paper-a
    name: Paper A
    homepage: https://a.example.org/
    country: KZ
    language: ru
    type: newspaper
    feeds: [https://a.example.org/rss]
  - id: paper-b
    name: Paper B
    homepage: https://b.example.org/
    country: KZ
    language: kk
    type: newspaper
    feeds: [https://b.example.org/rss]
"""
OVERLAY = """disable:
  ids: [paper-b]
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    registry, overlay = tmp_path / "sources.yaml", tmp_path / "overlay.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    overlay.write_text(OVERLAY, encoding="utf-8")
    return registry, overlay


def test_the_variable_names_the_overlay():
    assert settings_from_env({"MEDIAMON_SOURCES_OVERLAY": "/srv/overlay.yaml"}).sources_overlay_path == \
        Path("/srv/overlay.yaml")
    assert settings_from_env({}).sources_overlay_path is None


def test_the_command_line_names_the_overlay(tmp_path, monkeypatch):
    from mediamon import cli

    monkeypatch.delenv("MEDIAMON_SOURCES_OVERLAY", raising=False)
    args = cli._parser().parse_args(["run", "--sources-overlay", str(tmp_path / "o.yaml")])
    assert cli._settings(args).sources_overlay_path == tmp_path / "o.yaml"


def test_the_poller_leaves_out_the_sources_the_overlay_disables(tmp_path):
    registry, overlay = _files(tmp_path)
    settings = Settings(sources_path=registry, sources_overlay_path=overlay)
    assert enabled_feeds(settings) == [("paper-a", "https://a.example.org/rss")]
    overlay.write_text("sources: []\n", encoding="utf-8")  # the overlay changed: read again
    os.utime(overlay, ns=(1, 1))
    assert [s for s, _ in enabled_feeds(settings)] == ["paper-a", "paper-b"]


def test_a_run_plans_the_feeds_of_the_sources_the_overlay_leaves_enabled(tmp_path):
    registry, overlay = _files(tmp_path)
    settings = Settings(sources_path=registry, sources_overlay_path=overlay, data_dir=tmp_path / "data",
                        db_path=tmp_path / "data" / "mediamon.duckdb")
    from mediamon.rundir import RunDir

    plan = RunDir(plan_run(settings, "2026-01-15")).read_plan()
    assert [(f["source_id"], f["skip"]) for f in plan.feeds] == [("paper-a", False)]
