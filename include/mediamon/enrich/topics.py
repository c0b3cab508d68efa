"""Topic tagging: reads an article's title and text, writes scored IPTC Media Topics with their evidence.

Two explainable signals are blended per top-level topic:
- a keyword lexicon (include/mediamon/config/topics/iptc_topics.yaml): the matched keywords are the evidence;
- a linear classifier over static token embeddings distilled from all-MiniLM-L6-v2
  (include/mediamon/config/topics/model.npz) plus a bag of the words seen in training (classifier.npz).
  Because the document vector is the mean of its token vectors and the bag is a weighted word count,
  each word's share of a topic's score is exact; the words that pushed a topic up most are added to
  its evidence.
Second-level topics (civil unrest, election, international relations, energy) come from the lexicon
alone and only under a parent topic that scored. Nothing is downloaded: all files ship in the repo.

Other languages with a lexicon of their own (config/topics/lexicon_<language>.yaml) are tagged from
that lexicon alone: words are matched after the language's normalisation and Snowball stemming, and
Chinese and Japanese text is split into words first (jieba, MeCab with UniDic Lite). The English
classifier never reads them, so their evidence is always words of the article in its own language.

Given the article's URL, a section named in its path (config/topics/sections.tsv: /sport/, /musique/) adds one
strong keyword's weight to its topic in either path, shown in the evidence as "url section /musique/".
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import yaml

from mediamon.collector import built_without_collector
from mediamon.errors import ConfigError
from mediamon.records import TopicScore
from mediamon.settings import CONFIG_DIR as PACKAGE_CONFIG_DIR
from mediamon.text.words import MARKS
from mediamon.text.yamlsafe import SAFE_LOADER

logger = logging.getLogger(__name__)

CONFIG_DIR = PACKAGE_CONFIG_DIR / "topics"
TITLE_WEIGHT = 2  # title words count this many times
MAX_WORDS = 400  # only the first words of the body are read: the lead carries the topic
FIRST_READ_CHARS = MAX_WORDS * 8  # read first: it holds MAX_WORDS words of most texts, and the rest is then skipped
EMBEDDING_SHARE_EN = 0.3  # weight of the classifier vs the lexicon for English text
EMBEDDING_SHARE_OTHER = 0.2  # the embedding vocabulary is English; trust the lexicon more elsewhere
LEXICON_HALF_WEIGHT = 10.0  # matched keyword weight at which the lexicon gets half its share
CLASSIFIER_TEMPERATURE = 1.0  # < 1 sharpens the classifier's probabilities
MIN_SCORE = 0.08  # tags scoring below this are not reported
SECONDARY_MIN_SCORE = 0.15  # a top-level topic beside the best one needs this score
SECONDARY_SHARE = 0.5       # ... and this share of the best one's
SUBTOPIC_MIN_EVIDENCE = 2.0  # lexicon weight a second-level topic needs
SUBTOPIC_FULL_EVIDENCE = 4.0  # lexicon weight at which a second-level topic gets its parent's score
MAX_EVIDENCE = 6
MAX_WORD_COUNT = 3  # a word repeated more often than this counts this many times in the word bag
WORD_CACHE_SIZE = 200_000  # distinct words remembered per model before the memo is reset
MAX_WORD_CHARS = 100  # a longer word is one unknown token, as in BERT (max_input_chars_per_word)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+")
PIECE_RE = re.compile(r"[^\W\d_]+|\d+")
ASCII_WORD_RE = re.compile(r"[A-Za-z]+(?:['\-][A-Za-z]+)*|[0-9]+")  # WORD_RE on ASCII text


@dataclass(frozen=True)
class TopicDef:
    """One IPTC Media Topic the tagger can emit."""

    code: str
    key: str
    label: str
    parent: str | None


@dataclass(frozen=True)
class Lexicon:
    """Keyword lookups: exact words, word stems (prefix*), and phrases keyed by their first word."""

    exact: dict[str, tuple[tuple[int, float], ...]]
    stems: dict[str, tuple[tuple[int, float], ...]]
    stem_lengths: tuple[int, ...]
    phrases: dict[str, tuple[tuple[tuple[str, ...], int, float], ...]]
    stem_heads: frozenset[str]  # the first stem_lengths[0] letters of every stem: other words skip the stems


@dataclass(frozen=True)
class TopicModel:
    """Everything the tagger reads from include/mediamon/config/topics/, loaded once."""

    topics: tuple[TopicDef, ...]
    top_level: tuple[int, ...]  # indexes of top-level topics, in classifier column order
    lexicon: Lexicon
    vocab: dict[str, int]
    vectors: np.ndarray  # tokens x dims, float32
    token_scores: np.ndarray  # tokens x top-level topics: vectors @ weights.T
    bias: np.ndarray
    word_index: dict[str, int]  # word -> row of word_weights (words the classifier was trained on)
    word_weights: np.ndarray  # words x top-level topics, logit per unit of the normalised word bag
    stopwords: frozenset[str]  # never shown as classifier evidence
    word_cache: dict[str, tuple[tuple[tuple[int, float], ...], tuple[int, ...], int]]  # word -> (hits, tokens, row)

    @functools.cached_property
    def topic_keys(self) -> dict[str, int]:
        """Topic key -> index in topics, built once per model."""
        return {d.key: i for i, d in enumerate(self.topics)}

    @functools.cached_property
    def parent_codes(self) -> dict[str, str | None]:
        """Topic code -> its parent's code (None for a top-level topic), built once per model."""
        return {d.code: d.parent for d in self.topics}


TOPICS_FILE = CONFIG_DIR / "iptc_topics.yaml"


def read_topic_defs(path: Path = TOPICS_FILE) -> tuple[tuple[TopicDef, ...], list[dict[str, float]]]:
    """Topic definitions and keyword tables from the YAML taxonomy file."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    defs, keywords = [], []
    for n, entry in enumerate(data["topics"]):
        if not re.fullmatch(r"medtop:\d{8}", str(entry.get("code", ""))):
            raise ConfigError(f"{path} topic #{n + 1}: code {entry.get('code')!r} is not medtop:NNNNNNNN")
        defs.append(TopicDef(entry["code"], entry["key"], entry["label"], entry.get("parent")))
        keywords.append({str(k): float(v) for k, v in (entry.get("keywords") or {}).items()})
    return tuple(defs), keywords


def build_lexicon(keywords: list[dict[str, float]]) -> Lexicon:
    """Index every topic's keywords for fast lookup."""
    exact: dict[str, list] = {}
    stems: dict[str, list] = {}
    phrases: dict[str, list] = {}
    for idx, table in enumerate(keywords):
        for term, weight in table.items():
            words = tuple(term.lower().split())
            if len(words) > 1:
                phrases.setdefault(words[0], []).append((words, idx, weight))
            elif term.endswith("*"):
                stems.setdefault(term[:-1].lower(), []).append((idx, weight))
            else:
                exact.setdefault(term.lower(), []).append((idx, weight))
    freeze = lambda d: {k: tuple(v) for k, v in d.items()}  # noqa: E731
    lengths = tuple(sorted({len(s) for s in stems}))
    heads = frozenset(s[:lengths[0]] for s in stems) if stems else frozenset()
    return Lexicon(freeze(exact), freeze(stems), lengths, freeze(phrases), heads)


