"""The quality banner: failed checks as sentences with their limits, and links to their reports."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.digest.quality_notes import check_sentence, docs_link, quality_notes
from mediamon.quality import load_thresholds

OUTLETS = {"wikinews": "Wikinews", "gv": "Global Voices"}


@pytest.fixture(scope="module")
def thresholds() -> dict:
    """The shipped quality.yaml."""
    return load_thresholds()


@pytest.mark.parametrize("row, expected", [
    ({"suite": "batch", "expectation": "expect_column_values_to_be_between(undated_share)", "severity": "warn",
      "observed_value": "many undated articles: wikinews=0.93", "unexpected_count": 1},
     "Wikinews: 93% of its articles have no publication date (limit 50% per outlet)"),
    ({"suite": "batch", "expectation": "expect_column_values_to_be_between(extraction_rate)", "severity": "warn",
      "observed_value": "low extraction rate: gv=0.20, unknown-site=0.31", "unexpected_count": 2},
     "Global Voices: text came out of only 20% of its pages; unknown-site: text came out of only 31% of its pages "
     "(at least 50% expected)"),
    ({"suite": "batch", "expectation": "expect_column_values_to_be_between(volume_ratio)", "severity": "warn",
      "observed_value": "coverage gap (volume far below its 14-day median): gv=0.10"},
     "Global Voices: published 10% of its usual volume (14-day median), a possible coverage gap "
     "(at least 30% expected)"),
    ({"suite": "batch", "expectation": "expect_column_max_to_be_between(quarantine_share)", "severity": "warn",
      "observed_value": "0.35"}, "35% of today's records were quarantined (limit 20%)"),
    ({"suite": "articles", "expectation": "expect_column_values_to_not_be_null(language)", "severity": "warn",
      "unexpected_count": 12}, "12 articles have no detected language (at least 50% should have one)"),
    ({"suite": "articles", "expectation": "expect_column_values_to_not_be_null(title)", "severity": "row",
      "unexpected_count": 1}, "1 article has no title"),
    ({"suite": "feed_items", "expectation": "expect_compound_columns_to_be_unique(source_id, url)",
      "severity": "row", "unexpected_count": 3}, "3 feed items are listed twice"),
    ({"suite": "batch", "expectation": "expect_table_row_count_to_be_between", "severity": "critical",
      "observed_value": "0"}, "No enabled outlet reached the checks today"),
    ({"suite": "custom", "expectation": "expect_column_mean_to_be_between(score)", "severity": "warn",
      "unexpected_count": None}, "custom: score failed the check “column mean to be between”"),
])
def test_failed_checks_read_as_sentences(row: dict, expected: str, thresholds: dict) -> None:
    assert check_sentence(row, thresholds, OUTLETS) == expected


def test_notes_put_critical_first_and_link_existing_reports(thresholds: dict, tmp_path: Path) -> None:
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "index.html").write_text("<html></html>")
    rows = [{"suite": "articles", "expectation": "expect_column_values_to_not_be_null(language)", "severity": "warn",
             "unexpected_count": 2},
            {"suite": "batch", "expectation": "expect_column_max_to_be_between(quarantine_share)",
             "severity": "critical", "observed_value": "0.95"}]
    notes = quality_notes(rows, thresholds, OUTLETS, tmp_path)
    assert [n["severity"] for n in notes] == ["critical", "warn"]
    assert notes[0]["text"] == "95% of today's records were quarantined (limit 90%)"
    assert notes[0]["docs"] == "gx_docs/batch/index.html" and notes[1]["docs"] is None   # no articles report here
    assert docs_link("batch", None) is None
