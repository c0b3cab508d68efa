"""Constants shared by the mediamon DAG files (no work at import time)."""
from __future__ import annotations

import os
from collections.abc import Collection, Mapping
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

# map_index_templates: what each mapped instance holds, as the grid and the task list label it. They read the
# instance's own argument, so the label is there while the task runs and after it fails.
GROUP_LABEL = ("{% set ids = task.op_kwargs['source_ids'] %}{{ ids[0] }}"
               "{% if ids | length > 1 %} +{{ ids | length - 1 }}{% endif %}")  # global-voices +1


def file_stem_label(arg: str) -> str:
    """A map_index_template naming an instance by the file its `arg` names (runs/.../shard-00.jsonl: shard-00)."""
    return f"{{{{ task.op_kwargs[{arg!r}].split('/')[-1].split('.')[0] }}}}"


def parent_dir_label(arg: str) -> str:
    """A map_index_template naming an instance by the folder of the file its `arg` names (digests/<day>/index.html)."""
    return f"{{{{ task.op_kwargs[{arg!r}].split('/')[-2] }}}}"


def settings():
    """The run's Settings, built from MEDIAMON_* variables inside a task."""
    from mediamon.settings import settings_from_env

    return settings_from_env()


def unknown_conf(conf: Mapping | None, known: Collection[str], dag_id: str) -> str | None:
    """What is wrong with a trigger's conf holding keys that are not the DAG's params (a misspelt run_date would
    be ignored and the run's logical date processed instead), or None when every key is known."""
    unknown = sorted(str(key) for key in (conf or {}) if key not in known)
    if not unknown:
        return None
    takes = f"its params are {', '.join(sorted(known))}" if known else "it takes no params"
    shown = ", ".join(repr(key[:80]) for key in unknown[:10]) + (f" and {len(unknown) - 10} more"
                                                                  if len(unknown) > 10 else "")
    return f"{dag_id} was triggered with conf keys it does not know ({shown}); {takes}: trigger it again without them"
