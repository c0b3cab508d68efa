"""Event clustering: reads a run's articles with their stories (and recent days' articles with their
events), writes an event_id per article.

A story groups copies of one article; an event groups different articles about one happening, from
any outlet: seen within about two days of each other, about the same place, naming the same actors.
Each story is one node, described by the words of its titles and openings, each weighted by how rare
it is among the day's and recent days' stories (names and numbers weigh more). Candidate pairs share
at least two rare words; a pair scores the weighted cosine of their words, and pairs whose times lie
too far apart, or whose countries have nothing in common, never join. Nodes merge best pair first,
and two groups merge only while the average score over all their cross pairs stays high, so a chain
of loosely related articles does not become one event. Events already stored keep their id and never
merge with each other; a new event is named by the story_id of its earliest story.
"""
from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

KNOWN_EVENT_DAYS = 2  # recent days whose articles a run may join
LEAD_CHARS = 400  # characters of an article's text read after its title
EVENT_WINDOW = timedelta(days=2)  # farthest apart two articles of one event may be
MIN_PAIR_SCORE = 0.20  # weighted cosine at which two stories may be one event
MIN_AVERAGE_SCORE = 0.12  # average score over all cross pairs at which two groups merge
MIN_SHARED_TERMS = 2  # rare words two stories must share to be compared
MAX_TERM_SHARE = 0.2  # a word in more than this share of stories is too common to count
MIN_COMMON_STORIES = 40  # ... once there are enough stories to tell (below, every word counts)
NAME_WEIGHT = 2.0  # a capitalised word inside a sentence (a name) weighs this much more
TITLE_WEIGHT = 1.5  # a word of the title weighs this much more
NO_SHARED_COUNTRY = 0.7  # score factor for two stories whose countries have nothing in common
STEM_CHARS = 7  # words are compared by their first characters, so inflections meet

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
CAPITALISED_RE = re.compile(r"(?<![.!?:]\s)(?<!^)\b[^\W\d_a-z][^\W_]*", re.UNICODE)
COMBINING_RE = re.compile("[\u0300-\u036f]")
CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


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


@dataclass
class _Node:
    """One story of the batch or of recent days: its words, time, countries and (known) event."""

    story_id: str
    when: datetime
    terms: dict[str, float] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    event_id: str | None = None  # set for stories of known events


def assign_events(articles: Sequence[EventArticle], known: Sequence[EventArticle]) -> dict[str, str]:
    """article_id -> event_id for every article: a known event, a new event with other stories, or its story."""
    known_event = {k.article_id: k.event_id or k.story_id for k in known}
    fresh = [a for a in articles if a.article_id not in known_event]
    nodes = _nodes(fresh, [k for k in known if k.article_id not in {a.article_id for a in fresh}])
    pairs, vectors = _scored_pairs(nodes)
    groups = _cluster(nodes, pairs, vectors)
    event_of_story = _event_ids(nodes, groups)
    out = {a.article_id: known_event.get(a.article_id) or event_of_story[a.story_id] for a in articles}
    logger.info("events articles=%s known=%s stories=%s events=%s", len(articles), len(known),
                len({a.story_id for a in articles}), len(set(out.values())))
    return out


def event_terms(title: str | None, lead: str) -> dict[str, float]:
    """Stemmed words of a title and lead, each with its weight factor (NAME_WEIGHT for names and numbers)."""
    names = set(_stems(_names(title or "", headline=True) + _names(lead, headline=False)))
    in_title = set(_stems(WORD_RE.findall(title or "")))
    terms: dict[str, float] = {}
    for stem in _stems(WORD_RE.findall(f"{title or ''}\n{lead}")):
        terms[stem] = ((NAME_WEIGHT if stem in names or stem.isdigit() else 1.0)
                       * (TITLE_WEIGHT if stem in in_title else 1.0))
    return terms


def _names(text: str, *, headline: bool) -> list[str]:
    """Capitalised words not opening a sentence; none from a headline where most words are capitalised."""
    found = CAPITALISED_RE.findall(text)
    if headline and len(found) * 2 > len(WORD_RE.findall(text)):
        return []
    return found


def _stems(words: Iterable[str]) -> list[str]:
    """Case-folded, accent-free word stems (CJK runs as character pairs); short words and years dropped."""
    out = []
    for word in words:
        word = word.casefold()
        if not word.isascii():
            if CJK_RE.search(word):
                out += [word[i:i + 2] for i in range(max(1, len(word) - 1))]
                continue
            word = COMBINING_RE.sub("", unicodedata.normalize("NFKD", word))
        if len(word) >= 3 or (word.isdigit() and len(word) >= 2):
            out.append(word[:STEM_CHARS])
    return out


