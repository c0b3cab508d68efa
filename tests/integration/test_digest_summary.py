"""The day summaries the load keeps (migration 008) through real loads into a real DuckDB file: after
two days' loads, a refresh and a re-run of the second day, event_days and the tags' article_run_date
equal a recomputation from articles, and the digest's events table equals the one counted over every
article stored up to the day."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.digest.build import read_event_history
from mediamon.warehouse.load import load_staged
from mediamon.warehouse.maintenance import rebuild_day_summaries

DAY1, DAY2 = "2026-03-30", "2026-03-31"

# digest_day_events as it was computed before event_days: every article stored up to the day.
DIRECT_DAY_EVENTS = """
WITH day_keys AS (
    SELECT DISTINCT coalesce(a.event_id, a.story_id, a.article_id) AS event_id
    FROM articles a JOIN article_keys k USING (article_id) WHERE a.run_date = $run_date
), members AS (
    SELECT coalesce(a.event_id, a.story_id, a.article_id) AS event_id, a.article_id,
           coalesce(a.story_id, a.article_id) AS story_id, a.source_id, a.published_at, a.first_seen_at, a.run_date,
           coalesce(s.name, a.source_id) AS outlet, a.title, a.url, a.language, left(a.text, 2000) AS text
    FROM articles a LEFT JOIN sources s USING (source_id)
    WHERE a.run_date <= $run_date AND coalesce(a.event_id, a.story_id, a.article_id) IN (SELECT event_id FROM day_keys)
), stats AS (
    SELECT event_id, coalesce(max(article_id) FILTER (WHERE article_id = event_id),
                              arg_min(article_id, first_seen_at)) AS article_id,
           count(DISTINCT source_id) AS outlet_count, count(*) AS article_count,
           list(DISTINCT outlet ORDER BY outlet) AS outlets, min(published_at) AS first_published_at,
           min(first_seen_at) AS first_crawled_at, max(first_seen_at) AS last_seen_at, min(run_date) AS first_day
    FROM members GROUP BY event_id
)
SELECT st.*, m.story_id, m.title, m.url, m.language, m.text
FROM stats st LEFT JOIN members m ON m.article_id = st.article_id AND st.first_day = $run_date
ORDER BY event_id
"""
# The same columns from the digest's tables: counts from digest_day_events, the rest from digest_event_details
# (every event is shown when each key lists up to 100; the representative article of the new events only: a key's
# page shows its own article, digest_key_articles).
SUMMARY_DAY_EVENTS = """
SELECT e.event_id, e.article_id, e.outlet_count, e.article_count, d.outlets, e.first_published_at,
       e.first_crawled_at, e.last_seen_at, e.first_day, d.story_id, d.title, d.url, d.language, d.text
FROM digest_day_events e LEFT JOIN digest_event_details d USING (event_id)
ORDER BY event_id
"""
EVENT_DAYS = "SELECT * FROM event_days ORDER BY event_id, day"
TAG_DAYS = """
SELECT count(*) FILTER (WHERE k.article_run_date IS DISTINCT FROM a.run_date), count(*),
       count(*) FILTER (WHERE k.article_run_date = DATE '2026-03-30')
