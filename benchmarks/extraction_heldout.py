"""Score our extractor and trafilatura on the held-out pages of tests/fixtures/pages_heldout (sites, CMSs and
languages the extractor was not tuned on); print body F1 / precision / recall, titles, authors, dates,
languages and the pages where boilerplate leaked or paragraphs went missing.

    .venv/bin/python benchmarks/extraction_heldout.py [--worst 8] [--json]

Body scores are benchmarks/extraction.py's measure (the shared benchmark's evaluate.py: shingles of word
tokens, precision and recall averaged over pages), imported from there. Titles compare lower-cased words,
authors the set of their words (no author must give none), dates the day (a date on a page whose truth is
null is an invented date). Figures are printed for every page and for each part: "dev" pages were written
before the extractor's fixes for this set, "untouched" and "untouched3" to "untouched15" ones after them, each
batch first measured untouched (tests/fixtures/pages_heldout/README.md records those figures).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType

PROJECT = Path(__file__).resolve().parents[1]
PAGES_DIR = PROJECT / "tests" / "fixtures" / "pages_heldout"
LEAK_MIN_WORDS = 3  # an extracted line of fewer words is not reported as leaked boilerplate


@dataclass(frozen=True)
class Page:
    """One held-out page and its ground truth."""

    name: str
    part: str
    url: str
    html: str
    run_date: date
    title: str
    author: str | None
    published: str | None
    language: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Output:
    """What one extractor gave for one page (empty text and None fields when it refused the page)."""

    text: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None


def load_extraction_benchmark() -> ModuleType:
    """benchmarks/extraction.py as a module, for its scorer and its title and author keys."""
    spec = importlib.util.spec_from_file_location("extraction_benchmark", PROJECT / "benchmarks" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(folder: Path = PAGES_DIR) -> list[Page]:
    """Every NAME.html with its NAME.json in folder, sorted by name."""
    pages = []
    for truth_file in sorted(folder.glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        html = truth_file.with_suffix(".html").read_text(encoding="utf-8")
        pages.append(Page(truth_file.stem, truth["part"], truth["url"], html, date.fromisoformat(truth["run_date"]),
                          truth["title"], truth["author"], truth["published"], truth["language"],
                          tuple(truth["paragraphs"])))
    if not pages:
        sys.exit(f"no held-out pages in {folder}: NAME.html + NAME.json pairs are expected there")
    return pages


def run_ours(page: Page) -> Output:
    """mediamon's extract_article on one page."""
    from mediamon.errors import ExtractError
    from mediamon.extract.article import extract_article

    try:
        art = extract_article(page.html, page.url, run_date=page.run_date)
    except ExtractError:
        return Output("", None, None, None, None)
    day = art.published_at.date().isoformat() if art.published_at else None
    return Output(art.text, art.title, art.author, day, art.language)


def run_trafilatura(page: Page) -> Output:
    """trafilatura's bare_extraction (default settings) on one page; it names no language."""
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Output("", None, None, None, None)
    return Output(doc.text or "", doc.title, doc.author, doc.date, None)


def leaked_lines(text: str, truth: str, ev: ModuleType) -> list[str]:
    """Extracted lines of LEAK_MIN_WORDS words or more, not in the truth, whose word shingles are mostly not in it."""
    truth_shingles = ev.shingle_counts(truth)
    leaks = []
    for line in text.splitlines():
        shingles = ev.shingle_counts(line)
        if line.strip() in truth:
            continue
        if len(ev.tokens(line)) >= LEAK_MIN_WORDS and sum((shingles & truth_shingles).values()) < 0.5 * sum(shingles.values()):
            leaks.append(line)
    return leaks


def missing_paragraphs(text: str, page: Page, ev: ModuleType) -> list[str]:
    """Truth paragraphs of which less than half the shingles were extracted."""
    got = ev.shingle_counts(text)
    return [p for p in page.paragraphs if p not in text
            and sum((ev.shingle_counts(p) & got).values()) < 0.5 * sum(ev.shingle_counts(p).values())]


