"""Digests: read one day from the warehouse (read-only), score spikes, assemble and write the
country and topic digests (HTML, Markdown, JSON), the day's index with what changed since yesterday,
the watches page and the list of dates."""
from __future__ import annotations

import json
import logging
import math
import re
import shutil
import tempfile
import time
from collections import namedtuple
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from mediamon import warehouse
from mediamon.days import parse_day
from mediamon.digest import render
from mediamon.digest.changes import ChangeRules, day_changes, key_changes
from mediamon.digest.config import DigestConfig, load_digest_config
from mediamon.digest.quality_notes import quality_notes
from mediamon.digest.spikes import COLUMNS as SPIKE_COLUMNS
from mediamon.digest.spikes import WINDOW_DAYS, spike_table
from mediamon.digest.wording import country_name
from mediamon.errors import ConfigError, DigestError
from mediamon.locks import exclusive_lock
from mediamon.quality import load_thresholds
from mediamon.rundir import replace_text

logger = logging.getLogger(__name__)

DATA_NOTE_FILE = "note.json"  # beside the day folders: a note every page shows (the demo's replay)

KINDS = ("country", "topic")
FORMATS = ("html", "md", "json")
DAY_QUERIES = ("top_events", "new_events", "sources", "languages", "co_mentions", "validation", "quarantine",
               "outlets")
FEED_QUERIES = ("feeds_down", "feed_gaps")  # the quality footer's feed health
# Temporary tables the day queries read, in order: the day's keys and window, then (after the events' history,
# read_event_history) the day's events, each key's top events and what the pages show of them.
DAY_TABLES = ("digest_day_keys", "digest_window_days")
EVENT_TABLES = ("digest_day_events", "digest_top_event_keys", "digest_event_details", "digest_key_articles")
# Saved searches (migration 007): the queries and the columns of their frames on a warehouse without them.
WATCH_QUERIES = {"digest_watches": ["watch_name", "query", "description", "countries", "topics", "languages",
                                    "sources", "alert"],
                 "watch_daily": ["watch_name", "day", "matches"],
                 "watch_matches_day": ["watch_name", "description", "article_id", "title", "url", "source_id",
                                       "outlet", "language", "published_at", "matched_terms", "matched_in",
                                       "snippet"],
                 "digest_watch_keys": ["kind", "key", "watch_name", "matches"]}
WATCH_FILTERS = ("countries", "topics", "languages", "sources")
KEYED_FRAMES = ("top_events", "languages", "co_mentions", "watch_keys")  # the sources: DayData.key_outlets
OUTLET_COLUMNS = ("source_id", "outlet", "source_country", "articles", "stories")
# A sentence's end: the word before it (a match starts only where a word does, so that a text's letters are not
# each tried as a start), the mark and any closing quotes, then a capital.
SENTENCE_END_RE = re.compile(r"(?<!\w)(\w*)[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9À-ÖØ-Þ])")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "jr", "sr", "no", "vs", "lt",
                 "col", "capt", "sgt", "rev", "inc", "corp", "co"}
EXTRACT_MAX_CHARS = 400
NEW_EVENTS_LISTED = 50  # the day's new events read for the index (its first few shown, the others folded)
HISTORY_FIRST_DAYS = 14  # days of the day's events' history read first (read_event_history)
HISTORY_STEPS = 3        # bounded steps back (28, 56, 112 days) before every older day is read
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# One thread for the digest's queries: each reads a day's few thousand rows, where a second thread adds more
# CPU than it saves time (docs/scaling.md, "The digest's own time").
QUERY_THREADS = 1
PUBLISH_WAIT_S = 60.0  # how long a digest waits for another to finish publishing (a swap and a list: milliseconds)


