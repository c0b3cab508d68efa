"""Watches on enriched rows: each enrich shard evaluates every watch on its articles as it tags them and
keeps the matches on the row (`watch_matches`, with `watch_config`, the fingerprint of the watches
they were found with), so validate only gathers the matches of its clean articles. A row enriched
with other watches than validate reads, or before watches were evaluated in the shards, is evaluated
again when the run is staged."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mediamon.errors import ConfigError
from mediamon.watches.config import TOPICS_PATH, load_watches
from mediamon.watches.matcher import ArticleDoc, CompiledWatch, Match, Watch, compile_watch, match_article

MATCHES_FIELD = "watch_matches"
CONFIG_FIELD = "watch_config"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatchSet:
    """The watches of a watches.yaml, compiled, and a fingerprint of their definitions."""

    watches: tuple[Watch, ...]
    compiled: tuple[CompiledWatch, ...]
    fingerprint: str

    @property
    def names(self) -> frozenset[str]:
        """The names of the watches."""
        return frozenset(w.name for w in self.watches)


def watch_set(path: Path, *, source_ids: Collection[str] | None = None) -> WatchSet:
    """The watches of path, read and compiled once per version of the file (and of the topics file); with
    source_ids (the registry's), a watch naming another source is a ConfigError."""
    known = None if source_ids is None else frozenset(source_ids)
    return _watch_set(path.resolve(), _stamp(path), _stamp(TOPICS_PATH), known)


def _stamp(path: Path) -> tuple[int, int]:
    """A file's modification time and size, (0, 0) when it is missing (load_watches then says so)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _watch_set(path: Path, stamp: tuple[int, int], topics_stamp: tuple[int, int],
               source_ids: frozenset[str] | None) -> WatchSet:
    """The WatchSet of one version of the file; ConfigError on a bad watches.yaml."""
    watches = tuple(load_watches(path, source_ids=source_ids))
    return WatchSet(watches, tuple(compile_watch(w) for w in watches), fingerprint(watches))


def shard_watch_set(path: Path) -> WatchSet | None:
    """The WatchSet an enrich shard evaluates, or None when watches.yaml is bad: the shard's tags are kept
    and validate stops the run with the error naming the watch and the field."""
    try:
        return watch_set(path)
    except ConfigError as err:
        logger.warning("watches not evaluated in the shard: %s", str(err).splitlines()[0])
        return None


def fingerprint(watches: tuple[Watch, ...]) -> str:
    """A short hash of the watches' definitions: equal for equal watches, whatever the file's layout."""
    return hashlib.sha256(repr(watches).encode("utf-8")).hexdigest()[:16]


def article_doc(row: dict[str, Any]) -> ArticleDoc:
    """What a watch looks at in an enriched row (its tags as codes)."""
    return ArticleDoc(article_id=row["article_id"], title=row.get("title") or "", text=row.get("text") or "",
                      language=row.get("language"), source_id=row.get("source_id"),
                      countries=frozenset(c["code"] for c in row.get("countries") or []),
                      topics=frozenset(t["code"] for t in row.get("topics") or []))


def add_row_matches(row: dict[str, Any], watches: WatchSet | None) -> None:
    """Evaluate the watches on one enriched row and keep its matches (and the watches' fingerprint) on it."""
    if watches is None:
        return
    row[MATCHES_FIELD] = [{"watch_name": m.watch_name, "matched_terms": list(m.matched_terms),
                           "snippet": m.snippet, "matched_in": m.matched_in}
                          for m in match_article(watches.compiled, article_doc(row))]
    row[CONFIG_FIELD] = watches.fingerprint


def row_matches(row: dict[str, Any], watches: WatchSet) -> tuple[list[Match], bool]:
    """The row's matches, and whether they were kept by its shard (False: evaluated now, as the row was
    enriched with other watches or before the shards evaluated them)."""
    kept = kept_matches(row, watches)
    if kept is not None:
        return [Match(m["watch_name"], row["article_id"], tuple(m["matched_terms"]), m["snippet"], m["matched_in"])
                for m in kept], True
    return match_article(watches.compiled, article_doc(row)), False


def kept_matches(row: dict[str, Any], watches: WatchSet) -> list[dict[str, Any]] | None:
    """The matches the row's shard kept on it (as add_row_matches wrote them), or None when they were found
    with other watches or not at all."""
    found = row.get(MATCHES_FIELD)
    if not isinstance(found, list) or row.get(CONFIG_FIELD) != watches.fingerprint:
        return None
    names = watches.names
    return found if all(_is_kept_match(m, names) for m in found) else None


def _is_kept_match(match: Any, names: frozenset[str]) -> bool:
    """Whether a kept match is as add_row_matches writes it, of a watch of the set (else the row, damaged on disk
    or written by hand, is evaluated again: a match lacking a field raised KeyError out of the validate stage)."""
    return (isinstance(match, dict) and match.get("watch_name") in names
            and isinstance(match.get("matched_terms"), list)
            and all(isinstance(t, str) for t in match["matched_terms"])
            and isinstance(match.get("snippet"), str) and match.get("matched_in") in ("title", "text"))
