"""What a run needs to know from the warehouse: feed validators, known URLs, recent stories and events."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mediamon.enrich.events import KNOWN_EVENT_DAYS, LEAD_CHARS
from mediamon.records import Source

STORY_WINDOW_DAYS = 7
DEAD_FEED_FAILURES = 7  # consecutive failed runs after which a feed counts as dead
DEAD_FEED_RECHECK_DAYS = 7  # a dead feed is still requested once a week


@dataclass(frozen=True)
class WarehouseState:
    """The warehouse as a run starts: what is known, so nothing is fetched or stored twice."""

    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    known_urls: frozenset[str] = frozenset()
    known_stories: tuple[dict[str, Any], ...] = ()
    known_events: tuple[dict[str, Any], ...] = ()  # recent articles with their event_id (state_known_events.sql)
    source_history: tuple[dict[str, Any], ...] = ()
    last_run_started_at: datetime | None = None  # of the newest loaded run: polled items since then are new


def read_state(db_path: Path, run_date: str) -> WarehouseState:
    """Read the state from the warehouse (read-only); an absent warehouse is an empty state."""
    from mediamon import warehouse
    from mediamon.errors import PERMANENT_ERRORS
    if not Path(db_path).exists():
        return WarehouseState()
    with warehouse.connect(db_path, read_only=True) as con:
        cur = con.execute(warehouse.read_sql("queries/state_feeds"))
        names = [d[0] for d in cur.description]
        feeds = {row[0]: dict(zip(names, row)) for row in cur.fetchall()}
        known = con.execute(warehouse.read_sql("queries/state_known_urls"),
                            {"permanent": list(PERMANENT_ERRORS)}).fetchall()
        stories = con.execute(warehouse.read_sql("queries/state_known_stories"),
                              {"run_date": run_date, "days": STORY_WINDOW_DAYS}).fetchall()
        history = con.execute(warehouse.read_sql("queries/state_source_history"), {"run_date": run_date}).fetchall()
        events = known_events(con, run_date)
        last_run = con.execute("SELECT max(started_at) FROM runs").fetchone()[0]
    return WarehouseState(last_run_started_at=last_run,
        feeds=feeds, known_urls=frozenset(r[0] for r in known),
        known_stories=tuple({"story_id": s, "article_id": a, "signature": json.loads(sig)}
                            for s, a, sig in stories),
        source_history=tuple({"source_id": s, "trailing_median_14d": m, "stored_today": n} for s, m, n in history),
        known_events=events)


def known_events(con: Any, run_date: str) -> tuple[dict[str, Any], ...]:
    """Recent articles with their event and stems, as JSON-ready rows (timestamps in ISO 8601); none from a
    warehouse written before events (migration 006), their text's opening instead of stems before migration 009
    (the next load applies both)."""
    from mediamon import warehouse

    present = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_columns() WHERE (table_name = 'articles' AND column_name = 'event_id') "
        "OR table_name = 'article_event_stems'").fetchall()}
    if "articles" not in present:
        return ()
    query = "state_known_events" if "article_event_stems" in present else "state_known_events_text"
    cur = con.execute(warehouse.read_sql(f"queries/{query}"),
                      {"run_date": run_date, "days": KNOWN_EVENT_DAYS, "lead_chars": LEAD_CHARS})
    names = [d[0] for d in cur.description]
    return tuple({k: v.isoformat() if isinstance(v, datetime) else v for k, v in zip(names, row)}
                 for row in cur.fetchall())


def plan_feeds(sources: list[Source], feeds: dict[str, dict[str, Any]], run_date: str) -> list[dict[str, Any]]:
    """Every feed of the enabled sources, with its validators and whether to skip it as dead."""
    day = date.fromisoformat(run_date)
    planned = []
    for source in sources:
        if not source.enabled:
            continue
        for url in source.feeds:
            known = feeds.get(url, {})
            planned.append({"feed_url": url, "source_id": source.source_id, "etag": known.get("etag"),
                            "last_modified": known.get("last_modified"),
                            "body_sha256": known.get("body_sha256"), "skip": is_dead(known, day)})
    return planned


def is_dead(feed: dict[str, Any], day: date) -> bool:
    """A feed that failed many runs in a row is skipped, except for a weekly re-check."""
    if (feed.get("consecutive_failures") or 0) < DEAD_FEED_FAILURES:
        return False
    last: datetime | None = feed.get("last_fetched_at")
    return last is not None and day - last.date() < timedelta(days=DEAD_FEED_RECHECK_DAYS)