@dataclass(frozen=True)
class DayData:
    """Everything one day's digests are made from, as read from the warehouse."""

    run_date: date
    counts: pd.DataFrame        # kind, key, label, day, articles, stories, share, coverage_gap
    totals: pd.DataFrame        # day, articles, stories, coverage_gap, gap_checks
    top_events: pd.DataFrame    # each key's top events (digest_top_events.sql)
    new_events: pd.DataFrame    # the day's new events over all keys (digest_new_events.sql)
    sources: pd.DataFrame
    languages: pd.DataFrame
    co_mentions: pd.DataFrame
    validation: pd.DataFrame
    quarantine: pd.DataFrame
    outlets: pd.DataFrame       # source_id, name
    feeds_down: pd.DataFrame
    feed_gaps: pd.DataFrame     # possible coverage gaps the feed poller found, loaded on run_date
    watch_list: pd.DataFrame    # the configured watches (digest_watches.sql); empty before migration 007
    watch_daily: pd.DataFrame   # matches per watch per day (watch_daily.sql); empty before migration 007
    watch_matches: pd.DataFrame  # the day's matches with evidence (watch_matches_day.sql)
    watch_keys: pd.DataFrame    # kind, key, watch_name, matches (digest_watch_keys.sql)
    gx_dir: Path | None = None  # <data-dir>/gx_docs, where the quality reports are (None: unknown)

    @cached_property
    def _parts(self) -> dict[str, dict[tuple[str, str], list]]:
        """The per-key frames as records split once by (kind, key), so no digest filters them again."""
        return {name: records_by_key(getattr(self, name)) for name in KEYED_FRAMES}

    @cached_property
    def key_outlets(self) -> dict[tuple[str, str], list[dict]]:
        """Each key's outlets (the sources frame) as JSON-ready documents, in the frame's order: read from its
        columns at once, as a busy day lists tens of thousands."""
        frame = self.sources
        out: dict[tuple[str, str], list[dict]] = {}
        for kind, key, source_id, outlet, country, articles, stories in zip(
                *(frame[c].tolist() for c in ("kind", "key", *OUTLET_COLUMNS))):
            out.setdefault((kind, key), []).append({"source_id": source_id, "outlet": outlet,
                                                    "source_country": _plain(country), "articles": int(articles),
                                                    "stories": int(stories)})
        return out

    def key_rows(self, name: str, kind: str, key: str) -> list:
        """The rows of frame `name` (one of KEYED_FRAMES) for one key, as records (named tuples) in the
        frame's order."""
        return self._parts[name].get((kind, key), [])

    @cached_property
    def run_day_totals(self) -> pd.DataFrame:
        """The day_totals row of run_date (empty when the pipeline did not run that day)."""
        return self.totals[[d == self.run_date for d in _dates(self.totals["day"])]]

    @cached_property
    def run_day_figures(self) -> tuple[int, object]:
        """Articles stored on run_date and its failed gap checks (0 and None when the pipeline did not run)."""
        total = self.run_day_totals
        if not len(total):
            return 0, None
        return int(total["articles"].iloc[0]), _plain(total["gap_checks"].iloc[0])

    @cached_property
    def loaded(self) -> bool:
        """True when a run was loaded for run_date: it stored articles or recorded quality checks (as the banner and
        the web app's default day read it)."""
        return self.run_day_figures[0] > 0 or len(self.validation) > 0

    @cached_property
    def quality(self) -> dict:
        """The quality footer, the same on every digest of the day."""
        return quality_footer(self)

    @cached_property
    def watches(self) -> list[dict]:
        """Every configured watch with today's matches (with evidence) and its daily counts."""
        return watch_documents(self)


def records_by_key(frame: pd.DataFrame) -> dict[tuple[str, str], list]:
    """A frame with kind and key columns as {(kind, key): its rows as records, in the frame's order}."""
    out: dict[tuple[str, str], list] = {}
    for row in _records(frame):
        out.setdefault((row.kind, row.key), []).append(row)
    return out


def parse_run_date(run_date: str) -> date:
    """The run date as a date; a malformed one raises ConfigError naming the expected form."""
    return parse_day(run_date, "run date")


def query_params(run_date: date, cfg: DigestConfig) -> dict[str, object]:
    """The parameters of the digest queries for run_date (each query takes those it names)."""
    start = run_date - timedelta(days=cfg.trend_days + WINDOW_DAYS + 7)
    return {"run_date": run_date, "start": start, "limit": cfg.top_stories, "top": cfg.changes_top,
            "new_limit": max(cfg.top_stories, NEW_EVENTS_LISTED),
            "watched_countries": sorted(cfg.countries), "watched_topics": sorted(cfg.topics),
            "days": cfg.watch_days}


def read_event_history(con: duckdb.DuckDBPyConnection, run_date: date, *, first_days: int = HISTORY_FIRST_DAYS,
                       steps: int = HISTORY_STEPS) -> None:
    """Fill the temporary table digest_event_history with the event_days rows up to run_date of the day's events
    (those of digest_day_keys): the last first_days days, then, for the events whose naming article's day was not
    among them, spans twice as long each step back, and after `steps` of them every older day. Each bounded read
    covers only its days' row groups, so the cost follows the events' age, not the warehouse's."""
    since = run_date - timedelta(days=first_days)
    con.execute(warehouse.read_sql("queries/digest_event_history"), {"from": since, "run_date": run_date})
    more, still_open = (warehouse.read_sql(f"queries/digest_event_history_{n}") for n in ("more", "open"))
    span = max(first_days, 1)
    for step in range(steps + 1):
        if not con.execute(still_open).fetchone()[0]:
            return
        span *= 2
        older = date.min if step == steps else since - timedelta(days=span)
        con.execute(more, {"from": older, "to": since})
        since = older


