"""A daily run of 200 sources / 5,000 articles through `mediamon run` and through Airflow (LocalExecutor), twice.

    .venv/bin/python benchmarks/airflow_run.py [--sources 200] [--per-source 25] [--ports 20]
        [--host-delay 0.05] [--parallelism 4] [--mode standalone|dags-test|skip] [--timeout 1800] [--keep DIR]

1. Builds a synthetic news site in a temp dir (benchmarks/synthetic_site.py: --sources outlets, each
   with an RSS 2.0 feed of --per-source article pages made from the bundled Wikinews and Global
   Voices pages, JSON-LD dates on the run date) and serves it from a child process on --ports ports
   of 127.0.0.1 (outlet i on port i mod --ports, so per-host politeness applies as with real hosts).
   MEDIAMON_HOST_DELAY_S is --host-delay; the server counts every request by kind and status.
2. mediamon: the stage functions `mediamon run` calls (mediamon.stages), in this process, on a
   fresh data dir and DuckDB file. mediamon_run_seconds covers plan -> load, the stages the
   media_ingest DAG runs; the digest that `mediamon run` builds afterwards (the media_digest DAG's
   work) is timed apart as mediamon_digest_seconds. Then the next day's run on the unchanged site
   (incremental): its seconds, and the page requests the server saw (expected 0; feeds answer 304).
3. Airflow: `airflow standalone` on a temp AIRFLOW_HOME (SQLite, LocalExecutor, parallelism
   --parallelism, api-server on a free port of 127.0.0.1), pools http (8) and duckdb_writer (1),
   dags/ as the DAGs folder, MEDIAMON_* pointing at the same site with a fresh data dir and DB.
   Scheduled runs are switched off ([scheduler] use_job_schedule=False) so only the two triggered
   runs exist. media_ingest is unpaused and triggered through the REST API with conf
   {"run_date": DAY}, polled until success/failed; airflow_run_seconds is from the trigger request
   to the run's end_date. The same for the next day (incremental). Standalone is stopped with
   SIGINT; any process still running under the temp AIRFLOW_HOME is then killed by its pid.
   If standalone does not become healthy, or with --mode dags-test, both runs use
   `airflow dags test` instead (in-process, no executor, no pools) and `executor` says so.
4. Prints one JSON line: sources, articles_loaded, mediamon_run_seconds, mediamon_rerun_seconds,
   rerun_pages_fetched, airflow_run_seconds, airflow_rerun_seconds, airflow_overhead_ratio
   (airflow_run_seconds / mediamon_run_seconds), executor, host_delay_s, ports, and for diagnosis
   the mediamon seconds per stage and, per Airflow run, {task_id: [instances, summed duration]}.

Goals (issue): airflow_run_seconds < 600 for 200 x 25 on 2 cores; each rerun fetches no page and
takes < 10 % of its first run. Everything is bounded by --timeout (default 30 min); all traffic
stays on 127.0.0.1. For a quick check: --sources 20 --per-source 10.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "include"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from synthetic_site import SiteServers, build_site, requests_of, write_sources  # noqa: E402

from mediamon import stages  # noqa: E402
from mediamon.settings import settings_from_env  # noqa: E402

DAG_ID = "media_ingest"
HTTP_POOL_SLOTS = 8  # as scripts/airflow_standalone.sh sets it
TERMINAL = {"success", "failed"}


class BenchmarkTimeout(Exception):
    """The overall --timeout was reached."""


def on_alarm(signum: int, frame: FrameType | None) -> None:
    """SIGALRM handler: stop the benchmark wherever it is (cleanup runs in finally blocks)."""
    raise BenchmarkTimeout("the benchmark reached its --timeout")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def next_day(day: str) -> str:
    """The ISO date after day."""
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def mediamon_env(work: Path, sources: Path, host_delay_s: float) -> dict[str, str]:
    """MEDIAMON_* settings for one fresh data dir and DB on the synthetic site."""
    data = work / "data"
    return {"MEDIAMON_SOURCES": str(sources), "MEDIAMON_DATA_DIR": str(data),
            "MEDIAMON_DB": str(data / "mediamon.duckdb"),
            "MEDIAMON_ALLOW_PRIVATE_HOSTS": "1", "MEDIAMON_HOST_DELAY_S": str(host_delay_s)}


def mediamon_day(env: dict[str, str], day: str) -> dict[str, Any]:
    """One daily cycle in this process, as `mediamon run` does it: ingest seconds, per stage, digest, counts."""
    settings = settings_from_env(env)
    laps: dict[str, float] = {}
    clock = time.monotonic()

    def lap(stage: str) -> None:
        """Add the time since the last lap to stage."""
        nonlocal clock
        now = time.monotonic()
        laps[stage] = laps.get(stage, 0.0) + now - clock
        clock = now

    run_dir = stages.plan_run(settings, day)
    lap("plan")
    stages.discover(run_dir, stages.source_ids(run_dir), settings)  # as run_day does: one polite batch
    lap("discover")
    shards = stages.shard_items(run_dir, settings)
    lap("shard")
    stages.process_shards(shards, settings)  # as run_day does: shards fetched at once, extracted as they land
    lap("fetch_extract_enrich")
    stages.cluster_stories(run_dir)
    stages.validate_run(run_dir, settings)
    lap("validate")
    counts = stages.load_run(run_dir, settings)
    lap("load")
    ingest_s = sum(laps.values())
    stages.build_digest(settings, day)
    lap("digest")
    return {"seconds": ingest_s, "digest_seconds": laps.pop("digest"),
            "stages": {k: round(v, 1) for k, v in laps.items()}, **counts}


def warehouse_articles(db: Path) -> int | None:
    """Articles in a warehouse file (read-only), or None when it does not exist."""
    import duckdb

    if not db.exists():
        return None
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


class Airflow:
    """An embedded Airflow (SQLite) on a temp AIRFLOW_HOME, run as `airflow standalone` or `dags test`."""

    def __init__(self, home: Path, mediamon: dict[str, str], parallelism: int) -> None:
        self.home = home
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.binary = str(Path(sys.executable).parent / "airflow")
        self.env = {**os.environ, **mediamon,
                    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                    "AIRFLOW_HOME": str(home),
                    "PYTHONPATH": f"{PROJECT / 'include'}{os.pathsep}{PROJECT / 'dags'}",
                    "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
                    "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT / "plugins"),
                    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                    "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
                    "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                    "AIRFLOW__CORE__PARALLELISM": str(parallelism),
                    "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
                    "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "20",
                    "AIRFLOW__API__HOST": "127.0.0.1",
                    "AIRFLOW__API__PORT": str(self.port),
                    "AIRFLOW__API__BASE_URL": f"http://localhost:{self.port}",
                    "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                    "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
                    "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        self.proc: subprocess.Popen | None = None
        self.http = requests.Session()
        self.http.trust_env = False  # never through a proxy: everything is on 127.0.0.1
        self.killed_leftovers = 0

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run one airflow command with this environment; raises with its output on failure."""
        done = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
        return done

    def prepare(self) -> None:
        """Create the metadata DB and the two pools the DAG uses."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.cli("db", "migrate")
        self.cli("pools", "set", "http", str(HTTP_POOL_SLOTS), "Concurrent HTTP work")
        self.cli("pools", "set", "duckdb_writer", "1", "The one DuckDB writer")

    def start(self, wait_s: float) -> float:
        """Start standalone (SIGINT restored, own session) and wait until it is healthy with the DAG parsed."""
        started = time.monotonic()
        log = open(self.home / "standalone.log", "wb")

        def child_setup() -> None:
            """In the child before exec: default SIGINT handling, own session."""
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background shell may have it ignored
            os.setsid()

        self.proc = subprocess.Popen([self.binary, "standalone"], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, preexec_fn=child_setup)
        log.close()
        deadline = started + wait_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"airflow standalone exited {self.proc.returncode}; see {self.home}/standalone.log")
            if self._healthy() and self._dag_ready():
                return time.monotonic() - started
            time.sleep(2)
        raise RuntimeError(f"airflow standalone not ready with {DAG_ID} after {wait_s:.0f} s; "
                           f"see {self.home}/standalone.log")

    def _healthy(self) -> bool:
        """True when the metadatabase, scheduler, triggerer and dag-processor all report healthy."""
        try:
            health = self.http.get(f"{self.base}/api/v2/monitor/health", timeout=5).json()
        except (requests.RequestException, ValueError):
            return False
        return all(isinstance(v, dict) and v.get("status") == "healthy" for v in health.values())

    def _token(self) -> str:
        """A bearer token for admin, with the password standalone generated."""
        passwords = json.loads((self.home / "simple_auth_manager_passwords.json.generated").read_text())
        reply = self.http.post(f"{self.base}/auth/token", json={"username": "admin", "password": passwords["admin"]},
                               timeout=10)
        reply.raise_for_status()
        return reply.json()["access_token"]

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """One REST call (JSON in and out); fetches a token on first use or after a 401."""
        for _ in range(2):
            if "Authorization" not in self.http.headers:
                self.http.headers["Authorization"] = f"Bearer {self._token()}"
            reply = self.http.request(method, f"{self.base}/api/v2/{path}", timeout=30, **kwargs)
            if reply.status_code == 401:
                del self.http.headers["Authorization"]
                continue
            if reply.status_code >= 400:
                raise RuntimeError(f"{method} /api/v2/{path} -> {reply.status_code}: {reply.text[:500]}")
            return reply.json() if reply.content else None
        raise RuntimeError(f"{method} /api/v2/{path}: still 401 with a fresh token")

    def _dag_ready(self) -> bool:
        """True once the dag-processor has serialized the DAG."""
        try:
            self.api("GET", f"dags/{DAG_ID}")
            return True
        except (RuntimeError, requests.RequestException, OSError, KeyError, ValueError):
            return False

    def trigger_and_wait(self, day: str, timeout_s: float) -> dict[str, Any]:
        """Trigger media_ingest for day, poll until it ends; seconds from the trigger to the run's end."""
        self.api("PATCH", f"dags/{DAG_ID}", json={"is_paused": False})
        started = time.time()
        run = self.api("POST", f"dags/{DAG_ID}/dagRuns",
                       json={"logical_date": f"{day}T00:00:00Z", "conf": {"run_date": day}})
        run_id = run["dag_run_id"]
        while time.time() - started < timeout_s:
            run = self.api("GET", f"dags/{DAG_ID}/dagRuns/{run_id}")
            if run["state"] in TERMINAL:
                break
            time.sleep(1)
        else:
            raise BenchmarkTimeout(f"run {run_id} still {run['state']} after {timeout_s:.0f} s")
        end = (datetime.fromisoformat(run["end_date"].replace("Z", "+00:00")).timestamp() if run["end_date"]
               else time.time())
        tis = self.task_instances(run_id)
        by_task: dict[str, list[float]] = {}
        for ti in tis:
            entry = by_task.setdefault(ti["task_id"], [0, 0.0])
            entry[0] += 1
            entry[1] = round(entry[1] + (ti.get("duration") or 0), 1)
        return {"seconds": end - started, "state": run["state"], "run_id": run_id, "task_instances": len(tis),
                "task_seconds": round(sum(t.get("duration") or 0 for t in tis), 1), "by_task": by_task,
                "failed_tasks": sorted({t["task_id"] for t in tis if t["state"] not in ("success", "skipped")})}

    def task_instances(self, run_id: str) -> list[dict[str, Any]]:
        """Every task instance of a run, mapped ones included (the API pages by 100)."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.api("GET", f"dags/{DAG_ID}/dagRuns/{run_id}/taskInstances",
                            params={"limit": 100, "offset": len(found)})
            found.extend(page["task_instances"])
            if not page["task_instances"] or len(found) >= page["total_entries"]:
                return found

    def dags_test(self, day: str, timeout_s: float) -> dict[str, Any]:
        """One run with `airflow dags test` (in-process, no executor, no pools)."""
        started = time.time()
        done = subprocess.run([self.binary, "dags", "test", DAG_ID, day, "-c", json.dumps({"run_date": day})],
                              env=self.env, capture_output=True, text=True, timeout=timeout_s)
        (self.home / f"dags-test-{day}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        return {"seconds": time.time() - started, "state": "success" if done.returncode == 0 else "failed",
                "run_id": None, "task_instances": None, "task_seconds": None, "by_task": None, "failed_tasks": []}

    def stop(self) -> None:
        """SIGINT to standalone (it stops its children), SIGKILL to its session if it lingers, then a sweep."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.killed_leftovers = kill_processes_under(self.home)


