"""Topic tagging figures: top-1 on BBC, AG News, 10kGNAD, macro-F1 on the labelled feed items, speed.

Usage: python benchmarks/enrichment_topics.py [--quick]
Reads ../shared/benchmarks/enrichment/topics/ and ../shared/corpus/feeds/ (research-licensed text is
read here only, never copied into the product). "closed" = best of the dataset's mapped classes,
"open" = top-1 over all 17 top-level topics. The labelled-feed figure is 5-fold cross-validated:
each fold's classifier is trained without that fold's items; it is given again with each item's feed link
as its URL (a section in the path, /sport/, counts as evidence, as the enrich stage reads it). The research
sets have no URLs.
"""
from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np

from mediamon.enrich.topics import TOPICS, is_top_level, load_topic_model, score_topics, with_classifier

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TOPIC_DIR = SHARED / "benchmarks" / "enrichment" / "topics"
TRAINER = Path(__file__).resolve().parents[1] / "tools" / "train_classifier.py"
FOLDS = 5


def load_trainer():
    """The build-time training module (tools/train_classifier.py)."""
    spec = importlib.util.spec_from_file_location("train_classifier", TRAINER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path, limit: int | None) -> list[dict]:
    """Rows of a gzipped JSON Lines file that carry at least one topic key."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["topics"]:
                rows.append(row)
    if limit:
        rows = [rows[i] for i in np.random.default_rng(0).permutation(len(rows))[:limit]]
    return rows


def top_level_ranking(model, title: str | None, text: str, language: str | None, url: str | None = None) -> list[str]:
    """Topic keys of the top-level tags, best first."""
    key_of = {d.code: d.key for d in model.topics}
    tags = score_topics(model, title, text, language=language, url=url, limit=len(model.topics))
    return [key_of[t.code] for t in tags if is_top_level(t.code)]


def top1(model, rows: list[dict], language: str | None) -> tuple[float, float]:
    """Closed-set and open-set top-1 accuracy."""
    classes = {k for r in rows for k in r["topics"]}
    closed = opened = 0
    for r in rows:
        ranking = top_level_ranking(model, r["title"], r["text"], language)
        opened += bool(ranking) and ranking[0] in r["topics"]
        inside = [k for k in ranking if k in classes]
        closed += bool(inside) and inside[0] in r["topics"]
    return closed / len(rows), opened / len(rows)


def macro_f1(gold: list[str], pred: list[str]) -> tuple[float, dict[str, float]]:
    """Macro-averaged F1 over the gold classes, and F1 per class."""
    per = {}
    for c in sorted(set(gold)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        per[c] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return sum(per.values()) / len(per), per


def cross_validated_f1(model, trainer) -> tuple[float, dict[str, float], int, float]:
    """5-fold macro-F1 on the labelled feed items, per topic, the item count, and macro-F1 with their URLs."""
    items = trainer.load_labelled_items(SHARED)
    links = [row["link"] for row in trainer.read_labels(trainer.LABELS)]  # the same rows, in the same order
    order = np.random.default_rng(0).permutation(len(items))
    gold, pred, pred_url = [], [], []
    for fold in range(FOLDS):
        test = set(order[fold::FOLDS].tolist())
        fold_model = with_classifier(model, trainer.train([it for i, it in enumerate(items) if i not in test]))
        for i in sorted(test):
            title, text, key = items[i]
            gold.append(key)
            for out, url in ((pred, None), (pred_url, links[i])):
                ranking = top_level_ranking(fold_model, title, text, "en", url=url)
                out.append(ranking[0] if ranking else "none")
    f1, per = macro_f1(gold, pred)
    return f1, per, len(items), macro_f1(gold, pred_url)[0]


def speed(model, rows: list[dict]) -> float:
    """Articles per CPU second of this process (so other load on the machine does not count), cold word memo."""
    model = dataclasses.replace(model, word_cache={})
    start = time.process_time()
    for r in rows:
        score_topics(model, r["title"], r["text"], language="en", limit=3)
    return len(rows) / (time.process_time() - start)


def main() -> None:
    """Print every figure."""
    if not TOPIC_DIR.is_dir():
        sys.exit(f"{TOPIC_DIR} not found: this benchmark needs ../shared beside the project")
    quick = "--quick" in sys.argv
    model = load_topic_model()
    print(f"topics the tagger can emit: {len(TOPICS)} ({sum(map(is_top_level, TOPICS))} top-level)")
    bbc = read_jsonl(TOPIC_DIR / "bbc.jsonl.gz", 500 if quick else None)
    ag = read_jsonl(TOPIC_DIR / "agnews_test.jsonl.gz", 1500 if quick else None)
    gnad = read_jsonl(TOPIC_DIR / "10kgnad_test.jsonl.gz", None)
    for name, rows, lang in (("BBC", bbc, "en"), ("AG News (no World)", ag, "en"), ("10kGNAD (de)", gnad, "de")):
        closed, opened = top1(model, rows, lang)
        print(f"{name:20s} n={len(rows):5d}  top-1 closed={closed:.3f}  open={opened:.3f}")
    f1, per, n, f1_url = cross_validated_f1(model, load_trainer())
    print(f"labelled feed items  n={n:5d}  macro-F1 (5-fold CV)={f1:.3f}")
    print("  per topic: " + ", ".join(f"{k}={v:.2f}" for k, v in per.items()))
    print(f"  the same with each item's link as its URL: macro-F1={f1_url:.3f}")
    print(f"speed (cold word memo): BBC full articles {speed(model, bbc[:1000]):.0f}/s, "
          f"AG News items {speed(model, ag[:2000]):.0f}/s (one core, CPU time)")


if __name__ == "__main__":
    main()
