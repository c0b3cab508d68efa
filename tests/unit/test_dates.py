"""parse_date: localised, malformed and ISO dates to UTC; None rather than a guess."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mediamon.text.dates import parse_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "expected"), [
    ("mer, 16 nov 2022 00:38:15 +0100", utc(2022, 11, 15, 23, 38, 15)),        # Italian names
    ("Thu,28 Jul 2022 4:35:5 GMT+9", utc(2022, 7, 27, 19, 35, 5)),             # no space, 1-digit parts
    ("Seg, 24 Set 2018 19:22:00 -0300", utc(2018, 9, 24, 22, 22)),             # Portuguese
    ("Fri, 6 Jan 2017 18:12:01 +0100", utc(2017, 1, 6, 17, 12, 1)),
    ("Tue, 10 Jun 03 04:00:00 GMT", utc(2003, 6, 10, 4)),                      # RFC 822 2-digit year
    ("Mon, 01 Jan 2024 10:00:00 EST", utc(2024, 1, 1, 15)),
    ("mar, 15 nov 2022 10:00:00 +0100", utc(2022, 11, 15, 9)),                 # 'mar' is Tuesday here
    ("15 mar 2022", utc(2022, 3, 15)),                                         # ... and March here
    ("Friday, January 29, 2021 04:42 PM", utc(2021, 1, 29, 16, 42)),
    ("January, 29 Jan 2021 16:42", utc(2021, 1, 29, 16, 42)),
    ("16 ноября 2022, 10:15", utc(2022, 11, 16, 10, 15)),                      # Russian genitive
    ("3. März 2024 12:00 MEZ", utc(2024, 3, 3, 12)),                           # unknown zone read as UTC
    ("2022-07-28T02:43:00.000000000Z", utc(2022, 7, 28, 2, 43)),               # nanoseconds
    ("2026-02-17T17:36:36-0500", utc(2026, 2, 17, 22, 36, 36)),                # colon-less offset
    ("2019-05-18 10:58:46 +0300", utc(2019, 5, 18, 7, 58, 46)),
    ("2020/1/10 14:33:00", utc(2020, 1, 10, 14, 33)),                          # feedparser says Nov 1
    ("16.11.2022 10:00", utc(2022, 11, 16, 10)),
    ("13/01/2024", utc(2024, 1, 13)),
    ("<![CDATA[ Wed, 18 Feb 2026 10:00:00 +0530 ]]>", utc(2026, 2, 18, 4, 30)),
])
def test_dates_parse_to_utc(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "2024", "March 2024", "2024-03", "03/04/2024", "", "   ", "garbage", "12 PM", "Sun, 31 Feb 2021 10:00:00 GMT",
    "Fri, 06 Jan 2017 25:61:00 GMT", "0001-01-01T00:00:00Z",
])
def test_texts_without_a_full_valid_date_give_none(text: str) -> None:
    assert parse_date(text) is None


def test_results_are_timezone_aware_utc() -> None:
    parsed = parse_date("Sat, 07 Jan 2017 12:07:24 +0100")
    assert parsed is not None and parsed.utcoffset().total_seconds() == 0
