"""The 5,000-article synthetic day through Celery workers: one worker against two, object storage against local disk.

    .venv/bin/python benchmarks/multiworker.py [--sources 200] [--per-source 25] [--ports 20]
        [--host-delay 0.05] [--configs local-1,s3-1,s3-2] [--timeout 3600] [--keep DIR]

Builds the synthetic site of benchmarks/synthetic_site.py (--sources outlets x --per-source articles,
served on --ports ports of 127.0.0.1) and, for each configuration, starts a fresh cluster
(tests/support/cluster.py: PostgreSQL, Redis, moto's S3 server and Airflow's api-server, scheduler,
dag-processor and Celery workers, all on 127.0.0.1) and runs media_ingest for the day:

  local-1  one worker (queues default,warehouse), the data directory on its local disk (no MEDIAMON_DATA_URL)
  s3-1     one worker, the data directory in a bucket of the S3 server (MEDIAMON_DATA_URL), a local working copy
  s3-2     two workers: worker1 (default,warehouse; holds the warehouse) and worker2 (default), each with its
           own working copy, the data directory in the bucket

Prints one JSON line: per configuration, run_seconds (trigger to the run's end), state, articles loaded,
task instances and their summed seconds, and for the s3 ones bytes_in_store (the objects' sizes),
objects, bytes_sent_to_store (what crossed the wire to the S3 server, request headers included) and,
for s3-2, the tasks each worker ran; then two_workers_speedup (s3-1 / s3-2) and
object_storage_overhead_seconds / _ratio (s3-1 against local-1, the same run on one worker).
Everything is bounded by --timeout; all traffic stays on 127.0.0.1. Where PostgreSQL, redis-server
or moto_server is missing it prints why and exits 0 with "skipped". Quick check: --sources 20 --per-source 10.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "include"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_site import SiteServers, build_site, write_sources  # noqa: E402

from tests.support.cluster import Cluster, WorkerSpec, missing_parts  # noqa: E402

CONFIGS = {
    "local-1": (None, (WorkerSpec("worker1", ("default", "warehouse"), warehouse=True),)),
    "s3-1": ("s3://mediamon/data", (WorkerSpec("worker1", ("default", "warehouse"), warehouse=True),)),
    "s3-2": ("s3://mediamon/data", (WorkerSpec("worker1", ("default", "warehouse"), warehouse=True),
                                    WorkerSpec("worker2", ("default",)))),
}


class BenchmarkTimeout(Exception):
    """The overall --timeout was reached."""


def on_alarm(signum: int, frame: FrameType | None) -> None:
    """SIGALRM handler: stop wherever it is (the cluster is stopped in finally blocks)."""
    raise BenchmarkTimeout("the benchmark reached its --timeout")


def articles_in(db: Path) -> int | None:
    """Articles in a warehouse file, or None when it is missing."""
    import duckdb

    if not db.is_file():
        return None
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def end_seconds(run: dict[str, Any], started: float) -> float:
    """Seconds from the trigger (a time.time()) to the run's end_date."""
    end = datetime.fromisoformat(run["end_date"].replace("Z", "+00:00")).timestamp() if run.get("end_date") else time.time()
    return round(end - started, 1)


