"""Data quality: validate feed items, articles and batch stats as DataFrames with Great Expectations.

Reads the frames a stage built; gives the clean rows, the quarantined rows with every failed
expectation named, one validation_results row per expectation, and optionally GX Data Docs.
Policy (severities and thresholds in include/mediamon/config/quality.yaml):
    row      failing records are quarantined, the rest load
    warn     recorded, shown in the digest's quality footer
    critical QualityError with a message saying what to look at
GX is imported inside the functions: importing this package stays cheap.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from mediamon.errors import ConfigError, QualityError
from mediamon.quality.outcome import (
    QUARANTINE_COLUMNS,
    RESULT_COLUMNS,
    payload_records,
    quarantine_frame,
    raise_on_critical,
    result_rows,
    results_frame,
    row_reasons,
)
from mediamon.quality.suites import (
    ARTICLE_COLUMNS,
    COUNTRY_COLUMNS,
    FEED_ITEM_COLUMNS,
    REPLAY_SKIPPED_CHECKS,
    ROW_KEY,
    STATS_COLUMNS,
    TEXT_LOWERCASE,
    TOPIC_COLUMNS,
    Check,
    article_checks,
    batch_checks,
    country_checks,
    feed_item_checks,
    text_lowercase,
    topic_checks,
)
from mediamon.settings import CONFIG_DIR

__all__ = ["Validation", "validate_feed_items", "validate_articles", "validate_batch", "load_thresholds",
           "QUARANTINE_COLUMNS", "RESULT_COLUMNS"]

logger = logging.getLogger(__name__)

THRESHOLDS_FILE = CONFIG_DIR / "quality.yaml"
SEVERITIES = ("row", "warn", "critical")


@dataclass(frozen=True)
class Validation:
    """The outcome of one stage's validation."""

    clean: pd.DataFrame  # rows that passed (same columns and index as the input)
    quarantined: pd.DataFrame  # stage, record_key, reasons (JSON list of str), payload (JSON of the row), run_date
    results: pd.DataFrame  # run_id, run_date, suite, expectation, severity, success, unexpected_count, observed_value
    docs_index: Path | None  # Data Docs index.html, when built


def load_thresholds(path: Path | None = None) -> dict:
    """Thresholds and severities of every suite from quality.yaml; a bad file raises ConfigError."""
    path = path or THRESHOLDS_FILE
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the quality thresholds ({err})") from err
    problems = [f"{suite}: missing" for suite in ("feed_items", "articles", "batch")
                if not isinstance((config or {}).get(suite), dict)]
    for suite, section in (config or {}).items():
        for name, severity in (section.get("severity") or {}).items() if isinstance(section, dict) else ():
            if severity not in SEVERITIES:
                problems.append(f"{suite}.severity.{name}: '{severity}' is not one of {', '.join(SEVERITIES)}")
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    return config


def validate_feed_items(items: pd.DataFrame, *, run_date: str, run_id: str,
                        docs_dir: Path | None = None) -> Validation:
    """Check a batch of feed items; later copies of a (source_id, url) are quarantined as duplicates."""
    started = time.perf_counter()
    check_schema(items, FEED_ITEM_COLUMNS, "feed_items")
    frame = with_row_key(items, FEED_ITEM_COLUMNS)
    checks = feed_item_checks(load_thresholds()["feed_items"], run_date=run_date)
    results = run_one("feed_items", frame, checks, run_id=run_id, docs_dir=docs_dir)
    reasons = row_reasons(checks, results.by_suite["feed_items"], frame)
    rows = result_rows("feed_items", checks, results.by_suite["feed_items"], frame, run_id=run_id,
                       run_date=run_date)
    raise_on_critical("feed_items", rows, run_date=run_date)
    keys = record_keys(items, "url")
    validation = split(items, reasons, keys, stage="feed_items", run_date=run_date, rows=rows,
                       docs_index=results.docs_index)
    log_summary("feed_items", validation, rows_in=len(items), run_date=run_date, started=started)
    return validation


