"""Writers and readers racing on one warehouse file, in separate processes, bounded in time.

Writers alternate a load of a staged run and a search reindex (both write the file); readers open
it read-only, hold it for a moment and count rows. `race` returns the figures: writers, readers,
iterations, every writer's outcome, and rows lost (the largest drop in articles or runs that any
reader or the final file ever saw against what was there before the race). Run as a module, it is
one worker: `python -m tests.support.writer_race writer|reader DB RUN_DIR ITERATIONS`.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
READER_HOLD_S = 1.0  # readers overlap, so writers mostly find the file held and write through a copy
WRITER_WAIT_S = 0.5  # how long a writer waits for readers before it copies (LOCK_WAIT_S in production)


def counts(db: Path) -> dict[str, int]:
    """Articles and runs in the file, read-only (raises when the file cannot be opened)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        articles, runs = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM runs)").fetchone()
    return {"articles": articles, "runs": runs}


def _writer(db: Path, run_dir: Path, iterations: int) -> list[str]:
    """Load and reindex in turn; returns each attempt's outcome (ok, locked, or the error's type and text)."""
    import functools

    from mediamon import warehouse
    from mediamon.errors import WarehouseError
    from mediamon.warehouse import WarehouseLocked
    from mediamon.warehouse.load import load_staged
    from mediamon.warehouse.search import reindex_search

    warehouse.LOCK_POLL_S = 0.1
    warehouse.connect = functools.partial(warehouse.connect, wait_s=WRITER_WAIT_S)
    outcomes = []
    for i in range(iterations):
        try:
            load_staged(run_dir, db) if i % 2 == 0 else reindex_search(db)
            outcomes.append("ok")
        except WarehouseLocked:
            outcomes.append("locked")
        except (WarehouseError, OSError) as err:
            outcomes.append(f"{type(err).__name__}: {str(err)[:200]}")
        except Exception as err:
            outcomes.append(f"escaped {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    return outcomes


def _reader(db: Path, iterations: int) -> list[dict[str, Any]]:
    """Open the file read-only, hold it, count; returns each view (or the error seen)."""
    import duckdb

    views = []
    for _ in range(iterations):
        try:
            with duckdb.connect(str(db), read_only=True) as con:
                time.sleep(READER_HOLD_S)
                articles, runs = con.execute(
                    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM runs)").fetchone()
            views.append({"articles": articles, "runs": runs})
        except duckdb.Error as err:
            views.append({"error": f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"})
    return views


def race(db: Path, run_dir: Path, *, writers: int, readers: int, iterations: int,
         time_limit_s: float) -> dict[str, Any]:
    """Start the workers at once, wait for them (killing any past time_limit_s), and report the figures."""
    before = counts(db)
    procs = [_spawn("writer", db, run_dir, iterations) for _ in range(writers)]
    procs += [_spawn("reader", db, run_dir, iterations) for _ in range(readers)]
    deadline = time.monotonic() + time_limit_s
    results, killed = [], 0
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            killed += 1
            continue
        if proc.returncode != 0:
            raise RuntimeError(f"a race worker failed (exit {proc.returncode}): {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    writer_outcomes = Counter(o for r in results if r["role"] == "writer" for o in r["outcomes"])
    views = [v for r in results if r["role"] == "reader" for v in r["outcomes"]]
    after = counts(db)
    seen = [v for v in views if "error" not in v] + [after]
    lost = max(max(before["articles"] - v["articles"], before["runs"] - v["runs"], 0) for v in seen)
    return {"writers": writers, "readers": readers, "iterations": iterations, "killed_workers": killed,
            "writer_outcomes": dict(writer_outcomes), "reader_errors": sum("error" in v for v in views),
            "before": before, "after": after, "rows_lost": lost}


def _spawn(role: str, db: Path, run_dir: Path, iterations: int) -> subprocess.Popen:
    """One worker process."""
    return subprocess.Popen([sys.executable, "-m", "tests.support.writer_race", role, str(db), str(run_dir),
                             str(iterations)], cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def main(argv: list[str]) -> int:
    """Worker entry point: prints one JSON line with the role and its outcomes."""
    role, db, run_dir, iterations = argv[0], Path(argv[1]), Path(argv[2]), int(argv[3])
    outcomes = _writer(db, run_dir, iterations) if role == "writer" else _reader(db, iterations)
    print(json.dumps({"role": role, "outcomes": outcomes}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
