"""Fill a test warehouse with ~5 weeks of articles: steady countries, a spike, a syndicated story,
hostile titles, a coverage gap, quarantine rows, a failing feed and three watches (saved searches) with
their matches (used by the digest tests)."""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from mediamon import warehouse
from mediamon.warehouse.maintenance import rebuild_day_summaries

END = date(2026, 3, 31)          # a Tuesday: the day with the KZ / civil-unrest spike
DAYS = 35
GAP_DAY = END - timedelta(days=10)
STOPPED_SOURCE = "dw"            # publishes until END - 8, then stops
HOSTILE_TITLE = ("<script>alert('x')</script> Protest \u202eevil\u202c in Almaty\x07\x1b[31m "
                 "'; DROP TABLE articles; --")
HOSTILE_OUTLET = "<img src=x onerror=alert(1)>Evil \u202eTimes"

SOURCES = [  # source_id, name, country, language, type
    ("wire", "Global Wire", "GB", "en", "wire"),
    ("astana", "Astana Daily", "KZ", "ru", "newspaper"),
    ("lemonde", "Le Journal", "FR", "fr", "newspaper"),
    ("usnews", "US News Desk", "US", "en", "newspaper"),
    ("dw", "Deutsche Welle Test", "DE", "de", "broadcaster"),
    ("evil", HOSTILE_OUTLET, "US", "en", None),
]
TOPICS = {"politics": ("medtop:11000000", "politics"), "unrest": ("medtop:20000065", "civil unrest"),
          "health": ("medtop:07000000", "health"), "economy": ("medtop:04000000", "economy, business and finance")}


@dataclass(frozen=True)
class Filled:
    """What the filled warehouse holds, for assertions."""

    db_path: Path
    end: date
    spike_story_id: str            # the lead protest story (4 copies), also the id of its event
    hostile_article_id: str
    ongoing_event_id: str          # an event that began the day before END and goes on on END


def _aid(url: str) -> str:
    """Article id as the product makes it: sha1 of the URL, first 16 hex digits."""
    return hashlib.sha1(url.encode()).hexdigest()[:16]


class _Rows:
    """Accumulates rows for the article tables."""

    def __init__(self) -> None:
        self.articles: list[tuple] = []
        self.countries: list[tuple] = []
        self.topics: list[tuple] = []

    def add(self, day: date, source: str, title: str, countries: list[str], topics: list[str], *,
            story_id: str | None = None, event_id: str | None = None, hour: int = 8,
            text: str | None = None) -> str:
        """One article stored on `day`; returns its article_id."""
        url = f"https://{source}.example/{day.isoformat()}/{len(self.articles)}"
        aid = _aid(url)
        seen = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
        lang = next(s[3] for s in SOURCES if s[0] == source)
        body = text or (f"{title}. Officials said the situation was developing on {day:%d %B}. "
                        "Further reports are expected. A third sentence follows here.")
        self.articles.append((aid, url, source, title, None, seen, "meta", lang, 0.99, body,
                              len(body.split()), "page", "trafilatura", None, None, None, seen,
                              story_id or aid, day, seen, event_id or story_id or aid))
        for i, cc in enumerate(countries):
            self.countries.append((aid, cc, 3 - min(i, 2), i == 0, None))
        for key in topics:
            code, label = TOPICS[key]
            self.topics.append((aid, code, label, 0.8, None))
        return aid


def _daily_background(rows: _Rows, day: date, rng: random.Random) -> None:
    """Steady coverage: FR, US, KZ (fewer at weekends), DE until it stops."""
    weekend = day.weekday() >= 5
    for i in range(rng.randint(2, 4)):
        rows.add(day, "lemonde", f"France budget debate {day} #{i}", ["FR"], ["politics", "economy"])
    for i in range(rng.randint(4, 6)):
        rows.add(day, "usnews", f"US health report {day} #{i}", ["US"], ["health"])
    for i in range(1 if weekend else rng.randint(2, 3)):
        rows.add(day, "astana", f"Kazakhstan parliament session {day} #{i}", ["KZ", "RU"], ["politics"])
    if day <= END - timedelta(days=8):
        rows.add(day, STOPPED_SOURCE, f"Germany and Ukraine talks {day}", ["DE", "UA"], ["politics"])


def _spike_day(rows: _Rows) -> tuple[str, str]:
    """END: a protest story syndicated by four outlets plus many KZ articles and a hostile title."""
    lead = rows.add(END, "wire", "Thousands protest fuel prices in Almaty", ["KZ"], ["unrest", "politics"],
                    hour=6, text="Thousands protested in Almaty on Tuesday. Police detained dozens of people. "
                                 "The government promised to review fuel prices.")
    for hour, source in ((7, "astana"), (9, "lemonde"), (10, "usnews")):
        rows.add(END, source, "Thousands protest fuel prices in Almaty", ["KZ"], ["unrest"],
                 story_id=lead, hour=hour)
    for i in range(14):
        rows.add(END, "astana", f"Protests spread to Shymkent, update {i}", ["KZ"], ["unrest"], hour=11 + i % 8)
    for hour, source in ((12, "usnews"), (13, "lemonde")):   # other articles about the same happening
        rows.add(END, source, f"Police detain dozens after Almaty fuel protest ({source})", ["KZ"], ["unrest"],
                 event_id=lead, hour=hour)
    hostile = rows.add(END, "evil", HOSTILE_TITLE, ["KZ", "US"], ["unrest"], hour=23,
                       text="<b onerror=alert(2)>Bold</b> claims about \u202eKZ\u202c. Second sentence here.")
    return lead, hostile


