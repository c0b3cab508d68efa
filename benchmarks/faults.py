"""Time and peak memory of a whole fixture day under each fault: a killed load, a full disk, a locked
warehouse, a source that times out on every request, and writers racing readers on one file.

    .venv/bin/python benchmarks/faults.py [--case NAME]

Each case runs in a fresh child process against the fixture site on 127.0.0.1 (tests/fixtures/site),
from plan to load, with the fault injected by tests/support/faults.py, then the recovery (re-run
after the kill, after space is freed, after the reader closed). It prints one JSON line per case:
seconds (wall, fault and recovery included), peak_rss_mb (the case's process and its children, as
ru_maxrss), and the outcome. The goal is a bounded run: no hang, and under 1.5 GB for the whole run.
The writer-race case prints writers, readers, iterations, each writer outcome and rows_lost (goal 0).
The disk-full cases on a real tmpfs need root (mount); elsewhere they report "skipped".
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(PROJECT), str(PROJECT / "include")]

from mediamon import stages, warehouse  # noqa: E402
from mediamon.settings import Settings  # noqa: E402
from mediamon.warehouse.load import load_staged  # noqa: E402
from tests.support import faults  # noqa: E402
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources  # noqa: E402
from tests.support.server import RunningSite  # noqa: E402

WARC_HANG_LIMIT_S = 10.0


def _settings(site: Any, tmp: Path, **changes: Any) -> Settings:
    """Settings for the fixture site under tmp."""
    return Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                    data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0, **changes)


def _staged(settings: Settings) -> Path:
    """The fixture day staged up to load."""
    run_dir = faults.stage_until_enrich(settings, RUN_DATE)
    stages.validate_run(run_dir, settings)
    return run_dir


def case_killed_load(tmp: Path) -> dict[str, Any]:
    """Load SIGKILLed before its articles step, then re-run."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = _settings(site, tmp)
        run_dir = _staged(settings)
    done = faults.load_killed(run_dir, settings.db_path, before="05_articles")
    after_kill = faults.table_counts(settings.db_path)["articles"]
    counts = load_staged(run_dir, settings.db_path)
    return {"killed": faults.was_killed(done), "articles_after_kill": after_kill,
            "articles_after_rerun": counts["warehouse_articles"]}


def case_disk_full_parquet(tmp: Path) -> dict[str, Any]:
    """validated/ on a full 256 KB tmpfs during validate, then space freed and the run finished."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = _settings(site, tmp)
        run_dir = stages.plan_run(settings, RUN_DATE)
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(faults.tiny_disk(run_dir / "validated", size_kb=256))
            except faults.MountRefused as err:
                return {"skipped": str(err)}
            for source_id in stages.source_ids(run_dir):
                stages.discover(run_dir, source_id, settings)
            for shard in stages.shard_items(run_dir, settings):
                stages.process_shard(shard, settings)
            filler = faults.fill_disk(run_dir / "validated")
            error = _error_of(lambda: stages.validate_run(run_dir, settings))
            filler.unlink()
            stages.validate_run(run_dir, settings)
            counts = stages.load_run(run_dir, settings)
    return {"error": error, "articles_after_freeing": counts["warehouse_articles"]}


def case_disk_full_jsonl(tmp: Path) -> dict[str, Any]:
    """Every JSON Lines write of extract fails with ENOSPC (simulated), then the run finishes."""
    from _pytest.monkeypatch import MonkeyPatch

    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = _settings(site, tmp)
        run_dir = stages.plan_run(settings, RUN_DATE)
        for source_id in stages.source_ids(run_dir):
            stages.discover(run_dir, source_id, settings)
        shards = [stages.fetch_shard(s, settings) for s in stages.shard_items(run_dir, settings)]
        patch = MonkeyPatch()
        faults.simulate_full_disk(patch, run_dir / "extracted", room=100)
        errors = [e for s in shards if (e := _error_of(lambda s=s: stages.extract_shard(s, settings)))]
        patch.undo()
        for shard in shards:
            stages.enrich_shard(stages.extract_shard(shard, settings), settings)
        stages.validate_run(run_dir, settings)
        counts = stages.load_run(run_dir, settings)
    return {"error": errors[0] if errors else None, "articles_after_freeing": counts["warehouse_articles"]}


def case_disk_full_warc(tmp: Path) -> dict[str, Any]:
    """discover with its warc/ folder on a full tmpfs (simulated where mounting is refused)."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = _settings(site, tmp)
        run_dir = stages.plan_run(settings, RUN_DATE)
        try:
            with faults.tiny_disk(run_dir / "warc", size_kb=64) as warc:
                faults.fill_disk(warc)
                return _discover_outcome(run_dir, None)
        except faults.MountRefused:
            return _discover_outcome(run_dir, run_dir / "warc")


