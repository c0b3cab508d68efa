"""The quality banner in plain words: each failed check of the day's validation results as one sentence
with its limit from quality.yaml ("Wikinews: 93% of its articles have no publication date (limit 50% per
outlet)"), and where its Great Expectations report is. Reads result rows; writes nothing."""
from __future__ import annotations

import re
from pathlib import Path

LABEL_RE = re.compile(r"^(?P<kind>expect_[a-z_]+?)(?:\((?P<column>[^)]*)\)| (?P<table>\w+))?$")
PER_SOURCE_RE = re.compile(r"([^\s,=]+)=([0-9.]+)")
# Per-outlet batch checks: what a failing outlet's value means, and the limit's key in quality.yaml.
PER_OUTLET = {
    "undated_share": ("{value:.0%} of its articles have no publication date", "max_undated_share",
                      "limit {limit:.0%} per outlet"),
    "extraction_rate": ("text came out of only {value:.0%} of its pages", "min_extraction_rate",
                        "at least {limit:.0%} expected"),
    "volume_ratio": ("published {value:.0%} of its usual volume (14-day median), a possible coverage gap",
                     "min_volume_ratio", "at least {limit:.0%} expected"),
}
# Column-level checks of records: what a failing record lacks.
RECORD_PROBLEMS = {
    ("expect_column_values_to_not_be_null", "language"): "have no detected language",
    ("expect_column_values_to_not_match_regex_list", "text_lowercase"):
        "carry page furniture in their text (cookie notices, 'most read' lists)",
    ("expect_column_values_to_not_be_null", "title"): "have no title",
    ("expect_column_values_to_match_regex", "title"): "have a blank title",
    ("expect_column_values_to_not_be_null", "text"): "have no text",
    ("expect_column_values_to_be_between", "word_count"): "are too short to be articles",
    ("expect_column_values_to_be_between", "published_at"): "have an impossible publication date",
    ("expect_column_values_to_not_be_null", "url"): "have no URL",
    ("expect_column_values_to_match_regex", "url"): "have a URL that is not http(s)",
    ("expect_column_values_to_be_unique", "article_id"): "are duplicates",
    ("expect_compound_columns_to_be_unique", "source_id, url"): "are listed twice",
    ("expect_column_values_to_be_in_set", "language"): "have an unknown language code",
    ("expect_column_values_to_be_in_set", "country_code"): "have an unknown country code",
    ("expect_column_values_to_be_in_set", "topic_code"): "have an unknown topic code",
}
RECORD_NOUN = {"feed_items": "feed items", "articles": "articles", "article_countries": "country tags",
               "article_topics": "topic tags"}
# Where each suite's Data Docs are, under <data-dir>/gx_docs/.
DOCS_FOLDER = {"feed_items": "feed_items", "articles": "articles", "article_countries": "articles",
               "article_topics": "articles", "batch": "batch"}


def check_sentence(row: dict, thresholds: dict, outlets: dict[str, str]) -> str:
    """One failed validation result as a sentence an analyst reads without knowing the expectation."""
    match = LABEL_RE.match(str(row.get("expectation") or ""))
    kind, column = (match["kind"], match["column"] or "") if match else (str(row.get("expectation")), "")
    batch = thresholds.get("batch", {})
    if column in PER_OUTLET and row.get("suite") == "batch":
        return _per_outlet(column, str(row.get("observed_value") or ""), batch, outlets)
    if column == "quarantine_share":
        limit = batch.get("max_quarantine_share_critical" if row.get("severity") == "critical"
                          else "max_quarantine_share_warn")
        return f"{_share(row.get('observed_value'))} of today's records were quarantined" + (
            f" (limit {limit:.0%})" if isinstance(limit, (int, float)) else "")
    if kind == "expect_table_row_count_to_be_between":
        observed, table = row.get("observed_value"), (match["table"] if match else None) or "outlets"
        if observed in (None, "", "0"):
            return "No enabled outlet reached the checks today"
        return f"Only {observed} {table} today, fewer than the checks expect"
    if column == "batch_articles_extracted":
        return "Pages were fetched but no outlet gave a single article"
    return _records(row, kind, column, thresholds)


def _per_outlet(column: str, observed: str, batch: dict, outlets: dict[str, str]) -> str:
    """'Wikinews: 93% of its articles have no publication date (limit 50% per outlet)', one clause per outlet."""
    what, limit_key, limit_text = PER_OUTLET[column]
    found = PER_SOURCE_RE.findall(observed.split(":", 1)[-1])
    parts = [f"{outlets.get(source, source)}: {what.format(value=float(value))}" for source, value in found]
    limit = batch.get(limit_key)
    tail = f" ({limit_text.format(limit=limit)})" if isinstance(limit, (int, float)) else ""
    return ("; ".join(parts) or f"{column.replace('_', ' ')} out of bounds ({observed or 'no detail'})") + tail


def _records(row: dict, kind: str, column: str, thresholds: dict) -> str:
    """'3 articles have no title', or a plain rewording of an unknown check."""
    noun = RECORD_NOUN.get(str(row.get("suite")), f"{row.get('suite')} records")
    problem = RECORD_PROBLEMS.get((kind, column))
    count = row.get("unexpected_count")
    if problem is None:
        words = kind.removeprefix("expect_").replace("_", " ")
        return f"{row.get('suite')}: {column or 'table'} failed the check “{words}”" + (
            f" ({count} {noun})" if count else "")
    limit = _limit_text(kind, column, thresholds.get("articles", {}))
    subject = f"{count} {noun}" if count is not None else f"Some {noun}"
    if count == 1:
        subject = f"1 {noun.removesuffix('s')}"
        problem = _singular(problem)
    return f"{subject} {problem}{limit}"


def _limit_text(kind: str, column: str, articles: dict) -> str:
    """The limit of a share check on articles, in words ('' for row checks)."""
    if column == "language" and kind.endswith("not_be_null") and "language_present_share" in articles:
        return f" (at least {articles['language_present_share']:.0%} should have one)"
    if column == "text_lowercase" and "boilerplate_max_share" in articles:
        return f" (limit {articles['boilerplate_max_share']:.0%} of articles)"
    return ""


def _singular(problem: str) -> str:
    """The verb of a problem phrase for one record ('have no title' -> 'has no title')."""
    for many, one in (("have ", "has "), ("are ", "is "), ("carry ", "carries ")):
        if problem.startswith(many):
            return one + problem.removeprefix(many)
    return problem


def _share(value: object) -> str:
    """A share as a whole percentage ('?' when it is not a number)."""
    try:
        return f"{float(str(value)):.0%}"
    except ValueError:
        return "?"


def docs_link(suite: str, gx_dir: Path | None) -> str | None:
    """The suite's Data Docs page relative to the data dir ('gx_docs/batch/index.html'), when it exists."""
    folder = DOCS_FOLDER.get(suite)
    if gx_dir is None or folder is None or not (gx_dir / folder / "index.html").is_file():
        return None
    return f"gx_docs/{folder}/index.html"


def quality_notes(failed: list[dict], thresholds: dict, outlets: dict[str, str], gx_dir: Path | None) -> list[dict]:
    """The banner's lines: one per failed check, critical first, each with its severity and report link."""
    order = {"critical": 0, "warn": 1, "row": 2}
    rows = sorted(failed, key=lambda r: (order.get(str(r.get("severity")), 3), str(r.get("suite"))))
    return [{"text": check_sentence(r, thresholds, outlets), "severity": r.get("severity"), "suite": r.get("suite"),
             "expectation": r.get("expectation"), "docs": docs_link(str(r.get("suite")), gx_dir)} for r in rows]
