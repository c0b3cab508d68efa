"""Story clustering: reads articles (and signatures of earlier days' stories), writes a story_id per article.

Copies of one article (syndication, wire copies, republished commentary) share most of their word
3-grams whatever the headline, casing, punctuation or an added credit line. Each article gets a
MinHash signature of those 3-grams (64 hashes, deterministic across runs and machines); LSH banding
proposes candidate pairs, and a pair joins when the estimated Jaccard similarity of the two 3-gram
sets, or the containment of the shorter in the longer, is high. Different articles on the same
event share names and facts but few 3-grams, so they stay apart. story_id is the article_id of the
earliest member (ties broken by article_id); an article that matches a known story takes its id.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

logger = logging.getLogger(__name__)

NUM_HASHES = 64
BANDS = 16  # 16 bands x 4 rows: pairs with Jaccard >= ~0.35 are likely to share a band
ROWS = NUM_HASHES // BANDS
SHINGLE_WORDS = 3
MAX_WORDS = 600  # the opening of an article is enough to recognise a copy
MAX_CHARS = MAX_WORDS * 12  # characters read to find those words
FIRST_READ_CHARS = MAX_WORDS * 8  # read first: it holds MAX_WORDS words of most texts, and the rest is then skipped
MIN_JACCARD = 0.5  # estimated Jaccard of 3-gram sets at which two articles are copies
MIN_CONTAINMENT = 0.8  # or: share of the shorter article's 3-grams found in the longer one
MIN_SHINGLES_FOR_CONTAINMENT = 30  # containment is only trusted for texts at least this long
SHORT_TEXT_SHINGLES = 12  # below this, copies must be near-identical
SHORT_TEXT_JACCARD = 0.8
MASK32 = (1 << 32) - 1
# one fixed 64-bit seed per hash function: signatures must stay comparable across runs and machines
HASH_SEEDS = np.random.default_rng(20240601).integers(0, 1 << 63, size=NUM_HASHES, dtype=np.uint64)
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
COMBINING_RE = re.compile("[\u0300-\u036f]")  # accents left by NFKD


@dataclass(frozen=True)
class StorySignature:
    """MinHash of an article's word 3-grams, with the number of distinct 3-grams."""

    shingles: int
    hashes: tuple[int, ...]

    def to_json(self) -> str:
        """Compact JSON for storage."""
        return json.dumps({"n": self.shingles, "h": list(self.hashes)}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> StorySignature:
        """Inverse of to_json; raises ValueError on a malformed signature."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict) -> StorySignature:
        """A signature from its parsed JSON form (as enriched rows keep it); raises ValueError on a malformed one."""
        hashes = tuple(int(h) for h in data["h"])
        if len(hashes) != NUM_HASHES:
            raise ValueError(f"story signature has {len(hashes)} hashes, expected {NUM_HASHES}: recompute it")
        return cls(int(data["n"]), hashes)


@dataclass(frozen=True)
class StoryInput:
    """An article to cluster."""

    article_id: str
    title: str | None
    text: str
    first_seen: datetime
    source_id: str
    signature: StorySignature | None = None  # signature(title, text) when the caller has it already (enrich stores it)


@dataclass(frozen=True)
class KnownStory:
    """A member of a story assigned on an earlier day."""

    story_id: str
    article_id: str
    signature: StorySignature


@dataclass(frozen=True)
class StorySummary:
    """One story of a batch: its representative article, outlets and first-seen time."""

    story_id: str
    representative_article_id: str
    article_count: int
    outlet_count: int
    first_seen: datetime


def normalised_words(title: str | None, text: str) -> list[str]:
    """Case-folded, accent-free words of title and text (punctuation and casing do not count)."""
    joined = f"{title or ''}\n{(text or '')[:MAX_CHARS]}".casefold()
    if not joined.isascii():
        joined = COMBINING_RE.sub("", unicodedata.normalize("NFKD", joined))
    words = WORD_RE.findall(joined, 0, FIRST_READ_CHARS)  # more than MAX_WORDS: the last one kept was read whole
    if len(words) <= MAX_WORDS and len(joined) > FIRST_READ_CHARS:
        words = WORD_RE.findall(joined)
    return words[:MAX_WORDS]


def shingle_hashes(words: list[str]) -> np.ndarray:
    """Distinct 32-bit hashes of consecutive word 3-grams (or of the words, for very short texts)."""
    word_hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))  # UTF-8
    if len(word_hashes) < SHINGLE_WORDS:
        return _distinct(word_hashes)
    n = len(word_hashes) - SHINGLE_WORDS + 1
    mixed = word_hashes[:n].copy()
    for k in range(1, SHINGLE_WORDS):
        mixed = (mixed * np.uint64(1000003) + word_hashes[k:k + n]) & np.uint64(MASK32)
    return _distinct(mixed)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique's result; a sort and a comparison are about four times faster on an
    article's few hundred values)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def signature(title: str | None, text: str) -> StorySignature:
    """The MinHash signature of an article (title + text)."""
    shingles = shingle_hashes(normalised_words(title, text))
    if len(shingles) == 0:
        return StorySignature(0, (MASK32,) * NUM_HASHES)
    values = mix64(shingles[:, None] ^ HASH_SEEDS[None, :])
    return StorySignature(len(shingles), tuple((values.min(axis=0) >> np.uint64(32)).tolist()))


def mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: a well-mixed 64-bit hash of each value (uint64 arithmetic wraps); z is
    overwritten with the result."""
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return z


def estimated_jaccard(a: StorySignature, b: StorySignature) -> float:
    """Share of equal MinHash values: an unbiased estimate of the 3-gram Jaccard similarity."""
    return float(np.mean(np.array(a.hashes) == np.array(b.hashes)))


def is_copy(a: StorySignature, b: StorySignature) -> bool:
    """True when two signatures belong to copies of the same article."""
    if a.shingles == 0 or b.shingles == 0:
        return False
    jaccard = estimated_jaccard(a, b)
    if min(a.shingles, b.shingles) < SHORT_TEXT_SHINGLES:
        return jaccard >= SHORT_TEXT_JACCARD
    if jaccard >= MIN_JACCARD:
        return True
    small, large = sorted((a.shingles, b.shingles))
    if small < MIN_SHINGLES_FOR_CONTAINMENT:
        return False
    containment = jaccard * (small + large) / (small * (1 + jaccard))
    return containment >= MIN_CONTAINMENT


def candidate_pairs(signatures: Sequence[StorySignature]) -> set[tuple[int, int]]:
    """Index pairs that share at least one LSH band."""
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        if sig.shingles == 0:
            continue
        for band in range(BANDS):
            buckets[(band, sig.hashes[band * ROWS:(band + 1) * ROWS])].append(i)
    pairs = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def find_root(parent: list[int], i: int) -> int:
    """Union-find root with path halving."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def copy_components(signatures: Sequence[StorySignature]) -> list[int]:
    """Component root for every signature, joining verified copies."""
    parent = list(range(len(signatures)))
    for i, j in sorted(candidate_pairs(signatures)):
        if is_copy(signatures[i], signatures[j]):
            ri, rj = find_root(parent, i), find_root(parent, j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    return [find_root(parent, i) for i in range(len(signatures))]


def assign_stories(articles: Sequence[StoryInput], known: Sequence[KnownStory]) -> dict[str, str]:
    """article_id -> story_id for a batch, joining earlier days' stories where an article copies one."""
    new_sigs = [a.signature or signature(a.title, a.text) for a in articles]
    roots = copy_components([k.signature for k in known] + new_sigs)
    offset = len(known)
    members: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots):
        members[root].append(i)
    out: dict[str, str] = {}
    for group in members.values():
        out.update(story_of_group(group, offset, articles, known))
    logger.info("stories articles=%s known=%s stories=%s", len(articles), len(known), len(set(out.values())))
    return out