def validate_articles(articles: pd.DataFrame, countries: pd.DataFrame, topics: pd.DataFrame, *, run_date: str,
                      run_id: str, docs_dir: Path | None = None, topic_codes: set[str] | None = None) -> Validation:
    """Check articles and their country and topic rows; an article with a bad child row is quarantined whole."""
    from mediamon.quality.runner import Table

    started = time.perf_counter()
    for frame_, columns, name in ((articles, ARTICLE_COLUMNS, "articles"), (countries, COUNTRY_COLUMNS,
                                  "article_countries"), (topics, TOPIC_COLUMNS, "article_topics")):
        check_schema(frame_, columns, name)
    cfg = load_thresholds()["articles"]
    frame = with_row_key(articles, ARTICLE_COLUMNS)
    frame[TEXT_LOWERCASE] = text_lowercase(frame["text"].astype("str").where(frame["text"].notna()))
    tables = [Table("articles", frame,
                    article_checks(cfg, run_date=run_date, languages=language_codes())),
              Table("article_countries", with_row_key(countries, ("article_id", "country_code")),
                    country_checks(cfg, countries=country_codes())),
              Table("article_topics", with_row_key(topics, ("article_id", "topic_code")),
                    topic_checks(cfg, topic_codes=known_topic_codes(topics, topic_codes)))]
    results = run_many(tables, run_id=run_id, docs_dir=docs_dir, stage="articles")
    reasons, rows = article_reasons(tables, results.by_suite, run_id=run_id, run_date=run_date)
    raise_on_critical("articles", rows, run_date=run_date)
    validation = split(articles, reasons, record_keys(articles, "article_id"), stage="articles",
                       run_date=run_date, rows=rows, docs_index=results.docs_index,
                       children={"countries": countries, "topics": topics})
    log_summary("articles", validation, rows_in=len(articles), run_date=run_date, started=started)
    return validation


def validate_batch(stats: pd.DataFrame, *, run_date: str, run_id: str, quarantine_share: float,
                   docs_dir: Path | None = None, replay: bool = False) -> Validation:
    """Check per-source batch stats; warn on weak sources, raise QualityError on a critical failure. A quarantine
    replay leaves out the checks that judge a crawl (REPLAY_SKIPPED_CHECKS)."""
    started = time.perf_counter()
    check_schema(stats, STATS_COLUMNS, "batch")
    cfg = load_thresholds()["batch"]
    frame = with_row_key(batch_frame(stats, quarantine_share, min_count=cfg["min_count_for_rates"]),
                         (*STATS_COLUMNS, *DERIVED_COLUMNS))
    checks = [c for c in batch_checks(cfg) if not (replay and c.name in REPLAY_SKIPPED_CHECKS)]
    results = run_one("batch", frame, checks, run_id=run_id, docs_dir=docs_dir)
    rows = result_rows("batch", checks, results.by_suite["batch"], frame, run_id=run_id, run_date=run_date)
    try:
        raise_on_critical("batch", rows, run_date=run_date)
    except QualityError as err:
        err.results = results_frame(rows)  # the caller may still record what was validated
        raise
    validation = Validation(clean=stats, quarantined=pd.DataFrame(columns=QUARANTINE_COLUMNS),
                            results=results_frame(rows), docs_index=results.docs_index)
    log_summary("batch", validation, rows_in=len(stats), run_date=run_date, started=started)
    return validation


DERIVED_COLUMNS = ("extraction_rate", "undated_share", "volume_ratio", "quarantine_share", "batch_articles_extracted")


def batch_frame(stats: pd.DataFrame, quarantine_share: float, *, min_count: int) -> pd.DataFrame:
    """The stats with the ratios the batch suite checks (NaN, i.e. not checked, on too few counts)."""
    frame = stats.reset_index(drop=True).copy()
    frame["extraction_rate"] = ratio(frame["articles_extracted"], frame["pages_attempted"], min_count=min_count)
    frame["undated_share"] = ratio(frame["articles_undated"], frame["articles_extracted"], min_count=min_count)
    frame["volume_ratio"] = ratio(frame["articles_today"], frame["trailing_median_14d"], min_count=1)
    frame["quarantine_share"] = float(quarantine_share)
    attempted = pd.to_numeric(frame["pages_attempted"], errors="coerce").sum() > 0  # nothing new: not a failure
    extracted = float(pd.to_numeric(frame["articles_extracted"], errors="coerce").sum())
    frame["batch_articles_extracted"] = extracted if attempted else float("nan")
    return frame


def ratio(numerator: pd.Series, denominator: pd.Series, *, min_count: float) -> pd.Series:
    """numerator / denominator as floats, NaN where the denominator is missing or below min_count (or 0)."""
    top = pd.to_numeric(numerator, errors="coerce").astype("float64")
    bottom = pd.to_numeric(denominator, errors="coerce").astype("float64")
    return (top / bottom.where((bottom >= min_count) & (bottom > 0))).astype("float64")


@dataclass(frozen=True)
class _Run:
    """GX results by suite and check, and the Data Docs index."""

    by_suite: dict[str, dict[str, Any]]
    docs_index: Path | None


def run_one(suite: str, frame: pd.DataFrame, checks: list[Check], *, run_id: str,
            docs_dir: Path | None) -> _Run:
    """Validate one frame against one suite."""
    from mediamon.quality.runner import Table

    return run_many([Table(suite, frame, checks)], run_id=run_id, docs_dir=docs_dir, stage=suite)


def run_many(tables: list, *, run_id: str, docs_dir: Path | None, stage: str) -> _Run:
    """Validate the stage's tables in one context; Data Docs go to docs_dir/<stage>/."""
    from mediamon.quality.runner import run_tables

    by_suite, index = run_tables(tables, run_id=run_id, docs_dir=None if docs_dir is None else docs_dir / stage)
    return _Run(by_suite, index)