def load_base_model(config_dir: Path = CONFIG_DIR) -> TopicModel:
    """Taxonomy, lexicon and embeddings, with an all-zero classifier (what training starts from)."""
    defs, keywords = read_topic_defs(config_dir / "iptc_topics.yaml")
    try:
        emb = np.load(config_dir / "model.npz")
    except FileNotFoundError as err:
        raise ConfigError(f"topic model file missing: {err.filename} (restore include/mediamon/config/topics/)") from err
    vectors = emb["vectors"].astype(np.float32)
    top_level = tuple(i for i, d in enumerate(defs) if is_top_level(d.code))
    return TopicModel(defs, top_level, build_lexicon(keywords), {str(t): i for i, t in enumerate(emb["vocab"])},
                      vectors, np.zeros((len(vectors), len(top_level)), dtype=np.float32),
                      np.zeros(len(top_level), dtype=np.float32), {}, np.zeros((0, len(top_level)), dtype=np.float32),
                      read_stopwords(config_dir / "stopwords.txt"), {})


def read_stopwords(path: Path) -> frozenset[str]:
    """Words of a one-per-line list, comments skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


@functools.lru_cache(maxsize=2)
@built_without_collector
def load_topic_model(config_dir: Path = CONFIG_DIR) -> TopicModel:
    """Read the taxonomy, lexicon, embeddings and classifier (read-only reference data, cached)."""
    base = load_base_model(config_dir)
    try:
        clf = np.load(config_dir / "classifier.npz")
    except FileNotFoundError as err:
        raise ConfigError(f"topic classifier missing: {err.filename} (run train_classifier.py)") from err
    keys = [str(k) for k in clf["keys"]]
    index = {d.key: i for i, d in enumerate(base.topics)}
    if any(k not in index for k in keys):
        raise ConfigError(f"classifier.npz keys {keys} do not match iptc_topics.yaml: retrain the classifier")
    return dataclasses.replace(with_classifier(base, clf), top_level=tuple(index[k] for k in keys))


def with_classifier(model: TopicModel, arrays: Mapping[str, np.ndarray]) -> TopicModel:
    """The model with another classifier's arrays (keys, weights, bias and optional words, word_weights)."""
    weights = np.asarray(arrays["weights"], dtype=np.float32)
    words = [str(w) for w in arrays["words"]] if "words" in arrays else []
    word_weights = (np.asarray(arrays["word_weights"], dtype=np.float32) if words
                    else np.zeros((0, weights.shape[0]), dtype=np.float32))
    if len(words) != len(word_weights):
        raise ConfigError(f"classifier has {len(words)} words but {len(word_weights)} word weight rows: retrain it")
    return dataclasses.replace(model, token_scores=model.vectors @ weights.T,
                               bias=np.asarray(arrays["bias"], dtype=np.float32),
                               word_index={w: i for i, w in enumerate(words)}, word_weights=word_weights,
                               word_cache={})


TOPICS: dict[str, str] = {d.code: d.label for d in read_topic_defs()[0]}


def is_topic_code(code: str) -> bool:
    """True for a Media Topic code this tagger can emit (e.g. 'medtop:11000000')."""
    return code in TOPICS


def is_top_level(code: str) -> bool:
    """True for one of the 17 top-level Media Topic codes."""
    return bool(re.fullmatch(r"medtop:(0[1-9]|1[0-7])000000", code))


def article_words(title: str | None, text: str) -> list[str]:
    """Lower-case words of the title (repeated TITLE_WEIGHT times) and the first MAX_WORDS of the text."""
    body = find_words(text[:FIRST_READ_CHARS].lower())  # more than MAX_WORDS: the last one kept was read whole
    if len(body) <= MAX_WORDS and len(text) > FIRST_READ_CHARS:
        body = find_words(text.lower())
    body = body[:MAX_WORDS]
    head = find_words(title.lower()) if title else []
    return head * TITLE_WEIGHT + body


def find_words(text: str) -> list[str]:
    """WORD_RE's words; ASCII text takes an equal ASCII pattern, which is faster than Unicode classes."""
    return (ASCII_WORD_RE if text.isascii() else WORD_RE).findall(text)


def lexicon_hits(word: str, lexicon: Lexicon) -> tuple[tuple[int, float], ...]:
    """(topic index, weight) of every single-word keyword or stem the word matches."""
    hits = list(lexicon.exact.get(word, ()))
    if lexicon.stem_heads and word[:lexicon.stem_lengths[0]] in lexicon.stem_heads:
        for length in lexicon.stem_lengths:
            if len(word) >= length:
                hits.extend(lexicon.stems.get(word[:length], ()))
    return tuple(hits)


def resolve_word(word: str, model: TopicModel) -> tuple[tuple[tuple[int, float], ...], tuple[int, ...], int]:
    """Lexicon hits, embedding token ids and word-bag row (-1: none) of a word, memoised on the model
    (they never change; a model with another classifier gets a memo of its own)."""
    found = model.word_cache.get(word)
    if found is None:
        tokens = [t for piece in PIECE_RE.findall(strip_accents(word)) for t in word_pieces(piece, model.vocab)]
        found = (lexicon_hits(word, model.lexicon), tuple(tokens), model.word_index.get(word, -1))
        if len(model.word_cache) >= WORD_CACHE_SIZE:
            model.word_cache.clear()
        model.word_cache[word] = found
    return found


@dataclass(frozen=True)
class ArticleFeatures:
    """What the English tagger reads from an article: keyword scores with their evidence, token
    counts (ids, counts, the word each came from) and the word bag."""

    lexicon: np.ndarray
    evidence: list[dict[str, float]]  # per topic: matched keyword -> contribution
    ids: np.ndarray
    weights: np.ndarray
    origin: dict[int, str]
    bag: tuple[list[str], np.ndarray, np.ndarray]


def article_features(words: list[str], model: TopicModel) -> ArticleFeatures:
    """Keyword scores, token counts and word bag in one pass over the distinct words, each looked up
    once in the model's memo; the tokens and bag equal token_counts and word_bag (the trainer's)."""
    n_topics, phrases, cache = len(model.topics), model.lexicon.phrases, model.word_cache
    scores = [0.0] * n_topics  # Python floats: item updates of a numpy array cost more than the sums
    evidence: list[dict[str, float]] = [{} for _ in range(n_topics)]  # dicts: far cheaper to make than Counters
    tokens: dict[int, int] = {}
    origin: dict[int, str] = {}
    known, starts = [], set()
    for word, count in Counter(words).items():
        hits, ids, row = cache.get(word) or resolve_word(word, model)
        if hits:
            damped = count if count < 3 else 3  # repetition adds little
            for idx, weight in hits:
                scores[idx] += weight * damped
                found = evidence[idx]
                found[word] = found.get(word, 0) + weight * damped
        for token in ids:
            if token in tokens:
                tokens[token] += count
            else:
                tokens[token], origin[token] = count, word
        if row >= 0:
            known.append((word, row, count if count < MAX_WORD_COUNT else MAX_WORD_COUNT))
        if word in phrases:
            starts.add(word)
    if starts:
        add_phrases(words, starts, phrases, scores, evidence)
    return ArticleFeatures(np.array(scores, dtype=np.float64), evidence,
                           np.fromiter(tokens.keys(), dtype=np.int64, count=len(tokens)),
                           np.fromiter(tokens.values(), dtype=np.float32, count=len(tokens)), origin, bag_of(known))


