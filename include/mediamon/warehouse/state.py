"""What a run needs to know from the warehouse: feed validators, known URLs, recent stories and events."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mediamon.enrich.events import KNOWN_EVENT_DAYS
from mediamon.errors import redact_credentials
from mediamon.records import Source
from mediamon.settings import RETRY_ATTEMPTS, RETRY_DAYS

STORY_WINDOW_DAYS = 7
DEAD_FEED_FAILURES = 7  # consecutive failed runs after which a feed counts as dead
DEAD_FEED_RECHECK_DAYS = 7  # a dead feed is still requested once a week
# Page failures the retry queue asks again on later runs (with http-429 and http-5xx): the host or the network was
# down, not the page. Other reasons not in errors.PERMANENT_ERRORS are asked again only when a feed lists the page.
TEMPORARY_ERRORS = ("connection-error", "connection-refused", "timeout", "robots-unreachable", "host-skipped")


@dataclass(frozen=True)
class WarehouseState:
    """The warehouse as a run starts: what is known, so nothing is fetched or stored twice."""

    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    known_urls: frozenset[str] = frozenset()
    known_stories: tuple[dict[str, Any], ...] = ()
    source_history: tuple[dict[str, Any], ...] = ()
    # Of the latest day's newest run: the next run takes what the feed poller staged from then up to its own start.
    last_run_started_at: datetime | None = None
    latest_run_date: date | None = None  # the latest run day stored: a run of an earlier day takes no polled item
    retries: tuple[dict[str, Any], ...] = ()  # pages that failed for a temporary reason lately (retry_items)


def read_state(db_path: Path, run_date: str, *, known_events: Path | None = None, retry_days: int = RETRY_DAYS,
               retry_attempts: int = RETRY_ATTEMPTS) -> WarehouseState:
    """Read the state from the warehouse (read-only; WarehouseError when the run could not write it at its load);
    an absent warehouse is an empty state. With known_events, also write the recent events' snapshot there
    (write_known_events) over the same connection. The retry queue holds the pages that failed for a temporary
    reason on the runs of the last retry_days days, and on fewer than retry_attempts runs, and are not known."""
    from mediamon import warehouse
    from mediamon.errors import PERMANENT_ERRORS
    warehouse.check_writable(db_path)  # the run loads into it: a read-only one stops here, before any request
    if not Path(db_path).exists():
        if known_events is not None:
            write_known_events(db_path, run_date, known_events)
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
        latest_day, last_run = con.execute(warehouse.read_sql("queries/state_last_polled_run")).fetchone() or (None, None)
        retries = retry_items(con, run_date, days=retry_days, attempts=retry_attempts)
        if known_events is not None:
            copy_known_events(con, run_date, known_events)
    known_urls = frozenset(r[0] for r in known)
    return WarehouseState(last_run_started_at=last_run, latest_run_date=latest_day,
        feeds=feeds, known_urls=known_urls, retries=tuple(r for r in retries if r["url"] not in known_urls),
        known_stories=tuple({"story_id": s, "article_id": a, "signature": json.loads(sig)}
                            for s, a, sig in stories),
        source_history=tuple({"source_id": s, "trailing_median_14d": m, "stored_today": n} for s, m, n in history))


def retry_items(con: Any, run_date: str, *, days: int, attempts: int) -> list[dict[str, Any]]:
    """The retry queue (state_retry_items.sql) over an open warehouse connection: one row per page, with its
    feed item's fields, the runs it failed on (failed_runs) and its first failed run date (first_failed)."""
    from mediamon import warehouse

    if attempts <= 1:  # no run after the first failure is allowed
        return []
    cur = con.execute(warehouse.read_sql("queries/state_retry_items"),
                      {"run_date": run_date, "days": days, "attempts": attempts, "temporary": list(TEMPORARY_ERRORS)})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def is_temporary(reason: str) -> bool:
    """Whether a page fetch failure's reason is one the retry queue asks again (as state_retry_items.sql reads it)."""
    import re

    code = reason.split(":")[0]
    return code in TEMPORARY_ERRORS or re.fullmatch(r"http-(429|5[0-9][0-9])", code) is not None


def write_known_events(db_path: Path, run_date: str, path: Path) -> Path:
    """Write recent stories with their event, and what events compare by for one story of each event
    (state_known_events.sql), to a Parquet file, atomically; no rows from an absent warehouse or one written
    before events (migration 006), and no stems before migration 009 (the next load applies both)."""
    from mediamon import warehouse

    with warehouse.connect(db_path, read_only=True) if Path(db_path).exists() else warehouse.memory() as con:
        return copy_known_events(con, run_date, path)


