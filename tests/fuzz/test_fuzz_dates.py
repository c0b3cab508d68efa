"""Property-based tests of the date parsers: any text gives a UTC datetime or None, written dates read back."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from mediamon.extract.published import date_in_label
from mediamon.text.dates import MAX_YEAR, MIN_YEAR, date_from_url, find_date, parse_date

DATE_PIECES = ("Mon,", "Thu", "Jan", "janvier", "Sept.", "mer", "GMT", "UTC", "+0300", "-03:00", "GMT+9", "EST",
               "pm", "a.m.", "T", "Z", ":", "/", ".", "-", ",", " ", "2024", "24", "13", "31", "00", "99", "1899",
               "2101", "年", "月", "<![CDATA[", "]]>", "\u00a0")
instants = st.datetimes(min_value=datetime(MIN_YEAR, 1, 2), max_value=datetime(MAX_YEAR, 12, 30),
                        timezones=st.just(timezone.utc)).map(lambda when: when.replace(microsecond=0))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))


def check_date(value: datetime | None) -> None:
    """None, or an aware UTC datetime within the accepted years (a day of slack for the offset)."""
    if value is not None:
        assert value.utcoffset() == timedelta(0)
        assert datetime(MIN_YEAR - 1, 12, 31, tzinfo=timezone.utc) <= value <= datetime(MAX_YEAR + 1, 1, 2, tzinfo=timezone.utc)


@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(DATE_PIECES), max_size=12).map(" ".join),
                 st.lists(st.sampled_from(DATE_PIECES), max_size=12).map("".join)))
@example("2024-02-30T25:61:61+99:99")
@example("31/02/2024")
@example("Thu, 28 Jul 2022 4:35:5 GMT+99")
def test_any_text_gives_a_utc_datetime_or_none(text: str) -> None:
    check_date(parse_date(text))


@given(instants, offsets)
def test_rfc822_dates_read_back_exactly(when: datetime, zone: timezone) -> None:
    local = when.astimezone(zone)
    minutes = int(zone.utcoffset(None).total_seconds() // 60)
    text = local.strftime("%a, %d %b %Y %H:%M:%S ") + f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    if MIN_YEAR <= local.year <= MAX_YEAR:
        assert parse_date(text) == when


@given(instants, offsets, st.sampled_from(("T", " ")))
def test_iso_dates_read_back_exactly(when: datetime, zone: timezone, separator: str) -> None:
    local = when.astimezone(zone)
    if MIN_YEAR <= local.year <= MAX_YEAR:
        assert parse_date(local.isoformat(sep=separator)) == when


@given(st.text(max_size=120), st.booleans())
@example("2024-13-45T99:99:99+99:99", True)
def test_page_dates_are_aware_or_none(text: str, dayfirst: bool) -> None:
    for value in (date_in_label(text, dayfirst=dayfirst), find_date(text, dayfirst=dayfirst)):
        assert value is None or value.tzinfo is not None


@given(st.text(max_size=120))
@example("https://news.example.org/2024/02/30/story")
def test_dates_in_links_are_utc_midnights_or_none(url: str) -> None:
    value = date_from_url(url)
    assert value is None or (value.utcoffset() == timedelta(0) and (value.hour, value.minute) == (0, 0))