def add_phrases(words: list[str], starts: set[str], phrases: Mapping, scores: list[float],
                evidence: list[dict[str, float]]) -> None:
    """Add the keyword phrases found at the words that start one."""
    for i, word in enumerate(words):
        if word not in starts:
            continue
        for phrase, idx, weight in phrases[word]:
            if is_phrase_at(words, i, phrase):
                scores[idx] += weight
                found, text = evidence[idx], " ".join(words[i:i + len(phrase)])
                found[text] = found.get(text, 0) + weight


def bag_of(known: list[tuple[str, int, int]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The word bag of (word, row, damped count) triples, in word order as word_bag gives it."""
    if not known:
        return [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    known.sort(key=itemgetter(0))  # a key of plain strings sorts much faster than the tuples
    words, rows, counts = zip(*known)
    values = np.array(counts, dtype=np.float32)
    return list(words), np.array(rows, dtype=np.int64), values / float(np.linalg.norm(values))


def is_phrase_at(words: list[str], start: int, phrase: tuple[str, ...]) -> bool:
    """True when the phrase's words follow from words[start]; a last word ending in * is a stem."""
    last = phrase[-1]
    if not last.endswith("*"):
        return tuple(words[start:start + len(phrase)]) == phrase
    end = start + len(phrase) - 1
    return (end < len(words) and tuple(words[start:end]) == phrase[:-1]
            and words[end].startswith(last[:-1]))


def strip_accents(word: str) -> str:
    """The word without combining marks, as the uncased BERT vocabulary spells it."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def word_pieces(word: str, vocab: dict[str, int]) -> list[int]:
    """WordPiece ids of one word (greedy longest match, as BERT does); [] when it cannot be split or is
    longer than MAX_WORD_CHARS (BERT's own limit, which also keeps the search linear in the text)."""
    if word in vocab:
        return [vocab[word]]
    if len(word) > MAX_WORD_CHARS:
        return []
    ids, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                ids.append(vocab[piece])
                break
            end -= 1
        if end == start:
            return []
        start = end
    return ids


def token_counts(counts_by_word: Counter, model: TopicModel) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """Token ids with their counts, and the word each token came from (for evidence)."""
    counts: dict[int, int] = {}
    origin: dict[int, str] = {}
    for word, n in counts_by_word.items():
        for token in resolve_word(word, model)[1]:
            if token in counts:
                counts[token] += n
            else:
                counts[token], origin[token] = n, word
    ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    weights = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    return ids, weights, origin


def document_vector(ids: np.ndarray, weights: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Mean token vector, L2-normalised (zeros for an empty document)."""
    if len(ids) == 0:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    mean = weights @ vectors[ids] / weights.sum()
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


def word_bag(counts: Counter, word_index: dict[str, int]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Known words of an article, their rows in word_weights and their L2-normalised damped counts."""
    known = sorted([w for w in counts if w in word_index])  # sorted: the same order, so the same sums, every run
    if not known:
        return [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    values = np.fromiter(map(counts.__getitem__, known), dtype=np.float32, count=len(known))
    np.minimum(values, MAX_WORD_COUNT, out=values)
    rows = np.fromiter(map(word_index.__getitem__, known), dtype=np.int64, count=len(known))
    return known, rows, values / float(np.linalg.norm(values))


def classify(ids: np.ndarray, weights: np.ndarray, model: TopicModel,
             bag: tuple[list[str], np.ndarray, np.ndarray] = ([], np.zeros(0, dtype=np.int64), np.zeros(0))
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-level topic probabilities, each token's and each bag word's contribution to each topic's logit."""
    n = len(model.top_level)
    _, rows, values = bag
    word_contrib = values[:, None] * model.word_weights[rows] if len(rows) else np.zeros((0, n))
    if len(ids) == 0 and len(rows) == 0:
        return np.full(n, 1.0 / n), np.zeros((0, n)), word_contrib
    if len(ids):
        mean = weights @ model.vectors[ids] / weights.sum()
        norm = float(np.linalg.norm(mean)) or 1.0
        contrib = (weights[:, None] * model.token_scores[ids]) / (weights.sum() * norm)
    else:
        contrib = np.zeros((0, n))
    logits = (contrib.sum(axis=0) + word_contrib.sum(axis=0) + model.bias) / CLASSIFIER_TEMPERATURE
    probs = np.exp(logits - logits.max())
    return probs / probs.sum(), contrib, word_contrib


def classifier_evidence(contrib: np.ndarray, word_contrib: np.ndarray, column: int, ids: np.ndarray,
                        origin: dict[int, str], bag_words: list[str], stopwords: frozenset[str]) -> list[str]:
    """The (non-stop) words whose tokens and bag entries pushed one topic's logit up most."""
    total: Counter = Counter()
    for i, value in top_contributions(contrib[:, column]):
        total[origin[int(ids[i])]] += value
    for i, value in top_contributions(word_contrib[:, column]):
        total[bag_words[i]] += value
    return [w for w, _ in total.most_common() if w not in stopwords][:3]


def top_contributions(values: np.ndarray, count: int = 8) -> list[tuple[int, float]]:
    """Positions and values of the `count` largest values, largest first, where the value is positive."""
    order = np.argsort(-values)[:count].tolist()
    return [(i, v) for i, v in zip(order, values[order].tolist()) if v > 0]


def tag_topics(title: str | None, text: str, *, language: str | None = None, url: str | None = None,
               limit: int = 3) -> list[TopicScore]:
    """Scored IPTC Media Topics of an article, highest first, each with the words that produced it;
    a section named in the article's URL path (/sport/, /wirtschaft/) counts as one more keyword. Beside the best
    topic, another is reported only when it is a real second subject (reported)."""
    model = load_topic_model()
    return reported(model, score_topics(model, title, text, language=language, url=url, limit=len(model.topics)),
                    limit)


def score_topics(model: TopicModel, title: str | None, text: str, *, language: str | None,
                 limit: int, url: str | None = None) -> list[TopicScore]:
    """Every topic scoring MIN_SCORE or more (the first `limit`), best first, with an explicit model (benchmarks pass
    cross-validated ones and rank the classes by it); a URL alone tags nothing. tag_topics reports those of them
    that are subjects of the article (reported)."""
    if language_of(language):
        lex = load_language_lexicon(language)
        words = language_words(title, text or "", lex)
        return score_language_topics(model, lex, words, limit, url_sections(url, language, model) if words else [])
    words = article_words(title, text or "")
    if not words:
        return []
    sections = url_sections(url, language, model)
    features = article_features(words, model)
    lex, lex_evidence, ids, origin, bag = features.lexicon, features.evidence, features.ids, features.origin, features.bag
    lex = add_sections(lex, lex_evidence, sections)
    probs, contrib, word_contrib = classify(ids, features.weights, model, bag)
    share = EMBEDDING_SHARE_EN if language in (None, "en") else EMBEDDING_SHARE_OTHER
    top_lex = lex[list(model.top_level)]
    lex_share = top_lex / top_lex.sum() if top_lex.sum() > 0 else np.zeros_like(top_lex)
    lex_weight = (1 - share) * top_lex.sum() / (top_lex.sum() + LEXICON_HALF_WEIGHT)
    blended = (1 - lex_weight) * probs + lex_weight * lex_share
    parents = {model.topics[idx].code: rounded_score(float(blended[column]))
               for column, idx in enumerate(model.top_level)}
    scores: list[TopicScore] = []
    for column, idx in enumerate(model.top_level):
        if parents[model.topics[idx].code] < MIN_SCORE:
            continue  # not reported, so its evidence is not worked out
        evidence = ranked_words(lex_evidence[idx])
        evidence += [w for w in classifier_evidence(contrib, word_contrib, column, ids, origin, bag[0], model.stopwords)
                     if w not in evidence]
        scores.append(topic_score(model.topics[idx], float(blended[column]), evidence))
    scores += subtopic_scores(model, lex, lex_evidence, parents)
    ranked = sorted((s for s in scores if s.score >= MIN_SCORE), key=lambda s: (-s.score, s.code))
    return ranked[:limit]


def reported(model: TopicModel, scores: list[TopicScore], limit: int) -> list[TopicScore]:
    """The scores an article is tagged with, highest first: MIN_SCORE or more, and beside the best top-level topic,
    another only when it is a real second subject (SECONDARY_MIN_SCORE and SECONDARY_SHARE of the best: a disease
    story's 0.09 'crime' from 'suspected' or 'victim' would count as a crime article in every topic's volume);
    a second-level topic goes with its parent."""
    ranked = sorted((s for s in scores if s.score >= MIN_SCORE), key=lambda s: (-s.score, s.code))
    tops = [s for s in ranked if is_top_level(s.code)]
    if not tops:
        return ranked[:limit]
    floor = max(SECONDARY_MIN_SCORE, SECONDARY_SHARE * tops[0].score)
    kept = {tops[0].code} | {s.code for s in tops[1:] if s.score >= floor}
    parent = model.parent_codes
    return [s for s in ranked if s.code in kept or parent.get(s.code) in kept][:limit]


def rounded_score(score: float) -> float:
    """A score clamped to 0..1 and rounded for storage."""
    return round(min(max(score, 0.0), 1.0), 4)


def topic_score(topic: TopicDef, score: float, evidence: list[str]) -> TopicScore:
    """A TopicScore rounded for storage."""
    return TopicScore(topic.code, topic.label, rounded_score(score), tuple(evidence[:MAX_EVIDENCE]))


def ranked_words(weights: Mapping[str, float]) -> list[str]:
    """The words of a word -> weight map, heaviest first (ties in the order they came, as Counter.most_common)."""
    return [w for w, _ in sorted(weights.items(), key=itemgetter(1), reverse=True)]


def subtopic_scores(model: TopicModel, lex: np.ndarray, evidence: Sequence[Mapping[str, float]],
                    parents: dict[str, float]) -> list[TopicScore]:
    """Second-level topics with enough keyword evidence under a parent that scored."""
    out = []
    for idx, topic in enumerate(model.topics):
        parent_score = parents.get(topic.parent or "", 0.0)
        if topic.parent is None or lex[idx] < SUBTOPIC_MIN_EVIDENCE or parent_score < MIN_SCORE:
            continue
        strength = min(1.0, float(lex[idx]) / SUBTOPIC_FULL_EVIDENCE)
        out.append(topic_score(topic, parent_score * strength, ranked_words(evidence[idx])))
    return out


# Languages tagged from a lexicon of their own (config/topics/lexicon_<language>.yaml)

LEXICON_LANGUAGES = frozenset(p.stem.removeprefix("lexicon_") for p in CONFIG_DIR.glob("lexicon_*.yaml"))
LEXICON_HALF_WEIGHT_OTHER = 4.0  # keyword weight at which a lexicon-only topic score reaches half its share
SUBTOPIC_ROLLUP = 0.5  # share of a second-level topic's keyword weight that also counts for its parent
CJK_MAX_CHARS = 800  # characters of a Chinese or Japanese body that are read (about MAX_WORDS words)
CJK_MAX_JOIN = 5  # segmenter tokens that may be joined to match one keyword
SEGMENTERS = ("jieba", "mecab")
STRIPPED_MARKS_RE = re.compile("[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
ARABIC_CLITICS = "وفبلك"
INNER_APOSTROPHE_RE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_])")
INDIC_LANGUAGES = ("hi", "mr", "ne", "bn")  # written in Devanagari or Bengali
# Languages whose stemmer cuts endings that also end whole words: Snowball's Nepali stemmer cuts the
# postpositions मा and का, so आमा 'mother' is keyed आ, but आमाको 'of the mother' is keyed आमा. A keyword of these
# is also keyed by its whole form (the last word of a phrase too), so that its inflected forms match.
WHOLE_FORM_LANGUAGES = ("ne",)
MIN_FORM_CHARS = 5  # a stemmed keyword this long also matches its own form followed by an ending
MAX_ENDING_CHARS = 3  # letters of such an ending (экзамен|ах, album|s)
FORM_ENDINGS: dict[str, frozenset[str]] = {  # the endings per language; empty: any 1-3 letters (many cases)
    **{lang: frozenset() for lang in ("ru", "be", "pl", "cs", "sk", "lt", "el", "ar", "hi", "ne", "bn")},
    "fi": frozenset("n a ä t ta tä na nä ssa ssä sta stä lla llä lta ltä lle ksi in en ja jä ni si ineen".split()),
    "et": frozenset("d de te st s l le lt ks ni na ta ga sse id i u e a".split()),  # not myrsky|län, a town
    "de": frozenset("e en er es n s ern ens nen".split()),  # not gesetz|t, prinz|ip, steuer|ung: other words
    "nl": frozenset("e en s n".split()),
    "sv": frozenset("en et er ar or na n t s ens ets".split()),
    "no": frozenset("en et er ene a e s ne nes ens".split()),
    "es": frozenset("s es".split()), "pt": frozenset("s es".split()),
    "fr": frozenset("s x e es".split()), "it": frozenset("i e he hi".split()),
}
# Languages whose last p, ç, t, k soften before a vowel ending (hastalık, hastalığı; ilaç, ilacı): a prefix keyword
# ending so also matches with the soft consonant
SOFTENING_LANGUAGES = ("tr", "az")
SOFTENED = {"k": "ğ", "ç": "c", "t": "d", "p": "b"}
# Languages that write compounds as one word: an unlisted word is read by its parts (compound_hits)
COMPOUND_LANGUAGES = ("de", "nl", "sv", "no")
MIN_COMPOUND_CHARS = 9  # shorter words are rarely compounds of two keyword-length parts
MIN_COMPOUND_PART_CHARS = 6  # a part this long at least (its stem 5): -haft, -rat, -amt end too many other words
MIN_COMPOUND_HEAD_CHARS = 3  # the other part (Zug|unglück, Regierungs|chef) is at least this long
WORD_PREFIXES = {  # prefixes that make a word of another sense (Entscheidung, Überfall): never a compound's first part
    "de": frozenset("ab an auf aus be bei dar durch ein emp ent er fort ge gegen her hin hinter los miss mit nach "
                    "neben über um un unter ver vor weg wider zer zu zurück zusammen".split()),
    "nl": frozenset("aan af be door er ge her in mee mis na om on ont op over onder toe uit ver voor weg".split()),
    "sv": frozenset("an av be efter er fram för genom in med miss mot o på till under upp ut vid åter över".split()),
    "no": frozenset("an av be etter fram for gjennom inn med mis mot u på til under opp ut ved over".split()),
}
LINKING_S_AFTER = ("ung", "heit", "keit", "schaft", "tion", "tät", "ing", "tum",  # an s after these links two parts
                   "heid", "teit", "schap", "het", "itet", "skap", "sjon")  # (nl, sv, no: gezondheid|s|zorg)
COMPOUND_FIRST_PART_SHARE = 0.5  # the head (last part) names what a compound is; the first part only qualifies it
INDIC_WORD_RE = re.compile(f"(?:[^\\W\\d_]|[{MARKS}])+|\\d+")  # vowel signs and viramas stay inside the word
CJK_RUN_RE = re.compile(r"[^\W_]+")  # letters and digits: 6.8级 keeps its 级, G7 its 7
LETTER_FOLDS: dict[str, dict[int, str]] = {
    "ar": str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}),
    "fa": str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "ٱ": "ا", "ۀ": "ه", "ة": "ه"}),
    "ur": str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ", "ۀ": "ہ", "أ": "ا", "إ": "ا"}),
    "ru": str.maketrans({"ё": "е"}),
}
Hits = tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class PhraseTerm:
    """A keyword of several words: each a stemmed word key, a prefix (stem*) or one exact form (=word)."""

    parts: tuple[tuple[str, str], ...]  # (text, "key" | "prefix" | "literal")
    topic: int
    weight: float


@dataclass(frozen=True)
class LanguageLexicon:
    """One language's keyword lookups; keys are folded and stemmed as the language's words are."""

    language: str
    stem: Callable[[str], str] | None  # the Snowball stemmer's stemWord, or arabic_light_stem
    segmenter: str | None  # "jieba" or "mecab" for languages written without spaces
    exact: dict[str, Hits]  # stemmed word (or whole Chinese/Japanese word) -> hits
    literal: dict[str, Hits]  # "=word": that form only, not stemmed (выборы "elections", not выбор "choice")
    prefixes: dict[str, Hits]  # "stem*": any word starting so
    prefix_lengths: tuple[int, ...]
    suffixes: dict[str, Hits]  # "*end": any word ending so (the heads of German and Dutch compounds)
    suffix_lengths: tuple[int, ...]
    infixes: tuple[tuple[str, Hits], ...]  # "*core*": any word containing it (inside German and Dutch compounds)
    phrases: dict[str, tuple[PhraseTerm, ...]]  # first word's key or form -> phrases starting with it
    prefix_phrases: dict[str, tuple[PhraseTerm, ...]]  # first word's prefix -> phrases starting with it
    phrase_prefix_lengths: tuple[int, ...]
    cache: dict[str, tuple[tuple[str, ...], str, Hits]]  # word -> (keys, folded word, hits)
    forms: dict[str, Hits] = dataclasses.field(default_factory=dict)  # a stemmed keyword's own form (экзамен)


def language_of(language: str | None) -> str | None:
    """The language code whose lexicon tags the article, or None when the English path does."""
    return language if language in LEXICON_LANGUAGES else None


@functools.cache  # one per lexicon file: an enrich shard meets every language
@built_without_collector
def load_language_lexicon(language: str, config_dir: Path = CONFIG_DIR) -> LanguageLexicon:
    """Read and index config/topics/lexicon_<language>.yaml (cached per language)."""
    path = config_dir / f"lexicon_{language}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    index = topic_index(config_dir / "iptc_topics.yaml")
    segmenter = data.get("segmenter")
    if data.get("language") != language or segmenter not in (None, *SEGMENTERS):
        raise ConfigError(f"{path}: language must be {language!r} and segmenter one of {SEGMENTERS} or null")
    stem = word_stemmer(data["stemmer"]) if data.get("stemmer") else None
    tables: dict[str, dict[str, float]] = {}
    for key, table in (data.get("topics") or {}).items():
        if key not in index:
            raise ConfigError(f"{path}: unknown topic key {key!r} (see iptc_topics.yaml)")
        bad = [k for k in table if not isinstance(k, str)]
        if bad:
            raise ConfigError(f"{path} {key}: keywords {bad} are not text (quote them in the YAML)")
        tables[key] = {str(k): float(v) for k, v in table.items()}
    return build_language_lexicon(language, stem, segmenter, {index[k]: t for k, t in tables.items()})


@functools.lru_cache(maxsize=2)
def topic_index(path: Path) -> dict[str, int]:
    """Topic key -> position in the taxonomy file (read once: the lexicons of every language share it)."""
    return {d.key: i for i, d in enumerate(read_topic_defs(path)[0])}


def word_stemmer(algorithm: str) -> Callable[[str], str]:
    """A Snowball stemmer's stemWord (PyStemmer's C version when installed), or "arabic_light"."""
    if algorithm == "arabic_light":
        return arabic_light_stem
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm).stemWord


