"""Event clustering: reads a run's articles with their stories (and recent days' articles with their
events), writes an event_id per article.

A story groups copies of one article; an event groups different articles about one happening, from
any outlet: seen within about two days of each other, about the same place, naming the same actors.
Each story is one node, described by the stems of the words of its titles and openings, each weighted
by how rare it is among the run's and recent days' stories (names and numbers are rare, so they weigh
most). Candidate pairs share at least two words that are neither unique nor common; a pair's
probability of being one event is a logistic function of the weighted cosine of their words, of their
titles alone, and of whether they share a country and their best topic; stories more than two days
apart never join. Nodes merge best pair first, and two groups merge only while the average probability
over all their cross pairs stays high, so a chain of loosely related articles does not become one
event. Events already stored keep their id and never merge with each other; a new event is named by
the story_id of its earliest story.
"""
from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

KNOWN_EVENT_DAYS = 2  # recent days whose articles a run may join
LEAD_CHARS = 300  # characters of an article's text read after its title (about its first two sentences)
EVENT_WINDOW = timedelta(days=2)  # farthest apart two articles of one event may be
MIN_PAIR_SCORE = 0.4  # probability at which two stories may be one event
MIN_AVERAGE_SCORE = 0.35  # average probability over all cross pairs at which two groups merge
# A pair's probability of being one event: a logistic function of the IDF-weighted cosine of the words of
# title and opening, of the titles alone, and whether the two share a country and their best topic
# (weights fitted on tests/data/event_labels.tsv; benchmarks/events.py).
PAIR_BIAS, PAIR_TEXT, PAIR_TITLE, PAIR_COUNTRY, PAIR_TOPIC = -6.4, 15.4, 12.0, 1.5, 0.6
MIN_PAIR_LOGIT = math.log(MIN_PAIR_SCORE / (1 - MIN_PAIR_SCORE))
MIN_SHARED_TERMS = 2  # rare words two stories must share to be compared
MAX_TERM_SHARE = 0.2  # a word in more than this share of stories is too common to count
MAX_TERM_STORIES = 100  # ... and so is a word in more than this many
MIN_COMMON_STORIES = 40  # ... once there are enough stories to tell (below, every word counts)
TITLE_WEIGHT = 2.0  # a word of the title weighs this much more in the text
STEM_CHARS = 6  # words are compared by their first characters, so inflections meet

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# the first STEM_CHARS letters of each word of three letters or more, and two-digit numbers
STEM_RE = re.compile(rf"(?<![^\W_])([^\W_]{{3,{STEM_CHARS}}}|\d\d(?![^\W_]))[^\W_]*", re.UNICODE)
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
    terms: dict[int, float] = field(default_factory=dict)  # word id -> weight factor
    title_terms: dict[int, float] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    topic: str | None = None  # the best topic of its first article
    event_id: str | None = None  # set for stories of known events


def assign_events(articles: Sequence[EventArticle], known: Sequence[EventArticle]) -> dict[str, str]:
    """article_id -> event_id for every article: a known event, a new event with other stories, or its story."""
    known_event = {k.article_id: k.event_id or k.story_id for k in known}
    fresh = [a for a in articles if a.article_id not in known_event]
    nodes = _nodes(fresh, known)
    groups = _cluster(nodes, _scored_pairs(nodes))
    event_of_story = _event_ids(nodes, groups)
    out = {a.article_id: known_event.get(a.article_id) or event_of_story[a.story_id] for a in articles}
    logger.info("events articles=%s known=%s stories=%s events=%s", len(articles), len(known),
                len({a.story_id for a in articles}), len(set(out.values())))
    return out


def event_terms(title: str | None, lead: str) -> tuple[dict[str, float], dict[str, float]]:
    """Stemmed words of title and lead with their weight factor (TITLE_WEIGHT for the title's), and the title's."""
    in_title = dict.fromkeys(stems(title or ""), 1.0)
    terms = dict.fromkeys(stems(lead), 1.0)
    terms.update(dict.fromkeys(in_title, TITLE_WEIGHT))
    return terms, in_title


def stems(text: str) -> list[str]:
    """Case-folded, accent-free word stems (CJK runs as character pairs); words under three letters dropped,
    but not two-digit numbers."""
    text = text.casefold()
    if not text.isascii():
        text = COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
        if CJK_RE.search(text):
            return [s for w in WORD_RE.findall(text) for s in _cjk_pairs(w)]
    return STEM_RE.findall(text)


def _cjk_pairs(word: str) -> list[str]:
    """The character pairs of a CJK run, or a word's stem."""
    if CJK_RE.search(word):
        return [word[i:i + 2] for i in range(max(1, len(word) - 1))]
    return [word[:STEM_CHARS]] if len(word) >= 3 or (len(word) == 2 and word.isdigit()) else []


def _nodes(fresh: Sequence[EventArticle], known: Sequence[EventArticle]) -> list[_Node]:
    """One node per story (known stories first), merging its articles' word ids, times and countries."""
    nodes: dict[str, _Node] = {}
    vocab: dict[str, int] = {}
    read: set[tuple[str, str | None, str]] = set()  # copies with the same title and lead are read once
    for article in [*known, *fresh]:
        when = article.published or article.first_seen
        node = nodes.setdefault(article.story_id, _Node(article.story_id, when))
        node.when = min(node.when, when)
        node.countries.update(article.countries)
        node.topic = node.topic or next(iter(article.topics), None)
        if article.event_id is not None and node.event_id is None:
            node.event_id = article.event_id
        if (article.story_id, article.title, article.lead) not in read:
            read.add((article.story_id, article.title, article.lead))
            _add_terms(node, *event_terms(article.title, article.lead), vocab)
    return list(nodes.values())


