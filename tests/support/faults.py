"""Fault injection for whole-run tests: a load killed mid-transaction, a full disk, a warehouse locked
by a reader, and a source that never answers in time.

Every helper works on 127.0.0.1 and temporary paths only. The child processes (killed load, reader
holding the lock) run `python -c` with the project root on sys.path, so they import the same code.
"""
from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import duckdb

from tests.support.server import Route, Site, send

PROJECT = Path(__file__).resolve().parents[2]
TABLES = ("sources", "feeds", "fetch_log", "articles", "article_countries", "article_topics",
          "story_signatures", "quarantine", "validation_results", "runs")
CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), str(PROJECT / "include")])}
KILL_BEFORE_COMMIT = "COMMIT"


# --- stages -----------------------------------------------------------------------------------------


def stage_until_enrich(settings: Any, run_date: str) -> Path:
    """Run plan → discover → shard → fetch → extract → enrich (what the DAG runs before validate)."""
    from mediamon import stages
    run_dir = stages.plan_run(settings, run_date)
    for source_id in stages.source_ids(run_dir):
        stages.discover(run_dir, source_id, settings)
    for shard in stages.shard_items(run_dir, settings):
        stages.process_shard(shard, settings)
    return run_dir


def copy_run(run_dir: Path, data_dir: Path) -> Path:
    """A copy of a run directory under another data_dir, keeping runs/<run_date>/<run_id> (same run_id)."""
    dest = data_dir / "runs" / run_dir.parent.name / run_dir.name
    shutil.copytree(run_dir, dest)
    return dest


