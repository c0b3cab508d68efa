"""maintenance: weekly, compact and back up the warehouse and delete raw files past retention."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from airflow.sdk import dag, get_current_context, task
from mediamon_common import DEFAULT_ARGS, START, WAREHOUSE_QUEUE, settings

DOC_MD = """
### maintenance: back up and compact the warehouse, prune old run files

Weekly: `backup` copies the warehouse to `<MEDIAMON_DATA_DIR>/backups/` (the newest few copies are kept),
`compact` runs a DuckDB CHECKPOINT on it, and `prune` deletes the run folders under
`<MEDIAMON_DATA_DIR>/runs/` of runs that ran more than the retention period (90 days) ago, whatever day they
processed (a backfill of an old day keeps its files as long as a daily run); the warehouse keeps their rows.

**Params.** None; the day is the run's logical date (it names the backup and dates the retention cut), or
today (UTC) for a run triggered without one. A logical date past tomorrow fails `backup` at once: its retention
cut would delete every run's files.
Trigger it by hand for an extra backup.

**Pools.** `duckdb_writer` (1 slot) for `backup` and `compact`, so they never run while media_ingest's `load`
writes the warehouse (DuckDB allows one writing process).

**Outputs.** `<MEDIAMON_DATA_DIR>/backups/mediamon-<day>.duckdb`; the warehouse compacted in place; fewer
folders under `runs/`.

**Trigger.** Schedule `@weekly`, no catchup.

**When a task fails.** Read its log (a locked or missing warehouse, a full disk). Fix the cause and *Clear*
the task: each step can run again.
"""


def run_day(logical_date: Any) -> str:
    """The day a run works for: its logical date, else (a run triggered without one) today in UTC;
    AirflowFailException (no retries) for a day past tomorrow."""
    from airflow.sdk.exceptions import AirflowFailException

    from mediamon.days import check_day
    from mediamon.errors import ConfigError

    if logical_date is None:
        return datetime.now(timezone.utc).date().isoformat()
    try:
        return check_day(logical_date.date().isoformat(), "logical date")
    except ConfigError as err:
        raise AirflowFailException(f"{err}; trigger maintenance without a logical date, or with a past one") from None


@dag(schedule="@weekly", start_date=START, catchup=False, max_active_runs=1, doc_md=DOC_MD,
     description="Weekly: back up and compact the warehouse, delete run files past retention",
     tags=["mediamon", "maintenance"], default_args={**DEFAULT_ARGS, "queue": WAREHOUSE_QUEUE})
def maintenance():
    @task(pool="duckdb_writer")
    def backup() -> str:
        """Copy the warehouse to data/backups (the newest few are kept)."""
        from mediamon.warehouse.maintenance import backup as backup_warehouse

        s, day = settings(), run_day(get_current_context().get("logical_date"))
        return str(backup_warehouse(s.db_path, s.data_dir / "backups", day))

    @task(pool="duckdb_writer")
    def compact() -> None:
        """CHECKPOINT the warehouse."""
        from mediamon.warehouse.maintenance import compact as compact_warehouse

        compact_warehouse(settings().db_path)

    @task
    def prune() -> int:
        """Delete the folders of runs that ran longer ago than the retention period."""
        from mediamon.warehouse.maintenance import prune_runs

        s, day = settings(), run_day(get_current_context().get("logical_date"))
        return len(prune_runs(s.data_dir, day))

    backup() >> compact() >> prune()


maintenance()
