"""Frozen dataclasses passed between stages (and their JSON form in the staged files)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Source:
    """One outlet of the registry."""

    source_id: str
    name: str
    homepage: str
    country: str  # ISO 3166-1 alpha-2, country of publication
    language: str  # ISO 639-1
    feeds: tuple[str, ...]
    type: str | None = None
    region: str | None = None
    enabled: bool = True
    sitemaps: tuple[str, ...] = ()  # (Google News) sitemap or sitemap index URLs, read beside the feeds


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, cleaned: plain-text title/summary, canonical URL, date if known."""

    source_id: str
    feed_url: str
    url: str  # canonical article URL
    title: str | None
    summary: str | None  # plain text
    content: str | None = None  # full text from content:encoded (plain text), if any
    published_at: datetime | None = None  # tz-aware UTC; None when no field gives a date
    guid: str | None = None
    author: str | None = None
    link: str | None = None  # the link as the feed gave it, before canonicalization


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch, with the validators of the last successful fetch (feeds only)."""

    url: str
    source_id: str
    kind: str = "page"  # "page" or "feed"
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """One fetch outcome; body is None unless the fetch succeeded with new content."""

    url: str
    source_id: str
    fetched_at: datetime
    status: int | None
    bytes: int
    elapsed_ms: int
    error: str | None  # reason code (see errors.REASONS), None on success
    final_url: str | None = None
    attempt: int = 1
    from_cache: bool = False  # True when the server said 304 or the body hash was unchanged
    robots: str | None = None  # "allowed" / "disallowed" / "unavailable" / "unreachable"
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    kind: str = "page"
    body: bytes | None = field(default=None, repr=False, compare=False)
    text: str | None = field(default=None, repr=False, compare=False)  # body decoded


@dataclass(frozen=True)
class Article:
    """What extraction finds in one page."""

    url: str
    title: str | None
    text: str
    author: str | None = None
    published_at: datetime | None = None
    date_source: str | None = None  # jsonld / meta / time / url / feed
    language: str | None = None
    language_confidence: float | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    word_count: int = 0
    method: str | None = None  # which extractor produced the text
    text_source: str = "page"  # "page" or "feed"


@dataclass(frozen=True)
class CountryMention:
    """A country an article mentions, with the matched spans (start, end, surface text)."""

    code: str
    mentions: int
    spans: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class CountryTags:
    """All countries of an article and its focus country (or None)."""

    countries: tuple[CountryMention, ...]
    focus: str | None


@dataclass(frozen=True)
class TopicScore:
    """An IPTC Media Topic with its score and the words that produced it."""

    code: str  # e.g. medtop:11000000
    label: str
    score: float
    evidence: tuple[str, ...] = ()


def to_json_dict(record: Any) -> dict[str, Any]:
    """A dataclass as a JSON-ready dict (datetimes as ISO 8601, bytes dropped)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, bytes):
            continue
        out[f.name] = _jsonable(value)
    return out


def _jsonable(value: Any) -> Any:
    """Convert nested dataclasses, tuples and datetimes for json.dumps."""
    if dataclasses.is_dataclass(value):
        return to_json_dict(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _PLAIN else _jsonable(v) for v in value]
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})  # values json.dumps takes as they are
