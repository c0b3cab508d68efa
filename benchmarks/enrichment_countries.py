"""Country tagging benchmark: P/R/F1 per dataset, focus accuracy, hard cases and speed.

Reads ../shared/benchmarks/enrichment/countries/ (research licences: the articles stay there).
Usage: python benchmarks/enrichment_countries.py [--errors DATASET] [--speed-articles N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
COUNTRIES_DIR = SHARED / "benchmarks" / "enrichment" / "countries"
SET_DATASETS = ("trnews", "geowebnews", "geovirus", "lgl", "reuters_test")
GOALS = {"trnews": 0.90, "geowebnews": 0.90, "geovirus": 0.90, "reuters_test": 0.80, "cliff_focus": 0.90}
SPEED_GOAL_PER_S = 5000


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a (gzipped) JSON Lines file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def load_dataset(name: str) -> list[tuple[str | None, str, set[str] | None, str | None]]:
    """(title, text, gold country set, gold focus) for one dataset."""
    if name == "reuters_test":
        rows = [r for r in read_jsonl(COUNTRIES_DIR / "reuters21578.jsonl.gz") if r["split_modapte"] == "test"]
        return [(r["title"], f"{r['dateline'] or ''} {r['text']}".strip(), set(r["countries_modern"]), None)
                for r in rows]
    rows = list(read_jsonl(COUNTRIES_DIR / f"{name}.jsonl.gz"))
    return [(r["title"], r["text"], set(r["countries"] or {}) if r["countries"] is not None else None,
             r["focus"]) for r in rows]


def score_sets(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over (article, country) pairs."""
    tp = sum(len(p & g) for p, g in pairs)
    fp = sum(len(p - g) for p, g in pairs)
    fn = sum(len(g - p) for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_sets(tag, name: str, show_errors: bool) -> tuple[float, float, float, float | None, int]:
    """Set P/R/F1 and derived-focus accuracy for one dataset."""
    data = load_dataset(name)
    pairs, focus_ok, focus_n = [], 0, 0
    for title, text, gold, focus in data:
        tags = tag(title, text)
        predicted = {c.code for c in tags.countries}
        pairs.append((predicted, gold))
        if focus is not None:
            focus_n += 1
            focus_ok += tags.focus == focus
        if show_errors and predicted != gold:
            spans = {c.code: [s[2] for s in c.spans][:4] for c in tags.countries if c.code not in gold}
            print(f"  extra={sorted(predicted - gold)} {spans} missing={sorted(gold - predicted)} | {text[:90]!r}")
    return (*score_sets(pairs), focus_ok / focus_n if focus_n else None, len(data))


def run_focus(tag, show_errors: bool) -> tuple[float, int]:
    """Focus accuracy on the hand-coded CLIFF articles (focus None counts when predicted None)."""
    data = load_dataset("cliff_focus")
    correct = 0
    for title, text, _gold, focus in data:
        tags = tag(title, text)
        correct += tags.focus == focus
        if show_errors and tags.focus != focus:
            print(f"  gold={focus} got={tags.focus} {[(c.code, c.mentions) for c in tags.countries][:5]} | {text[:80]!r}")
    return correct / len(data), len(data)


def run_hard_cases(tag) -> tuple[int, int, list[str]]:
    """How many hard cases get exactly the expected country set."""
    rows = list(read_jsonl(COUNTRIES_DIR / "hard_cases.jsonl"))
    failed = [r["id"] for r in rows if {c.code for c in tag(None, r["text"]).countries} != set(r["countries"])]
    return len(rows) - len(failed), len(rows), failed


def run_speed(tag, articles: int) -> float:
    """Articles per CPU second of this process (one core; other load on the machine does not count),
    over a mix of the datasets."""
    texts = [(t, x) for name in ("trnews", "geowebnews", "geovirus", "reuters_test") for t, x, _, _ in
             load_dataset(name)][:articles]
    started = time.process_time()
    for title, text in texts:
        tag(title, text)
    return len(texts) / (time.process_time() - started)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 2 when ../shared is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", default="", help="print mistakes for this dataset (or cliff_focus)")
    parser.add_argument("--speed-articles", type=int, default=3000)
    args = parser.parse_args(argv)
    if not COUNTRIES_DIR.is_dir():
        print(f"{COUNTRIES_DIR} not found: this benchmark needs ../shared beside the project", file=sys.stderr)
        return 2
    from mediamon.enrich.countries import load_tagger

    tagger = load_tagger()
    print(f"gazetteer version {tagger.version}, {len(tagger.gazetteer.names)} names")
    print(f"{'dataset':<14} {'n':>5} {'P':>6} {'R':>6} {'F1':>6} {'goal':>5} {'focus*':>7}")
    for name in SET_DATASETS:
        p, r, f1, focus, n = run_sets(tagger.tag, name, args.errors == name)
        goal = f"{GOALS[name]:.2f}" if name in GOALS else "-"
        focus_text = f"{focus:.3f}" if focus is not None else "-"
        print(f"{name:<14} {n:>5} {p:>6.3f} {r:>6.3f} {f1:>6.3f} {goal:>5} {focus_text:>7}")
    accuracy, n = run_focus(tagger.tag, args.errors == "cliff_focus")
    print(f"cliff_focus    {n:>5} focus accuracy {accuracy:.3f} (goal {GOALS['cliff_focus']:.2f})")
    passed, total, failed = run_hard_cases(tagger.tag)
    print(f"hard_cases     {passed}/{total} right" + (f"; wrong: {', '.join(failed)}" if failed else ""))
    print(f"speed          {run_speed(tagger.tag, args.speed_articles):,.0f} articles/s on one core, CPU time "
          f"(goal {SPEED_GOAL_PER_S:,})")
    print("* focus = derived focus (most gold mentions), for reference only")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
