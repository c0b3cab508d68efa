"""Stage a run's watches: gather the matches of the clean articles validate holds (evaluated by the
enrich shards, or now for rows enriched with other watches), and write validated/watches.parquet (the
definitions) and validated/watch_matches.parquet (the matches with their evidence), which load writes
in its one transaction. A watch naming a source the run's registry lacks stops the run here."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import duckdb

from mediamon import tables
from mediamon.rundir import RunDir
from mediamon.warehouse import read_sql
from mediamon.watches.enriched import WatchSet, row_matches, watch_set
from mediamon.watches.matcher import ArticleDoc, Match, Watch, match_article

logger = logging.getLogger(__name__)


def stage_watches(run: RunDir, run_date: str, watches_path: Path, rows: list[dict[str, Any]] | None = None,
                  con: duckdb.DuckDBPyConnection | None = None) -> tuple[Path, Path]:
    """Stage the matches of the watches of watches_path on the run's clean articles; returns the two staged files.

    rows are the enriched articles validate read: the clean ones' matches are gathered from the rows
    (evaluated by their enrich shard) or evaluated now when a row was enriched with other watches;
    without rows the staged Parquet files are read and evaluated, as for a run validated before watches existed.
    con is an open DuckDB connection to read and write the files with (a new one when None: opening
    one costs more than the rest of the gathering)."""
    if con is None:
        with duckdb.connect() as own:
            return stage_watches(run, run_date, watches_path, rows, own)
    started = time.perf_counter()
    watches = watch_set(watches_path, source_ids=planned_source_ids(run))
    if rows is None:
        articles = staged_articles(con, run.validated)
        matches = [m for article in articles for m in match_article(watches.compiled, article)]
        counts = {"articles": len(articles), "evaluated": len(articles)}
    else:
        matches, counts = gather_matches(clean_rows(con, run.validated, rows), watches)
    write_staged(con, run, run_date, list(watches.watches), matches)
    logger.info("watches run_date=%s watches=%s articles=%s evaluated_now=%s matches=%s seconds=%.2f", run_date,
                len(watches.watches), counts["articles"], counts["evaluated"], len(matches),
                time.perf_counter() - started)
    return run.staged(tables.WATCHES.file), run.staged(tables.WATCH_MATCHES.file)


def planned_source_ids(run: RunDir) -> frozenset[str] | None:
    """The ids of the registry the run was planned with (plan.json), which the watches' sources must name;
    None for a directory staged without a plan."""
    if not run.plan.is_file():
        return None
    return frozenset(source["source_id"] for source in run.read_plan().sources)


def gather_matches(rows: list[dict[str, Any]], watches: WatchSet) -> tuple[list[Match], dict[str, int]]:
    """The matches of these rows in row order then watch order, and how many rows had to be evaluated now."""
    matches, evaluated = [], 0
    for row in rows:
        found, kept = row_matches(row, watches)
        matches.extend(found)
        evaluated += not kept
    return matches, {"articles": len(rows), "evaluated": evaluated}


def staged_articles(con: duckdb.DuckDBPyConnection, validated: Path) -> list[ArticleDoc]:
    """The clean articles of a validated/ directory, each with its countries and topics, by article_id."""
    rows = con.execute(read_sql("queries/watch_staged_articles"), {"dir": str(validated)}).fetchall()
    return [ArticleDoc(article_id=r[0], title=r[1] or "", text=r[2] or "", language=r[3], source_id=r[4],
                       countries=frozenset(r[5]), topics=frozenset(r[6])) for r in sorted(rows)]


def clean_rows(con: duckdb.DuckDBPyConnection, validated: Path, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The enriched rows whose article validate staged as clean, by article_id (quarantined ones never match)."""
    clean = {r[0] for r in con.execute("SELECT article_id FROM read_parquet($a)",
                                       {"a": str(validated / tables.ARTICLES.file)}).fetchall()}
    by_id = {r["article_id"]: r for r in rows if r["article_id"] in clean}
    return [by_id[key] for key in sorted(by_id)]


def write_staged(con: duckdb.DuckDBPyConnection, run: RunDir, run_date: str, watches: list[Watch],
                 matches: list[Match]) -> None:
    """Write the definitions and the matches as Parquet (each to a temporary file, then renamed)."""
    definitions = {"name": [w.name for w in watches], "query": [w.query for w in watches],
                   "countries": [list(w.countries) for w in watches], "topics": [list(w.topics) for w in watches],
                   "languages": [list(w.languages) for w in watches], "sources": [list(w.sources) for w in watches],
                   "description": [w.description for w in watches], "alert": [w.alert for w in watches]}
    found = {"watch_name": [m.watch_name for m in matches], "article_id": [m.article_id for m in matches],
             "matched_terms": [list(m.matched_terms) for m in matches], "snippet": [m.snippet for m in matches],
             "matched_in": [m.matched_in for m in matches]}
    for table, columns, query in ((tables.WATCHES, definitions, "watch_stage_definitions"),
                                  (tables.WATCH_MATCHES, found, "watch_stage_matches")):
        target = run.staged(table.file)
        tmp = target.with_name(target.name + ".tmp")
        con.execute(read_sql(f"queries/{query}"), {**columns, "path": str(tmp), "run_date": run_date})
        tmp.replace(target)

