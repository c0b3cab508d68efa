"""Story clustering figures: pairwise precision/recall on tests/data/story_labels.tsv, and speed.

Usage: python benchmarks/stories.py
Reads feed items from ../shared/corpus/feeds/ and article bodies from
../shared/benchmarks/extraction/ground-truth.json, makes the edited copies the label file names,
clusters everything (once in one batch, once split over two days with day 1 passed as known
stories) and compares story_ids with the labelled story groups over every pair of items.
"""
from __future__ import annotations

import csv
import html
import json
import sys
import time
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

from mediamon.enrich.stories import KnownStory, StoryInput, assign_stories, signature

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
LABELS = PROJECT / "tests" / "data" / "story_labels.tsv"
DAY1 = datetime(2026, 2, 17, 6, 0, tzinfo=timezone.utc)
BRITISH = {"color": "colour", "center": "centre", "program": "programme", "percent": "per cent",
           "organization": "organisation", "analyze": "analyse", "defense": "defence"}


def read_rows() -> list[dict[str, str]]:
    """Rows of the story label file."""
    lines = [ln for ln in LABELS.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def feed_item(ref: str, cache: dict) -> tuple[str, str]:
    """Title and plain summary of feeds/<file>#<n>."""
    import feedparser
    from bs4 import BeautifulSoup

    name, index = ref.removeprefix("feeds/").split("#")
    if name not in cache:
        cache[name] = feedparser.parse((SHARED / "corpus" / "feeds" / name).read_bytes()).entries
    entry = cache[name][int(index)]
    summary = entry.get("summary") or ""
    text = BeautifulSoup(summary, "lxml").get_text(" ", strip=True) if "<" in summary else html.unescape(summary)
    return entry.get("title") or "", text


def edited_copy(title: str, body: str, edit: str) -> tuple[str, str]:
    """The copy of an article that one labelled edit describes."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if edit == "credit_casing":
        return title.upper(), body + "\n\nThis commentary was first published by The Conversation and is republished here with permission."
    if edit == "reheadline":
        return "What you need to know today: " + " ".join(body.split()[-8:]), body
    if edit == "trimmed":
        return title, "\n".join(paragraphs[: max(1, round(len(paragraphs) * 0.7))])
    if edit == "boilerplate":
        extra = "Sign up for our daily newsletter.\nRead more: Top stories of the week\nShare this article on social media."
        return title, extra + "\n" + body + "\n" + extra
    if edit == "light_edit":
        words = [BRITISH.get(w, w) for i, w in enumerate(body.split()) if i % 25 != 24]
        return title, " ".join(words)
    raise ValueError(f"unknown edit {edit!r} in {LABELS}")


def build_items() -> tuple[list[StoryInput], dict[str, str], dict[str, str]]:
    """StoryInputs with their gold group and event (same-event negatives)."""
    bodies = json.loads((SHARED / "benchmarks" / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    cache: dict = {}
    items, group, event = [], {}, {}
    for n, row in enumerate(read_rows()):
        if row["ref"].startswith("feeds/"):
            title, text = feed_item(row["ref"], cache)
        else:
            body = bodies[row["ref"].removeprefix("extraction/")]["articleBody"]
            title, text = " ".join(body.split()[:12]), body
            if row["edit"] != "original":
                title, text = edited_copy(title, text, row["edit"])
        day = 1 if row["edit"] != "original" or n % 2 else 0
        article_id = f"a{n:04d}"
        items.append(StoryInput(article_id, title, text, DAY1 + timedelta(days=day, minutes=n), f"outlet{n % 7}"))
        group[article_id], event[article_id] = row["story_group"], row["event"]
    return items, group, event


def pair_scores(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, int, int]:
    """Pairwise precision, recall, gold positive pairs, predicted positive pairs."""
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp + fn, tp + fp


def two_days(items: list[StoryInput]) -> dict[str, str]:
    """Cluster day 1, then day 2 with day 1's stories as known."""
    first = [a for a in items if a.first_seen.date() == DAY1.date()]
    second = [a for a in items if a.first_seen.date() != DAY1.date()]
    day1 = assign_stories(first, [])
    known = [KnownStory(day1[a.article_id], a.article_id, signature(a.title, a.text)) for a in first]
    return {**day1, **assign_stories(second, known)}


def main() -> None:
    """Print every figure."""
    if not (SHARED / "corpus" / "feeds").is_dir():
        sys.exit(f"{SHARED} not found: this benchmark needs ../shared beside the project")
    items, gold, event = build_items()
    print(f"items={len(items)} gold stories={len(set(gold.values()))}")
    for name, pred in (("one batch", assign_stories(items, [])), ("two days + known", two_days(items))):
        p, r, positives, predicted = pair_scores(pred, gold)
        hard = [(a, b) for a, b in combinations(sorted(gold), 2)
                if event[a] and event[a] == event[b] and gold[a] != gold[b]]
        joined = sum(pred[a] == pred[b] for a, b in hard)
        print(f"{name:17s} pair precision={p:.3f} recall={r:.3f} (gold pairs={positives}, predicted={predicted}); "
              f"same-event different-article pairs joined: {joined}/{len(hard)}")
    by_edit = {}
    pred = assign_stories(items, [])
    for row, a in zip(read_rows(), items):
        if row["edit"] != "original":
            original = next(b for b in items if gold[b.article_id] == gold[a.article_id])
            by_edit.setdefault(row["edit"], []).append(pred[a.article_id] == pred[original.article_id])
    print("recall by edit: " + ", ".join(f"{k}={sum(v)}/{len(v)}" for k, v in sorted(by_edit.items())))
    batch = [StoryInput(f"x{i:05d}", a.title, a.text, a.first_seen, a.source_id)
             for i, a in enumerate((items * (5000 // len(items) + 1))[:5000])]
    start = time.perf_counter()
    assign_stories(batch, [])
    print(f"speed: 5,000 articles clustered in {time.perf_counter() - start:.2f}s (one core)")


if __name__ == "__main__":
    main()
