"""Constants shared by the mediamon DAG files (no work at import time)."""
from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import Asset

START = pendulum.datetime(1990, 1, 1, tz="UTC")  # any past day can be run or backfilled (catchup is off)
WAREHOUSE = Asset(name="mediamon_warehouse", uri="file:///mediamon/warehouse.duckdb")
# Tasks that open the warehouse file or the poller's state run on the one host that holds them: with the
# CeleryExecutor, the worker there serves this queue (docker-compose.yaml; docs/scaling.md). Other executors
# ignore queues.
WAREHOUSE_QUEUE = os.environ.get("MEDIAMON_WAREHOUSE_QUEUE", "warehouse")
DEFAULT_ARGS = {
    "owner": "mediamon",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(hours=2),
}


def settings():
    """The run's Settings, built from MEDIAMON_* variables inside a task."""
    from mediamon.settings import settings_from_env

    return settings_from_env()
