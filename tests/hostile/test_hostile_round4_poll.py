"""Red-team cases on the feed poller's state file (<data-dir>/poll/state.json), damaged on disk or edited by hand:
cut short, not UTF-8, not an object, feeds of the wrong shape, values of the wrong type (a number that is NaN,
a date that is not ISO 8601, a list of numbers). Before, a file that could not be read, or one feed's next_due that
was not ISO 8601, stopped every later `mediamon poll` and feed_poll pass with a traceback until someone found the
file, and a `seen` written as text made that feed's every poll an unexpected-error. Now a file that cannot be read
is moved aside with a warning, a feed entry of the wrong type is left out with a warning, those feeds are polled as
new, and the pass goes on."""
from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pytest

from mediamon.discover.polling import FeedState, poll_once, read_state, save_state, state_path
from mediamon.settings import Settings
from tests.unit.test_polling import T0, fake_fetch, parser, window, write_sources

STEADY = "https://steady.example/feed.xml"
GOOD = FeedState(feed_url=STEADY, source_id="steady", interval_s=900.0, next_due=T0.isoformat(), polls=3,
                 seen=["https://news.example/a1"])
UNREADABLE = {
    "cut-short": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "utf-16": lambda text: text.encode("utf-16").decode("latin-1"),
    "a-list": lambda text: "[1, 2]",
    "no-feeds-key": lambda text: '{"version": 1}',
    "feeds-a-list": lambda text: '{"version": 1, "feeds": [1, 2]}',
    "nul-bytes": lambda text: "\x00" * 100,
}
WRONG_TYPES = {
    "interval-nan": {"interval_s": math.nan},
    "interval-infinite": {"interval_s": math.inf},
    "interval-text": {"interval_s": "900"},
    "polls-float": {"polls": 3.5},
    "polls-bool": {"polls": True},
    "next-due-not-iso": {"next_due": "next tuesday"},
    "seen-numbers": {"seen": [1, 2, 3]},
    "seen-text": {"seen": "https://news.example/a1"},
    "etag-number": {"etag": 12},
    "source-missing": {"source_id": None},
}


def write_state(data_dir: Path, text: str) -> Path:
    """A state.json holding text (written as Latin-1 so any code point below 256 is one byte)."""
    path = state_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("latin-1", "replace") if not text.isascii() else text.encode())
    return path


def good_text(tmp_path: Path) -> str:
    """The text of a state.json holding GOOD."""
    save_state(tmp_path / "good", {STEADY: GOOD})
    return state_path(tmp_path / "good").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", UNREADABLE)
def test_a_state_file_that_cannot_be_read_is_moved_aside_and_polling_starts_over(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    path = write_state(tmp_path / "data", UNREADABLE[damage](good_text(tmp_path)))
    damaged = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="mediamon.discover.polling"):
        assert read_state(tmp_path / "data") == {}
    aside = [p for p in path.parent.iterdir() if p.name.startswith("state.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged and not path.exists()
    assert any("cannot be read" in r.getMessage() and aside[0].name in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("wrong", WRONG_TYPES)
def test_a_feed_entry_of_the_wrong_type_is_left_out_and_the_others_kept(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, wrong: str) -> None:
    other = "https://other.example/feed.xml"
    data = json.loads(good_text(tmp_path))
    data["feeds"][other] = {**data["feeds"][STEADY], "feed_url": other, **WRONG_TYPES[wrong]}
    write_state(tmp_path / "data", json.dumps(data))
    with caplog.at_level(logging.WARNING, logger="mediamon.discover.polling"):
        assert read_state(tmp_path / "data") == {STEADY: GOOD}
    assert any("wrong type" in r.getMessage() for r in caplog.records)


def test_a_state_file_written_by_save_state_reads_back_whole(tmp_path: Path) -> None:
    assert json.loads(good_text(tmp_path))["feeds"][STEADY]["polls"] == 3
    assert read_state(tmp_path / "good") == {STEADY: GOOD}


@pytest.mark.parametrize("damage", ["cut-short", "a-list"])
def test_a_pass_over_a_damaged_state_file_polls_every_feed_and_writes_a_new_one(
        settings: Settings, tmp_path: Path, damage: str) -> None:
    write_sources(settings)
    write_state(settings.data_dir, UNREADABLE[damage](good_text(tmp_path)))
    items = window(50, 10)
    summary = poll_once(settings, now=T0, fetch=fake_fetch({STEADY: items}), parse=parser(items))
    assert (summary.feeds, summary.feeds_due, summary.new_items) == (2, 2, 10)
    assert set(read_state(settings.data_dir)) == {STEADY, "https://broken.example/feed.xml"}


def test_a_state_the_poller_wrote_with_its_recent_lists_reads_back_whole(tmp_path: Path) -> None:
    """The recent_* lists hold mappings (the over-cap, gap and future records), not texts: a state with them is no
    damaged entry."""
    state = FeedState(feed_url=STEADY, source_id="steady", next_due=T0.isoformat(), over_cap_items=1500,
                      recent_over_cap=[{"at": T0.isoformat(), "listed": 2000, "staged": 500}],
                      recent_gaps=[{"at": T0.isoformat(), "missed": 3}], recent_future=[{"url": "https://x.example/1"}])
    save_state(tmp_path, {STEADY: state})
    assert read_state(tmp_path) == {STEADY: state}


def test_a_recent_list_holding_texts_is_a_damaged_entry(tmp_path: Path) -> None:
    save_state(tmp_path, {STEADY: GOOD})
    data = json.loads(state_path(tmp_path).read_text(encoding="utf-8"))
    data["feeds"][STEADY]["recent_gaps"] = ["not a record"]
    state_path(tmp_path).write_text(json.dumps(data), encoding="utf-8")
    assert read_state(tmp_path) == {}