def _nodes(fresh: Sequence[EventArticle], known: Sequence[EventArticle]) -> list[_Node]:
    """One node per story (known stories first), merging its articles' words, times and countries."""
    nodes: dict[str, _Node] = {}
    for article in [*known, *fresh]:
        when = article.published or article.first_seen
        node = nodes.setdefault(article.story_id, _Node(article.story_id, when))
        node.when = min(node.when, when)
        for term, weight in event_terms(article.title, article.lead).items():
            node.terms[term] = max(weight, node.terms.get(term, 0.0))
        node.countries.update(article.countries)
        if article.event_id is not None and node.event_id is None:
            node.event_id = article.event_id
    return list(nodes.values())


def _scored_pairs(nodes: list[_Node]) -> tuple[list[tuple[float, int, int]], Any]:
    """(score, i, j) of node pairs that may be one event, best first (never two known events), and the
    nodes' weighted word vectors."""
    from scipy import sparse

    df = Counter(t for node in nodes for t in node.terms)
    limit = max(2, int(MAX_TERM_SHARE * len(nodes))) if len(nodes) >= MIN_COMMON_STORIES else len(nodes)
    vocab = {t: k for k, t in enumerate(t for t, n in df.items() if 2 <= n <= limit)}
    rows, cols, vals = [], [], []
    for i, node in enumerate(nodes):
        weights = {t: w * math.log(1 + len(nodes) / df[t]) for t, w in node.terms.items() if df[t] <= limit}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for t, w in weights.items():
            if t in vocab:
                rows.append(i)
                cols.append(vocab[t])
                vals.append(w / norm)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(nodes), len(vocab)), dtype=np.float64)
    binary = x.copy()
    binary.data[:] = 1.0
    shared = sparse.triu(binary @ binary.T, k=1).tocoo()
    keep = shared.data >= MIN_SHARED_TERMS
    pairs_i, pairs_j = shared.row[keep], shared.col[keep]
    scores = np.asarray(x[pairs_i].multiply(x[pairs_j]).sum(axis=1)).ravel() if len(pairs_i) else np.array([])
    out = []
    for s, i, j in zip(scores, pairs_i, pairs_j):
        a, b = nodes[i], nodes[j]
        if (a.event_id is not None and b.event_id is not None) or abs(a.when - b.when) > EVENT_WINDOW:
            continue
        s = float(s) * (NO_SHARED_COUNTRY if a.countries and b.countries and not a.countries & b.countries else 1.0)
        if s >= MIN_PAIR_SCORE:
            out.append((s, int(i), int(j)))
    return sorted(out, key=lambda p: (-p[0], p[1], p[2])), x


LINKAGE = "average"
MIN_CENTROID_SCORE = 0.3


def _centroid_ok(ca: dict[int, float], cb: dict[int, float]) -> bool:
    """Cosine of two groups' summed vectors at least MIN_CENTROID_SCORE."""
    dot = sum(w * cb.get(k, 0.0) for k, w in ca.items())
    na = math.sqrt(sum(w * w for w in ca.values()))
    nb = math.sqrt(sum(w * w for w in cb.values()))
    return dot >= MIN_CENTROID_SCORE * na * nb


def _cluster(nodes: list[_Node], pairs: list[tuple[float, int, int]], x: Any) -> list[int]:
    """Group of every node: best pairs first, two groups merging while their average cross score holds."""
    score = {(i, j): s for s, i, j in pairs}
    centroid = {i: dict(zip(x.indices[x.indptr[i]:x.indptr[i + 1]].tolist(), x.data[x.indptr[i]:x.indptr[i + 1]].tolist()))
                for i in range(len(nodes))}
    group = list(range(len(nodes)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}
    known: dict[int, str | None] = {i: n.event_id for i, n in enumerate(nodes)}
    for _, i, j in pairs:
        a, b = group[i], group[j]
        if a == b or (known[a] is not None and known[b] is not None):
            continue
        if LINKAGE in ("average", "both"):
            total = sum(score.get((min(p, q), max(p, q)), 0.0) for p in members[a] for q in members[b])
            if total / (len(members[a]) * len(members[b])) < MIN_AVERAGE_SCORE:
                continue
        if LINKAGE in ("centroid", "both") and not _centroid_ok(centroid[a], centroid[b]):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        cb = centroid.pop(b)
        for k, w in cb.items():
            centroid[a][k] = centroid[a].get(k, 0.0) + w
        for m in members.pop(b):
            group[m] = a
            members[a].append(m)
        known_b = known.pop(b)
        known[a] = known[a] or known_b
    return group


def _event_ids(nodes: list[_Node], groups: list[int]) -> dict[str, str]:
    """story_id -> event_id: the group's known event, else the story_id of its earliest story."""
    by_group: dict[int, list[_Node]] = defaultdict(list)
    for node, g in zip(nodes, groups):
        by_group[g].append(node)
    out = {}
    for members in by_group.values():
        known = sorted(n.event_id for n in members if n.event_id is not None)
        event_id = known[0] if known else min(members, key=lambda n: (n.when, n.story_id)).story_id
        out.update({n.story_id: event_id for n in members})
    return out


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
