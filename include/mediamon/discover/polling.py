"""Adaptive feed polling: each feed is read at its own interval, so items a busy feed rolls off its
window between two daily runs are still found.

    <data_dir>/poll/
        poll.lock                         one poller at a time (exclusive fcntl lock for the pass)
        staging.lock                      held while a pass writes its items file and while a run stamps its start
        state.json                        per-feed schedule state (written atomically)
        items/<YYYY-MM-DD>/<poll-id>.jsonl  new items of one pass (the day it started): FeedItem JSON + first_seen_at
                                          (the pass's start), poll_id and staged_at (when the file was written)
        gaps/<YYYY-MM-DD>.jsonl           possible gaps found by the passes started that day, each stamped staged_at

The interval rule: a feed's publishing rate (new items an hour) is the largest of three estimates: the
new items its polls brought, as exponentially decayed counts over TAU_H (recent) and TAU_DAY_H (a floor
through quiet night hours, so the first busy hour of the morning does not roll a window over), and its
window (dated items over the time since the oldest of them, which falls as a feed goes quiet). The interval
is the time in which TARGET_FILL of the window would be replaced at that rate, reached by growing at most
GROW per poll; a poll whose new items filled more than SHRINK_FILL of the window cuts it at once in
proportion; a poll with nothing new (a 304, an unchanged body or only known items) lets it grow by GROW.
Always within MIN_INTERVAL_S..MAX_INTERVAL_S. Passes are expected every MIN_INTERVAL_S: a feed is polled at
the pass nearest its due time (DUE_SLACK_S). A failing feed is retried at its interval ERROR_GRACE times,
then with doubling waits; its validators and interval are kept. A request the fetcher refused
(REFUSED_BY_SETTINGS: a private address without MEDIAMON_ALLOW_PRIVATE_HOSTS, a redirect to a scheme other
than http(s)) is not a failure of the feed: no error is counted and nothing backs off. A feed refused at its
own URL (nothing was sent) stays due, so a pass with other settings polls it at once; one refused after a
redirect (its server was asked) waits its interval.

A possible gap is recorded when a poll shares no item with the previous one and its oldest item is
newer than the newest seen before: items published in between may have rolled off unseen. A first poll,
a 304 and an error are never gaps. Undated feeds count as gaps only when the whole window was replaced.
A window replaced by exactly as many new items as it holds (nothing lost) looks the same from the feed
and is recorded too; TARGET_FILL keeps that rare.

Staging comes before saving the state, so a crash between them stages some items twice (under two
poll ids); staged_items_since and items_staged_between keep the first of each URL.

Which run takes a pass's items goes by when its file was written (staged_at), not by when the pass started: a
pass stamps first_seen_at at its start but writes its file after fetching every due feed, and a daily run may
plan in between. A run stamps its start (staging_cut) under the staging lock the pass writes its file under,
so every file was staged either before that start or after it; the run takes the files staged from the previous
run's start up to its own (items_staged_between), the next run those staged after. Possible gaps follow the same
rule: each is stamped staged_at when its pass appends it to the day's gaps file (gaps_staged_between). Both stamps read the same
host's clock: the poller and the runs' plan and shard tasks share the data directory (the warehouse queue).

A poll stages only new items among the newest max_items (Settings.max_feed_items, MEDIAMON_MAX_FEED_ITEMS) of
the response (discover.feeds.cap_items), so a feed listing 200,000 items gives at most max_items staged
items however often it is polled. The new items beyond them are not staged nor remembered as seen: the
feed's state counts them (over_cap_items: in the last parsed response; over_cap_polls, recent_over_cap) and
a warning names the feed; the rate and interval count the staged items only. The warehouse is not touched here: the daily
ingest reads items_staged_between and loads as usual.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import logging
import math
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from mediamon.errors import FeedError, MediamonError
from mediamon.locks import exclusive_lock
from mediamon.records import FeedItem, FetchRequest, FetchResult, to_json_dict
from mediamon.rundir import write_json, write_jsonl
from mediamon.settings import Settings

logger = logging.getLogger(__name__)

MIN_INTERVAL_S = 15 * 60.0
MAX_INTERVAL_S = 24 * 3600.0
INITIAL_INTERVAL_S = 3600.0  # after a first poll that gives no dated item to estimate a rate from
TARGET_FILL = 1 / 4  # expected new items per poll, as a share of the window (well below it: rates swing)
SHRINK_FILL = 1 / 2  # a poll whose new items fill more of the window than this shrinks the interval at once
GROW = 1.5  # the most an interval grows per poll
TAU_H = 6.0  # hours over which the recent counts decay to 1/e
TAU_DAY_H = 24.0  # the same for the daily counts: a floor under the rate through quiet night hours
DUE_SLACK_S = MIN_INTERVAL_S / 2  # passes come every MIN_INTERVAL_S: a feed goes at the pass nearest its due time
ERROR_GRACE = 3  # errors in a row retried at the feed's interval before retries back off (doubling)
MAX_DOUBLINGS = 32  # a retry wait doubles at most this often (past MAX_INTERVAL_S from any interval): at the
# 1,027th error in a row, 2 ** 1024 times the interval overflowed a float and stopped every later pass
SEEN_LIMIT = 1000  # item URLs remembered per feed, or twice its last response's items when more (_remember)
FUTURE_TOLERANCE = timedelta(minutes=15)  # an item dated later than now + this is "dated in the future"
RECENT_RECORDS = 20  # gap and future-item records kept in the state per feed
STATE_VERSION = 1
STAGING_WAIT_S = 60.0  # the most a pass or a run waits for the staging lock (held only while one file is written)
STAGING_SLACK = timedelta(days=1)  # a pass writes its items file within this of its start (the file's folder day)
REFUSED_BY_SETTINGS = ("private-address", "bad-scheme")  # the run's own rules refused the request, not the feed

Fetch = Callable[..., list[FetchResult]]
ItemParser = Callable[[FetchResult], list[FeedItem]]


class PollerBusy(MediamonError):
    """Another poller holds <data_dir>/poll/poll.lock."""


@dataclass
class FeedState:
    """Schedule state of one feed."""

    feed_url: str
    source_id: str
    interval_s: float = INITIAL_INTERVAL_S
    next_due: str | None = None  # ISO; None: due now
    last_polled_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    seen: list[str] = field(default_factory=list)  # item URLs, oldest first (_remember keeps how many)
    last_keys: list[str] = field(default_factory=list)  # item URLs of the last parsed response
    newest_item_at: str | None = None  # newest item date seen (future dates excluded)
    window: int = 0  # items in the last parsed response
    window_dated: int = 0  # dated items in it (future dates excluded)
    window_oldest_at: str | None = None  # the oldest of those
    decayed_new: float = 0.0  # new items, exponentially decayed (TAU_H)
    decayed_hours: float = 0.0  # hours polled, exponentially decayed (TAU_H)
    daily_new: float = 0.0  # the same with TAU_DAY_H
    daily_hours: float = 0.0
    rate_per_h: float = 0.0  # the estimate the interval was set from
    polls: int = 0
    not_modified: int = 0
    new_items: int = 0
    errors: int = 0
    error_streak: int = 0
    last_error: str | None = None
    refusals: int = 0  # polls the run's settings refused (REFUSED_BY_SETTINGS): not counted in errors
    last_refusal: str | None = None  # the last one's reason, None once the feed was read again
    future_items: int = 0
    gaps: int = 0
    over_cap_items: int = 0  # new items of the last parsed response left unstaged: beyond the item cap
    over_cap_polls: int = 0  # polls whose response had new items beyond the item cap
    recent_over_cap: list[dict[str, Any]] = field(default_factory=list)
    recent_gaps: list[dict[str, Any]] = field(default_factory=list)
    recent_future: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class PollSummary:
    """What one pass did."""

    poll_id: str
    polled_at: str
    feeds: int  # enabled feeds known
    feeds_due: int
    requests: int  # fetch attempts
    not_modified: int
    new_items: int
    gaps: int
    errors: int
    future_items: int
    items_path: str | None  # the staged file, None when nothing new
    over_cap_items: int = 0  # new items not staged: over their feed's item cap
    refused: int = 0  # feeds whose request the run's settings refused (REFUSED_BY_SETTINGS), not in errors


@dataclass(frozen=True)
class PollOutcome:
    """What one feed's poll changed, for the summary."""

    new_items: list[FeedItem]
    not_modified: bool = False
    error: str | None = None
    gap: dict[str, Any] | None = None
    future: int = 0
    over_cap: int = 0  # new items not staged: over the item cap
    refused: str | None = None  # the reason, when the run's settings refused the request