def arabic_light_stem(word: str) -> str:
    """The word without its article (ال, وال, بال, كال, فال, لل) and one common suffix (Larkey's light10).

    Snowball's Arabic stemmer keeps و+ال (والانتخابات) and cuts a root و (وزير to زير), so this light
    stemmer is used instead; a leading conjunction or preposition is tried by arabic_variants."""
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article):]
            break
    for suffix in ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[:-len(suffix)]
    return word


def arabic_variants(word: str) -> tuple[str, ...]:
    """Stems of an Arabic word as written and without a leading و, ف, ب, ل or ك (and, so, by, for, as)."""
    stem = arabic_light_stem(word)
    if word[:1] in ARABIC_CLITICS and len(word) > 3:
        return (stem, arabic_light_stem(word[1:]))
    return (stem,)


def build_language_lexicon(language: str, stem: Callable[[str], str] | None, segmenter: str | None,
                           tables: dict[int, dict[str, float]]) -> LanguageLexicon:
    """Index every topic's keywords of one language, folded and stemmed like the text will be."""
    kinds = ("key", "literal", "prefix", "suffix", "infix")
    single: dict[str, dict[str, dict[int, float]]] = {kind: {} for kind in kinds}
    phrases: dict[str, list[PhraseTerm]] = {}
    prefix_phrases: dict[str, list[PhraseTerm]] = {}
    forms: dict[str, dict[int, float]] = {}
    for idx, table in tables.items():
        for term, weight in table.items():
            for parts in _term_variants(language, term, stem, segmenter):
                if len(parts) > 1:
                    if any(kind in ("suffix", "infix") for _, kind in parts):
                        raise ConfigError(f"lexicon_{language}.yaml: phrase {term!r} may not hold a *suffix or *infix*")
                    index = prefix_phrases if parts[0][1] == "prefix" else phrases
                    index.setdefault(parts[0][0], []).append(PhraseTerm(parts, idx, weight))
                    continue
                text, kind = parts[0]
                slot = single[kind].setdefault(text, {})
                slot[idx] = max(slot.get(idx, 0.0), weight)
                form = keyword_form(language, term) if kind == "key" and stem else None
                if form:
                    slot = forms.setdefault(form, {})
                    slot[idx] = max(slot.get(idx, 0.0), weight)
    frozen = {kind: {k: tuple(v.items()) for k, v in table.items()} for kind, table in single.items()}
    return LanguageLexicon(language, stem, segmenter, frozen["key"], frozen["literal"], frozen["prefix"],
                           tuple(sorted({len(s) for s in frozen["prefix"]})), frozen["suffix"],
                           tuple(sorted({len(s) for s in frozen["suffix"]})), tuple(frozen["infix"].items()),
                           {k: tuple(v) for k, v in phrases.items()}, {k: tuple(v) for k, v in prefix_phrases.items()},
                           tuple(sorted({len(s) for s in prefix_phrases})), {},
                           {k: tuple(v.items()) for k, v in forms.items()})


