"""Words for people: short country names and language names (CLDR), dates and times in UTC, singular and plural counts,
and the badges' legend. Pure functions over values; read by the digest renderers and the build."""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from mediamon.settings import CONFIG_DIR

COUNTRY_NAMES_PATH = CONFIG_DIR / "country_names.tsv"
LANGUAGE_NAMES_PATH = CONFIG_DIR / "language_names.tsv"
# Nouns whose plural is not noun + "s".
PLURALS = {"copy": "copies", "story": "stories", "country": "countries", "day": "days", "match": "matches",
           "spike": "spikes", "quarantined record": "quarantined records"}
# How a key's day compares with its baseline (mediamon.digest.changes.direction), in words.
DIRECTION_WORDS = {"up": "a rise against its baseline", "down": "a fall against its baseline",
                   "new": "too little history for a baseline yet", "steady": "within its usual range",
                   "quiet": "none on the days before either", "empty": "no articles stored yet",
                   "unloaded": "no run was loaded for this day, so there is nothing to compare"}
UNCOMPARED = ("new", "quiet", "empty", "unloaded")  # directions shown without yesterday's count and the baseline
# Every badge a digest page may show, with what it means (the legend under each page's header).
BADGES = {
    "spike": "far more articles than usual: the day's z-score (how far its count is above the baseline, in units of "
             "the usual day-to-day spread) reaches the sensitivity, with enough articles that day and enough days of "
             "history (z 3.0, 3 articles, 7 days unless digest.yaml's spikes: sets others); the baseline is the "
             "median of the same weekday in the last 28 days, or of all of them when fewer than 3 of that weekday",
    "gap": "coverage gap: a batch quality check failed that day, so counts may be low",
    "new": "new event: no article about it was stored before today",
    "watched": "on the watch-list in digest.yaml",
    "fired": "a saved search (watch) matched articles today",
    "warn": "a quality check that failed without stopping the run",
    "critical": "a quality check that stops the run when it fails",
}


@lru_cache(maxsize=4)
def country_names(path: Path = COUNTRY_NAMES_PATH) -> dict[str, str]:
    """{ISO 3166-1 alpha-2: short English name} from the CLDR table (comment lines start with #)."""
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name, _form = line.split("\t")
            names[code] = name
    return names


def country_name(code: str) -> str:
    """The short English name of a country code ('CD' -> 'Congo (DRC)'); the code itself when unknown."""
    return country_names().get(str(code).upper(), str(code))


@lru_cache(maxsize=4)
def language_names(path: Path = LANGUAGE_NAMES_PATH) -> dict[str, str]:
    """{ISO 639-1 code: English name} from the CLDR table (comment lines start with #)."""
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
    return names


def language_name(code: object) -> str:
    """The English name of a language code ('el' -> 'Greek'); 'unknown' when missing, the code when not ISO 639-1."""
    if code is None or code == "":
        return "unknown"
    return language_names().get(str(code).lower(), str(code))


def as_utc(value: object) -> datetime | None:
    """A datetime in UTC from a datetime or an ISO 8601 string; None for None or ''."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def human_time(value: object) -> str:
    """'3 Dec 2026, 12:24 UTC' from a datetime or ISO string ('' when missing); seconds are dropped."""
    moment = as_utc(value)
    return "" if moment is None else f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def human_published(value: object) -> str:
    """human_time of a publication time, or its day alone ('15 Jul 2005') when the time is midnight UTC to the
    microsecond: the extractor stores a date found without a time (a URL's day, a <time> with a date only) so,
    and showing ', 00:00 UTC' would invent a time."""
    moment = as_utc(value)
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return human_day(moment)
    return human_time(moment)


def human_day(value: object, *, weekday: bool = False) -> str:
    """'31 Mar 2026' (or 'Tue 31 Mar 2026') from a date, datetime or 'YYYY-MM-DD'; '' when missing."""
    if value is None or value == "":
        return ""
    return _day_text(value.isoformat()[:10] if isinstance(value, date) else str(value)[:10], weekday)


@lru_cache(maxsize=512)
def _day_text(iso_day: str, weekday: bool) -> str:
    """human_day of a 'YYYY-MM-DD' string (a digest words the same few dozen days thousands of times)."""
    day = date.fromisoformat(iso_day)
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {text}" if weekday else text


def plural(count: object, noun: str) -> str:
    """'1 outlet', '2 outlets', '1 copy', '3 copies' ('–' for a missing count)."""
    if count is None:
        return f"– {PLURALS.get(noun, noun + 's')}"
    number = int(count) if float(count).is_integer() else float(count)
    return f"{number} {noun if number == 1 else PLURALS.get(noun, noun + 's')}"


def more_text(count: object, noun: str) -> str:
    """'… and 23 more countries' after a list cut short ('' when nothing was left out)."""
    if not count or int(count) <= 0:
        return ""
    return f"… and {int(count)} more {noun if int(count) == 1 else PLURALS.get(noun, noun + 's')}"


def baseline_text(volume: dict, run_date: object) -> str:
    """How a page's baseline was taken: 'median over 4 Thursdays', or 'median over 20 days (fewer than 3
    Thursdays)' when the same weekday had too few days; '' without a baseline or without the method."""
    days = volume.get("baseline_n")
    if volume.get("baseline") is None or not days:
        return ""
    weekday = f"{date.fromisoformat(str(run_date)[:10]):%A}s"
    if volume.get("baseline_weekday"):
        return f"median over {days} {weekday}"
    return f"median over {plural(days, 'day')} (fewer than 3 {weekday})"


MIN_RATIO_BASELINE = 1.0  # articles a day a baseline needs before today is given as a multiple of it


def ratio_text(articles: object, baseline: object) -> str:
    """How today compares with its baseline: '×8.8', '×0.4'; '' without a baseline or with one under one article a
    day (twelve times half an article says less than the counts themselves)."""
    if baseline is None or float(baseline) < MIN_RATIO_BASELINE:
        return ""
    return f"×{float(articles or 0) / float(baseline):.1f}"