def poll_dir(data_dir: Path) -> Path:
    """<data_dir>/poll."""
    return Path(data_dir) / "poll"


def state_path(data_dir: Path) -> Path:
    """<data_dir>/poll/state.json."""
    return poll_dir(data_dir) / "state.json"


def items_dir(data_dir: Path, day: date | str) -> Path:
    """<data_dir>/poll/items/<day>: the staged items of one day."""
    return poll_dir(data_dir) / "items" / str(day)


def gaps_path(data_dir: Path, day: date | str) -> Path:
    """<data_dir>/poll/gaps/<day>.jsonl."""
    return poll_dir(data_dir) / "gaps" / f"{day}.jsonl"


def poll_lock(data_dir: Path, *, wait_s: float = 0.0) -> AbstractContextManager[None]:
    """Hold the exclusive poll lock; waits up to wait_s, then raises PollerBusy."""
    path = poll_dir(data_dir) / "poll.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    return exclusive_lock(path, wait_s=wait_s, poll_s=0.05,
                          busy=lambda: PollerBusy(f"another poller holds {path}; try again when its pass ends"))


def staging_lock(data_dir: Path, *, wait_s: float = STAGING_WAIT_S) -> AbstractContextManager[None]:
    """Hold <data_dir>/poll/staging.lock, under which a pass writes its items file and a run stamps its start."""
    path = poll_dir(data_dir) / "staging.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    return exclusive_lock(path, wait_s=wait_s, poll_s=0.05,
                          busy=lambda: PollerBusy(f"{path} was held for {wait_s:g} s while one file is written under "
                                                  "it: find the process holding it (fuser) and stop it"))