def _discover_outcome(run_dir: Path, simulate: Path | None) -> dict[str, Any]:
    """How a child discover on a full disk ended: an error, or a hang cut at WARC_HANG_LIMIT_S."""
    try:
        done = faults.discover_in_child(run_dir, "steppe-courier", simulate_full=simulate,
                                        timeout_s=WARC_HANG_LIMIT_S)
    except subprocess.TimeoutExpired:
        return {"outcome": f"hung; killed after {WARC_HANG_LIMIT_S:g} s"}
    return {"returncode": done.returncode, "error": done.stderr.strip().splitlines()[-1:]}


def case_locked_reader(tmp: Path) -> dict[str, Any]:
    """A reader holds the warehouse for 1 s while the load starts (poll 0.1 s, wait up to 15 s)."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = _settings(site, tmp)
        run_dir = _staged(settings)
    with warehouse.connect(settings.db_path):
        pass
    warehouse.LOCK_POLL_S = 0.1
    warehouse.connect = functools.partial(warehouse.connect, wait_s=15.0)
    with faults.ReadLock(settings.db_path) as reader, faults.stopwatch() as timing:
        reader.release_after(1.0)
        counts = load_staged(run_dir, settings.db_path)
    return {"lock_wait_seconds": round(timing["seconds"], 2), "articles": counts["warehouse_articles"]}


def case_locked_reader_past_wait(tmp: Path) -> dict[str, Any]:
    """A reader holds the warehouse past a 1 s wait: a clear error, or a copy swapped in."""
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = _settings(site, tmp)
        run_dir = _staged(settings)
    with warehouse.connect(settings.db_path):
        pass
    warehouse.LOCK_POLL_S = 0.1
    warehouse.connect = functools.partial(warehouse.connect, wait_s=1.0)
    with faults.ReadLock(settings.db_path):
        error = _error_of(lambda: load_staged(run_dir, settings.db_path))
    return {"error": error, "articles": faults.table_counts(settings.db_path)["articles"]}


def case_source_timeout(tmp: Path) -> dict[str, Any]:
    """A second source whose feed never answers (deadline 0.5 s, 2 tries), two runs of the day."""
    release = threading.Event()
    with RunningSite(fixture_site()) as good, RunningSite(faults.slow_site(release)) as slow:
        bind_base_url(good)
        sources = faults.write_sources(tmp / "sources.yaml", {"steppe-courier": good.url("/feed.xml"),
                                                               "slow-gazette": slow.url("/feed.xml")})
        settings = Settings(sources_path=sources, db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0, connect_timeout_s=0.5,
                            read_timeout_s=0.5, deadline_s=0.5, max_tries=2)
        runs = []
        for _ in range(2):
            with faults.stopwatch() as timing:
                stages.run_day(settings, RUN_DATE)
            runs.append(round(timing["seconds"], 2))
        release.set()
    feeds = faults.warehouse_fingerprint(settings.db_path)["feeds"]
    slow_feed = next(f for f in feeds if f[0] == slow.url("/feed.xml"))
    return {"run_seconds": runs, "slow_feed_failures": slow_feed[1], "slow_feed_error": slow_feed[2],
            "articles": faults.table_counts(settings.db_path)["articles"]}


def case_writer_race(tmp: Path) -> dict[str, Any]:
    """4 writers (loads and search reindexes in turn) and 3 readers holding the file, 6 rounds each."""
    from tests.support.two_days import build_two_days
    from tests.support.writer_race import race

    db, run_dir = build_two_days(tmp)
    return race(db, run_dir, writers=4, readers=3, iterations=6, time_limit_s=600.0)


def _error_of(call: Callable[[], object]) -> str | None:
    """The message of the error a call raises (None when it succeeds)."""
    try:
        call()
    except Exception as err:
        return f"{type(err).__name__}: {err}"[:300]
    return None


CASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "killed-load": case_killed_load, "disk-full-parquet": case_disk_full_parquet,
    "disk-full-jsonl": case_disk_full_jsonl, "disk-full-warc": case_disk_full_warc,
    "locked-reader": case_locked_reader, "locked-reader-past-wait": case_locked_reader_past_wait,
    "source-timeout": case_source_timeout, "writer-race": case_writer_race,
}


def run_case(name: str) -> dict[str, Any]:
    """Run one case in this process; its figures."""
    tmp = Path(tempfile.mkdtemp(prefix=f"faults-{name}-"))
    try:
        with faults.stopwatch() as timing:
            outcome = CASES[name](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"case": name, "seconds": round(timing["seconds"], 2), "peak_rss_mb": round(faults.peak_rss_mb()),
            **outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), help="run one case in this process")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    for name in CASES:
        done = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True,
                              check=False)
        lines = done.stdout.strip().splitlines()
        print(lines[-1] if lines else json.dumps({"case": name, "failed": done.stderr.strip()[-300:]}), flush=True)


if __name__ == "__main__":
    main()
