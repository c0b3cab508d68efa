"""The DuckDB warehouse: schema migrations, views, and the one transactional load per run.

Readers and the writer (see docs/schema.md, "Analysts and the daily load"): DuckDB lets one
read-write process or many read-only processes hold the file. A writer first waits, bounded, for
the lock. If only readers still hold it after the wait, the writer copies the file while holding a
shared lock itself, writes into a copy with a name of its own, and atomically replaces the file with
it (os.replace) once the copy is checked to hold at least every run of the file it replaces. Readers
keep the snapshot they opened; new readers see the new file. A writer that holds the lock is never
bypassed: the open fails after the wait, naming the fix.

Writers take an exclusive advisory lock on <db>.writer.lock first (fcntl.flock), so two writers of
this package (a load, a reindex, maintenance) never overlap, whether they write in place or through a
copy: the second waits, bounded, then fails naming the fix.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb

from mediamon.errors import WarehouseError
from mediamon.locks import exclusive_lock
from mediamon.settings import SQL_DIR

logger = logging.getLogger(__name__)

LOCK_WAIT_S = 30.0  # how long a writer waits for readers to close before writing a copy and swapping it in
LOCK_POLL_S = 2.0
NEXT_SUFFIX = ".next"  # the copy a writer fills while readers hold the file: <db>.next-<pid>-<random> (+ .wal)
WRITER_LOCK_SUFFIX = ".writer.lock"  # the exclusive lock every writer holds for its whole write


# Analyst connections read the warehouse only: no other files, no ATTACH, no COPY ... TO, no settings changes.
ANALYST_CONFIG: dict[str, object] = {"enable_external_access": False, "lock_configuration": True}


class WarehouseLocked(WarehouseError):
    """The warehouse file stayed locked by another process for the whole bounded wait."""


def read_sql(name: str) -> str:
    """The text of include/mediamon/sql/<name>.sql (e.g. 'queries/known_urls')."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise WarehouseError(f"SQL file {path} is missing; reinstall the project or restore the file")
    return path.read_text(encoding="utf-8")


