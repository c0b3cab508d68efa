"""Train classifier.npz: a softmax regression over the static embeddings, for the top-level topics.

Training data, all of which the project may use:
- the hand-labelled feed items referenced in tests/data/topic_labels.tsv (title + summary read at
  build time from ../shared/corpus/feeds/; the text itself is not stored in the repository);
- seed documents made from each topic's label and keywords in iptc_topics.yaml.
No benchmark text (BBC, AG News, 10kGNAD) is used. Usage: python train_classifier.py [SHARED_DIR]
"""
from __future__ import annotations

import csv
import html
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
LABELS = PROJECT / "tests" / "data" / "topic_labels.tsv"
L2 = 1e-3
EPOCHS = 400
LEARNING_RATE = 2.0
SEED_DOCS_PER_TOPIC = 30
SEED_WORDS_PER_DOC = 6


def read_labels(path: Path = LABELS) -> list[dict[str, str]]:
    """Rows of the labelled reference file (comments skipped)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def feed_item_text(entry: dict) -> tuple[str, str]:
    """Title and plain-text summary of one feedparser entry."""
    from bs4 import BeautifulSoup

    summary = entry.get("summary") or ""
    text = BeautifulSoup(summary, "lxml").get_text(" ", strip=True) if "<" in summary else html.unescape(summary)
    return (entry.get("title") or "").strip(), text


def load_labelled_items(shared: Path, path: Path = LABELS) -> list[tuple[str, str, str]]:
    """(title, summary, topic key) for every labelled reference, read from the captured feeds."""
    import feedparser

    parsed: dict[str, list] = {}
    out = []
    for row in read_labels(path):
        if row["feed_file"] not in parsed:
            parsed[row["feed_file"]] = feedparser.parse((shared / "corpus" / "feeds" / row["feed_file"]).read_bytes()).entries
        entry = parsed[row["feed_file"]][int(row["entry_index"])]
        if (entry.get("link") or "") != row["link"]:
            raise ValueError(f"{row['feed_file']} item {row['entry_index']}: link changed; relabel this item")
        title, text = feed_item_text(entry)
        out.append((title, text, row["topic"]))
    return out


def seed_documents(rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """Pseudo-documents of random keyword groups per top-level topic, so rare topics have a prior."""
    from mediamon.enrich.topics import is_top_level, read_topic_defs

    defs, keywords = read_topic_defs()
    docs = []
    for topic, table in zip(defs, keywords):
        if not is_top_level(topic.code):
            continue
        terms = [t.rstrip("*") for t in table] or [topic.label]
        for _ in range(SEED_DOCS_PER_TOPIC):
            picked = rng.choice(terms, size=min(SEED_WORDS_PER_DOC, len(terms)), replace=False)
            docs.append((topic.label, " ".join(picked), topic.key))
    return docs


def featurise(items: list[tuple[str, str, str]], model) -> np.ndarray:
    """Normalised mean token vectors, as the tagger computes them."""
    from collections import Counter

    from mediamon.enrich.topics import article_words, document_vector, token_counts

    rows = []
    for title, text, _ in items:
        ids, weights, _ = token_counts(Counter(article_words(title, text)), model)
        rows.append(document_vector(ids, weights, model.vectors))
    return np.stack(rows)


def fit_softmax(x: np.ndarray, y: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced multinomial logistic regression by full-batch gradient descent."""
    w = np.zeros((n_classes, x.shape[1]))
    b = np.zeros(n_classes)
    onehot = np.eye(n_classes)[y]
    freq = np.bincount(y, minlength=n_classes).astype(float)
    sample_w = (len(y) / (n_classes * np.maximum(freq, 1)))[y][:, None]
    for _ in range(EPOCHS):
        logits = x @ w.T + b
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - onehot) * sample_w / len(y)
        w -= LEARNING_RATE * (grad.T @ x + L2 * w)
        b -= LEARNING_RATE * grad.sum(axis=0)
    return w, b


def train(items: list[tuple[str, str, str]], *, seed: int = 0) -> dict[str, np.ndarray]:
    """Classifier arrays (keys, weights, bias) from labelled items plus keyword seed documents."""
    from mediamon.enrich.topics import load_base_model

    model = load_base_model(HERE)
    keys = [model.topics[i].key for i in model.top_level]
    data = items + seed_documents(np.random.default_rng(seed))
    x = featurise(data, model)
    y = np.array([keys.index(k) for _, _, k in data])
    w, b = fit_softmax(x, y, len(keys))
    return {"keys": np.array(keys), "weights": w.astype(np.float32), "bias": b.astype(np.float32)}


if __name__ == "__main__":
    shared_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT.parent / "shared"
    arrays = train(load_labelled_items(shared_dir))
    np.savez_compressed(HERE / "classifier.npz", **arrays)
    print(f"wrote {HERE / 'classifier.npz'}: {len(arrays['keys'])} topics")
