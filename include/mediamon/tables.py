"""The staged tables: each one's columns, declared once. The validate stage writes them under
validated/ (mediamon.rundir), the quality suites check them, and sql/load/ reads them by name."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StagedTable:
    """A table the stages exchange: its file under validated/, its columns, its timestamp columns, and its URL
    columns that may carry credentials (a feed URL written user:secret@host or with ?api_key=... in
    sources.yaml, a redirect's target): they are staged with those shown as *** (errors.redact_credentials), so no
    secret reaches the warehouse."""

    name: str
    columns: tuple[str, ...]
    dates: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        """Its Parquet file name under validated/."""
        return f"{self.name}.parquet"


FEED_ITEMS = StagedTable("feed_items", ("source_id", "feed_url", "url", "title", "summary", "published_at", "guid"),
                         dates=("published_at",))
ARTICLES = StagedTable("articles", (
    "article_id", "url", "source_id", "title", "author", "published_at", "date_source", "language",
    "language_confidence", "text", "word_count", "text_source", "method", "site_name", "image", "feed_url",
    "first_seen_at", "story_id", "event_id", "run_date"), dates=("published_at", "first_seen_at"),
    credentials=("feed_url",))
ARTICLE_COUNTRIES = StagedTable("article_countries", ("article_id", "country_code", "mentions", "is_focus", "spans"))
ARTICLE_TOPICS = StagedTable("article_topics", ("article_id", "topic_code", "topic_label", "score", "evidence"))
STORY_SIGNATURES = StagedTable("story_signatures", ("article_id", "story_id", "signature", "first_seen_at"),
                               dates=("first_seen_at",))
QUARANTINE = StagedTable("quarantine", ("stage", "record_key", "reasons", "payload", "run_date", "item_id"),
                         credentials=("record_key", "payload"))  # a feed's URL; an item's feed_url and link
VALIDATION_RESULTS = StagedTable("validation_results", (
    "run_id", "run_date", "suite", "expectation", "severity", "success", "unexpected_count", "observed_value"))
ITEM_OUTCOMES = StagedTable("item_outcomes", (
    "run_id", "run_date", "item_id", "source_id", "feed_url", "url", "outcome", "stage", "reason", "article_id"),
    credentials=("feed_url",))
SOURCES = StagedTable("sources", ("source_id", "name", "homepage", "country", "language", "type", "region",
                                  "enabled"))
FEEDS = StagedTable("feeds", ("feed_url", "source_id", "fetched_at", "status", "error", "ok", "etag",
                              "last_modified", "body_sha256", "items", "items_dated", "items_skipped", "skipped"),
                    dates=("fetched_at",),
                    credentials=("feed_url",))
FETCH_LOG = StagedTable("fetch_log", ("run_id", "run_date", "url", "source_id", "kind", "fetched_at", "attempt",
                                      "status", "bytes", "elapsed_ms", "error", "final_url", "from_cache", "robots",
                                      "content_type"), dates=("fetched_at",), credentials=("url", "final_url"))
FEED_GAPS = StagedTable("feed_gaps", ("feed_url", "source_id", "detected_at", "previous_poll_at", "items_in_window",
                                      "missed_from", "missed_to", "estimated_missed"), credentials=("feed_url",))
BATCH_STATS = StagedTable("batch_stats", ("source_id", "pages_attempted", "articles_extracted", "articles_undated",
                                          "articles_quarantined", "trailing_median_14d", "articles_today"))
WATCHES = StagedTable("watches", ("name", "query", "countries", "topics", "languages", "sources", "description",
                                  "alert", "run_date"))
WATCH_MATCHES = StagedTable("watch_matches", ("watch_name", "article_id", "run_date", "matched_terms", "snippet",
                                              "matched_in"))
