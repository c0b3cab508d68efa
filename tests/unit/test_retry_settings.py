"""The retry queue's settings (MEDIAMON_RETRY_DAYS, MEDIAMON_RETRY_ATTEMPTS), which failures it asks again
(warehouse.state.is_temporary) and the reason a last failed retry records (stages._gave_up)."""
from __future__ import annotations

import pytest

from mediamon.errors import PERMANENT_ERRORS, ConfigError
from mediamon.settings import RETRY_ATTEMPTS, RETRY_DAYS, settings_from_env
from mediamon.stages import _gave_up
from mediamon.warehouse.state import is_temporary


def test_defaults_and_overrides():
    assert (settings_from_env({}).retry_days, settings_from_env({}).retry_attempts) == (RETRY_DAYS, RETRY_ATTEMPTS)
    chosen = settings_from_env({"MEDIAMON_RETRY_DAYS": "5", "MEDIAMON_RETRY_ATTEMPTS": "1"})
    assert (chosen.retry_days, chosen.retry_attempts) == (5, 1)


@pytest.mark.parametrize(("var", "value", "says"), [("MEDIAMON_RETRY_DAYS", "-1", "below 0"),
                                                     ("MEDIAMON_RETRY_ATTEMPTS", "0", "below 1"),
                                                     ("MEDIAMON_RETRY_ATTEMPTS", "three", "not a whole number")])
def test_a_bad_value_names_the_variable_and_the_fix(var, value, says):
    with pytest.raises(ConfigError, match=f"{var}='{value}' is {says}: give a whole number"):
        settings_from_env({var: value})


@pytest.mark.parametrize("reason", ["http-503", "http-429: Retry-After longer than 120 s", "timeout: read",
                                    "connection-refused: [Errno 111]", "robots-unreachable: robots.txt answered 503",
                                    "host-skipped: 5 failures"])
def test_temporary_failures_are_retried(reason):
    assert is_temporary(reason)


@pytest.mark.parametrize("reason", [*PERMANENT_ERRORS, "http-403", "too-large: 11 MB", "http-5000"])
def test_other_failures_are_not(reason):
    assert not is_temporary(reason)


def test_only_the_last_allowed_retry_of_a_temporary_failure_says_it_gave_up():
    last = {"retry_attempt": 3, "retry_attempts": 3, "retry_since": "2026-02-02"}
    assert _gave_up("http-503: gave up after 3 tries", last) == (
        "http-503: gave up after 3 tries; retries given up after 3 runs (failing since 2026-02-02), not asked again")
    assert _gave_up("timeout", last).startswith("timeout: retries given up after 3 runs")
    assert _gave_up("http-503", {**last, "retry_attempt": 2}) == "http-503"
    assert _gave_up("http-404", last) == "http-404"
    assert _gave_up("http-503", {}) == "http-503"


def test_the_fetch_timeouts_are_settings():
    chosen = settings_from_env({"MEDIAMON_CONNECT_TIMEOUT_S": "2", "MEDIAMON_READ_TIMEOUT_S": "7.5",
                                "MEDIAMON_DEADLINE_S": "20"})
    assert (chosen.connect_timeout_s, chosen.read_timeout_s, chosen.deadline_s) == (2.0, 7.5, 20.0)


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf", "soon"])
def test_a_fetch_timeout_that_is_no_positive_number_is_refused(value):
    with pytest.raises(ConfigError, match=f"MEDIAMON_READ_TIMEOUT_S='{value}' is not a number of seconds above 0"):
        settings_from_env({"MEDIAMON_READ_TIMEOUT_S": value})
