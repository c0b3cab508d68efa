"""Housekeeping: compact the warehouse, back it up, and drop raw run files past their retention."""
from __future__ import annotations

import logging
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb

from mediamon import warehouse
from mediamon.days import check_day, parse_day

logger = logging.getLogger(__name__)

RAW_RETENTION_DAYS = 90  # WARC and staged files of a run are kept this long, then deleted
BACKUPS_KEPT = 7


def compact(db_path: Path) -> None:
    """CHECKPOINT the warehouse so its WAL is folded in and free blocks are reused."""
    with warehouse.connect(db_path) as con:
        con.execute("CHECKPOINT")
    logger.info("compact db=%s bytes=%s", db_path, Path(db_path).stat().st_size)


def backup(db_path: Path, backup_dir: Path, day: str) -> Path:
    """Copy the closed warehouse to backup_dir/mediamon-<day>.duckdb and keep the newest few (by name: a day past
    tomorrow is a ConfigError, as its copy would outlive every later one)."""
    day = check_day(day, "backup day")
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"mediamon-{day}.duckdb"
    tmp = target.with_suffix(".tmp")
    with warehouse.connect(db_path) as con:
        con.execute("CHECKPOINT")
        shutil.copyfile(db_path, tmp)  # copied while the writer lock is held: no load can interleave
    tmp.replace(target)
    for old in sorted(backup_dir.glob("mediamon-*.duckdb"))[:-BACKUPS_KEPT]:
        old.unlink()
    logger.info("backup db=%s to=%s", db_path, target)
    return target


def prune_runs(data_dir: Path, today: str, *, keep_days: int = RAW_RETENTION_DAYS) -> list[Path]:
    """Delete run folders (WARC, staged files) older than keep_days before today; returns what was deleted. A today
    past tomorrow (a run triggered with a future logical date) is a ConfigError: it would delete every run's files."""
    cutoff = parse_day(today, "maintenance day") - timedelta(days=keep_days)
    removed = []
    for day_dir in sorted((data_dir / "runs").glob("*")):
        try:
            day = date.fromisoformat(day_dir.name)
        except ValueError:
            continue
        if day < cutoff:
            shutil.rmtree(day_dir)
            removed.append(day_dir)
    logger.info("prune data_dir=%s cutoff=%s removed=%s", data_dir, cutoff, len(removed))
    return removed


def rebuild_day_summaries(con: duckdb.DuckDBPyConnection) -> int:
    """Refill the tag and event-stem tables' article_run_date, event_days and day_totals from every stored article,
    in one transaction; returns event_days' rows. The load keeps them; this is for tables written another way."""
    con.execute("BEGIN")
    try:
        con.execute(warehouse.read_sql("queries/day_summaries_rebuild"))
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return con.execute("SELECT count(*) FROM event_days").fetchone()[0]
