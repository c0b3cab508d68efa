"""Adaptive feed polling: the interval rule, gap detection, state files and the lock, one pass with a fake fetcher."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mediamon.discover import polling
from mediamon.discover.polling import (
    ERROR_GRACE,
    GROW,
    INITIAL_INTERVAL_S,
    MAX_INTERVAL_S,
    MIN_INTERVAL_S,
    FeedState,
    PollerBusy,
    apply_result,
    detect_gap,
    feed_gaps,
    next_interval,
    poll_lock,
    poll_once,
    read_state,
    save_state,
    staged_items_since,
    state_path,
)
from mediamon.records import FeedItem, FetchRequest, FetchResult
from mediamon.settings import Settings

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
FEED = "https://news.example/feed.xml"


def item(n: int, at: datetime | None) -> FeedItem:
    """Item n of the test feed, dated `at`."""
    return FeedItem(source_id="s", feed_url=FEED, url=f"https://news.example/a{n}", title=f"t{n}", summary=None,
                    published_at=at)


def window(newest: int, size: int, step: timedelta = timedelta(minutes=10)) -> list[FeedItem]:
    """The newest `size` items up to item `newest` (newest first), item n dated T0 - 1 day + n * step."""
    return [item(n, T0 - timedelta(days=1) + n * step) for n in range(newest, max(-1, newest - size), -1)]


def ok(items: list[FeedItem]) -> FetchResult:
    """A 200 carrying `items` (the parser below hands them back)."""
    return FetchResult(url=FEED, source_id="s", fetched_at=T0, status=200, bytes=1, elapsed_ms=1, error=None,
                       etag=f'"{len(items)}-{items[0].url if items else ""}"', body_sha256="x", kind="feed",
                       body=repr([i.url for i in items]).encode())


def not_modified() -> FetchResult:
    """A 304 answer."""
    return FetchResult(url=FEED, source_id="s", fetched_at=T0, status=304, bytes=0, elapsed_ms=1,
                       error="not-modified", from_cache=True, etag='"e"', body_sha256="x", kind="feed")


def parser(items: list[FeedItem]):
    """A parse hook that returns `items` for any response."""
    return lambda result: list(items)


# -- the interval rule


def test_interval_grows_slowly_when_nothing_new() -> None:
    assert next_interval(3600, rate_per_h=0.0, window=20, new_items=0) == pytest.approx(3600 * GROW)


def test_interval_growth_stops_at_the_rate_ideal() -> None:
    # 12 items an hour, window 20: a quarter of the window comes in 25 minutes
    assert next_interval(1200, rate_per_h=12.0, window=20, new_items=0) == pytest.approx(1500)
    assert next_interval(1500, rate_per_h=12.0, window=20, new_items=0) == pytest.approx(1500)


def test_interval_shrinks_fast_when_overlap_is_small() -> None:
    slow = next_interval(4 * 3600, rate_per_h=0.5, window=20, new_items=20)  # the whole window was new
    assert slow <= 4 * 3600 / 3
    assert next_interval(4 * 3600, rate_per_h=0.5, window=20, new_items=4) > slow  # good overlap: kept or grown


def test_interval_stays_in_bounds() -> None:
    assert next_interval(MIN_INTERVAL_S, rate_per_h=500.0, window=10, new_items=10) == MIN_INTERVAL_S
    assert next_interval(MAX_INTERVAL_S, rate_per_h=0.0, window=10, new_items=0) == MAX_INTERVAL_S
    interval = 3600.0
    for _ in range(40):
        interval = next_interval(interval, rate_per_h=0.0, window=10, new_items=0)
    assert interval == MAX_INTERVAL_S


def test_a_poll_that_brings_nothing_new_grows_the_interval() -> None:
    state = FeedState(FEED, "s")
    apply_result(state, ok(window(50, 10)), T0, parser(window(50, 10)))
    before = state.interval_s
    apply_result(state, not_modified(), T0 + timedelta(seconds=before), parser([]))
    assert state.interval_s > before and state.not_modified == 1


# -- gap detection


def polled(items: list[FeedItem], at: datetime = T0) -> FeedState:
    """A feed state after one poll that returned `items`."""
    state = FeedState(FEED, "s")
    apply_result(state, ok(items), at, parser(items))
    return state


def test_a_true_gap_is_detected() -> None:
    state = polled(window(50, 10))
    gap = detect_gap(state, window(75, 10), T0 + timedelta(hours=1))
    assert gap is not None and gap["items_in_window"] == 10 and gap["estimated_missed"] >= 1
    assert gap["missed_from"] < gap["missed_to"]


def test_no_gap_on_a_first_poll() -> None:
    state = FeedState(FEED, "s")
    outcome = apply_result(state, ok(window(50, 10)), T0, parser(window(50, 10)))
    assert outcome.gap is None and len(outcome.new_items) == 10


def test_no_gap_on_a_304() -> None:
    state = polled(window(50, 10))
    assert apply_result(state, not_modified(), T0 + timedelta(hours=5), parser([])).gap is None


def test_no_gap_on_a_feed_that_lost_nothing() -> None:
    state = polled(window(50, 10))
    at = T0
    for newest in range(55, 120, 5):  # 5 new items a poll, window 10: always overlapping
        at += timedelta(minutes=30)
        outcome = apply_result(state, ok(window(newest, 10)), at, parser(window(newest, 10)))
        assert outcome.gap is None and len(outcome.new_items) == 5
    assert state.gaps == 0


def test_no_gap_when_the_new_window_reaches_back_before_the_newest_seen() -> None:
    state = polled(window(50, 10))
    renamed = [FeedItem("s", FEED, f"https://news.example/moved{i.url[-2:]}", "t", None, published_at=i.published_at)
               for i in window(52, 10)]  # new URLs for old stories: no shared item, but not newer
    assert detect_gap(state, renamed, T0 + timedelta(hours=1)) is None


def test_items_dated_in_the_future_are_recorded_and_do_not_hide_gaps() -> None:
    state = polled(window(50, 10))
    future = item(999, T0 + timedelta(days=2))
    outcome = apply_result(state, ok([future, *window(55, 9)]), T0 + timedelta(minutes=30),
                           parser([future, *window(55, 9)]))
    assert outcome.future == 1 and state.future_items == 1 and state.recent_future[0]["url"].endswith("a999")
    assert datetime.fromisoformat(state.newest_item_at) < T0
    assert detect_gap(state, window(80, 10), T0 + timedelta(hours=2)) is not None


# -- state files, the lock, a whole pass


def test_state_is_saved_atomically_and_read_back(tmp_path: Path) -> None:
    state = polled(window(50, 10))
    save_state(tmp_path, {FEED: state})
    assert read_state(tmp_path)[FEED] == state
    assert [p.name for p in state_path(tmp_path).parent.iterdir()] == ["state.json"]  # no temp file left


def test_a_second_poller_fails_clearly(tmp_path: Path, settings: Settings) -> None:
    write_sources(settings)
    with poll_lock(settings.data_dir):
        with pytest.raises(PollerBusy, match="another poller"):
            poll_once(settings, now=T0, fetch=lambda requests, s: [])


def test_a_second_poller_can_wait_for_the_first(settings: Settings) -> None:
    write_sources(settings)
    released = threading.Event()

    def hold() -> None:
        with poll_lock(settings.data_dir):
            released.wait(5)
            time.sleep(0.2)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    released.set()
    summary = poll_once(settings, now=T0, fetch=fake_fetch({}), lock_wait_s=5)
    holder.join()
    assert summary.feeds == 2


SOURCES = """sources:
  - id: steady
    name: Steady
    homepage: https://steady.example/
    country: GB
    language: en
    feeds: [https://steady.example/feed.xml]
  - id: broken
    name: Broken
    homepage: https://broken.example/
    country: GB
    language: en
    feeds: [https://broken.example/feed.xml]
"""


def write_sources(settings: Settings) -> None:
    """Two sources: one feed that works, one that always fails."""
    settings.sources_path.write_text(SOURCES, encoding="utf-8")


def fake_fetch(bodies: dict[str, list[FeedItem]]):
    """A fetcher answering 200 with the given items per URL, 503 for the others."""
    def fetch(requests: list[FetchRequest], settings: Settings) -> list[FetchResult]:
        out = []
        for request in requests:
            items = bodies.get(request.url)
            error = None if items is not None else "http-503"
            out.append(FetchResult(url=request.url, source_id=request.source_id, fetched_at=T0, kind="feed",
                                   status=200 if items is not None else 503, bytes=1, elapsed_ms=1, error=error,
                                   body=repr([i.url for i in items]).encode() if items is not None else None,
                                   body_sha256=str(len(items or []))))
        return out
    return fetch


def test_a_pass_stages_new_items_and_one_feed_error_does_not_stop_it(settings: Settings) -> None:
    write_sources(settings)
    steady = "https://steady.example/feed.xml"
    first, second = window(50, 10), window(55, 10)
    summary = poll_once(settings, now=T0, fetch=fake_fetch({steady: first}), parse=parser(first))
    assert (summary.feeds_due, summary.new_items, summary.errors, summary.gaps) == (2, 10, 1, 0)
    later = T0 + timedelta(days=1)
    summary = poll_once(settings, now=later, fetch=fake_fetch({steady: second}), parse=parser(second))
    assert summary.new_items == 5
    rows = staged_items_since(settings.data_dir, T0)
    assert len(rows) == 15 and len({r["url"] for r in rows}) == 15
    assert {r["first_seen_at"] for r in rows} == {T0.isoformat(), later.isoformat()}
    assert len(staged_items_since(settings.data_dir, later)) == 5
    assert len(staged_items_since(settings.data_dir, T0, later)) == 10
    state = read_state(settings.data_dir)
    assert state["https://broken.example/feed.xml"].errors == 2
    assert state[steady].new_items == 15 and feed_gaps(settings.data_dir, later.date()) == []


def test_a_pass_records_a_gap_and_goes_on(settings: Settings) -> None:
    write_sources(settings)
    steady = "https://steady.example/feed.xml"
    poll_once(settings, now=T0, fetch=fake_fetch({steady: window(50, 10)}), parse=parser(window(50, 10)))
    later = T0 + timedelta(days=1)
    summary = poll_once(settings, now=later, fetch=fake_fetch({steady: window(90, 10)}), parse=parser(window(90, 10)))
    assert summary.gaps == 1 and summary.new_items == 10
    gaps = feed_gaps(settings.data_dir, later.date())
    assert [g["feed_url"] for g in gaps] == [steady]


def test_only_due_feeds_are_polled(settings: Settings) -> None:
    write_sources(settings)
    steady = "https://steady.example/feed.xml"
    asked: list[str] = []

    def fetch(requests, s):
        asked.extend(r.url for r in requests)
        return fake_fetch({steady: window(50, 10)})(requests, s)

    poll_once(settings, now=T0, fetch=fetch, parse=parser(window(50, 10)))
    asked.clear()
    summary = poll_once(settings, now=T0 + timedelta(minutes=1), fetch=fetch, parse=parser(window(50, 10)))
    assert summary.feeds_due == 0 and asked == []


def test_unexpected_parser_error_is_recorded_on_the_feed(settings: Settings) -> None:
    write_sources(settings)
    steady = "https://steady.example/feed.xml"

    def boom(result: FetchResult) -> list[FeedItem]:
        raise RuntimeError("bad parser")

    summary = poll_once(settings, now=T0, fetch=fake_fetch({steady: window(50, 10)}), parse=boom)
    assert summary.errors == 2
    assert "bad parser" in read_state(settings.data_dir)[steady].last_error


def test_bounds_are_the_documented_ones() -> None:
    assert (polling.MIN_INTERVAL_S, polling.MAX_INTERVAL_S) == (15 * 60, 24 * 3600)


def test_a_feed_listing_more_items_than_seen_limit_stages_only_its_new_item_on_the_next_poll() -> None:
    listed = window(1499, 1500)
    state = FeedState(FEED, "s")
    first = apply_result(state, ok(listed), T0, parser(listed), max_items=2000)
    again = window(1500, 1501)
    second = apply_result(state, ok(again), T0 + timedelta(hours=1), parser(again), max_items=2000)
    assert len(first.new_items) == 1500
    assert [i.url for i in second.new_items] == ["https://news.example/a1500"]


def refused(reason: str, final_url: str = FEED, url: str = FEED) -> FetchResult:
    """A request for url the fetcher refused under the run's settings at final_url (no response)."""
    return FetchResult(url=url, source_id="s", fetched_at=T0, status=None, bytes=0, elapsed_ms=0, kind="feed",
                       error=f"{reason}: refused", final_url=final_url)


def test_a_private_address_refusal_is_no_failure_and_leaves_the_feed_due() -> None:
    state = FeedState(FEED, "s")
    outcome = apply_result(state, refused("private-address"), T0, parser([]))
    assert outcome.refused == "private-address: refused" and outcome.error is None and outcome.new_items == []
    assert (state.errors, state.error_streak, state.last_error) == (0, 0, None)
    assert (state.refusals, state.last_refusal) == (1, "private-address: refused")
    assert state.next_due is None  # the next pass, with MEDIAMON_ALLOW_PRIVATE_HOSTS set, polls it at once
    outcome = apply_result(state, ok(window(50, 10)), T0 + timedelta(minutes=1), parser(window(50, 10)))
    assert len(outcome.new_items) == 10 and state.last_refusal is None and state.refusals == 1


@pytest.mark.parametrize(("reason", "final_url"), [("private-address", "http://10.0.0.1/feed.xml"),
                                                  ("bad-scheme", FEED)])
def test_a_refusal_after_a_redirect_waits_the_interval_and_never_backs_off(reason: str, final_url: str) -> None:
    state = FeedState(FEED, "s")
    for n in range(ERROR_GRACE + 3):  # failures would double the wait after ERROR_GRACE
        apply_result(state, refused(reason, final_url), T0 + timedelta(hours=n), parser([]))
    assert state.next_due == (T0 + timedelta(hours=ERROR_GRACE + 2, seconds=INITIAL_INTERVAL_S)).isoformat()
    assert (state.errors, state.error_streak, state.refusals) == (0, 0, ERROR_GRACE + 3)


def test_a_pass_counts_refusals_apart_from_errors_and_polls_the_feed_again_next_pass(settings: Settings) -> None:
    write_sources(settings)
    steady = "https://steady.example/feed.xml"

    def refusing(requests: list[FetchRequest], s: Settings) -> list[FetchResult]:
        return [refused("private-address", steady, steady) if r.url == steady else fake_fetch({})([r], s)[0] for r in requests]

    summary = poll_once(settings, now=T0, fetch=refusing, parse=parser([]))
    assert (summary.feeds_due, summary.refused, summary.errors) == (2, 1, 1)
    summary = poll_once(settings, now=T0 + timedelta(minutes=1), fetch=fake_fetch({steady: window(50, 10)}),
                        parse=parser(window(50, 10)))
    assert (summary.feeds_due, summary.new_items, summary.refused) == (1, 10, 0)  # the broken feed backs off
