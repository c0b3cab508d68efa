"""feed_poll: every 15 minutes, read the feeds that are due (each at its own adaptive interval) and
stage their new items as files for the next media_ingest run; the warehouse is not written here."""
from __future__ import annotations

from datetime import timedelta

from airflow.sdk import dag, task
from mediamon_common import DEFAULT_ARGS, START, WAREHOUSE_QUEUE, settings


@dag(schedule=timedelta(minutes=15), start_date=START, catchup=False, max_active_runs=1, doc_md=__doc__,
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
