"""Dates written in text, for feeds and pages: text in, a tz-aware datetime (or None, never a guess) out.

Handles ISO 8601 (any fraction, colon-less offsets), RFC 822 and its common corruptions
("Thu,28 Jul 2022 4:35:5 GMT+9"), month and weekday names in about twenty languages
(include/mediamon/config/date_names.yaml: "mer, 16 nov 2022", "Seg, 24 Set 2018", "12 de março de
2024"), Y/M/D numbers (also "2018년 8월 25일" and "2018年8月25日"), D.M.Y numbers and 12-hour clocks,
in any script's decimal digits ("٥ ديسمبر ٢٠٢٦", "०५/१२/२०२६"; Gregorian dates only: a Solar Hijri year
such as ۱۴۰۳ is no year between 1900 and 2100, so that date is left unread).
A text without a year, month and day gives None: "2024" or "March 2024" is not a date. A time
without a zone is read as UTC; a date without a time is midnight. The day/month order of D/M/Y
numbers is read from the numbers when they allow one order only (13/01/2024) or are dotted (day
first); otherwise the caller's dayfirst decides, and without it (None) the text is not a date.

parse_date gives UTC; parse_date_as_written keeps the offset written, so the calendar day stays the
one printed on the page; find_date reads the first date in running text; date_from_url reads a
full date in a URL path.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from mediamon.settings import CONFIG_DIR
from mediamon.text.words import MARKS

logger = logging.getLogger(__name__)

DATE_NAMES_PATH = CONFIG_DIR / "date_names.yaml"
MIN_YEAR = 1900
MAX_YEAR = 2100
MIN_PREFIX_CHARS = 3
MAX_DATE_CHARS = 200  # a date is short; a paragraph is not a date

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?(?!\d)", re.I)
_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:[.,]\d+)?(?:\s*([ap])\.?\s?m\b\.?)?", re.I)
_OFFSET = re.compile(r"(?:(?:gmt|utc|ut)\s*)?([+-])\s?(\d{1,2})(?::?(\d{2}))?(?!\d)", re.I)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,4})\s*[./年년-]\s*(\d{1,2})\s*[./月월-]\s*(\d{1,4})(?!\d)")
_TOKEN = re.compile(rf"\d+|[^\W\d_](?:[^\W\d_]|[{MARKS}])*")  # a word keeps its vowel signs (दिसंबर)

# Where a date may stand in running text, in order of trust: Y-M-D, D/M/Y, "18 November 2019",
# "November 18th, 2019"; each span, with a clock written right after it, is read by parse_date_as_written.
_YEAR = r"(?:19|20)\d\d"
_MONTH_WORD = rf"[^\W\d_](?:[^\W\d_]|[{MARKS}]){{2,11}}\.?"
_DATE_SPANS = (
    re.compile(rf"{_YEAR}\s*[./年년-]\s*\d{{1,2}}\s*[./月월-]\s*\d{{1,2}}(?!\d)"),
    re.compile(rf"(?<!\d)\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}(?!\d)"),
    re.compile(rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{_MONTH_WORD},?\s+(?:de\s+)?{_YEAR}(?!\d)", re.I),
    re.compile(rf"{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)", re.I),
)
_CLOCK_AFTER = re.compile(r"[\s,@|\-–at]*\d{1,2}:\d\d(?::\d\d)?(?:\s*[ap]\.?m\b\.?)?", re.I)
_URL_DATES = (
    re.compile(rf"/({_YEAR})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"),
    re.compile(rf"[/_-]({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"),
    re.compile(rf"[/_-]({_YEAR})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)"),
)


def _fold(word: str) -> str:
    """Lower-case, accent-free form of a word for name lookups (dotless ı counts as i)."""
    word = word.lower().replace("ı", "i").rstrip(".")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def load_date_names(path: Path = DATE_NAMES_PATH) -> tuple[dict[str, int], frozenset[str], dict[str, int]]:
    """Month name -> number, weekday names, zone abbreviation -> minutes east of UTC."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    months = {_fold(str(name)): int(number) for number, names in data["months"].items() for name in names}
    weekdays = frozenset(_fold(str(name)) for name in data["weekdays"])
    zones = {str(name).lower(): int(minutes) for name, minutes in data["zones"].items()}
    return months, weekdays, zones


