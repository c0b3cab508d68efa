"""media_digest: when media_ingest loads a day, build its country and topic digests and alerts."""
from __future__ import annotations

from airflow.sdk import dag, get_current_context, task
from mediamon_common import DEFAULT_ARGS, START, WAREHOUSE, WAREHOUSE_QUEUE, settings


@dag(schedule=[WAREHOUSE], start_date=START, catchup=False, max_active_runs=1, doc_md=__doc__,
     tags=["mediamon", "digest"], default_args=DEFAULT_ARGS)
def media_digest():
    @task
    def days() -> list[str]:
        """The days loaded by the triggering asset events (a run may carry several)."""
        ctx = get_current_context()
        events = ctx["triggering_asset_events"].get(WAREHOUSE, [])
        found = sorted({e.extra["run_date"] for e in events if "run_date" in (e.extra or {})})
        logical = ctx.get("logical_date")
        return found or ([logical.to_date_string()] if logical else [])

    @task(map_index_template="{{ task.op_kwargs['day'] }}", queue=WAREHOUSE_QUEUE)
    def digest(day: str) -> str:
        """Build the day's digests; returns the index page's path (on the warehouse's host)."""
        from mediamon.stages import build_digest
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "digest", outputs=["digests"]):
            return str(build_digest(s, day))

    @task(queue=WAREHOUSE_QUEUE)
    def alert(index_path: str) -> None:
        """Notify the alerts connection of watched countries and topics that spiked."""
        from mediamon_notifier import SpikeAlertNotifier

        SpikeAlertNotifier(index_path).notify(get_current_context())

    @task(map_index_template="{{ task.op_kwargs['day'] }}", queue=WAREHOUSE_QUEUE)
    def export(day: str) -> list[str]:
        """Write the day's articles, countries and topics as Parquet for other tools."""
        from mediamon.storage.shared import shared_task
        from mediamon.warehouse.export import export_day

        s = settings()
        with shared_task(s, "export", outputs=["export"]):
            return [str(p) for p in export_day(s.db_path, day, s.data_dir / "export")]

    loaded_days = days()
    alert.expand(index_path=digest.expand(day=loaded_days))
    export.expand(day=loaded_days)


media_digest()
