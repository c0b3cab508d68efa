"""JSON nested deeper than Python reads (a line of 100,000 '['), in the files a run, the poller and the digest pages
read back: each reader treats it as damage, with the error or warning it gives any other unreadable file, instead of
a RecursionError escaping the `except ValueError` around it. Real files in tmp_path."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mediamon.digest.alerts import read_alerts
from mediamon.digest.webapp import read_summary, summary_problem
from mediamon.discover.polling import items_dir, items_staged_between, read_state, state_path
from mediamon.errors import RunFileError
from mediamon.rundir import read_json, read_jsonl, write_jsonl

DEEP = "[" * 100_000 + "]" * 100_000


def test_a_run_file_line_nested_too_deeply_is_a_run_file_error(tmp_path: Path) -> None:
    path = tmp_path / "shard-01.jsonl"
    path.write_text('{"url": "https://news.example/a"}\n' + DEEP + "\n", encoding="utf-8")
    rows = read_jsonl(path)
    assert next(rows) == {"url": "https://news.example/a"}
    with pytest.raises(RunFileError, match=r"line 2: its JSON is nested too deeply to read"):
        next(rows)


def test_a_run_json_nested_too_deeply_is_a_run_file_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(RunFileError, match="plan.json: its JSON is nested too deeply"):
        read_json(path)


def test_alerts_nested_too_deeply_send_none_and_say_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "alerts.json").write_text(DEEP, encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="mediamon.digest.alerts"):
        assert read_alerts(tmp_path) == []
    assert "cannot be read (RecursionError" in caplog.text


def test_a_summary_nested_too_deeply_is_a_problem_the_page_names(tmp_path: Path) -> None:
    (tmp_path / "2026-03-03").mkdir()
    (tmp_path / "2026-03-03" / "summary.json").write_text(DEEP, encoding="utf-8")
    assert read_summary(tmp_path, "2026-03-03") is None
    assert "RecursionError" in (summary_problem(tmp_path, "2026-03-03") or "")


def test_a_poll_state_nested_too_deeply_is_set_aside(tmp_path: Path) -> None:
    path = state_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"feeds": ' + DEEP + "}", encoding="utf-8")
    assert read_state(tmp_path) == {}
    assert not path.exists()
    assert len(list(path.parent.glob("state.damaged-*.json"))) == 1


def test_a_staged_item_nested_too_deeply_is_skipped(tmp_path: Path) -> None:
    seen = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)
    row = {"source_id": "s", "feed_url": "https://news.example/feed.xml", "url": "https://news.example/a",
           "title": "t", "summary": None, "published_at": None, "first_seen_at": seen.isoformat(), "poll_id": "p"}
    path = items_dir(tmp_path, seen.date()) / "p.jsonl"
    write_jsonl(path, [row])
    with path.open("a", encoding="utf-8") as fh:
        fh.write(DEEP + "\n")
    taken = items_staged_between(tmp_path, seen - timedelta(hours=1), seen + timedelta(hours=1))
    assert [r["url"] for r in taken] == ["https://news.example/a"]
