"""Dates of other calendars printed on pages, rewritten as ISO days so the Gregorian date readers read them.

The Solar Hijri calendar (Iran, Afghanistan: '۱۴۰۳/۰۹/۱۲', '۱۲ آذر ۱۴۰۳', '۵ غویی ۱۴۰۴') is converted by
arithmetic: Borkowski's leap rule (the one of the jalaali libraries), exact for the years 1178 to 1633.
Only years in SOLAR_HIJRI_YEARS are read as Solar Hijri: a news page's Solar Hijri year, never a plausible
Gregorian year (before 1995) nor a lunar Hijri one (1415 and later for the same decades).

The Ethiopian calendar (Amharic and Tigrinya pages: 'መጋቢት 3 ቀን 2017 ዓ.ም.') has twelve months of 30 days and a
thirteenth of five, six after a year divisible by four less one; it is converted by the arithmetic of Reingold and
Dershowitz's Calendrical Calculations. Its month names are read as its months only: Amharic writes the Gregorian
months by other names ('ማርች').
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

SOLAR_HIJRI_YEARS = range(1340, 1415)  # 1961-2036: a 4-digit year in this range on a page is Solar Hijri
_HIJRI_EPOCH_OFFSET = 621  # the Gregorian year in which a Solar Hijri year starts is this much later
# Borkowski's breaks: the Solar Hijri years at which the 33-year leap cycle restarts
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394,
           2456, 3178)

# Month names: Iranian Persian, Afghan Dari (zodiac names) and Pashto, with ي/ك spelled as ی/ک
_MONTH_NAMES = (
    ("فروردین", "حمل", "وری"), ("اردیبهشت", "ثور", "غویی", "غوایی"), ("خرداد", "جوزا", "غبرګولی", "غبرگولی"),
    ("تیر", "سرطان", "چنګاښ", "چنگاښ"), ("مرداد", "امرداد", "اسد", "زمری"), ("شهریور", "سنبله", "وږی"),
    ("مهر", "میزان", "تله"), ("آبان", "عقرب", "لړم"), ("آذر", "قوس", "لیندۍ", "لیندی"),
    ("دی", "جدی", "مرغومی"), ("بهمن", "دلو", "سلواغه"), ("اسفند", "حوت", "کب"),
)
_MONTH_NUMBERS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})  # Arabic keyboards' forms of Persian letters


def _letter_variants(name: str) -> str:
    """A month name as a pattern that also matches its spelling with Arabic ي and ك."""
    return "".join("[یيى]" if char == "ی" else "[کك]" if char == "ک" else re.escape(char) for char in name)


_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_NUMERIC = re.compile(rf"(?<![\d\u0660-\u0669\u06f0-\u06f9])({_DIGIT}{{4}})\s*([/.-])\s*({_DIGIT}{{1,2}})\s*\2\s*"
                      rf"({_DIGIT}{{1,2}})(?![\d\u0660-\u0669\u06f0-\u06f9])")
_NAMED = re.compile(rf"(?<![\d\u0660-\u0669\u06f0-\u06f9])({_DIGIT}{{1,2}})\s*(?:ام|م)?\s+("
                    + "|".join(_letter_variants(name) for name in sorted(_MONTH_NUMBERS, key=len, reverse=True))
                    + rf")(?![\u0600-\u06ff])\s*(?:ماه\s+)?(?:سال\s+)?({_DIGIT}{{4}})(?![\d\u0660-\u0669\u06f0-\u06f9])")


def _digits(text: str) -> int:
    """The number written in ASCII, Arabic-Indic or Persian digits."""
    return int("".join(str(unicodedata.digit(char)) for char in text))


def _truncated_div(a: int, b: int) -> int:
    """a / b rounded toward zero, as the conversion's reference arithmetic does."""
    return int(a / b)


def _truncated_mod(a: int, b: int) -> int:
    """The remainder of a / b rounded toward zero (sign of a)."""
    return a - _truncated_div(a, b) * b


