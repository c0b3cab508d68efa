"""The quality suites with a real Great Expectations context: each expectation broken by a record."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mediamon.errors import QualityError
from mediamon.quality import QUARANTINE_COLUMNS, RESULT_COLUMNS, validate_articles, validate_batch, validate_feed_items

RUN = {"run_date": "2026-01-15", "run_id": "run-1"}
TOPICS = {"medtop:04000000", "medtop:11000000"}
BOILERPLATE = "expect_column_values_to_not_match_regex_list(text_lowercase)"
TEXT = " ".join(["The ministers met in the capital to discuss the budget and the harbour."] * 8)


def feed_item(n: int, **changes: object) -> dict:
    """A valid feed item; changes break it."""
    row = {"source_id": "meridian", "feed_url": "https://example.org/feed", "url": f"https://example.org/news/{n}",
           "title": f"Story {n}", "summary": "A summary.", "published_at": "2026-01-15T08:00:00Z", "guid": f"g{n}"}
    return {**row, **changes}


def feed_frame(rows: list[dict]) -> pd.DataFrame:
    """Feed items as the pipeline builds them (published_at as UTC datetimes)."""
    frame = pd.DataFrame.from_records(rows)
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame


def article(n: int, **changes: object) -> dict:
    """A valid article; changes break it."""
    row = {"article_id": f"a{n}", "url": f"https://example.org/news/{n}", "source_id": "meridian",
           "title": f"Story {n}", "author": None, "published_at": "2026-01-15T07:00:00Z", "date_source": "meta",
           "language": "en", "language_confidence": 0.98, "text": TEXT, "word_count": len(TEXT.split()),
           "text_source": "page", "method": "trafilatura", "site_name": "Meridian", "image": None,
           "feed_url": "https://example.org/feed", "first_seen_at": "2026-01-15T09:00:00Z", "story_id": None,
           "run_date": "2026-01-15"}
    return {**row, **changes}


def article_frames(rows: list[dict], countries: list[tuple[str, str]] | None = None,
                   topics: list[tuple[str, str]] | None = None) -> tuple[pd.DataFrame, ...]:
    """Articles plus child rows; by default each article has country GB and topic medtop:11000000."""
    frame = pd.DataFrame.from_records(rows)
    for column in ("published_at", "first_seen_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    ids = [r["article_id"] for r in rows]
    countries = [(i, "GB") for i in ids] if countries is None else countries
    topics = [(i, "medtop:11000000") for i in ids] if topics is None else topics
    country_frame = pd.DataFrame([{"article_id": i, "country_code": c, "mentions": 1, "is_focus": True,
                                   "spans": [[0, 3, "UK"]]} for i, c in countries],
                                 columns=["article_id", "country_code", "mentions", "is_focus", "spans"])
    topic_frame = pd.DataFrame([{"article_id": i, "topic_code": t, "topic_label": "politics", "score": 0.5}
                                for i, t in topics], columns=["article_id", "topic_code", "topic_label", "score"])
    return frame, country_frame, topic_frame


def reasons_by_key(quarantined: pd.DataFrame) -> dict[str, list[str]]:
    """record_key -> reasons list."""
    return {row.record_key: json.loads(row.reasons) for row in quarantined.itertuples()}


def stats_row(source: str, **changes: object) -> dict:
    """Batch stats of a healthy source."""
    row = {"source_id": source, "pages_attempted": 20, "articles_extracted": 18, "articles_undated": 1,
           "articles_quarantined": 0, "trailing_median_14d": 17.0, "articles_today": 18}
    return {**row, **changes}


FEED_BREAKS = [
    ({"url": None}, "expect_column_values_to_not_be_null(url)"),
    ({"url": "ftp://example.org/news/9"}, "expect_column_values_to_match_regex(url)"),
    ({"url": "javascript:alert(1)"}, "expect_column_values_to_match_regex(url)"),
    ({"title": None}, "expect_column_values_to_not_be_null(title)"),
    ({"title": "   "}, "expect_column_values_to_match_regex(title)"),
    ({"published_at": "2026-01-18T00:00:00Z"}, "expect_column_values_to_be_between(published_at)"),
]


@pytest.mark.parametrize(("change", "reason"), FEED_BREAKS)
def test_feed_item_breaking_an_expectation_is_quarantined_with_its_name(change: dict, reason: str) -> None:
    items = feed_frame([feed_item(1), feed_item(9, **change), feed_item(2)])
    checked = validate_feed_items(items, **RUN)
    assert list(checked.clean["url"]) == ["https://example.org/news/1", "https://example.org/news/2"]
    assert list(checked.quarantined.columns) == QUARANTINE_COLUMNS
    [row] = checked.quarantined.to_dict("records")
    assert json.loads(row["reasons"]) == [reason]
    assert row["stage"] == "feed_items" and row["run_date"] == "2026-01-15"
    assert json.loads(row["payload"])["guid"] == "g9"
    failed = checked.results[~checked.results["success"]]
    assert list(failed["expectation"]) == [reason] and list(failed["unexpected_count"]) == [1]


def test_undated_feed_item_and_one_dated_within_tolerance_pass() -> None:
    items = feed_frame([feed_item(1, published_at=None), feed_item(2, published_at="2026-01-16T20:00:00Z")])
    checked = validate_feed_items(items, **RUN)
    assert len(checked.clean) == 2 and checked.quarantined.empty
    assert checked.results["success"].all()


def test_duplicate_feed_item_keeps_the_first_copy_and_quarantines_the_later_ones() -> None:
    rows = [feed_item(1), feed_item(2), feed_item(1, title="Later copy"), feed_item(1, source_id="other")]
    items = feed_frame(rows).set_axis([10, 11, 12, 13])
    checked = validate_feed_items(items, **RUN)
    assert list(checked.clean.index) == [10, 11, 13]  # the input index is kept; another source may share a URL
    assert reasons_by_key(checked.quarantined) == {
        "https://example.org/news/1": ["duplicate-in-batch: expect_compound_columns_to_be_unique(source_id, url)"]}
    assert json.loads(checked.quarantined["payload"][0])["title"] == "Later copy"


def test_feed_item_breaking_several_expectations_names_each_one() -> None:
    items = feed_frame([feed_item(1, title=" ", published_at="2027-01-01T00:00:00Z")])
    checked = validate_feed_items(items, **RUN)
    assert checked.clean.empty
    assert reasons_by_key(checked.quarantined)["https://example.org/news/1"] == [
        "expect_column_values_to_match_regex(title)", "expect_column_values_to_be_between(published_at)"]


ARTICLE_BREAKS = [
    ({"title": None}, "expect_column_values_to_not_be_null(title)"),
    ({"title": "\n"}, "expect_column_values_to_match_regex(title)"),
    ({"text": None}, "expect_column_values_to_not_be_null(text)"),
    ({"word_count": 12}, "expect_column_values_to_be_between(word_count)"),
    ({"language": "english"}, "expect_column_values_to_be_in_set(language)"),
    ({"language": "xx"}, "expect_column_values_to_be_in_set(language)"),
    ({"published_at": "2026-02-01T00:00:00Z"}, "expect_column_values_to_be_between(published_at)"),
    ({"published_at": "1970-01-01T00:00:00Z"}, "expect_column_values_to_be_between(published_at)"),
]


@pytest.mark.parametrize(("change", "reason"), ARTICLE_BREAKS)
def test_article_breaking_an_expectation_is_quarantined_with_its_name(change: dict, reason: str) -> None:
    frames = article_frames([article(1), article(9, **change), article(2)])
    checked = validate_articles(*frames, **RUN, topic_codes=TOPICS)
    assert list(checked.clean["article_id"]) == ["a1", "a2"]
    assert reasons_by_key(checked.quarantined) == {"a9": [reason]}
    payload = json.loads(checked.quarantined["payload"][0])
    assert payload["url"] == "https://example.org/news/9" and payload["countries"][0]["country_code"] == "GB"


def test_article_without_date_or_language_loads() -> None:
    frames = article_frames([article(1, published_at=None, language=None), article(2)])
    checked = validate_articles(*frames, **RUN, topic_codes=TOPICS)
    assert list(checked.clean["article_id"]) == ["a1", "a2"] and checked.quarantined.empty


@pytest.mark.parametrize(("countries", "topics", "bad_code", "reason"), [
    ([("a1", "GB"), ("a9", "FR"), ("a9", "UK"), ("a2", "XK")], None, "UK",
     "article_countries: expect_column_values_to_be_in_set(country_code)"),
    (None, [("a1", "medtop:04000000"), ("a9", "medtop:11000000"), ("a9", "medtop:99999999")], "medtop:99999999",
     "article_topics: expect_column_values_to_be_in_set(topic_code)"),
])
def test_article_with_a_bad_child_row_is_quarantined_whole(countries, topics, bad_code: str, reason: str) -> None:
    frames = article_frames([article(1), article(9), article(2)], countries=countries, topics=topics)
    checked = validate_articles(*frames, **RUN, topic_codes=TOPICS)
    assert list(checked.clean["article_id"]) == ["a1", "a2"]
    assert reasons_by_key(checked.quarantined) == {"a9": [reason]}
    payload = json.loads(checked.quarantined["payload"][0])
    codes = [c["country_code"] for c in payload["countries"]] + [t["topic_code"] for t in payload["topics"]]
    assert bad_code in codes and payload["article_id"] == "a9"


def test_topic_codes_default_to_the_taggers_taxonomy() -> None:
    frames = article_frames([article(1), article(2)],
                            topics=[("a1", "medtop:01000000"), ("a2", "medtop:12345678")])
    checked = validate_articles(*frames, **RUN)
    assert list(checked.clean["article_id"]) == ["a1"]
    assert reasons_by_key(checked.quarantined) == {
        "a2": ["article_topics: expect_column_values_to_be_in_set(topic_code)"]}


def test_duplicate_article_id_keeps_the_first_copy() -> None:
    frames = article_frames([article(1), article(2), article(1, url="https://example.org/copy")])
    checked = validate_articles(*frames, **RUN, topic_codes=TOPICS)
    assert list(checked.clean["url"]) == ["https://example.org/news/1", "https://example.org/news/2"]
    assert reasons_by_key(checked.quarantined) == {
        "a1": ["duplicate-in-batch: expect_column_values_to_be_unique(article_id)"]}
    assert json.loads(checked.quarantined["payload"][0])["url"] == "https://example.org/copy"


def test_boilerplate_above_its_rate_is_a_warning_not_a_quarantine() -> None:
    leaky = TEXT + "\nAdvertisement\n" + TEXT
    rows = [article(n, text=leaky if n < 2 else TEXT) for n in range(10)]  # 20% > 5%
    checked = validate_articles(*article_frames(rows), **RUN, topic_codes=TOPICS)
    assert len(checked.clean) == 10 and checked.quarantined.empty
    result = checked.results.set_index("expectation").loc[BOILERPLATE]
    assert (result["severity"], bool(result["success"]), result["unexpected_count"]) == ("warn", False, 2)


def test_boilerplate_below_its_rate_and_in_running_text_passes() -> None:
    rows = [article(n, text=TEXT + " The advertisement campaign was banned.") for n in range(30)]
    rows[0]["text"] = "We use cookies to improve your experience.\n" + TEXT  # 1 of 30 < 5%
    checked = validate_articles(*article_frames(rows), **RUN, topic_codes=TOPICS)
    result = checked.results.set_index("expectation").loc[BOILERPLATE]
    assert bool(result["success"]) and result["unexpected_count"] == 1


def test_many_articles_without_language_fail_the_warning_only() -> None:
    rows = [article(n, language=None if n < 6 else "en") for n in range(10)]
    checked = validate_articles(*article_frames(rows), **RUN, topic_codes=TOPICS)
    assert len(checked.clean) == 10
    failed = checked.results[~checked.results["success"]]
    assert list(zip(failed["expectation"], failed["severity"])) == [
        ("expect_column_values_to_not_be_null(language)", "warn")]


def test_results_have_one_row_per_expectation_of_each_suite() -> None:
    checked = validate_articles(*article_frames([article(1)]), **RUN, topic_codes=TOPICS)
    results = checked.results
    assert list(results.columns) == RESULT_COLUMNS
    assert results.groupby("suite").size().to_dict() == {"articles": 10, "article_countries": 1,
                                                         "article_topics": 1}
    assert results["success"].all() and set(results["run_id"]) == {"run-1"}


def test_batch_names_the_source_with_a_coverage_gap() -> None:
    stats = pd.DataFrame([stats_row("meridian"), stats_row("harbour", articles_extracted=2, articles_today=2),
                          stats_row("newcomer", trailing_median_14d=float("nan"), articles_today=1,
                                    articles_extracted=1, articles_undated=1, pages_attempted=4)])
    checked = validate_batch(stats, **RUN, quarantine_share=0.02)
    failed = checked.results[~checked.results["success"]].set_index("expectation")
    assert failed.loc["expect_column_values_to_be_between(volume_ratio)", "observed_value"] == (
        "coverage gap (volume far below its 14-day median): harbour=0.12")
    assert failed.loc["expect_column_values_to_be_between(extraction_rate)", "observed_value"] == (
        "low extraction rate: harbour=0.10")
    assert set(failed["severity"]) == {"warn"} and len(failed) == 2
    assert checked.clean is stats and checked.quarantined.empty


def test_batch_warns_on_undated_share_and_quarantine_share() -> None:
    stats = pd.DataFrame([stats_row("meridian", articles_undated=15)])
    checked = validate_batch(stats, **RUN, quarantine_share=0.4)
    failed = checked.results[~checked.results["success"]]
    assert list(zip(failed["expectation"], failed["observed_value"])) == [
        ("expect_column_values_to_be_between(undated_share)", "many undated articles: meridian=0.83"),
        ("expect_column_max_to_be_between(quarantine_share)", "0.4")]


@pytest.mark.parametrize(("stats", "share", "message"), [
    (pd.DataFrame([stats_row("meridian", articles_extracted=0, articles_today=0),
                   stats_row("harbour", articles_extracted=0, articles_today=0)]), 0.0, "fetch_log"),
    (pd.DataFrame([stats_row("meridian")]), 0.95, "quarantine.reasons"),
])
def test_critical_batch_failure_raises_with_what_to_look_at(stats: pd.DataFrame, share: float,
                                                            message: str) -> None:
    with pytest.raises(QualityError, match=message) as caught:
        validate_batch(stats, **RUN, quarantine_share=share)
    assert "critical" in str(caught.value) and "run_date=2026-01-15" in str(caught.value)
    assert not caught.value.results["success"].all()


def test_a_day_with_nothing_new_to_fetch_is_not_critical() -> None:
    stats = pd.DataFrame([stats_row("meridian", pages_attempted=0, articles_extracted=0, articles_undated=0,
                                    articles_today=0, trailing_median_14d=float("nan"))])
    checked = validate_batch(stats, **RUN, quarantine_share=0.0)
    assert checked.results["success"].all()


def test_no_sources_at_all_is_critical() -> None:
    stats = pd.DataFrame([stats_row("x")]).iloc[:0]
    with pytest.raises(QualityError, match="expect_table_row_count_to_be_between"):
        validate_batch(stats, **RUN, quarantine_share=0.0)


def test_data_docs_are_built_per_stage_into_the_given_folder(tmp_path: Path) -> None:
    docs = tmp_path / "gx_docs"
    feed = validate_feed_items(feed_frame([feed_item(1), feed_item(2, url=None)]), **RUN, docs_dir=docs)
    arts = validate_articles(*article_frames([article(1)]), **RUN, docs_dir=docs, topic_codes=TOPICS)
    assert feed.docs_index == docs / "feed_items" / "index.html" and feed.docs_index.is_file()
    assert arts.docs_index == docs / "articles" / "index.html" and arts.docs_index.is_file()
    pages = (docs / "articles" / "validations").rglob("*.html")
    assert sorted(p.relative_to(docs / "articles" / "validations").parts[0] for p in pages) == [
        "article_countries", "article_topics", "articles"]
    assert "feed_items" in feed.docs_index.read_text(encoding="utf-8")


def test_an_expectation_that_cannot_run_on_a_drifted_type_is_critical() -> None:
    frames = article_frames([article(1), article(2, word_count="many")])
    with pytest.raises(QualityError, match=r"expect_column_values_to_be_between\(word_count\) could not run"):
        validate_articles(*frames, **RUN, topic_codes=TOPICS)


def test_data_docs_render_a_run_whose_id_reads_as_a_date_with_a_bad_offset(tmp_path: Path,
                                                                           caplog: pytest.LogCaptureFixture) -> None:
    run = {**RUN, "run_id": "2025-12-31-172117-5553ad"}  # dateutil reads "-5553" as a UTC offset of -55:53
    docs = tmp_path / "gx_docs"
    feed = validate_feed_items(feed_frame([feed_item(1)]), **run, docs_dir=docs)
    assert not [r for r in caplog.records if r.levelname == "ERROR"], "Data Docs rendering logged an error"
    page = next((docs / "feed_items" / "validations").rglob("*.html")).read_text(encoding="utf-8")
    assert "2025-12-31-172117-5553ad" in page and feed.docs_index.is_file()
