"""Which run takes a staged items file: by when the file was written (staged_at, read under the staging lock), not by
when its pass started; files staged before staged_at existed go by first_seen_at. Real files in tmp_path."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mediamon.discover.polling import items_dir, items_staged_between, staging_cut, staging_lock
from mediamon.rundir import write_jsonl

MIDNIGHT = datetime(2026, 3, 3, 0, 0, tzinfo=timezone.utc)


def stage(data_dir: Path, name: str, url: str, first_seen_at: datetime, staged_at: datetime | str | None) -> None:
    """One staged items file in the folder of its pass's start, holding one item."""
    row = {"source_id": "s", "feed_url": "https://news.example/feed.xml", "url": url, "title": "t",
           "summary": None, "published_at": None, "first_seen_at": first_seen_at.isoformat(), "poll_id": name}
    if staged_at is not None:
        row["staged_at"] = staged_at if isinstance(staged_at, str) else staged_at.isoformat()
    write_jsonl(items_dir(data_dir, first_seen_at.date()) / f"{name}.jsonl", [row])


def urls(rows: list[dict]) -> list[str]:
    """The URLs of staged rows, in order."""
    return [row["url"] for row in rows]


def test_a_pass_started_before_a_run_but_written_after_goes_to_the_next_run(tmp_path: Path) -> None:
    started = MIDNIGHT - timedelta(minutes=1)  # the pass starts on the 2nd, its file lands after the run's start
    stage(tmp_path, "late", "https://news.example/late", started, MIDNIGHT + timedelta(minutes=1))
    stage(tmp_path, "early", "https://news.example/early", started - timedelta(hours=1), started)
    run_start, next_start = MIDNIGHT, MIDNIGHT + timedelta(hours=24)
    assert urls(items_staged_between(tmp_path, run_start - timedelta(days=1), run_start)) == ["https://news.example/early"]
    assert urls(items_staged_between(tmp_path, run_start, next_start)) == ["https://news.example/late"]
    assert items_staged_between(tmp_path, next_start, next_start + timedelta(days=1)) == []


def test_a_file_without_staged_at_counts_at_its_first_seen_at(tmp_path: Path) -> None:
    stage(tmp_path, "old", "https://news.example/old", MIDNIGHT, None)
    assert urls(items_staged_between(tmp_path, None, MIDNIGHT + timedelta(seconds=1))) == ["https://news.example/old"]
    assert items_staged_between(tmp_path, None, MIDNIGHT) == []


def test_a_damaged_staged_at_skips_its_line(tmp_path: Path, caplog) -> None:
    stage(tmp_path, "bad", "https://news.example/bad", MIDNIGHT, "yesterday")
    stage(tmp_path, "good", "https://news.example/good", MIDNIGHT, MIDNIGHT)
    assert urls(items_staged_between(tmp_path, None, MIDNIGHT + timedelta(hours=1))) == ["https://news.example/good"]
    assert "bad.jsonl: line 1 damaged" in caplog.text


def test_a_run_stamps_its_start_only_once_a_file_being_written_is_written(tmp_path: Path) -> None:
    held, stamps = threading.Event(), []

    def writer() -> None:
        with staging_lock(tmp_path):
            held.set()
            time.sleep(0.3)
            stamps.append(datetime.now(timezone.utc))

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(5)
    cut = staging_cut(tmp_path)
    thread.join()
    assert stamps and cut > stamps[0]