def is_form_ending(language: str, ending: str) -> bool:
    """True when these last letters may be an inflectional ending of the language (any, where it has many)."""
    endings = FORM_ENDINGS.get(language)
    return endings is not None and (not endings or ending in endings)


def keyword_form(language: str, term: str) -> str | None:
    """A one-word keyword as written (folded, unstemmed) when it is long enough to be matched with an ending."""
    if language not in FORM_ENDINGS:
        return None
    form = prepare_text(language, term).translate(LETTER_FOLDS.get(language, {})).strip()
    return form if len(form) >= MIN_FORM_CHARS and word_pattern(language).fullmatch(form) else None


def _term_variants(language: str, term: str, stem: Callable[[str], str] | None, segmenter: str | None
                   ) -> list[tuple[tuple[str, str], ...]]:
    """A keyword's parts (term_parts), and for WHOLE_FORM_LANGUAGES the same with its last word keyed by its
    whole form when the stemmer shortened it."""
    parts = term_parts(language, term, stem, segmenter)
    text, kind = parts[-1]
    if language in SOFTENING_LANGUAGES and kind == "prefix" and len(text) >= 4 and text[-1] in SOFTENED:
        return [parts, (*parts[:-1], (text[:-1] + SOFTENED[text[-1]], kind))]  # yolsuzluk*: yolsuzluğu
    if language not in WHOLE_FORM_LANGUAGES or parts[-1][1] != "key" or stem is None:
        return [parts]
    whole = term_parts(language, term, None, segmenter)[-1]
    return [parts] if whole == parts[-1] else [parts, (*parts[:-1], whole)]


