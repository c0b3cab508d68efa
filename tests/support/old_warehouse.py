"""A warehouse as an older version left it: the migrations up to a level applied, with the macros they call."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from mediamon.settings import SQL_DIR


def create_at(db: Path, level: str, macros: Iterable[str]) -> None:
    """Create db with the named macros (as apply_schema creates them before migrations) and every migration up to
    and including `level`, each recorded in schema_migrations."""
    con = duckdb.connect(str(db))
    for name in macros:
        con.execute((SQL_DIR / "macros" / f"{name}.sql").read_text(encoding="utf-8"))
    con.execute("CREATE TABLE schema_migrations (version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())")
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        if path.stem > level:
            break
        con.execute(path.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [path.stem])
    con.close()
