"""How a key's page ranks its events (digest_top_event_keys.sql), on a real DuckDB with the tables it reads."""
from __future__ import annotations

import duckdb

from mediamon import warehouse

DAY_KEYS = [  # kind, key, event_id, article_id, is_focus, mentions, score: one row per article
    ("country", "BR", "flu", "f1", False, 1, None), ("country", "BR", "flu", "f2", False, 1, None),
    ("country", "BR", "flu", "f3", False, 2, None),             # a big story naming Brazil in passing
    ("country", "BR", "bill", "b1", True, 16, None),            # the story about Brazil
    ("country", "BR", "match", "m1", False, 1, None), ("country", "BR", "match", "m2", True, 3, None),
    ("country", "BR", "note", "n1", False, 1, None),
    ("topic", "medtop:07000000", "flu", "f1", None, None, 0.4), ("topic", "medtop:07000000", "flu", "f2", None, None, 0.9),
    ("topic", "medtop:07000000", "bill", "b1", None, None, 0.2),
]
DAY_EVENTS = [("flu", 3, 3, 1), ("bill", 1, 1, 3), ("match", 1, 2, 2), ("note", 1, 1, 4)]  # id, outlets, articles, rank


def top_event_rows(limit: int) -> list[tuple[str, str, str, str]]:
    """kind, key, event_id and the article shown for it, in page order, from digest_top_event_keys.sql over the
    tables above."""
    with duckdb.connect() as con:
        con.execute("CREATE TEMP TABLE digest_day_keys (kind VARCHAR, key VARCHAR, event_id VARCHAR, "
                    "article_id VARCHAR, is_focus BOOLEAN, mentions INTEGER, score DOUBLE, "
                    "story_id VARCHAR GENERATED ALWAYS AS (article_id), first_seen_at TIMESTAMP GENERATED ALWAYS AS "
                    "(TIMESTAMP '2026-03-31 06:00'))")
        con.executemany("INSERT INTO digest_day_keys VALUES (?, ?, ?, ?, ?, ?, ?)", DAY_KEYS)
        con.execute("CREATE TEMP TABLE digest_day_events (event_id VARCHAR, outlet_count BIGINT, "
                    "article_count BIGINT, event_rank BIGINT)")
        con.executemany("INSERT INTO digest_day_events VALUES (?, ?, ?, ?)", DAY_EVENTS)
        con.execute(warehouse.read_sql("queries/digest_top_event_keys"), {"limit": limit})
        return con.execute("SELECT kind, key, event_id, article_id FROM digest_top_event_keys "
                           "ORDER BY kind, key, key_rank").fetchall()


def top_events(limit: int) -> dict[tuple[str, str], list[str]]:
    """Each key's events in page order."""
    out: dict[tuple[str, str], list[str]] = {}
    for kind, key, event_id, _ in top_event_rows(limit):
        out.setdefault((kind, key), []).append(event_id)
    return out


def test_a_country_page_puts_the_stories_about_it_before_bigger_ones_that_name_it() -> None:
    ranked = top_events(10)
    assert ranked[("country", "BR")] == ["match", "bill", "flu", "note"]   # focus first, then articles
    assert ranked[("topic", "medtop:07000000")] == ["flu", "bill"]          # topics: outlets, then articles


def test_the_limit_keeps_the_stories_about_the_country() -> None:
    assert top_events(2)[("country", "BR")] == ["match", "bill"]


def test_each_event_is_shown_by_the_keys_own_article() -> None:
    shown = {(kind, key, event): article for kind, key, event, article in top_event_rows(10)}
    assert shown[("country", "BR", "match")] == "m2"               # the article focused on Brazil
    assert shown[("country", "BR", "flu")] == "f3"                 # none focused: the one naming it most
    assert shown[("topic", "medtop:07000000", "flu")] == "f2"      # topics: the best score for the topic