def apply_schema(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create the macros, apply pending migrations in order, then (re)create every view; returns
    the migrations applied. A warehouse with no migration pending whose macros and views are already
    those of these SQL files (schema_fingerprint) is left as it is: recreating them on every load
    rewrote the catalog each time."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    pending = [p for p in sorted((SQL_DIR / "migrations").glob("*.sql")) if p.stem not in done]
    fingerprint = schema_fingerprint()
    if not pending and _recorded_fingerprint(con) == fingerprint:
        return []
    for path in sorted((SQL_DIR / "macros").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    for path in pending:
        con.execute("BEGIN")
        con.execute(path.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [path.stem])
        con.execute("COMMIT")
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    con.execute("DELETE FROM schema_fingerprint")
    con.execute("INSERT INTO schema_fingerprint (fingerprint) VALUES (?)", [fingerprint])
    return [path.stem for path in pending]


def schema_fingerprint() -> str:
    """A digest of the macro and view files (names and text): the definitions apply_schema creates."""
    digest = hashlib.sha256()
    for path in sorted([*(SQL_DIR / "macros").glob("*.sql"), *(SQL_DIR / "views").glob("*.sql")]):
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _recorded_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The schema_fingerprint the warehouse's macros and views were last created with (None: not recorded)."""
    return con.execute("SELECT max(fingerprint) FROM schema_fingerprint").fetchone()[0]


def rebuild_key_day_counts(con: duckdb.DuckDBPyConnection) -> int:
    """Recount key_day_counts from every stored article and tag, in one transaction; returns its rows.

    The load keeps the table itself; this is for a warehouse whose tables were written another way."""
    con.execute("BEGIN")
    try:
        con.execute(read_sql("queries/key_day_counts_rebuild"))
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return con.execute("SELECT count(*) FROM key_day_counts").fetchone()[0]


def require_table(con: duckdb.DuckDBPyConnection, path: Path, table: str, migration: str) -> None:
    """Raise WarehouseError naming the fix when `table` (created by `migration`) is missing, as in a
    warehouse last written by an older version and opened read-only since."""
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
    if not found:
        raise WarehouseError(f"warehouse {path} has no table {table} (migration {migration} is pending); "
                             "open it for writing once (the next load, or the maintenance DAG's compact) "
                             "to upgrade it, then read it again")


def use_current_view(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Create views/<name>.sql as a temporary view of this connection, which DuckDB resolves before the
    warehouse's own: a read-only connection then reads the view as this version defines it, also in a warehouse
    whose views were last created by an older version (apply_schema recreates them at the next write)."""
    sql = read_sql(f"views/{name}")
    if "CREATE OR REPLACE VIEW" not in sql:
        raise WarehouseError(f"views/{name}.sql must create its view with CREATE OR REPLACE VIEW")
    con.execute(sql.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", 1))


_MEMORY: dict[int, duckdb.DuckDBPyConnection] = {}  # process id -> its in-memory database
_MEMORY_LOCK = threading.Lock()


def _new_memory_lock() -> None:
    """A fresh lock in a forked child (another thread of the parent may have held the old one)."""
    global _MEMORY_LOCK
    _MEMORY_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_new_memory_lock)


@contextmanager
def memory() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of its own to this process's in-memory database, for reading and writing staged files
    (starting a new database costs about 15 ms); closed when the block exits. A forked child starts its own
    (a parent's database is kept referenced, never closed in the child)."""
    with _MEMORY_LOCK:
        database = _MEMORY.get(os.getpid())
        if database is None:
            database = _MEMORY[os.getpid()] = duckdb.connect()
        con = database.cursor()
    try:
        yield con
    finally:
        con.close()


@contextmanager
def connect(path: Path, *, read_only: bool = False, wait_s: float = LOCK_WAIT_S,
            external_access: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, waiting (bounded) while another process holds its lock.

    A writer kept out only by readers after the wait writes into a copy that replaces the file when
    the block exits without an error (see the module docstring); on an error the copy is dropped.
    A read-only connection with external_access=False can read the warehouse and nothing else: no
    other file, no ATTACH, no COPY ... TO (the analyst's `mediamon query`).
    """
    config = None if external_access else ANALYST_CONFIG
    path = Path(path)
    if read_only:
        if not path.exists():
            raise WarehouseError(f"warehouse {path} does not exist yet; run `mediamon run` first")
        con = _open_with_retry(path, read_only=True, wait_s=wait_s, config=config)
        try:
            yield con
        finally:
            con.close()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(path, wait_s=wait_s):
        try:
            con = _open_with_retry(path, read_only=False, wait_s=wait_s)
        except WarehouseLocked:
            with _write_copy_then_swap(path, waited_s=wait_s) as copy_con:
                apply_schema(copy_con)
                yield copy_con
            return
        try:
            apply_schema(con)
            yield con
        finally:
            con.close()


def check_writable(path: Path) -> None:
    """WarehouseError unless a load could write the warehouse at path: its folder (or the nearest existing one, which
    the load creates it in) is a writable directory, and so is the file when it exists (checked before a run fetches
    anything, so that a read-only warehouse does not fail the run only at its load)."""
    path = Path(path)
    folder = next(p for p in (path.parent, *path.parent.parents) if p.exists() or p == p.parent)
    if not folder.is_dir():
        raise WarehouseError(f"warehouse {path} cannot be created: {folder} is a file, not a folder; "
                             "give a path in a folder (MEDIAMON_DB or --db)")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        shown = path if path.exists() and not os.access(path, os.W_OK) else folder
        raise WarehouseError(f"warehouse {path} cannot be written ({shown} is read-only for this user), so the "
                             "run's load would fail after fetching; give a writable MEDIAMON_DB or --db, or read "
                             "this warehouse with `mediamon query` / `digest`")


def writer_lock(path: Path, *, wait_s: float = LOCK_WAIT_S) -> AbstractContextManager[None]:
    """Hold the exclusive writer lock of the warehouse at path, waiting at most wait_s for another writer."""
    return exclusive_lock(path.with_name(path.name + WRITER_LOCK_SUFFIX), wait_s=wait_s, poll_s=LOCK_POLL_S / 4,
                          busy=lambda: WarehouseLocked(
                              f"warehouse {path} is being written by another process (a load, a reindex or "
                              f"maintenance) after waiting {wait_s} s; let it finish and run again"))


def _open_with_retry(path: Path, *, read_only: bool, wait_s: float,
                     config: dict[str, object] | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while the file is locked by another process, up to wait_s."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.Error as err:
            if not isinstance(err, duckdb.IOException) or "lock" not in str(err).lower():
                raise WarehouseError(f"warehouse {path} could not be opened ({first_line(err)}); check the "
                                     "path and that the file is a whole DuckDB database (restore it from a "
                                     "backup, or rebuild it from the runs with `mediamon run --from-warc`)") from None
            if time.monotonic() >= deadline:
                raise WarehouseLocked(f"warehouse {path} is locked by another process ({err}); "
                                      "close other connections or open them with read_only=True") from err
            logger.warning("warehouse locked path=%s retry_in_s=%s", path, LOCK_POLL_S)
            time.sleep(LOCK_POLL_S)


@contextmanager
def _write_copy_then_swap(path: Path, *, waited_s: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a copy of the file, swapped into its place if the block succeeds."""
    try:
        guard = _open_with_retry(path, read_only=True, wait_s=0.0)  # shared lock: no writer can start now
    except WarehouseLocked as err:
        raise WarehouseLocked(f"warehouse {path} is held by another writer after waiting {waited_s} s; "
                              "let that load finish (or close a read-write session) and run again") from err
    copy = path.with_name(f"{path.name}{NEXT_SUFFIX}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        started = time.monotonic()
        runs_before = _run_count(guard)
        _copy_database(path, copy)
        logger.warning("warehouse held by readers after waited_s=%s path=%s: writing a copy and swapping it in "
                       "(readers keep their snapshot) copy=%s bytes=%s", waited_s, path, copy, copy.stat().st_size)
        if not copy.is_file():
            raise WarehouseError(f"the copy {copy} of warehouse {path} vanished before it was opened; "
                                 "the warehouse is unchanged, run again")
        con = duckdb.connect(str(copy))
        try:
            yield con
            con.execute("CHECKPOINT")
            runs_after = _run_count(con)
        finally:
            con.close()
        if runs_after < runs_before:
            raise WarehouseError(f"the copy of warehouse {path} holds {runs_after} runs where the file holds "
                                 f"{runs_before}; it was not swapped in and the warehouse is unchanged, run again")
        _swap_in(copy, path)
        logger.info("warehouse swapped path=%s bytes=%s seconds=%.2f", path, path.stat().st_size,
                    time.monotonic() - started)
    finally:
        _wal(copy).unlink(missing_ok=True)
        copy.unlink(missing_ok=True)
        guard.close()


def _run_count(con: duckdb.DuckDBPyConnection) -> int:
    """Rows of the runs table (0 in a warehouse created before any load)."""
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'runs'").fetchone()[0]
    return con.execute("SELECT count(*) FROM runs").fetchone()[0] if found else 0


def first_line(err: BaseException) -> str:
    """The first line of an error's message (DuckDB appends hints and stack lines)."""
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def _copy_database(path: Path, copy: Path) -> None:
    """Copy the database file and its write-ahead log (left by a writer that died) beside it."""
    _wal(copy).unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    shutil.copymode(path, copy)
    if _wal(path).exists():
        shutil.copyfile(_wal(path), _wal(copy))


def _swap_in(copy: Path, path: Path) -> None:
    """Atomically replace path with the closed, checkpointed copy; the old log's content is in the copy."""
    if _wal(copy).exists():
        raise WarehouseError(f"{copy} was not closed cleanly ({_wal(copy)} exists); the warehouse {path} "
                             "is unchanged, run the load again")
    _wal(path).unlink(missing_ok=True)
    os.replace(copy, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _wal(path: Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    return path.with_name(path.name + ".wal")