def article_reasons(tables: list, by_suite: dict[str, dict[str, Any]], *, run_id: str,
                    run_date: str) -> tuple[dict[int, list[str]], list[dict[str, Any]]]:
    """Reasons per article row (its own checks and its children's) and every result row."""
    articles = tables[0].frame
    reasons = row_reasons(tables[0].checks, by_suite["articles"], articles)
    positions = articles.groupby("article_id", dropna=True)[ROW_KEY].apply(list).to_dict()
    rows = result_rows("articles", tables[0].checks, by_suite["articles"], articles, run_id=run_id,
                       run_date=run_date)
    for table in tables[1:]:
        child = row_reasons(table.checks, by_suite[table.suite], table.frame, suite=table.suite)
        for child_row, why in child.items():
            for row in positions.get(table.frame.at[child_row, "article_id"], []):
                known = reasons.setdefault(row, [])
                known.extend(r for r in why if r not in known)
        rows += result_rows(table.suite, table.checks, by_suite[table.suite], table.frame, run_id=run_id,
                            run_date=run_date)
    return reasons, rows


def split(frame: pd.DataFrame, reasons: dict[int, list[str]], keys: list[str], *, stage: str, run_date: str,
          rows: list[dict[str, Any]], docs_index: Path | None,
          children: dict[str, pd.DataFrame] | None = None) -> Validation:
    """Separate the clean rows (original index kept) from the quarantined ones."""
    bad = sorted(reasons)
    good = [p for p in range(len(frame)) if p not in reasons]
    payloads = payload_records(frame.iloc[bad])
    if children:
        ids = [p.get("article_id") for p in payloads]
        for name, child in children.items():
            grouped = child[child["article_id"].isin(ids)].groupby("article_id")
            parts = {key: payload_records(part) for key, part in grouped}
            for payload in payloads:
                payload[name] = parts.get(payload.get("article_id"), [])
    quarantined = quarantine_frame(stage, payloads, [keys[p] for p in bad], [reasons[p] for p in bad],
                                   run_date=run_date)
    return Validation(clean=frame.iloc[good], quarantined=quarantined, results=results_frame(rows),
                      docs_index=docs_index)


def check_schema(frame: pd.DataFrame, columns: tuple[str, ...], suite: str) -> None:
    """Schema drift is critical: every column the suite reads must be there."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise QualityError(f"quality suite '{suite}': schema drift, missing column(s) {missing} "
                           f"(got {list(frame.columns)}); the stage that builds this frame and "
                           f"mediamon.quality.suites must agree on the columns")
    if "published_at" in columns and not isinstance(frame["published_at"].dtype, pd.DatetimeTZDtype):
        raise QualityError(f"quality suite '{suite}': schema drift, published_at is "
                           f"{frame['published_at'].dtype}, expected tz-aware datetime64 (UTC); parse it with "
                           f"pd.to_datetime(..., utc=True) before validating")


def with_row_key(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The columns a suite reads, positionally indexed, plus the ROW_KEY column GX reports rows by."""
    out = frame.loc[:, list(columns)].reset_index(drop=True)
    out[ROW_KEY] = range(len(out))
    return out


def record_keys(frame: pd.DataFrame, column: str) -> list[str]:
    """The record key of each row; a row without one gets a key naming its position."""
    return [value if isinstance(value, str) and value.strip() else f"(no {column}) row {pos}"
            for pos, value in enumerate(frame[column].tolist())]


def language_codes() -> set[str]:
    """ISO 639-1 two-letter language codes."""
    import pycountry

    return {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}


def country_codes() -> set[str]:
    """ISO 3166-1 alpha-2 country codes."""
    import pycountry

    return {country.alpha_2 for country in pycountry.countries}


def known_topic_codes(topics: pd.DataFrame, topic_codes: set[str] | None) -> set[str]:
    """The taxonomy codes to accept: the given set, or those of the batch the tagger's taxonomy knows."""
    if topic_codes is not None:
        return set(topic_codes)
    from mediamon.enrich.topics import is_topic_code

    return {code for code in topics["topic_code"].dropna().unique() if isinstance(code, str) and is_topic_code(code)}


def log_summary(stage: str, validation: Validation, *, rows_in: int, run_date: str, started: float) -> None:
    """One INFO line per stage, and one WARNING per failed warn-level check."""
    results = validation.results
    failed = results[(~results["success"]) & (results["severity"] != "row")]
    for row in failed.itertuples():
        logger.warning("quality suite=%s run_date=%s expectation=%s severity=%s observed=%s", row.suite,
                       run_date, row.expectation, row.severity, row.observed_value)
    logger.info("quality stage=%s run_date=%s in=%s clean=%s quarantined=%s warnings=%s seconds=%.2f", stage,
                run_date, rows_in, len(validation.clean), len(validation.quarantined), len(failed),
                time.perf_counter() - started)
