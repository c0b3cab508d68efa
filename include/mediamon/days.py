"""Run dates: the one rule every command, DAG parameter and stage applies to a day it is given.

A day is written YYYY-MM-DD (nothing else Python's fromisoformat accepts, such as 20260115 or
2026-W03-4) and lies between FIRST_DAY and tomorrow (UTC), so a bad date stops a command before
any request is made.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from mediamon.errors import ConfigError

FIRST_DAY = date(1990, 1, 1)  # before the web's news sites
DAY_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def today() -> date:
    """The current day in UTC: the day a run started now processes, as the DAGs' logical dates and the feed
    poller's day folders count days (the host's local day differs near midnight wherever it is not UTC)."""
    return datetime.now(timezone.utc).date()


def last_day() -> date:
    """The latest day that may be processed: tomorrow in UTC (a day that started somewhere on earth)."""
    return today() + timedelta(days=1)


def parse_day(value: object, what: str = "date") -> date:
    """value as a date, or a ConfigError saying what to write instead."""
    text = str(value).strip() if value is not None else ""
    if not DAY_RE.fullmatch(text):
        raise ConfigError(f"{what} {value!r} is not a day: write it as YYYY-MM-DD, e.g. 2026-01-15")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{what} {text} is not a calendar day: check the month and the day") from None
    if not FIRST_DAY <= day <= last_day():
        raise ConfigError(f"{what} {text} is outside {FIRST_DAY} .. {last_day()}: give a past day or today")
    return day


def check_day(value: object, what: str = "date") -> str:
    """value as a YYYY-MM-DD string after parse_day's checks."""
    return parse_day(value, what).isoformat()
