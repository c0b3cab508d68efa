"""A run refuses, at its plan and before any request, a warehouse its load could not write."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediamon import warehouse
from mediamon.errors import WarehouseError
from mediamon.warehouse.state import read_state


def test_a_warehouse_under_a_file_is_refused_at_the_plan(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(WarehouseError, match="is a file, not a folder"):
        read_state(blocker / "wh.duckdb", "2026-01-15")


def test_a_new_warehouse_in_folders_still_to_create_is_accepted(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "wh.duckdb"
    assert read_state(db, "2026-01-15").known_urls == frozenset()
    assert not db.exists()  # the plan only reads: the load creates it


def test_an_existing_warehouse_is_read(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with warehouse.connect(db) as con:
        con.execute("INSERT INTO sources (source_id, name) VALUES ('s1', 'One')")
    warehouse.check_writable(db)
    assert read_state(db, "2026-01-15").feeds == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="file modes do not bind root; a read-only mount is checked by hand")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(WarehouseError, match="cannot be written"):
            read_state(folder / "wh.duckdb", "2026-01-15")
    finally:
        folder.chmod(0o755)
