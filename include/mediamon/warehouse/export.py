"""Parquet export for other tools: reads one day from the warehouse (read-only), writes Hive-partitioned files.

    <out_dir>/articles/run_date=2026-01-15/data.parquet
    <out_dir>/article_countries/run_date=2026-01-15/data.parquet
    <out_dir>/article_topics/run_date=2026-01-15/data.parquet

A day's folder holds exactly one file, replaced atomically by a re-export. The day is the run_date
an article was first stored on; it is in the path only (read with hive_partitioning, e.g.
`SELECT * FROM read_parquet('export/articles/*/*.parquet', hive_partitioning = true)`).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb

from mediamon import warehouse
from mediamon.days import check_day

logger = logging.getLogger(__name__)

EXPORT_TABLES = ("articles", "article_countries", "article_topics")  # each has queries/export_<table>.sql
PARTITION_KEY = "run_date"
EXPORT_FILE = "data.parquet"


def export_day(db_path: Path, run_date: str, out_dir: Path) -> list[Path]:
    """Write one day's articles and their country and topic tags as Parquet; returns the files written."""
    day = _checked_day(run_date)
    written, counts = [], {}
    with warehouse.connect(db_path, read_only=True) as con:
        for table in EXPORT_TABLES:
            target = partition_path(out_dir, table, day)
            rel = con.sql(warehouse.read_sql(f"queries/export_{table}"), params={"run_date": day})
            _write_atomically(rel, target)
            counts[table] = con.execute("SELECT count(*) FROM read_parquet($path)", {"path": str(target)}).fetchall()[0][0]
            written.append(target)
    logger.info("export run_date=%s out_dir=%s %s", day, out_dir,
                " ".join(f"{table}={n}" for table, n in counts.items()))
    return written


def partition_path(out_dir: Path, table: str, run_date: str) -> Path:
    """Where one table's file for one day goes: <out_dir>/<table>/run_date=<day>/data.parquet."""
    return Path(out_dir) / table / f"{PARTITION_KEY}={run_date}" / EXPORT_FILE


def _write_atomically(rel: duckdb.DuckDBPyRelation, target: Path) -> None:
    """Write a relation to target via a temporary file and a rename, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    try:
        rel.write_parquet(str(tmp), compression="zstd")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)


def _checked_day(run_date: str) -> str:
    """run_date as YYYY-MM-DD, or a ConfigError naming the bad value."""
    return check_day(run_date, "export: date")