def run_config(name: str, work: Path, env: dict[str, str], day: str, timeout_s: float) -> dict[str, Any]:
    """Start a fresh cluster for one configuration, run media_ingest for day, measure, stop."""
    data_url, workers = CONFIGS[name]
    cluster = Cluster(work / name, dict(env), workers=workers, data_url=data_url, shared_data_dir=data_url is None)
    out: dict[str, Any] = {"workers": len(workers), "data_url": data_url}
    try:
        started = time.monotonic()
        cluster.start()
        out["startup_seconds"] = round(time.monotonic() - started, 1)
        sent_before = cluster.storage.bytes_up if cluster.storage else 0
        triggered = time.time()
        run_id = cluster.trigger("media_ingest", day, {"run_date": day})
        run = cluster.wait("media_ingest", run_id, timeout_s)
        tis = cluster.task_instances("media_ingest", run_id)
        out.update({"run_seconds": end_seconds(run, triggered), "state": run["state"],
                    "articles_loaded": articles_in(cluster.db_path), "task_instances": len(tis),
                    "task_seconds_sum": round(sum(t.get("duration") or 0 for t in tis), 1)})
        if run["state"] != "success":
            out["task_states"] = cluster.task_states("media_ingest", run_id)
        if data_url is not None:
            objects = cluster.objects()
            out.update({"bytes_in_store": sum(objects.values()), "objects": len(objects),
                        "bytes_sent_to_store": cluster.storage.bytes_up - sent_before})
        if len(workers) > 1:
            ran: dict[str, int] = {}
            for worker, *_ in cluster.attempts("media_ingest", run_id):
                ran[worker] = ran.get(worker, 0) + 1
            out["tries_per_worker"] = ran
    finally:
        cluster.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the site, run each configuration on a fresh cluster, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200, help="outlets (default 200)")
    parser.add_argument("--per-source", type=int, default=25, help="articles in each outlet's feed (default 25)")
    parser.add_argument("--ports", type=int, default=20, help="local HTTP servers, i.e. distinct hosts (default 20)")
    parser.add_argument("--host-delay", type=float, default=0.05, help="MEDIAMON_HOST_DELAY_S (default 0.05)")
    parser.add_argument("--date", default="2026-03-02", help="the run date")
    parser.add_argument("--configs", default="local-1,s3-1,s3-2", help=f"comma-separated, of {', '.join(CONFIGS)}")
    parser.add_argument("--timeout", type=float, default=3600, help="overall limit in seconds (default 3600)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (logs, warehouses, buckets' runs)")
    args = parser.parse_args(argv)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration {unknown}: choose from {', '.join(CONFIGS)}")
    missing = missing_parts()
    if missing:
        print(json.dumps({"skipped": f"cannot start the cluster here: missing {'; '.join(missing)}"}))
        return 0
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(args.timeout))
    deadline = time.monotonic() + args.timeout
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="mediamon-multiworker-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"sources": args.sources, "per_source": args.per_source, "cpus": os.cpu_count(),
                           "load_average_start": [round(x, 1) for x in os.getloadavg()]}
    status = 0
    try:
        site = build_site(work / "site", args.sources, args.per_source, args.date)
        out["articles_in_feeds"] = site.articles
        with SiteServers(site.root, args.ports) as servers:
            sources = write_sources(site, servers.base_urls, work / "sources.yaml")
            env = {"MEDIAMON_SOURCES": str(sources), "MEDIAMON_ALLOW_PRIVATE_HOSTS": "1",
                   "MEDIAMON_HOST_DELAY_S": str(args.host_delay)}
            for name in configs:
                out[name] = run_config(name, work, env, args.date, max(60.0, deadline - time.monotonic()))
    except (BenchmarkTimeout, RuntimeError) as err:
        out["error"] = f"{type(err).__name__}: {err}"[:3000]
        status = 1
    finally:
        signal.alarm(0)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    seconds = {name: out[name].get("run_seconds") for name in configs if isinstance(out.get(name), dict)}
    if seconds.get("s3-1") and seconds.get("s3-2"):
        out["two_workers_speedup"] = round(seconds["s3-1"] / seconds["s3-2"], 2)
    if seconds.get("s3-1") and seconds.get("local-1"):
        out["object_storage_overhead_seconds"] = round(seconds["s3-1"] - seconds["local-1"], 1)
        out["object_storage_overhead_ratio"] = round(seconds["s3-1"] / seconds["local-1"], 2)
    out.update({"host_delay_s": args.host_delay, "ports": args.ports,
                "load_average_end": [round(x, 1) for x in os.getloadavg()], "work_dir": str(work) if args.keep else None})
    print(json.dumps(out))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