def _add_terms(node: _Node, terms: dict[str, float], title_terms: dict[str, float], vocab: dict[str, int]) -> None:
    """Add an article's words to its story's node, as word ids (the highest factor of a word wins)."""
    ids = {vocab.setdefault(t, len(vocab)): w for t, w in terms.items()}
    if node.terms:
        ids = {k: max(w, node.terms.get(k, 0.0)) for k, w in ids.items()}
    node.terms.update(ids)
    node.title_terms.update({vocab[t]: w for t, w in title_terms.items()})


def _scored_pairs(nodes: list[_Node]) -> list[tuple[float, int, int]]:
    """(probability, i, j) of node pairs that may be one event, best first: a new story with any other."""
    fresh = np.array([i for i, node in enumerate(nodes) if node.event_id is None], dtype=np.int64)
    if not len(fresh):
        return []
    text, title, shared = _matrices(nodes)
    logits = (PAIR_TEXT * (text[fresh] @ text.T) + PAIR_TITLE * (title[fresh] @ title.T)).multiply(
        (shared[fresh] @ shared.T) >= MIN_SHARED_TERMS).tocoo()
    rows, cols = fresh[logits.row], logits.col
    is_new = np.zeros(len(nodes), dtype=bool)
    is_new[fresh] = True
    keep = ((logits.data + PAIR_BIAS + PAIR_COUNTRY + PAIR_TOPIC >= MIN_PAIR_LOGIT) & (rows != cols)
            & ~(is_new[cols] & (cols < rows)))
    out = []
    for i, j, z in zip(rows[keep].tolist(), cols[keep].tolist(), (logits.data[keep] + PAIR_BIAS).tolist()):
        a, b = nodes[i], nodes[j]
        if abs(a.when - b.when) > EVENT_WINDOW:
            continue
        z += PAIR_COUNTRY * bool(a.countries & b.countries) + PAIR_TOPIC * bool(a.topic and a.topic == b.topic)
        if z >= MIN_PAIR_LOGIT:
            out.append((1 / (1 + math.exp(-z)), min(i, j), max(i, j)))
    return sorted(out, key=lambda p: (-p[0], p[1], p[2]))


def _matrices(nodes: list[_Node]) -> tuple[Any, Any, Any]:
    """Nodes x words: text and title weights (factor x IDF, rows of unit length, too-common words left out), and
    which words two nodes may share (in two nodes at least)."""
    text_ids, text_factors, text_rows = _flat([node.terms for node in nodes])
    title_ids, title_factors, title_rows = _flat([node.title_terms for node in nodes])
    size = int(text_ids.max()) + 1 if len(text_ids) else 0
    df = np.bincount(text_ids, minlength=size)
    common = min(MAX_TERM_STORIES, int(MAX_TERM_SHARE * len(nodes))) if len(nodes) >= MIN_COMMON_STORIES else len(nodes)
    counted = df <= common
    idf = np.log1p(len(nodes) / np.maximum(df, 1)) * counted
    shape = (len(nodes), size)
    shared = counted & (df >= 2)
    return (_csr(text_rows, text_ids, text_factors * idf[text_ids], shape, normalise=True),
            _csr(title_rows, title_ids, title_factors * idf[title_ids], shape, normalise=True),
            _csr(text_rows, text_ids, shared[text_ids].astype(np.float64), shape, normalise=False))


def _flat(docs: list[dict[int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The word ids, factors and row numbers of every document, concatenated."""
    ids = np.fromiter((k for d in docs for k in d), dtype=np.int64)
    factors = np.fromiter((w for d in docs for w in d.values()), dtype=np.float64)
    rows = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    return ids, factors, rows


def _csr(rows: np.ndarray, cols: np.ndarray, data: np.ndarray, shape: tuple[int, int], *, normalise: bool) -> Any:
    """A sparse matrix without its zero entries, its rows scaled to unit length when asked."""
    from scipy import sparse

    nonzero = data != 0
    rows, cols, data = rows[nonzero], cols[nonzero], data[nonzero]
    if normalise:
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=shape[0]))
        data = data / norms[rows]
    return sparse.csr_matrix((data, (rows, cols)), shape=shape)


def _cluster(nodes: list[_Node], pairs: list[tuple[float, int, int]]) -> list[int]:
    """Group of every node: best pairs first, two groups merging while their average cross score holds."""
    score = {(i, j): s for s, i, j in pairs}
    first_of_event: dict[str, int] = {}
    group = [first_of_event.setdefault(n.event_id, i) if n.event_id is not None else i for i, n in enumerate(nodes)]
    members: dict[int, list[int]] = defaultdict(list)  # a known event starts as one group of its stories
    for i, g in enumerate(group):
        members[g].append(i)
    known: dict[int, str | None] = {g: nodes[g].event_id for g in members}
    for _, i, j in pairs:
        a, b = group[i], group[j]
        if a == b or (known[a] is not None and known[b] is not None):
            continue
        total = sum(score.get((min(p, q), max(p, q)), 0.0) for p in members[a] for q in members[b])
        if total / (len(members[a]) * len(members[b])) < MIN_AVERAGE_SCORE:
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
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