def staging_cut(data_dir: Path) -> datetime:
    """Now (UTC), read under the staging lock: every items file was staged before it or is stamped after it, so the
    run starting now takes the first (items_staged_between) and the next run the others."""
    with _staging(data_dir) as now:
        return now


@contextmanager
def _staging(data_dir: Path) -> Iterator[datetime]:
    """Hold the staging lock and give now (UTC): the stamp of what is staged, or of a run's start, under it."""
    with staging_lock(data_dir):
        yield datetime.now(timezone.utc)


def read_state(data_dir: Path) -> dict[str, FeedState]:
    """Per-feed state by feed URL (empty when no pass ran yet). A state.json that cannot be read (damaged on disk,
    edited by hand) is moved aside to state.damaged-<time>.json with a warning, and a feed whose entry holds a
    value of the wrong type is left out with a warning: those feeds are polled as new, and the pass goes on."""
    path = state_path(data_dir)
    if not path.exists():
        return {}
    try:
        feeds = json.loads(path.read_text(encoding="utf-8"))["feeds"]
        rows = list(feeds.items())
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:  # not UTF-8 or JSON, or not {"feeds": {...}}
        aside = path.with_name(f"state.damaged-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}.json")
        path.replace(aside)
        logger.warning("poll state %s cannot be read (%s: %s): moved to %s; every feed is polled as new", path,
                       type(err).__name__, str(err)[:120], aside.name)
        return {}
    states = {url: state for url, row in rows if (state := _state_of(url, row)) is not None}
    if len(states) < len(rows):
        logger.warning("poll state %s: %s feed entries hold values of the wrong type and are polled as new", path,
                       len(rows) - len(states))
    return states


def _state_of(url: object, row: object) -> FeedState | None:
    """One feed's FeedState from its state.json entry; None when a value is not of its field's type (a number
    that is NaN or infinite, a date that is not ISO 8601, a list of other than texts)."""
    if not isinstance(url, str) or not isinstance(row, dict):
        return None
    values = {f.name: row[f.name] for f in dataclasses.fields(FeedState) if f.name in row}
    if not all(_fits(f, values[f.name]) for f in dataclasses.fields(FeedState) if f.name in values):
        return None
    try:
        return FeedState(**values)
    except TypeError:  # feed_url or source_id missing
        return None


def _fits(spec: dataclasses.Field, value: object) -> bool:
    """Whether a state.json value fits its FeedState field, judged by the field's default (and, for a list, by the
    type of its items the field names: texts, or mappings as the recent_* lists hold)."""
    default = spec.default_factory() if spec.default_factory is not dataclasses.MISSING else spec.default
    if isinstance(default, list):
        item = dict if str(spec.type).startswith("list[dict") else str
        return isinstance(value, list) and all(isinstance(v, item) for v in value)
    if isinstance(default, float):
        return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]
    if isinstance(default, int):
        return type(value) is int
    if value is None:
        return default is None
    if not isinstance(value, str):
        return False
    return not spec.name.endswith(("_at", "_due")) or _is_iso(value)


def _is_iso(text: str) -> bool:
    """Whether text is an ISO 8601 date and time Python reads."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def save_state(data_dir: Path, states: dict[str, FeedState]) -> Path:
    """Write state.json atomically."""
    return write_json(state_path(data_dir), {"version": STATE_VERSION,
                                             "feeds": {url: dataclasses.asdict(s) for url, s in states.items()}})


def ideal_interval_s(rate_per_h: float, window: int) -> float:
    """Seconds in which TARGET_FILL of the window would be replaced at this rate (MAX when no rate)."""
    if rate_per_h <= 0:
        return MAX_INTERVAL_S
    return max(1, window) * TARGET_FILL / rate_per_h * 3600.0


def clamp_interval(seconds: float) -> float:
    """seconds within MIN_INTERVAL_S..MAX_INTERVAL_S."""
    return min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, seconds))


def next_interval(interval_s: float, *, rate_per_h: float, window: int, new_items: int) -> float:
    """The interval after a poll that brought new_items (0 for a 304) from a window of `window` items."""
    ideal = ideal_interval_s(rate_per_h, window)
    if new_items == 0:
        return clamp_interval(min(interval_s * GROW, max(interval_s, ideal)))
    proposed = min(ideal, interval_s * GROW)
    fill = new_items / max(1, window)
    if fill > SHRINK_FILL:
        proposed = min(proposed, interval_s * TARGET_FILL / fill)
    return clamp_interval(proposed)


def observe_rate(state: FeedState, new_items: int, elapsed_h: float) -> None:
    """Fold one poll's new items over elapsed_h hours into the decayed counts."""
    if elapsed_h <= 0:
        return
    decay, daily = math.exp(-elapsed_h / TAU_H), math.exp(-elapsed_h / TAU_DAY_H)
    state.decayed_new = state.decayed_new * decay + new_items
    state.decayed_hours = state.decayed_hours * decay + elapsed_h
    state.daily_new = state.daily_new * daily + new_items
    state.daily_hours = state.daily_hours * daily + elapsed_h


