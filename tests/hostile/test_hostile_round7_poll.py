"""A feed that has failed for years, seventh round: the poller doubles a failing feed's wait (capped at a day) as
interval * 2 ** (errors in a row - 3), and at the 1,027th error in a row (about 2.8 years of daily retries of a dead
feed left in the registry) that product overflowed a float. The OverflowError escaped the pass, which saved no state,
so every later `mediamon poll` and feed_poll pass failed the same way for every feed. Now the wait stays a day however
long the streak, and the other feeds are polled and staged."""
from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from mediamon.discover.polling import MAX_INTERVAL_S, FeedState, poll_once, read_state, save_state
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
