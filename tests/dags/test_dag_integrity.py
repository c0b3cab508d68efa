"""The DAG files' parse-time contract: they import, wire stages, and do no work at top level."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DAGS = PROJECT / "dags"
EXPECTED = {"media_ingest", "media_digest", "maintenance"}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{PROJECT / 'include'}:{DAGS}"
    env["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    return env


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow_home")))
    sys.path.insert(0, str(DAGS))
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_every_dag_file_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert EXPECTED <= set(dagbag.dag_ids)


def test_every_dag_has_tags_owner_retries_and_no_catchup(dagbag):
    for dag_id in EXPECTED:
        dag = dagbag.dags[dag_id]
        assert dag.tags, dag_id
        assert dag.catchup is False, dag_id
        assert dag.max_active_runs == 1, dag_id
        for t in dag.tasks:
            assert t.owner == "mediamon", (dag_id, t.task_id)
            assert t.retries is not None


def test_ingest_wires_the_stages_in_order(dagbag):
    dag = dagbag.dags["media_ingest"]
    order = ["plan", "sources", "discover", "shard", "fetch", "extract", "enrich", "stories", "validate", "load"]
    for upstream, downstream in zip(order, order[1:]):
        assert downstream in dag.get_task(upstream).downstream_task_ids, (upstream, downstream)
    assert dag.get_task("load").pool == "duckdb_writer"
    assert dag.get_task("fetch").pool == "http"


def test_digest_is_scheduled_on_the_warehouse_asset(dagbag):
    dag = dagbag.dags["media_digest"]
    assert "mediamon_warehouse" in repr(dag.timetable.asset_condition)


def test_mediamon_does_not_import_airflow():
    code = "import sys, mediamon, mediamon.stages, mediamon.cli; print('airflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("dag_file", sorted(p.name for p in DAGS.glob("*.py")))
def test_parsing_a_dag_file_imports_no_heavy_library(dag_file):
    code = (f"import runpy, sys; runpy.run_path({str(DAGS / dag_file)!r}); "
            "print(sorted(m for m in ('pandas', 'duckdb', 'great_expectations', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


DOC_SECTIONS = ("**Params.**", "**Pools.**", "**Outputs.**", "**Trigger.**", "**When a task fails.**")


def test_every_dag_has_a_one_line_description_and_an_operators_doc(dagbag):
    for dag_id in EXPECTED | {"feed_poll"}:
        dag = dagbag.dags[dag_id]
        assert dag.description and "\n" not in dag.description and len(dag.description) <= 120, dag_id
        assert all(section in dag.doc_md for section in DOC_SECTIONS), dag_id


def test_every_dag_doc_names_its_tasks_pools(dagbag):
    for dag_id in EXPECTED | {"feed_poll"}:
        dag = dagbag.dags[dag_id]
        pools = {t.pool for t in dag.tasks} - {"default_pool"}
        assert all(f"`{pool}`" in dag.doc_md for pool in pools), (dag_id, pools)


def test_digest_doc_names_each_task_and_the_digests_page(dagbag):
    dag = dagbag.dags["media_digest"]
    assert all(f"`{t.task_id}`" in dag.doc_md for t in dag.tasks)
    assert "*Digests* page" in dag.doc_md and "Parquet" in dag.doc_md


def _label(dag, task_id: str, **op_kwargs) -> str:
    """A mapped instance's label as the task runner renders it: the task's map_index_template, the DAG's
    template environment, the instance's arguments."""
    template = dag.get_task(task_id).map_index_template
    return dag.get_template_env().from_string(template).render(task=SimpleNamespace(op_kwargs=op_kwargs))


@pytest.mark.parametrize(("task_id", "op_kwargs", "label"), [
    ("discover", {"source_ids": ["global-voices", "wikinews"], "run_dir": "runs/d/r"}, "global-voices +1"),
    ("discover", {"source_ids": ["a", "b", "c"], "run_dir": "runs/d/r"}, "a +2"),
    ("discover", {"source_ids": ["wikinews"], "run_dir": "runs/d/r"}, "wikinews"),
    ("fetch", {"shard": "/data/runs/2026-01-15/2026-01-15-1-a/shards/shard-00.jsonl"}, "shard-00"),
    ("extract", {"shard": "runs/2026-01-15/2026-01-15-1-a/shards/shard-03.jsonl"}, "shard-03"),
    ("enrich", {"extracted": "/data/runs/2026-01-15/2026-01-15-1-a/extracted/shard-01.jsonl"}, "shard-01"),
])
def test_ingest_labels_each_mapped_instance_by_what_it_holds(dagbag, task_id, op_kwargs, label):
    assert _label(dagbag.dags["media_ingest"], task_id, **op_kwargs) == label


@pytest.mark.parametrize(("task_id", "op_kwargs", "label"), [
    ("digest", {"day": "2026-01-15"}, "2026-01-15"),
    ("alert", {"index_path": "/data/digests/2026-01-15/index.html"}, "2026-01-15"),
    ("export", {"day": "2026-01-15"}, "2026-01-15"),
])
def test_digest_labels_each_mapped_instance_by_its_day(dagbag, task_id, op_kwargs, label):
    assert _label(dagbag.dags["media_digest"], task_id, **op_kwargs) == label


def _days(dagbag):
    """media_digest's days task as a function of its context arguments."""
    return dagbag.dags["media_digest"].get_task("days").python_callable


def test_digest_of_a_run_with_no_day_is_skipped_with_the_reason(dagbag, monkeypatch, tmp_path):
    from airflow.sdk.exceptions import AirflowSkipException

    monkeypatch.setenv("MEDIAMON_DB", str(tmp_path / "none.duckdb"))
    with pytest.raises(AirflowSkipException, match="no logical date and no mediamon_warehouse event"):
        _days(dagbag)(triggering_asset_events={}, logical_date=None)


def test_digest_of_a_day_not_loaded_fails_at_once_saying_what_to_do(dagbag, monkeypatch, tmp_path):
    import pendulum
    from airflow.sdk.exceptions import AirflowFailException

    monkeypatch.setenv("MEDIAMON_DB", str(tmp_path / "none.duckdb"))
    with pytest.raises(AirflowFailException, match="^no run loaded for 2026-12-06: load that day first"):
        _days(dagbag)(triggering_asset_events={}, logical_date=pendulum.datetime(2026, 12, 6, 23, 14, tz="UTC"))


def test_digest_takes_the_days_of_the_asset_events_without_reading_the_warehouse(dagbag, monkeypatch, tmp_path):
    from mediamon_common import WAREHOUSE

    monkeypatch.setenv("MEDIAMON_DB", str(tmp_path / "none.duckdb"))
    events = {WAREHOUSE: [SimpleNamespace(extra={"run_date": "2026-01-16"}), SimpleNamespace(extra={}),
                          SimpleNamespace(extra={"run_date": "2026-01-15"})]}
    assert _days(dagbag)(triggering_asset_events=events, logical_date=None) == ["2026-01-15", "2026-01-16"]


def test_maintenance_works_for_today_when_triggered_without_a_logical_date(dagbag):
    from datetime import datetime, timezone

    import pendulum

    run_day = dagbag.dags["maintenance"].get_task("backup").python_callable.__globals__["run_day"]
    assert run_day(pendulum.datetime(2026, 1, 18, tz="UTC")) == "2026-01-18"
    assert run_day(None) == datetime.now(timezone.utc).date().isoformat()
