"""Turn staged rows into the frames the quality suites check, and stage what passes for load.

Writes <run_dir>/validated/: articles, article_countries, article_topics, story_signatures,
quarantine and validation_results (validate_and_stage); sources, feeds and fetch_log
(stage_run_files); item_outcomes, one final outcome per feed item, the watches and their matches
(mediamon.watches.staging), and run.json, written last as the stage's manifest (finish_staging).
"""
from __future__ import annotations

import errno
import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mediamon import tables
from mediamon.errors import QualityError, redact_credentials
from mediamon.rundir import Plan, RunDir, read_jsonl, write_json, write_jsonl
from mediamon.settings import Settings
from mediamon.text.urls import item_id
from mediamon.watches.staging import stage_watches

logger = logging.getLogger(__name__)

QUARANTINE_COLUMNS = list(tables.QUARANTINE.columns)
ROBOTS_REASONS = ("robots-disallowed",)  # refused-by-robots, final; robots-unreachable stays quarantined (retried)
NOT_ARTICLE_REASONS = ("not-article", "not-html")
DUPLICATE_ARTICLE = "duplicate-article"  # outcome and reason code of an item whose article another item carries
REPLAY_ITEMS = "_replay"  # a quarantine replay's feed-items file (feeds/_replay.jsonl): a name no source id can take
EVENT_STEMS_FILE = "event_stems.parquet"  # the stories stage's event stems, one row per enriched row, in validated/


def validate_feed_items(rows: list[dict[str, Any]], run: RunDir, plan: Plan) -> list[dict[str, Any]]:
    """Run the feed-item suite; quarantined items are staged, the clean rows returned."""
    from mediamon import quality

    frame = _table(rows, tables.FEED_ITEMS)
    result = quality.validate_feed_items(frame, run_date=plan.run_date, run_id=plan.run_id, docs_dir=run.gx_docs)
    quarantined = [{**r, "item_id": item_id(r["record_key"])} for r in result.quarantined.to_dict("records")]
    write_jsonl(run.staged("feed_items_quarantine.jsonl"), quarantined)
    write_jsonl(run.staged("feed_items_results.jsonl"), result.results.to_dict("records"))
    keep = set(result.clean.index)
    return [row for i, row in enumerate(rows) if i in keep]


def validate_and_stage(rows: list[dict[str, Any]], run: RunDir, plan: Plan, settings: Settings, *,
                       malformed: pd.DataFrame | None = None) -> Path:
    """Run the article and batch suites; write the clean articles with their tags, the quarantine and
    the suites' results. malformed: quarantine rows of enriched lines and rows validate could not read as
    articles (quality.rows), quarantined with the others."""
    from mediamon import quality

    out = run.validated
    docs = settings.data_dir / "gx_docs"
    check_feeds_answered(run)
    extracted = rows
    rows, duplicates = split_duplicate_articles(rows)
    articles = _table(rows, tables.ARTICLES)
    countries = _children(rows, "countries", list(tables.ARTICLE_COUNTRIES.columns))
    topics = _children(rows, "topics", list(tables.ARTICLE_TOPICS.columns))
    checked = quality.validate_articles(articles, countries, topics, run_date=plan.run_date,
                                        run_id=plan.run_id, docs_dir=docs)
    clean_ids = set(checked.clean["article_id"])
    quarantine = _quarantine(run, checked.quarantined, {r["article_id"]: r.get("item_id") for r in rows}, malformed)
    failed_again = _failed_retries(run, quarantine)
    today = quarantine[~((quarantine["stage"] == "fetch") & quarantine["record_key"].isin(failed_again))]
    stats = batch_stats(run, extracted, today, plan, leave_out=failed_again)
    share = len(today) / max(1, len(today) + len(clean_ids))
    results = [_read_results(run.staged("feed_items_results.jsonl")), checked.results]
    try:
        batch = quality.validate_batch(stats, run_date=plan.run_date, run_id=plan.run_id,
                                       quarantine_share=share, docs_dir=docs, replay=is_replay(run))
        results.append(batch.results)
    except QualityError:
        _write_parquet(pd.concat(results, ignore_index=True), out / "validation_results.parquet")
        raise
    from mediamon.enrich.events import name_events_by_clean_stories
    from mediamon.warehouse.state import known_event_ids

    clean = articles[articles["article_id"].isin(clean_ids)]  # events named by a story the load stores
    _write_parquet(name_events_by_clean_stories(clean, known_event_ids(run.known_events)), out / "articles.parquet")
    _write_parquet(_as_json_columns(countries[countries["article_id"].isin(clean_ids)], ["spans"]),
                   out / "article_countries.parquet")
    _write_parquet(_as_json_columns(topics[topics["article_id"].isin(clean_ids)], ["evidence"]),
                   out / "article_topics.parquet")
    _write_parquet(_signatures(rows, clean_ids), out / "story_signatures.parquet")
    if duplicates and run.staged(EVENT_STEMS_FILE).is_file():
        _stage_event_stems_once(run, rows)
    _write_parquet(quarantine, out / "quarantine.parquet")
    _write_parquet(pd.concat(results, ignore_index=True), out / "validation_results.parquet")
    logger.info("validate run_date=%s articles=%s duplicate-article=%s clean=%s quarantined=%s data_docs=%s",
                plan.run_date, len(rows), len(duplicates), len(clean_ids), len(quarantine), checked.docs_index)
    return out


