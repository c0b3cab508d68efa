"""media_ingest: the daily pipeline, from the sources' feeds to a validated load into the warehouse."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow.sdk import Metadata, Param, dag, get_current_context, task
from mediamon_common import (
    DEFAULT_ARGS,
    GROUP_LABEL,
    START,
    WAREHOUSE,
    WAREHOUSE_QUEUE,
    file_stem_label,
    settings,
    unknown_conf,
)

DOC_MD = """
### media_ingest: one day of news, from the feeds to the warehouse

Each day it reads the registry (`MEDIAMON_SOURCES`), requests the sources' feeds and sitemaps (`discover`,
one task per group of sources), drops the URLs the warehouse already holds and splits the new items by site
into shards (`shard`), then per shard downloads the pages (`fetch`), extracts the articles (`extract`) and
tags their countries, topics and story signatures (`enrich`). `stories` joins copies of one story across
shards and recent days, `validate` runs the quality suites and `load` writes the day into DuckDB in one
transaction.

**Params.** `run_date` (YYYY-MM-DD): the day to process; empty means the run's logical date. To run or
re-run a day, use *Trigger* with `run_date` set (or `airflow dags trigger media_ingest -c
'{"run_date": "2026-01-15"}'`). Re-running a day is safe: the load is idempotent, articles already stored
are not loaded twice, and the run adds one row to `runs`. A conf key other than `run_date`, a `run_date` that
is no day from 1990-01-01 to tomorrow, or a run with neither a `run_date` nor a logical date fails `plan` at
once (no retries), saying what to give.

**Pools.** `http` (discover, fetch) caps the concurrent tasks that make HTTP requests, to be polite to the
sites and keep sockets bounded. `duckdb_writer` (1 slot, load) because DuckDB allows one writing process:
a second writer would fail on the file lock. Create both before the first run (`airflow pools set http 8
"HTTP"`, `airflow pools set duckdb_writer 1 "DuckDB writer"`): a task whose pool is missing waits forever.

**Outputs.** The warehouse (`MEDIAMON_DB`): articles, countries, topics, stories, `fetch_log`, `quarantine`,
`runs`. The run's files under `<MEDIAMON_DATA_DIR>/runs/<run_date>/<run_id>/` (feeds, shards, WARC, extracted
and enriched records, per-item logs), and the quality reports under `<MEDIAMON_DATA_DIR>/gx_docs/`. A
successful `load` updates the `mediamon_warehouse` Asset, which triggers **media_digest** for that day; its
digests appear on the *Digests* page (left bar).

**Trigger.** Schedule `@daily` (no catchup); also manual triggers as above.

