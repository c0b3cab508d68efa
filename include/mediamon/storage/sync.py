"""Pull a run's files from the store by manifest, push what a task wrote, manifest last.

    <data_url>/runs/<run_date>/<run_id>/...             the run's files, as under a local data directory
    <data_url>/runs/<run_date>/<run_id>/manifests/<task>.json
                                                        {"task", "written_at", "files": {path: size}}

A task's manifest is written after every file it lists, so the files a reader pulls (those of the
manifests it finds) are whole stages. A local copy of the same size is kept; anything else is downloaded.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from fnmatch import fnmatch
from pathlib import Path

from mediamon.storage.store import DataStore

logger = logging.getLogger(__name__)

MANIFESTS = "manifests"
PARTIAL_SUFFIXES = (".tmp", ".part")
ALL_BUT_WARC = (("*",), ("warc/*",))
# What each task reads from its run folder: (patterns to pull, patterns to leave); {shard} is the task's shard.
READS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "plan": ((), ()),
    "sources": (("plan.json",), ()),
    "discover": (("plan.json",), ()),
    "shard": (("plan.json", "known_urls.txt", "feeds/*"), ()),
    "fetch": (("plan.json", "shards/{shard}.jsonl"), ()),
    "extract": (("plan.json", "shards/{shard}.jsonl", "warc/pages-{shard}.warc.gz", "logs/pages-{shard}.jsonl"), ()),
    "enrich": (("plan.json", "extracted/{shard}.jsonl"), ()),
    "stories": (("plan.json", "enriched/*", "known_stories.jsonl", "known_events.jsonl"), ()),
    "validate": ALL_BUT_WARC,
    "load": ALL_BUT_WARC,
}

Snapshot = dict[str, tuple[int, int]]  # path relative to a folder -> (size, mtime_ns)


@dataclass(frozen=True)
class Transfer:
    """What one pull or push moved."""

    files: int = 0
    bytes: int = 0


def wanted(task: str, shard: str | None) -> tuple[list[str], list[str]]:
    """The patterns a task pulls and leaves; an unknown task name is a programming error."""
    if task not in READS:
        raise ValueError(f"unknown task {task!r}: add what it reads to storage.sync.READS")
    take, leave = READS[task]
    return [p.format(shard=shard or "") for p in take], list(leave)


def manifest_files(store: DataStore, run_rel: str) -> dict[str, int]:
    """Every file the run's manifests list, with its size (a later manifest wins)."""
    names = [n for n in store.list(f"{run_rel}/{MANIFESTS}") if n.endswith(".json")]
    manifests = [json.loads(store.cat(n) or b"{}") for n in names]
    files: dict[str, int] = {}
    for manifest in sorted(manifests, key=lambda m: m.get("written_at", "")):
        files.update(manifest.get("files", {}))
    return files


def pull(store: DataStore, run_rel: str, local_run: Path, task: str, shard: str | None = None) -> Transfer:
    """Download the files a task reads that its worker lacks (or holds at another size)."""
    take, leave = wanted(task, shard)
    if not take:
        return Transfer()
    moved, size = 0, 0
    for rel, expected in manifest_files(store, run_rel).items():
        if not any(fnmatch(rel, p) for p in take) or any(fnmatch(rel, p) for p in leave):
            continue
        local = local_run / rel
        if local.is_file() and local.stat().st_size == expected:
            continue
        size += store.get_file(f"{run_rel}/{rel}", local)
        moved += 1
    logger.info("pull task=%s run=%s files=%s bytes=%s", task, run_rel, moved, size)
    return Transfer(moved, size)


def scan(folder: Path) -> Snapshot:
    """Size and modification time of every finished file under a folder (none when it does not exist)."""
    found: Snapshot = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            if name.endswith(PARTIAL_SUFFIXES):
                continue
            path = Path(dirpath) / name
            st = path.stat()
            found[path.relative_to(folder).as_posix()] = (st.st_size, st.st_mtime_ns)
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Files written since the snapshot was taken (new, or with another size or time)."""
    return sorted(rel for rel, st in after.items() if before.get(rel) != st)


def push(store: DataStore, rel_root: str, local_root: Path, files: Iterable[str],
         manifest: str | None = None, last: tuple[str, ...] = ()) -> Transfer:
    """Upload files (those named in `last` after the others), then the manifest listing them, if named."""
    files = sorted(f for f in files if not f.startswith(f"{MANIFESTS}/"))
    files.sort(key=lambda rel: Path(rel).name in last)
    sizes = {rel: store.put_file(local_root / rel, f"{rel_root}/{rel}") for rel in files}
    if manifest is not None:
        body = {"task": manifest, "written_at": datetime.now(timezone.utc).isoformat(), "files": sizes}
        store.put_bytes(f"{rel_root}/{MANIFESTS}/{manifest}.json", json.dumps(body, indent=1).encode())
    total = sum(sizes.values())
    logger.info("push root=%s manifest=%s files=%s bytes=%s", rel_root, manifest, len(sizes), total)
    return Transfer(len(sizes), total)


def mirror(store: DataStore, rel_root: str, local_root: Path) -> Transfer:
    """Bring a local folder up to date with a folder of the store (new files, and files of another size)."""
    moved, size = 0, 0
    for rel, expected in store.find(rel_root).items():
        local = local_root / Path(rel).relative_to(rel_root)
        if local.is_file() and local.stat().st_size == expected:
            continue
        size += store.get_file(rel, local)
        moved += 1
    if moved:
        logger.info("mirror root=%s files=%s bytes=%s", rel_root, moved, size)
    return Transfer(moved, size)
