"""Words for people in the digests: dates and times in UTC, singular and plural, CLDR short country names."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from mediamon.digest.wording import (
    BADGES,
    country_name,
    country_names,
    human_day,
    human_published,
    human_time,
    language_name,
    more_text,
    plural,
    ratio_text,
)


@pytest.mark.parametrize("value, expected", [
    ("2026-12-03T12:24:33.123456+00:00", "3 Dec 2026, 12:24 UTC"),
    ("2026-12-03T14:24:00+02:00", "3 Dec 2026, 12:24 UTC"),          # shown in UTC
    ("2026-12-03T12:24:00", "3 Dec 2026, 12:24 UTC"),                # naive: read as UTC
    (datetime(2026, 1, 5, 0, 7, tzinfo=timezone(timedelta(hours=-5))), "5 Jan 2026, 05:07 UTC"),
    (None, ""),
    ("", ""),
])
def test_human_time(value: object, expected: str) -> None:
    assert human_time(value) == expected


def test_human_day() -> None:
    assert human_day("2026-03-31") == "31 Mar 2026"
    assert human_day(date(2026, 3, 31), weekday=True) == "Tue 31 Mar 2026"
    assert human_day("2026-03-01T23:00:00+00:00") == "1 Mar 2026"
    assert human_day(None) == ""


@pytest.mark.parametrize("count, noun, expected", [
    (1, "outlet", "1 outlet"), (2, "outlet", "2 outlets"), (0, "outlet", "0 outlets"),
    (1, "copy", "1 copy"), (3, "copy", "3 copies"), (1, "match", "1 match"), (21, "match", "21 matches"),
    (1, "story", "1 story"), (4.0, "article", "4 articles"), (1.0, "day", "1 day"), (None, "check", "– checks"),
])
def test_plural(count: object, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


@pytest.mark.parametrize("code, expected", [
    ("CD", "Congo (DRC)"), ("CG", "Congo (Republic)"), ("US", "United States"), ("GB", "United Kingdom"),
    ("HK", "Hong Kong"), ("PS", "Palestine"), ("MM", "Myanmar"), ("KZ", "Kazakhstan"), ("CA", "Canada"), ("KR", "South Korea"),
    ("RU", "Russia"), ("IR", "Iran"), ("XK", "Kosovo"), ("kz", "Kazakhstan"), ("QQ", "QQ"),
])
def test_short_country_names_from_cldr(code: str, expected: str) -> None:
    assert country_name(code) == expected


def test_every_iso_country_has_a_name_and_none_is_the_long_iso_form() -> None:
    import pycountry

    names = country_names()
    missing = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in names]
    assert missing == []
    assert not [n for n in names.values() if ", " in n and "The" in n]   # no "Congo, The Democratic Republic of the"


def test_ratio_text() -> None:
    assert ratio_text(22, 2.5) == "×8.8"
    assert ratio_text(1, 4) == "×0.2"
    assert ratio_text(3, 0) == "" and ratio_text(3, None) == ""
    assert ratio_text(6, 0.5) == "" and ratio_text(6, 1) == "×6.0"   # no multiple of half an article


def test_badges_explain_themselves() -> None:
    assert {"spike", "gap", "new", "watched", "fired"} <= set(BADGES)
    assert all(len(meaning) > 20 for meaning in BADGES.values())


def test_more_text_counts_what_a_list_leaves_out() -> None:
    assert more_text(23, "country") == "… and 23 more countries"
    assert more_text(1, "event") == "… and 1 more event"
    assert more_text(0, "event") == "" and more_text(None, "event") == ""


def test_language_names_come_from_the_cldr_table() -> None:
    assert [language_name(c) for c in ("en", "el", "ps", "zh", "kk")] == ["English", "Greek", "Pashto", "Chinese",
                                                                         "Kazakh"]
    assert language_name(None) == "unknown" and language_name("xx") == "xx"


def test_no_country_name_is_a_code() -> None:
    names = country_names()
    assert not [(code, name) for code, name in names.items() if name.upper() in names or len(name) <= 3]


def test_a_publication_time_at_midnight_utc_is_a_day() -> None:
    assert human_published("2005-07-15T00:00:00+00:00") == "15 Jul 2005"
    assert human_published("2005-07-15T02:00:00+02:00") == "15 Jul 2005"
    assert human_published("2026-12-03T12:24:33+00:00") == "3 Dec 2026, 12:24 UTC"
    assert human_published("2026-12-03T00:00:00.5+00:00") == "3 Dec 2026, 00:00 UTC"
    assert human_published(None) == ""
