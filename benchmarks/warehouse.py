"""Warehouse speed: load N synthetic articles through the real load steps, then build one day's digests.

    python benchmarks/warehouse.py --articles 1000000 --json

Generates a realistic synthetic run (N articles over 365 days from 2,000 sources, ~3 countries and
~2 topics each) as the validate stage would stage it (its search index rows with mediamon.warehouse.search.
stage_terms, timed apart as search_staging_seconds, its watch matches, as watch_staging_seconds, and the
stories stage's event stems, as event_stem_staging_seconds), loads it with mediamon.warehouse.load.load_staged (the
same SQL the DAG runs, one transaction), and times build_digests for the last day. Prints one JSON
line: articles, load_articles_per_second (the whole load, search index included), load_cpu_seconds
(the process's CPU time during the load, every thread: beside load_seconds on a shared machine), of it
load_kernel_cpu_seconds, and load_page_faults (the minor page faults of the memory the load touched first:
when the kernel is slow to hand out pages, load_kernel_cpu_seconds grows with the same faults),
search_index_seconds (copying the staged index rows in) and the rate without it,
key_day_counts_seconds (the load steps that recount the digests' daily key counts: here every day,
since the synthetic run spans a year), load_phase_seconds (the load's parts: preparing the staged
files, opening the warehouse, the steps, the commit, the checkpoint, closing: a big day is
checkpointed at its commit), load_step_seconds
(every step, slowest first), digest_seconds (the median of three builds, each on a fresh
read-only connection; digest_seconds_runs lists them), known_events_seconds (the next day's run plan writing its
known-events snapshot, state_known_events.sql, from a fresh read-only connection: median of three, with
known_events_seconds_runs), db_bytes.

At scale, a warehouse is built once and each run loads one day into a copy of it:

    python benchmarks/warehouse.py --articles 10000000 --base /tmp/wh10m.duckdb --lean-base

builds /tmp/wh10m.duckdb (ten million articles on the 365 days before the last day) when it is missing,
then loads one day of --day-articles articles (default: --articles / 365) into a copy, and prints that
load's figures and the day's digests. --curve BASE... prints, for bases built so, the digest of each
base's last day: one line per base, articles against digest seconds. --run-logs stages each run's page
fetches and item outcomes too (fetch_log and item_outcomes rows; the base gets a year of them, as daily
runs leave them).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "include"))

from mediamon import warehouse
from mediamon.rundir import RunDir, write_json
from mediamon.settings import settings_from_env
from mediamon.warehouse.load import EVENT_STEMS_FILE, load_staged, stage_event_stems, write_event_stems
from mediamon.warehouse.search import TERMS_FILE, stage_terms
from mediamon.watches.staging import stage_watches

COUNTRIES = ["US", "GB", "FR", "DE", "RU", "UA", "CN", "IN", "PK", "KZ", "UZ", "TR", "IR", "IL", "PS", "EG",
             "NG", "KE", "ZA", "BR", "AR", "MX", "CA", "AU", "JP", "KR", "KP", "ID", "PH", "VN", "TH", "MM",
             "SY", "IQ", "SA", "AE", "QA", "ET", "SD", "SO", "VE", "CO", "CL", "PE", "PL", "IT", "ES", "GE",
             "AM", "AZ"]
TOPICS = [("medtop:11000000", "politics"), ("medtop:04000000", "economy, business and finance"),
          ("medtop:16000000", "conflict, war and peace"), ("medtop:03000000", "disaster, accident and emergency incident"),
          ("medtop:07000000", "health"), ("medtop:15000000", "sport"), ("medtop:13000000", "science and technology"),
          ("medtop:02000000", "crime, law and justice"), ("medtop:01000000", "arts, culture, entertainment and media")]
LAST_DAY = "2025-12-31"
DIGEST_RUNS = 3  # digest_seconds is the median: one build on a shared machine varies by a third


class Span(NamedTuple):
    """Which articles a staged run holds: numbered from first, on days days ending skip days before LAST_DAY."""

    first: int = 0
    days: int = 365
    skip: int = 0
    run_id: str = "bench"

    @property
    def run_date(self) -> str:
        """The run's date: its last day."""
        return (date.fromisoformat(LAST_DAY) - timedelta(days=self.skip)).isoformat()


YEAR = Span()