**When a task fails.** A bad page or feed item does not fail a task: it ends in `fetch_log` or
`quarantine` with a reason (`mediamon quarantine list --date <day>`; after a fix, `mediamon quarantine
replay --date <day>`). A task fails after its retries on a configuration error (the log names the line to
fix), a storage error or a failed critical quality check (`validate`, no retries: read its log and the
quality reports). Fix the cause, then *Clear* the failed task with its downstream tasks: the run goes on
from the files its earlier tasks wrote. Or trigger the day again.
"""

PARAMS = {"run_date": Param(None, type=["null", "string"], format="date", pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                            description="Day to process (YYYY-MM-DD); default: the run's logical date")}


def requested_day(params: Mapping, conf: Mapping | None, logical_date: Any) -> str:
    """The day a run processes: its run_date param, else its logical date's day. AirflowFailException (no retries:
    they would fail the same) when the conf holds a key that is no param, or there is no day to process."""
    from airflow.sdk.exceptions import AirflowFailException

    from mediamon.days import check_day
    from mediamon.errors import ConfigError

    if problem := unknown_conf(conf, PARAMS.keys(), "media_ingest"):
        raise AirflowFailException(problem)
    day = params.get("run_date") or (logical_date.date().isoformat() if logical_date is not None else None)
    if day is None:
        raise AirflowFailException("this run has no logical date and no run_date param: trigger media_ingest with "
                                   "run_date set (YYYY-MM-DD)")
    try:
        return check_day(day, "run_date")
    except ConfigError as err:
        raise AirflowFailException(f"{err} (the run_date param, else the run's logical date)") from None


@dag(schedule="@daily", start_date=START, catchup=False, max_active_runs=1, doc_md=DOC_MD,
     description="Daily: discover feeds, fetch, extract and enrich pages per shard, validate, load the warehouse",
     tags=["mediamon", "ingest"], default_args=DEFAULT_ARGS,
     params=PARAMS)
def media_ingest():
    @task(queue=WAREHOUSE_QUEUE)
    def plan() -> str:
        """Load the registry and the warehouse's state; returns the run directory."""
        from mediamon.stages import plan_run
        from mediamon.storage.shared import shared_task

        ctx = get_current_context()
        dag_run = ctx.get("dag_run")
        day = requested_day(ctx["params"], getattr(dag_run, "conf", None), ctx.get("logical_date"))
        s = settings()
        with shared_task(s, "plan") as t:
            return t.ref(plan_run(s, day))

    @task
    def sources(run_dir: str) -> list[list[str]]:
        """The sources with feeds to request today, grouped by site (one discover task per group)."""
        from mediamon.stages import source_groups
        from mediamon.storage.shared import shared_task

        with shared_task(settings(), "sources", run_dir) as t:
            return source_groups(t.path)

    @task(pool="http", map_index_template=GROUP_LABEL)
    def discover(run_dir: str, source_ids: list[str]) -> list[str]:
        """Fetch and parse a group of sources' feeds."""
        from mediamon.stages import discover as discover_sources
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "discover", run_dir, key=source_ids[0]) as t:
            return t.ref(discover_sources(t.path, source_ids, s))

    @task(trigger_rule="none_failed", queue=WAREHOUSE_QUEUE)
    def shard(run_dir: str, discovered: list[list[str]]) -> list[str]:
        """Validate feed items, drop known URLs, split by site into shards (no new item: no shard, no fetch task).

        Runs when discover was skipped too (no feed to request today), so the day still loads its run row.
        """
        from mediamon.stages import shard_items
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "shard", run_dir, outputs=["gx_docs"]) as t:
            return t.ref(shard_items(t.path, s))

    @task(pool="http", map_index_template=file_stem_label("shard"))
    def fetch(shard: str) -> str:
        """Download one shard's pages into WARC."""
        from mediamon.stages import fetch_shard
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "fetch", shard) as t:
            return t.ref(fetch_shard(t.path, s))

    @task(map_index_template=file_stem_label("shard"))
    def extract(shard: str) -> str:
        """Extract articles from one shard's pages."""
        from mediamon.stages import extract_shard
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "extract", shard) as t:
            return t.ref(extract_shard(t.path, s))

    @task(map_index_template=file_stem_label("extracted"))
    def enrich(extracted: str) -> str:
        """Tag countries, topics and story signatures."""
        from mediamon.stages import enrich_shard
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "enrich", extracted) as t:
            return t.ref(enrich_shard(t.path, s))

    @task(trigger_rule="none_failed")
    def stories(run_dir: str, enriched: list[str]) -> str:
        """Join copies of one story across the run's shards and recent days."""
        from mediamon.stages import cluster_stories
        from mediamon.storage.shared import shared_task

        with shared_task(settings(), "stories", run_dir) as t:
            return t.ref(cluster_stories(t.path))

    @task(retries=0, trigger_rule="none_failed", queue=WAREHOUSE_QUEUE)
    def validate(run_dir: str, clustered: str) -> str:
        """Run the quality suites; stage what load needs, with one outcome per feed item."""
        from mediamon.stages import validate_run
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "validate", run_dir, outputs=["gx_docs"]) as t:
            return t.ref(validate_run(t.path, s))

    @task(outlets=[WAREHOUSE], pool="duckdb_writer", queue=WAREHOUSE_QUEUE)
    def load(run_dir: str, validated: str):
        """Load the run into DuckDB in one transaction, then announce the new data."""
        from mediamon.stages import load_run
        from mediamon.storage.shared import shared_task

        s = settings()
        with shared_task(s, "load", run_dir) as t:
            counts = load_run(t.path, s)
        yield Metadata(WAREHOUSE, extra={"run_date": counts["run_date"], "new_articles": counts["new_articles"]})

    run_dir = plan()
    discovered = discover.partial(run_dir=run_dir).expand(source_ids=sources(run_dir))
    shards = shard(run_dir, discovered)
    enriched = enrich.expand(extracted=extract.expand(shard=fetch.expand(shard=shards)))
    load(run_dir, validate(run_dir, stories(run_dir, enriched)))


media_ingest()
