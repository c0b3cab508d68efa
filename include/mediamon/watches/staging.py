"""Stage a run's watches: read the clean articles validate staged (with their countries and topics),
evaluate every watch of watches.yaml, and write validated/watches.parquet (the definitions) and
validated/watch_matches.parquet (the matches with their evidence), which load writes in its one transaction."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import duckdb

from mediamon import tables
from mediamon.rundir import RunDir
from mediamon.warehouse import read_sql
from mediamon.watches.config import load_watches
from mediamon.watches.matcher import ArticleDoc, Match, Watch, match_articles

logger = logging.getLogger(__name__)


def stage_watches(run: RunDir, run_date: str, watches_path: Path,
                  rows: list[dict[str, Any]] | None = None) -> tuple[Path, Path]:
    """Evaluate the watches of watches_path on the run's clean articles; returns the two staged files.

    rows are the enriched articles validate read (the clean ones are kept); without them the staged
    Parquet files are read, as for a run validated before watches existed."""
    started = time.perf_counter()
    watches = load_watches(watches_path)
    articles = staged_articles(run.validated) if rows is None else clean_articles(run.validated, rows)
    matches = match_articles(watches, articles)
    write_staged(run, run_date, watches, matches)
    logger.info("watches run_date=%s watches=%s articles=%s matches=%s seconds=%.2f", run_date, len(watches),
                len(articles), len(matches), time.perf_counter() - started)
    return run.staged(tables.WATCHES.file), run.staged(tables.WATCH_MATCHES.file)


def staged_articles(validated: Path) -> list[ArticleDoc]:
    """The clean articles of a validated/ directory, each with its countries and topics, by article_id."""
    with duckdb.connect() as con:
        rows = con.execute(read_sql("queries/watch_staged_articles"), {"dir": str(validated)}).fetchall()
    return [ArticleDoc(article_id=r[0], title=r[1] or "", text=r[2] or "", language=r[3], source_id=r[4],
                       countries=frozenset(r[5]), topics=frozenset(r[6])) for r in sorted(rows)]


def clean_articles(validated: Path, rows: list[dict[str, Any]]) -> list[ArticleDoc]:
    """The enriched rows whose article validate staged as clean, by article_id (their tags as codes)."""
    with duckdb.connect() as con:
        clean = {r[0] for r in con.execute("SELECT article_id FROM read_parquet($a)",
                                           {"a": str(validated / tables.ARTICLES.file)}).fetchall()}
    by_id = {r["article_id"]: r for r in rows if r["article_id"] in clean}
    kept = [by_id[key] for key in sorted(by_id)]
    return [ArticleDoc(article_id=r["article_id"], title=r.get("title") or "", text=r.get("text") or "",
                       language=r.get("language"), source_id=r.get("source_id"),
                       countries=frozenset(c["code"] for c in r.get("countries") or []),
                       topics=frozenset(t["code"] for t in r.get("topics") or [])) for r in kept]


def write_staged(run: RunDir, run_date: str, watches: list[Watch], matches: list[Match]) -> None:
    """Write the definitions and the matches as Parquet (each to a temporary file, then renamed)."""
    definitions = {"name": [w.name for w in watches], "query": [w.query for w in watches],
                   "countries": [list(w.countries) for w in watches], "topics": [list(w.topics) for w in watches],
                   "languages": [list(w.languages) for w in watches], "sources": [list(w.sources) for w in watches],
                   "description": [w.description for w in watches], "alert": [w.alert for w in watches]}
    found = {"watch_name": [m.watch_name for m in matches], "article_id": [m.article_id for m in matches],
             "matched_terms": [list(m.matched_terms) for m in matches], "snippet": [m.snippet for m in matches],
             "matched_in": [m.matched_in for m in matches]}
    with duckdb.connect() as con:
        for table, columns, query in ((tables.WATCHES, definitions, "watch_stage_definitions"),
                                      (tables.WATCH_MATCHES, found, "watch_stage_matches")):
            target = run.staged(table.file)
            tmp = target.with_name(target.name + ".tmp")
            con.execute(read_sql(f"queries/{query}"), {**columns, "path": str(tmp), "run_date": run_date})
            tmp.replace(target)

