"""The analyst's `mediamon query`: one SQL query on the warehouse, read-only and on the warehouse alone.

The connection is opened read-only with external access disabled and its configuration locked, so a
query can read every table and view but cannot write the warehouse, read or write any other file
(read_csv, COPY ... TO), ATTACH another database, load extensions or change settings. Files are
written by `mediamon export`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from mediamon import warehouse
from mediamon.errors import QueryError, WarehouseError
from mediamon.text.utf8 import not_utf8_problem

REFUSED_HINT = ("`mediamon query` reads the warehouse only: it cannot write it, touch other files, "
                "ATTACH databases or change settings; use `mediamon export` to write Parquet files")


def run_query(db_path: Path, sql: str, *, max_rows: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of one query on the warehouse (with max_rows, at most max_rows + 1 of them, read as
    a stream: the caller tells that more were left); QueryError naming the fix when it fails."""
    check_sql_text(sql)
    with warehouse.connect(db_path, read_only=True, external_access=False) as con:
        try:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description] if cur.description else []
            if not names:
                return names, []
            return names, cur.fetchall() if max_rows is None else cur.fetchmany(max_rows + 1)
        except (duckdb.PermissionException, duckdb.InvalidInputException) as err:
            raise QueryError(f"refused: {warehouse.first_line(err)}; {REFUSED_HINT}") from None
        except duckdb.ParserException as err:
            raise QueryError(f"the query is not valid SQL: {warehouse.first_line(err)}") from None
        except duckdb.Error as err:
            raise QueryError(f"the query failed: {warehouse.first_line(err)} (list the tables with "
                             "\"SELECT table_name FROM duckdb_tables()\")") from None


def check_sql_text(sql: str) -> None:
    """QueryError when sql is empty or not UTF-8 text (DuckDB reads neither)."""
    if not sql.strip():
        raise QueryError("the query is empty: give one SQL query, e.g. \"SELECT count(*) FROM articles\"")
    if problem := not_utf8_problem(sql, "the query"):
        raise QueryError(problem)


def loaded_run_dates(db_path: Path) -> set[str]:
    """The run dates ('YYYY-MM-DD') the warehouse holds a run of; none when it does not exist yet. A warehouse that
    cannot be read (locked past the wait, damaged) raises WarehouseError, so that no caller takes it for empty."""
    if not Path(db_path).is_file():
        return set()
    with warehouse.connect(db_path, read_only=True) as con:
        try:
            return {day for (day,) in con.execute(warehouse.read_sql("queries/loaded_run_dates")).fetchall()}
        except duckdb.CatalogException as err:
            raise WarehouseError(f"{db_path} is not a Media Monitor warehouse (it has no runs table): give the "
                                 "warehouse's path (MEDIAMON_DB)") from err
