"""Housekeeping: compact the warehouse, back it up, and drop raw run files past their retention."""
from __future__ import annotations

import logging
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from mediamon import warehouse
from mediamon.days import check_day, parse_day
from mediamon.errors import MediamonError
from mediamon.rundir import RunDir

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
    """Delete the folders (WARC, staged files) of runs that ran more than keep_days before today, by when each ran
    (run_started_on), so a backfill of an old day keeps its files as long as a daily run; returns what was deleted: a
    day's folder once none of its runs is left, else the runs' folders. A today past tomorrow (a run triggered with a
    future logical date) is a ConfigError: it would delete every run's files."""
    cutoff = parse_day(today, "maintenance day") - timedelta(days=keep_days)
    removed = []
    for day_dir in sorted(p for p in (data_dir / "runs").glob("*") if p.is_dir()):
        try:
            day = date.fromisoformat(day_dir.name)
        except ValueError:
            continue
        if day - timedelta(days=1) >= cutoff:  # a run is planned at most a day before its run date: all are newer
            continue
        old = [run for run in sorted(day_dir.iterdir()) if run_started_on(run, day) < cutoff]
        for run in old:
            if run.is_dir():
                shutil.rmtree(run)
            else:
                run.unlink()
        if old and not any(day_dir.iterdir()):
            day_dir.rmdir()
            old = [day_dir]
        removed.extend(old)
    logger.info("prune data_dir=%s cutoff=%s removed=%s", data_dir, cutoff, len(removed))
    return removed


def run_started_on(run: Path, run_date: date) -> date:
    """The day (UTC) a run folder's run started: its plan's started_at, or its run date when it has no readable
    plan (a file beside the runs, a run that never planned)."""
    try:
        started_at = RunDir(run).read_plan().started_at if RunDir(run).plan.is_file() else None
        return datetime.fromisoformat(started_at).astimezone(timezone.utc).date() if started_at else run_date
    except (MediamonError, OSError, TypeError, ValueError) as err:
        logger.warning("prune run=%s plan unreadable (%s): aged by its run date %s", run, err, run_date)
        return run_date


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