def estimate_rate(state: FeedState, now: datetime) -> float:
    """New items an hour: the largest of the recent and daily observed rates and the window's."""
    observed = max(state.decayed_new / state.decayed_hours if state.decayed_hours > 0 else 0.0,
                   state.daily_new / state.daily_hours if state.daily_hours > 0 else 0.0)
    windowed = 0.0
    if state.window_dated >= 2 and state.window_oldest_at:
        span_h = max(MIN_INTERVAL_S / 3600.0, (now - _parse_time(state.window_oldest_at)).total_seconds() / 3600.0)
        windowed = state.window_dated / span_h
    return max(observed, windowed)


def detect_gap(state: FeedState, items: list[FeedItem], now: datetime) -> dict[str, Any] | None:
    """A gap record when this parsed response may have missed items, else None (never on a first poll)."""
    if not state.last_keys or not items:
        return None
    previous = set(state.last_keys)
    if any(item.url in previous for item in items):
        return None
    dates = [d for d in (_usable_date(i, now) for i in items) if d is not None]
    newest_before = _parse_time(state.newest_item_at) if state.newest_item_at else None
    if dates and newest_before is not None:
        oldest = min(dates)
        if oldest <= newest_before:
            return None
        rate = len(dates) / max(MIN_INTERVAL_S / 3600.0, (now - oldest).total_seconds() / 3600.0)
        missed = max(1, round(rate * (oldest - newest_before).total_seconds() / 3600.0))
        return _gap_record(state, items, now, newest_before.isoformat(), oldest.isoformat(), missed, dated=True)
    if dates or newest_before is not None or len(items) < len(state.last_keys):
        return None  # dated on one side only, or a window that shrank: no evidence either way
    return _gap_record(state, items, now, state.last_polled_at, now.isoformat(), None, dated=False)


def _gap_record(state: FeedState, items: list[FeedItem], now: datetime, missed_from: str | None,
                missed_to: str, missed: int | None, *, dated: bool) -> dict[str, Any]:
    """One gap row: where, when, the window and the estimated missed range."""
    return {"feed_url": state.feed_url, "source_id": state.source_id, "detected_at": now.isoformat(),
            "previous_poll_at": state.last_polled_at, "items_in_window": len(items),
            "missed_from": missed_from, "missed_to": missed_to, "estimated_missed": missed, "dated": dated}


def apply_result(state: FeedState, result: FetchResult, now: datetime, parse: ItemParser, *,
                 max_items: int | None = None) -> PollOutcome:
    """Update one feed's state from its fetch outcome; returns the new items to stage (the newest max_items)
    and any gap."""
    previous = _parse_time(state.last_polled_at) if state.last_polled_at else None
    elapsed_h = (now - previous).total_seconds() / 3600.0 if previous else 0.0
    state.polls += 1
    if result.error is not None and result.error.startswith("not-modified"):
        return _not_modified(state, result, now, elapsed_h)
    if is_refused_by_settings(result):
        return _refused(state, result, now)
    items, error = _items_of(result, parse)
    if error is not None:
        return _failed(state, now, error)
    return _parsed(state, result, items, now, elapsed_h, max_items)


def _not_modified(state: FeedState, result: FetchResult, now: datetime, elapsed_h: float) -> PollOutcome:
    """A 304 or an unchanged body: nothing new, the interval may grow."""
    state.not_modified += 1
    state.etag = result.etag or state.etag
    state.last_modified = result.last_modified or state.last_modified
    observe_rate(state, 0, elapsed_h)
    _schedule(state, now, new_items=0)
    return PollOutcome(new_items=[], not_modified=True)


def is_refused_by_settings(result: FetchResult) -> bool:
    """True when the fetcher refused the request under the run's own rules (REFUSED_BY_SETTINGS)."""
    return result.error is not None and result.error.split(":", 1)[0] in REFUSED_BY_SETTINGS


def _refused(state: FeedState, result: FetchResult, now: datetime) -> PollOutcome:
    """A refused request: not a failure, no back-off; due again at once unless the feed's server was asked
    (a redirect was followed: bad-scheme is only ever a redirect's, sources.yaml feeds being http(s))."""
    assert result.error is not None
    state.refusals += 1
    state.last_refusal = result.error
    asked = result.error.startswith("bad-scheme") or (result.final_url or result.url) != result.url
    state.next_due = (now + timedelta(seconds=state.interval_s)).isoformat() if asked else None
    logger.warning("poll feed=%s refused=%s due=%s (not counted as a failure)", state.feed_url, result.error,
                   state.next_due or "next pass")
    return PollOutcome(new_items=[], refused=result.error)


