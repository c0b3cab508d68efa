"""Run dates: YYYY-MM-DD only, from FIRST_DAY to tomorrow; every other form gets a ConfigError that
says what to write."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from mediamon.days import FIRST_DAY, check_day, last_day, parse_day
from mediamon.errors import ConfigError
from mediamon.stages import plan_run


@pytest.mark.parametrize("value", ["2026-01-15", "1990-01-01", "2024-02-29"])
def test_a_day_in_range_is_accepted(value):
    assert check_day(value) == value


def test_today_and_tomorrow_are_accepted_but_not_later():
    assert parse_day(last_day().isoformat()) == last_day()
    with pytest.raises(ConfigError, match="outside"):
        parse_day((last_day() + timedelta(days=1)).isoformat())


@pytest.mark.parametrize("value, words", [
    ("20260115", "YYYY-MM-DD"), ("2026-W03-4", "YYYY-MM-DD"), ("2026-01-15T00:00", "YYYY-MM-DD"),
    ("2026-13-45", "calendar day"), ("2025-02-29", "calendar day"), ("9999-12-31", "outside"),
    ("1989-12-31", "outside"), (None, "YYYY-MM-DD"), ("", "YYYY-MM-DD"), ("２０２６-01-15", "YYYY-MM-DD"),
])
def test_other_forms_are_refused_with_what_to_write(value, words):
    with pytest.raises(ConfigError, match=words):
        parse_day(value, "run date")


def test_first_day_is_before_the_web():
    assert FIRST_DAY == date(1990, 1, 1)


def test_plan_run_refuses_a_bad_day_before_reading_anything(settings):
    with pytest.raises(ConfigError, match="run date"):
        plan_run(settings, "9999-12-31")  # the sources file does not even exist: the date is checked first
    assert not settings.data_dir.exists()
