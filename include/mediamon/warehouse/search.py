"""Full-text search over stored articles: reads the warehouse (read-only), returns ranked hits.

Words are matched through the search_terms index (migrations/002_search.sql; each run's rows are
staged by the validate stage with stage_terms and copied in by the load; since migration 015 a row names
its article by the integer key of its id) and ranked with BM25
(queries/search_bm25.sql). When the words find nothing, mode "auto" falls back to a substring match
over titles and texts (queries/search_substring.sql), which also serves parts of words and scripts
written without spaces.
"""
from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from mediamon import warehouse
from mediamon.days import parse_day
from mediamon.errors import ConfigError
from mediamon.text.utf8 import not_utf8_problem

logger = logging.getLogger(__name__)

TERMS_FILE = "search_terms.parquet"  # a run's staged index rows, beside its articles.parquet
SEARCH_MODES = ("auto", "words", "substring")  # auto: words, then substring when the words find nothing
SNIPPET_CHARS = 200
MAX_LIMIT = 1000


@dataclass(frozen=True)
class SearchOptions:
    """What to search and how many hits to return."""

    limit: int = 20
    all_words: bool = True          # False: an article matching any word is a hit (ranked lower)
    mode: str = "auto"              # one of SEARCH_MODES
    since: str | None = None        # run_date bounds (YYYY-MM-DD), inclusive
    until: str | None = None
    country: str | None = None      # ISO 3166-1 alpha-2 tag the article must carry


@dataclass(frozen=True)
class SearchHit:
    """One matching article."""

    article_id: str
    title: str | None
    url: str
    source_id: str
    published_at: datetime | None
    run_date: date
    score: float | None             # BM25 score; None for a substring match
    matched_words: int | None       # distinct query words found; None for a substring match
    match: str                      # "words" or "substring"
    snippet: str                    # text around the first match


def search_articles(db_path: Path, query: str, options: SearchOptions = SearchOptions()) -> list[SearchHit]:
    """Articles matching query, best first (see the module docstring for the modes)."""
    params = _query_params(query, options)
    started = time.monotonic()
    with warehouse.connect(db_path, read_only=True, external_access=False) as con:
        rows, match = [], "words"
        if options.mode in ("auto", "words"):
            rows = _fetch(con, "search_bm25", {**params, "all_words": options.all_words})
        if not rows and options.mode in ("auto", "substring"):
            rows, match = _fetch(con, "search_substring", params), "substring"
    hits = [_hit(row, match, query) for row in rows]
    logger.info("search query=%r mode=%s match=%s hits=%s seconds=%.3f", query, options.mode, match,
                len(hits), time.monotonic() - started)
    return hits


def stage_terms(validated: Path) -> Path:
    """Write the search index rows of validated/articles.parquet to validated/search_terms.parquet.

    Tokenising is most of the index's cost, so it runs here, outside the load's write transaction.
    """
    path = validated / TERMS_FILE
    partial = path.with_suffix(".parquet.partial")
    started = time.monotonic()
    with duckdb.connect() as con:
        con.execute(warehouse.read_sql("macros/search_tokens"))
        con.execute(warehouse.read_sql("macros/article_id_key"))
        con.execute(warehouse.read_sql("queries/search_terms_stage"), {"dir": str(validated), "path": str(partial)})
    os.replace(partial, path)
    logger.info("search terms staged path=%s seconds=%.2f", path, time.monotonic() - started)
    return path


def key_staged_terms(validated: Path) -> bool:
    """Give the index rows a run staged before migration 015 (term, article_id, tf) the integer key of their
    article's id, as stage_terms stages them now (id_key, and unkeyed_article_id for an id without a key),
    rewriting validated/search_terms.parquet atomically; True if it did, False if they had it already."""
    path = validated / TERMS_FILE
    partial = path.with_suffix(".parquet.partial")
    with warehouse.memory() as con:
        names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(path)}).fetchall()]
        if "id_key" in names:
            return False
        con.execute(warehouse.read_sql("macros/article_id_key"))
        con.execute("COPY (SELECT term, article_id_key(article_id) AS id_key, CASE WHEN article_id_key(article_id) "
                    "IS NULL THEN article_id END AS unkeyed_article_id, tf FROM read_parquet($p)) TO $out "
                    "(FORMAT parquet)", {"p": str(path), "out": str(partial)})
    os.replace(partial, path)
    return True


def reindex_search(db_path: Path) -> int:
    """Rebuild the search index from every stored article in one transaction; returns its row count."""
    with warehouse.connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM search_terms")
        con.execute(warehouse.read_sql("queries/search_reindex"))
        con.execute("COMMIT")
        rows, terms, articles = con.execute(warehouse.read_sql("queries/search_index_size")).fetchone()
    logger.info("search reindex db=%s rows=%s terms=%s articles=%s", db_path, rows, terms, articles)
    return int(rows)


def snippet(text: str, query: str, *, width: int = SNIPPET_CHARS) -> str:
    """About width characters of text around the first query word found in it (the start if none)."""
    flat = " ".join(text.split())
    words = [w for w in re.split(r"[^\w]+", query.lower()) if len(w) >= 2] or [query.lower().strip()]
    found = [i for i in (flat.lower().find(w) for w in words) if i >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    if start:
        start = flat.rfind(" ", 0, start) + 1
    piece = flat[start:start + width]
    if start + width < len(flat):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + piece


def _query_params(query: str, options: SearchOptions) -> dict[str, Any]:
    """The bound parameters shared by both queries, after checking the options."""
    if not query.strip():
        raise ConfigError("search: the query is empty; give one or more words, e.g. mediamon search \"water deal\"")
    if problem := not_utf8_problem(query, "search: the query"):
        raise ConfigError(problem)
    if options.mode not in SEARCH_MODES:
        raise ConfigError(f"search: mode {options.mode!r} is not one of {', '.join(SEARCH_MODES)}")
    if not 1 <= options.limit <= MAX_LIMIT:
        raise ConfigError(f"search: limit {options.limit} must be between 1 and {MAX_LIMIT}")
    for name in ("since", "until"):
        value = getattr(options, name)
        if value is not None and not _is_day(value):
            raise ConfigError(f"search: --{name} {value!r} is not a date (use YYYY-MM-DD)")
    country = options.country.upper() if options.country else None
    return {"query": query, "since": options.since, "until": options.until, "country": country,
            "limit": options.limit}


def _is_day(value: str) -> bool:
    """True for a YYYY-MM-DD date in the range every command accepts."""
    try:
        parse_day(value)
    except ConfigError:
        return False
    return True


def _fetch(con: Any, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of one search query as dicts."""
    cur = con.execute(warehouse.read_sql(f"queries/{name}"), params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row)) for row in cur.fetchall()]


def _hit(row: dict[str, Any], match: str, query: str) -> SearchHit:
    """A SearchHit from a query row."""
    return SearchHit(article_id=row["article_id"], title=row["title"], url=row["url"], source_id=row["source_id"],
                     published_at=row["published_at"], run_date=row["run_date"],
                     score=None if row["score"] is None else round(float(row["score"]), 4),
                     matched_words=row["matched_words"], match=match,
                     snippet=snippet(row["text"] or "", query))
