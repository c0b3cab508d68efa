"""`mediamon run` without --date processes today's UTC day, the day the DAGs' logical dates and the feed poller's day
folders name, whatever the host's time zone (a host at UTC+14 is a day ahead of UTC for 14 hours of each day)."""
from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import pytest

from mediamon.cli import _parser


@pytest.fixture
def far_east_host():
    """The process's local time zone set to UTC+14 (Kiritimati), restored after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Kiritimati"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_run_defaults_to_the_utc_day_on_a_host_far_from_utc(far_east_host) -> None:
    started = datetime.now(timezone.utc).date()
    default = _parser().parse_args(["run"]).date
    ended = datetime.now(timezone.utc).date()
    assert str(default) in {started.isoformat(), ended.isoformat()}
    local = datetime.now().date()  # the host's own day: a day ahead of UTC for 14 hours of each day
    assert local in {started, started + timedelta(days=1)}