def score(pages: list[Page], outputs: dict[str, Output], bench: ModuleType) -> dict[str, float]:
    """Body precision / recall / F1 and the metadata rates of one extractor over pages."""
    ev = bench.load_evaluate()
    body = ev.aggregate([ev.page_scores("\n".join(p.paragraphs), outputs[p.name].text) for p in pages])
    dated = [p for p in pages if p.published]
    undated = [p for p in pages if not p.published]
    return {
        "pages": len(pages), "f1": body["f1"], "precision": body["precision"], "recall": body["recall"],
        "title": sum(bench.title_key(outputs[p.name].title) == bench.title_key(p.title) for p in pages) / len(pages),
        "author": sum(bench.author_key(outputs[p.name].author) == bench.author_key(p.author) for p in pages) / len(pages),
        "date": sum(outputs[p.name].published == p.published for p in dated) / max(1, len(dated)),
        "dated": len(dated), "invented": sum(outputs[p.name].published is not None for p in undated),
        "undated": len(undated),
        "language": sum(outputs[p.name].language == p.language for p in pages) / len(pages),
    }


def run_all(pages: list[Page], extractor: Callable[[Page], Output]) -> dict[str, Output]:
    """One extractor's output for every page, by page name."""
    return {page.name: extractor(page) for page in pages}


def format_row(name: str, s: dict[str, float]) -> str:
    """One line of the figures table."""
    return (f"{name:<24} {s['pages']:>5} {s['f1']:.3f} {s['precision']:.3f} {s['recall']:.3f}  {s['title']:.3f}  "
            f"{s['author']:.3f}  {s['date']:.3f} of {s['dated']:<3} {s['invented']}/{s['undated']:<3}   {s['language']:.3f}")


def print_worst(pages: list[Page], outputs: dict[str, Output], bench: ModuleType, worst: int) -> None:
    """Our lowest-F1 pages with the lines that leaked, the paragraphs lost and the metadata misses."""
    ev = bench.load_evaluate()
    rows = sorted(pages, key=lambda p: ev.page_scores("\n".join(p.paragraphs), outputs[p.name].text)["f1"])
    for page in rows[:worst]:
        out, truth = outputs[page.name], "\n".join(page.paragraphs)
        f1 = ev.page_scores(truth, out.text)["f1"]
        print(f"\n{page.name} ({page.part}) F1 {f1:.3f}")
        for line in leaked_lines(out.text, truth, ev):
            print(f"  leaked: {line[:110]}")
        for para in missing_paragraphs(out.text, page, ev):
            print(f"  missing: {para[:110]}")
    print("\nmetadata misses (ours):")
    for page in pages:
        out = outputs[page.name]
        misses = [f"{field}: {got!r} (truth {want!r})" for field, got, want in (
            ("title", out.title, page.title), ("author", out.author, page.author),
            ("date", out.published, page.published), ("language", out.language, page.language))
            if (bench.title_key(got) != bench.title_key(want) if field == "title"
                else bench.author_key(got) != bench.author_key(want) if field == "author" else got != want)]
        if misses:
            print(f"  {page.name}: " + "; ".join(m[:120] for m in misses))


def main() -> int:
    """Run both extractors on the held-out pages and print the table, per part and overall."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worst", type=int, default=8, help="list our N lowest-F1 pages with what leaked")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of our figures")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT / "include"))
    bench = load_extraction_benchmark()
    pages = load_pages()
    results = {"mediamon": run_all(pages, run_ours), "trafilatura": run_all(pages, run_trafilatura)}
    print(f"{len(pages)} held-out pages from {PAGES_DIR.relative_to(PROJECT)}\n")
    print(f"{'extractor / part':<24} {'pages':>5} {'F1':<5} {'P':<5} {'R':<5}  title  author date exact  "
          f"invented  language")
    figures = {}
    for part in ("all", *sorted({p.part for p in pages})):
        chosen = [p for p in pages if part == "all" or p.part == part]
        for name, outputs in results.items():
            figures[f"{name}/{part}"] = score(chosen, outputs, bench)
            print(format_row(f"{name} / {part}", figures[f"{name}/{part}"]))
    print("(trafilatura names no language: its language column is 0)")
    print_worst(pages, results["mediamon"], bench, args.worst)
    if args.json:
        print(json.dumps({k: {m: round(v, 4) for m, v in s.items()} for k, s in figures.items()
                          if k.startswith("mediamon")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
