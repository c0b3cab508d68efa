"""text.dates: localised, malformed and ISO dates, dates in running text and in URLs; None rather than a guess."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mediamon.text.dates import ascii_digits, date_from_url, find_date, parse_date, parse_date_as_written


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
    ("2018년 8월 25일", utc(2018, 8, 25)),                                        # Korean
    ("2018年8月25日 15:24", utc(2018, 8, 25, 15, 24)),                            # Chinese / Japanese
    ("12 de março de 2024", utc(2024, 3, 12)),
    ("November 18th, 2019 at 5:30 pm", utc(2019, 11, 18, 17, 30)),
    ("November 20 15:23 2019", utc(2019, 11, 20, 15, 23)),                     # the time between day and year
    ("3. Maerz 2024", utc(2024, 3, 3)),                                        # transliterated umlaut
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


def test_parse_date_as_written_keeps_the_offset_and_so_the_day_shown() -> None:
    written = parse_date_as_written("2019-11-18T23:04:24-05:00")
    assert written is not None and written.date().isoformat() == "2019-11-18"
    assert written.utcoffset() == timedelta(hours=-5) and parse_date("2019-11-18T23:04:24-05:00") == written


@pytest.mark.parametrize(("text", "dayfirst", "expected"), [
    ("05/10/2018", True, utc(2018, 10, 5)), ("05/10/2018", False, utc(2018, 5, 10)), ("05/10/2018", None, None),
    ("13/01/2024", False, utc(2024, 1, 13)), ("01/13/2024", True, utc(2024, 1, 13)),
    ("05.10.2018", False, utc(2018, 10, 5)),                                   # dotted dates are day-first
])
def test_day_month_order_comes_from_the_numbers_else_from_dayfirst(text: str, dayfirst: bool | None,
                                                                  expected: datetime | None) -> None:
    assert parse_date(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("By Jane Doe, published 18 November 2019, 17:30 | Updated 19 November 2019", utc(2019, 11, 18, 17, 30)),
    ("기사입력 :[ 2018-08-25 15:24 ]", utc(2018, 8, 25, 15, 24)),
    ("He flew on May 15 and came back in June.", None),
    ("Nothing here but 2019 and 12 items.", None),
])
def test_find_date_reads_the_first_full_date_in_running_text(text: str, expected: datetime | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/news/2019/11/18/story/", utc(2019, 11, 18)),
    ("https://example.org/news/2026/2/17/story", utc(2026, 2, 17)),
    ("https://example.org/world/story-2019-11-19/", utc(2019, 11, 19)),
    ("https://example.org/tuft-cells-20191115/", utc(2019, 11, 15)),
    ("https://example.org/2024/02/30/story", None),
    ("https://example.org/story?date=2019-11-18", None),
    ("https://example.org/story#2019/11/18/", None),
    ("https://example.org/2019/11/", None),
])
def test_date_from_url_reads_a_full_date_in_the_path(url: str, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("نُشر في ٥ ديسمبر ٢٠٢٦ - ١٠:٣٠", datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc)),        # Arabic-Indic
    ("تاریخ انتشار: ۲۰۲۶-۱۲-۰۵ ۱۰:۳۰", datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc)),      # Persian digits
    ("प्रकाशित: ५ दिसंबर २०२६", datetime(2026, 12, 5, tzinfo=timezone.utc)),                       # Devanagari
    ("প্রকাশ: ৫ ডিসেম্বর ২০২৬", datetime(2026, 12, 5, tzinfo=timezone.utc)),                        # Bengali
    ("۱۴ آذر ۱۴۰۳", None),   # a Solar Hijri date: 1403 is no Gregorian year of news, so it is not read
])
def test_find_date_reads_dates_written_in_any_script_s_digits(text: str, expected: datetime | None) -> None:
    assert find_date(text) == expected


def test_ascii_digits_replaces_one_character_for_one() -> None:
    text = "٥ ديسمبر ٢٠٢٦ x² ０９"
    assert ascii_digits(text) == "5 ديسمبر 2026 x² 09" and len(ascii_digits(text)) == len(text)
