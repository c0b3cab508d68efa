"""The per-source volume history a run is checked against, read from a real warehouse: a re-run of a day
counts the articles an earlier run of that day stored, so finding nothing new is not a coverage gap;
nor is a share of undated articles."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from mediamon import warehouse
from mediamon.quality import frames
from mediamon.rundir import Plan, RunDir, write_jsonl
from mediamon.warehouse.state import read_state

DAY = date(2026, 3, 31)


def fill(db: Path) -> None:
    """'wire' stores 2 articles a day for 10 days and 3 on DAY; 'weekly' stores 1 a day and none on DAY."""
    days = [(DAY - timedelta(days=n), 2, 1) for n in range(1, 11)] + [(DAY, 3, 0)]
    with warehouse.connect(db) as con:
        for day, wire, weekly in days:
            for source, count in (("wire", wire), ("weekly", weekly)):
                for n in range(count):
                    article_id = f"{source}-{day}-{n}"
                    con.execute("INSERT INTO articles (article_id, url, source_id, title, text, word_count, "
                                "text_source, first_seen_at, run_date, loaded_at) "
                                "VALUES (?, ?, ?, 't', 'x', 9, 'body', now(), ?, now())",
                                [article_id, f"https://{source}.example/{article_id}", source, day])


def test_history_names_the_articles_already_stored_for_the_day(tmp_path: Path) -> None:
    fill(tmp_path / "wh.duckdb")
    history = {r["source_id"]: r for r in read_state(tmp_path / "wh.duckdb", DAY.isoformat()).source_history}
    assert (history["wire"]["trailing_median_14d"], history["wire"]["stored_today"]) == (2, 3)
    assert (history["weekly"]["trailing_median_14d"], history["weekly"]["stored_today"]) == (1, 0)


def test_a_rerun_with_nothing_new_counts_the_stored_articles_as_the_days_volume(tmp_path: Path) -> None:
    fill(tmp_path / "wh.duckdb")
    run = RunDir.new(tmp_path / "data", DAY.isoformat(), "rerun")
    write_jsonl(run.known_history, read_state(tmp_path / "wh.duckdb", DAY.isoformat()).source_history)
    plan = Plan(run_id="rerun", run_date=DAY.isoformat(), started_at="2026-03-31T09:00:00+00:00",
                sources=[{"source_id": s, "enabled": True} for s in ("wire", "weekly")], feeds=[])
    stats = frames.batch_stats(run, [], pd.DataFrame({"payload": []}), plan).set_index("source_id")
    assert stats.loc["wire", "articles_today"] == 3 and stats.loc["wire", "articles_extracted"] == 0
    assert stats.loc["weekly", "articles_today"] == 0


def test_an_undated_share_warning_is_not_a_coverage_gap(tmp_path: Path) -> None:
    with warehouse.connect(tmp_path / "wh.duckdb") as con:
        for day, expectation in (("2026-03-30", "expect_column_values_to_be_between(undated_share)"),
                                 ("2026-03-31", "expect_column_values_to_be_between(volume_ratio)")):
            con.execute("INSERT INTO validation_results VALUES ('r', ?, 'batch', ?, 'warn', FALSE, 1, NULL, now())",
                        [day, expectation])
        gaps = con.execute("SELECT day::VARCHAR, expectations FROM coverage_gaps").fetchall()
    assert gaps == [("2026-03-31", "expect_column_values_to_be_between(volume_ratio)")]
