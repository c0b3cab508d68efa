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
from typing import Any

from mediamon.errors import StorageError
from mediamon.rundir import RunDir
from mediamon.storage.store import DataStore

logger = logging.getLogger(__name__)

MANIFESTS = "manifests"
PARTIAL_SUFFIXES = (".tmp", ".part")
ALL_BUT_WARC = (("*",), ("warc/*",))


def reads(task: str, shard: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a task reads from its run folder: (patterns to pull, patterns to leave), named by RunDir."""
    run = RunDir(Path())
    table: dict[str, tuple[tuple[Path, ...], tuple[str, ...]]] = {
        "plan": ((), ()),
        "sources": ((run.plan,), ()),
        "discover": ((run.plan,), ()),
        "shard": ((run.plan, run.known_urls, run.feed_items("*")), ()),
        "fetch": ((run.plan, run.shard(shard)), ()),
        "extract": ((run.plan, run.shard(shard), run.pages_warc(shard), run.page_log(shard)), ()),
        "enrich": ((run.plan, run.extracted(shard)), ()),
        "stories": ((run.plan, run.enriched("*"), run.known_stories, run.known_events), ()),
    }
    if task in ("validate", "load"):
        return ALL_BUT_WARC
    if task not in table:
        raise ValueError(f"unknown task {task!r}: add what it reads to storage.sync.reads")
    take, leave = table[task]
    return tuple(p.as_posix() for p in take), leave


Snapshot = dict[str, tuple[int, int]]  # path relative to a folder -> (size, mtime_ns)


@dataclass(frozen=True)
class Transfer:
    """What one pull or push moved."""

    files: int = 0
    bytes: int = 0


def manifest_files(store: DataStore, run_rel: str) -> dict[str, int]:
    """Every file the run's manifests list, with its size (a later manifest wins)."""
    names = [n for n in store.list(f"{run_rel}/{MANIFESTS}") if n.endswith(".json")]
    manifests = [_manifest(store, n) for n in names]
    files: dict[str, int] = {}
    for manifest in sorted(manifests, key=lambda m: m.get("written_at", "")):
        files.update(manifest.get("files", {}))
    return files


def _manifest(store: DataStore, name: str) -> dict[str, Any]:
    """One manifest: {"written_at": str, "files": {path: size}}; StorageError naming it when it is not one."""
    try:
        manifest = json.loads(store.cat(name) or b"{}")
    except ValueError as err:  # not UTF-8, not JSON
        problem = f"it is not JSON ({str(err)[:80]})"
    else:
        files = manifest.get("files", {}) if isinstance(manifest, dict) else None
        if isinstance(files, dict) and all(isinstance(k, str) and type(v) is int for k, v in files.items()) \
                and isinstance(manifest.get("written_at", ""), str):
            return manifest
        problem = 'it is not {"task", "written_at", "files": {path: size}}'
    raise StorageError(f"{store.uri(name)}: {problem}; the manifest is damaged: re-run the task that wrote it")


def pull(store: DataStore, run_rel: str, local_run: Path, task: str, shard: str | None = None) -> Transfer:
    """Download the files a task reads that its worker lacks (or holds at another size)."""
    take, leave = reads(task, shard or "")
    if not take:
        return Transfer()
    moved, size = 0, 0
    for rel, expected in manifest_files(store, run_rel).items():
        if not any(fnmatch(rel, p) for p in take) or any(fnmatch(rel, p) for p in leave):
            continue
        local = local_path(local_run, rel, f"{store.uri(run_rel)} manifest")
        if local is None or local.is_file() and local.stat().st_size == expected:
            continue
        size += store.get_file(f"{run_rel}/{rel}", local)
        moved += 1
    logger.info("pull task=%s run=%s files=%s bytes=%s", task, run_rel, moved, size)
    return Transfer(moved, size)


def local_path(root: Path, rel: str, where: str) -> Path | None:
    """root/rel when rel is a plain relative path (no '..', '.', empty, absolute or backslashed part, no NUL or other
    control character); else None, with a warning: a manifest entry or an object name such as '../../.bashrc'
    (an S3 key may hold one) would be written outside the data directory."""
    parts = rel.split("/")
    if rel and all(part not in ("", ".", "..") for part in parts) and not any(
            char == "\\" or char < " " or char == "\x7f" for char in rel):
        return root.joinpath(*parts)
    logger.warning("storage %s: %r is not a path inside the folder; not downloaded", where, rel[:200])
    return None


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
    """Bring a local folder up to date with a folder of the store (new files, and files of another size); a file
    this host cannot write (a full or read-only disk, a folder of its name) is named in a warning and the others are
    mirrored."""
    moved, size = 0, 0
    for rel, expected in store.find(rel_root).items():
        inside = rel[len(rel_root) + 1:] if rel.startswith(f"{rel_root}/") else ""
        local = local_path(local_root, inside, store.uri(rel_root))
        if local is None or local.is_file() and local.stat().st_size == expected:
            continue
        try:
            size += store.get_file(rel, local)
        except OSError as err:
            logger.warning("mirror %s not copied to %s: %s; the copy held here is served", store.uri(rel), local, err)
            continue
        moved += 1
    if moved:
        logger.info("mirror root=%s files=%s bytes=%s", rel_root, moved, size)
    return Transfer(moved, size)