def copy_known_events(con: Any, run_date: str, path: Path) -> Path:
    """write_known_events over an open connection (the warehouse's, or one with no warehouse: no rows)."""
    import duckdb

    tmp = path.with_name(path.name + ".tmp")
    try:
        try:  # a current warehouse's (reading the catalog first costs about 5 ms on a new connection)
            _copy_known_events(con, _known_events_sql(), run_date, tmp)
        except (duckdb.CatalogException, duckdb.BinderException):  # an older warehouse, or none: a table or column
            _copy_known_events(con, _known_events_query(con), run_date, tmp)  # is missing
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _copy_known_events(con: Any, query: str, run_date: str, tmp: Path) -> None:
    """COPY the known-events query's rows to a Parquet file, uncompressed (a file the next stage reads once:
    snappy made it half as large and writing and reading it about 1 ms longer on a day of 5,000 articles)."""
    params = {"run_date": run_date, "days": KNOWN_EVENT_DAYS} if "$run_date" in query else {}
    con.execute(f"COPY ({query}) TO {_quoted(tmp)} (FORMAT parquet, COMPRESSION uncompressed)", params)


def _known_events_query(con: Any) -> str:
    """state_known_events.sql, or the same columns for an older warehouse a read-only plan opens before the next
    load migrates it: without stems (before 009), tables without article_run_date given their articles' run_date
    (before 008 and 016), or without rows (before 006 or with no warehouse)."""
    columns = {(t, c) for t, c in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN "
        "('articles', 'article_countries', 'article_topics', 'article_event_stems')").fetchall()}
    if ("articles", "event_id") not in columns:  # before 006 (or no warehouse): no rows
        return ("SELECT NULL::VARCHAR AS story_id, NULL::VARCHAR AS event_id, NULL::DOUBLE AS seconds, "
                "NULL::VARCHAR AS topic, NULL::VARCHAR[] AS countries, NULL::VARCHAR AS title_stems, "
                "NULL::VARCHAR AS lead_stems LIMIT 0")
    query = _known_events_sql()
    if not any(t == "article_event_stems" for t, _ in columns):  # before 009: no stems
        query = query.replace("FROM article_event_stems", "FROM (SELECT NULL::VARCHAR AS article_id, NULL::VARCHAR "
                              "AS title_stems, NULL::VARCHAR AS lead_stems, NULL::DATE AS article_run_date LIMIT 0)")
    for table in ("article_countries", "article_topics", "article_event_stems"):
        if any(t == table for t, _ in columns) and (table, "article_run_date") not in columns:
            query = query.replace(f"FROM {table}", f"FROM (SELECT x.*, a.run_date AS article_run_date FROM {table} x "
                                  "JOIN articles a USING (article_id))")
    return query


def _known_events_sql() -> str:
    """state_known_events.sql as a query to COPY (no trailing semicolon)."""
    from mediamon import warehouse

    return warehouse.read_sql("queries/state_known_events").strip().rstrip(";")


def _quoted(path: Path) -> str:
    """A path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def read_known_events(path: Path) -> dict[str, Any]:
    """The known-events file a run's plan wrote, as enrich.events Columns (None where the file holds NULL)."""
    import numpy as np

    from mediamon import warehouse
    from mediamon.enrich.events import EVENT_COLUMNS

    with warehouse.memory() as con:
        columns = con.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM read_parquet({_quoted(path)})").fetchnumpy()
    out = {}
    for name, values in columns.items():
        mask = np.ma.getmaskarray(values)
        data = np.ma.getdata(values)
        out[name] = np.where(mask, np.nan, data.astype(np.float64)) if name == "seconds" else np.where(mask, None, data)
    return out


def known_event_ids(path: Path) -> set[str]:
    """The events of recent days a run's plan knew (known_events.parquet); none when the file is absent."""
    return set(read_known_events(path)["event_id"].tolist()) if Path(path).exists() else set()


def plan_feeds(sources: list[Source], feeds: dict[str, dict[str, Any]], run_date: str) -> list[dict[str, Any]]:
    """Every feed of the enabled sources, with its validators and whether to skip it as dead."""
    day = date.fromisoformat(run_date)
    planned = []
    for source in sources:
        if not source.enabled:
            continue
        for url in source.feeds:
            known = feeds.get(url) or feeds.get(redact_credentials(url), {})  # stored without its credentials
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