FROM article_keys k JOIN articles a USING (article_id)
"""


def _stage(out: Path, run_date: str, ids: range, *, published_hour: int) -> None:
    """The Parquet files a validated run holds, for articles `ids`: event i // 6 (so events span both
    days; half of them named by one of their articles, half not), story i // 2, first seen at hour i % 24
    of the article's day (i < 40 on DAY1), 7 outlets."""
    out.mkdir(parents=True)
    con = duckdb.connect()
    first, last = ids.start, ids.stop
    art = f"FROM range({first}, {last}) r(i)"
    day = f"CASE WHEN i < 40 THEN DATE '{DAY1}' ELSE DATE '{DAY2}' END"
    copies = {
        "articles": f"""SELECT 'a' || lpad(i::VARCHAR, 4, '0') AS article_id, 'https://n' || (i % 7) || '.example/' || i AS url,
            'src-' || (i % 7) AS source_id, 'Title ' || i AS title, NULL AS author,
            ({day})::TIMESTAMPTZ + to_hours({published_hour}) AS published_at, 'meta' AS date_source, 'en' AS language,
            0.9 AS language_confidence, 'Text of article ' || i AS text, 4 AS word_count, 'page' AS text_source,
            'trafilatura' AS method, NULL AS site_name, NULL AS image, NULL AS feed_url,
            ({day})::TIMESTAMPTZ + to_hours(i % 24) AS first_seen_at, 'a' || lpad((i // 2 * 2)::VARCHAR, 4, '0') AS story_id,
            CASE WHEN i // 6 % 2 = 0 THEN 'a' || lpad((i // 6 * 6 + 1)::VARCHAR, 4, '0') ELSE 'e' || i // 6 END AS event_id, '{run_date}' AS run_date {art}""",
        "article_countries": f"""SELECT 'a' || lpad(i::VARCHAR, 4, '0') AS article_id, c AS country_code, 1 AS mentions,
            c = 'KZ' AS is_focus, '[]' AS spans {art}, (SELECT unnest(['KZ', 'FR'][1:1 + i % 2]) AS c)""",
        "article_topics": f"""SELECT 'a' || lpad(i::VARCHAR, 4, '0') AS article_id, 'medtop:11000000' AS topic_code,
            'politics' AS topic_label, 0.8 AS score, '[]' AS evidence {art}""",
        "story_signatures": f"""SELECT 'a' || lpad(i::VARCHAR, 4, '0') AS article_id, 'a' || lpad((i // 2 * 2)::VARCHAR, 4, '0')
            AS story_id, '[1]' AS signature, TIMESTAMPTZ '{DAY1} 06:00:00+00' AS first_seen_at {art}""",
        "sources": """SELECT 'src-' || i AS source_id, 'Outlet ' || i AS name, NULL AS homepage, 'US' AS country,
            'en' AS language, 'newspaper' AS type, NULL AS region, true AS enabled FROM range(6) r(i)""",  # src-6 unnamed
        "feeds": """SELECT 'https://n1.example/feed' AS feed_url, 'src-1' AS source_id, now() AS fetched_at, 200 AS status,
            NULL AS error, true AS ok, NULL AS etag, NULL AS last_modified, NULL AS body_sha256, 1 AS items,
            1 AS items_dated""",
        "fetch_log": f"""SELECT 'r-{run_date}' AS run_id, '{run_date}' AS run_date, 'https://n1.example/feed' AS url,
            'src-1' AS source_id, 'feed' AS kind, now() AS fetched_at, 1 AS attempt, 200 AS status, 10 AS bytes,
            5 AS elapsed_ms, NULL AS error, NULL AS final_url, false AS from_cache, 'allowed' AS robots,
            'application/rss+xml' AS content_type""",
        "quarantine": f"""SELECT 'extract' AS stage, 'https://q.example/' AS record_key, '["no-text"]' AS reasons,
            '{{}}' AS payload, '{run_date}' AS run_date""",
        "validation_results": f"""SELECT 'r-{run_date}' AS run_id, '{run_date}' AS run_date, 'articles' AS suite,
            'expect_column_values_to_not_be_null' AS expectation, 'row' AS severity, true AS success,
            0 AS unexpected_count, NULL AS observed_value""",
        "watch_matches": """SELECT NULL::VARCHAR AS watch_name, NULL::VARCHAR AS article_id, NULL::DATE AS run_date,
            NULL::VARCHAR[] AS matched_terms, NULL::VARCHAR AS snippet, NULL::VARCHAR AS matched_in LIMIT 0""",
        "watches": """SELECT NULL::VARCHAR AS name, NULL::VARCHAR AS query, NULL::VARCHAR[] AS countries,
            NULL::VARCHAR[] AS topics, NULL::VARCHAR[] AS languages, NULL::VARCHAR[] AS sources,
            NULL::VARCHAR AS description, NULL::BOOLEAN AS alert, NULL::VARCHAR AS run_date LIMIT 0""",
    }
    for name, sql in copies.items():
        con.execute(f"COPY ({sql}) TO $path (FORMAT parquet)", {"path": str(out / f"{name}.parquet")})
    (out / "run.json").write_text(json.dumps({"run_id": f"r-{run_date}", "run_date": run_date,
                                              "started_at": f"{run_date}T06:00:00+00:00",
                                              "articles": last - first, "quarantined": 1}))


def _load(tmp: Path, name: str, run_date: str, ids: range, db: Path, *, published_hour: int = 5) -> None:
    """Stage a run under tmp/name and load it."""
    _stage(tmp / name / "validated", run_date, ids, published_hour=published_hour)
    load_staged(tmp / name, db)


def _day_events(db: Path, run_date: str, **history: int) -> tuple[list, list]:
    """digest_day_events with digest_event_details from the summaries (the history read as
    read_event_history(**history) reads it), and counted from every article, on a read-only connection."""
    with warehouse.connect(db, read_only=True) as con:
        params = {"run_date": run_date}
        con.execute(warehouse.read_sql("queries/digest_articles"))
        con.execute(warehouse.read_sql("queries/digest_day_keys"), params)
        read_event_history(con, date.fromisoformat(run_date), **history)
        con.execute(warehouse.read_sql("queries/digest_day_events"))
        con.execute(warehouse.read_sql("queries/digest_top_event_keys"), {"limit": 100})
        con.execute(warehouse.read_sql("queries/digest_event_details"), {**params, "new_limit": 100})
        return con.execute(SUMMARY_DAY_EVENTS).fetchall(), con.execute(DIRECT_DAY_EVENTS, params).fetchall()


