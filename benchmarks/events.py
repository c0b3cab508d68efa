"""Event clustering figures: pairwise precision/recall on tests/data/event_labels.tsv, and what events add
to a day's load plus digest.

    .venv/bin/python benchmarks/events.py [--articles 5000] [--repeats 3] [--history-days 2] [--skip-speed]
        [--skip-quality] [--fit-items-only] [--fit-numbers] [--fit-places]

Quality: every labelled item is read from its captured feed in ../shared/corpus/feeds/ (title, and the
summary as the article's opening), tagged with countries and topics and clustered into stories as the
pipeline does, then into events, twice: all items in one batch, and split in two runs (items published
before the second day first, then the rest with the first run's articles as known events, as plan_run
passes them: every story with its event, one story's stems per event); then both again with the feeds' other
dated items (about two thousand, unlabelled) clustered alongside, as a real day holds many other stories (the
*_in_corpus lines; only pairs of labelled items count there too). Every pair of labelled items counts:
same label and same event_id is a true positive. Goals: precision >= 0.90, recall >= 0.80. These figures are
in-sample: the shipped pair weights and thresholds were chosen on this set (the attach thresholds and the merge
average on the fit half's figures alone: --fit-items-only prints every line with the held-out half's items left
out). So the labels are also split in two halves by a hash of the label name (half_of); the pair model's weights
are refitted on the fit half's candidate pairs alone, every item is clustered with them, and each half's pairs
are counted apart: the held-out line is a figure on labels the fit never saw (the merge and attach thresholds stay
as shipped; pairs across the halves count in neither, so a false merge of two labelled events from different
halves shows only in the in-sample line). The "multi" lines do the same (one run, two runs, both among the corpus's
other items) on tests/data/event_labels_multilingual.tsv, items in the registry's other languages labelled the same
way, with each language's one-run figures (pairs of two items in that language). The
"written" lines give one run's and two runs' figures, and each language's one-run figures, on
tests/data/event_labels_written.tsv: items composed in the manner of news-feed items from different outlets (three
happenings per language, each told by three outlets in their own words, and a hard negative beside each: another
happening about the same country and topic on the same days) in eleven of the registry's main languages other than
English; they need no captured feed. The "written2" lines give the same figures on
tests/data/event_labels_written2.tsv, composed the same way in twelve other registry languages (Latin American
Spanish, Polish, Dutch, Indonesian, Vietnamese, Korean, Chinese, Hindi, Greek, Hebrew, Urdu, Czech), with hard
negatives of other kinds too: the same actors on another happening, the same kind of happening in another city on
the same day, a follow-up more than two days later; and an item about something else in each language. Its
untouched figures (one run, precision 0.855, recall 0.657) were taken before any change; the errors of both written
sets and of the multilingual set then led to the Hebrew prefixes, the Greek endings, the decimal numbers read alike
(5,50 and 5.5; one within a Chinese or Japanese run whole) and the pair feature of other decimal numbers in events.py, whose weight (PAIR_NUMBERS, --fit-numbers)
was fitted with the others held on the candidate pairs of all four sets: the "multi", "written" and "written2"
figures since are development figures, not independent ones.
The "written3" lines give the same figures on tests/data/event_labels_written3.tsv, composed the same way in eleven
more registry languages of rich case morphology or in Indic and Arabic scripts (Swedish, Finnish, Estonian, Lithuanian,
Kazakh, Belarusian, Azerbaijani, Bengali, Nepali, Malay, Pashto), with the same kinds of hard negatives. Its
untouched figures (one run, precision 0.735, recall 0.727; two runs 0.778/0.707) were taken before any change; its
errors then led to the case endings of Belarusian, Ukrainian, Kazakh and Azerbaijani and the endings written onto
Bengali and Devanagari words, the digits of every script read as ASCII digits, and thousands groups (5,000 and 5,200)
no longer read as decimal numbers that differ, in events.py: the "written3" figures since are development figures too.
The "written4" lines give the same figures on tests/data/event_labels_written4.tsv, composed the same way in ten
registry languages: English told by a wire service and by local outlets in their own phrasing, French, German,
Spanish, Italian, Russian and Turkish, which the written sets cover least, and Romanian, Hungarian and Swahili, which
none covers, with a hard negative beside each happening (the same kind of happening in another place, or other actors,
on the same days). Its untouched figures (one run, precision 0.800, recall 0.578; two runs 0.800/0.578) were taken
before any change; its misses then led to a match's score read as one word alike from either side (2-1 and 1-2) in
events.py: the "written4" figures since are development figures too.
The "written5" lines give the same figures on tests/data/event_labels_written5.tsv, composed the same way in ten
registry languages the written sets cover least or not at all: Portuguese of Brazil and of Portugal, Arabic, Japanese,
Persian and Ukrainian, and Thai, Croatian, Tagalog, Catalan and Hausa, with hard negatives mostly of the same kind of
happening in another town of the same country on the same day (and other matches, other central banks' decisions).
Its untouched figures (one run, precision 0.694, recall 0.378; two runs 0.694/0.378) were taken before any change;
the misses of the fourth and fifth sets then led to Thai, Lao and Burmese runs read as character pairs, and the pair
feature of different towns of one country in events.py, whose weight (PAIR_PLACES, --fit-places) was fitted with the
others held on the candidate pairs of every set: the "written5" figures since are development figures too, and every
line's figures are in-sample for that one weight.

Speed: a synthetic day of --articles articles (a corpus title over two corpus summaries, every fifth article a
copy of the one before, one to three countries and two topics each; each text continued with other corpus
summaries to about BODY_CHARS characters, a news article's length, after the opening events read) is staged as the
validate stage stages a run (its search index rows and watch matches too, untimed, so that the load does only the
load's work) and loaded (load_staged) and digested (build_digests) into a warehouse holding the --history-days
days before it (default two: the days a run's events may join; 28 fill the digest's baseline window, as a
warehouse in daily use holds, and the digest then reads a full baseline); side by side, the event step of that day
is timed: plan_run's known-events snapshot (state_known_events.sql, written by DuckDB to known_events.parquet and
read back as columns), assign_events on the day's articles against it (their stems kept by enrich), writing their
stems for the load, and the load's steps storing them (load/20_event_terms_*, taken out of the load's time). The
CPU time enrich spends finding the day's stems (in its parallel shards) is printed beside. --repeats times each,
on a fresh copy of the warehouse; the medians and their ratio are printed, by the clock and by CPU time (the
process's, DuckDB's threads included; the load's stem steps count by the clock in both). Goal: events add at most
10% to load plus digest.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
FEEDS = SHARED / "corpus" / "feeds"
LABELS = PROJECT / "tests" / "data" / "event_labels.tsv"
MULTILINGUAL_LABELS = PROJECT / "tests" / "data" / "event_labels_multilingual.tsv"  # items in other languages
WRITTEN_LABELS = PROJECT / "tests" / "data" / "event_labels_written.tsv"  # items composed in eleven languages
WRITTEN2_LABELS = PROJECT / "tests" / "data" / "event_labels_written2.tsv"  # ... in twelve other languages
WRITTEN3_LABELS = PROJECT / "tests" / "data" / "event_labels_written3.tsv"  # ... in eleven more
WRITTEN4_LABELS = PROJECT / "tests" / "data" / "event_labels_written4.tsv"  # ... in ten, English among them
WRITTEN5_LABELS = PROJECT / "tests" / "data" / "event_labels_written5.tsv"  # ... in ten more, Thai among them
sys.path.insert(0, str(PROJECT / "include"))

from mediamon.enrich import events  # noqa: E402
from mediamon.enrich.events import (  # noqa: E402
    KNOWN_EVENT_DAYS,
    LEAD_CHARS,
    EventArticle,
    article_stems,
    assign_events,
    fresh_event_columns,
    known_snapshot,
)

SPLIT_AT = {"2026": datetime(2026, 2, 17, tzinfo=timezone.utc), "2017": datetime(2017, 1, 7, tzinfo=timezone.utc)}
GOAL_PRECISION, GOAL_RECALL, GOAL_OVERHEAD = 0.90, 0.80, 0.10
BODY_CHARS = 3300  # a day's article length: the extraction benchmark's bodies have a median of 545 words
SPEED_DAY = date(2026, 2, 17)  # the synthetic day loaded and digested, after HISTORY_DAYS days of history
HISTORY_DAYS = 2  # default: the days a run's events may join (KNOWN_EVENT_DAYS); --history-days 28 fills the
# digest's baseline window, as a warehouse in daily use holds
COUNTRIES = ["US", "GB", "FR", "DE", "RU", "UA", "CN", "IN", "PK", "IR", "IL", "PS", "BR", "AU", "JP", "NG", "KE",
             "ZA", "HU", "PE", "BD", "TR", "SY", "MX", "CA"]
TOPICS = [("medtop:11000000", "politics"), ("medtop:16000000", "conflict, war and peace"),
          ("medtop:04000000", "economy, business and finance"), ("medtop:15000000", "sport"),
          ("medtop:02000000", "crime, law and justice"), ("medtop:01000000", "arts, culture, entertainment and media")]


def read_labels(path: Path = LABELS) -> list[dict[str, str]]:
    """Rows of an event label file."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def feed_items(name: str) -> list:
    """The items of one captured feed, parsed as discover parses them."""
    from mediamon.discover.feeds import parse_feed

    return parse_feed((FEEDS / name).read_bytes(), f"https://feeds.example.org/{name}", source_id=name)