def load_day(db_path: Path, run_date: date, cfg: DigestConfig, *, gx_dir: Path | None = None) -> DayData:
    """Run the digest queries for run_date on a brief read-only connection."""
    params = query_params(run_date, cfg)
    with warehouse.connect(db_path, read_only=True) as con:
        con.execute(f"SET threads = {QUERY_THREADS}")
        def run(name: str) -> duckdb.DuckDBPyConnection:
            sql = warehouse.read_sql(f"queries/{name}")
            return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
        def query(name: str) -> pd.DataFrame:
            return run(name).df()
        has_key_day_counts, has_events, has_watches, has_day_summaries, has_day_totals = run("digest_features").fetchone()
        if not has_key_day_counts:
            warehouse.require_table(con, db_path, "key_day_counts", "003_key_day_counts")  # raises, naming the fix
        run("digest_articles" if has_events else "digest_articles_by_story")   # read by the day queries
        if has_day_summaries:   # the warehouse's article_keys may predate columns the day queries read
            warehouse.use_current_view(con, "03_article_keys")
        else:
            run("digest_day_summaries_computed")
        if not has_day_totals:
            run("digest_day_totals_computed")
        for name in DAY_TABLES:
            run(name)
        read_event_history(con, run_date)
        for name in EVENT_TABLES:
            run(name)
        frames = {name: query(f"digest_{name}")
                  for name in ("key_counts", "day_totals", *DAY_QUERIES, *FEED_QUERIES)}
        watches = {name: query(name) if has_watches else pd.DataFrame(columns=columns)
                   for name, columns in WATCH_QUERIES.items()}
    return DayData(run_date=run_date, counts=frames["key_counts"], totals=frames["day_totals"],
                   **{name: frames[name] for name in (*DAY_QUERIES, *FEED_QUERIES)},
                   watch_list=watches["digest_watches"], watch_daily=watches["watch_daily"],
                   watch_matches=watches["watch_matches_day"], watch_keys=watches["digest_watch_keys"], gx_dir=gx_dir)


def score_keys(day: DayData, cfg: DigestConfig) -> pd.DataFrame:
    """spike_flags for every key over the loaded window; one row per (kind, key, day)."""
    flag_columns = [c for c in SPIKE_COLUMNS if c != "articles"]
    columns = [*flag_columns, "kind", "key", "label", "day", "articles", "stories", "share"]
    if day.counts.empty:
        return pd.DataFrame(columns=columns)
    gaps = [d for d, gap in zip(_dates(day.totals["day"]), day.totals["coverage_gap"]) if gap]
    counts = day.counts.assign(day=_dates(day.counts["day"])).sort_values(["kind", "key", "day"], kind="stable")
    days = sorted(set(counts["day"]))
    grid = counts.pivot(index=["kind", "key"], columns="day", values="articles")
    if grid.isna().to_numpy().any():
        return pd.concat([_score_rows(rows, flag_columns, gaps, cfg) for _, rows in
                          counts.groupby(["kind", "key"], sort=True)], ignore_index=True)[columns]
    table = spike_table(grid.reindex(columns=days).to_numpy(dtype=float),
                        np.array(days, dtype="datetime64[D]"), **_spike_settings(cfg, gaps))
    keys = pd.MultiIndex.from_frame(counts[["kind", "key"]])
    position = {d: i for i, d in enumerate(days)}
    col = np.fromiter((position[d] for d in counts["day"]), dtype=np.intp, count=len(counts))
    row = grid.index.get_indexer(keys)
    flags = {c: table[c][row, col] for c in flag_columns}
    return pd.DataFrame({**flags, "kind": counts["kind"].to_numpy(), "key": counts["key"].to_numpy(),
                         "label": counts["label"].to_numpy(), "day": counts["day"].to_numpy(),
                         "articles": counts["articles"].to_numpy(), "stories": counts["stories"].to_numpy(),
                         "share": counts["share"].to_numpy()})[columns]


def _spike_settings(cfg: DigestConfig, gaps: list[date]) -> dict:
    """The keyword arguments of spike_table from the digest settings."""
    return {"sensitivity": cfg.sensitivity, "min_baseline_days": cfg.min_baseline_days,
            "min_articles": cfg.min_articles, "gap_days": gaps}


def _score_rows(rows: pd.DataFrame, flag_columns: list[str], gaps: list[date], cfg: DigestConfig) -> pd.DataFrame:
    """score_keys for one key whose days differ from the others' (one series on its own)."""
    days = np.array(list(rows["day"]), dtype="datetime64[D]")
    table = spike_table(rows["articles"].to_numpy(dtype=float)[np.newaxis, :], days, **_spike_settings(cfg, gaps))
    return rows.reset_index(drop=True).drop(columns=["coverage_gap"]).assign(
        **{c: table[c][0] for c in flag_columns})


def key_label(kind: str, key: str, label: str | None) -> str:
    """Display name: the short CLDR name of a country ('Congo (DRC)'), the IPTC label of a topic (from
    iptc_topics.yaml when no article gave one: a watched topic with no article yet)."""
    if kind == "country":
        return country_name(key)
    from mediamon.watches.config import topic_labels

    return label if isinstance(label, str) and label else topic_labels().get(key, key)  # (NaN: none read)


