"""A writer recreates the warehouse's macros and views only when their SQL files changed or a migration is
pending (migration 011, warehouse.schema_fingerprint); otherwise opening it leaves the catalog as it is."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.settings import SQL_DIR


def _views(db: Path) -> dict[str, str]:
    """The warehouse's views and their SQL."""
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A new warehouse, opened once for writing, with its stories view then dropped behind its back."""
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path):
        pass
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW stories")
    return path


def test_opening_a_current_warehouse_recreates_nothing(db: Path) -> None:
    with warehouse.connect(db) as con:
        assert warehouse.apply_schema(con) == []
    assert "stories" not in _views(db)


def test_a_pending_migration_recreates_the_macros_and_views(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM schema_migrations WHERE version = '011_schema_fingerprint'")
    with warehouse.connect(db):
        pass
    assert "stories" in _views(db)


def test_a_changed_view_file_is_recreated(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    view = sql / "views" / "02_ingest_days.sql"
    view.write_text(view.read_text(encoding="utf-8").replace("SELECT d.day,", "SELECT d.day, 1 AS marker,"),
                    encoding="utf-8")
    monkeypatch.setattr(warehouse, "SQL_DIR", sql)
    with warehouse.connect(db):
        pass
    views = _views(db)
    assert "stories" in views
    assert "marker" in views["ingest_days"]
    with warehouse.connect(db) as con:
        assert con.execute("SELECT fingerprint FROM schema_fingerprint").fetchall() == [(warehouse.schema_fingerprint(),)]