def is_replay(run: RunDir) -> bool:
    """Whether the run is a quarantine replay (its feed items are the quarantined records it re-runs)."""
    return run.feed_items(REPLAY_ITEMS).is_file()


def split_duplicate_articles(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The run's enriched rows with one row per article_id, in their order, and the other rows of those articles.

    Items under different URLs can name one canonical URL (two section feeds, a tracking parameter), hence one
    article_id. The row kept is the first by first_seen_at, then item URL, so a re-run keeps the same one;
    rows without an article_id are all kept (the articles suite quarantines them)."""
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row.get("article_id")
        if key is not None and (key not in first or _first_seen(row) < _first_seen(first[key])):
            first[key] = row
    kept = {id(row) for row in first.values()}
    return ([row for row in rows if row.get("article_id") is None or id(row) in kept],
            [row for row in rows if row.get("article_id") is not None and id(row) not in kept])


def _first_seen(row: dict[str, Any]) -> tuple[str, str]:
    """The order among rows of one article: first_seen_at (ISO 8601, UTC), then the item's own URL."""
    return str(row.get("first_seen_at") or ""), str(row.get("item_url") or row.get("url") or "")


def _stage_event_stems_once(run: RunDir, rows: list[dict[str, Any]]) -> None:
    """Stage the event stems again from the kept rows: the stories stage wrote one row per enriched row, so an
    article several items gave had several."""
    from mediamon.enrich.events import fresh_event_columns
    from mediamon.warehouse.load import write_event_stems

    write_event_stems(run.staged(EVENT_STEMS_FILE), fresh_event_columns(rows, {}))


def finish_staging(run: RunDir, plan: Plan, rows: list[dict[str, Any]], watches_path: Path) -> Path:
    """Stage one final outcome per feed item, then run.json, the manifest load reads first."""
    outcomes = item_outcomes(run, plan, rows)
    _write_parquet(_table(outcomes, tables.ITEM_OUTCOMES), run.staged(tables.ITEM_OUTCOMES.file))
    with duckdb.connect() as con:  # one connection for the watches and the counts
        stage_watches(run, plan.run_date, watches_path, split_duplicate_articles(rows)[0], con=con, plan=plan)
        articles, quarantined = con.execute(
            "SELECT (SELECT count(*) FROM read_parquet($a)), (SELECT count(*) FROM read_parquet($q))",
            {"a": str(run.staged("articles.parquet")), "q": str(run.staged("quarantine.parquet"))}).fetchone()
    counts = {o: sum(1 for r in outcomes if r["outcome"] == o) for o in sorted({r["outcome"] for r in outcomes})}
    logger.info("outcomes run_date=%s items=%s %s", plan.run_date, len(outcomes),
                " ".join(f"{k}={v}" for k, v in counts.items()))
    return write_json(run.staged("run.json"), {"run_id": plan.run_id, "run_date": plan.run_date,
                                                "started_at": plan.started_at, "articles": articles,
                                                "quarantined": quarantined, "items": len(outcomes),
                                                "outcomes": counts})


def item_outcomes(run: RunDir, plan: Plan, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per feed item of the run (one per item URL) with where and how it ended."""
    items: dict[str, dict[str, Any]] = {}
    for path in run.all_feed_items():
        for row in read_jsonl(path):
            key = item_id(row["url"])
            if key not in items or (items[key].get("over_cap") and not row.get("over_cap")):  # a planned listing wins
                items[key] = row
    ended = _ended_items(run, rows)
    sharded = {row["item_id"] for path in run.all_shards() for row in read_jsonl(path)}
    outcomes = []
    for key, item in items.items():
        outcome = ended.get(key) or (("over-feed-cap", "discover", item["over_cap"], None) if item.get("over_cap")
                                     else ("quarantined", "shard", "not-processed: the shard gave no result", None)
                                     if key in sharded else ("skipped-known", "shard", "known: stored or refused "
                                                             "for good on an earlier day", None))
        outcomes.append({"run_id": plan.run_id, "run_date": plan.run_date, "item_id": key,
                         "source_id": item["source_id"], "feed_url": item.get("feed_url"), "url": item["url"],
                         "outcome": outcome[0], "stage": outcome[1], "reason": outcome[2], "article_id": outcome[3]})
    return outcomes


def _ended_items(run: RunDir, rows: list[dict[str, Any]]) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    """(outcome, stage, reason, article_id) of every item that was quarantined or became an article."""
    ended: dict[str, tuple[str, str | None, str | None, str | None]] = {}
    with duckdb.connect() as con:
        staged = con.execute("SELECT item_id, stage, reasons, record_key FROM read_parquet($q) WHERE item_id IS NOT NULL",
                             {"q": str(run.staged("quarantine.parquet"))}).fetchall()
        loaded = con.execute("SELECT article_id FROM read_parquet($a)",
                             {"a": str(run.staged("articles.parquet"))}).fetchall()
    for key, stage, reasons, _ in staged:
        first = (json.loads(reasons) or ["unknown"])[0]
        code = first.split(":")[0]
        kind = ("refused-by-robots" if code in ROBOTS_REASONS else
                "not-article" if code in NOT_ARTICLE_REASONS else "quarantined")
        ended[key] = (kind, stage, first, None)
    clean = {row[0] for row in loaded}
    kept, duplicates = split_duplicate_articles(rows)  # the run's enriched articles, as validate read them
    for row in kept:
        if row.get("item_id") and row["article_id"] in clean:
            ended[row["item_id"]] = ("loaded", None, None, row["article_id"])
    carrier = {row["article_id"]: row.get("item_url") or row["url"] for row in kept if row.get("article_id")}
    for row in duplicates:
        if row.get("item_id"):
            ended[row["item_id"]] = (DUPLICATE_ARTICLE, "articles", f"{DUPLICATE_ARTICLE}: the same article as "
                                     f"{carrier[row['article_id']]}", row["article_id"])
    return ended


# Feed failures a setting causes, with the fix; any other failure of every feed is an outage.
SETTING_FAILURES = {
    "private-address": "the feeds' hosts resolve to private or loopback addresses, which are refused; set "
                       "--allow-private-hosts (MEDIAMON_ALLOW_PRIVATE_HOSTS=1) only for local test sites",
    "not-archived": "the WARC folder of --from-warc (MEDIAMON_REPLAY_WARC) holds no response for these feeds; "
                    "point it at the WARC files of a run that fetched them",
}
OUTAGE = "the network or the sources are down"


def check_feeds_answered(run: RunDir) -> None:
    """Fail the run when feeds were requested and not one answered: an outage or a setting, not a quiet day."""
    health = [r for p in run.all_feed_health() for r in read_jsonl(p)]
    if health and not any(r["ok"] for r in health):
        errors = sorted({(r["error"] or "").split(":")[0] for r in health})
        causes = [SETTING_FAILURES[e] for e in errors if e in SETTING_FAILURES]
        if len(causes) < len(errors):
            causes.append(OUTAGE)
        raise QualityError(f"all {len(health)} feeds failed ({', '.join(errors)}): {'; '.join(causes)}; see the "
                           f"fetch log in {run.logs}")


def _failed_retries(run: RunDir, quarantine: pd.DataFrame) -> set[str]:
    """The retry queue's pages that failed at fetch again: the batch suite leaves them out (a page known to be
    failing is not news about today's crawl; a day whose only pages are such retries is a quiet day, not an
    outage), while the quarantine and item_outcomes still record each of them."""
    retried = run.retried_urls()
    return retried & set(quarantine.loc[quarantine["stage"] == "fetch", "record_key"]) if retried else set()


def batch_stats(run: RunDir, rows: list[dict[str, Any]], quarantine: pd.DataFrame, plan: Plan, *,
                leave_out: set[str] = frozenset()) -> pd.DataFrame:
    """Per-source counts for the batch suite: attempted (but the pages in leave_out), extracted (pages that gave an
    article, also one another page gave), undated, quarantined, history, and the day's distinct articles (this
    run's and those stored by an earlier run of the same day)."""
    attempted: dict[str, set[str]] = {}
    for path in run.all_page_logs():
        for row in read_jsonl(path):
            if row.get("kind", "page") == "page" and row["url"] not in leave_out:
                attempted.setdefault(row["source_id"], set()).add(row["url"])
    known = list(read_jsonl(run.known_history))
    history = {r["source_id"]: r["trailing_median_14d"] for r in known}
    stored = {r["source_id"]: r.get("stored_today", 0) for r in known}  # by an earlier run of the same day
    quarantined = _quarantined_by_source(quarantine)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_source.setdefault(row["source_id"], []).append(row)
    records = []
    for source in sorted({s["source_id"] for s in plan.sources if s["enabled"]}):
        mine = by_source.get(source, [])
        records.append({"source_id": source, "pages_attempted": len(attempted.get(source, ())),
                        "articles_extracted": len(mine),
                        "articles_undated": sum(1 for r in mine if not r.get("published_at")),
                        "articles_quarantined": quarantined.get(source, 0),
                        "trailing_median_14d": history.get(source, float("nan")),
                        "articles_today": len({r["article_id"] for r in mine}) + stored.get(source, 0)})
    return pd.DataFrame.from_records(records, columns=[
        "source_id", "pages_attempted", "articles_extracted", "articles_undated", "articles_quarantined",
        "trailing_median_14d", "articles_today"])


def _quarantined_by_source(quarantine: pd.DataFrame) -> dict[str, int]:
    """Quarantined records per source, read from their payloads."""
    counts: dict[str, int] = {}
    for payload in quarantine["payload"]:
        source = json.loads(payload or "{}").get("source_id")
        if source:
            counts[source] = counts.get(source, 0) + 1
    return counts


def _quarantine(run: RunDir, checked: pd.DataFrame, item_of: dict[str, str | None],
                malformed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every rejected record of the run (feed items, fetch/extract/enrich rejects, malformed enriched rows,
    failed suites), each with the feed item it came from."""
    rows = list(read_jsonl(run.staged("feed_items_quarantine.jsonl")))
    for path in run.all_rejected():
        rows.extend(read_jsonl(path))
    frame = pd.DataFrame.from_records(rows, columns=QUARANTINE_COLUMNS)
    frame = _as_json_columns(frame, ["reasons", "payload"])
    for column in tables.QUARANTINE.credentials:
        frame[column] = _without_credentials(frame[column])
    suites = checked.copy()
    suites["item_id"] = [item_of.get(key) if stage == "articles" else item_id(key)
                         for stage, key in zip(suites["stage"], suites["record_key"])]
    parts = [frame, *([malformed[QUARANTINE_COLUMNS]] if malformed is not None and len(malformed) else []),
             suites[QUARANTINE_COLUMNS]]
    merged = pd.concat(parts, ignore_index=True)
    return merged.drop_duplicates(subset=["stage", "record_key"], keep="last")


def stage_run_files(run: RunDir, plan: Plan) -> None:
    """Sources, feed health and the fetch log, as Parquet for the load stage."""
    out = run.validated
    _write_parquet(_table(plan.sources, tables.SOURCES), out / tables.SOURCES.file)
    health = [r for p in run.all_feed_health() for r in read_jsonl(p)]
    _write_parquet(_table(health, tables.FEEDS), out / tables.FEEDS.file)
    _write_parquet(_table(polled_gaps(run, plan), tables.FEED_GAPS), out / tables.FEED_GAPS.file)
    log = _robots_requests_numbered([r for p in run.all_logs() for r in read_jsonl(p)])
    _write_parquet(_table(log, tables.FETCH_LOG), out / tables.FETCH_LOG.file)


def _robots_requests_numbered(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The log with each robots.txt request numbered (attempt 1, 2 ...) by its time among the run's requests of that
    robots.txt: the discover stage and each fetch shard read an origin's robots.txt once each."""
    robots = sorted((r for r in log if r.get("kind") == "robots"), key=lambda r: (r["url"], r["fetched_at"]))
    seen: dict[str, int] = {}
    for row in robots:
        seen[row["url"]] = row["attempt"] = seen.get(row["url"], 0) + 1
    return log


def polled_gaps(run: RunDir, plan: Plan) -> list[dict[str, Any]]:
    """The possible gaps the feed poller staged from the start of the last loaded run (Plan.polled_since) to this
    run's start, as its items (stages.polled_items): a gap written after this run planned goes to the next run. None
    for a backfill of an earlier day (Plan.takes_polled)."""
    from mediamon.discover.polling import gaps_staged_between

    window = plan.polled_window()
    return [] if window is None else gaps_staged_between(run.data_dir, *window)


def _signatures(rows: list[dict[str, Any]], clean_ids: set[str]) -> pd.DataFrame:
    """story_signatures rows for the clean articles."""
    records = [{"article_id": r["article_id"], "story_id": r["story_id"], "signature": json.dumps(r["signature"]),
                "first_seen_at": r["first_seen_at"]} for r in rows if r["article_id"] in clean_ids]
    return _table(records, tables.STORY_SIGNATURES)


def _table(rows: list[dict[str, Any]], table: tables.StagedTable) -> pd.DataFrame:
    """A DataFrame of one staged table (its columns, its dates parsed, its URLs without credentials)."""
    frame = _frame(rows, list(table.columns), dates=list(table.dates))
    for column in table.credentials:
        frame[column] = _without_credentials(frame[column])
    return frame


def _without_credentials(values: pd.Series) -> pd.Series:
    """The values with the credentials of every URL in them shown as *** (errors.redact_credentials; an object column
    stays one, even empty)."""
    return values.astype(object).map(lambda v: redact_credentials(v) if isinstance(v, str) else v)


def _frame(rows: list[dict[str, Any]], columns: list[str], *, dates: list[str] = ()) -> pd.DataFrame:
    """A DataFrame with exactly these columns (missing keys become None), dates parsed as UTC."""
    frame = pd.DataFrame.from_records([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], utc=True, errors="coerce", format="ISO8601")
    return frame


def _children(rows: list[dict[str, Any]], key: str, columns: list[str]) -> pd.DataFrame:
    """The child rows (countries or topics) of every article, one per (article, code)."""
    records = []
    for row in rows:
        focus = row.get("focus_country")
        for child in row.get(key) or []:
            if key == "countries":
                records.append({"article_id": row["article_id"], "country_code": child["code"],
                                "mentions": child["mentions"], "is_focus": child["code"] == focus,
                                "spans": child.get("spans") or []})
            else:
                records.append({"article_id": row["article_id"], "topic_code": child["code"],
                                "topic_label": child["label"], "score": child["score"],
                                "evidence": child.get("evidence") or []})
    return pd.DataFrame.from_records(records, columns=columns)


def _as_json_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The frame with these columns serialised as JSON text (strings are kept as they are)."""
    frame = frame.copy()
    for column in columns:
        frame[column] = [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
                         for v in frame[column]]
    return frame


def _read_results(path: Path) -> pd.DataFrame:
    """Validation result rows staged earlier in the run."""
    return pd.DataFrame.from_records(list(read_jsonl(path)))


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write a DataFrame as Parquet through DuckDB (no pyarrow needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with duckdb.connect() as con:
            con.register("staged", frame)
            con.execute("COPY staged TO $path (FORMAT parquet)", {"path": str(path)})
    except duckdb.IOException as err:
        path.unlink(missing_ok=True)
        raise _parquet_write_failed(path, err) from err
    return path


def _parquet_write_failed(path: Path, err: duckdb.IOException) -> OSError:
    """An OSError naming the staged file DuckDB could not write, with the fix when the disk is full."""
    if "No space left on device" in str(err):  # DuckDB's IOException carries no errno attribute
        return OSError(errno.ENOSPC, "No space left on device; free space on that disk, then re-run this stage",
                       str(path))
    return OSError(errno.EIO, f"could not write the staged Parquet file ({err})", str(path))