def kill_processes_under(home: Path) -> int:
    """Kill (by pid) every process of this user whose environment has AIRFLOW_HOME=home; returns how many."""
    marker = f"AIRFLOW_HOME={home}".encode()
    victims = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                victims.append(int(entry.name))
        except OSError:
            continue
    for pid in victims:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    time.sleep(2 if victims else 0)
    for pid in victims:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(victims)


def run_airflow(args: argparse.Namespace, work: Path, sources: Path, day: str, servers: SiteServers,
                deadline: float) -> dict[str, Any]:
    """Both Airflow runs (first, then incremental) and their server-side request counts."""
    env = mediamon_env(work / "airflow", sources, args.host_delay)
    airflow = Airflow(work / "airflow" / "airflow_home", env, args.parallelism)
    out: dict[str, Any] = {"executor": None, "airflow_fallback_reason": None}
    try:
        airflow.prepare()
        mode = args.mode
        if mode == "standalone":
            try:
                out["airflow_startup_seconds"] = round(airflow.start(wait_s=240), 1)
                out["executor"] = "LocalExecutor (airflow standalone, SQLite)"
            except RuntimeError as err:
                out["airflow_fallback_reason"] = str(err)
                airflow.stop()
                mode = "dags-test"
        if mode == "dags-test":
            out["executor"] = "none: airflow dags test (in-process, no pools) - standalone not used"
        for key, run_date in (("run", day), ("rerun", next_day(day))):
            before = servers.stats()
            budget = max(60.0, deadline - time.monotonic())
            result = (airflow.trigger_and_wait(run_date, budget) if mode == "standalone"
                      else airflow.dags_test(run_date, budget))
            after = servers.stats()
            out[f"airflow_{key}_seconds"] = round(result["seconds"], 1)
            out[f"airflow_{key}_state"] = result["state"]
            out[f"airflow_{key}_task_instances"] = result["task_instances"]
            out[f"airflow_{key}_task_seconds_sum"] = result["task_seconds"]
            out[f"airflow_{key}_by_task"] = result["by_task"]  # task_id: [instances, seconds]
            out[f"airflow_{key}_pages_fetched"] = requests_of(before, after, "page")
            if result["failed_tasks"]:
                out[f"airflow_{key}_failed_tasks"] = result["failed_tasks"]
    finally:
        signal.alarm(0)  # stopping Airflow must not be cut short
        airflow.stop()
        out["airflow_leftover_processes_killed"] = airflow.killed_leftovers
    out["airflow_articles_loaded"] = warehouse_articles(Path(env["MEDIAMON_DB"]))
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the site, time mediamon and Airflow on it (twice each), print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200, help="outlets (default 200)")
    parser.add_argument("--per-source", type=int, default=25, help="articles in each outlet's feed (default 25)")
    parser.add_argument("--ports", type=int, default=20, help="local HTTP servers, i.e. distinct hosts (default 20)")
    parser.add_argument("--host-delay", type=float, default=0.05, help="MEDIAMON_HOST_DELAY_S (default 0.05)")
    parser.add_argument("--parallelism", type=int, default=4, help="AIRFLOW__CORE__PARALLELISM (default 4)")
    parser.add_argument("--date", default="2026-03-02", help="first run date; the rerun is the next day")
    parser.add_argument("--mode", choices=["standalone", "dags-test", "skip"], default="standalone",
                        help="how to run Airflow (default standalone; skip = mediamon only)")
    parser.add_argument("--timeout", type=float, default=1800, help="overall limit in seconds (default 1800)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (logs, DBs, AIRFLOW_HOME)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(args.timeout))
    deadline = time.monotonic() + args.timeout
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="mediamon-airflow-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"sources": args.sources, "per_source": args.per_source,
                           "load_average_start": [round(x, 1) for x in os.getloadavg()]}
    status = 0
    try:
        started = time.monotonic()
        site = build_site(work / "site", args.sources, args.per_source, args.date)
        out["site_build_seconds"] = round(time.monotonic() - started, 1)
        with SiteServers(site.root, args.ports) as servers:
            sources = write_sources(site, servers.base_urls, work / "sources.yaml")
            env = mediamon_env(work / "mediamon", sources, args.host_delay)
            first = mediamon_day(env, args.date)
            mid = servers.stats()
            second = mediamon_day(env, next_day(args.date))
            after = servers.stats()
            out.update({"articles_in_feeds": site.articles, "articles_loaded": first["new_articles"],
                        "quarantined": first["quarantined"],
                        "mediamon_run_seconds": round(first["seconds"], 1),
                        "mediamon_digest_seconds": round(first["digest_seconds"], 1),
                        "mediamon_run_stages": first["stages"],
                        "mediamon_rerun_seconds": round(second["seconds"], 1),
                        "mediamon_rerun_stages": second["stages"],
                        "mediamon_rerun_ratio": round(second["seconds"] / first["seconds"], 3),
                        "run_pages_fetched": requests_of({}, mid, "page"),
                        "rerun_pages_fetched": requests_of(mid, after, "page"),
                        "rerun_feed_requests": requests_of(mid, after, "feed"),
                        "rerun_feeds_not_modified": requests_of(mid, after, "feed", 304),
                        "rerun_new_articles": second["new_articles"]})
            if args.mode != "skip":
                out.update(run_airflow(args, work, sources, args.date, servers, deadline))
                if out.get("airflow_run_seconds") is not None:
                    out["airflow_overhead_ratio"] = round(out["airflow_run_seconds"] / first["seconds"], 2)
                    out["airflow_rerun_ratio"] = round(out["airflow_rerun_seconds"] / out["airflow_run_seconds"], 3)
                    out["airflow_goal_under_600s"] = out["airflow_run_seconds"] < 600
    except (BenchmarkTimeout, RuntimeError, subprocess.TimeoutExpired) as err:
        out["error"] = f"{type(err).__name__}: {err}"
        status = 1
    finally:
        signal.alarm(0)
        out.update({"host_delay_s": args.host_delay, "ports": args.ports, "shards": settings_from_env(
            {"MEDIAMON_SHARDS": os.environ.get("MEDIAMON_SHARDS", "")}).shards, "parallelism": args.parallelism,
            "http_pool_slots": HTTP_POOL_SLOTS, "cpus": os.cpu_count(),
            "load_average_end": [round(x, 1) for x in os.getloadavg()], "work_dir": str(work) if args.keep else None})
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