def day_summary(scored: pd.DataFrame, run_date: date, cfg: DigestConfig) -> pd.DataFrame:
    """One row per key for run_date: counts, baseline, z, spike, whether it is watched, and yesterday's
    articles (the ingest day before run_date; None when there was none)."""
    today = scored[scored["day"] == run_date].copy()
    earlier = scored[scored["day"] < run_date]
    if len(earlier):
        before = earlier[earlier["day"] == earlier["day"].max()].set_index(["kind", "key"])["articles"]
        today["yesterday"] = before.reindex(pd.MultiIndex.from_frame(today[["kind", "key"]])).to_numpy()
    else:
        today["yesterday"] = np.nan
    today["watched"] = [cfg.is_watched(k, key) for k, key in zip(today["kind"], today["key"])]
    return today.sort_values(["kind", "spike", "articles", "key"], ascending=[True, False, False, True])


def pages_to_build(summary: pd.DataFrame, cfg: DigestConfig) -> list[tuple[str, str]]:
    """The (kind, key) pairs that get full digests: every key with articles that day, watched keys even
    without, and spiking keys if configured."""
    with_articles = [(k, key) for k, key, n in zip(summary["kind"], summary["key"], summary["articles"]) if n > 0]
    watched = [(kind, key) for kind in KINDS for key in sorted(cfg.countries if kind == "country" else cfg.topics)]
    spiking = [(k, key) for k, key, s in zip(summary["kind"], summary["key"], summary["spike"])
               if s and cfg.build_spiking]
    return list(dict.fromkeys(sorted(with_articles) + watched + spiking))


def change_rules(cfg: DigestConfig) -> ChangeRules:
    """What counts as a change since yesterday, from the digest settings."""
    return ChangeRules(top=cfg.changes_top, min_z=cfg.changes_min_z, min_difference=cfg.changes_min_difference,
                       min_baseline_days=cfg.min_baseline_days)


def assemble_digest(day: DayData, rows: list, kind: str, key: str, cfg: DigestConfig) -> dict:
    """The digest of one key on one day as a JSON-ready document; `rows` are the key's score_keys
    rows as records (records_by_key)."""
    rows = sorted(rows, key=lambda r: r.day)
    label = rows[0].label if rows else None
    volume = _volume(day, rows, cfg)
    event_rows = day.key_rows("top_events", kind, key)
    events = _top_events(event_rows)
    watches = [{"name": r.watch_name, "matches": int(r.matches)} for r in day.key_rows("watch_keys", kind, key)]
    return {
        "kind": kind, "key": key, "file_key": render.file_key(key), "label": key_label(kind, key, label),
        "run_date": day.run_date.isoformat(), "watched": cfg.is_watched(kind, key),
        "changes": key_changes({**volume, "yesterday": _yesterday(rows, day.run_date)}, events, watches,
                               change_rules(cfg)),
        "volume": volume,
        "top_stories": events,
        "top_stories_more": int(event_rows[0].key_events) - len(events) if event_rows else 0,  # not listed
        "sources": _sources(day, kind, key),
        "co_mentions": _co_mentions(day.key_rows("co_mentions", kind, key), cfg.co_mentions),
        "trend": _trend(rows, day.run_date, cfg.trend_days),
        "quality": day.quality,
    }


def _yesterday(rows: list, run_date: date) -> int | None:
    """The key's articles on the last ingest day before run_date (rows in day order), None without one."""
    before = [r for r in rows if r.day < run_date]
    return int(before[-1].articles) if before else None


def _volume(day: DayData, rows: list, cfg: DigestConfig) -> dict:
    """The day's counts against the baselines, with the spike flag and any coverage-gap note; `rows`
    are the key's score_keys rows as records, in day order."""
    day_articles, gap_checks = day.run_day_figures
    today = [r for r in rows if r.day == day.run_date]
    out = {"day_articles": day_articles, "loaded": day.loaded,
           "sensitivity": cfg.sensitivity, "gap_checks": gap_checks,
           "share_baseline_28": _share_baseline(rows, day.run_date)}
    fields = ("articles", "stories", "share", "baseline", "baseline_14", "baseline_28", "baseline_days",
              "baseline_n", "baseline_weekday", "spread", "z", "spike", "coverage_gap")
    if today:
        out.update({f: _plain(getattr(today[0], f)) for f in fields})
    else:
        out.update({f: None for f in fields} | {"articles": 0, "stories": 0, "spike": False, "baseline_days": 0,
                                                 "share": 0.0 if day_articles else None,
                                                 "coverage_gap": gap_checks is not None})
    return out


def _share_baseline(rows: list, run_date: date) -> float | None:
    """Mean share over the 28 days before run_date, coverage-gap days left out."""
    start = run_date - timedelta(days=WINDOW_DAYS)
    window = [float(r.share) for r in rows
              if start <= r.day < run_date and not r.coverage_gap and not pd.isna(r.share)]
    return _plain(math.fsum(window) / len(window)) if window else None


