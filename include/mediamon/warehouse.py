"""The DuckDB warehouse: schema migrations, views, and the one transactional load per run."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from mediamon.errors import WarehouseError
from mediamon.settings import SQL_DIR

logger = logging.getLogger(__name__)

LOCK_WAIT_S = 120.0
LOCK_POLL_S = 2.0


def read_sql(name: str) -> str:
    """The text of include/sql/<name>.sql (e.g. 'queries/known_urls')."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise WarehouseError(f"SQL file {path} is missing; reinstall the project or restore the file")
    return path.read_text(encoding="utf-8")


def apply_schema(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations in order, then (re)create every view; returns migrations applied."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        if path.stem in done:
            continue
        con.execute("BEGIN")
        con.execute(path.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [path.stem])
        con.execute("COMMIT")
        applied.append(path.stem)
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    return applied


@contextmanager
def connect(path: Path, *, read_only: bool = False, wait_s: float = LOCK_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, waiting (bounded) while another process holds its lock."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"warehouse {path} does not exist yet; run `mediamon run` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open_with_retry(path, read_only=read_only, wait_s=wait_s)
    try:
        if not read_only:
            apply_schema(con)
        yield con
    finally:
        con.close()


def _open_with_retry(path: Path, *, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while the file is locked by another process, up to wait_s."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as err:
            if "lock" not in str(err).lower() or time.monotonic() >= deadline:
                raise WarehouseError(f"warehouse {path} is locked by another process ({err}); "
                                     "close other connections or open them with read_only=True") from err
            logger.warning("warehouse locked path=%s retry_in_s=%s", path, LOCK_POLL_S)
            time.sleep(LOCK_POLL_S)
