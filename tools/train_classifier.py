"""Train classifier.npz: a softmax regression for the top-level topics over the mean static embedding
and a bag of the words seen in training (each word's logit contribution stays exact, for evidence).

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

PROJECT = Path(__file__).resolve().parents[1]
HERE = PROJECT / "include" / "mediamon" / "config" / "topics"  # the model read, and the classifier written
LABELS = PROJECT / "tests" / "data" / "topic_labels.tsv"
L2 = 1e-3  # on the embedding weights
L2_WORDS = 1e-3  # on the word-bag weights
MAX_ITERATIONS = 300  # L-BFGS iterations
MIN_WORD_DOCS = 2  # a word enters the bag when at least this many training documents contain it
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


def bag_vocabulary(counts: list) -> list[str]:
    """Words found in at least MIN_WORD_DOCS training documents, sorted."""
    from collections import Counter

    docs = Counter(w for c in counts for w in c)
    return sorted(w for w, n in docs.items() if n >= MIN_WORD_DOCS)


def featurise(items: list[tuple[str, str, str]], model, words: list[str] | None = None):
    """Sparse rows [normalised mean token vector | normalised word bag], as the tagger computes them, and the bag words."""
    from collections import Counter

    import scipy.sparse as sp

    from mediamon.enrich.topics import article_words, document_vector, token_counts, word_bag

    counts = [Counter(article_words(title, text)) for title, text, _ in items]
    words = bag_vocabulary(counts) if words is None else words
    index = {w: i for i, w in enumerate(words)}
    emb, rows, cols, vals = [], [], [], []
    for n, c in enumerate(counts):
        ids, weights, _ = token_counts(c, model)
        emb.append(document_vector(ids, weights, model.vectors))
        _, where, values = word_bag(c, index)
        rows += [n] * len(where)
        cols += where.tolist()
        vals += values.tolist()
    bag = sp.csr_matrix((vals, (rows, cols)), shape=(len(items), len(words)))
    return sp.hstack([sp.csr_matrix(np.stack(emb)), bag]).tocsr(), words


def fit_softmax(x, y: np.ndarray, n_classes: int, l2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced multinomial logistic regression (L-BFGS), with an L2 strength per feature."""
    from scipy.optimize import minimize

    n, dims = x.shape
    onehot = np.eye(n_classes)[y]
    freq = np.bincount(y, minlength=n_classes).astype(float)
    sample_w = (n / (n_classes * np.maximum(freq, 1)))[y][:, None]

    def loss_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-n_classes].reshape(n_classes, dims), theta[-n_classes:]
        logits = x @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        grad = (np.exp(log_p) - onehot) * sample_w / n
        loss = -(sample_w[:, 0] * log_p[np.arange(n), y]).sum() / n + 0.5 * float((l2 * w * w).sum())
        return loss, np.concatenate([(np.asarray(x.T @ grad).T + l2 * w).ravel(), grad.sum(axis=0)])

    theta = np.zeros(n_classes * dims + n_classes)
    found = minimize(loss_and_grad, theta, jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITERATIONS})
    return found.x[:-n_classes].reshape(n_classes, dims), found.x[-n_classes:]


def train(items: list[tuple[str, str, str]], *, seed: int = 0) -> dict[str, np.ndarray]:
    """Classifier arrays (keys, weights, bias, words, word_weights) from labelled items plus keyword seed documents."""
    from mediamon.enrich.topics import load_base_model

    model = load_base_model(HERE)
    keys = [model.topics[i].key for i in model.top_level]
    data = items + seed_documents(np.random.default_rng(seed))
    x, words = featurise(data, model)
    y = np.array([keys.index(k) for _, _, k in data])
    dims = model.vectors.shape[1]
    l2 = np.concatenate([np.full(dims, L2), np.full(len(words), L2_WORDS)])[None, :]
    w, b = fit_softmax(x, y, len(keys), l2)
    return {"keys": np.array(keys), "weights": w[:, :dims].astype(np.float32), "bias": b.astype(np.float32),
            "words": np.array(words), "word_weights": w[:, dims:].T.astype(np.float32)}


if __name__ == "__main__":
    shared_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT.parent / "shared"
    arrays = train(load_labelled_items(shared_dir))
    np.savez_compressed(HERE / "classifier.npz", **arrays)
    print(f"wrote {HERE / 'classifier.npz'}: {len(arrays['keys'])} topics")