def write_sources(path: Path, sources: dict[str, str]) -> Path:
    """A registry with one source per (source_id → feed URL), all on 127.0.0.1."""
    lines = ["sources:"]
    for source_id, feed_url in sources.items():
        home = feed_url.rsplit("/", 1)[0] + "/"
        lines += [f"  - id: {source_id}", f"    name: {source_id.replace('-', ' ').title()}",
                  f"    feeds: [{feed_url}]", f"    homepage: {home}", "    country: KZ", "    language: en"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- the warehouse as data --------------------------------------------------------------------------


def warehouse_fingerprint(db: Path) -> dict[str, Any]:
    """Row counts of every table plus the keys that must never repeat, read through a read-only connection."""
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        keys = {
            "articles": con.execute("SELECT url FROM articles ORDER BY url").fetchall(),
            "quarantine": con.execute("SELECT stage, record_key, CAST(reasons AS VARCHAR) FROM quarantine "
                                      "ORDER BY ALL").fetchall(),
            "fetch_log": con.execute("SELECT run_id, url, attempt, error FROM fetch_log ORDER BY ALL").fetchall(),
            "feeds": con.execute("SELECT feed_url, consecutive_failures, last_error FROM feeds ORDER BY ALL").fetchall(),
            "runs": con.execute("SELECT run_id, run_date, articles FROM runs ORDER BY ALL").fetchall(),
        }
    return {"counts": counts, **keys}


def table_counts(db: Path) -> dict[str, int]:
    """Row counts of every table (all zero for a warehouse file that does not exist)."""
    if not Path(db).exists():
        return dict.fromkeys(TABLES, 0)
    return warehouse_fingerprint(db)["counts"]


# --- a load killed mid-transaction ------------------------------------------------------------------

_KILLED_LOAD = """
import os, signal, sys
from contextlib import contextmanager
from pathlib import Path
from mediamon import warehouse
from mediamon.warehouse import load
run_dir, db, before, wait_s = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], float(sys.argv[4])
warehouse.LOCK_POLL_S = 0.1
target = "COMMIT" if before == "COMMIT" else warehouse.read_sql("load/" + before)
real_connect = warehouse.connect

class Dying:
    def __init__(self, con):
        self.con = con
    def execute(self, sql, *args):
        if sql == target:
            sys.stdout.write("killing\\n"); sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        return self.con.execute(sql, *args)
    def __getattr__(self, name):  # register, unregister ...: the real connection's
        return getattr(self.con, name)

@contextmanager
def dying_connect(path, **kwargs):
    with real_connect(path, wait_s=wait_s, **kwargs) as con:
        yield Dying(con)

warehouse.connect = dying_connect
load.load_staged(run_dir, db)
sys.stdout.write("finished\\n")
"""


def load_killed(run_dir: Path, db: Path, *, before: str, lock_wait_s: float = 10.0,
                timeout_s: float = 60.0) -> subprocess.CompletedProcess[str]:
    """Run load_staged in a child that SIGKILLs itself inside the transaction, just before `before`.

    `before` is a load step's name (e.g. "05_articles_unique": every earlier step ran in the open
    transaction) or KILL_BEFORE_COMMIT (every step ran, COMMIT never did). The child waits at most
    lock_wait_s for the warehouse lock.
    """
    args = [sys.executable, "-c", _KILLED_LOAD, str(run_dir), str(db), before, str(lock_wait_s)]
    return subprocess.run(args, env=CHILD_ENV,
                          capture_output=True, text=True, timeout=timeout_s, check=False)


# --- a reader holding the warehouse -----------------------------------------------------------------

_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SELECT count(*) FROM articles").fetchone()
sys.stdout.write("open\\n"); sys.stdout.flush()
sys.stdin.readline()
con.close()
"""


class ReadLock:
    """A child process holding a read-only DuckDB connection (and its file lock) until released."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> ReadLock:
        self.proc = subprocess.Popen([sys.executable, "-c", _READER, str(self.db)], env=CHILD_ENV, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        if line.strip() != "open":
            self.proc.kill()
            raise RuntimeError(f"reader did not open {self.db}: {self.proc.stderr.read()}")  # type: ignore[union-attr]
        return self

    def release(self) -> None:
        """Close the reader's connection and wait for it to exit."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.write("\n")  # type: ignore[union-attr]
            self.proc.stdin.flush()  # type: ignore[union-attr]
            self.proc.wait(timeout=10)

    def release_after(self, seconds: float) -> threading.Timer:
        """Release the lock from a timer thread after some seconds."""
        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer

    def __exit__(self, *exc: object) -> None:
        try:
            self.release()
        finally:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


_DISCOVER = """
import sys
from pathlib import Path
from mediamon import stages
from mediamon.settings import Settings
from tests.support import faults

run_dir, source_id, full = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if full != "-":  # no tmpfs here: fail every write below that folder instead
    from _pytest.monkeypatch import MonkeyPatch
    faults.simulate_full_disk(MonkeyPatch(), Path(full))
settings = Settings(sources_path=run_dir / "none.yaml", db_path=run_dir / "none.duckdb",
                    data_dir=run_dir.parents[2], allow_private_hosts=True, host_delay_s=0.0, max_tries=1)
stages.discover(run_dir, source_id, settings)
sys.stdout.write("finished\\n")
"""


def discover_in_child(run_dir: Path, source_id: str, *, simulate_full: Path | None,
                      timeout_s: float) -> subprocess.CompletedProcess[str]:
    """Run stages.discover for one source in a child process (TimeoutExpired if it does not end)."""
    args = [sys.executable, "-c", _DISCOVER, str(run_dir), source_id, str(simulate_full or "-")]
    with subprocess.Popen(args, env=CHILD_ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            out, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


# --- a full disk ------------------------------------------------------------------------------------


class MountRefused(RuntimeError):
    """This process may not mount a tmpfs (not root, or no mount namespace rights)."""


@contextmanager
def tiny_disk(path: Path, size_kb: int) -> Iterator[Path]:
    """Mount a tmpfs of size_kb at path (created empty) for the duration; MountRefused where not permitted."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        raise MountRefused("mounting a tmpfs needs root and the mount command")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise MountRefused(f"mount -t tmpfs refused: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def fill_disk(directory: Path) -> Path:
    """Write a filler file in directory until the disk answers ENOSPC; returns it (unlink it to free the space)."""
    filler = directory / "filler.bin"
    block = b"\0" * 4096
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(block)
        except OSError as err:
            if err.errno != errno.ENOSPC:
                raise
    return filler


def tear_tail(path: Path) -> None:
    """Cut the last record of a file in half, as a crash or a full disk in the middle of a write leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - max(1, len(data) // 4)])


class FullDiskFile:
    """A writable file wrapper that fails with ENOSPC once more than `room` bytes were written."""

    def __init__(self, fh: Any, room: int) -> None:
        self._fh = fh
        self._room = room

    def write(self, data: Any) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._fh.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def simulate_full_disk(monkeypatch: Any, under: Path, *, room: int = 0) -> None:
    """Make every Path.open for writing below `under` fail with ENOSPC after `room` bytes (in this test only)."""
    real_open = Path.open

    def full_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = real_open(self, mode, *args, **kwargs)
        if any(m in mode for m in "wax+") and Path(self).resolve().is_relative_to(under.resolve()):
            return FullDiskFile(fh, room)
        return fh

    monkeypatch.setattr(Path, "open", full_open)


# --- a source that never answers in time ------------------------------------------------------------


def never_in_time(release: threading.Event, *, hold_s: float = 10.0) -> Route:
    """A route that holds every request without answering until `release` is set (or hold_s passed)."""
    def handle(h: BaseHTTPRequestHandler) -> None:
        release.wait(hold_s)
        try:
            send(h, 200, b"<rss version='2.0'><channel><title>late</title></channel></rss>",
                 content_type="application/xml")
        except OSError:  # the client gave up long ago
            pass
        h.close_connection = True
    return handle


def slow_site(release: threading.Event) -> Site:
    """A site whose feed never answers in time (robots.txt answers 404 at once: everything allowed)."""
    return Site(routes={"/feed.xml": never_in_time(release)})


# --- measurement ------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its waited-for children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """Measure wall seconds of a block into the yielded dict's 'seconds'."""
    timing = {"seconds": 0.0}
    started = time.monotonic()
    try:
        yield timing
    finally:
        timing["seconds"] = time.monotonic() - started


def was_killed(done: subprocess.CompletedProcess[str]) -> bool:
    """True when a child ended by SIGKILL (as a killed Airflow task does)."""
    return done.returncode == -signal.SIGKILL