MONTHS, WEEKDAYS, ZONES = load_date_names()


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script (Arabic-Indic, Devanagari, ...)


def ascii_digits(text: str) -> str:
    """text with the decimal digits of every script written as ASCII digits (one character for one)."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.digit(m[0])), text)


def parse_date(text: str, *, dayfirst: bool | None = None) -> datetime | None:
    """A UTC datetime from a date text in any common format, or None if it has no full date."""
    written = parse_date_as_written(text, dayfirst=dayfirst)
    return written.astimezone(timezone.utc) if written is not None else None


def parse_date_as_written(text: str, *, dayfirst: bool | None = None) -> datetime | None:
    """The datetime of a date text in the UTC offset it names (UTC when none), or None if it has no full date."""
    if not text or not isinstance(text, str):
        return None
    text = ascii_digits(" ".join(text.replace("<![CDATA[", " ").replace("]]>", " ").split()))
    if len(text) > MAX_DATE_CHARS:
        return None
    parsed = _parse_iso(text) or _parse_words(text, dayfirst)
    if parsed is None:
        logger.debug("date unparsed text=%r", text[:80])
    return parsed


def find_date(text: str, *, dayfirst: bool | None = None) -> datetime | None:
    """The first full date written in running text ("published 18 November 2019, 5:30 pm"), as written."""
    text = ascii_digits(text)
    for span in _DATE_SPANS:
        for match in span.finditer(text):
            clock = _CLOCK_AFTER.match(text, match.end())
            found = parse_date_as_written(text[match.start():clock.end() if clock else match.end()], dayfirst=dayfirst)
            if found is not None:
                return found
    return None


def date_from_url(url: str) -> datetime | None:
    """Midnight UTC of a full date in a URL's path (/2019/11/18/, /2019/1/8/, -2019-11-18, /20191118/)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in _URL_DATES:
        if (match := pattern.search(path)) is not None:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=timezone.utc)
            except ValueError:
                continue
    return None


def _parse_iso(text: str) -> datetime | None:
    """ISO 8601 and its near relatives (space separator, nanoseconds, -0500 offsets)."""
    match = _ISO.search(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    offset = _zone_minutes(zone) if zone else 0
    return _build(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), offset)


def _parse_words(text: str, dayfirst: bool | None) -> datetime | None:
    """RFC 822 and free-form dates: find the time, the zone, then day, month and year."""
    hour = minute = second = 0
    offset = 0
    rest = text
    if time_match := _TIME.search(rest):
        hour, minute, second = (int(time_match.group(i) or 0) for i in (1, 2, 3))
        hour = _twelve_hour(hour, time_match.group(4))
        if hour is None:
            return None
        offset, after = _offset_after_time(rest[time_match.end():])
        rest = rest[:time_match.start()] + " " + after
    ymd = _date_from_words(rest) or _date_from_numbers(rest, dayfirst)
    if ymd is None:
        return None
    return _build(*ymd, hour, minute, second, offset)


def _twelve_hour(hour: int, meridiem: str | None) -> int | None:
    """24-hour value of an hour with an optional a/p marker; None when impossible."""
    if meridiem is None:
        return hour
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if meridiem.lower() == "p" else 0)


def _offset_after_time(after: str) -> tuple[int, str]:
    """Zone given right after the time (+0300, -03:00, GMT+9, EST) in minutes east, and the text left."""
    after = after.strip()
    if match := _OFFSET.match(after):
        return _signed_minutes(*match.groups()), after[match.end():]
    if word := re.match(r"[A-Za-z]{1,5}\b", after):
        name = word.group(0).lower()
        if name in ZONES:
            return ZONES[name], after[word.end():]
        if _month_of(name) is None:
            logger.debug("date zone unknown zone=%s read-as=UTC", name)
            return 0, after[word.end():]
    return 0, after