def _first_seen(row: object) -> dict:
    """An event's first_seen_at (the earliest publication time of its articles when one is known, else the
    first crawl time) and first_seen_source ("published" or "crawled")."""
    published = _plain(row.first_published_at)
    return {"first_seen_at": published or _plain(row.first_crawled_at),
            "first_seen_source": "published" if published else "crawled"}


def _top_events(rows: list) -> list[dict]:
    """Ranked events of one key, with a two-sentence extract of the representative article."""
    events = []
    for r in rows:
        events.append({"event_id": r.event_id, "story_id": r.story_id, "article_id": r.article_id,
                       "title": _plain(r.title), "url": r.url, "language": _plain(r.language),
                       "outlets": [str(o) for o in r.outlets], "outlet_count": int(r.outlet_count),
                       "article_count": int(r.article_count), **_first_seen(r),
                       "first_crawled_at": _plain(r.first_crawled_at),
                       "last_seen_at": _plain(r.last_seen_at), "is_new": bool(r.is_new),
                       "extract": two_sentences(_plain(r.text) or "")})
    return events


def _new_events(frame: pd.DataFrame) -> list[dict]:
    """The day's new events over all keys, with the countries their articles name most."""
    events = []
    for r in _records(frame):
        events.append({"event_id": r.event_id, "article_id": r.article_id, "title": _plain(r.title), "url": r.url,
                       "outlets": [str(o) for o in r.outlets], "outlet_count": int(r.outlet_count),
                       "article_count": int(r.article_count), **_first_seen(r),
                       "countries": [{"key": c, "file_key": render.file_key(c), "label": country_name(c)}
                                     for c in r.countries]})
    return events


def two_sentences(text: str, *, n: int = 2, max_chars: int = EXTRACT_MAX_CHARS) -> str:
    """The first n sentences of text, cut at max_chars on a word boundary."""
    flat = " ".join(text.split())
    ends = []
    for m in SENTENCE_END_RE.finditer(flat):  # the first n ends only: a long text holds many more
        if not _is_abbreviation(m.group(1)):
            ends.append(m.end())
            if len(ends) == n:
                break
    extract = flat[:ends[n - 1]] if len(ends) >= n else flat
    if len(extract) > max_chars:
        extract = extract[:max_chars].rsplit(" ", 1)[0] + " …"
    return extract


def _is_abbreviation(word: str) -> bool:
    """True for words whose full stop does not end a sentence (Dr., Gen., U.S.)."""
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _sources(day: DayData, kind: str, key: str) -> dict:
    """Outlets, countries of publication and language mix of one key's articles that day."""
    outlets = day.key_outlets.get((kind, key), [])
    langs = day.key_rows("languages", kind, key)
    return {
        "outlets": outlets,
        "countries_of_publication": [{"country": c, "articles": n} for c, n in _sum_by_country(outlets)],
        "languages": [{"language": _plain(r.language), "articles": int(r.articles)} for r in langs],
    }


def _sum_by_country(outlets: list[dict]) -> list[tuple[str, int]]:
    """Articles per country of publication ('??' when unknown), most first; ties ordered as pandas'
    Series.sort_values(ascending=False) orders a series indexed by country in sorted order."""
    sums: dict[str, int] = {}
    for o in outlets:
        country = "??" if o["source_country"] is None else o["source_country"]
        sums[country] = sums.get(country, 0) + o["articles"]
    countries = sorted(sums)
    counts = np.array([sums[c] for c in countries], dtype="int64")
    order = np.arange(len(counts))[::-1][counts[::-1].argsort(kind="quicksort")][::-1]  # pandas' nargsort
    return [(countries[i], int(counts[i])) for i in order]


def _co_mentions(rows: list, limit: int) -> dict:
    """The countries and topics most often tagged on the same articles as the key (the first `limit` of each;
    `more` says how many each leaves out)."""
    out: dict = {"more": {}}
    for co_kind, name in (("country", "countries"), ("topic", "topics")):
        part = [r for r in rows if r.co_kind == co_kind]
        out[name] = [{"key": r.co_key, "file_key": render.file_key(r.co_key),
                      "label": key_label(co_kind, r.co_key, r.co_label), "articles": int(r.articles)}
                     for r in part[:limit]]
        out["more"][name] = max(len(part) - limit, 0)
    return out


def _trend(rows: list, run_date: date, days: int) -> list[dict]:
    """The last `days` ingest days up to run_date (rows: records in day order): counts, baseline, z, flags."""
    recent = [r for r in rows if r.day <= run_date][-days:] if days > 0 else []
    return [{"day": r.day.isoformat(), "articles": int(r.articles), "stories": int(r.stories),
             "share": _plain(r.share), "baseline": _plain(r.baseline), "z": _plain(r.z),
             "spike": bool(r.spike), "coverage_gap": bool(r.coverage_gap)} for r in recent]


