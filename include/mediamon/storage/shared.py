"""shared_task(): run one DAG task's stage against the shared data directory.

    with shared_task(settings, "fetch", shard_ref) as task:
        return task.ref(fetch_shard(task.path, settings))

Without MEDIAMON_DATA_URL, task.path is Path(ref) and task.ref() returns str(path): nothing moves.
With it, refs are paths relative to the data directory ("runs/<day>/<run_id>/shards/shard-00.jsonl"),
the same on every worker; task.path is that file under this worker's MEDIAMON_DATA_DIR. Before the
stage, the files the task reads (sync.reads) are pulled; after it, the files it wrote under its run
folder (and under `outputs`, such as digests/) are pushed, then the task's manifest. A stage that
raises pushes nothing, so its retry, on any worker, starts from the last whole stages.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from mediamon.errors import StorageError
from mediamon.settings import Settings
from mediamon.storage import sync
from mediamon.storage.store import DataStore

logger = logging.getLogger(__name__)

RUN_DEPTH = 3  # runs/<run_date>/<run_id>
PUBLISHED_LAST = ("summary.json", "index.html")  # a digest folder is listed by these: they go up last
PUBLISHED = ("digests", "gx_docs")  # what the web UI reads
STARTS_A_RUN = ("plan", "run")  # media_ingest's first task; `mediamon run` (a whole day in one process)
MIRROR_EVERY_S = 30.0  # the web UI looks for new digests on the store at most this often


class SharedTask:
    """One task's view of the data directory: local paths of refs, and refs of local paths."""

    def __init__(self, settings: Settings, ref: str | None) -> None:
        self.data_dir = Path(settings.data_dir)
        self.shared = settings.data_url is not None
        self.path = self.local(ref) if ref is not None else None
        self.results: list[Path] = []

    def local(self, ref: str) -> Path:
        """The local path of a ref (a relative ref lies under this worker's data directory)."""
        path = Path(ref)
        return path if path.is_absolute() else self.data_dir / path

    def ref(self, result: Path | str | Sequence[Path | str]) -> str | list[str]:
        """The ref other tasks receive for a stage's result (a path, or a list of paths)."""
        paths = [Path(result)] if isinstance(result, (str, Path)) else [Path(p) for p in result]
        self.results.extend(paths)
        refs = [self.ref_of(p) for p in paths]
        return refs[0] if isinstance(result, (str, Path)) else refs

    def ref_of(self, path: Path) -> str:
        """A path as a ref: relative to the data directory when it is shared."""
        if not self.shared:
            return str(path)
        try:
            return path.resolve().relative_to(self.data_dir.resolve()).as_posix()
        except ValueError as err:
            raise StorageError(f"{path} is outside MEDIAMON_DATA_DIR={self.data_dir}; a shared run can "
                               "only pass files under it") from err


@contextmanager
def shared_task(settings: Settings, task: str, ref: str | None = None, *, key: str | None = None,
                outputs: Sequence[str] = ()) -> Iterator[SharedTask]:
    """Pull what the task reads, run the body, push what it wrote (see the module docstring)."""
    view = SharedTask(settings, ref)
    if settings.data_url is None:
        yield view
        return
    store = DataStore.from_url(settings.data_url)
    if task in STARTS_A_RUN:
        store.check_writable()  # a bucket this worker cannot write fails the run before any request
    run_rel = run_folder(ref) if ref is not None else None
    shard = _shard_of(ref)
    if run_rel is not None:
        sync.pull(store, run_rel, view.data_dir / run_rel, task, shard)
    roots = [r for r in [run_rel, *outputs] if r is not None]
    before = {root: sync.scan(view.data_dir / root) for root in roots}
    yield view
    run_rel = run_rel or next((run_folder(view.ref_of(p)) for p in view.results), None)
    if run_rel is not None:
        local_run = view.data_dir / run_rel
        written = sync.changed(before.get(run_rel, {}), sync.scan(local_run))
        sync.push(store, run_rel, local_run, written, manifest=_manifest_name(task, shard, key))
    for root in outputs:
        local_root = view.data_dir / root
        written = sync.changed(before[root], sync.scan(local_root))
        sync.push(store, root, local_root, written, last=PUBLISHED_LAST)


def run_folder(ref: str) -> str:
    """runs/<run_date>/<run_id> of a ref inside a run; a ref elsewhere is a StorageError."""
    parts = PurePosixPath(ref).parts
    if len(parts) < RUN_DEPTH or parts[0] != "runs":
        raise StorageError(f"{ref!r} is not inside a run folder (runs/<run_date>/<run_id>/...)")
    return "/".join(parts[:RUN_DEPTH])


def _shard_of(ref: str | None) -> str | None:
    """The shard a shard-level ref names (shards/shard-00.jsonl -> shard-00), else None."""
    if ref is None:
        return None
    parts = PurePosixPath(ref).parts
    return PurePosixPath(ref).stem if len(parts) > RUN_DEPTH + 1 else None


def _manifest_name(task: str, shard: str | None, key: str | None) -> str:
    """A task's manifest name: one per task and shard (a retry replaces its own)."""
    return "-".join(p for p in (task, shard, key) if p)


def published_mirror(settings: Settings, every_s: float = MIRROR_EVERY_S) -> Callable[[], None] | None:
    """For the web UI on a host without the files: a function that copies new digests and Data Docs from
    the store (at most every `every_s` seconds); None when the data directory is local."""
    if settings.data_url is None:
        return None
    store = DataStore.from_url(settings.data_url)
    lock, last = threading.Lock(), [float("-inf")]

    def refresh() -> None:
        """Mirror the published folders unless done recently; a store that fails leaves the last copy."""
        with lock:
            if time.monotonic() - last[0] < every_s:
                return
            last[0] = time.monotonic()
            for root in PUBLISHED:
                try:
                    sync.mirror(store, root, Path(settings.data_dir) / root)
                except (StorageError, OSError) as err:  # OSError: this host's disk (full, read-only)
                    logger.warning("digests not refreshed from the store: %s", err)

    return refresh