def _ongoing_event(rows: _Rows) -> str:
    """An event first reported the day before END and followed up on END by another outlet."""
    first = rows.add(END - timedelta(days=1), "astana", "Parliament debates a fuel subsidy", ["KZ"], ["economy"],
                     hour=15)
    rows.add(END, "lemonde", "Kazakh fuel subsidy vote delayed", ["KZ"], ["economy"], event_id=first, hour=9)
    return first


def _insert(con, table: str, rows: list[tuple]) -> None:
    """executemany with one placeholder per column."""
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def _quality_rows(con, days: list[date]) -> None:
    """Runs and validation results for every day (a failed batch warn on GAP_DAY), quarantine, feeds."""
    for day in days:
        run_id = f"run-{day}"
        at = datetime(day.year, day.month, day.day, 23, tzinfo=timezone.utc)
        con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, 10, 40, 10, 1)", [run_id, day, at, at])
        failed = day == GAP_DAY
        con.execute("INSERT INTO validation_results VALUES (?, ?, 'batch', "
                    "'expect_table_row_count_to_be_between articles', 'warn', ?, NULL, ?, ?)",
                    [run_id, day, not failed, "2" if failed else "12", at])
        con.execute("INSERT INTO validation_results VALUES (?, ?, 'articles', "
                    "'expect_column_values_to_not_be_null title', 'row', TRUE, 0, NULL, ?)", [run_id, day, at])
    end_at = datetime(END.year, END.month, END.day, 23, tzinfo=timezone.utc)
    for key, reasons in (("https://x.example/a", ["no-text"]), ("https://x.example/b", ["http-404"]),
                         ("https://x.example/c", ["no-text"])):
        con.execute("INSERT INTO quarantine (stage, record_key, reasons, payload, run_date, run_id, quarantined_at) "
                    "VALUES ('extract', ?, ?, NULL, ?, ?, ?)", [key, json.dumps(reasons), END, f"run-{END}", end_at])
    con.execute("INSERT INTO feeds (feed_url, source_id, consecutive_failures, last_error) "
                "VALUES ('https://dw.example/rss', 'dw', 4, 'http-404'), ('https://wire.example/rss', 'wire', 0, NULL)")


WATCHES = [  # name, query, countries, description
    ("kz-protests", "protest AND (almaty OR shymkent)", ["KZ"], "Protests in Kazakhstan"),
    ("kz-parliament", "parliament", ["KZ"], None),
    ("outbreaks", '"outbreak"', [], "Disease outbreaks anywhere"),
]


def _watch_rows(con) -> None:
    """The watches and their matches: protests on END (the hostile title among them), parliament daily."""
    for name, query, countries, description in WATCHES:
        con.execute("INSERT INTO watches VALUES (?, ?, ?, [], [], [], ?, FALSE, ?)",
                    [name, query, countries, description, END])
    con.execute("INSERT INTO watch_matches SELECT 'kz-protests', article_id, run_date, ['protest', 'almaty'], "
                "left(title, 200), 'title' FROM articles WHERE title ILIKE '%protest%'")
    con.execute("INSERT INTO watch_matches SELECT 'kz-parliament', article_id, run_date, ['parliament'], "
                "left(title, 200), 'title' FROM articles WHERE title ILIKE '%parliament%'")


def fill_warehouse(db_path: Path, *, seed: int = 7) -> Filled:
    """Create the warehouse at db_path (migrations + views) and insert the test data."""
    rng = random.Random(seed)
    rows = _Rows()
    days = [END - timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    for day in days:
        _daily_background(rows, day, rng)
    lead, hostile = _spike_day(rows)
    ongoing = _ongoing_event(rows)
    with warehouse.connect(db_path) as con:
        _insert(con, "sources", [(s[0], s[1], f"https://{s[0]}.example/", s[2], s[3], s[4], None, True)
                                 for s in SOURCES])
        _insert(con, "articles", rows.articles)
        _insert(con, "article_countries (article_id, country_code, mentions, is_focus, spans)", rows.countries)
        _insert(con, "article_topics (article_id, topic_code, topic_label, score, evidence)", rows.topics)
        _quality_rows(con, days)
        _watch_rows(con)
        warehouse.rebuild_key_day_counts(con)  # the load keeps it; rows inserted directly need a recount
        rebuild_day_summaries(con)              # likewise the tags' article_run_date and event_days
    return Filled(db_path=db_path, end=END, spike_story_id=lead, hostile_article_id=hostile, ongoing_event_id=ongoing)