def stage(out: Path, n: int, layout: str = "daily", *, span: Span = YEAR, logs: bool = False) -> None:
    """Write the Parquet files a run's validate stage would write, for n articles: in day order as daily
    loads leave them ('daily'), or with the days dealt round like cards ('interleaved'); articles are
    numbered from span.first and dated on span.days days ending span.skip days before LAST_DAY. With logs,
    fetch_log holds each day's 2,000 feed fetches and a page fetch per article, and item_outcomes an
    outcome per article (a run of several days gets a run id per day, as daily runs would have left them);
    without, fetch_log holds 2,000 feed fetches and item_outcomes nothing."""
    out.mkdir(parents=True, exist_ok=True)
    first, days, skip = span.first, span.days, span.skip
    run_date = span.run_date
    back = (f"({skip} + {days - 1} - (i - {first}) * {days} // {n})" if layout == "daily"
            else f"({skip} + i % {days})")  # days before LAST_DAY of article i
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE c AS SELECT * FROM (SELECT unnest($c) AS code, generate_subscripts($c, 1) AS ci)",
                {"c": COUNTRIES})
    con.execute("CREATE TEMP TABLE t AS SELECT * FROM (SELECT unnest($codes) AS code, unnest($labels) AS label, "
                "generate_subscripts($codes, 1) AS ti)",
                {"codes": [c for c, _ in TOPICS], "labels": [label for _, label in TOPICS]})
    copies = {
        "articles": f"""
            SELECT substr(md5(i::VARCHAR), 1, 16) AS article_id, 'https://news' || (i % 2000) || '.example/a/' || i AS url,
                   'src-' || (i % 2000) AS source_id, 'Headline number ' || i || ' about the day' AS title,
                   'Reporter ' || (i % 97) AS author, TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' - to_days({back}::INT) AS published_at,
                   'jsonld' AS date_source, 'en' AS language, 0.99 AS language_confidence,
                   repeat('Officials said the talks would continue next week in the capital. ', 12) || i AS text,
                   120 AS word_count, 'page' AS text_source, 'trafilatura' AS method, NULL AS site_name,
                   NULL AS image, 'https://news' || (i % 2000) || '.example/feed' AS feed_url,
                   TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' - to_days({back}::INT) AS first_seen_at,
                   substr(md5((i - i % 3)::VARCHAR), 1, 16) AS story_id,
                   substr(md5((i - i % 3)::VARCHAR), 1, 16) AS event_id,
                   (DATE '{LAST_DAY}' - {back}::INT)::VARCHAR AS run_date
            FROM range({first}, {first + n}) r(i)""",
        "article_countries": f"""
            SELECT substr(md5(i::VARCHAR), 1, 16) AS article_id, c.code AS country_code, 1 + (i + k) % 4 AS mentions,
                   k = 0 AS is_focus, '[]' AS spans
            FROM range({first}, {first + n}) r(i), range(3) k(k) JOIN c ON c.ci = 1 + (i * 7 + k * 13) % {len(COUNTRIES)}""",
        "article_topics": f"""
            SELECT substr(md5(i::VARCHAR), 1, 16) AS article_id, t.code AS topic_code, t.label AS topic_label,
                   0.5 + k / 4 AS score, '[]' AS evidence
            FROM range({first}, {first + n}) r(i), range(2) k(k) JOIN t ON t.ti = 1 + (i * 5 + k * 3) % {len(TOPICS)}""",
        "story_signatures": f"""
            SELECT substr(md5(i::VARCHAR), 1, 16) AS article_id, substr(md5((i - i % 3)::VARCHAR), 1, 16) AS story_id,
                   '[1,2,3]' AS signature, TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' AS first_seen_at FROM range({first}, {first + n}) r(i)""",
        "sources": """SELECT 'src-' || i AS source_id, 'Outlet ' || i AS name, 'https://news' || i || '.example/' AS homepage,
                      'US' AS country, 'en' AS language, 'newspaper' AS type, NULL AS region, true AS enabled FROM range(2000) r(i)""",
        "feeds": f"""SELECT 'https://news' || i || '.example/feed' AS feed_url, 'src-' || i AS source_id,
                     TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' AS fetched_at, 200 AS status, NULL AS error, true AS ok,
                     NULL AS etag, NULL AS last_modified, NULL AS body_sha256, 20 AS items, 20 AS items_dated FROM range(2000) r(i)""",
        "fetch_log": f"""SELECT '{span.run_id}' AS run_id, '{run_date}' AS run_date, 'https://news' || i || '.example/feed' AS url,
                         'src-' || i AS source_id, 'feed' AS kind, TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' AS fetched_at, 1 AS attempt,
                         200 AS status, 1000 AS bytes, 50 AS elapsed_ms, NULL AS error, NULL AS final_url, false AS from_cache,
                         'allowed' AS robots, 'application/rss+xml' AS content_type FROM range(2000) r(i)""",
        "quarantine": f"""SELECT 'extract' AS stage, 'https://news1.example/q/' || i AS record_key, '["no-text"]' AS reasons,
                          '{{}}' AS payload, '{run_date}' AS run_date FROM range(100) r(i)""",
        "validation_results": f"""SELECT '{span.run_id}' AS run_id, '{run_date}' AS run_date, 'articles' AS suite,
                                  'expect_column_values_to_not_be_null' AS expectation, 'row' AS severity, true AS success,
                                  0 AS unexpected_count, NULL AS observed_value""",
    }
    if logs:
        copies.update(_log_copies(n, back, span))
    for name, sql in copies.items():
        con.execute(f"COPY ({sql}) TO $path (FORMAT parquet)", {"path": str(out / f"{name}.parquet")})
    write_json(out / "run.json", {"run_id": span.run_id, "run_date": run_date, "started_at": f"{run_date}T06:00:00+00:00",
                                  "articles": n, "quarantined": 100})


