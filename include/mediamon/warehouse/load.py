"""The load stage: the only writer of the warehouse, one transaction per run, idempotent."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import duckdb

from mediamon import tables, warehouse
from mediamon.errors import WarehouseError
from mediamon.rundir import RunDir, read_json
from mediamon.settings import SQL_DIR, settings_from_env
from mediamon.warehouse import search
from mediamon.watches.staging import stage_watches

logger = logging.getLogger(__name__)

LOAD_STEPS = sorted(p.stem for p in (SQL_DIR / "load").glob("*.sql"))
# Steps that change only the rows of the run's articles stored before it (load_refreshed_articles, step
# 05a): on a run without any (a usual day) they would change nothing, and are skipped (05b read the
# run's staged articles, texts included, to update none). Their step_seconds are then 0.
REFRESH_STEPS = frozenset({"05b_articles_refreshed", "06_countries_clear", "08_topics_clear",
                           "10_story_signatures_refreshed", "16_search_terms_clear", "20_event_terms_clear"})
REFRESHED_COUNT = "SELECT count(*) FROM load_refreshed_articles"
# After the load: the warehouse's articles, the articles the run added (runs.articles: load/14_run.sql) and the
# run's articles stored before this load, which it refreshed (step 05a).
RUN_TOTALS = "SELECT (SELECT count(*) FROM articles), (SELECT articles FROM runs WHERE run_id = $run_id), " \
             f"({REFRESHED_COUNT})"
EVENT_STEMS_FILE = "event_stems.parquet"  # the stories stage's event stems of the run's articles, in validated/
OLD_EVENT_STEMS_FILE = "event_stems.jsonl"  # the same, as runs staged them before: converted at load
STEMS_COLUMNS = "SELECT article_id::VARCHAR AS article_id, title_stems::VARCHAR AS title_stems, " \
                "lead_stems::VARCHAR AS lead_stems"
FIRST_STAGED = ("articles", "quarantine")  # read while a run staged by an earlier version is brought up to date
STAGED_FILES = (*FIRST_STAGED, "article_countries", "article_topics", "story_signatures", "validation_results",
                "sources", "feeds", "fetch_log", "item_outcomes", "feed_gaps", "watches", "watch_matches",
                "search_terms", "event_stems")
RESTAGE = ("run the validate stage of this run again to write them anew (mediamon run --date DAY re-runs the day; "
           "in Airflow, clear the day's validate task)")
STAGED_DATA_ERRORS = (duckdb.BinderException, duckdb.InvalidInputException, duckdb.ConversionException,
                      duckdb.ConstraintException, duckdb.IOException)


def load_staged(run_dir: Path, db_path: Path, watches_path: Path | None = None) -> dict[str, Any]:
    """Apply every load step to the warehouse in one transaction; all or nothing. watches_path (default: the
    configured one) is read only for a run staged before watches existed. Returns the load's figures, with
    the seconds of each step (step_seconds) and of the work around them (phase_seconds: prepare, open,
    steps, commit, checkpoint, close; DuckDB checkpoints at the commit already when the run's log
    passes its checkpoint_threshold, and the CHECKPOINT after it then has little left to do) and the
    process's CPU seconds of each phase (phase_cpu_seconds)."""
    phases = _Phases()
    validated = RunDir(run_dir).validated
    run = read_json(validated / "run.json")
    check_staged_files(validated, FIRST_STAGED)
    try:
        _bring_up_to_date(run_dir, run["run_date"], watches_path)
    except STAGED_DATA_ERRORS as err:
        raise WarehouseError(f"the staged files in {validated} cannot be read ({_first_line(err)}); {RESTAGE}") from err
    check_staged_files(validated, STAGED_FILES)
    params = {"dir": str(validated), "run_id": run["run_id"], "run_date": run["run_date"],
              "started_at": run["started_at"]}
    phases.end("prepare")
    with warehouse.connect(db_path) as con:
        phases.end("open")
        step_seconds = _run_steps(con, params, run["run_id"], phases)
        con.execute("CHECKPOINT")
        phases.end("checkpoint")
        figures = con.execute(RUN_TOTALS, {"run_id": run["run_id"]}).fetchone()
        totals = dict(zip(("articles", "new", "refreshed"), figures))
    phases.end("close")
    logger.info("load run_date=%s run_id=%s new_articles=%s refreshed_articles=%s quarantined=%s db=%s",
                run["run_date"], run["run_id"], totals["new"], totals["refreshed"], run["quarantined"], db_path)
    return {"run_date": run["run_date"], "run_id": run["run_id"], "new_articles": totals["new"],
            "refreshed_articles": totals["refreshed"], "quarantined": run["quarantined"],
            "warehouse_articles": totals["articles"], "db": str(db_path),
            "step_seconds": step_seconds, "phase_seconds": phases.seconds, "phase_cpu_seconds": phases.cpu_seconds}


