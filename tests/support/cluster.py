"""A multi-worker Airflow on 127.0.0.1: PostgreSQL, Redis, an S3 server and Celery workers, on free ports.

    with Cluster(work_dir, mediamon_env, data_url="s3://mediamon/data") as cluster:
        run_id = cluster.trigger("media_ingest", "2026-01-15", conf={"run_date": "2026-01-15"})
        state = cluster.wait(  "media_ingest", run_id, timeout_s=300)

Every part is a real server started here: PostgreSQL holds Airflow's metadata (its binaries from
/usr/lib/postgresql/*/bin; as root it runs as user nobody), Redis is the Celery broker, moto's
server mode is the object store (reached through `StoragePort`, a TCP relay that can cut it off),
and Airflow runs as api-server, scheduler, dag-processor and one `airflow celery worker` per
`WorkerSpec`, each with its own AIRFLOW_HOME and working directory. `missing_parts()` says what
cannot be started on this machine, so a test can skip with that reason. Every process started
here carries CLUSTER_MARKER=<id> in its environment; `stop()` ends them by pid, and only them.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

PROJECT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CLUSTER_MARKER = "MEDIAMON_CLUSTER_ID"
POSTGRES_GLOB = "/usr/lib/postgresql/*/bin"
NOBODY_UID = 65534
TERMINAL_STATES = {"success", "failed"}
BUCKET = "mediamon"


def free_port() -> int:
    """A TCP port of 127.0.0.1 free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """The folder holding initdb and postgres, or None when PostgreSQL is not installed."""
    for folder in sorted(Path("/").glob(POSTGRES_GLOB.lstrip("/")), reverse=True):
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def missing_parts() -> list[str]:
    """What this machine lacks to start a cluster (empty when everything is there)."""
    missing = []
    if postgres_bin() is None:
        missing.append("PostgreSQL server binaries (initdb, postgres; apt-get install postgresql)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server (apt-get install redis-server)")
    if not (VENV_BIN / "moto_server").is_file():
        missing.append("moto_server (pip install 'moto[server]')")
    try:
        import airflow.providers.celery  # noqa: F401
        import psycopg2  # noqa: F401
        import redis  # noqa: F401
    except ImportError as err:
        missing.append(f"Python package {err.name} (requirements.txt)")
    return missing


