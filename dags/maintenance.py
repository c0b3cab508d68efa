"""maintenance: weekly, compact and back up the warehouse and delete raw files past retention."""
from __future__ import annotations

from airflow.sdk import dag, get_current_context, task
from mediamon_common import DEFAULT_ARGS, START, WAREHOUSE_QUEUE, settings


@dag(schedule="@weekly", start_date=START, catchup=False, max_active_runs=1, doc_md=__doc__,
     tags=["mediamon", "maintenance"], default_args={**DEFAULT_ARGS, "queue": WAREHOUSE_QUEUE})
def maintenance():
    @task(pool="duckdb_writer")
    def backup() -> str:
        """Copy the warehouse to data/backups (the newest few are kept)."""
        from mediamon.warehouse.maintenance import backup as backup_warehouse

        s, day = settings(), get_current_context()["logical_date"].to_date_string()
        return str(backup_warehouse(s.db_path, s.data_dir / "backups", day))

    @task(pool="duckdb_writer")
    def compact() -> None:
        """CHECKPOINT the warehouse."""
        from mediamon.warehouse.maintenance import compact as compact_warehouse

        compact_warehouse(settings().db_path)

    @task
    def prune() -> int:
        """Delete run folders older than the retention period."""
        from mediamon.warehouse.maintenance import prune_runs

        s, day = settings(), get_current_context()["logical_date"].to_date_string()
        return len(prune_runs(s.data_dir, day))

    backup() >> compact() >> prune()


maintenance()