def _failed(state: FeedState, now: datetime, error: str) -> PollOutcome:
    """A fetch or parse error: the interval is kept, retries back off, the validators stay."""
    state.errors += 1
    state.error_streak += 1
    state.last_error = error
    doublings = min(MAX_DOUBLINGS, max(0, state.error_streak - ERROR_GRACE))
    retry_s = min(MAX_INTERVAL_S, state.interval_s * 2.0 ** doublings)
    state.next_due = (now + timedelta(seconds=retry_s)).isoformat()
    logger.warning("poll feed=%s error=%s retry_in_s=%.0f", state.feed_url, error, retry_s)
    return PollOutcome(new_items=[], error=error)


def _parsed(state: FeedState, result: FetchResult, items: list[FeedItem], now: datetime,
            elapsed_h: float, max_items: int | None = None) -> PollOutcome:
    """A parsed response: new items (the newest max_items), gap check, rate and interval, validators."""
    from mediamon.discover.feeds import cap_items

    first = not state.seen and not state.last_keys
    seen = set(state.seen)
    planned, beyond = cap_items(items, max_items)
    new = [item for item in planned if item.url not in seen]
    over_cap = [item for item in beyond if item.url not in seen]
    _record_over_cap(state, len(items), len(new), len(over_cap), now)
    gap = detect_gap(state, items, now)
    future = [item for item in items if _is_future(item, now)]
    _remember(state, items, new, now)
    new_urls = {item.url for item in new}
    _record_future(state, [item for item in future if item.url in new_urls], now)
    state.etag, state.last_modified, state.body_sha256 = result.etag, result.last_modified, result.body_sha256
    state.new_items += len(new)
    state.error_streak, state.last_error, state.last_refusal = 0, None, None
    if gap is not None:
        state.gaps += 1
        state.recent_gaps = (state.recent_gaps + [gap])[-RECENT_RECORDS:]
        logger.warning("poll feed=%s possible-gap items=%s missed_from=%s missed_to=%s", state.feed_url,
                       len(items), gap["missed_from"], gap["missed_to"])
    if first:
        state.rate_per_h = estimate_rate(state, now)
        ideal = ideal_interval_s(state.rate_per_h, state.window)
        state.interval_s = clamp_interval(ideal if state.rate_per_h > 0 else INITIAL_INTERVAL_S)
        _set_due(state, now)
    else:
        observe_rate(state, len(new), elapsed_h)
        _schedule(state, now, new_items=len(new))
    return PollOutcome(new_items=new, gap=gap, future=sum(1 for item in future if item.url in new_urls),
                       over_cap=len(over_cap))


def _record_over_cap(state: FeedState, listed: int, staged: int, over_cap: int, now: datetime) -> None:
    """Count the new items beyond the item cap, and keep a record of a poll that had some."""
    state.over_cap_items = over_cap
    if not over_cap:
        return
    state.over_cap_polls += 1
    record = {"seen_at": now.isoformat(), "listed": listed, "staged": staged, "over_cap": over_cap}
    state.recent_over_cap = (state.recent_over_cap + [record])[-RECENT_RECORDS:]
    logger.warning("poll feed=%s over-feed-cap listed=%s staged=%s over_cap=%s", state.feed_url, listed, staged,
                   over_cap)


def _remember(state: FeedState, items: list[FeedItem], new: list[FeedItem], now: datetime) -> None:
    """Seen URLs (SEEN_LIMIT, or twice the response's items: a feed listing more than SEEN_LIMIT, under a raised
    MEDIAMON_MAX_FEED_ITEMS, would otherwise have its older items staged again at every poll), the last response's
    keys, the window and the newest item date."""
    state.seen = (state.seen + [item.url for item in reversed(new)])[-max(SEEN_LIMIT, 2 * len(items)):]
    state.last_keys = [item.url for item in items]
    dates = [d for d in (_usable_date(i, now) for i in items) if d is not None]
    state.window = len(items)
    state.window_dated = len(dates)
    state.window_oldest_at = min(dates).isoformat() if dates else None
    if dates:
        newest = max(dates)
        if state.newest_item_at is None or newest > _parse_time(state.newest_item_at):
            state.newest_item_at = newest.isoformat()


def _record_future(state: FeedState, items: list[FeedItem], now: datetime) -> None:
    """Count and keep a record of new items dated in the future (their dates feed no estimate)."""
    for item in items:
        state.future_items += 1
        record = {"url": item.url, "published_at": item.published_at.isoformat() if item.published_at else None,
                  "seen_at": now.isoformat()}
        state.recent_future = (state.recent_future + [record])[-RECENT_RECORDS:]
        logger.warning("poll feed=%s item-dated-in-future url=%s published_at=%s", state.feed_url, item.url,
                       record["published_at"])