def _log_copies(n: int, back: str, span: Span) -> dict[str, str]:
    """The fetch_log and item_outcomes a run of n articles stages (see stage(logs=True)); back is the SQL of
    article i's days before LAST_DAY."""
    first, days, skip = span.first, span.days, span.skip

    def run_id(back_days: str) -> str:
        return f"'{span.run_id}'" if days == 1 else f"'{span.run_id}-' || (DATE '{LAST_DAY}' - {back_days}::INT)"

    fetched = f"TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' - to_days({back}::INT)"
    return {
        "fetch_log": f"""
            SELECT {run_id(f'({skip} + k)')} AS run_id, (DATE '{LAST_DAY}' - ({skip} + k)::INT)::VARCHAR AS run_date,
                   'https://news' || i || '.example/feed' AS url, 'src-' || i AS source_id, 'feed' AS kind,
                   TIMESTAMPTZ '{LAST_DAY} 06:00:00+00' - to_days(({skip} + k)::INT) AS fetched_at, 1 AS attempt,
                   200 AS status, 1000 AS bytes, 50 AS elapsed_ms, NULL AS error, NULL AS final_url, false AS from_cache,
                   'allowed' AS robots, 'application/rss+xml' AS content_type
            FROM range({days}) d(k), range(2000) r(i)
            UNION ALL
            SELECT {run_id(back)}, (DATE '{LAST_DAY}' - {back}::INT)::VARCHAR,
                   'https://news' || (i % 2000) || '.example/a/' || i, 'src-' || (i % 2000), 'page', {fetched}, 1,
                   200, 50000, 300, NULL, NULL, false, 'allowed', 'text/html'
            FROM range({first}, {first + n}) r(i)""",
        "item_outcomes": f"""
            SELECT {run_id(back)} AS run_id, (DATE '{LAST_DAY}' - {back}::INT)::VARCHAR AS run_date,
                   substr(md5('item' || i), 1, 16) AS item_id, 'src-' || (i % 2000) AS source_id,
                   'https://news' || (i % 2000) || '.example/feed' AS feed_url,
                   'https://news' || (i % 2000) || '.example/a/' || i AS url, 'loaded' AS outcome, 'articles' AS stage,
                   NULL::VARCHAR AS reason, substr(md5(i::VARCHAR), 1, 16) AS article_id
            FROM range({first}, {first + n}) r(i)""",
    }


