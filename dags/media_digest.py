"""media_digest: when media_ingest loads a day, build that day's digests, send its alerts, export it."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from airflow.sdk import dag, get_current_context, task
from mediamon_common import DEFAULT_ARGS, START, WAREHOUSE, WAREHOUSE_QUEUE, parent_dir_label, settings, unknown_conf

DOC_MD = """
### media_digest: the digests, alerts and exports of a loaded day

`days` finds the days to process, then for each day: `digest` builds the country and topic digests from the
warehouse (read-only), `alert` sends the day's spiking countries and topics and the matches of alerting
watches to the `mediamon_alerts` connection (off when that connection does not exist), and `export` writes
the day's articles, countries and topics as Parquet files for other tools.

**Trigger.** The `mediamon_warehouse` Asset: each successful `load` of **media_ingest** starts a run for
the day it loaded (one run may carry several loaded days). No schedule.

**Params.** None: the day comes from the Asset event. To rebuild the digests of a day already loaded, use
*Trigger* with that day as the logical date (`airflow dags trigger media_digest -l 2026-01-15`). A day the
warehouse holds no run of fails `days` at once with "no run loaded for <day>" and nothing is written: run
**media_ingest** for that day first, or pick a loaded day. A run with neither a logical date nor an Asset
event naming a day (a trigger with `logical_date` null, an Asset event created by hand) has no day to
build: `days` is skipped, and its log says why. A trigger with a conf (`{"run_date": ...}` is media_ingest's)
fails `days` at once naming its keys, instead of building the logical date's day.

**Pools.** None: the digests read a read-only connection; only media_ingest's `load` writes
(`duckdb_writer`).

**Outputs.** `<MEDIAMON_DATA_DIR>/digests/<day>/` (index.html, per-country and per-topic pages in HTML,
Markdown and JSON, `summary.json`, `alerts.json`), shown on the *Digests* page (left bar) of this UI;
`<MEDIAMON_DATA_DIR>/export/<table>/run_date=<day>/data.parquet` for articles, countries and topics.
Rebuilding a day replaces its files.

**When a task fails.** Read its log: a missing or locked warehouse names the file; an `alert` failure names
the connection to fix. Fix the cause, then *Clear* the failed task (the mapped instance of that day):
`digest`, `alert` and `export` read the warehouse and overwrite their files, so they can run again.
"""

NO_DAY = ("nothing to build: this run has no logical date and no mediamon_warehouse event naming a loaded day (a "
          "trigger with logical_date null, or an asset event created by hand); trigger media_digest with the "
          "logical date of a loaded day")


def not_loaded(day: str, loaded: set[str]) -> str:
    """Why a day's digests cannot be built, and what to do about it."""
    latest = f"the latest loaded day is {max(loaded)}" if loaded else "the warehouse holds no loaded day"
    return (f"no run loaded for {day}: load that day first (trigger media_ingest with run_date {day}) "
            f"or pick a loaded day as the logical date ({latest})")


def warehouse_run_dates() -> set[str]:
    """The run dates the warehouse holds a run of (read-only; none when it does not exist yet; a warehouse that
    cannot be read raises, and the task retries)."""
    from mediamon.warehouse.query import loaded_run_dates

    return loaded_run_dates(settings().db_path)


@dag(schedule=[WAREHOUSE], start_date=START, catchup=False, max_active_runs=1, doc_md=DOC_MD,
     description="After each load: build the day's country and topic digests, send alerts, export Parquet",
     tags=["mediamon", "digest"], default_args=DEFAULT_ARGS)
def media_digest():
    @task(queue=WAREHOUSE_QUEUE)
    def days(triggering_asset_events: Mapping | None = None, logical_date: datetime | None = None,
             dag_run: Any = None) -> list[str]:
        """The days loaded by the triggering asset events (a run may carry several), else the logical date's day
        if the warehouse holds a run of it; skipped when the run names no day, failed when its day is not loaded
        or its trigger gave a conf (this DAG takes no params)."""
        from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

        if problem := unknown_conf(getattr(dag_run, "conf", None), (), "media_digest"):
            raise AirflowFailException(f"{problem}; to rebuild a loaded day, trigger with it as the logical date")
        events = (triggering_asset_events or {}).get(WAREHOUSE, [])
        found = sorted({e.extra["run_date"] for e in events if "run_date" in (e.extra or {})})
        if found:
            return found
        if logical_date is None:
            raise AirflowSkipException(NO_DAY)
        day, loaded = logical_date.date().isoformat(), warehouse_run_dates()
        if day not in loaded:
            raise AirflowFailException(not_loaded(day, loaded))
        return [day]

    @task(map_index_template="{{ task.op_kwargs['day'] }}", queue=WAREHOUSE_QUEUE)
    def digest(day: str) -> str:
        """Build the day's digests; returns the index page's path (on the warehouse's host)."""
        from mediamon.stages import build_digest
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "digest", outputs=["digests"]):
            return str(build_digest(s, day))

    @task(queue=WAREHOUSE_QUEUE, map_index_template=parent_dir_label("index_path"))
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