def _schedule(state: FeedState, now: datetime, *, new_items: int) -> None:
    """New rate estimate and interval, and the next due time."""
    state.rate_per_h = estimate_rate(state, now)
    state.interval_s = next_interval(state.interval_s, rate_per_h=state.rate_per_h, window=state.window,
                                     new_items=new_items)
    state.error_streak, state.last_error, state.last_refusal = 0, None, None
    _set_due(state, now)


def _set_due(state: FeedState, now: datetime) -> None:
    """last_polled_at = now, next_due = now + interval."""
    state.last_polled_at = now.isoformat()
    state.next_due = (now + timedelta(seconds=state.interval_s)).isoformat()


def _items_of(result: FetchResult, parse: ItemParser) -> tuple[list[FeedItem], str | None]:
    """The response's items, or the error that stands for the poll."""
    if result.error is not None:
        return [], result.error
    if result.body is None:
        return [], "no-response"
    try:
        return parse(result), None
    except FeedError as err:
        return [], str(err)


def parse_items(result: FetchResult) -> list[FeedItem]:
    """Items of a fetched feed (parse_feed) or news sitemap (parse_sitemap: its own URLs only, an index's
    children are left to the daily discover); the default parser of poll_once."""
    from mediamon.discover.feeds import parse_feed
    from mediamon.discover.sitemaps import parse_sitemap

    assert result.body is not None
    url = result.final_url or result.url
    if result.body[:2] == b"\x1f\x8b" or _SITEMAP_ROOT.search(result.body[:4096]):  # gzip: a .xml.gz sitemap
        return parse_sitemap(result.body, url, source_id=result.source_id, content_type=result.content_type).items
    return parse_feed(result.body, url, source_id=result.source_id, content_type=result.content_type)


_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(?:urlset|sitemapindex)[\s>]")


def _usable_date(item: FeedItem, now: datetime) -> datetime | None:
    """The item's date unless it has none or lies in the future."""
    if item.published_at is None or _is_future(item, now):
        return None
    return item.published_at


def _is_future(item: FeedItem, now: datetime) -> bool:
    """True when the item is dated later than now (beyond FUTURE_TOLERANCE)."""
    return item.published_at is not None and item.published_at > now + FUTURE_TOLERANCE


