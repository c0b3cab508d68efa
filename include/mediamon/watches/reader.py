"""Read the warehouse (read-only, nothing else) for the watch commands: what a query would have matched
over recent days (`mediamon watch test`), and each watch's matches (`mediamon watch list`)."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mediamon import warehouse
from mediamon.watches.matcher import ArticleDoc, Match, Watch, match_articles
from mediamon.watches.query import parse_query

logger = logging.getLogger(__name__)

TEST_DAYS = 7
LIST_DAYS = 28


@dataclass(frozen=True)
class TrialHit:
    """One article a query matched in the warehouse, with its evidence."""

    run_date: date
    source_id: str
    title: str
    url: str
    match: Match


@dataclass(frozen=True)
class Trial:
    """What a query matched: the hits, newest first, and how many articles were read."""

    hits: list[TrialHit]
    articles_read: int
    days: int
    latest: date | None = None  # the latest run_date the warehouse holds (None: no article at all)


def try_query(db_path: Path, watch: Watch, *, days: int = TEST_DAYS) -> Trial:
    """Match one watch against the articles of the `days` days up to the latest day the warehouse holds."""
    parse_query(watch.query)  # a bad query fails before the warehouse is opened
    started = time.monotonic()
    with warehouse.connect(db_path, read_only=True, external_access=False) as con:
        rows = con.execute(warehouse.read_sql("queries/watch_test_articles"),
                           {"days": days, "countries": list(watch.countries)}).fetchall()
        latest = con.execute("SELECT max(run_date) FROM articles").fetchone()[0]
    docs = [ArticleDoc(article_id=r[0], title=r[1] or "", text=r[2] or "", language=r[3], source_id=r[4],
                       countries=frozenset(r[5]), topics=frozenset(r[6])) for r in rows]
    about = {r[0]: r for r in rows}
    hits = [TrialHit(run_date=about[m.article_id][7], source_id=about[m.article_id][4],
                     title=about[m.article_id][1] or "", url=about[m.article_id][8], match=m)
            for m in match_articles([watch], docs)]
    logger.info("watch test query=%r days=%s articles=%s hits=%s seconds=%.2f", watch.query, days, len(docs),
                len(hits), time.monotonic() - started)
    return Trial(hits=hits, articles_read=len(docs), days=days, latest=latest)


def match_counts(db_path: Path, *, days: int = LIST_DAYS) -> dict[str, tuple[int, date]]:
    """Watch name -> (matches, last run_date with a match) over the last `days` run dates."""
    with warehouse.connect(db_path, read_only=True, external_access=False) as con:
        warehouse.require_table(con, db_path, "watch_matches", "007_watches")
        rows = con.execute(warehouse.read_sql("queries/watch_counts"), {"days": days}).fetchall()
    return {name: (count, last) for name, count, last in rows}
