"""A feed that has failed for years, seventh round: the poller doubles a failing feed's wait (capped at a day) as
interval * 2 ** (errors in a row - 3), and at the 1,027th error in a row (about 2.8 years of daily retries of a dead
feed left in the registry) that product overflowed a float. The OverflowError escaped the pass, which saved no state,
so every later `mediamon poll` and feed_poll pass failed the same way for every feed. Now the wait stays a day however
long the streak, and the other feeds are polled and staged.

Staged poll items damaged on disk: one line of poll/items/<day>/<poll-id>.jsonl that was cut short, not UTF-8, not an
object or lacking its url or first_seen_at stopped the daily run's plan (a RunFileError saying to re-run the day, which
read the same file again, or a KeyError), every day until someone removed the file. Now that line is skipped with a
warning naming the file and the line, and the other staged items join the run."""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta

import pytest

from mediamon.discover.polling import (
    MAX_INTERVAL_S,
    FeedState,
    feed_gaps,
    poll_once,
    read_state,
    save_state,
    staged_items_since,
)
from mediamon.settings import Settings
from tests.unit.test_polling import T0, fake_fetch, parser, window, write_sources

STEADY = "https://steady.example/feed.xml"
BROKEN = "https://broken.example/feed.xml"


@pytest.mark.parametrize("streak", [1_026, 5_000, 10**9])
def test_a_feed_failing_for_years_waits_a_day_and_the_pass_goes_on(settings: Settings, streak: int) -> None:
    write_sources(settings)
    save_state(settings.data_dir, {
        STEADY: FeedState(feed_url=STEADY, source_id="steady", next_due=T0.isoformat()),
        BROKEN: FeedState(feed_url=BROKEN, source_id="broken", interval_s=900.0, next_due=T0.isoformat(),
                          error_streak=streak, errors=streak)})
    items = window(50, 10)
    started = time.monotonic()
    summary = poll_once(settings, now=T0, fetch=fake_fetch({STEADY: items}), parse=parser(items))
    assert time.monotonic() - started < 10.0
    assert (summary.feeds_due, summary.new_items, summary.errors) == (2, 10, 1)
    broken = read_state(settings.data_dir)[BROKEN]
    assert broken.error_streak == streak + 1 and broken.last_error == "http-503"
    assert datetime.fromisoformat(broken.next_due) == T0 + timedelta(seconds=MAX_INTERVAL_S)


def test_a_feed_failing_a_few_times_still_backs_off_by_doubling(settings: Settings) -> None:
    write_sources(settings)
    save_state(settings.data_dir, {BROKEN: FeedState(feed_url=BROKEN, source_id="broken", interval_s=900.0,
                                                     next_due=T0.isoformat(), error_streak=4)})
    poll_once(settings, now=T0, fetch=fake_fetch({}), parse=parser([]))
    broken = read_state(settings.data_dir)[BROKEN]
    assert datetime.fromisoformat(broken.next_due) == T0 + timedelta(seconds=900.0 * 2 ** (5 - 3))


# --- staged items damaged on disk -----------------------------------------------------------------------------------

DAMAGED_LINES = {
    "cut-short": b'{"url": "https://steady.example/x", "first_seen_at": "2026-03-02T12:',
    "not-utf8": b'{"url": "https://steady.example/\xff", "first_seen_at": "2026-03-02T12:00:00+00:00"}',
    "a-json-list": b'["https://steady.example/x", "2026-03-02T12:00:00+00:00"]',
    "no-first-seen": b'{"url": "https://steady.example/x", "source_id": "steady"}',
    "first-seen-not-iso": b'{"url": "https://steady.example/x", "first_seen_at": "yesterday"}',
    "url-a-number": b'{"url": 12, "first_seen_at": "2026-03-02T12:00:00+00:00"}',
}


@pytest.mark.parametrize("damage", DAMAGED_LINES)
def test_a_damaged_line_of_staged_items_costs_that_line_and_is_named(
        settings: Settings, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    write_sources(settings)
    items = window(50, 10)
    poll_once(settings, now=T0, fetch=fake_fetch({STEADY: items}), parse=parser(items))
    (staged,) = sorted((settings.data_dir / "poll" / "items").rglob("*.jsonl"))
    lines = staged.read_bytes().splitlines(keepends=True)
    staged.write_bytes(b"".join(lines[:4]) + DAMAGED_LINES[damage] + b"\n" + b"".join(lines[4:]))
    with caplog.at_level(logging.WARNING, logger="mediamon.discover.polling"):
        rows = staged_items_since(settings.data_dir, T0 - timedelta(days=1))
    assert sorted(row["url"] for row in rows) == sorted(item.url for item in items)
    assert any(str(staged) in r.getMessage() and "line 5" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("damage", ["cut-short", "not-utf8", "a-json-list", "first-seen-not-iso"])
def test_a_damaged_line_of_the_gaps_file_costs_that_line_and_the_pass_goes_on(
        settings: Settings, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    write_sources(settings)
    earlier = {"feed_url": "https://other.example/feed.xml", "source_id": "other", "detected_at": T0.isoformat()}
    gaps = settings.data_dir / "poll" / "gaps" / f"{T0.date()}.jsonl"
    gaps.parent.mkdir(parents=True)
    gaps.write_bytes(json.dumps(earlier).encode() + b"\n"
                     + DAMAGED_LINES[damage].replace(b"first_seen_at", b"detected_at") + b"\n")
    first, later = window(10, 10), window(60, 9)  # the later window shares no item: a gap (sizes differ: new bodies)
    poll_once(settings, now=T0, fetch=fake_fetch({STEADY: first}), parse=parser(first))
    with caplog.at_level(logging.WARNING, logger="mediamon.discover.polling"):
        summary = poll_once(settings, now=T0 + timedelta(hours=6), fetch=fake_fetch({STEADY: later}),
                            parse=parser(later))
        recorded = feed_gaps(settings.data_dir, T0.date())
    assert summary.gaps == 1 and summary.new_items == 9
    assert [gap["feed_url"] for gap in recorded] == ["https://other.example/feed.xml", STEADY]
    assert read_state(settings.data_dir)[STEADY].last_polled_at == (T0 + timedelta(hours=6)).isoformat()
    assert any(str(gaps) in r.getMessage() and "line 2" in r.getMessage() for r in caplog.records)
