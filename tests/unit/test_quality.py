"""Quality policy pieces that need no GX: thresholds, schema drift, ratios, patterns, payloads."""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mediamon.errors import ConfigError, QualityError
from mediamon.quality import batch_frame, check_schema, load_thresholds, record_keys, validate_articles
from mediamon.quality.outcome import plain, quarantine_frame
from mediamon.quality.runner import slim_result
from mediamon.quality.suites import (
    ARTICLE_COLUMNS,
    FEED_ITEM_COLUMNS,
    boilerplate_patterns,
    end_of_run_day,
    text_lowercase,
)

PROJECT = Path(__file__).resolve().parents[2]


def test_thresholds_file_has_every_suite_and_valid_severities() -> None:
    config = load_thresholds()
    assert config["articles"]["min_words"] == 50
    assert config["batch"]["severity"]["articles_present"] == "critical"
    assert set(config["feed_items"]["severity"].values()) == {"row"}


@pytest.mark.parametrize(("text", "message"), [
    ("feed_items: {}\narticles: {}\n", "batch: missing"),
    ("feed_items: {}\narticles: {}\nbatch: {severity: {articles_present: fatal}}\n",
     "batch.severity.articles_present: 'fatal' is not one of row, warn, critical"),
    ("feed_items: [\n", "cannot read"),
])
def test_bad_thresholds_file_raises_config_error_naming_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "quality.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_thresholds(path)


def test_missing_column_is_schema_drift_naming_the_column() -> None:
    frame = pd.DataFrame(columns=[c for c in FEED_ITEM_COLUMNS if c != "guid"])
    with pytest.raises(QualityError, match=r"feed_items': schema drift, missing column\(s\) \['guid'\]"):
        check_schema(frame, FEED_ITEM_COLUMNS, "feed_items")


def test_dates_as_text_are_schema_drift() -> None:
    frame = pd.DataFrame([{c: None for c in ARTICLE_COLUMNS}])
    frame["published_at"] = ["2026-01-15"]
    with pytest.raises(QualityError, match="published_at is .*expected tz-aware datetime64"):
        check_schema(frame, ARTICLE_COLUMNS, "articles")


def test_articles_missing_a_child_column_fail_before_any_validation() -> None:
    articles = pd.DataFrame(columns=list(ARTICLE_COLUMNS))
    articles["published_at"] = pd.to_datetime(articles["published_at"], utc=True)
    with pytest.raises(QualityError, match="article_countries"):
        validate_articles(articles, pd.DataFrame(columns=["article_id", "code"]),
                          pd.DataFrame(columns=["article_id", "topic_code", "topic_label", "score"]),
                          run_date="2026-01-15", run_id="r")


def test_batch_ratios_are_unknown_when_counts_are_too_small_or_history_is_missing() -> None:
    stats = pd.DataFrame({"source_id": ["a", "b", "c"], "pages_attempted": [10, 3, 0],
                          "articles_extracted": [8, 3, 0], "articles_undated": [2, 3, 0],
                          "articles_quarantined": [0, 0, 0], "trailing_median_14d": [16.0, None, 0.0],
                          "articles_today": [8, 3, 0]})
    frame = batch_frame(stats, 0.25, min_count=5)
    assert frame["extraction_rate"].tolist()[0] == 0.8 and frame["undated_share"].tolist()[0] == 0.25
    assert frame["volume_ratio"].tolist()[0] == 0.5
    assert all(math.isnan(v) for v in frame.loc[1:, ["extraction_rate", "undated_share"]].to_numpy().ravel())
    assert math.isnan(frame["volume_ratio"][1]) and math.isnan(frame["volume_ratio"][2])
    assert frame["quarantine_share"].tolist() == [0.25] * 3


def test_end_of_run_day_is_midnight_after_run_date_plus_tolerance() -> None:
    assert end_of_run_day("2026-01-15", 24).isoformat() == "2026-01-17T00:00:00+00:00"


@pytest.mark.parametrize(("text", "flagged"), [
    ("Advertisement\nThe minister spoke.", True),
    ("The minister spoke.\n  ADVERTISEMENT \nMore text.", True),
    ("The minister spoke.\nMost Popular", True),
    ("By continuing you accept all cookies.", True),
    ("Read our Cookie Policy.", True),
    ("The advertisement campaign was banned.", False),
    ("Most popular among voters was the tax cut.", False),
    ("She baked cookies for the protesters.", False),
])
def test_boilerplate_patterns_match_markers_not_running_text(text: str, flagged: bool) -> None:
    lowered = text_lowercase(pd.Series([text]))[0]
    patterns = boilerplate_patterns(load_thresholds()["articles"])
    assert any(re.search(p, lowered) for p in patterns) is flagged


def test_record_keys_name_the_position_when_the_key_is_missing() -> None:
    frame = pd.DataFrame({"url": ["https://a.example/1", None, "  "]})
    assert record_keys(frame, "url") == ["https://a.example/1", "(no url) row 1", "(no url) row 2"]


def test_payload_values_become_plain_json() -> None:
    row = {"at": pd.Timestamp("2026-01-15T08:00:00Z"), "missing": pd.NaT, "nan": float("nan"),
           "n": pd.array([3], dtype="Int64")[0], "spans": [[0, 3, "UK"]], "none": None}
    assert json.dumps({k: plain(v) for k, v in row.items()}) == (
        '{"at": "2026-01-15T08:00:00+00:00", "missing": null, "nan": null, "n": 3, '
        '"spans": [[0, 3, "UK"]], "none": null}')


def test_copies_sharing_a_record_key_become_one_quarantine_row_with_all_reasons() -> None:
    frame = quarantine_frame("feed_items", [{"n": 1}, {"n": 2}], ["k", "k"], [["a"], ["a", "b"]],
                             run_date="2026-01-15")
    assert frame.to_dict("records") == [{"stage": "feed_items", "record_key": "k", "reasons": '["a", "b"]',
                                         "payload": '{"n": 1}', "run_date": "2026-01-15"}]


def test_docs_results_are_slimmed_to_a_sample_of_short_values() -> None:
    result = {"unexpected_count": 30, "unexpected_list": ["x"] * 30, "unexpected_index_list": [{"_row": 1}] * 30,
              "partial_unexpected_list": ["y" * 500] * 30}
    slim = slim_result(result)
    assert set(slim) == {"unexpected_count", "partial_unexpected_list"}
    assert len(slim["partial_unexpected_list"]) == 20 and len(slim["partial_unexpected_list"][0]) == 201


def test_importing_quality_does_not_import_great_expectations() -> None:
    code = "import sys, mediamon.quality; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PROJECT, env={"PYTHONPATH": str(PROJECT / "include"), "PATH": ""})
    assert out.stdout.strip() == "False"
