"""Digest benchmark: spike detector false-alarm and detection rates on synthetic Poisson series, and
the time to build a day's digests from a synthetic warehouse.

Usage: python benchmarks/digest.py [--days 120] [--articles-per-day 400] [--series 200]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from mediamon import warehouse
from mediamon.digest import build_digests
from mediamon.digest.spikes import spike_flags
from mediamon.warehouse.maintenance import rebuild_day_summaries

START = date(2026, 1, 5)
FILL_SQL = """
INSERT INTO sources SELECT 's' || i, 'Outlet ' || i, NULL, chr(CAST(65 + i % 20 AS INTEGER)) || chr(CAST(65 + i % 7 AS INTEGER)), 'en', NULL, NULL, TRUE
FROM range(60) t(i);
INSERT INTO articles
SELECT lpad(CAST(n AS VARCHAR), 16, '0'), 'https://x.example/' || n, 's' || (n % 60), 'Headline ' || n, NULL,
       NULL, NULL, 'en', 0.9, 'First sentence. Second sentence. Third.', 5, 'page', 'bench', NULL, NULL, NULL,
       TIMESTAMPTZ '2026-01-05 00:00:00+00' + to_days(CAST(n // $per_day AS INTEGER)),
       CASE WHEN n % 5 = 0 THEN lpad(CAST(n - 1 AS VARCHAR), 16, '0') END,
       DATE '2026-01-05' + CAST(n // $per_day AS INTEGER), now(),
       lpad(CAST(CASE WHEN n % 5 = 0 THEN n - 1 ELSE n END AS VARCHAR), 16, '0')
FROM range($total) t(n);
INSERT INTO article_countries (article_id, country_code, mentions, is_focus, spans)
SELECT article_id, chr(65 + (hash(article_id) % 20)::INT) || chr(65 + (hash(article_id) % 7)::INT), 1, TRUE, NULL
FROM articles;
INSERT INTO article_topics (article_id, topic_code, topic_label, score, evidence)
SELECT article_id, 'medtop:' || lpad(CAST(1 + hash(article_id || 't') % 17 AS VARCHAR), 2, '0') || '000000',
       'topic', 0.5, NULL
FROM articles;
"""


def detector_rates(n_series: int) -> None:
    """False alarms on pure Poisson noise, and how often an injected rise is flagged."""
    days = [START + timedelta(days=i) for i in range(60)]
    for lam in (2, 8, 30):
        alarms = eligible = found = 0
        for seed in range(n_series):
            values = np.random.default_rng(seed).poisson(lam, 60)
            flags = spike_flags(pd.Series(values, index=days))
            ok = flags["baseline_days"] >= 7
            alarms, eligible = alarms + int(flags["spike"][ok].sum()), eligible + int(ok.sum())
            values[45] += max(3, int(round(5 * np.sqrt(lam))))       # a rise of 5 standard deviations
            found += bool(spike_flags(pd.Series(values, index=days))["spike"].iloc[45])
        print(f"spikes lambda={lam:<3} false_alarm_rate={alarms / eligible:.4f} per key-day "
              f"detected_5sd={found / n_series:.3f}")


def build_time(days: int, per_day: int) -> None:
    """Fill a synthetic warehouse and time the views and one day's digests."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with warehouse.connect(db) as con:
            for statement in FILL_SQL.split(";\n"):
                if statement.strip():
                    con.execute(statement, {k: v for k, v in {"per_day": per_day, "total": days * per_day}.items()
                                            if f"${k}" in statement})
            warehouse.rebuild_key_day_counts(con)  # the load keeps it; rows inserted directly need a recount
            rebuild_day_summaries(con)               # likewise the tags' article_run_date and event_days
        run_date = (START + timedelta(days=days - 1)).isoformat()
        with duckdb.connect(str(db), read_only=True) as con:
            started = time.perf_counter()
            rows = con.execute("SELECT count(*) FROM country_daily").fetchone()[0]
            print(f"view country_daily rows={rows} seconds={time.perf_counter() - started:.2f}")
        started = time.perf_counter()
        build_digests(db, run_date, Path(tmp) / "digests")
        pages = len(list((Path(tmp) / "digests" / run_date).rglob("*.html")))
        print(f"build_digests articles={days * per_day} days={days} html_pages={pages} "
              f"seconds={time.perf_counter() - started:.2f}")


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--articles-per-day", type=int, default=400)
    parser.add_argument("--series", type=int, default=200)
    args = parser.parse_args()
    detector_rates(args.series)
    build_time(args.days, args.articles_per_day)


if __name__ == "__main__":
    main()