def term_parts(language: str, term: str, stem: Callable[[str], str] | None,
               segmenter: str | None) -> tuple[tuple[str, str], ...]:
    """A keyword as the words the text will be split into, each (key or form, kind of match).

    Kinds: "key" (same stem), "literal" (=word: that form), "prefix" (word*), "suffix" (*end), "infix" (*core*).
    A keyword the text splits into several words (a phrase, or rock-band, g7) matches those words in a row.
    """
    folds = LETTER_FOLDS.get(language, {})
    words = prepare_text(language, term).translate(folds).split()
    if segmenter:
        return (("".join(words), "key"),)
    parts: list[tuple[str, str]] = []
    for word in words:
        core = word.strip("=*")
        pieces = word_pattern(language).findall(core)
        if word.startswith("*"):
            parts += [(core, "infix" if word.endswith("*") else "suffix")]
        elif word.startswith("="):
            parts += [(p, "literal") for p in pieces[:-1]] + [(pieces[-1], "prefix" if word.endswith("*") else "literal")]
        else:
            parts += [(stem(p) if stem else p, "key") for p in pieces[:-1]]
            parts += [(pieces[-1], "prefix") if word.endswith("*") else (stem(pieces[-1]) if stem else pieces[-1], "key")]
    return tuple(parts)


def word_pattern(language: str) -> re.Pattern:
    """The words of a language's text: letter runs, with the vowel signs of Indic scripts kept inside the word."""
    return INDIC_WORD_RE if language in INDIC_LANGUAGES else PIECE_RE


def prepare_text(language: str, text: str) -> str:
    """Lower-case text without stress and vowel marks, split where the language joins words by a mark."""
    cjk = language in ("zh", "ja")
    text = unicodedata.normalize("NFKC" if cjk else "NFC", text)
    if language in ("tr", "az"):
        text = text.replace("İ", "i").replace("I", "ı")
    text = STRIPPED_MARKS_RE.sub("", text.lower())
    if language in ("fa", "ur"):
        text = text.replace("\u200c", " ")  # the zero-width non-joiner parts Persian compounds and plurals
    if language == "uk":
        text = INNER_APOSTROPHE_RE.sub("ʼ", text)  # Ukrainian apostrophe is part of the word (обʼєкт)
    return text


def resolve_language_word(word: str, lex: LanguageLexicon) -> tuple[tuple[str, ...], str, Hits]:
    """Keys (folded, stemmed), folded form and lexicon hits of one word, memoised on the lexicon."""
    found = lex.cache.get(word)
    if found is None:
        folded = word.translate(LETTER_FOLDS.get(lex.language, {}))
        if lex.stem is arabic_light_stem:
            keys = arabic_variants(folded)
        else:
            keys = (lex.stem(folded) if lex.stem else folded,)
        hits = cjk_word_hits(folded, lex) if lex.segmenter else language_hits(keys, folded, lex)
        if not hits and lex.language in COMPOUND_LANGUAGES:
            hits = compound_hits(folded, lex)
        found = (keys, folded, hits)
        if len(lex.cache) >= WORD_CACHE_SIZE:
            lex.cache.clear()
        lex.cache[word] = found
    return found


