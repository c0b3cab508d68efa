"""The expectation suites, in code: one list of checks per stage, built from quality.yaml thresholds."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

from mediamon.tables import ARTICLE_COUNTRIES, ARTICLE_TOPICS, ARTICLES, BATCH_STATS, FEED_ITEMS

FEED_ITEM_COLUMNS = FEED_ITEMS.columns
ARTICLE_COLUMNS = tuple(c for c in ARTICLES.columns if c != "event_id")  # no check reads it; validate_run sets it
COUNTRY_COLUMNS = tuple(c for c in ARTICLE_COUNTRIES.columns if c != "spans")  # the columns the suite checks
TOPIC_COLUMNS = tuple(c for c in ARTICLE_TOPICS.columns if c != "evidence")
STATS_COLUMNS = BATCH_STATS.columns

TEXT_LOWERCASE = "text_lowercase"  # derived from text for the boilerplate check
ROW_KEY = "_row"  # positional row number added to every validated frame; GX reports failing rows by it
URL_REGEX = r"^https?://\S+$"
NOT_BLANK_REGEX = r"\S"


@dataclass(frozen=True)
class Check:
    """One expectation with its config name, severity and how its failures are read."""

    name: str  # key under <suite>.severity in quality.yaml
    expectation: Any  # a great_expectations expectation
    severity: str  # row / warn / critical
    keep_first: tuple[str, ...] = ()  # duplicate check: the first copy per these columns is not a failure
    reason: str | None = None  # reason code placed before the expectation name (errors.REASONS)
    per_source: str | None = None  # batch check: observed_value names each failing source with this label


def end_of_run_day(run_date: str, tolerance_hours: float) -> datetime:
    """The latest plausible timestamp for a run: midnight after run_date (UTC) plus a tolerance."""
    day = datetime.strptime(run_date, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return day + timedelta(days=1, hours=tolerance_hours)


def feed_item_checks(cfg: dict, *, run_date: str) -> list[Check]:
    """URL present and http(s), title present, dates not in the future, (source_id, url) once per batch."""
    import great_expectations.expectations as gxe

    sev = cfg["severity"]
    latest = end_of_run_day(run_date, cfg["future_tolerance_hours"])
    return [
        Check("url_present", gxe.ExpectColumnValuesToNotBeNull(column="url"), sev["url_present"]),
        Check("url_http", gxe.ExpectColumnValuesToMatchRegex(column="url", regex=URL_REGEX), sev["url_http"]),
        Check("title_present", gxe.ExpectColumnValuesToNotBeNull(column="title"), sev["title_present"]),
        Check("title_not_blank", gxe.ExpectColumnValuesToMatchRegex(column="title", regex=NOT_BLANK_REGEX),
              sev["title_not_blank"]),
        Check("published_not_future", gxe.ExpectColumnValuesToBeBetween(column="published_at", max_value=latest),
              sev["published_not_future"]),
        Check("unique_in_batch", gxe.ExpectCompoundColumnsToBeUnique(column_list=["source_id", "url"]),
              sev["unique_in_batch"], keep_first=("source_id", "url"), reason="duplicate-in-batch"),
    ]


def article_checks(cfg: dict, *, run_date: str, languages: set[str]) -> list[Check]:
    """Identity, title, text length, language, plausible date and boilerplate rate of articles."""
    import great_expectations.expectations as gxe

    sev = cfg["severity"]
    earliest = datetime.strptime(cfg["earliest_published_at"], "%Y-%m-%d").replace(tzinfo=timezone.utc)
    latest = end_of_run_day(run_date, cfg["future_tolerance_hours"])
    return [
        Check("article_id_present", gxe.ExpectColumnValuesToNotBeNull(column="article_id"),
              sev["article_id_present"]),
        Check("article_id_unique", gxe.ExpectColumnValuesToBeUnique(column="article_id"),
              sev["article_id_unique"], keep_first=("article_id",), reason="duplicate-in-batch"),
        Check("title_present", gxe.ExpectColumnValuesToNotBeNull(column="title"), sev["title_present"]),
        Check("title_not_blank", gxe.ExpectColumnValuesToMatchRegex(column="title", regex=NOT_BLANK_REGEX),
              sev["title_not_blank"]),
        Check("text_present", gxe.ExpectColumnValuesToNotBeNull(column="text"), sev["text_present"]),
        Check("text_min_words", gxe.ExpectColumnValuesToBeBetween(column="word_count", min_value=cfg["min_words"]),
              sev["text_min_words"]),
        Check("language_valid", gxe.ExpectColumnValuesToBeInSet(column="language", value_set=sorted(languages)),
              sev["language_valid"]),
        Check("language_present", gxe.ExpectColumnValuesToNotBeNull(column="language",
                                                                    mostly=cfg["language_present_share"]),
              sev["language_present"]),
        Check("published_plausible", gxe.ExpectColumnValuesToBeBetween(column="published_at", min_value=earliest,
                                                                       max_value=latest),
              sev["published_plausible"]),
        Check("boilerplate_absent", gxe.ExpectColumnValuesToNotMatchRegexList(
            column=TEXT_LOWERCASE, regex_list=boilerplate_patterns(cfg), mostly=1.0 - cfg["boilerplate_max_share"]),
              sev["boilerplate_absent"]),
    ]


def boilerplate_patterns(cfg: dict) -> list[str]:
    """Patterns for the boilerplate markers, to search in TEXT_LOWERCASE (each starts with a literal)."""
    lines = "|".join(re.escape(line.lower()) for line in cfg["boilerplate_lines"])
    return [rf"\n[ \t]*(?:{lines})[ \t]*\n", *(re.escape(p.lower()) for p in cfg["boilerplate_phrases"])]


def text_lowercase(text: pd.Series) -> pd.Series:
    """The text lower-cased between newlines, so a line marker also matches the first and last line."""
    return "\n" + text.str.lower() + "\n"


def country_checks(cfg: dict, *, countries: set[str]) -> list[Check]:
    """Country codes of article_countries are ISO 3166-1 alpha-2 (plus the configured extras)."""
    import great_expectations.expectations as gxe

    valid = sorted(countries | set(cfg["extra_country_codes"]))
    return [Check("country_code_valid", gxe.ExpectColumnValuesToBeInSet(column="country_code", value_set=valid),
                  cfg["severity"]["country_code_valid"])]


def topic_checks(cfg: dict, *, topic_codes: set[str]) -> list[Check]:
    """Topic codes of article_topics belong to the taxonomy the tagger emits."""
    import great_expectations.expectations as gxe

    return [Check("topic_code_valid", gxe.ExpectColumnValuesToBeInSet(column="topic_code",
                                                                      value_set=sorted(topic_codes)),
                  cfg["severity"]["topic_code_valid"])]


def batch_checks(cfg: dict) -> list[Check]:
    """Sources and articles present; per-source extraction rate, undated share, volume; quarantine share."""
    import great_expectations.expectations as gxe

    sev = cfg["severity"]
    return [
        Check("sources_present", gxe.ExpectTableRowCountToBeBetween(min_value=1), sev["sources_present"]),
        Check("articles_present", gxe.ExpectColumnValuesToBeBetween(column="batch_articles_extracted", min_value=1),
              sev["articles_present"]),
        Check("extraction_rate", gxe.ExpectColumnValuesToBeBetween(column="extraction_rate",
                                                                   min_value=cfg["min_extraction_rate"]),
              sev["extraction_rate"], per_source="low extraction rate"),
        Check("undated_share", gxe.ExpectColumnValuesToBeBetween(column="undated_share",
                                                                 max_value=cfg["max_undated_share"]),
              sev["undated_share"], per_source="many undated articles"),
        Check("volume_vs_median", gxe.ExpectColumnValuesToBeBetween(column="volume_ratio",
                                                                    min_value=cfg["min_volume_ratio"]),
              sev["volume_vs_median"], per_source="coverage gap (volume far below its 14-day median)"),
        Check("quarantine_share", gxe.ExpectColumnMaxToBeBetween(column="quarantine_share",
                                                                 max_value=cfg["max_quarantine_share_warn"]),
              sev["quarantine_share"]),
        Check("quarantine_share_critical", gxe.ExpectColumnMaxToBeBetween(
            column="quarantine_share", max_value=cfg["max_quarantine_share_critical"]),
              sev["quarantine_share_critical"]),
    ]


# Batch checks left out of a quarantine replay: its records are all quarantined ones, so a share of 1.0 or no
# article at all means nothing was fixed yet, not a broken crawl; the records stay quarantined with their reasons.
REPLAY_SKIPPED_CHECKS = frozenset({"articles_present", "quarantine_share", "quarantine_share_critical"})

CRITICAL_HINTS = {
    "sources_present": "no enabled source reached the batch suite: check sources.yaml and the plan of this run",
    "articles_present": "pages were fetched but no source gave a single article: look at fetch_log for this "
                        "run_date (errors per source: network down, robots, not-html?) and at the extract "
                        "rejections in quarantine",
    "quarantine_share_critical": "almost every record was quarantined: look at quarantine.reasons for this "
                                 "run_date; a common reason points at a broken stage or a changed input",
}