def _parse_time(text: str) -> datetime:
    """An ISO timestamp as an aware datetime (UTC when it carries no zone)."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def enabled_feeds(settings: Settings) -> list[tuple[str, str]]:
    """(source_id, feed_url) of every enabled source's feeds, each URL once (re-read when the registry or the
    overlay changes)."""
    files = [Path(p) for p in (settings.sources_path, settings.sources_overlay_path) if p is not None]
    stats = [(p, p.stat()) for p in files]
    return list(_enabled_feeds(tuple((str(p.resolve()), st.st_mtime_ns, st.st_size) for p, st in stats)))


@functools.lru_cache(maxsize=4)
def _enabled_feeds(files: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, str], ...]:
    """The enabled feeds of the registry (and overlay), cached by the files' identity (a poller runs a pass every
    few minutes)."""
    from mediamon.discover.sources import load_sources

    feeds: dict[str, str] = {}
    overlay = Path(files[1][0]) if len(files) > 1 else None
    for source in load_sources(Path(files[0][0]), overlay=overlay):
        if source.enabled:
            for url in (*source.feeds, *source.sitemaps):  # a news sitemap is polled like a feed
                feeds.setdefault(url, source.source_id)
    return tuple((source_id, url) for url, source_id in feeds.items())


def due_feeds(states: dict[str, FeedState], now: datetime) -> list[FeedState]:
    """The feeds due by now + DUE_SLACK_S (never-polled feeds are due)."""
    horizon = now + timedelta(seconds=DUE_SLACK_S)
    return [s for s in states.values() if s.next_due is None or _parse_time(s.next_due) <= horizon]


def poll_once(settings: Settings, *, now: datetime | None = None, fetch: Fetch | None = None,
              parse: ItemParser | None = None, lock_wait_s: float = 0.0) -> PollSummary:
    """Poll the enabled feeds that are due at `now`, stage their new items and save the state.

    fetch defaults to mediamon.fetch.fetch_all (same signature). parse reads one fetched response into
    items (default parse_items, RSS/Atom); it is the hook for sitemap-only sources: pass one that sends
    sitemap URLs to mediamon.discover.sitemaps. Raises PollerBusy when another pass holds the lock
    longer than lock_wait_s; one feed's error never stops the pass.
    """
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    poll_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    with poll_lock(settings.data_dir, wait_s=lock_wait_s):
        states = _sync_feeds(read_state(settings.data_dir), enabled_feeds(settings))
        due = due_feeds(states, now)
        results = _fetch_due(due, settings, fetch) if due else []
        finals = {r.url: r for r in results}
        outcomes = [_poll_feed(state, finals.get(state.feed_url), now, parse or parse_items,
                               max_items=settings.max_feed_items) for state in due]
        items_path = _stage(settings.data_dir, poll_id, now, [i for o in outcomes for i in o.new_items])
        gaps = [o.gap for o in outcomes if o.gap is not None]
        if gaps:
            _append_gaps(settings.data_dir, now, gaps)
        if due or not state_path(settings.data_dir).exists():
            save_state(settings.data_dir, states)
    summary = PollSummary(poll_id=poll_id, polled_at=now.isoformat(), feeds=len(states), feeds_due=len(due),
                          requests=len(results), not_modified=sum(o.not_modified for o in outcomes),
                          new_items=sum(len(o.new_items) for o in outcomes), gaps=len(gaps),
                          errors=sum(o.error is not None for o in outcomes),
                          future_items=sum(o.future for o in outcomes),
                          items_path=str(items_path) if items_path else None,
                          over_cap_items=sum(o.over_cap for o in outcomes),
                          refused=sum(o.refused is not None for o in outcomes))
    logger.info("poll id=%s feeds=%s due=%s requests=%s not_modified=%s new_items=%s gaps=%s errors=%s "
                "over_cap_items=%s refused=%s", poll_id, summary.feeds, summary.feeds_due, summary.requests,
                summary.not_modified, summary.new_items, summary.gaps, summary.errors, summary.over_cap_items,
                summary.refused)
    return summary


def _sync_feeds(states: dict[str, FeedState], feeds: list[tuple[str, str]]) -> dict[str, FeedState]:
    """States of exactly the enabled feeds: new feeds start due, removed ones are dropped."""
    synced = {}
    for source_id, url in feeds:
        state = states.get(url) or FeedState(feed_url=url, source_id=source_id)
        state.source_id = source_id
        synced[url] = state
    return synced


def _fetch_due(due: list[FeedState], settings: Settings, fetch: Fetch | None) -> list[FetchResult]:
    """Conditional GETs of the due feeds in one polite batch; a failing fetcher fails every feed, not the pass."""
    if fetch is None:
        from mediamon.fetch import fetch_all as fetch
    requests = [FetchRequest(url=s.feed_url, source_id=s.source_id, kind="feed", etag=s.etag,
                             last_modified=s.last_modified, body_sha256=s.body_sha256) for s in due]
    try:
        return list(fetch(requests, settings))
    except Exception as err:  # recorded on every due feed below
        logger.exception("poll fetch failed for %s feeds", len(requests))
        stamp = datetime.now(timezone.utc)
        return [FetchResult(url=r.url, source_id=r.source_id, fetched_at=stamp, status=None, bytes=0,
                            elapsed_ms=0, error=f"unexpected-error: {type(err).__name__}: {err}", kind="feed")
                for r in requests]


def _poll_feed(state: FeedState, result: FetchResult | None, now: datetime, parse: ItemParser, *,
               max_items: int | None = None) -> PollOutcome:
    """One feed's outcome; any exception is recorded on the feed and the pass goes on."""
    try:
        if result is None:
            state.polls += 1
            return _failed(state, now, "no-response")
        return apply_result(state, result, now, parse, max_items=max_items)
    except Exception as err:  # one feed's bug must not stop the pass
        logger.exception("poll feed=%s unexpected error", state.feed_url)
        return _failed(state, now, f"unexpected-error: {type(err).__name__}: {err}")


def _stage(data_dir: Path, poll_id: str, now: datetime, items: list[FeedItem]) -> Path | None:
    """Write the pass's new items to items/<day>/<poll-id>.jsonl (atomically), stamped staged_at under the staging
    lock (see staging_cut); None when there are none."""
    if not items:
        return None
    seen_at = now.isoformat()
    with _staging(data_dir) as staged:
        staged_at = staged.isoformat()
        rows = ({**to_json_dict(item), "first_seen_at": seen_at, "poll_id": poll_id, "staged_at": staged_at}
                for item in items)
        return write_jsonl(items_dir(data_dir, now.date()) / f"{poll_id}.jsonl", rows)


def _append_gaps(data_dir: Path, now: datetime, gaps: list[dict[str, Any]]) -> Path:
    """Add gap records to the day's gaps file (rewritten atomically; the lock keeps writers apart), stamped staged_at
    under the staging lock as a pass's items are (see staging_cut)."""
    path = gaps_path(data_dir, now.date())
    with _staging(data_dir) as staged:
        staged_at = staged.isoformat()
        return write_jsonl(path, [*feed_gaps(data_dir, now.date()), *({**gap, "staged_at": staged_at} for gap in gaps)])


def staged_items_since(data_dir: Path, since: datetime, until: datetime | None = None) -> list[dict[str, Any]]:
    """Items first seen in [since, until), oldest first, each URL once (the first staging wins)."""
    since = since.astimezone(timezone.utc)
    return _staged_items(data_dir, since.date(), lambda row: _within(_parse_time(row["first_seen_at"]), since, until))