def language_hits(keys: tuple[str, ...], folded: str, lex: LanguageLexicon) -> Hits:
    """(topic, weight) of every keyword one word matches; a topic matched twice counts its best weight. Of the
    keywords that match the word from its start (its stem or form, which match it whole, or a prefix), a shorter
    prefix does not bring a topic the longest match has not: 미사일 (missile) is not 미사* (Mass), үкімет
    (government) not үкім* (verdict)."""
    best: dict[int, float] = {}
    whole = [lex.exact.get(key, ()) for key in keys] + [lex.literal.get(folded, ())]
    if lex.forms:  # the stemmer cuts экзамен to экзам but экзаменах to экзамен: the keyword's form and an ending
        whole += [lex.forms.get(folded[:-n], ()) for n in range(1, MAX_ENDING_CHARS + 1)
                  if len(folded) > n and is_form_ending(lex.language, folded[-n:])]
    prefixed = [(n, lex.prefixes.get(folded[:n], ())) for n in lex.prefix_lengths if len(folded) >= n]
    found = [*whole, *(hits for _, hits in prefixed)]
    longest = next((hits for hits in whole if hits), None) or next((h for _, h in reversed(prefixed) if h), ())
    if longest:
        allowed = {idx for idx, _ in longest} | {idx for hits in whole for idx, _ in hits}
        found = [tuple(hit for hit in hits if hit[0] in allowed) for hits in found]
    found += [lex.suffixes.get(folded[-n:], ()) for n in lex.suffix_lengths if len(folded) > n]
    found += [hits for core, hits in lex.infixes if core in folded]
    for hits in found:
        for idx, weight in hits:
            best[idx] = max(best.get(idx, 0.0), weight)
    return tuple(best.items())


def compound_hits(word: str, lex: LanguageLexicon) -> Hits:
    """Hits of an unlisted compound (Grenzschließung, Regierungskrise): its head, the longest keyword that ends
    the word, else its first part, the longest keyword (with or without a linking s) that starts it."""
    if len(word) < MIN_COMPOUND_CHARS or lex.stem is None:
        return ()
    prefixes = WORD_PREFIXES.get(lex.language, frozenset())
    for start in range(MIN_COMPOUND_HEAD_CHARS, len(word) - MIN_COMPOUND_PART_CHARS + 1):
        if word[start] == "s" and word[:start].endswith(LINKING_S_AFTER):
            continue  # Wartungs|port, not Wartung|sport
        if is_prefix_pair(word[:start], prefixes):
            continue  # Ent|scheidung, Unzu|friedenheit: words of their own, no compounds of Scheidung or Frieden
        hits = compound_part_hits(word[start:], lex)
        if hits:
            return hits
    for end in range(len(word) - MIN_COMPOUND_HEAD_CHARS, MIN_COMPOUND_PART_CHARS, -1):
        part = word[:end - 1]
        if word[end - 1] == "s" and part.endswith(LINKING_S_AFTER):  # Regierung|s|krise: a sure compound
            hits = compound_part_hits(part, lex)
            if hits:
                return tuple((idx, weight * COMPOUND_FIRST_PART_SHARE) for idx, weight in hits)
    return ()


def is_prefix_pair(text: str, prefixes: frozenset[str]) -> bool:
    """True when the text is one word prefix or two (ent, unzu): the start of a derived word, not of a compound."""
    return text in prefixes or any(text[:i] in prefixes and text[i:] in prefixes for i in range(1, len(text)))


def compound_part_hits(part: str, lex: LanguageLexicon) -> Hits:
    """Hits of one part of a compound: a keyword of the same stem (never a short stem) or written so (gezondheid)."""
    if len(part) < MIN_COMPOUND_PART_CHARS:
        return ()
    key = lex.stem(part) if lex.stem else part
    by_stem = lex.exact.get(key, ()) if len(key) >= MIN_COMPOUND_PART_CHARS - 1 else ()
    return by_stem or lex.literal.get(part, ()) or lex.forms.get(part, ())


def cjk_word_hits(word: str, lex: LanguageLexicon) -> Hits:
    """Hits of a Chinese or Japanese word: itself, else the longest keyword written inside it."""
    if word in lex.exact:
        return lex.exact[word]
    for size in range(len(word) - 1, 1, -1):
        for start in range(len(word) - size + 1):
            if word[start:start + size] in lex.exact:
                return lex.exact[word[start:start + size]]
    return ()


def language_words(title: str | None, text: str, lex: LanguageLexicon) -> list[str]:
    """Words of the title (repeated TITLE_WEIGHT times) and of the lead of the text, in one language."""
    if lex.segmenter:
        body = cjk_words(prepare_text(lex.language, text[:CJK_MAX_CHARS]), lex)
        head = cjk_words(prepare_text(lex.language, title), lex) if title else []
    else:
        pattern = word_pattern(lex.language)
        body = pattern.findall(prepare_text(lex.language, text))[:MAX_WORDS]
        head = pattern.findall(prepare_text(lex.language, title)) if title else []
    return head * TITLE_WEIGHT + body


def cjk_words(text: str, lex: LanguageLexicon) -> list[str]:
    """Segmenter words, consecutive ones joined where together they spell a keyword (longest first)."""
    words: list[str] = []
    for run in CJK_RUN_RE.findall(text):
        tokens = segment(run, lex)
        i = 0
        while i < len(tokens):
            size = next((n for n in range(min(CJK_MAX_JOIN, len(tokens) - i), 1, -1)
                         if "".join(tokens[i:i + n]) in lex.exact), 1)
            words.append("".join(tokens[i:i + size]))
            i += size
    return words


def segment(run: str, lex: LanguageLexicon) -> list[str]:
    """Words of a run of letters written without spaces."""
    if lex.segmenter == "jieba":
        return jieba_tokenizer(lex.language).lcut(run, HMM=False)
    return mecab_tagger().parse(run).split()


@functools.lru_cache(maxsize=2)
@built_without_collector  # jieba's dictionary: about 350,000 words
def jieba_tokenizer(language: str):  # type: ignore[no-untyped-def]
    """A jieba tokenizer of its shipped dictionary that also knows every keyword of the language as a word."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in load_language_lexicon(language).exact:
        tokenizer.add_word(word)
    return tokenizer


@functools.lru_cache(maxsize=1)
def mecab_tagger():  # type: ignore[no-untyped-def]
    """MeCab (fugashi) with the UniDic Lite dictionary, writing space-separated words."""
    import fugashi
    import unidic_lite

    return fugashi.GenericTagger(f'-Owakati -r "{unidic_lite.DICDIR}/mecabrc" -d "{unidic_lite.DICDIR}"')


def score_language_lexicon(words: list[str], lex: LanguageLexicon, n_topics: int) -> tuple[np.ndarray, list[Counter]]:
    """Per-topic keyword weight of one language's words, and the matched words with their contribution."""
    scores = np.zeros(n_topics, dtype=np.float64)
    evidence: list[Counter] = [Counter() for _ in range(n_topics)]
    for word, count in Counter(words).items():
        for idx, weight in resolve_language_word(word, lex)[2]:
            scores[idx] += weight * min(count, 3)
            evidence[idx][word] += weight * min(count, 3)
    if lex.phrases or lex.prefix_phrases:
        resolved = [resolve_language_word(w, lex) for w in words]
        for i, (keys, folded, _) in enumerate(resolved):
            for term in phrases_at(keys, folded, lex):
                if phrase_matches(resolved, i, term.parts):
                    scores[term.topic] += term.weight
                    evidence[term.topic][" ".join(words[i:i + len(term.parts)])] += term.weight
    return scores, evidence