def main() -> None:
    """Stage, load, digest; print the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print one JSON line (default: also JSON)")
    parser.add_argument("--workdir", type=Path, help="keep files here instead of a temporary folder")
    parser.add_argument("--layout", choices=("daily", "interleaved"), default="daily",
                        help="articles in day order, as daily loads store them (default), or the days interleaved")
    parser.add_argument("--base", type=Path,
                        help="a warehouse of --articles articles on the 365 days before the last day, built at this "
                             "path when missing and reused after: each run copies it and times the load of one day "
                             "(--day-articles) into the copy, then that day's digests")
    parser.add_argument("--lean-base", action="store_true",
                        help="build the --base without search index rows, event stems or watch matches (tokenising "
                             "and matching ten million articles takes hours on a shared machine); neither "
                             "search_terms nor article_event_stems has an index, so the day's load appends to them "
                             "at the same cost")
    parser.add_argument("--run-logs", action="store_true",
                        help="stage every run's fetch log of its pages and its items' outcomes (a page fetch and an "
                             "item outcome per article, 2,000 feed fetches a day), in the --base for each of its "
                             "days as daily runs leave them; without, a run stages 2,000 feed fetches and no item "
                             "outcomes")
    parser.add_argument("--day-articles", type=int, help="articles of the day loaded with --base (default: --articles / 365)")
    parser.add_argument("--digest-only", action="store_true",
                        help="with --base: time the digests of the base's last day, without copying or loading")
    parser.add_argument("--curve", type=Path, nargs="+", metavar="BASE",
                        help="print articles against digest seconds of each built base's last day, and stop")
    args = parser.parse_args()
    if args.curve:
        _print_curve(args.curve)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.base:
            figures = _day_into_base(args, work)
        else:
            db = work / "bench.duckdb"
            db.unlink(missing_ok=True)
            figures = {"articles": args.articles, "layout": args.layout,
                       **_stage_and_load(work / "run", args.articles, args.layout, YEAR, db, logs=args.run_logs)}
        db = Path(figures.pop("db"))
        day = figures.pop("digest_day")
        digest_runs = _digest_seconds(db, work, day)
        known_runs = _known_events_seconds(db, work, day)
        figures.update({"digest_seconds": statistics.median(digest_runs), "digest_seconds_runs": digest_runs,
                        "digest_query_seconds": _query_seconds(db, day),
                        "known_events_seconds": statistics.median(known_runs), "known_events_seconds_runs": known_runs,
                        "db_bytes": db.stat().st_size})
    print(json.dumps(figures))


def _print_curve(bases: list[Path]) -> None:
    """One JSON line per base: its articles and the digest seconds of its last day (median of DIGEST_RUNS)."""
    day = YEAR._replace(skip=1).run_date
    for base in bases:
        with tempfile.TemporaryDirectory() as tmp:
            runs = _digest_seconds(base, Path(tmp), day)
        with warehouse.connect(base, read_only=True) as con:
            articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(json.dumps({"articles": articles, "digest_seconds": statistics.median(runs), "digest_seconds_runs": runs}))


def _stage_and_load(run_dir: Path, n: int, layout: str, span: Span, db: Path, *, lean: bool = False,
                    logs: bool = False) -> dict[str, Any]:
    """Stage n articles as the validate stage would, load them into db; the figures of both. A lean run
    stages no search index rows, event stems or watch matches (see --lean-base)."""
    validated = run_dir / "validated"
    t0 = time.perf_counter()
    stage(validated, n, layout, span=span, logs=logs)
    staged_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    if lean:
        with duckdb.connect() as con:
            con.execute("COPY (SELECT ''::VARCHAR AS term, 0::UBIGINT AS id_key, NULL::VARCHAR AS unkeyed_article_id, "
                        "0::INTEGER AS tf LIMIT 0) "
                        "TO $path (FORMAT parquet)", {"path": str(validated / TERMS_FILE)})
    else:
        stage_terms(validated)
    terms_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    stage_watches(RunDir(run_dir), span.run_date, settings_from_env().watches_path,  # validate's work, as terms
                  rows=[] if lean else None)
    watches_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    if lean:
        write_event_stems(validated / EVENT_STEMS_FILE, {"article_id": [], "title_stems": [], "lead_stems": []})
    else:
        stage_event_stems(validated)  # the stories stage's work, so the load only copies them
    stems_s = time.perf_counter() - t0
    t0, usage0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    loaded = load_staged(run_dir, db)
    load_s, usage = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
    steps = loaded["step_seconds"]
    search_s = sum(v for k, v in steps.items() if "search" in k)
    key_counts_s = sum(v for k, v in steps.items() if "key_day_counts" in k)
    return {"load_seconds": round(load_s, 2),
            "load_cpu_seconds": round(usage.ru_utime + usage.ru_stime - usage0.ru_utime - usage0.ru_stime, 3),
            "load_kernel_cpu_seconds": round(usage.ru_stime - usage0.ru_stime, 3),
            "load_page_faults": usage.ru_minflt - usage0.ru_minflt,
            "load_articles_per_second": round(n / load_s),
            "search_index_seconds": round(search_s, 2),
            "load_articles_per_second_without_search_index": round(n / (load_s - search_s)),
            "key_day_counts_seconds": round(key_counts_s, 2),
            "staging_seconds": round(staged_s, 2), "search_staging_seconds": round(terms_s, 2),
            "watch_staging_seconds": round(watches_s, 2), "event_stem_staging_seconds": round(stems_s, 2),
            "load_phase_seconds": loaded["phase_seconds"], "load_phase_cpu_seconds": loaded["phase_cpu_seconds"],
            "load_step_seconds": dict(sorted(steps.items(), key=lambda kv: -kv[1])),
            "load_steps_sum_seconds": round(sum(steps.values()), 3), "db": str(db), "digest_day": span.run_date}


def _day_into_base(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Build the base warehouse when missing, then load one day into a copy of it (or, with --digest-only,
    point the digests at the base's last day)."""
    base: Path = args.base
    if not base.is_file():
        run_dir = base.parent / f"{base.name}-run"
        built = _stage_and_load(run_dir, args.articles, args.layout, YEAR._replace(skip=1), base, lean=args.lean_base,
                                logs=args.run_logs)
        shutil.rmtree(run_dir)
        write_json(base.with_name(base.name + ".json"), {"articles": args.articles, **built})
    if args.digest_only:
        return {"base_articles": args.articles, "db": str(base), "digest_day": YEAR._replace(skip=1).run_date}
    db = work / "bench.duckdb"
    t0 = time.perf_counter()
    _copy_to_disk(base, db)
    copy_s = time.perf_counter() - t0
    with warehouse.connect(db):  # pending migrations now, not inside the timed load
        pass
    n = args.day_articles or args.articles // 365
    day = Span(first=args.articles, days=1, skip=0, run_id="bench-day")
    return {"base_articles": args.articles, "articles": n, "copy_seconds": round(copy_s, 1),
            **_stage_and_load(work / "day", n, "daily", day, db, logs=args.run_logs)}