def quality_footer(day: DayData) -> dict:
    """Validation results, quarantined counts and feeds down, the same on every digest of the day, with
    the failed checks in plain words (notes) for the banner."""
    failed = day.validation[~day.validation["success"].astype(bool)]
    failed_rows = [{k: _plain(v) for k, v in row.items()} for row in failed.to_dict("records")]
    outlets = dict(zip(day.outlets["source_id"], day.outlets["name"]))
    return {
        "checks": len(day.validation), "checks_failed": len(failed),
        "notes": quality_notes(failed_rows, load_thresholds(), outlets, day.gx_dir),
        "failed": failed_rows,
        "quarantine": [{k: _plain(v) for k, v in row.items()} for row in day.quarantine.to_dict("records")],
        "quarantined": int(day.quarantine["records"].sum()) if len(day.quarantine) else 0,
        "feeds_down": [{k: _plain(v) for k, v in row.items()} for row in day.feeds_down.to_dict("records")],
        "feed_gaps": [{k: _plain(v) for k, v in row.items()} for row in day.feed_gaps.to_dict("records")],
    }


def watch_documents(day: DayData) -> list[dict]:
    """Each watch (saved search) with its query, today's matches and their evidence, and its daily match
    counts; watches that matched today first."""
    daily: dict[str, list[dict]] = {}
    for r in _records(day.watch_daily):
        daily.setdefault(r.watch_name, []).append({"day": str(_plain(r.day))[:10], "matches": int(r.matches)})
    matches: dict[str, list[dict]] = {}
    for r in _records(day.watch_matches):
        matches.setdefault(r.watch_name, []).append(
            {"article_id": r.article_id, "title": _plain(r.title), "url": r.url, "outlet": _plain(r.outlet),
             "language": _plain(r.language), "published_at": _plain(r.published_at),
             "matched_terms": [str(t) for t in r.matched_terms], "matched_in": r.matched_in,
             "snippet": _plain(r.snippet)})
    defined = {r.watch_name: r for r in _records(day.watch_list)}
    out = []
    for name in dict.fromkeys([*defined, *daily, *matches]):
        found, days, w = matches.get(name, []), daily.get(name, []), defined.get(name)
        out.append({"name": name, "query": _plain(w.query) if w else None,
                    "description": _plain(w.description) if w else None,
                    "filters": {f: [str(v) for v in getattr(w, f)] for f in WATCH_FILTERS} if w else {},
                    "matches_today": len(found), "matches_window": sum(d["matches"] for d in days),
                    "days_with_matches": sum(1 for d in days if d["matches"]), "daily": days, "matches": found})
    return sorted(out, key=lambda w: (-w["matches_today"], w["name"]))


def _dates(values: pd.Series | pd.Index) -> pd.Index:
    """datetime.date values from a DuckDB DATE column (whatever pandas made of it)."""
    if isinstance(values.dtype, np.dtype) and values.dtype.kind == "M":  # datetime64 without a zone: all at once
        return pd.Index(pd.DatetimeIndex(values).date, dtype=object)
    return pd.Index([v.date() if isinstance(v, pd.Timestamp) else v for v in values], dtype=object)


def _records(frame: pd.DataFrame) -> list:
    """The rows of a frame as named tuples (like itertuples, without its per-column indexing cost)."""
    row = _row_type(tuple(frame.columns))
    return [row._make(values) for values in zip(*(frame[c].to_numpy() for c in frame.columns))]


@lru_cache(maxsize=64)
def _row_type(columns: tuple[str, ...]) -> type:
    """The named tuple type of a frame's rows."""
    return namedtuple("Row", columns, rename=True)


def _plain(value: object) -> object:
    """A JSON-ready Python value: NaN/NA become None, numpy scalars and timestamps plain."""
    kind = type(value)
    if kind is str or kind is int:  # the common cases first: a digest has thousands of values
        return value
    if kind is pd.Timestamp:  # not NaT, whose type is its own
        return value.isoformat()
    if kind is float or kind is np.float64:
        return None if value != value else round(float(value), 6)
    if value is None or (not isinstance(value, (str, list, tuple, np.ndarray)) and pd.isna(value)):
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return round(float(value), 6)
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()
    return value


