"""Red-team DAG triggers, eighth round. media_ingest's `plan` read `params["run_date"] or logical_date`: a conf with a
misspelt key ({"date": "2026-01-15"}) was merged into the params and ignored, so the run processed its logical date
instead of the day asked for, silently; a run triggered with neither run_date nor a logical date stopped on
AttributeError ('NoneType' has no to_date_string); a run_date in the future passes the Param's schema (format date)
and failed plan_run with a ConfigError that Airflow retried twice. media_digest takes no params, and a conf
{"run_date": ...} given to it was ignored: it built the logical date's day. Each now fails its first task at once
(AirflowFailException, no retries) saying what to give."""
from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pendulum
import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"
LOGICAL = pendulum.datetime(2026, 1, 18, 23, 30, tz="UTC")


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory: pytest.TempPathFactory):
    """The project's DAGs, parsed as the scheduler does."""
    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow_home")))
    if str(DAGS) not in sys.path:
        sys.path.insert(0, str(DAGS))
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def requested_day(dagbag):
    """media_ingest's rule for the day a run processes (params, conf, logical date)."""
    return dagbag.dags["media_ingest"].get_task("plan").python_callable.__globals__["requested_day"]


def days(dagbag):
    """media_digest's days task as a function of its context arguments."""
    return dagbag.dags["media_digest"].get_task("days").python_callable


@pytest.mark.parametrize("conf", [{"date": "2026-01-15"}, {"run_date": "2026-01-15", "rundate": "2026-01-16"},
                                  {"RUN_DATE": "2026-01-15"}])
def test_a_conf_key_that_is_no_param_fails_the_run_naming_it(dagbag, conf: dict) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    params = {"run_date": conf.get("run_date"), **conf}  # Airflow merges the conf into the params
    with pytest.raises(AirflowFailException, match="conf keys it does not know") as raised:
        requested_day(dagbag)(params, conf, LOGICAL)
    unknown = sorted(set(conf) - {"run_date"})
    assert all(repr(key) in str(raised.value) for key in unknown) and "run_date" in str(raised.value)


def test_a_run_without_logical_date_or_run_date_fails_saying_what_to_give(dagbag) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    with pytest.raises(AirflowFailException, match="no logical date and no run_date param"):
        requested_day(dagbag)({"run_date": None}, {}, None)


@pytest.mark.parametrize("day", [(datetime.now(timezone.utc) + timedelta(days=3)).date().isoformat(), "9999-12-31",
                                 "1989-12-31"])
def test_a_run_date_outside_the_days_to_process_fails_at_once_naming_the_range(dagbag, day: str) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    with pytest.raises(AirflowFailException, match=f"run_date {day} is outside 1990-01-01 .. "):
        requested_day(dagbag)({"run_date": day}, {"run_date": day}, LOGICAL)


def test_a_run_date_or_the_logical_date_is_still_the_day(dagbag) -> None:
    rule = requested_day(dagbag)
    assert rule({"run_date": "2026-01-15"}, {"run_date": "2026-01-15"}, LOGICAL) == "2026-01-15"
    assert rule({"run_date": None}, None, LOGICAL) == "2026-01-18"
    assert rule({"run_date": None}, {}, LOGICAL) == "2026-01-18"


def test_the_plan_task_applies_the_rule(dagbag) -> None:
    assert "requested_day" in dagbag.dags["media_ingest"].get_task("plan").python_callable.__code__.co_names


def test_a_digest_triggered_with_a_conf_fails_naming_its_keys(dagbag, monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    monkeypatch.setenv("MEDIAMON_DB", str(tmp_path / "none.duckdb"))
    with pytest.raises(AirflowFailException, match="media_digest was triggered with conf keys .*'run_date'.* "
                                                   "takes no params"):
        days(dagbag)(triggering_asset_events={}, logical_date=LOGICAL,
                     dag_run=SimpleNamespace(conf={"run_date": "2026-01-15"}))


def test_a_digest_without_conf_still_takes_the_asset_events(dagbag, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    from mediamon_common import WAREHOUSE

    monkeypatch.setenv("MEDIAMON_DB", str(tmp_path / "none.duckdb"))
    events = {WAREHOUSE: [SimpleNamespace(extra={"run_date": "2026-01-16"})]}
    for conf in (None, {}):
        assert days(dagbag)(triggering_asset_events=events, logical_date=None,
                            dag_run=SimpleNamespace(conf=conf)) == ["2026-01-16"]


# --- maintenance: a future logical date -------------------------------------------------------------------------
# Its retention cut (the day minus 90 days) lay after every run: `prune` deleted every run's WARC and staged files,
# and the backup named after that day outlived every later one (the newest few are kept by name).


def runs_folder(data_dir: Path, days_ago: list[int]) -> list[Path]:
    """Run folders under data_dir/runs for today minus each of days_ago, each holding a file."""
    today = datetime.now(timezone.utc).date()
    folders = []
    for ago in days_ago:
        folder = data_dir / "runs" / (today - timedelta(days=ago)).isoformat() / "run-1"
        folder.mkdir(parents=True)
        (folder / "warc.gz").write_bytes(b"archive")
        folders.append(folder.parent)
    return folders


@pytest.mark.parametrize("ahead", [2, 365, 3000])
def test_pruning_for_a_future_day_is_refused_and_deletes_nothing(tmp_path: Path, ahead: int) -> None:
    from mediamon.errors import ConfigError
    from mediamon.warehouse.maintenance import prune_runs

    folders = runs_folder(tmp_path, [0, 5, 60])
    future = (datetime.now(timezone.utc).date() + timedelta(days=ahead)).isoformat()
    with pytest.raises(ConfigError, match=f"maintenance day {future} is outside 1990-01-01 .. "):
        prune_runs(tmp_path, future)
    assert all(folder.is_dir() for folder in folders)


def test_pruning_for_today_still_deletes_only_runs_past_retention(tmp_path: Path) -> None:
    from mediamon.warehouse.maintenance import prune_runs

    kept, old = runs_folder(tmp_path, [0, 89]), runs_folder(tmp_path, [91, 400])
    assert sorted(prune_runs(tmp_path, datetime.now(timezone.utc).date().isoformat())) == sorted(old)
    assert all(folder.is_dir() for folder in kept) and not any(folder.exists() for folder in old)


def test_a_backup_named_for_a_future_day_is_refused(tmp_path: Path) -> None:
    from mediamon.errors import ConfigError
    from mediamon.warehouse.maintenance import backup

    with pytest.raises(ConfigError, match="backup day 2099-01-01 is outside"):
        backup(tmp_path / "wh.duckdb", tmp_path / "backups", "2099-01-01")
    assert not (tmp_path / "backups").exists() and not (tmp_path / "wh.duckdb").exists()


def test_maintenance_with_a_future_logical_date_fails_at_once(dagbag) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    run_day = dagbag.dags["maintenance"].get_task("backup").python_callable.__globals__["run_day"]
    with pytest.raises(AirflowFailException, match="logical date 2099-01-04 is outside 1990-01-01 .. "):
        run_day(pendulum.datetime(2099, 1, 4, tz="UTC"))
    assert run_day(LOGICAL) == "2026-01-18"
