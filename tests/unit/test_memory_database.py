"""warehouse.memory(): one in-memory DuckDB database per process, a connection of its own per block."""
from __future__ import annotations

import multiprocessing

from mediamon import warehouse


def test_each_block_has_a_connection_of_its_own() -> None:
    with warehouse.memory() as first, warehouse.memory() as second:
        first.execute("CREATE TEMP TABLE staged AS SELECT 1 AS x")
        assert first.execute("SELECT count(*) FROM staged").fetchone()[0] == 1
        assert second.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'staged'").fetchone()[0] == 0


def test_blocks_share_one_database() -> None:
    with warehouse.memory() as first:
        first.execute("CREATE TABLE shared_probe AS SELECT 7 AS x")
    try:
        with warehouse.memory() as second:
            assert second.execute("SELECT x FROM shared_probe").fetchone()[0] == 7
    finally:
        with warehouse.memory() as con:
            con.execute("DROP TABLE shared_probe")
    assert list(warehouse._MEMORY) == [multiprocessing.current_process().pid]


def _child_query(results: multiprocessing.Queue) -> None:
    """Run a query through memory() in a forked child; report its answer and whose databases the child holds."""
    with warehouse.memory() as con:
        results.put((con.execute("SELECT 40 + 2").fetchone()[0], list(warehouse._MEMORY)))


def test_a_forked_child_opens_its_own_database() -> None:
    with warehouse.memory() as con:  # the parent's database exists before the fork
        con.execute("SELECT 1").fetchall()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_child_query, args=(results,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    answer, owners = results.get(timeout=5)
    assert answer == 42
    assert owners == [multiprocessing.current_process().pid, child.pid]  # the parent's is kept, never used