def _zone_minutes(zone: str) -> int:
    """Minutes east of UTC for an ISO zone designator (Z, +05:30, -0500, GMT+9)."""
    match = _OFFSET.search(zone)
    if match:
        return _signed_minutes(*match.groups())
    return ZONES.get(zone.lower(), 0)


def _signed_minutes(sign: str, hours: str, minutes: str | None) -> int:
    """Signed offset in minutes from its parts."""
    total = int(hours) * 60 + int(minutes or 0)
    return -total if sign == "-" else total


def _month_of(word: str) -> int | None:
    """Month number of a month name or unambiguous abbreviation in any listed language."""
    folded = _fold(word)
    if folded in MONTHS:
        return MONTHS[folded]
    if len(folded) < MIN_PREFIX_CHARS:
        return None
    found = {number for name, number in MONTHS.items() if name.startswith(folded)}
    return found.pop() if len(found) == 1 else None


def _date_from_words(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) from a text that names its month; None without all three."""
    tokens = _TOKEN.findall(text)
    months = [(i, m) for i, tok in enumerate(tokens) if not tok.isdigit() and (m := _month_of(tok))]
    if len(months) > 1:
        months = [(i, m) for i, m in months if _fold(tokens[i]) not in WEEKDAYS] or months[-1:]
    if not months or len({m for _, m in months}) > 1:
        return None
    position, month = months[0]
    numbers = [(i, tok) for i, tok in enumerate(tokens) if tok.isdigit()]
    years = [(i, int(tok)) for i, tok in numbers if len(tok) == 4]
    days = [(i, int(tok)) for i, tok in numbers if len(tok) <= 2 and 1 <= int(tok) <= 31]
    if len(years) != 1:
        return _two_digit_year(days, position, month)
    if not days:
        return None
    day = min(days, key=lambda item: abs(item[0] - position))[1]
    return years[0][1], month, day


def _two_digit_year(days: list[tuple[int, int]], position: int, month: int) -> tuple[int, int, int] | None:
    """RFC 822's 'D Mon YY': the number before the month is the day, the one after it the year."""
    before = [value for i, value in days if i == position - 1]
    after = [value for i, value in days if i == position + 1]
    if len(days) != 2 or not before or not after:
        return None
    year = after[0] + (2000 if after[0] < 70 else 1900)
    return year, month, before[0]


def _date_from_numbers(text: str, dayfirst: bool | None) -> tuple[int, int, int] | None:
    """(year, month, day) from Y/M/D, D.M.Y, or D/M/Y and M/D/Y in the order the numbers or dayfirst allow."""
    match = _NUMERIC.search(text)
    if not match:
        return None
    first, second, third = match.groups()
    if len(first) == 4:
        return int(first), int(second), int(third)
    if len(third) != 4:
        return None
    a, b = int(first), int(second)
    if "." in match.group(0) or a > 12:
        return int(third), b, a  # dotted dates are day-first everywhere they are used
    if b > 12:
        return int(third), a, b
    if dayfirst is None:
        return None  # 03/04/2024: March 4 or 3 April - unknowable without the page's convention
    return (int(third), b, a) if dayfirst else (int(third), a, b)


def _build(year: int, month: int, day: int, hour: int, minute: int, second: int,
           offset_minutes: int) -> datetime | None:
    """A datetime in the given UTC offset from its parts; None when any part is out of range."""
    if not MIN_YEAR <= year <= MAX_YEAR or abs(offset_minutes) > 14 * 60:
        return None
    try:
        return datetime(year, month, day, hour, minute, min(second, 59),
                        tzinfo=timezone(timedelta(minutes=offset_minutes)))
    except ValueError:
        return None
