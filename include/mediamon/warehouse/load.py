"""The load stage: the only writer of the warehouse, one transaction per run, idempotent."""
from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mediamon import tables, warehouse
from mediamon.errors import WarehouseError
from mediamon.rundir import RunDir, read_json, write_jsonl
from mediamon.settings import SQL_DIR, settings_from_env
from mediamon.warehouse import search
from mediamon.watches.staging import stage_watches

logger = logging.getLogger(__name__)

LOAD_STEPS = sorted(p.stem for p in (SQL_DIR / "load").glob("*.sql"))
# A step whose statement ends in RETURNING names, on a line of its own, the temporary table its rows are
# kept in for the later steps (e.g. the run's articles with the run_date they are stored with).
KEEPS_RE = re.compile(r"^-- keeps: (\w+)$", re.MULTILINE)


def load_staged(run_dir: Path, db_path: Path, watches_path: Path | None = None) -> dict[str, Any]:
    """Apply every load step to the warehouse in one transaction; all or nothing. watches_path (default: the
    configured one) is read only for a run staged before watches existed."""
    validated = RunDir(run_dir).validated
    run = read_json(validated / "run.json")
    if not (validated / search.TERMS_FILE).is_file():  # staged by an earlier version: index it now
        _stage_missing_terms(validated)
    _stage_missing_item_columns(validated)
    if not (validated / tables.WATCH_MATCHES.file).is_file():  # staged before watches existed: evaluate them now
        stage_watches(RunDir(run_dir), run["run_date"], watches_path or settings_from_env().watches_path)
    params = {"dir": str(validated), "run_id": run["run_id"], "run_date": run["run_date"],
              "started_at": run["started_at"]}
    step_seconds: dict[str, float] = {}
    with warehouse.connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for step in LOAD_STEPS:
                sql = warehouse.read_sql(f"load/{step}")
                started = time.perf_counter()
                result = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
                if keeps := KEEPS_RE.search(sql):
                    _keep_rows(con, result, keeps.group(1))
                step_seconds[step] = round(time.perf_counter() - started, 3)
            con.execute("COMMIT")
        except Exception as err:
            con.execute("ROLLBACK")
            raise WarehouseError(f"load of run {run['run_id']} failed at a step and was rolled back: {err}") from err
        con.execute("CHECKPOINT")
        totals = dict(zip(("articles", "quarantined"), con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quarantine)").fetchone()))
    logger.info("load run_date=%s run_id=%s new_articles=%s quarantined=%s db=%s", run["run_date"],
                run["run_id"], run["articles"], run["quarantined"], db_path)
    return {"run_date": run["run_date"], "run_id": run["run_id"], "new_articles": run["articles"],
            "quarantined": run["quarantined"], "warehouse_articles": totals["articles"], "db": str(db_path),
            "step_seconds": step_seconds}


def _keep_rows(con: duckdb.DuckDBPyConnection, result: duckdb.DuckDBPyConnection, table: str) -> None:
    """Keep the rows a step returned in a temporary table, with the types the step gave them (the columns
    come back as numpy arrays, and the casts undo what numpy made of dates)."""
    columns = [(name, str(kind)) for name, kind, *_ in result.description]
    con.register("load_returned_rows", pd.DataFrame(result.fetchnumpy(), copy=False))
    try:
        casts = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {casts} FROM load_returned_rows")
    finally:
        con.unregister("load_returned_rows")


def _add_event_ids(con: duckdb.DuckDBPyConnection, articles: str) -> None:
    """Give the articles of a run staged before events existed an event_id: each its story's."""
    names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($a)", {"a": articles}).fetchall()]
    if "event_id" in names:
        return
    con.execute("COPY (SELECT *, coalesce(story_id, article_id) AS event_id FROM read_parquet($a)) TO $tmp "
                "(FORMAT parquet)", {"a": articles, "tmp": articles + ".tmp"})
    Path(articles + ".tmp").replace(articles)


def stage_event_stems(validated: Path) -> None:
    """Stage the event stems of the articles of a run staged before the stories stage wrote them."""
    from mediamon.enrich.events import LEAD_CHARS, article_stems

    with duckdb.connect() as con:
        rows = con.execute("SELECT article_id, title, left(text, $n::INTEGER) FROM read_parquet($p)",
                           {"n": LEAD_CHARS, "p": str(validated / "articles.parquet")}).fetchall()
    write_jsonl(validated / "event_stems.jsonl", (
        {"article_id": a, "title_stems": s["title"], "lead_stems": s["lead"]}
        for a, s in ((a, article_stems(title, lead)) for a, title, lead in rows)))


def _stage_missing_terms(validated: Path) -> None:
    """Stage the search index rows of a run validated before they were staged; WarehouseError if it cannot."""
    try:
        search.stage_terms(validated)
    except duckdb.Error as err:
        raise WarehouseError(f"cannot index the staged articles in {validated} ({err}); run the validate "
                             "stage of this run again") from err


def _stage_missing_item_columns(validated: Path) -> None:
    """Give a run staged before item outcomes and feed gaps existed empty files for them and an item_id column,
    and one staged before event stems its articles' stems."""
    if not (validated / "event_stems.jsonl").is_file():
        stage_event_stems(validated)
    with duckdb.connect() as con:
        for name in ("item_outcomes", "feed_gaps"):
            staged = validated / f"{name}.parquet"
            if not staged.is_file():
                con.execute(f"COPY ({warehouse.read_sql(f'queries/{name}_empty')}) TO $path (FORMAT parquet)",
                            {"path": str(staged)})
        quarantine = str(validated / "quarantine.parquet")
        names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($q)", {"q": quarantine}).fetchall()]
        if "item_id" not in names:
            con.execute("COPY (SELECT *, NULL::VARCHAR AS item_id FROM read_parquet($q)) TO $tmp (FORMAT parquet)",
                        {"q": quarantine, "tmp": quarantine + ".tmp"})
            Path(quarantine + ".tmp").replace(quarantine)
        _add_event_ids(con, str(validated / "articles.parquet"))
