"""feed_poll: every 15 minutes, stage the new items of the feeds that are due for the next media_ingest."""
from __future__ import annotations

from datetime import timedelta

from airflow.sdk import dag, task
from mediamon_common import DEFAULT_ARGS, START, WAREHOUSE_QUEUE, settings

DOC_MD = """
### feed_poll: read the feeds between daily runs

Every 15 minutes, `poll` requests the feeds that are due (each feed has its own interval, longer for feeds
that rarely change) with conditional GETs, and stages their new items as files. The next **media_ingest**
run of the day picks them up, so items that drop off a busy feed before the daily run are not lost.

**Params.** None. A pass only reads the feeds that are due; triggering it by hand runs one more pass.

**Pools.** `http`: its requests count against the same cap as media_ingest's `discover` and `fetch`.

**Outputs.** Staged items and the poller's state under `<MEDIAMON_DATA_DIR>/poll/`. The warehouse is not
written here.

**Trigger.** Schedule every 15 minutes, no catchup, one run at a time.

**When a task fails.** `poll` has no retries: the next pass, 15 minutes later, reads the same feeds again.
A feed that fails is recorded in the poller's state; a pass fails on a configuration error (the log names
the line of the registry to fix) or when another pass holds the poller's lock.
"""


@dag(schedule=timedelta(minutes=15), start_date=START, catchup=False, max_active_runs=1, doc_md=DOC_MD,
     description="Every 15 minutes: poll the feeds that are due and stage new items for media_ingest",
     tags=["mediamon", "ingest"], default_args={**DEFAULT_ARGS, "retries": 0, "queue": WAREHOUSE_QUEUE})
def feed_poll():
    @task(pool="http")
    def poll() -> dict:
        """One polling pass: due feeds only, conditional GET, new items staged under <data_dir>/poll/."""
        import json
        from dataclasses import asdict

        from mediamon.discover.polling import poll_once

        return json.loads(json.dumps(asdict(poll_once(settings())), default=str))

    poll()


feed_poll()