def story_of_group(group: list[int], offset: int, articles: Sequence[StoryInput],
                   known: Sequence[KnownStory]) -> dict[str, str]:
    """story_id for the new articles of one component: a known story's id, else the earliest article's."""
    new = [articles[i - offset] for i in group if i >= offset]
    known_ids = sorted(known[i].story_id for i in group if i < offset)
    if known_ids:
        counts = {s: known_ids.count(s) for s in known_ids}
        story_id = min(counts, key=lambda s: (-counts[s], s))
    else:
        story_id = min(new, key=lambda a: (a.first_seen, a.article_id)).article_id
    return {a.article_id: story_id for a in new}


def summarise_stories(articles: Sequence[StoryInput], assignment: dict[str, str]) -> list[StorySummary]:
    """Per story: the member most similar to the others (ties: earliest), outlet count, first seen."""
    groups: dict[str, list[StoryInput]] = defaultdict(list)
    for a in articles:
        groups[assignment[a.article_id]].append(a)
    out = []
    for story_id, group in sorted(groups.items()):
        sigs = [signature(a.title, a.text) for a in group]
        closeness = [sum(estimated_jaccard(s, t) for t in sigs) for s in sigs]
        best = min(range(len(group)), key=lambda i: (-closeness[i], group[i].first_seen, group[i].article_id))
        out.append(StorySummary(story_id, group[best].article_id, len(group),
                                len({a.source_id for a in group}), min(a.first_seen for a in group)))
    return out