def _bring_up_to_date(run_dir: Path, run_date: str, watches_path: Path | None) -> None:
    """Stage what a run validated by an earlier version lacks: its search rows, item columns and watches."""
    validated = RunDir(run_dir).validated
    if not (validated / search.TERMS_FILE).is_file():  # staged by an earlier version: index it now
        _stage_missing_terms(validated)
    else:  # staged before migration 015: key its rows now
        search.key_staged_terms(validated)
    _stage_missing_item_columns(validated)
    if not (validated / tables.WATCH_MATCHES.file).is_file():  # staged before watches existed: evaluate them now
        stage_watches(RunDir(run_dir), run_date, watches_path or settings_from_env().watches_path)


def check_staged_files(validated: Path, names: tuple[str, ...]) -> None:
    """WarehouseError naming the first of these staged Parquet files that is empty, cut short or no Parquet, and
    the fix (only the files' footers are read; a missing one fails its load step, which names it)."""
    with warehouse.memory() as con:
        for name in names:
            path = validated / f"{name}.parquet"
            if not path.is_file():
                continue
            try:
                con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(path)}).fetchone()
            except duckdb.Error as err:
                raise WarehouseError(f"staged file {path} cannot be read ({_first_line(err)}); {RESTAGE}") from err


def _first_line(err: BaseException) -> str:
    """The first line of an error's message."""
    return (str(err).splitlines() or [type(err).__name__])[0]


class _Phases:
    """Seconds between successive marks, by the name of the phase each mark ends: by the clock (seconds) and
    of the process's CPU time, every thread (cpu_seconds)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self._last = (time.perf_counter(), time.process_time())

    def end(self, name: str) -> None:
        """Record the seconds since the previous mark as phase `name`."""
        now = (time.perf_counter(), time.process_time())
        self.seconds[name] = round(now[0] - self._last[0], 3)
        self.cpu_seconds[name] = round(now[1] - self._last[1], 3)
        self._last = now


def _run_steps(con: duckdb.DuckDBPyConnection, params: dict[str, str], run_id: str,
               phases: _Phases) -> dict[str, float]:
    """Run every step in one transaction and commit it; each step's seconds by name. On an error roll
    back and raise WarehouseError."""
    step_seconds: dict[str, float] = {}
    step = LOAD_STEPS[0]
    refreshed = None  # articles of the run stored before it, once step 05a has found them
    con.execute("BEGIN TRANSACTION")
    try:
        for step in LOAD_STEPS:
            started = time.perf_counter()
            if step in REFRESH_STEPS and refreshed is None:
                refreshed = con.execute(REFRESHED_COUNT).fetchone()[0]
            if step in REFRESH_STEPS and refreshed == 0:
                step_seconds[step] = 0.0
                continue
            sql = warehouse.read_sql(f"load/{step}")
            con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
            step_seconds[step] = round(time.perf_counter() - started, 3)
        phases.end("steps")
        con.execute("COMMIT")
        phases.end("commit")
    except Exception as err:
        con.execute("ROLLBACK")
        advice = f"; the staged files in {params['dir']} do not fit the warehouse: {RESTAGE}" \
            if isinstance(err, STAGED_DATA_ERRORS) else ""
        raise WarehouseError(f"load of run {run_id} failed at step {step} and was rolled back, nothing of it "
                             f"written ({_first_line(err)}){advice}") from err
    return step_seconds


def _add_event_ids(con: duckdb.DuckDBPyConnection, articles: str) -> None:
    """Give the articles of a run staged before events existed an event_id: each its story's."""
    names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($a)", {"a": articles}).fetchall()]
    if "event_id" in names:
        return
    con.execute("COPY (SELECT *, coalesce(story_id, article_id) AS event_id FROM read_parquet($a)) TO $tmp "
                "(FORMAT parquet)", {"a": articles, "tmp": articles + ".tmp"})
    Path(articles + ".tmp").replace(articles)


