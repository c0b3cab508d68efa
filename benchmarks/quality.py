"""Quality-suite overhead: seconds to validate N articles (plus their feed items and batch stats).

Builds realistic articles from the bundled demo pages (include/mediamon/demo/site: real Wikinews and Global
Voices text), with a few percent of records breaking an expectation, and times each stage's
validation in one process, as the validate task runs it. The share is against the extraction time of
the same number of pages at --pages-per-s (the extraction benchmark's order of magnitude).
Usage: python benchmarks/quality.py [--articles 5000] [--pages-per-s 70] [--docs]
"""
from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from lxml import html as lxml_html

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "include"))
DEMO_SITE = PROJECT / "include" / "mediamon" / "demo" / "site"
RUN_DATE = "2026-01-15"
GOAL_SHARE = 0.10


def demo_texts() -> list[tuple[str, str]]:
    """(title, paragraph text) of every bundled demo article page."""
    pages = []
    for path in sorted(DEMO_SITE.glob("*/*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        paragraphs = [p.text_content().strip() for p in tree.iter("p")]
        text = "\n".join(p for p in paragraphs if len(p.split()) > 5)
        title = (tree.findtext(".//title") or path.stem).strip()
        if len(text.split()) >= 60:
            pages.append((title, text))
    return pages


def make_articles(n: int, rng: random.Random) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """n articles from 40 sources, with their countries and topics; about 3% break an expectation."""
    from mediamon.enrich.topics import TOPICS

    pages, topics_known = demo_texts(), sorted(TOPICS)
    countries = ["US", "GB", "FR", "DE", "IN", "NG", "BR", "CN", "RU", "UA", "KE", "ZA", "JP", "XK"]
    arts, ctry, tops = [], [], []
    base = pd.Timestamp(RUN_DATE, tz="UTC")
    for i in range(n):
        title, text = pages[i % len(pages)]
        article_id = f"a{i:06d}"
        broken = rng.random() < 0.03
        kind = rng.choice(["title", "date", "lang", "country", "topic", "short"]) if broken else None
        if rng.random() < 0.02:
            text = text + "\nAdvertisement\n" + text[:200]
        arts.append({"article_id": article_id, "url": f"https://news{i % 40}.example/{i}",
                     "source_id": f"source-{i % 40}", "title": None if kind == "title" else title,
                     "author": None, "published_at": base + pd.Timedelta(days=400 if kind == "date" else 0,
                                                                         hours=-rng.randrange(0, 48)),
                     "date_source": "meta",
                     "language": "zz" if kind == "lang" else rng.choice(["en", "en", "fr", None]),
                     "language_confidence": 0.9, "text": text,
                     "word_count": 12 if kind == "short" else len(text.split()), "text_source": "page",
                     "method": "trafilatura", "site_name": None, "image": None,
                     "feed_url": f"https://news{i % 40}.example/feed", "first_seen_at": base,
                     "story_id": None, "run_date": RUN_DATE})
        for code in rng.sample(countries, 2):
            ctry.append({"article_id": article_id, "country_code": "UK" if kind == "country" else code,
                         "mentions": 2, "is_focus": False})
        for code in rng.sample(topics_known, 2):
            tops.append({"article_id": article_id, "topic_code": "medtop:99" if kind == "topic" else code,
                         "topic_label": "x", "score": 0.4})
    frame = pd.DataFrame.from_records(arts)
    for column in ("published_at", "first_seen_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame, pd.DataFrame.from_records(ctry), pd.DataFrame.from_records(tops)


def feed_items_of(articles: pd.DataFrame) -> pd.DataFrame:
    """The feed items that led to the articles (plus 2% duplicates)."""
    items = articles[["source_id", "feed_url", "url", "title", "published_at"]].copy()
    items["summary"] = articles["text"].str.slice(0, 300)
    items["guid"] = items["url"]
    items = pd.concat([items, items.sample(frac=0.02, random_state=1)], ignore_index=True)
    return items[["source_id", "feed_url", "url", "title", "summary", "published_at", "guid"]]


def stats_of(articles: pd.DataFrame) -> pd.DataFrame:
    """Per-source batch stats for the articles."""
    counts = articles.groupby("source_id").size()
    return pd.DataFrame({"source_id": counts.index, "pages_attempted": counts.values + 3,
                         "articles_extracted": counts.values, "articles_undated": 0, "articles_quarantined": 0,
                         "trailing_median_14d": counts.values * 1.1, "articles_today": counts.values})


def timed(label: str, func, *args, **kwargs):
    """Run func, print its seconds, return (result, seconds)."""
    started = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:7.2f} s")
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--pages-per-s", type=float, default=70.0)
    parser.add_argument("--docs", action="store_true", help="also build Data Docs (as the pipeline does)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    articles, countries, topics = make_articles(args.articles, random.Random(7))
    items, stats = feed_items_of(articles), stats_of(articles)
    print(f"articles={len(articles)} countries={len(countries)} topics={len(topics)} feed_items={len(items)} "
          f"sources={len(stats)} words={int(articles['word_count'].sum())}")
    _, import_s = timed("import great_expectations (once per process)", __import__, "great_expectations")
    from mediamon import quality
    docs = Path(tempfile.mkdtemp(prefix="gx_docs_")) if args.docs else None
    common = {"run_date": RUN_DATE, "run_id": "bench", "docs_dir": docs}
    feed, feed_s = timed("validate_feed_items", quality.validate_feed_items, items, **common)
    checked, art_s = timed("validate_articles", quality.validate_articles, articles, countries, topics, **common)
    share = len(checked.quarantined) / len(articles)
    _, batch_s = timed("validate_batch", quality.validate_batch, stats, quarantine_share=share, **common)
    validation_s = feed_s + art_s + batch_s
    extraction_s = args.articles / args.pages_per_s
    print(f"quarantined feed_items={len(feed.quarantined)} articles={len(checked.quarantined)} "
          f"docs={'on' if docs else 'off'}")
    print(f"validation seconds={validation_s:.2f} for {args.articles} articles; extraction at "
          f"{args.pages_per_s:g} pages/s = {extraction_s:.1f} s")
    print(f"share of run time: validation {validation_s / extraction_s:.1%}, with the GX import "
          f"{(validation_s + import_s) / extraction_s:.1%} (goal < {GOAL_SHARE:.0%})")
    return 0 if validation_s / extraction_s < GOAL_SHARE else 1


if __name__ == "__main__":
    sys.exit(main())
