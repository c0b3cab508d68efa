"""The demo replay (`mediamon demo`; `make demo` runs its last day through Airflow): history days, a spike
on the last day, nothing added by a second run, and the Data Docs index, on a short history (replayed once
per session, tests/support/demo_history.py, and shared with the end-to-end test of `make demo`)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mediamon.demo.replay import SPIKE_COUNTRY, replay_days
from mediamon.demo.run import demo_settings, replay_site, run_demo
from mediamon.errors import ConfigError
from tests.support.demo_history import HISTORY_DAYS, LAST_DAY, demo_history, free_port

DEMO = Path(__file__).resolve().parents[2] / "include" / "mediamon" / "demo"
TABLES = ("articles", "article_countries", "article_topics", "quarantine", "runs", "fetch_log", "item_outcomes",
          "validation_results")


def _article_pages() -> int:
    """Bundled article pages: every HTML file in the manifest except the two home pages."""
    rows = (DEMO / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    files = [row.split("\t")[0] for row in rows]
    return sum(1 for f in files if f.endswith(".html") and f not in ("gv/home.html", "wikinews/index.html"))


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's history days replayed, then the demo run twice into that data directory on its port (the
    first run replays the last day); returns the directory, port, the days the history replay ran, both
    summaries and the counts after each run."""
    history = demo_history(tmp_path_factory, "demo")
    data_dir, port = history.data_dir, history.port
    first = run_demo(data_dir, LAST_DAY, history_days=HISTORY_DAYS, port=port)
    after_first = _counts(data_dir / "mediamon.duckdb")
    second = run_demo(data_dir, LAST_DAY, history_days=HISTORY_DAYS, port=port)
    return data_dir, port, history.ran, (first, second), (after_first, _counts(data_dir / "mediamon.duckdb"))


def test_every_replay_day_is_loaded_with_articles_and_nothing_quarantined(demo):
    data_dir, _, history_ran, (first, _), (counts, _) = demo
    with duckdb.connect(str(data_dir / "mediamon.duckdb"), read_only=True) as con:
        per_day = dict(con.execute("SELECT run_date::VARCHAR, count(*) FROM articles GROUP BY ALL").fetchall())
        two_letter = con.execute("SELECT count(*) FROM articles WHERE length(language) = 2").fetchone()[0]
    days = [str(d) for d in replay_days(date.fromisoformat(LAST_DAY), HISTORY_DAYS)]
    assert sorted(per_day) == days and min(per_day.values()) >= 1
    assert (counts["articles"], counts["quarantine"], counts["runs"]) == (_article_pages(), 0, len(days))
    assert two_letter == counts["articles"]
    assert [*history_ran, LAST_DAY] == days and "Days run now:  1\n" in first  # the history, then the last day


def test_the_last_days_digest_shows_a_spike_against_a_baseline(demo):
    data_dir, _, _, (first, _), _ = demo
    summary = json.loads((data_dir / "digests" / LAST_DAY / "summary.json").read_text(encoding="utf-8"))
    row = next(r for r in summary["country"] if r["key"] == SPIKE_COUNTRY)
    assert row["spike"] is True and row["baseline"] is not None and row["z"] >= 3
    assert row["coverage_gap"] is False
    assert f"Spikes on {LAST_DAY}: " in first and f"({SPIKE_COUNTRY}, " in first


def test_no_replay_day_is_a_coverage_gap(demo):
    data_dir, *_ = demo
    with duckdb.connect(str(data_dir / "mediamon.duckdb"), read_only=True) as con:
        gaps = con.execute("SELECT day::VARCHAR, expectations FROM coverage_gaps").fetchall()
    assert gaps == []


def test_a_second_run_adds_nothing(demo):
    _, _, _, (_, second), (after_first, after_second) = demo
    assert after_second == after_first
    assert "Days run now:  0 (every day was loaded already)" in second


def test_running_the_last_day_again_on_the_same_port_loads_no_copy(demo):
    from mediamon.stages import run_day

    data_dir, port, _, _, (counts, _) = demo
    with replay_site(data_dir, date.fromisoformat(LAST_DAY), HISTORY_DAYS, port):
        run_day(demo_settings(data_dir, data_dir / "demo_sources.yaml"), LAST_DAY)
    again = _counts(data_dir / "mediamon.duckdb")
    assert (again["articles"], again["article_countries"], again["quarantine"]) == (
        counts["articles"], counts["article_countries"], counts["quarantine"])


def test_a_data_dir_loaded_from_another_port_is_refused(demo):
    data_dir, *_ = demo
    with pytest.raises(ConfigError, match="DEMO_PORT"):
        run_demo(data_dir, LAST_DAY, history_days=HISTORY_DAYS, port=free_port())


def test_the_digests_get_a_note_naming_the_assigned_days(demo):
    data_dir, *_ = demo
    note = json.loads((data_dir / "digests" / "note.json").read_text(encoding="utf-8"))
    assert note["kind"] == "demo-replay" and note["last_day"] == LAST_DAY and note["history_days"] == HISTORY_DAYS
    assert "assigned by the demo" in note["text"] and note["first_day"] in note["text"]


def test_the_data_docs_index_links_every_stage(demo):
    data_dir, *_ = demo
    index = data_dir / "gx_docs" / "index.html"
    page = index.read_text(encoding="utf-8")
    for stage in ("feed_items", "articles", "batch"):
        assert f'href="{stage}/index.html"' in page
        assert (index.parent / stage / "index.html").is_file()