def labelled_articles(path: Path = LABELS, prefix: str = "") -> tuple[list[EventArticle], dict[str, str]]:
    """The labelled items of a label file as tagged, story-clustered articles (ids prefix and a number), and
    article_id -> gold label."""
    if not FEEDS.is_dir():
        sys.exit(f"captured feeds not found at {FEEDS}: put the shared folder beside the project and run again")
    languages = {r["file"]: r["language"] for r in csv.DictReader(
        (FEEDS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t")}
    cache: dict[str, list] = {}
    raw, gold = [], {}
    for n, row in enumerate(read_labels(path)):
        items = cache.setdefault(row["feed"], feed_items(row["feed"]))
        item = next((i for i in items if row["guid"] and i.guid == row["guid"]), None) or next(
            (i for i in items if row["link"] in (i.link, i.url)), None)
        if item is None:
            sys.exit(f"{path}: no item with guid {row['guid']!r} / link {row['link']!r} in {row['feed']}")
        article_id = f"{prefix}{n:04d}"
        raw.append((article_id, row["feed"], item, languages.get(row["feed"])))
        gold[article_id] = row["event"] if row["event"] != "-" else f"single-{article_id}"
    return tag(raw), gold


def written_articles(path: Path = WRITTEN_LABELS, prefix: str = "w") -> tuple[list[EventArticle], dict[str, str]]:
    """The composed items of a written label file (title, summary, outlet, time) as tagged, story-clustered articles
    (ids prefix and a number), and article_id -> gold label."""
    from types import SimpleNamespace

    raw, gold = [], {}
    for n, row in enumerate(read_labels(path)):
        article_id = f"{prefix}{n:04d}"
        item = SimpleNamespace(title=row["title"], summary=row["summary"], content=None,
                               published_at=datetime.fromisoformat(row["published"]))
        raw.append((article_id, row["source"], item, row["language"]))
        gold[article_id] = row["event"] if row["event"] != "-" else f"single-{article_id}"
    return tag(raw), gold


def background_articles() -> list[EventArticle]:
    """Every other dated item of the captured feeds (not labelled), tagged as the labelled ones: the rest of a
    day's news, among which the labelled items are clustered in the "in the corpus" lines."""
    from mediamon.errors import FeedError

    labelled = {(r["feed"], key) for path in (LABELS, MULTILINGUAL_LABELS) if path.exists()
                for r in read_labels(path) for key in (r["guid"], r["link"]) if key}
    languages = {r["file"]: r["language"] for r in csv.DictReader(
        (FEEDS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t")}
    raw = []
    for path in sorted(FEEDS.glob("*.xml")):
        try:
            items = feed_items(path.name)
        except FeedError:  # the corpus keeps broken feeds on purpose
            continue
        raw += [(f"other-{len(raw) + k:05d}", path.name, item, languages.get(path.name)) for k, item in enumerate(
            i for i in items if i.title and i.published_at and not {(path.name, i.guid), (path.name, i.link)} & labelled)]
    return tag(raw)


def tag(raw: list) -> list[EventArticle]:
    """Countries, topics and stories of the items, as enrich_shard and cluster_stories compute them."""
    from mediamon.enrich.countries import tag_countries
    from mediamon.enrich.stories import StoryInput, assign_stories
    from mediamon.enrich.topics import tag_topics

    leads = {a: (item.summary or item.content or "")[:LEAD_CHARS] for a, _, item, _ in raw}
    stories = assign_stories([StoryInput(a, item.title, leads[a], item.published_at, feed)
                              for a, feed, item, _ in raw], [])
    out = []
    for article_id, feed, item, language in raw:
        countries = tag_countries(item.title, leads[article_id])
        codes = [c.code for c in sorted(countries.countries, key=lambda c: -c.mentions)]
        if countries.focus:
            codes = [countries.focus, *(c for c in codes if c != countries.focus)]
        topics = tag_topics(item.title, leads[article_id], language=language)
        out.append(EventArticle(article_id=article_id, story_id=stories.get(article_id, article_id), source_id=feed,
                                title=item.title, lead=leads[article_id], first_seen=item.published_at,
                                published=item.published_at, language=language, focus_country=countries.focus,
                                countries=tuple(codes), topics=tuple(t.code for t in topics)))
    return out


def pairwise(events: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted events against the gold labels."""
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], events[a] == events[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "gold_pairs": tp + fn, "predicted_pairs": tp + fp, "true_pairs": tp}


def two_runs(articles: list[EventArticle]) -> dict[str, str]:
    """Events when the items arrive in two runs, the second knowing the first run's events (an item of a year with
    no split day goes to the first run)."""
    second = [a for a in articles if a.first_seen >= SPLIT_AT.get(str(a.first_seen.year), a.first_seen + timedelta(1))]
    first = [a for a in articles if a not in set(second)]
    events = assign_events(first, [])
    known = [EventArticle(**{**a.__dict__, "event_id": events[a.article_id]}) for a in first]
    return {**events, **assign_events(second, known_snapshot(known))}


def half_of(label: str) -> str:
    """The half of the labelled set a label falls in ("fit" or "held_out"), fixed by its name."""
    return "held_out" if zlib.crc32(label.encode()) % 2 else "fit"


def pair_features(articles: list[EventArticle], gold: dict[str, str]) -> tuple:
    """Candidate story pairs as assign_events finds them (two shared words, within the window), with the pair
    model's features (text cosine, title cosine, same country, same topic, same outlet, other decimal numbers,
    other towns of one country),
    whether the pair is one gold event, and whether both stories fall in the fit half."""
    import numpy as np
    from scipy import sparse

    columns = events.event_columns(articles)
    nodes = events._nodes({c: columns[c] for c in (*events.EVENT_COLUMNS, events.SOURCE_COLUMN)})
    n, ((tr, ti, tf), (hr, hi, hf)) = len(nodes), (nodes.text, nodes.title)
    size = int(ti.max()) + 1
    df = np.bincount(ti, minlength=size)
    common = min(events.MAX_TERM_STORIES, int(events.MAX_TERM_SHARE * n)) if n >= events.MIN_COMMON_STORIES else n
    idf = np.log1p(n / np.maximum(df, 1)) * (df <= common)
    text = sparse.csr_matrix((events._unit(tr, tf * idf[ti], n), (tr, ti)), shape=(n, size))
    title = sparse.csr_matrix((events._unit(hr, hf * idf[hi], n), (hr, hi)), shape=(n, size))
    has = sparse.csr_matrix((((df <= common) & (df >= 2))[ti].astype(float), (tr, ti)), shape=(n, size))
    counts = (has @ has.T).tocoo()
    keep = ((counts.row < counts.col) & (counts.data >= events.MIN_SHARED_TERMS)
            & (np.abs(nodes.when[counts.row] - nodes.when[counts.col]) <= events.EVENT_WINDOW.total_seconds()))
    i, j = counts.row[keep], counts.col[keep]
    label = {}
    for a in articles:
        label.setdefault(nodes.story_ids.index(a.story_id), gold[a.article_id])
    x = np.column_stack([np.asarray(text[i].multiply(text[j]).sum(1)).ravel(),
                         np.asarray(title[i].multiply(title[j]).sum(1)).ravel(),
                         events._in_both(nodes.countries, i, j) > 0,
                         (nodes.topic[i] >= 0) & (nodes.topic[i] == nodes.topic[j]),
                         events._in_both(nodes.sources, i, j) > 0,
                         events._other_numbers(nodes.numbers, i, j),
                         events._other_places(nodes, i, j)]).astype(float)
    same = np.array([label[a] == label[b] for a, b in zip(i, j)], dtype=float)
    fit = np.array([half_of(label[a]) == half_of(label[b]) == "fit" for a, b in zip(i, j)])
    return x, same, fit


def fit_logistic(x, y, *, l2: float = 0.01, steps: int = 50):
    """Bias and weights of a logistic regression (Newton steps, a little L2)."""
    import numpy as np

    x = np.column_stack([np.ones(len(x)), x])
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= np.linalg.solve((x.T * (p * (1 - p))) @ x + l2 * np.eye(len(w)), x.T @ (p - y) + l2 * w)
    return w


PAIR_WEIGHTS = ("PAIR_TEXT", "PAIR_TITLE", "PAIR_COUNTRY", "PAIR_TOPIC", "PAIR_SOURCE", "PAIR_NUMBERS", "PAIR_PLACES")


def fit_one(name: str) -> dict[str, object]:
    """One pair weight fitted alone (a logistic regression of one weight, the other weights held as shipped) on the
    candidate pairs of labelled sets: PAIR_NUMBERS on the English, multilingual, written and written2 sets (the
    English set holds too few pairs giving other decimal numbers), PAIR_PLACES on every set."""
    import numpy as np

    sets = {"english": labelled_articles(), "multi": labelled_articles(MULTILINGUAL_LABELS, prefix="m"),
            "written": written_articles(), "written2": written_articles(WRITTEN2_LABELS, "x")}
    if name == "PAIR_PLACES":
        sets |= {"written3": written_articles(WRITTEN3_LABELS, "y"), "written4": written_articles(WRITTEN4_LABELS, "z"),
                 "written5": written_articles(WRITTEN5_LABELS, "v")}
    column = PAIR_WEIGHTS.index(name)
    held = np.array([0.0 if k == name else getattr(events, k) for k in PAIR_WEIGHTS])
    parts = [pair_features(*found)[:2] for found in sets.values()]
    x, same = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    offset, feature = events.PAIR_BIAS + x @ held, x[:, column]
    weight = 0.0
    for _ in range(50):  # Newton steps, a little L2, as fit_logistic
        p = 1 / (1 + np.exp(-(offset + weight * feature)))
        weight -= (feature @ (p - same) + 0.01 * weight) / (feature * feature @ (p * (1 - p)) + 0.01)
    return {name: round(float(weight), 2), "pairs": int(feature.sum()), "one_event": int(same[feature > 0].sum()),
            "by_set": {k: int(p[0][:, column].sum()) for k, p in zip(sets, parts)}}


def held_out(articles: list[EventArticle], gold: dict[str, str]) -> dict[str, object]:
    """The pair model refitted on the fit half's labels only, then every item clustered: the pairwise figures of
    each half, pairs within it (the held-out half was not used to fit; the thresholds stay as shipped)."""
    x, same, fit = pair_features(articles, gold)
    w = fit_logistic(x[fit], same[fit])
    names = ("PAIR_BIAS", *PAIR_WEIGHTS)
    shipped = {k: getattr(events, k) for k in names}
    try:
        for k, v in zip(names, w.tolist()):
            setattr(events, k, v)
        found = assign_events(articles, [])
    finally:
        for k, v in shipped.items():
            setattr(events, k, v)
    halves = {h: {a: g for a, g in gold.items() if half_of(g) == h} for h in ("fit", "held_out")}
    return {"weights": dict(zip(names, (round(v, 2) for v in w.tolist()))),
            **{h: pairwise(found, part) for h, part in halves.items()}}


def quality(fit_items_only: bool = False) -> dict[str, object]:
    """Both runs' pairwise figures on the labelled set, and the held-out half's; with fit_items_only, every line
    on the fit half's items alone (the held-out half's items are not clustered at all)."""
    articles, gold = labelled_articles()
    if fit_items_only:
        gold = {a: g for a, g in gold.items() if half_of(g) == "fit"}
        articles = [a for a in articles if a.article_id in gold]
    started = time.perf_counter()
    one = assign_events(articles, [])
    seconds = time.perf_counter() - started
    groups = Counter(g for g in gold.values() if not g.startswith("single-"))
    return {"items": len(gold), "labelled_events": len(groups), "single_items": len(gold) - sum(groups.values()),
            "feeds": len({a.source_id for a in articles}), "languages": len({a.language for a in articles}),
            "predicted_events": len(set(one.values())), "one_run": pairwise(one, gold),
            "two_runs": pairwise(two_runs(articles), gold), "halves": held_out(articles, gold),
            "cluster_seconds": round(seconds, 3), **in_corpus(articles, gold)}


def multilingual() -> dict[str, object] | None:
    """Both runs' figures on the labelled items in other languages than English (MULTILINGUAL_LABELS), alone and
    among the feeds' other items, with each language's one-run figures (pairs of two items in it); None without
    the file."""
    if not MULTILINGUAL_LABELS.exists():
        return None
    articles, gold = labelled_articles(MULTILINGUAL_LABELS, prefix="m")
    return {**by_language(articles, gold), **in_corpus(articles, gold)}


def written(path: Path = WRITTEN_LABELS, prefix: str = "w") -> dict[str, object] | None:
    """Both runs' figures on the composed items of a written label file (WRITTEN_LABELS, WRITTEN2_LABELS,
    WRITTEN3_LABELS, WRITTEN4_LABELS, WRITTEN5_LABELS), with each language's one-run figures; None without the
    file."""
    if not path.exists():
        return None
    return by_language(*written_articles(path, prefix))


def by_language(articles: list[EventArticle], gold: dict[str, str]) -> dict[str, object]:
    """One run's and two runs' figures on the labelled articles, and each language's one-run figures (pairs of two
    items in it)."""
    one = assign_events(articles, [])
    language = {a.article_id: a.language or "?" for a in articles}
    languages = {}
    for lang in sorted(set(language.values())):
        part = {a: g for a, g in gold.items() if language[a] == lang}
        figures = pairwise(one, part)
        if figures["gold_pairs"] or figures["predicted_pairs"]:
            languages[lang] = figures
    groups = Counter(g for g in gold.values() if not g.startswith("single-"))
    return {"items": len(gold), "labelled_events": len(groups), "languages": len(set(language.values())),
            "one_run": pairwise(one, gold), "two_runs": pairwise(two_runs(articles), gold), "by_language": languages}


def in_corpus(articles: list[EventArticle], gold: dict[str, str]) -> dict[str, object]:
    """Both runs' figures with the feeds' other items clustered alongside (only labelled pairs count)."""
    others = background_articles()
    every = articles + others
    return {"other_items": len(others),
            "one_run_in_corpus": pairwise({a: e for a, e in assign_events(every, []).items() if a in gold}, gold),
            "two_runs_in_corpus": pairwise({a: e for a, e in two_runs(every).items() if a in gold}, gold)}


def corpus_items() -> list[tuple[str, str]]:
    """(title, summary) of every captured feed item with both."""
    from mediamon.errors import FeedError

    out = []
    for path in sorted(FEEDS.glob("*.xml")):
        try:
            out += [(i.title, i.summary) for i in feed_items(path.name) if i.title and i.summary]
        except FeedError:  # the corpus keeps broken feeds on purpose
            continue
    return out


def continued(text: str, items: list[tuple[str, str]], rng: random.Random) -> str:
    """The text continued with corpus summaries to about BODY_CHARS characters (its opening, which events read,
    unchanged)."""
    parts, size = [text], len(text)
    while size < BODY_CHARS:
        parts.append(rng.choice(items)[1])
        size += len(parts[-1]) + 1
    return " ".join(parts)


def synthetic_rows(day: date, n: int, items: list[tuple[str, str]], rng: random.Random) -> list[dict]:
    """n enriched rows of one day: a corpus title over two corpus summaries, continued to about BODY_CHARS
    characters; every fifth a copy of the one before."""
    rows = []
    for k in range(n):
        if k % 5 == 1:
            rows.append({**rows[-1], "article_id": f"{day:%Y%m%d}{k:08d}", "source_id": f"src-{rng.randrange(300)}"})
            continue
        (title, first), (_, second) = rng.choice(items), rng.choice(items)
        text = f"{first} {second} " + "Officials said more details would follow later in the day. " * 8
        text = continued(text, items, random.Random(f"{day}{k}"))  # its own draws, apart from rng
        codes = rng.sample(COUNTRIES, rng.randint(1, 3))
        seen = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(86400))
        rows.append({"article_id": f"{day:%Y%m%d}{k:08d}", "source_id": f"src-{rng.randrange(300)}", "title": title,
                     "text": text, "first_seen_at": seen.isoformat(), "published_at": seen.isoformat(),
                     "language": "en", "focus_country": codes[0],
                     "countries": [{"code": c, "mentions": 3 - i} for i, c in enumerate(codes)],
                     "topics": [{"code": c, "label": label, "score": 0.9 - i / 10}
                                for i, (c, label) in enumerate(rng.sample(TOPICS, 2))]})
        rows[-1]["event_stems"] = article_stems(title, text)  # as the enrich shards keep them
    return rows


def story_of(rows: list[dict]) -> dict[str, str]:
    """The synthetic stories: a copy joins the article before it."""
    out = {}
    for k, row in enumerate(rows):
        out[row["article_id"]] = out[rows[k - 1]["article_id"]] if k % 5 == 1 else row["article_id"]
    return out


def stage_day(validated: Path, run_id: str, day: date, rows: list[dict], events: dict[str, str]) -> None:
    """Write a run's validated files for the rows (benchmarks/warehouse.py's staging, then this day's articles)."""
    import duckdb
    import pandas as pd

    from mediamon.quality.frames import _write_parquet
    from mediamon.rundir import RunDir, write_json
    from mediamon.settings import CONFIG_DIR
    from mediamon.tables import ARTICLES
    from mediamon.warehouse.load import write_event_stems
    from mediamon.warehouse.search import stage_terms
    from mediamon.watches.staging import stage_watches

    spec = importlib.util.spec_from_file_location("warehouse_bench", PROJECT / "benchmarks" / "warehouse.py")
    bench = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(bench)
    bench.stage(validated, 1)
    with duckdb.connect() as con:  # the staged fetch log and results belong to this run
        for name in ("fetch_log", "validation_results"):
            staged = str(validated / f"{name}.parquet")
            con.execute("CREATE TABLE t AS SELECT * REPLACE ($run AS run_id) FROM read_parquet($p)",
                        {"run": run_id, "p": staged})
            con.execute("COPY t TO $p (FORMAT parquet)", {"p": staged})
            con.execute("DROP TABLE t")
    stories = story_of(rows)
    articles = [{**{c: None for c in ARTICLES.columns}, **{k: r[k] for k in ("article_id", "source_id", "title", "text",
                "language")}, "url": f"https://{r['source_id']}.example/{r['article_id']}", "date_source": "meta",
                "language_confidence": 0.99, "word_count": len(r["text"].split()), "text_source": "page",
                "first_seen_at": pd.Timestamp(r["first_seen_at"]), "published_at": pd.Timestamp(r["published_at"]),
                "story_id": stories[r["article_id"]], "event_id": events[r["article_id"]], "run_date": day.isoformat()}
                for r in rows]
    _write_parquet(pd.DataFrame(articles, columns=list(ARTICLES.columns)), validated / "articles.parquet")
    _write_parquet(pd.DataFrame([{"article_id": a["article_id"], "story_id": a["story_id"], "signature": "[]",
                                  "first_seen_at": a["first_seen_at"]} for a in articles]),
                   validated / "story_signatures.parquet")  # the load refuses a signature of an article not staged
    write_event_stems(validated / "event_stems.parquet", {"article_id": [r["article_id"] for r in rows],
                                                          "title_stems": [r["event_stems"]["title"] for r in rows],
                                                          "lead_stems": [r["event_stems"]["lead"] for r in rows]})
    _write_parquet(pd.DataFrame([{"article_id": r["article_id"], "country_code": c["code"], "mentions": c["mentions"],
                                  "is_focus": i == 0, "spans": "[]"} for r in rows for i, c in enumerate(r["countries"])]),
                   validated / "article_countries.parquet")
    _write_parquet(pd.DataFrame([{"article_id": r["article_id"], "topic_code": t["code"], "topic_label": t["label"],
                                  "score": t["score"], "evidence": "[]"} for r in rows for t in r["topics"]]),
                   validated / "article_topics.parquet")
    write_json(validated / "run.json", {"run_id": run_id, "run_date": day.isoformat(),
                                        "started_at": f"{day}T06:00:00+00:00", "articles": len(rows), "quarantined": 0})
    stage_terms(validated)  # the validate stage's work: the load only copies its index rows and matches
    stage_watches(RunDir(validated.parent), day.isoformat(), CONFIG_DIR / "watches.yaml")  # the shipped ones


def event_step(db: Path, work: Path, rows: list[dict], day: date = SPEED_DAY) -> tuple[dict[str, str], float, float]:
    """What events add to a run, with its seconds (clock and CPU): the known-events snapshot plan_run copies over the
    connection it opens for the run's state anyway (copy_known_events; the open is not counted), and the event part
    of cluster_stories (reading it back, assign_events, the stems staged for the load)."""
    from mediamon import warehouse
    from mediamon.warehouse.load import write_event_stems
    from mediamon.warehouse.state import copy_known_events, read_known_events

    with warehouse.connect(db, read_only=True) as con:
        started, started_cpu = time.perf_counter(), time.process_time()
        path = copy_known_events(con, day.isoformat(), work / "known_events.parquet")
        seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    started, started_cpu = time.perf_counter(), time.process_time()
    fresh = fresh_event_columns(rows, story_of(rows))
    events = assign_events(fresh, read_known_events(path))
    write_event_stems(work / "event_stems.parquet", fresh)
    return events, seconds + time.perf_counter() - started, cpu + time.process_time() - started_cpu


def speed(n: int, repeats: int, history_days: int = HISTORY_DAYS) -> dict[str, object]:
    """Median seconds of a day's load plus digest and of its event step, side by side, and their ratio, on a
    warehouse holding history_days days of n articles before the day."""
    from mediamon.digest import build_digests
    from mediamon.warehouse.load import load_staged

    rng = random.Random(20260217)
    items = corpus_items()
    days = [SPEED_DAY - timedelta(days=k) for k in range(history_days, -1, -1)]
    rows = {day: synthetic_rows(day, n, items, rng) for day in days}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        history = work / "history.duckdb"
        for day in days[:-1]:
            events = event_step(history, work, rows[day], day)[0] if history.exists() else assign_events(
                fresh_event_columns(rows[day], story_of(rows[day])))
            stage_day(work / f"run-{day}" / "validated", f"bench-{day}", day, rows[day], events)
            load_staged(work / f"run-{day}", history)
        base, extra, enrich, base_cpu, extra_cpu = [], [], [], [], []
        for k in range(repeats):
            events, seconds, cpu = event_step(history, work, rows[SPEED_DAY])
            extra.append(seconds)
            extra_cpu.append(cpu)
            db = work / f"day-{k}.duckdb"
            shutil.copy(history, db)
            run = work / f"run-{SPEED_DAY}-{k}"
            stage_day(run / "validated", f"bench-{SPEED_DAY}-{k}", SPEED_DAY, rows[SPEED_DAY], events)
            started, started_cpu = time.perf_counter(), time.process_time()
            steps = load_staged(run, db)["step_seconds"]
            build_digests(db, SPEED_DAY.isoformat(), work / f"digests-{k}")
            stems_load = sum(v for step, v in steps.items() if step.startswith("20_event_terms"))
            base.append(time.perf_counter() - started - stems_load)  # storing the stems is the event step's
            base_cpu.append(time.process_time() - started_cpu - stems_load)  # (the load times its steps by the clock)
            extra[-1] += stems_load
            extra_cpu[-1] += stems_load
            started = time.perf_counter()
            for r in rows[SPEED_DAY]:
                article_stems(r["title"], r["text"])
            enrich.append(time.perf_counter() - started)
    return {"articles": n, "history_days": history_days, "history_articles": history_days * n,
            "known_articles": min(history_days, KNOWN_EVENT_DAYS) * n, "events": len(set(events.values())),
            "load_digest_seconds": round(statistics.median(base), 3), "events_seconds": round(statistics.median(extra), 3),
            "overhead": round(statistics.median(extra) / statistics.median(base), 3),
            "load_digest_cpu_seconds": round(statistics.median(base_cpu), 3),
            "events_cpu_seconds": round(statistics.median(extra_cpu), 3),
            "cpu_overhead": round(statistics.median(extra_cpu) / statistics.median(base_cpu), 3),
            "enrich_stems_seconds": round(statistics.median(enrich), 3),
            "load_digest_runs": [round(x, 3) for x in base], "events_runs": [round(x, 3) for x in extra],
            "load_digest_cpu_runs": [round(x, 3) for x in base_cpu], "events_cpu_runs": [round(x, 3) for x in extra_cpu]}


def print_quality(q: dict) -> bool:
    """Print the quality figures as a table; whether one run meets the goals."""
    for run in ("one_run", "two_runs", "one_run_in_corpus", "two_runs_in_corpus"):
        f = q[run]
        print(f"{run:18} precision={f['precision']:.3f} recall={f['recall']:.3f} f1={f['f1']:.3f} "
              f"gold_pairs={f['gold_pairs']} predicted_pairs={f['predicted_pairs']}")
    h = q["halves"]
    for half in ("fit", "held_out"):
        f = h[half]
        if not f["gold_pairs"]:
            print(f"{half:18} n/a (no labelled pairs clustered)")
            continue
        print(f"{half:18} precision={f['precision']:.3f} recall={f['recall']:.3f} f1={f['f1']:.3f} "
              f"gold_pairs={f['gold_pairs']} predicted_pairs={f['predicted_pairs']} (pair weights fitted on the "
              f"fit half: {h['weights']})")
    print(f"items={q['items']} labelled_events={q['labelled_events']} single_items={q['single_items']} "
          f"predicted_events={q['predicted_events']} feeds={q['feeds']} languages={q['languages']} "
          f"other_items={q['other_items']} (clustered alongside in the *_in_corpus lines)")
    return q["one_run"]["precision"] >= GOAL_PRECISION and q["one_run"]["recall"] >= GOAL_RECALL


def print_set(prefix: str, figures: dict | None, missing: str, runs: tuple[str, ...]) -> None:
    """Print a labelled set's figures in other languages than English, lines opening with prefix: each run's, each
    language's one-run figures and the set's size (missing, a line saying why, when there is no set)."""
    if figures is None:
        print(missing)
        return
    for run in runs:
        f = figures[run]
        print(f"{prefix + ' ' + run:24} precision={f['precision']:.3f} recall={f['recall']:.3f} f1={f['f1']:.3f} "
              f"gold_pairs={f['gold_pairs']} predicted_pairs={f['predicted_pairs']}")
    for lang, f in figures["by_language"].items():
        print(f"{prefix + ' one_run ' + lang:24} precision={f['precision']:.3f} recall={f['recall']:.3f} "
              f"gold_pairs={f['gold_pairs']} predicted_pairs={f['predicted_pairs']}")
    print(f"{prefix} items={figures['items']} labelled_events={figures['labelled_events']} "
          f"languages={figures['languages']}")


def main() -> int:
    """Print the quality figures (and the speed figures) as a table, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000, help="articles of the synthetic day")
    parser.add_argument("--repeats", type=int, default=3, help="timed repetitions (medians are reported)")
    parser.add_argument("--skip-speed", action="store_true", help="quality figures only")
    parser.add_argument("--skip-quality", action="store_true", help="speed figures only")
    parser.add_argument("--history-days", type=int, default=HISTORY_DAYS,
                        help=f"days of --articles articles loaded before the timed day (default {HISTORY_DAYS})")
    parser.add_argument("--fit-numbers", action="store_true",
                        help="fit PAIR_NUMBERS alone on every labelled set's candidate pairs and print it (nothing else)")
    parser.add_argument("--fit-places", action="store_true",
                        help="fit PAIR_PLACES alone on every labelled set's candidate pairs and print it (nothing else)")
    parser.add_argument("--fit-items-only", action="store_true",
                        help="cluster the fit half's labelled items only (to choose thresholds without the held-out "
                             "half; its held_out line is then empty)")
    args = parser.parse_args()
    if args.fit_numbers or args.fit_places:
        print(json.dumps(fit_one("PAIR_NUMBERS" if args.fit_numbers else "PAIR_PLACES")))
        return 0
    if args.skip_speed and args.skip_quality:
        parser.error("--skip-speed and --skip-quality leave nothing to measure")
    figures: dict[str, dict] = {}
    ok = True
    if not args.skip_quality:
        figures["quality"] = quality(args.fit_items_only)
        ok = print_quality(figures["quality"])
        figures["multilingual"] = multilingual()
        print_set("multi", figures["multilingual"], f"multilingual       n/a ({MULTILINGUAL_LABELS} not found)",
                  ("one_run", "two_runs", "one_run_in_corpus", "two_runs_in_corpus"))
        figures["written"] = written()
        print_set("written", figures["written"], f"written            n/a ({WRITTEN_LABELS} not found)",
                  ("one_run", "two_runs"))
        figures["written2"] = written(WRITTEN2_LABELS, "x")
        print_set("written2", figures["written2"], f"written2           n/a ({WRITTEN2_LABELS} not found)",
                  ("one_run", "two_runs"))
        figures["written3"] = written(WRITTEN3_LABELS, "y")
        print_set("written3", figures["written3"], f"written3           n/a ({WRITTEN3_LABELS} not found)",
                  ("one_run", "two_runs"))
        figures["written4"] = written(WRITTEN4_LABELS, "z")
        print_set("written4", figures["written4"], f"written4           n/a ({WRITTEN4_LABELS} not found)",
                  ("one_run", "two_runs"))
        figures["written5"] = written(WRITTEN5_LABELS, "v")
        print_set("written5", figures["written5"], f"written5           n/a ({WRITTEN5_LABELS} not found)",
                  ("one_run", "two_runs"))
    if not args.skip_speed:
        figures["speed"] = s = speed(args.articles, args.repeats, args.history_days)
        print(f"speed     articles={s['articles']} history={s['history_days']} days known={s['known_articles']} "
              f"load+digest={s['load_digest_seconds']}s "
              f"events={s['events_seconds']}s overhead={s['overhead']:.1%} (medians of {args.repeats}); "
              f"stems found in the enrich shards: {s['enrich_stems_seconds']}s of CPU over the day")
        print(f"cpu       load+digest={s['load_digest_cpu_seconds']}s events={s['events_cpu_seconds']}s "
              f"overhead={s['cpu_overhead']:.1%} (CPU time of this process and its DuckDB threads, steadier than the "
              f"clock on a busy machine)")
        print(f"runs      load+digest={s['load_digest_runs']}s events={s['events_runs']}s; CPU: "
              f"load+digest={s['load_digest_cpu_runs']}s events={s['events_cpu_runs']}s")
        ok = ok and s["overhead"] <= GOAL_OVERHEAD
    print(json.dumps(figures))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