def wait_until(check: Any, timeout_s: float, what: str, proc: subprocess.Popen | None = None,
               log: Path | None = None) -> None:
    """Poll check() every 0.5 s until it is true; raise naming what (and the log's tail) on timeout or exit."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: exited {proc.returncode}{tail(log)}")
        try:
            if check():
                return
        except (OSError, requests.RequestException, ValueError, RuntimeError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what}: not ready after {timeout_s:.0f} s{tail(log)}")


def tail(log: Path | None, chars: int = 3000) -> str:
    """The end of a log file, for error messages."""
    if log is None or not log.is_file():
        return ""
    return f"; end of {log}:\n{log.read_text(encoding='utf-8', errors='replace')[-chars:]}"


def port_open(port: int) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class StoragePort:
    """A TCP relay on 127.0.0.1 in front of the S3 server; `cut()` makes the store unreachable until `restore()`.

    While cut, the relay's port refuses connections and every open connection is closed, as when a
    network path fails; the S3 server itself keeps running with its buckets in memory.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.bytes_up = 0  # client -> server (what was written, plus request headers)
        self._listener: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> StoragePort:
        """Listen and relay in background threads."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket) -> None:
        """Accept clients until the listener closes."""
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns.update((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, upward: bool) -> None:
        """Copy bytes one way until either side closes."""
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
                if upward:
                    self.bytes_up += len(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with self._lock:
                    self._conns.discard(sock)
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            conns, self._conns = list(self._conns), set()
        for sock in conns:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def restore(self) -> None:
        """Listen again on the same port."""
        if self._listener is None and not self._stopped:
            self.start()

    def stop(self) -> None:
        """Cut for good."""
        self._stopped = True
        self.cut()


@dataclass
class WorkerSpec:
    """One Celery worker: its name, the queues it consumes, and whether it holds the warehouse file."""

    name: str
    queues: tuple[str, ...]
    warehouse: bool = False
    concurrency: int = 4


@dataclass
class Process:
    """A started component: its Popen and log file."""

    name: str
    proc: subprocess.Popen
    log: Path


@dataclass
class Cluster:
    """PostgreSQL + Redis + S3 server + Airflow (api-server, scheduler, dag-processor, Celery workers) on 127.0.0.1.

    mediamon_env holds the MEDIAMON_* settings every worker gets; MEDIAMON_DATA_DIR and MEDIAMON_DB are
    set here per worker (shared_data_dir=True gives every worker the same local data folder, for a
    deployment without object storage; otherwise each worker has its own and data_url is the store).
    """

    root: Path
    mediamon_env: dict[str, str]
    workers: tuple[WorkerSpec, ...] = (WorkerSpec("worker1", ("default", "warehouse"), warehouse=True),
                                       WorkerSpec("worker2", ("default",)))
    data_url: str | None = f"s3://{BUCKET}/data"
    shared_data_dir: bool = False
    heartbeat_timeout_s: int = 20
    parallelism: int = 8
    cluster_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    processes: dict[str, Process] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    storage: StoragePort | None = None
    _pg_dir: Path | None = None
    _session: requests.Session = field(default_factory=requests.Session)

    # ---------------------------------------------------------------- paths and settings

    @property
    def db_path(self) -> Path:
        """The warehouse file (held by the warehouse worker)."""
        return self.root / "warehouse" / "mediamon.duckdb"

    def worker_dir(self, name: str) -> Path:
        """A worker's own working directory (its local data folder when the data is on object storage)."""
        return self.root / "shared-data" if self.shared_data_dir else self.root / name / "data"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['api']}"

    def airflow_env(self, home: Path) -> dict[str, str]:
        """The environment every Airflow component shares, with AIRFLOW_HOME=home."""
        pg = f"airflow@127.0.0.1:{self.ports['postgres']}/airflow"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "MEDIAMON_", "AWS_"))}
        env.update({
            CLUSTER_MARKER: self.cluster_id, "AIRFLOW_HOME": str(home),
            "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
            "PYTHONPATH": f"{PROJECT / 'include'}:{PROJECT / 'dags'}",
            "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{pg}",
            "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql+psycopg2://{pg}",
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "4",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api_url}/execution/",
            "AIRFLOW__API__HOST": "127.0.0.1", "AIRFLOW__API__PORT": str(self.ports["api"]),
            "AIRFLOW__API__BASE_URL": self.api_url,
            "AIRFLOW__API_AUTH__JWT_SECRET": self.jwt_secret,
            "AIRFLOW__CORE__FERNET_KEY": "",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.root / "passwords.json"),
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # only the runs triggered here
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": str(self.heartbeat_timeout_s),
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "600",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        })
        return env

    def storage_env(self) -> dict[str, str]:
        """The standard AWS settings pointing at the S3 server (through the relay), plus MEDIAMON_DATA_URL."""
        if self.data_url is None or self.storage is None:
            return {}
        return {"MEDIAMON_DATA_URL": self.data_url, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{self.storage.port}",
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1"}

    def worker_env(self, spec: WorkerSpec) -> dict[str, str]:
        """A worker's environment: Airflow's, the MEDIAMON_* settings, its own data dir, the DB if it holds it."""
        env = self.airflow_env(self.root / spec.name / "airflow")
        env.update(self.mediamon_env)
        env.update(self.storage_env())
        env["MEDIAMON_DATA_DIR"] = str(self.worker_dir(spec.name))
        if spec.warehouse or self.shared_data_dir:
            env["MEDIAMON_DB"] = str(self.db_path)
        else:
            env.pop("MEDIAMON_DB", None)
        return env

    # ---------------------------------------------------------------- start

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def start(self, timeout_s: float = 240) -> None:
        """Start every part and wait until the DAGs are parsed and every worker answers."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.jwt_secret = secrets.token_hex(16)
        self.ports = {name: free_port() for name in ("postgres", "redis", "s3", "api")}
        (self.root / "passwords.json").write_text(json.dumps({"admin": "admin"}), encoding="utf-8")
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self._start_postgres()
        self._start("redis", ["redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"], dict(os.environ, **{CLUSTER_MARKER: self.cluster_id}))
        self._start("s3", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports["s3"])],
                    dict(os.environ, **{CLUSTER_MARKER: self.cluster_id}))
        wait_until(lambda: port_open(self.ports["redis"]), 30, "redis-server", self.processes["redis"].proc,
                   self.processes["redis"].log)
        wait_until(lambda: port_open(self.ports["s3"]), 60, "moto_server", self.processes["s3"].proc,
                   self.processes["s3"].log)
        self.storage = StoragePort(self.ports["s3"]).start()
        if self.data_url is not None:
            self._create_bucket()
        home = self.root / "airflow"
        env = self.airflow_env(home)
        self._airflow(env, "db", "migrate", timeout_s=300)
        for name, command in (("api-server", ["api-server", "--workers", "1"]), ("scheduler", ["scheduler"]),
                              ("dag-processor", ["dag-processor"])):
            self._start(name, [str(VENV_BIN / "airflow"), *command], env)
        for spec in self.workers:
            self.start_worker(spec)
        wait_until(self._healthy, timeout_s, "Airflow api-server, scheduler and dag-processor",
                   self.processes["api-server"].proc, self.processes["api-server"].log)
        for pool, slots in (("http", 8), ("duckdb_writer", 1)):
            self.api("POST", "pools", json={"name": pool, "slots": slots, "include_deferred": False})
        for dag_id in ("media_ingest", "media_digest"):
            wait_until(lambda d=dag_id: self.api("GET", f"dags/{d}") is not None, timeout_s, f"DAG {dag_id} parsed",
                       self.processes["dag-processor"].proc, self.processes["dag-processor"].log)
            self.api("PATCH", f"dags/{dag_id}", json={"is_paused": False})
        for spec in self.workers:
            wait_until(lambda s=spec: self.worker_ready(s.name), timeout_s, f"celery worker {spec.name}",
                       self.processes[spec.name].proc, self.processes[spec.name].log)

    def _start_postgres(self) -> None:
        """initdb a fresh cluster (as nobody when root) and start postgres on 127.0.0.1 with database airflow."""
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL binaries not found: apt-get install postgresql")
        self._pg_dir = Path(tempfile.mkdtemp(prefix="mediamon-pg-"))
        data = self._pg_dir / "data"
        user = NOBODY_UID if os.geteuid() == 0 else None
        if user is not None:
            os.chmod(self._pg_dir, 0o755)
            os.chown(self._pg_dir, user, -1)
        env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", CLUSTER_MARKER: self.cluster_id}
        done = subprocess.run([str(binaries / "initdb"), "-D", str(data), "-U", "airflow", "--auth=trust",
                               "-E", "UTF8", "--no-sync"], env=env, user=user, capture_output=True, text=True,
                              timeout=120, cwd=self._pg_dir)
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr[-2000:]}")
        self._start("postgres", [str(binaries / "postgres"), "-D", str(data), "-p", str(self.ports["postgres"]),
                                 "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                                 "-c", "fsync=off", "-c", "max_connections=200"], env, user=user, cwd=self._pg_dir)
        import psycopg2

        def create_db() -> bool:
            try:
                con = psycopg2.connect(host="127.0.0.1", port=self.ports["postgres"], user="airflow", dbname="postgres")
            except psycopg2.OperationalError:
                return False
            con.autocommit = True
            con.cursor().execute("CREATE DATABASE airflow")
            con.close()
            return True

        wait_until(create_db, 60, "postgres", self.processes["postgres"].proc, self.processes["postgres"].log)

    def _create_bucket(self) -> None:
        """Create the data URL's bucket on the S3 server."""
        import boto3

        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{self.ports['s3']}", aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
        s3.create_bucket(Bucket=self.data_url.removeprefix("s3://").split("/", 1)[0])

    def _start(self, name: str, command: list[str], env: dict[str, str], *, user: int | None = None,
               cwd: Path | None = None) -> Process:
        """Start one component in its own session, its output in <root>/logs/<name>.log."""
        log = self.root / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, user=user, cwd=cwd or self.root)
        self.processes[name] = Process(name, proc, log)
        return self.processes[name]

    def _airflow(self, env: dict[str, str], *args: str, timeout_s: float = 120) -> str:
        """One Airflow CLI command; raises with its output when it fails."""
        done = subprocess.run([str(VENV_BIN / "airflow"), *args], env=env, capture_output=True, text=True,
                              timeout=timeout_s, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(args)} exited {done.returncode}: {done.stderr[-3000:]}")
        return done.stdout

    def start_worker(self, spec: WorkerSpec) -> Process:
        """Start (or start again) one Celery worker with its own AIRFLOW_HOME and working directory."""
        self.worker_dir(spec.name).mkdir(parents=True, exist_ok=True)
        command = [str(VENV_BIN / "airflow"), "celery", "worker", "--queues", ",".join(spec.queues),
                   "--celery-hostname", f"{spec.name}@%h", "--concurrency", str(spec.concurrency),
                   "--skip-serve-logs", "--without-gossip", "--without-mingle"]
        return self._start(spec.name, command, self.worker_env(spec), cwd=self.worker_dir(spec.name))

    def celery(self, *args: str, timeout_s: float = 60) -> str:
        """One `celery --app <Airflow's Celery app>` command against this cluster's broker."""
        env = self.airflow_env(self.root / "airflow")
        done = subprocess.run([str(VENV_BIN / "celery"), "--app",
                               "airflow.providers.celery.executors.celery_executor.app", *args],
                              env=env, capture_output=True, text=True, timeout=timeout_s, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"celery {' '.join(args)} exited {done.returncode}: {done.stdout[-1500:]}"
                               f"{done.stderr[-1500:]}")
        return done.stdout

    def worker_ready(self, name: str) -> bool:
        """True when the worker answers a Celery ping."""
        return "pong" in self.celery("inspect", "ping", "--destination", f"{name}@{socket.gethostname()}",
                                     "--timeout", "5")

    def _healthy(self) -> bool:
        """True when the metadatabase, scheduler and dag-processor report healthy (no triggerer runs here)."""
        health = self._session.get(f"{self.api_url}/api/v2/monitor/health", timeout=5).json()
        return all(health.get(k, {}).get("status") == "healthy" for k in ("metadatabase", "scheduler", "dag_processor"))

    # ---------------------------------------------------------------- REST

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """One REST call to /api/v2 as admin; None for a 404."""
        for _ in range(2):
            if "Authorization" not in self._session.headers:
                reply = self._session.post(f"{self.api_url}/auth/token",
                                           json={"username": "admin", "password": "admin"}, timeout=30)
                reply.raise_for_status()
                self._session.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
            reply = self._session.request(method, f"{self.api_url}/api/v2/{path}", timeout=60, **kwargs)
            if reply.status_code == 401:
                del self._session.headers["Authorization"]
                continue
            if reply.status_code == 404:
                return None
            if reply.status_code >= 400:
                raise RuntimeError(f"{method} /api/v2/{path} -> {reply.status_code}: {reply.text[:500]}")
            return reply.json() if reply.content else {}
        raise RuntimeError(f"{method} /api/v2/{path}: still 401 with a fresh token")

    def trigger(self, dag_id: str, day: str, conf: dict[str, Any] | None = None) -> str:
        """Trigger a run of dag_id with logical date day; returns its run id."""
        run = self.api("POST", f"dags/{dag_id}/dagRuns",
                       json={"logical_date": f"{day}T00:00:00Z", "conf": conf or {}})
        return run["dag_run_id"]

    def wait(self, dag_id: str, run_id: str, timeout_s: float) -> dict[str, Any]:
        """Poll a run until it succeeds or fails; returns the run."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            run = self.api("GET", f"dags/{dag_id}/dagRuns/{run_id}")
            if run["state"] in TERMINAL_STATES:
                return run
            time.sleep(1)
        raise RuntimeError(f"{dag_id} run {run_id} not finished after {timeout_s:.0f} s: "
                           f"{self.task_states(dag_id, run_id)}")

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        """Every task instance of a run, mapped ones included."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.api("GET", f"dags/{dag_id}/dagRuns/{run_id}/taskInstances",
                            params={"limit": 100, "offset": len(found)})
            found.extend(page["task_instances"])
            if not page["task_instances"] or len(found) >= page["total_entries"]:
                return found

    def task_states(self, dag_id: str, run_id: str) -> dict[str, list[str]]:
        """task_id -> the states of its instances, for error messages."""
        states: dict[str, list[str]] = {}
        for ti in self.task_instances(dag_id, run_id):
            states.setdefault(ti["task_id"], []).append(f"{ti['state']}#{ti.get('try_number')}")
        return states

    def tries(self, dag_id: str, run_id: str, task_id: str) -> list[dict[str, Any]]:
        """Every try of one task (all map indexes) of a run, with its hostname, pid and state."""
        page = self.api("GET", f"dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/tries")
        if page is None:  # mapped task: one listing per map index
            tries = []
            for ti in self.task_instances(dag_id, run_id):
                if ti["task_id"] == task_id:
                    listing = self.api("GET", f"dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/"
                                              f"{ti['map_index']}/tries")
                    tries.extend((listing or {}).get("task_instances", []))
            return tries
        return page.get("task_instances", [])

    def attempts(self, dag_id: str, run_id: str) -> list[tuple[str, str, int, int]]:
        """(worker, task_id, map_index, try) of every try a worker logged for a run, from each worker's own logs."""
        found = []
        for spec in self.workers:
            run_logs = self.root / spec.name / "airflow" / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}"
            for log in sorted(run_logs.rglob("attempt=*.log")) if run_logs.is_dir() else []:
                parts = dict(p.split("=", 1) for p in log.relative_to(run_logs).with_suffix("").parts)
                found.append((spec.name, parts["task_id"], int(parts.get("map_index", -1)), int(parts["attempt"])))
        return sorted(found)

    def objects(self) -> dict[str, int]:
        """Every object of the data URL's bucket with its size (read from the S3 server directly)."""
        import boto3

        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{self.ports['s3']}", aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
        bucket = self.data_url.removeprefix("s3://").split("/", 1)[0]
        found: dict[str, int] = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            found.update({o["Key"]: o["Size"] for o in page.get("Contents", [])})
        return found

    # ---------------------------------------------------------------- faults and stop

    def worker_of(self, pid: int) -> str | None:
        """The worker whose process tree holds pid (a task's process), or None."""
        roots = {p.proc.pid: name for name, p in self.processes.items()}
        seen = set()
        while pid > 1 and pid not in seen:
            seen.add(pid)
            if pid in roots:
                return roots[pid]
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                return None
            pid = int(stat.rsplit(")", 1)[1].split()[1])
        return None

    def kill_worker(self, name: str) -> None:
        """SIGKILL a worker and every process of its session, as when its machine dies."""
        process = self.processes[name]
        try:
            os.killpg(process.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.proc.wait(timeout=30)

    def marked_pids(self) -> list[int]:
        """Every process whose environment carries this cluster's marker."""
        marker = f"{CLUSTER_MARKER}={self.cluster_id}".encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
        return pids

    def stop(self) -> None:
        """Stop the workers, then Airflow, then the servers; kill by pid what lingers; remove PostgreSQL's files."""
        order = [s.name for s in self.workers] + ["scheduler", "dag-processor", "api-server", "s3", "redis", "postgres"]
        order += [name for name in self.processes if name not in order]
        for name in order:
            process = self.processes.get(name)
            if process is not None:
                stop_process(process.proc, signal.SIGINT if name == "postgres" else signal.SIGTERM)
        if self.storage is not None:
            self.storage.stop()
        signal_all(self.marked_pids(), signal.SIGKILL)
        if self._pg_dir is not None:
            shutil.rmtree(self._pg_dir, ignore_errors=True)


def stop_process(proc: subprocess.Popen, sig: int, grace_s: float = 15) -> None:
    """Send sig to a process's session, wait grace_s, then SIGKILL the session."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
    except ProcessLookupError:
        pass


def signal_all(pids: Iterable[int], sig: int) -> None:
    """Send sig to each pid that still exists."""
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


KEPT_TIMESTAMPS = {"published_at", "first_published_at"}  # dates read from the pages, not from the clock
SKIPPED_TABLES = {"schema_migrations"}


def compared_columns(con: Any, table: str) -> list[str]:
    """A table's columns that two runs of the same day must agree on: no run ids, clock times or durations."""
    rows = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t "
                       "ORDER BY column_index", {"t": table}).fetchall()
    return [name for name, kind in rows
            if not (name == "run_id" or name.endswith("_run_id") or name.endswith("_ms") or name.endswith("_seconds")
                    or (kind.startswith("TIMESTAMP") and name not in KEPT_TIMESTAMPS))]


def warehouse_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (compared columns only, as text, sorted), read-only."""
    import duckdb

    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        for table in tables:
            if table in SKIPPED_TABLES:
                continue
            cols = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in compared_columns(con, table))
            out[table] = sorted(con.execute(f'SELECT {cols} FROM "{table}"').fetchall(), key=repr)
    return out


def row_differences(expected: dict[str, list[tuple]], got: dict[str, list[tuple]], limit: int = 3) -> dict[str, Any]:
    """Per table that differs: row counts and a few rows only one side has (empty when the warehouses agree)."""
    diffs = {}
    for table in sorted(set(expected) | set(got)):
        want, have = expected.get(table, []), got.get(table, [])
        if want != have:
            missing = [r for r in want if r not in have][:limit]
            extra = [r for r in have if r not in want][:limit]
            diffs[table] = {"expected": len(want), "got": len(have), "missing": missing, "extra": extra}
    return diffs