def summary_document(summary: pd.DataFrame, day: DayData, pages: set[tuple[str, str]], cfg: DigestConfig) -> dict:
    """The day's index as a document: what changed since yesterday, every key with articles, watched or
    spiking, per kind, the watches and the quality banner."""
    totals = day.run_day_totals
    out = {"run_date": day.run_date.isoformat(), "quality": day.quality, "day_articles": day.run_day_figures[0],
           "coverage_gap": bool(len(totals) and totals["coverage_gap"].iloc[0]),
           "gap_checks": _plain(totals["gap_checks"].iloc[0]) if len(totals) else None}
    rows = [{"kind": r.kind, "key": r.key, "file_key": render.file_key(r.key),
             "label": key_label(r.kind, r.key, r.label),
             "articles": int(r.articles), "stories": int(r.stories), "share": _plain(r.share),
             "yesterday": _plain(r.yesterday), "baseline": _plain(r.baseline), "baseline_days": _plain(r.baseline_days),
             "z": _plain(r.z), "spike": bool(r.spike), "coverage_gap": bool(r.coverage_gap), "watched": bool(r.watched),
             "has_page": (r.kind, r.key) in pages} for r in _records(summary)]
    rows += _unseen_watched_rows(rows, cfg, pages, day)
    for kind in KINDS:   # every key with articles, watched or spiking; rises and falls are read from all
        listed = [r for r in rows if r["kind"] == kind and (r["articles"] > 0 or r["watched"] or r["spike"])]
        out[kind] = sorted(listed, key=lambda r: (not r["spike"], -r["articles"], r["key"]))  # as day_summary
    events = _with_spikes_first(_new_events(day.new_events), {r["key"] for r in rows if r["spike"]})
    for event in events:
        for country in event["countries"]:
            country["has_page"] = ("country", country["key"]) in pages
    new_count = int(day.new_events["new_events"].iloc[0]) if len(day.new_events) else 0
    out["changes"] = day_changes(rows, events, day.watches, change_rules(cfg), new_event_count=new_count)
    out["spikes"] = [{k: r[k] for k in ("kind", "key", "label", "articles", "z")} for r in sorted(
        (r for r in rows if r["spike"]), key=lambda r: (-(r["z"] or 0.0), -r["articles"], r["key"]))]  # highest z first
    out["watches"] = day.watches
    return out


def _with_spikes_first(events: list[dict], spiking: set[str]) -> list[dict]:
    """The new events (ranked by outlets, then articles) with, among equals, those about a country that spikes today
    first (most such countries first): on a quiet day of one-article events, the stories behind the day's spike lead
    instead of the latest crawled (a stable sort: the query's order otherwise)."""
    return sorted(events, key=lambda e: (-e["outlet_count"], -e["article_count"],
                                         -sum(c["key"] in spiking for c in e["countries"])))


def _unseen_watched_rows(rows: list[dict], cfg: DigestConfig, pages: set[tuple[str, str]],
                         day: DayData) -> list[dict]:
    """A row for each watched key with no article stored in the window read (so no row of its own): the index
    lists every watched key, with nothing to compare yet."""
    seen = {(r["kind"], r["key"]) for r in rows}
    day_articles, gap_checks = day.run_day_figures
    return [{"kind": kind, "key": key, "file_key": render.file_key(key), "label": key_label(kind, key, None),
             "articles": 0, "stories": 0, "share": 0.0 if day_articles else None, "yesterday": None,
             "baseline": None, "baseline_days": 0, "z": None, "spike": False, "coverage_gap": gap_checks is not None,
             "watched": True, "has_page": (kind, key) in pages}
            for kind in KINDS for key in sorted(cfg.countries if kind == "country" else cfg.topics)
            if (kind, key) not in seen]


def alert_documents(docs: list[dict]) -> list[dict]:
    """One alert per watched key that spiked, with its top stories (read by mediamon.digest.alerts)."""
    return [{"kind": d["kind"], "key": d["key"], "label": d["label"], "run_date": d["run_date"],
             "articles": d["volume"]["articles"], "baseline": d["volume"]["baseline"], "z": d["volume"]["z"],
             "coverage_gap": d["volume"]["coverage_gap"],
             "page": f"{d['run_date']}/{d['kind']}/{d['file_key']}.html",
             "top_stories": [{k: s[k] for k in ("title", "url", "outlet_count", "outlets", "first_seen_at")}
                             for s in d["top_stories"][:5]]}
            for d in docs if d["watched"] and d["volume"]["spike"]]


def build_digests(db_path: Path, run_date: str, out_dir: Path, *, watch: dict | None = None) -> Path:
    """Compute the day's digests from the warehouse (read-only) and write them under out_dir/<date>/;
    returns the day's index.html. `watch` ({'countries': [...], 'topics': [...]}) overrides digest.yaml.
    Quality reports are linked when <out_dir>/../gx_docs holds them (out_dir is <data-dir>/digests)."""
    started = time.monotonic()
    cfg = load_digest_config().with_watch(watch)
    day = load_day(Path(db_path), parse_run_date(run_date), cfg, gx_dir=Path(out_dir).parent / "gx_docs")
    scored = score_keys(day, cfg)
    summary = day_summary(scored, day.run_date, cfg)
    pages = pages_to_build(summary, cfg)
    by_key = records_by_key(scored)
    docs = [assemble_digest(day, by_key.get((kind, key), []), kind, key, cfg) for kind, key in pages]
    _link_pages(docs, set(pages))
    summary_doc = summary_document(summary, day, set(pages), cfg)
    note = data_note(Path(out_dir))
    for doc in [*docs, summary_doc]:
        doc["data_note"] = note
    index = _write_day(Path(out_dir), day.run_date.isoformat(), docs, summary_doc)
    logger.info("digest run_date=%s keys=%s pages=%s spikes=%s seconds=%.1f", run_date, len(summary),
                len(docs), int(summary["spike"].sum()) if len(summary) else 0, time.monotonic() - started)
    return index