def write_event_stems(path: Path, stems: dict[str, Any]) -> Path:
    """Stage the articles' event stems for the load (EVENT_STEMS_FILE, Parquet: one row per article_id, with
    title_stems and lead_stems, all VARCHAR, from enrich.events Columns or any mapping of those three columns),
    atomically. DuckDB scans the columns as numpy arrays (a pandas DataFrame of them cost about a third more)."""
    import numpy as np

    from mediamon.enrich.events import object_array

    columns = {name: stems[name] if isinstance(stems[name], np.ndarray) else object_array(stems[name])
               for name in ("article_id", "title_stems", "lead_stems")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with warehouse.memory() as con:
            con.register("event_stems", columns)
            con.execute(f"COPY ({STEMS_COLUMNS} FROM event_stems) TO $path (FORMAT parquet, COMPRESSION uncompressed)",
                        {"path": str(tmp)})
            con.unregister("event_stems")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def stage_event_stems(validated: Path) -> None:
    """Stage the event stems of the articles of a run staged before the stories stage wrote them."""
    from mediamon.enrich.events import LEAD_CHARS, article_stems

    with warehouse.memory() as con:
        rows = con.execute("SELECT article_id, title, left(text, $n::INTEGER) FROM read_parquet($p)",
                           {"n": LEAD_CHARS, "p": str(validated / "articles.parquet")}).fetchall()
    found = [article_stems(title, lead) for _, title, lead in rows]
    write_event_stems(validated / EVENT_STEMS_FILE, {"article_id": [r[0] for r in rows],
                                                     "title_stems": [f["title"] for f in found],
                                                     "lead_stems": [f["lead"] for f in found]})


def _convert_json_event_stems(validated: Path) -> None:
    """Rewrite the event stems a run staged as JSON lines (OLD_EVENT_STEMS_FILE, before they were staged as
    Parquet) as EVENT_STEMS_FILE, atomically; the JSON file is left as it was."""
    path = validated / EVENT_STEMS_FILE
    tmp = path.with_name(path.name + ".tmp")
    try:
        with warehouse.memory() as con:
            con.execute(f"COPY ({STEMS_COLUMNS} FROM read_json($old, format = 'newline_delimited', columns = "
                        "{article_id: 'VARCHAR', title_stems: 'VARCHAR', lead_stems: 'VARCHAR'})) "
                        "TO $path (FORMAT parquet)", {"old": str(validated / OLD_EVENT_STEMS_FILE), "path": str(tmp)})
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _stage_missing_terms(validated: Path) -> None:
    """Stage the search index rows of a run validated before they were staged; WarehouseError if it cannot."""
    try:
        search.stage_terms(validated)
    except duckdb.Error as err:
        raise WarehouseError(f"cannot index the staged articles in {validated} ({err}); run the validate "
                             "stage of this run again") from err


def _stage_missing_item_columns(validated: Path) -> None:
    """Give a run staged before item outcomes and feed gaps existed empty files for them and an item_id column,
    one staged before event stems its articles' stems, and one that staged them as JSON lines the same as
    Parquet."""
    if not (validated / EVENT_STEMS_FILE).is_file():
        if (validated / OLD_EVENT_STEMS_FILE).is_file():
            _convert_json_event_stems(validated)
        else:
            stage_event_stems(validated)
    with warehouse.memory() as con:
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
