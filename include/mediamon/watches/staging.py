"""Stage a run's watches: gather the matches of the clean articles validate holds (evaluated by the
enrich shards, or now for rows enriched with other watches), and write validated/watches.parquet (the
definitions) and validated/watch_matches.parquet (the matches with their evidence), which load writes
in its one transaction. A watch naming a source the run's registry lacks stops the run here."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

import duckdb

from mediamon import tables
from mediamon.rundir import Plan, RunDir
from mediamon.warehouse import read_sql
from mediamon.watches.enriched import WatchSet, row_matches, watch_set
from mediamon.watches.matcher import ArticleDoc, Match, Watch, match_article

logger = logging.getLogger(__name__)

MATCH_COLUMNS = ("watch_name", "article_id", "matched_terms", "snippet", "matched_in")
MatchRow = tuple[str, str, list[str], str, str]  # a staged match: its MATCH_COLUMNS in order


def stage_watches(run: RunDir, run_date: str, watches_path: Path, rows: list[dict[str, Any]] | None = None, *,
                  con: duckdb.DuckDBPyConnection | None = None, plan: Plan | None = None) -> tuple[Path, Path]:
    """Stage the matches of the watches of watches_path on the run's clean articles; returns the two staged files.

    rows are the enriched articles validate read: the clean ones' matches are gathered from the rows
    (evaluated by their enrich shard) or evaluated now when a row was enriched with other watches;
    without rows the staged Parquet files are read and evaluated, as for a run validated before watches existed.
    con is an open DuckDB connection to read and write the files with (a new one when None: opening
    one costs more than the rest of the gathering); plan is the run's plan when the caller holds it."""
    if con is None:
        with duckdb.connect() as own:
            return stage_watches(run, run_date, watches_path, rows, con=own, plan=plan)
    started = time.perf_counter()
    watches = watch_set(watches_path, source_ids=planned_source_ids(run, plan))
    if rows is None:
        articles = staged_articles(con, run.validated)
        matches = match_rows(m for article in articles for m in match_article(watches.compiled, article))
        counts = {"articles": len(articles), "evaluated": len(articles)}
    else:
        matches, counts = gather_matches(rows, clean_ids(con, run.validated), watches)
    write_staged(con, run, run_date, list(watches.watches), matches)
    logger.info("watches run_date=%s watches=%s articles=%s evaluated_now=%s matches=%s seconds=%.2f", run_date,
                len(watches.watches), counts["articles"], counts["evaluated"], len(matches),
                time.perf_counter() - started)
    return run.staged(tables.WATCHES.file), run.staged(tables.WATCH_MATCHES.file)


def planned_source_ids(run: RunDir, plan: Plan | None = None) -> frozenset[str] | None:
    """The ids of the registry the run was planned with (plan, else read from plan.json), which the watches'
    sources must name; None for a directory staged without a plan."""
    if plan is None:
        if not run.plan.is_file():
            return None
        plan = run.read_plan()
    return frozenset(source["source_id"] for source in plan.sources)


def gather_matches(rows: list[dict[str, Any]], clean: set[str],
                   watches: WatchSet) -> tuple[list[MatchRow], dict[str, int]]:
    """The matches of the rows whose article_id is in clean (the last row of an article_id), by article_id then
    in watch order, and how many such rows there were and how many had to be evaluated now."""
    found: list[MatchRow] = []
    articles = evaluated = 0
    for key, row in {row["article_id"]: row for row in rows}.items():
        if key not in clean:  # quarantined: never matches
            continue
        articles += 1
        matches, kept = row_matches(row, watches)
        evaluated += not kept
        found.extend(match_rows(matches))
    found.sort(key=itemgetter(1))  # stable: an article's matches stay in watch order
    return found, {"articles": articles, "evaluated": evaluated}


def match_rows(matches: Iterable[Match]) -> list[MatchRow]:
    """Matches as staged rows."""
    return [(m.watch_name, m.article_id, list(m.matched_terms), m.snippet, m.matched_in) for m in matches]


def staged_articles(con: duckdb.DuckDBPyConnection, validated: Path) -> list[ArticleDoc]:
    """The clean articles of a validated/ directory, each with its countries and topics, by article_id."""
    rows = con.execute(read_sql("queries/watch_staged_articles"), {"dir": str(validated)}).fetchall()
    return [ArticleDoc(article_id=r[0], title=r[1] or "", text=r[2] or "", language=r[3], source_id=r[4],
                       countries=frozenset(r[5]), topics=frozenset(r[6])) for r in sorted(rows)]


def clean_ids(con: duckdb.DuckDBPyConnection, validated: Path) -> set[str]:
    """The article_ids validate staged as clean (quarantined articles never match)."""
    found = con.execute("SELECT article_id FROM read_parquet($a)", {"a": str(validated / tables.ARTICLES.file)})
    return set(found.fetchnumpy()["article_id"].tolist())


def write_staged(con: duckdb.DuckDBPyConnection, run: RunDir, run_date: str, watches: list[Watch],
                 matches: list[MatchRow]) -> None:
    """Write the definitions and the matches as Parquet (each to a temporary file, then renamed)."""
    definitions = {"name": [w.name for w in watches], "query": [w.query for w in watches],
                   "countries": [list(w.countries) for w in watches], "topics": [list(w.topics) for w in watches],
                   "languages": [list(w.languages) for w in watches], "sources": [list(w.sources) for w in watches],
                   "description": [w.description for w in watches], "alert": [w.alert for w in watches]}
    found = dict(zip(MATCH_COLUMNS, map(list, zip(*matches)))) if matches else dict.fromkeys(MATCH_COLUMNS, [])
    for table, columns, query in ((tables.WATCHES, definitions, "watch_stage_definitions"),
                                  (tables.WATCH_MATCHES, found, "watch_stage_matches")):
        target = run.staged(table.file)
        tmp = target.with_name(target.name + ".tmp")
        con.execute(read_sql(f"queries/{query}"), {**columns, "path": str(tmp), "run_date": run_date})
        tmp.replace(target)