def _copy_to_disk(base: Path, db: Path) -> None:
    """Copy the base and write the copy out to disk (fsync): left dirty in the page cache, the gigabytes
    of a fresh copy were flushed by the load's first checkpoint and timed as the load's."""
    shutil.copyfile(base, db)
    fd = os.open(db, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _digest_seconds(db: Path, work: Path, day: str) -> list[float]:
    """Seconds to build the day's country and topic digests (all files), DIGEST_RUNS times."""
    from mediamon.digest import build_digests

    return _timed_runs(lambda: build_digests(db, day, work / "digests"))


def _known_events_seconds(db: Path, work: Path, day: str) -> list[float]:
    """Seconds for the next day's run plan to write its known-events snapshot (the open included), DIGEST_RUNS times."""
    from mediamon.warehouse.state import write_known_events

    next_day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    return _timed_runs(lambda: write_known_events(db, next_day, work / "known_events.parquet"))


def _timed_runs(call: Callable[[], object]) -> list[float]:
    """Seconds of each of DIGEST_RUNS calls, by the clock."""
    runs = []
    for _ in range(DIGEST_RUNS):
        t0 = time.perf_counter()
        call()
        runs.append(round(time.perf_counter() - t0, 3))
    return runs


def _query_seconds(db: Path, run_date: str) -> dict[str, float]:
    """Seconds of each digest query of the day, run in build.load_day's order (one pass)."""
    from mediamon.digest.build import (
        DAY_QUERIES,
        DAY_TABLES,
        EVENT_TABLES,
        FEED_QUERIES,
        WATCH_QUERIES,
        load_digest_config,
        query_params,
        read_event_history,
    )

    params = query_params(date.fromisoformat(run_date), load_digest_config())
    names = ["digest_articles", *DAY_TABLES, "event_history", *EVENT_TABLES,
             *(f"digest_{n}" for n in ("key_counts", "day_totals", *DAY_QUERIES, *FEED_QUERIES)), *WATCH_QUERIES]
    seconds = {}
    with warehouse.connect(db, read_only=True) as con:
        for name in names:
            t0 = time.perf_counter()
            if name == "event_history":
                read_event_history(con, params["run_date"])
            else:
                sql = warehouse.read_sql(f"queries/{name}")
                con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()
            seconds[name.removeprefix("digest_")] = round(time.perf_counter() - t0, 3)
    return seconds


if __name__ == "__main__":
    main()