def items_staged_between(data_dir: Path, since: datetime | None, until: datetime) -> list[dict[str, Any]]:
    """Items whose file was staged in [since, until) (None: any time before until), oldest first, each URL once: what
    a run started at `until` takes when the run before it started at `since` (see staging_cut). A file staged
    before staged_at was written counts as staged at its first_seen_at."""
    return _staged_items(data_dir, _first_staged_day(since), lambda row: _within(_staged_time(row), since, until))


def gaps_staged_between(data_dir: Path, since: datetime | None, until: datetime) -> list[dict[str, Any]]:
    """Possible gaps staged in [since, until) (None: any time before until), by day file: what a run started at
    `until` takes when the run before it started at `since`, as items_staged_between. A gap staged before staged_at
    was written counts as staged at its detected_at."""
    folder = gaps_path(data_dir, date.min).parent
    first = _first_staged_day(since).isoformat()
    days = sorted(p.stem for p in folder.glob("*.jsonl") if p.stem >= first) if folder.is_dir() else []
    return [gap for day in days for gap in feed_gaps(data_dir, day)
            if _within(_parse_time(gap.get("staged_at") or gap["detected_at"]), since, until)]


def _staged_items(data_dir: Path, first_day: date, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The staged items in day folders from first_day on that `keep` accepts, oldest first, each URL once."""
    root = poll_dir(data_dir) / "items"
    if not root.is_dir():
        return []
    rows, urls = [], set()
    for day_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name >= first_day.isoformat()):
        for path in sorted(day_dir.glob("*.jsonl")):
            for row in _staged_rows(path):
                if not keep(row) or row["url"] in urls:
                    continue
                urls.add(row["url"])
                rows.append(row)
    rows.sort(key=lambda r: _parse_time(r["first_seen_at"]))
    return rows


def _first_staged_day(since: datetime | None) -> date:
    """The first day folder or file that may hold what was staged since `since` (a pass files what it stages under
    the day it started, at most STAGING_SLACK earlier); every day when since is None."""
    return (since.astimezone(timezone.utc) - STAGING_SLACK).date() if since is not None else date.min


def _within(moment: datetime, since: datetime | None, until: datetime | None) -> bool:
    """Whether moment lies in [since, until), an open end where None."""
    return (since is None or moment >= since) and (until is None or moment < until)


def _staged_time(row: dict[str, Any]) -> datetime:
    """When a staged item's file was written: staged_at, or first_seen_at for a file staged without it."""
    return _parse_time(row.get("staged_at") or row["first_seen_at"])


def _staged_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The items of one staged items file, damaged lines skipped (see _intact_rows)."""
    return _intact_rows(path, _is_staged_item, "item")


def _intact_rows(path: Path, intact: Callable[[dict[str, Any]], bool], what: str) -> Iterator[dict[str, Any]]:
    """The rows of one of the poller's JSON Lines files; a damaged line (not a UTF-8 JSON object, or not intact) is
    skipped with a warning naming the file and the line: these files outlive the pass and the run, so raising
    stopped every later daily run (items) or poll pass (gaps) until someone removed the file."""
    damaged: list[int] = []
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line.decode("utf-8"))
            except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
                row = None
            if not isinstance(row, dict) or not intact(row):
                damaged.append(number)
                continue
            yield row
    if damaged:
        shown = ", ".join(str(n) for n in damaged[:10]) + (f" and {len(damaged) - 10} more" if len(damaged) > 10 else "")
        logger.warning("poll %s file %s: line %s damaged (not a JSON %s record): skipped; the file's other rows are "
                       "read", what, path, shown, what)


def _is_staged_item(row: dict[str, Any]) -> bool:
    """Whether a staged row has what a run reads first: a url, an ISO 8601 first_seen_at and, when present, an
    ISO 8601 staged_at."""
    seen_at = row.get("first_seen_at")
    return (isinstance(row.get("url"), str) and isinstance(seen_at, str) and _is_iso(seen_at)
            and _absent_or_iso(row.get("staged_at")))


def _is_gap(row: dict[str, Any]) -> bool:
    """Whether a gap row has its feed_url, an ISO 8601 detected_at and, when present, an ISO 8601 staged_at."""
    detected = row.get("detected_at")
    return (isinstance(row.get("feed_url"), str) and isinstance(detected, str) and _is_iso(detected)
            and _absent_or_iso(row.get("staged_at")))


def _absent_or_iso(value: object) -> bool:
    """Whether a row's optional timestamp (staged_at) is absent or an ISO 8601 text Python reads."""
    return value is None or isinstance(value, str) and _is_iso(value)


def feed_gaps(data_dir: Path, day: date | str) -> list[dict[str, Any]]:
    """The possible gaps recorded on one day (UTC); a damaged line is skipped with a warning (see _intact_rows)."""
    path = gaps_path(data_dir, day)
    return list(_intact_rows(path, _is_gap, "gap")) if path.exists() else []