def _year_start(year: int) -> tuple[date, bool]:
    """The Gregorian day of 1 Farvardin of a Solar Hijri year and whether the year is a leap year (Esfand 30)."""
    if not _BREAKS[0] <= year < _BREAKS[-1]:
        raise ValueError(f"Solar Hijri year {year} is outside {_BREAKS[0]}..{_BREAKS[-1] - 1}")
    leap_days, start, jump = -14, _BREAKS[0], 0
    for end in _BREAKS[1:]:
        jump = end - start
        if year < end:
            break
        leap_days += _truncated_div(jump, 33) * 8 + _truncated_div(_truncated_mod(jump, 33), 4)
        start = end
    n = year - start
    leap_days += _truncated_div(n, 33) * 8 + _truncated_div(_truncated_mod(n, 33) + 3, 4)
    if _truncated_mod(jump, 33) == 4 and jump - n == 4:
        leap_days += 1
    gregorian = year + _HIJRI_EPOCH_OFFSET
    gregorian_leaps = _truncated_div(gregorian, 4) - _truncated_div((_truncated_div(gregorian, 100) + 1) * 3, 4) - 150
    if jump - n < 6:
        n = n - jump + _truncated_div(jump + 4, 33) * 33
    leap = _truncated_mod(_truncated_mod(n + 1, 33) - 1, 4)
    return date(gregorian, 3, 20 + leap_days - gregorian_leaps), leap == 0


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian day of a Solar Hijri date (1 Farvardin 1403 -> 2024-03-20); ValueError for a day that does
    not exist (month 13, 31 Mehr, 30 Esfand of a common year)."""
    if not 1 <= month <= 12:
        raise ValueError(f"{year}/{month}/{day} is no Solar Hijri day (months are 1 to 12)")
    start, leap = _year_start(year)
    length = 31 if month <= 6 else 30 if month <= 11 else 30 if leap else 29
    if not 1 <= day <= length:
        raise ValueError(f"{year}/{month}/{day} is no Solar Hijri day (month {month} has {length} days)")
    before = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return start + timedelta(days=before + day - 1)


def gregorian_solar_hijri_dates(text: str) -> str:
    """The text with each Solar Hijri date written as an ISO day: '۱۴۰۳/۰۹/۱۲ - ۰۹:۴۰' -> '2024-12-02 - ۰۹:۴۰',
    '۵ غویی ۱۴۰۴' -> '2025-04-25'; years outside SOLAR_HIJRI_YEARS and days that do not exist are left as written."""
    if not any("\u0600" <= char <= "\u06ff" for char in text) and not _NUMERIC.search(text):
        return text
    text = _NUMERIC.sub(lambda m: _iso(m[0], _digits(m[1]), _digits(m[3]), _digits(m[4])), text)
    return _NAMED.sub(lambda m: _iso(m[0], _digits(m[3]), _MONTH_NUMBERS[m[2].translate(_ARABIC_LETTERS)],
                                     _digits(m[1])), text)


def _iso(written: str, year: int, month: int, day: int) -> str:
    """An ISO day for a Solar Hijri year, month and day, or the text as written when it is no such date."""
    if year not in SOLAR_HIJRI_YEARS:
        return written
    try:
        return solar_hijri_to_gregorian(year, month, day).isoformat()
    except ValueError:
        return written


ETHIOPIAN_YEARS = range(1987, 2100)  # 1994-2107: the Ethiopian years a news page's date is written in
_ETHIOPIAN_EPOCH = 2796  # the proleptic Gregorian ordinal of 1 Meskerem of year 1
_ETHIOPIAN_MONTHS = (("መስከረም",), ("ጥቅምት",), ("ኅዳር", "ህዳር", "ሕዳር"), ("ታኅሣሥ", "ታህሳስ", "ታኅሳስ", "ታሕሳስ"), ("ጥር",),
                     ("የካቲት",), ("መጋቢት",), ("ሚያዝያ", "ሚያዚያ"), ("ግንቦት",), ("ሰኔ",), ("ሐምሌ", "ሃምሌ", "ሀምሌ"),
                     ("ነሐሴ", "ነሀሴ", "ነሃሴ"), ("ጳጉሜ", "ጳጉሜን"))
_ETHIOPIAN_MONTH_NUMBERS = {name: number for number, names in enumerate(_ETHIOPIAN_MONTHS, 1) for name in names}
_ETHIOPIAN_NAMES = "|".join(sorted(_ETHIOPIAN_MONTH_NUMBERS, key=len, reverse=True))
_ETHIOPIC_LETTER = re.compile("[\u1200-\u137f]")
_ETHIOPIAN_DATE = re.compile(  # 'መጋቢት 3 ቀን 2017 ዓ.ም.', 'መጋቢት 3, 2017', '3 መጋቢት 2017'
    rf"(?:({_ETHIOPIAN_NAMES})\s*(\d{{1,2}})|(\d{{1,2}})\s*({_ETHIOPIAN_NAMES}))\s*(?:ቀን)?\s*[,፣]?\s*(\d{{4}})(?!\d)")


def ethiopian_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian day of an Ethiopian date; ValueError for a day its month has not."""
    if not 1 <= month <= 13 or not 1 <= day <= (30 if month < 13 else 6 if year % 4 == 3 else 5):
        raise ValueError(f"{year}-{month}-{day} is no Ethiopian date: months have 30 days, the 13th five or six")
    return date.fromordinal(_ETHIOPIAN_EPOCH - 1 + 365 * (year - 1) + year // 4 + 30 * (month - 1) + day)


def gregorian_ethiopian_dates(text: str) -> str:
    """The text with each Ethiopian date written as an ISO day: 'መጋቢት 3 ቀን 2017 ዓ.ም.' -> '2025-03-12 ዓ.ም.'; years
    outside ETHIOPIAN_YEARS and days that do not exist are left as written."""
    return _ETHIOPIAN_DATE.sub(_iso_ethiopian, text) if _ETHIOPIC_LETTER.search(text) else text


def _iso_ethiopian(match: re.Match[str]) -> str:
    """One Ethiopian date match as an ISO day, or as written when it is none."""
    year, month = int(match[5]), _ETHIOPIAN_MONTH_NUMBERS[match[1] or match[4]]
    if year not in ETHIOPIAN_YEARS:
        return match[0]
    try:
        return ethiopian_to_gregorian(year, month, int(match[2] or match[3])).isoformat()
    except ValueError:
        return match[0]