def _recounted(db: Path, tmp: Path) -> list[tuple]:
    """event_days recomputed from articles on a copy of the warehouse."""
    copy = tmp / "recount.duckdb"
    copy.write_bytes(db.read_bytes())
    with warehouse.connect(copy) as con:
        rebuild_day_summaries(con)
        return con.execute(EVENT_DAYS).fetchall()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Day 1 (articles 0-39), day 2 (40-79 and 30-39 refreshed with a new publication time), day 2 again."""
    tmp = tmp_path_factory.mktemp("summary")
    db = tmp / "wh.duckdb"
    _load(tmp, "day1", DAY1, range(0, 40), db)
    _load(tmp, "day2", DAY2, range(30, 80), db, published_hour=1)
    return db


def test_event_days_equal_a_recount_after_two_loads_and_a_rerun(loaded: Path, tmp_path: Path) -> None:
    before = _rows(loaded, EVENT_DAYS)
    assert before == _recounted(loaded, tmp_path)
    assert {day.isoformat() for _, day, *_ in before} == {DAY1, DAY2}
    spanning = [e for e, *_ in before if [x for x, *_ in before].count(e) == 2]
    assert spanning, "some event has articles on both days"
    _load(tmp_path, "rerun", DAY2, range(30, 80), loaded, published_hour=0)   # the same day, re-run
    after = _rows(loaded, EVENT_DAYS)
    assert after == _recounted(loaded, tmp_path)
    assert len(after) == len(before)                                          # nothing doubled
    assert after != before                                                    # the refresh moved first_published_at


def test_tags_carry_their_articles_run_date(loaded: Path) -> None:
    wrong, total, on_day1 = _rows(loaded, TAG_DAYS)[0]
    assert (wrong, total) == (0, 80 * 2 + 40)  # 80 articles: a topic and a country each, half a second country
    assert on_day1 == 40 * 2 + 20              # articles 30-39, refreshed on day 2, keep day 1


@pytest.mark.parametrize("run_date", [DAY1, DAY2])
def test_digest_events_from_the_summaries_equal_the_count_over_articles(loaded: Path, run_date: str) -> None:
    summary, direct = _day_events(loaded, run_date)
    assert summary == direct
    assert len(summary) > 5 and any(row[3] > 1 for row in summary)   # several events, some with several articles


@pytest.mark.parametrize("history", [{}, {"first_days": 2, "steps": 3}, {"first_days": 1, "steps": 1},
                                     {"first_days": 0, "steps": 0}])
def test_an_event_whose_days_lie_weeks_apart_is_counted_over_all_of_them(tmp_path: Path, history: dict) -> None:
    # a0000 alone on 1 March; its copy on the 8th joins another event; a later copy on the 15th starts an event
    # named after the story again (a0000): the event's two days are two weeks apart.
    db = tmp_path / "wh.duckdb"
    for n, (i, day, story, event) in enumerate([(0, "2026-03-01", "a0000", "a0000"), (1, "2026-03-08", "a0000", "a0002"),
                                                (2, "2026-03-08", "a0002", "a0002"), (3, "2026-03-15", "a0000", "a0000")]):
        out = tmp_path / f"r{n}" / "validated"
        _stage(out, day, range(i, i + 1), published_hour=5)
        with duckdb.connect() as con:
            for name in ("articles", "story_signatures"):
                path = str(out / f"{name}.parquet")
                ids = f"'{story}' AS story_id" + (f", '{event}' AS event_id" if name == "articles" else "")
                dropped = "story_id, event_id" if name == "articles" else "story_id"
                con.execute(f"COPY (SELECT * EXCLUDE ({dropped}), {ids} FROM read_parquet('{path}')) "
                            f"TO '{path}.new' (FORMAT parquet)")
                Path(path + ".new").replace(path)
        load_staged(tmp_path / f"r{n}", db)
    summary, direct = _day_events(db, "2026-03-15", **history)   # read back in steps, or at once, to 1 March
    assert summary == direct
    assert [(row[0], row[3], row[8].isoformat()) for row in summary] == [("a0000", 2, "2026-03-01")]


def test_only_the_events_the_pages_show_get_their_outlets_and_text_read(loaded: Path) -> None:
    with warehouse.connect(loaded, read_only=True) as con:
        params = {"run_date": DAY2}
        con.execute(warehouse.read_sql("queries/digest_articles"))
        con.execute(warehouse.read_sql("queries/digest_day_keys"), params)
        read_event_history(con, date.fromisoformat(DAY2))
        con.execute(warehouse.read_sql("queries/digest_day_events"))
        con.execute(warehouse.read_sql("queries/digest_top_event_keys"), {"limit": 1})
        con.execute(warehouse.read_sql("queries/digest_event_details"), {**params, "new_limit": 1})
        shown = {r[0] for r in con.execute("SELECT event_id FROM digest_event_details").fetchall()}
        tops = {r[0] for r in con.execute("SELECT event_id FROM digest_top_event_keys").fetchall()}
        first_new = con.execute("SELECT event_id FROM digest_day_events WHERE first_day = ? ORDER BY event_rank "
                                "LIMIT 1", [DAY2]).fetchall()
        events = con.execute("SELECT count(*) FROM digest_day_events").fetchone()[0]
    assert shown == tops | {r[0] for r in first_new}
    assert len(shown) < events


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()