def phrases_at(keys: tuple[str, ...], folded: str, lex: LanguageLexicon) -> list[PhraseTerm]:
    """Phrases that may start with this word: by one of its keys, its form or a prefix of it."""
    found = [term for key in dict.fromkeys((*keys, folded)) for term in lex.phrases.get(key, ())]
    for n in lex.phrase_prefix_lengths:
        found += lex.prefix_phrases.get(folded[:n], ()) if len(folded) >= n else ()
    return found


def phrase_matches(resolved: list[tuple[tuple[str, ...], str, Hits]], start: int,
                   parts: tuple[tuple[str, str], ...]) -> bool:
    """True when the phrase's words follow from resolved[start], each by key, prefix or exact form."""
    if start + len(parts) > len(resolved):
        return False
    return all(part_matches(resolved[start + j], text, kind) for j, (text, kind) in enumerate(parts))


def part_matches(word: tuple[tuple[str, ...], str, Hits], text: str, kind: str) -> bool:
    """True when one resolved word (keys, folded form, hits) is this word of a phrase."""
    if kind == "prefix":
        return word[1].startswith(text)
    return word[1] == text if kind == "literal" else text in word[0]


def roll_up(model: TopicModel, lex_scores: np.ndarray, evidence: list[Counter]) -> np.ndarray:
    """Keyword weights with SUBTOPIC_ROLLUP of each second-level topic's added to its parent (and its evidence)."""
    rolled = lex_scores.copy()
    index = {d.code: i for i, d in enumerate(model.topics)}
    for idx, topic in enumerate(model.topics):
        if topic.parent in index and lex_scores[idx] > 0:
            parent = index[topic.parent]
            rolled[parent] += SUBTOPIC_ROLLUP * lex_scores[idx]
            for word, weight in evidence[idx].items():
                evidence[parent][word] += SUBTOPIC_ROLLUP * weight
    return rolled


def score_language_topics(model: TopicModel, lex: LanguageLexicon, words: list[str],
                          limit: int, sections: Sequence[tuple[str, int]] = ()) -> list[TopicScore]:
    """Topics of an article's words in a language with its own lexicon, from that lexicon alone (and its URL's
    sections)."""
    lex_scores, evidence = score_language_lexicon(words, lex, len(model.topics))
    top = add_sections(roll_up(model, lex_scores, evidence), evidence, sections)[list(model.top_level)]
    total = float(top.sum())
    if total <= 0:
        return []
    confidence = total / (total + LEXICON_HALF_WEIGHT_OTHER)
    parents = {model.topics[idx].code: rounded_score(float(top[column]) / total * confidence)
               for column, idx in enumerate(model.top_level)}
    scores = [topic_score(model.topics[idx], parents[model.topics[idx].code],
                          [w for w, _ in evidence[idx].most_common()])
              for idx in model.top_level if parents[model.topics[idx].code] >= MIN_SCORE]
    scores += subtopic_scores(model, lex_scores, evidence, parents)
    ranked = sorted((s for s in scores if s.score >= MIN_SCORE), key=lambda s: (-s.score, s.code))
    return ranked[:limit]


# Sections named in the article's URL path (config/topics/sections.tsv)

SECTIONS_FILE = CONFIG_DIR / "sections.tsv"
URL_SECTION_WEIGHT = 4.5  # keyword weight of a URL section: above one strong title keyword (2, counted twice), below two
MAX_URL_CHARS = 2048  # only this much of a URL is read
MAX_URL_SEGMENTS = 4  # sections come first in a path: /culture/encheres/2016/12/..., /fr/economie/...
MAX_SEGMENT_CHARS = 120  # a longer path segment (a slug, an id) is not read, nor decoded
URL_PATH_RE = re.compile(r"https?://[^/?#]*([^?#]*)", re.IGNORECASE)  # other schemes (file:) name no section
SEGMENT_ID_RE = re.compile(r"[-_]\d+$")  # BBC's /news/business-68012345: the section before the story id
SECTION_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "ə": "e"})


@functools.lru_cache(maxsize=2)
def load_sections(path: Path = SECTIONS_FILE) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Folded section name -> (topic key, languages or {"*"}) from the tab-separated sections file."""
    known = {d.key for d in read_topic_defs()[0] if is_top_level(d.code)}
    table: dict[str, list[tuple[str, frozenset[str]]]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith(("#", "section\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[1] not in known or not fields[2].split():
            raise ConfigError(f"{path} line {number}: write 'section<TAB>top-level topic key<TAB>languages or *' "
                              f"(keys: {', '.join(sorted(known))}), not {line!r}")
        table.setdefault(fold_section(fields[0]), []).append((fields[1], frozenset(fields[2].split())))
    return {name: tuple(entries) for name, entries in table.items()}


def fold_section(name: str) -> str:
    """A section name as it is looked up: lower-case, without accents, '_' as '-'."""
    name = name.strip().lower()
    if not name.isascii():
        name = strip_accents(unicodedata.normalize("NFC", name).translate(SECTION_FOLDS))
    return name.replace("_", "-")


def url_sections(url: str | None, language: str | None, model: TopicModel) -> list[tuple[str, int]]:
    """(evidence text, topic index) of each topic a section of the URL's first path segments names, once."""
    match = URL_PATH_RE.match(url[:MAX_URL_CHARS]) if url else None
    if not match:
        return []
    table, found = load_sections(), {}
    for segment in [s for s in match.group(1).split("/", MAX_URL_SEGMENTS + 1) if s][:MAX_URL_SEGMENTS]:
        if len(segment) > MAX_SEGMENT_CHARS or segment[0].isdigit():  # an id or a date
            continue
        name = (unquote(segment) if "%" in segment else segment).lower()
        entries = table.get(fold_section(name))
        if entries is None and name[-1].isdigit():
            name = SEGMENT_ID_RE.sub("", name)
            entries = table.get(fold_section(name))
        for key, languages in entries or ():
            if "*" in languages or language in languages:
                found.setdefault(section_topic(model, key), f"url section /{name}/")
    return [(text, idx) for idx, text in found.items()]


def section_topic(model: TopicModel, key: str) -> int:
    """The index in model.topics of the topic with this key (a sections.tsv row's topic)."""
    index = model.topic_keys.get(key)
    if index is None:
        raise ConfigError(f"{SECTIONS_FILE} names topic key {key!r}, which the topic model does not have: "
                          f"use a key of its iptc_topics.yaml or rebuild the model from it")
    return index


def add_sections(scores: np.ndarray, evidence: Sequence[dict[str, float]],
                 sections: Sequence[tuple[str, int]]) -> np.ndarray:
    """Keyword scores with URL_SECTION_WEIGHT added to each URL section's topic, and the section as its evidence."""
    if not sections:
        return scores
    scores = scores.copy()
    for text, idx in sections:
        scores[idx] += URL_SECTION_WEIGHT
        evidence[idx][text] = evidence[idx].get(text, 0) + URL_SECTION_WEIGHT
    return scores
