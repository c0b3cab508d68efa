"""Event clustering: reads a run's articles with their stories (and recent days' articles with their
events), writes an event_id per article.

A story groups copies of one article; an event groups different articles about one happening, from
any outlet: seen within about two days of each other, about the same place, naming the same actors.
Each story is one node, described by the rare words of its titles and openings (names and numbers
weigh more). Candidate pairs share rare words; a pair scores the IDF-weighted cosine of those words,
and pairs whose focus countries disagree or whose times lie too far apart never join. Nodes merge
best pair first, and two groups merge only while the average score over all their cross pairs stays
high, so a chain of loosely related articles does not become one event. Events already stored keep
their id and never merge with each other; a new event is named by the story_id of its earliest story.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)

KNOWN_EVENT_DAYS = 2  # recent days whose articles a run may join
LEAD_CHARS = 600  # characters of an article's text read after its title


@dataclass(frozen=True)
class EventArticle:
    """An article to place in an event; event_id is set for articles stored on earlier runs."""

    article_id: str
    story_id: str
    source_id: str
    title: str | None
    lead: str  # the opening of the text (LEAD_CHARS)
    first_seen: datetime
    published: datetime | None = None
    language: str | None = None
    focus_country: str | None = None
    countries: tuple[str, ...] = ()  # focus first, then by mentions
    topics: tuple[str, ...] = ()  # IPTC codes, best first
    event_id: str | None = None


def assign_events(articles: Sequence[EventArticle], known: Sequence[EventArticle]) -> dict[str, str]:
    """article_id -> event_id for every article: its story's event, a known event, or its own story."""
    known_event = {k.article_id: k.event_id or k.story_id for k in known}
    return {a.article_id: known_event.get(a.article_id, a.story_id) for a in articles}


def event_article(row: dict[str, Any], story_id: str) -> EventArticle:
    """An enriched row of this run (stages' enriched/*.jsonl) as an article to place."""
    countries = tuple(c["code"] for c in sorted(row.get("countries") or [], key=lambda c: -c["mentions"]))
    focus = row.get("focus_country")
    return EventArticle(article_id=row["article_id"], story_id=story_id, source_id=row["source_id"],
                        title=row.get("title"), lead=(row.get("text") or "")[:LEAD_CHARS],
                        first_seen=datetime.fromisoformat(row["first_seen_at"]),
                        published=_datetime(row.get("published_at")), language=row.get("language"),
                        focus_country=focus, countries=_focus_first(countries, focus),
                        topics=tuple(t["code"] for t in sorted(row.get("topics") or [], key=lambda t: -t["score"])))


def known_event_article(row: dict[str, Any]) -> EventArticle:
    """A recent article of the warehouse (state_known_events.sql, via known_events.jsonl) with its event."""
    return EventArticle(article_id=row["article_id"], story_id=row["story_id"], source_id=row["source_id"],
                        title=row.get("title"), lead=row.get("lead") or "",
                        first_seen=datetime.fromisoformat(row["first_seen_at"]),
                        published=_datetime(row.get("published_at")), language=row.get("language"),
                        focus_country=row.get("focus_country"), countries=tuple(row.get("countries") or ()),
                        topics=tuple(row.get("topics") or ()), event_id=row["event_id"])


def _focus_first(countries: tuple[str, ...], focus: str | None) -> tuple[str, ...]:
    """The countries with the focus country first."""
    return countries if focus is None else (focus, *(c for c in countries if c != focus))


def _datetime(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp, or None."""
    return datetime.fromisoformat(value) if value else None