def data_note(out_dir: Path) -> str | None:
    """The text of <out_dir>/note.json, a note about where the data comes from (the demo writes one
    saying which days it assigned); None when there is none or it cannot be read."""
    path = out_dir / DATA_NOTE_FILE
    try:
        text = json.loads(path.read_text(encoding="utf-8")).get("text")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError) as err:
        logger.warning("digest note %s ignored: %s", path, err)
        return None
    if not text:
        return None
    return str(text).strip() or None


def _link_pages(docs: list[dict], pages: set[tuple[str, str]]) -> None:
    """Mark co-mentioned keys that have their own page, so the HTML can link to them."""
    for doc in docs:
        for co_kind, name in (("country", "countries"), ("topic", "topics")):
            for item in doc["co_mentions"][name]:
                item["has_page"] = (co_kind, item["key"]) in pages


def _write_day(out_dir: Path, run_date: str, docs: list[dict], summary: dict) -> Path:
    """Write the day's files into a fresh folder, then swap it in place (readers never see half)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{run_date}.", dir=out_dir))
    for doc in docs:
        folder = tmp / doc["kind"]
        folder.mkdir(exist_ok=True)
        for fmt in FORMATS:
            (folder / f"{doc['file_key']}.{fmt}").write_text(render.render(doc, fmt), encoding="utf-8")
    (tmp / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    (tmp / "alerts.json").write_text(json.dumps(alert_documents(docs), ensure_ascii=False, indent=2),
                                     encoding="utf-8")
    (tmp / "index.html").write_text(render.day_index_html(summary), encoding="utf-8")
    (tmp / "index.md").write_text(render.day_index_markdown(summary), encoding="utf-8")
    (tmp / "watches.json").write_text(json.dumps(summary["watches"], ensure_ascii=False, indent=2), encoding="utf-8")
    (tmp / "watches.html").write_text(render.watches_html(summary), encoding="utf-8")
    final, old = out_dir / run_date, out_dir / f".{run_date}.old"
    tmp.chmod(0o755)
    try:
        with publish_lock(out_dir):  # one digest at a time swaps its day in and lists the days
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                final.rename(old)
            tmp.rename(final)
            dates = sorted((p.name for p in out_dir.iterdir() if p.is_dir() and DATE_RE.match(p.name)), reverse=True)
            replace_text(out_dir / "index.html", render.dates_index_html(dates))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone once swapped in; left behind when the lock was not had
    shutil.rmtree(old, ignore_errors=True)
    return final / "index.html"


def publish_lock(out_dir: Path) -> AbstractContextManager[None]:
    """Hold the digests folder's publishing lock (<out_dir>.lock, beside the folder so that it is never published):
    two digests built at once, of the same day or of two, swap their folders in and write the list of days in
    turn, so that the list holds both days and no swap moves the other's folder away."""
    return exclusive_lock(out_dir.with_name(out_dir.name + ".lock"), wait_s=PUBLISH_WAIT_S, poll_s=0.05,
                          busy=lambda: DigestError(
                              f"digests in {out_dir} have been held by another digest build for over "
                              f"{PUBLISH_WAIT_S:.0f} s (its lock {out_dir.name}.lock is freed when that process "
                              "ends); run this digest again once it has finished"))


def render_digest(db_path: Path, run_date: str, *, country: str | None = None, topic: str | None = None,
                  fmt: str = "md", digests_dir: Path | None = None) -> str:
    """One country or topic digest as Markdown, HTML or JSON text (for the CLI), with the data note of
    digests_dir (default: the digests folder beside the warehouse, <data-dir>/digests) as the written pages have."""
    if (country is None) == (topic is None):
        raise ConfigError("give exactly one of --country CC or --topic CODE")
    if fmt not in FORMATS:
        raise ConfigError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    kind, key = ("country", country.upper()) if country else ("topic", str(topic))
    cfg = load_digest_config()
    day = load_day(Path(db_path), parse_run_date(run_date), cfg)
    scored = score_keys(day, cfg)
    doc = assemble_digest(day, records_by_key(scored).get((kind, key), []), kind, key, cfg)
    _link_pages([doc], set())
    doc["data_note"] = data_note(Path(digests_dir) if digests_dir else Path(db_path).parent / "digests")
    return render.render(doc, fmt)


def digest_rows(db_path: Path, run_date: str) -> dict[str, pd.DataFrame]:
    """The day's scored rows per kind ({'country_daily': ..., 'topic_daily': ...}), with the
    configured sensitivity, for a load stage that wants to materialise them."""
    cfg = load_digest_config()
    day = load_day(Path(db_path), parse_run_date(run_date), cfg)
    summary = day_summary(score_keys(day, cfg), day.run_date, cfg)
    return {f"{kind}_daily": summary[summary["kind"] == kind].drop(columns=["kind", "watched", "yesterday"])
            .reset_index(drop=True) for kind in KINDS}
