"""Feed parsing benchmark: feedparser alone vs mediamon.discover.feeds.parse_feed on ../shared/corpus/feeds.

Usage: .venv/bin/python benchmarks/feeds.py [--repeat N]
Prints, for each parser: responses parsed, responses rejected (FeedError / no entries),
items, items with a date, and items per second. Needs ../shared beside the project.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import feedparser

from mediamon.discover.feeds import parse_feed
from mediamon.errors import FeedError

FEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"


def corpus(feeds_dir: Path) -> list[tuple[str, bytes]]:
    """(name, body) of every response listed in MANIFEST.tsv."""
    with (feeds_dir / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        names = [row["file"] for row in csv.DictReader(handle, delimiter="\t")]
    return [(name, (feeds_dir / name).read_bytes()) for name in names]


def run_feedparser(bodies: list[tuple[str, bytes]]) -> tuple[int, int, int]:
    """(items, dated items, responses without entries) with feedparser alone."""
    items = dated = empty = 0
    for _, body in bodies:
        entries = feedparser.parse(body).entries
        items += len(entries)
        dated += sum(1 for e in entries if e.get("published_parsed") or e.get("updated_parsed"))
        empty += not entries
    return items, dated, empty


def run_parse_feed(bodies: list[tuple[str, bytes]]) -> tuple[int, int, int]:
    """(items, dated items, responses rejected with FeedError) with parse_feed."""
    items = dated = rejected = 0
    for name, body in bodies:
        try:
            parsed = parse_feed(body, f"https://feeds.example/{name}", source_id="bench")
        except FeedError:
            rejected += 1
            continue
        items += len(parsed)
        dated += sum(1 for item in parsed if item.published_at is not None)
    return items, dated, rejected


def main() -> int:
    """Run both parsers over the corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per parser (best is kept)")
    args = parser.parse_args()
    if not FEEDS_DIR.is_dir():
        print(f"corpus not found at {FEEDS_DIR}: run this beside ../shared", file=sys.stderr)
        return 2
    bodies = corpus(FEEDS_DIR)
    megabytes = sum(len(body) for _, body in bodies) / 1e6
    print(f"corpus: {len(bodies)} responses, {megabytes:.1f} MB")
    print(f"{'parser':12} {'items':>6} {'dated':>6} {'dated%':>7} {'failed':>6} {'seconds':>8} {'items/s':>8}")
    for label, run in (("feedparser", run_feedparser), ("parse_feed", run_parse_feed)):
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            items, dated, failed = run(bodies)
            best = min(best, time.perf_counter() - start)
        print(f"{label:12} {items:6d} {dated:6d} {100 * dated / items:6.1f}% {failed:6d} {best:8.2f} "
              f"{items / best:8.0f}")
    print("failed = responses with no entries (feedparser) or a FeedError (parse_feed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
