"""One function per stage: read the run directory, do the stage's work, write files, return paths.

The DAGs and the CLI call exactly these functions, in this order:
plan_run → discover (per source group) → shard_items → fetch_shard → extract_shard → enrich_shard (per
shard) → cluster_stories → validate_run → load_run → build_digest. process_shard and finish_run chain
them for callers that run a whole shard or the end of a run in one process. See mediamon.rundir for
the run directory's layout; every feed item carries its item_id from shard to load.
"""
from __future__ import annotations

import dataclasses
import logging
import traceback
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mediamon.days import check_day
from mediamon.errors import ExtractError, FeedError, FetchError
from mediamon.fetch import replay
from mediamon.records import FeedItem, FetchRequest, FetchResult, to_json_dict
from mediamon.rundir import Plan, RunDir, read_jsonl, write_jsonl
from mediamon.settings import Settings
from mediamon.text.urls import item_id as item_id_of

if TYPE_CHECKING:
    import pandas as pd

    from mediamon.discover.feeds import FeedRead, SkippedEntry

logger = logging.getLogger(__name__)

# Discover tasks per run: the http pool's default slots, so all start at once; each fetches its hosts in parallel.
DISCOVER_GROUPS = 8


def plan_run(settings: Settings, run_date: str, *, run_id: str | None = None) -> Path:
    """Load the registry and the warehouse's state for this run; returns the new run directory."""
    from mediamon.discover.polling import staging_cut
    from mediamon.discover.sources import load_sources
    from mediamon.warehouse import state
    from mediamon.watches.config import load_watches

    run_date = check_day(run_date, "run date")  # a bad date stops here, before any request
    sources = load_sources(settings.sources_path, overlay=settings.sources_overlay_path)
    load_watches(settings.watches_path, source_ids={s.source_id for s in sources})  # ... and a bad watch
    run_id = run_id or f"{run_date}-{datetime.now(timezone.utc):%H%M%S}-{uuid.uuid4().hex[:6]}"
    run = RunDir.new(settings.data_dir, run_date, run_id)
    run.path.mkdir(parents=True, exist_ok=True)
    snapshot = state.read_state(settings.db_path, run_date, known_events=run.known_events,
                                retry_days=settings.retry_days, retry_attempts=settings.retry_attempts)
    feeds = state.plan_feeds(sources, snapshot.feeds, run_date)
    run.known_urls.write_text("\n".join(sorted(snapshot.known_urls)), encoding="utf-8")
    retries = retry_rows(snapshot.retries, {s.source_id for s in sources if s.enabled}, settings.retry_attempts)
    if retries:
        write_jsonl(run.retry_items, retries)
    write_jsonl(run.known_stories, snapshot.known_stories)
    write_jsonl(run.known_history, snapshot.source_history)
    polled_since = snapshot.last_run_started_at.isoformat() if snapshot.last_run_started_at else None
    started_at = staging_cut(settings.data_dir)  # the poller's files staged before it join this run, later ones the next
    run.write_plan(Plan(run_id=run_id, run_date=run_date, started_at=started_at.isoformat(),
                        sources=[to_json_dict(s) for s in sources], feeds=feeds, polled_since=polled_since,
                        takes_polled=snapshot.latest_run_date is None or run_date >= str(snapshot.latest_run_date)))
    logger.info("plan run_date=%s run_id=%s sources=%s feeds=%s known_urls=%s retries=%s", run_date, run_id,
                sum(s.enabled for s in sources), len(feeds), len(snapshot.known_urls), len(retries))
    return run.path


def retry_rows(queued: Iterable[dict[str, Any]], enabled: set[str], attempts: int) -> list[dict[str, Any]]:
    """Feed-item rows for the retry queue's pages of enabled sources, each with this run's attempt number
    (retry_attempt), the attempts allowed (retry_attempts) and the run date it first failed on (retry_since)."""
    fields = [f.name for f in dataclasses.fields(FeedItem)]
    return [{**{k: row.get(k) for k in fields}, "retry_attempt": row["failed_runs"] + 1, "retry_attempts": attempts,
             "retry_since": str(row["first_failed"])}
            for row in queued if row.get("source_id") in enabled and row.get("url")]


def source_ids(run_dir: Path) -> list[str]:
    """The enabled sources that have at least one feed to request in this run."""
    plan = RunDir(run_dir).read_plan()
    return sorted({f["source_id"] for f in plan.feeds if not f["skip"]} | set(_sitemap_sources(plan)))


def _sitemap_sources(plan: Plan) -> dict[str, dict[str, Any]]:
    """The enabled sources that declare news sitemaps, by id."""
    return {s["source_id"]: s for s in plan.sources if s["enabled"] and s.get("sitemaps")}


def source_groups(run_dir: Path, groups: int = DISCOVER_GROUPS) -> list[list[str]]:
    """The run's sources in at most `groups` groups, by site (the fetcher's politeness key), so each
    site's feeds share one task."""
    plan = RunDir(run_dir).read_plan()
    host = {}
    for feed in (f for f in plan.feeds if not f["skip"]):
        host.setdefault(feed["source_id"], _site_key(feed["feed_url"]))
    for source_id, source in _sitemap_sources(plan).items():
        host.setdefault(source_id, _site_key(source["sitemaps"][0]))
    buckets: dict[int, list[str]] = {}
    for source_id in sorted(host):
        buckets.setdefault(_stable_hash(host[source_id]) % max(1, groups), []).append(source_id)
    return [buckets[k] for k in sorted(buckets)]


def discover(run_dir: Path, sources: str | list[str], settings: Settings) -> list[Path]:
    """Fetch and parse the feeds of some sources in one polite batch; writes items, fetch log, feed state."""
    wanted = [sources] if isinstance(sources, str) else list(sources)
    chosen = set(wanted)
    run = RunDir(run_dir)
    plan = run.read_plan()
    feeds = [f for f in plan.feeds if f["source_id"] in chosen and not f["skip"]]
    requests = [FetchRequest(url=f["feed_url"], source_id=f["source_id"], kind="feed", etag=f.get("etag"),
                             last_modified=f.get("last_modified"), body_sha256=f.get("body_sha256"))
                for f in feeds]
    robots: list[FetchResult] = []
    results = _fetch(requests, settings, run.feeds_warc(wanted[0], len(wanted)), robots)
    items: dict[str, list[FeedItem]] = {s: [] for s in wanted}
    over_cap: dict[str, list[dict[str, Any]]] = {s: [] for s in wanted}  # not planned: over MEDIAMON_MAX_FEED_ITEMS
    health = []
    for result in _finals(results):
        read, result = _parse_feed_result(result, settings.max_feed_items)
        items[result.source_id].extend(read.items)
        over_cap[result.source_id].extend(_over_cap_rows(read.over_cap, read.listed, settings.max_feed_items))
        health.append(_feed_health(result, read.items + read.over_cap, read.skipped))
    sitemap_fetches = []
    for source_id, source in _sitemap_sources(plan).items():
        if source_id in chosen:
            found, beyond, fetched = _read_sitemaps(source, plan, settings)
            items[source_id].extend(found)
            over_cap[source_id].extend(beyond)
            sitemap_fetches.extend(fetched)
    log = [_log_row(r, plan) for r in [*robots, *_with_finals_replaced(results, health), *sitemap_fetches]]
    paths = []
    for source_id in wanted:
        write_jsonl(run.feed_log(source_id), [r for r in log if r["source_id"] == source_id])
        write_jsonl(run.feed_health(source_id), [h["row"] for h in health if h["row"]["source_id"] == source_id])
        paths.append(write_jsonl(run.feed_items(source_id), [*(to_json_dict(i) for i in items[source_id]),
                                                             *over_cap[source_id]]))
        logger.info("discover source_id=%s items=%s over-feed-cap=%s", source_id, len(items[source_id]),
                    len(over_cap[source_id]))
    logger.info("discover sources=%s feeds=%s items=%s", len(wanted), len(requests),
                sum(len(v) for v in items.values()))
    return paths


def _over_cap_rows(items: list[FeedItem], listed: int, max_items: int, what: str = "feed") -> list[dict[str, Any]]:
    """Feed-item rows of the items beyond the cap, each with its over_cap reason (shard_items plans none of them;
    validate_run records them as over-feed-cap)."""
    from mediamon.discover.feeds import over_cap_reason

    reason = over_cap_reason(listed, max_items, what=what)
    return [{**to_json_dict(item), "over_cap": reason} for item in items]


def _read_sitemaps(source: dict[str, Any], plan: Plan,
                   settings: Settings) -> tuple[list[FeedItem], list[dict[str, Any]], list[FetchResult]]:
    """The items of a source's news sitemaps (and the sitemaps their indexes list), fetched under the
    feeds' politeness, caps and address rules, the newest MEDIAMON_MAX_FEED_ITEMS of each; the rows of the
    rest; every fetch is returned for the fetch log."""
    from mediamon.discover.sitemaps import expand_index
    from mediamon.fetch import fetch_one

    fetched: list[FetchResult] = []

    def fetch(url: str) -> bytes | None:
        result = fetch_one(FetchRequest(url=url, source_id=source["source_id"], kind="sitemap"), settings)
        fetched.append(result)
        return result.body if result.error is None else None

    items: list[FeedItem] = []
    over_cap: list[dict[str, Any]] = []
    for url in source["sitemaps"]:
        try:
            sitemap = expand_index(url, fetch, source_id=source["source_id"], site_url=source["homepage"],
                                   run_date=date.fromisoformat(plan.run_date), max_items=settings.max_feed_items)
        except FeedError as err:
            logger.warning("discover sitemap=%s reason=%s", url, err)
            continue
        items.extend(sitemap.items)
        over_cap.extend(_over_cap_rows(sitemap.over_cap, len(sitemap.items) + len(sitemap.over_cap),
                                       settings.max_feed_items, "news sitemap"))
        for refused, reason in sitemap.refused:
            logger.info("discover sitemap=%s refused=%s reason=%s", url, refused, reason)
        fetched = _with_parse_errors(fetched, sitemap.refused)
    logger.info("discover source_id=%s sitemaps=%s items=%s", source["source_id"], len(source["sitemaps"]), len(items))
    return items, over_cap, fetched


def _with_parse_errors(fetched: list[FetchResult], refused: list[tuple[str, str]]) -> list[FetchResult]:
    """The sitemap fetches with the reason a fetched sitemap could not be read written onto its result, as a feed's
    parse failure is (the fetch log then shows why the source gave no items, not a success)."""
    reasons = dict(refused)
    return [dataclasses.replace(r, error=reasons[r.url]) if r.error is None and r.url in reasons else r
            for r in fetched]


def _parse_feed_result(result: FetchResult, max_items: int) -> tuple[FeedRead, FetchResult]:
    """Items of a fetched feed, the newest max_items planned; a parse failure is written onto the result's error."""
    from mediamon.discover.feeds import FeedRead, read_feed

    if result.error is not None or result.body is None:
        return FeedRead([]), result
    try:
        return read_feed(result.body, result.final_url or result.url, source_id=result.source_id,
                         content_type=result.content_type, max_items=max_items), result
    except FeedError as err:
        logger.warning("discover feed=%s reason=%s", result.url, err)
        return FeedRead([]), dataclasses.replace(result, error=str(err))


def _feed_health(result: FetchResult, items: list[FeedItem], skipped: Sequence[SkippedEntry] = ()) -> dict[str, Any]:
    """The feeds-table row this result leads to (validators, success, counts, and the entries that gave no item
    with their reasons: discover.feeds.skipped_note)."""
    from mediamon.discover.feeds import skipped_note

    ok = result.error is None or result.error.startswith("not-modified")
    parsed = result.body is not None and ok
    row = {"feed_url": result.url, "source_id": result.source_id, "fetched_at": result.fetched_at.isoformat(),
           "status": result.status, "error": None if ok else result.error, "ok": ok,
           "etag": result.etag, "last_modified": result.last_modified, "body_sha256": result.body_sha256,
           "items": len(items) if parsed else None,
           "items_dated": sum(i.published_at is not None for i in items) if parsed else None,
           "items_skipped": len(skipped) if parsed else None, "skipped": skipped_note(list(skipped)) if parsed else None}
    return {"url": result.url, "result": result, "row": row}


def _with_finals_replaced(results: list[FetchResult], health: list[dict[str, Any]]) -> list[FetchResult]:
    """Attempts, with each URL's final attempt replaced by its post-parse version."""
    finals = {h["url"]: h["result"] for h in health}
    last = {r.url: i for i, r in enumerate(results)}
    return [finals[r.url] if last[r.url] == i and r.url in finals else r for i, r in enumerate(results)]


def shard_items(run_dir: Path, settings: Settings) -> list[Path]:
    """Validate the day's feed items, drop known URLs, and split the rest into shards by site (none empty).

    A site (netsafety.Target.host_key) lands in one shard, so its per-host delay holds across shards.
    """
    from mediamon.quality import frames

    run = RunDir(run_dir)
    plan = run.read_plan()
    known = set(run.known_urls.read_text(encoding="utf-8").split())
    polled = polled_items(settings, plan)
    if polled:
        write_jsonl(run.feed_items("_polled"), polled)  # a name no source id can take
    paths = sorted(run.all_feed_items(), key=lambda path: path == run.retry_items)  # the queue last: a page its feed lists again keeps today's listing
    rows = merge_items(row for path in paths for row in read_jsonl(path) if not row.get("over_cap"))
    clean = frames.validate_feed_items(rows, run, plan)
    fresh = [r for r in clean if settings.refresh or r["url"] not in known]
    shards: list[list[dict[str, Any]]] = [[] for _ in range(max(1, settings.shards))]
    for row in fresh:
        shards[_stable_hash(_site_key(row["url"])) % len(shards)].append(row)
    paths = [write_jsonl(run.shard(f"shard-{n:02d}"), rows) for n, rows in enumerate(shards) if rows]
    logger.info("shard run_date=%s items=%s valid=%s new=%s shards=%s", plan.run_date, len(rows),
                len(clean), len(fresh), len(paths))
    return paths


def _site_key(url: str) -> str:
    """The site the fetcher counts politeness on (netsafety.Target.host_key), or the URL itself when it
    has none (its fetch then records why)."""
    from mediamon.fetch.netsafety import parse_target

    try:
        return parse_target(url).host_key
    except FetchError:
        return url


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's hash() is salted)."""
    import hashlib

    return int.from_bytes(hashlib.sha1(text.encode()).digest()[:4], "big")


def polled_items(settings: Settings, plan: Plan) -> list[dict[str, Any]]:
    """Items the feed poller staged from the start of the last loaded run (Plan.polled_since) to this run's start, for
    the enabled sources of this plan: a pass's file written after this run planned goes to the next run, once. None
    for a backfill of an earlier day (Plan.takes_polled)."""
    from mediamon.discover.polling import items_staged_between

    window = plan.polled_window()
    if window is None:
        return []
    enabled = {s["source_id"] for s in plan.sources if s["enabled"]}
    fields = {f.name for f in dataclasses.fields(FeedItem)}
    return [{k: v for k, v in row.items() if k in fields}
            for row in items_staged_between(settings.data_dir, *window) if row.get("source_id") in enabled]


def merge_items(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per item URL (a feed, another feed, a poll and a sitemap may all list it), each with its
    item_id; a later listing only fills what the first left empty."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        first = merged.get(row["url"])
        if first is None:
            merged[row["url"]] = {**row, "item_id": item_id_of(row["url"])}
        else:
            first.update({k: v for k, v in row.items() if v not in (None, "") and first.get(k) in (None, "")})
    return list(merged.values())


def fetch_shard(shard: Path, settings: Settings) -> Path:
    """Download the pages of one shard into a WARC file; returns the shard path for extract."""
    run = RunDir.of_shard(shard)
    plan = run.read_plan()
    requests = [FetchRequest(url=row["url"], source_id=row["source_id"]) for row in read_jsonl(shard)]
    robots: list[FetchResult] = []
    results = _fetch(requests, settings, run.pages_warc(shard.stem), robots)
    write_jsonl(run.page_log(shard.stem), (_log_row(r, plan) for r in [*robots, *results]))
    failed = sum(1 for r in _finals(results) if r.error)
    logger.info("fetch shard=%s urls=%s attempts=%s failed=%s", shard.stem, len(requests), len(results), failed)
    return shard


def extract_shard(shard: Path, settings: Settings) -> Path:
    """Extract an article from each fetched page (or the feed text); rejects get a reason."""
    from mediamon.extract.article import warm_up as warm_up_extract
    from mediamon.fetch.archive import read_warc

    run = RunDir.of_shard(shard)
    plan = run.read_plan()
    pages = {}
    warc = run.pages_warc(shard.stem)
    if warc.exists():
        for res in read_warc(warc, hash_bodies=False):
            pages[res.url] = res
    errors = {row["url"]: row["error"] for row in read_jsonl(run.page_log(shard.stem))}
    articles, rejected = [], []
    warm_up_extract()
    for row in read_jsonl(shard):
        item = _feed_item(row)
        outcome = _extract_item(item, pages.get(item.url), errors.get(item.url), plan, settings,
                                retried_later=_asked_again(row, settings))
        outcome["item_id"] = row.get("item_id") or item_id_of(item.url)
        if outcome.get("stage") == "fetch":
            outcome["reasons"] = [_gave_up(outcome["reasons"][0], row), *outcome["reasons"][1:]]
        (articles if "article_id" in outcome else rejected).append(outcome)
    write_jsonl(run.rejected(shard.stem), rejected)
    out = write_jsonl(run.extracted(shard.stem), articles)
    reasons = Counter(r["reasons"][0].split(":")[0] for r in rejected)
    logger.info("extract shard=%s in=%s ok=%s rejected=%s %s", shard.stem, len(articles) + len(rejected),
                len(articles), len(rejected), " ".join(f"{k}={v}" for k, v in sorted(reasons.items())))
    return out


def _extract_item(item: FeedItem, page: FetchResult | None, fetch_error: str | None,
                  plan: Plan, settings: Settings, *, retried_later: bool = False) -> dict[str, Any]:
    """An article row for one feed item, or a rejection row naming why there is none. A page that failed to
    download for a temporary reason is left to the retry queue when it will ask again (retried_later): the feed's
    text stands in only for a page that failed for good, or on the retry queue's last attempt."""
    from mediamon.budget import ItemTimeout, cpu_budget
    from mediamon.extract.article import article_from_feed_item, extract_article
    from mediamon.text.urls import canonical_article_id, prefer_canonical
    from mediamon.warehouse.state import is_temporary

    run_date = date.fromisoformat(plan.run_date)
    language = source_language(plan, item.source_id)
    stage, reason = "fetch", fetch_error or "no-response"
    try:
        if page is not None and page.text is not None:
            stage = "extract"
            with cpu_budget(settings.item_cpu_budget_s, "extract"):
                article = extract_article(page.text, page.final_url or item.url, feed_item=item,
                                          min_words=settings.min_article_words, run_date=run_date,
                                          source_language=language)
        else:
            raise ExtractError(reason.split(":")[0], reason)
    except ItemTimeout as err:
        logger.warning("extract url=%s reason=%s", item.url, err)
        return _rejection("extract", item, [str(err)], plan)
    except ExtractError as err:
        reason = str(err) if stage == "extract" else reason
        if stage == "fetch" and retried_later and is_temporary(reason):  # the whole page may come on a later run
            return _rejection(stage, item, [reason], plan)
        # the feed's text stands in for a page that could not be downloaded only when it reaches the articles' word
        # floor (a shorter stand-in would be quarantined for good); else the item keeps its fetch reason
        floor = {"min_words": settings.min_article_words} if stage == "fetch" else {}
        try:
            article = article_from_feed_item(item, source_language=language, **floor)
        except ExtractError:
            return _rejection(stage, item, [reason], plan)
    except Exception as err:
        logger.error("extract url=%s reason=unexpected-error\n%s", item.url, traceback.format_exc())
        return _rejection("extract", item, [f"unexpected-error: {type(err).__name__}: {err}"], plan)
    url = prefer_canonical(item.url, article.canonical_url)
    row = to_json_dict(article)
    row.update(article_id=canonical_article_id(url), url=url, item_url=item.url, source_id=item.source_id,
               feed_url=item.feed_url, first_seen_at=plan.started_at, run_date=plan.run_date, summary=item.summary)
    return row


def source_language(plan: Plan, source_id: str) -> str | None:
    """The language sources.yaml gives the source (the plan's copy), stated when detecting an article's."""
    return next((s.get("language") for s in plan.sources if s["source_id"] == source_id), None)


def _asked_again(row: dict[str, Any], settings: Settings) -> bool:
    """Whether the retry queue will ask this item's page again if it fails for a temporary reason now: a retried
    item before its last allowed attempt, a new one while more than one attempt is allowed."""
    attempt, allowed = row.get("retry_attempt") or 1, row.get("retry_attempts") or settings.retry_attempts
    return attempt < allowed


def _gave_up(reason: str, row: dict[str, Any]) -> str:
    """A fetch failure's reason, saying the run gave up on the page when a temporary failure ends the retry
    queue's last allowed attempt (it is not asked again unless a feed lists it anew)."""
    from mediamon.warehouse.state import is_temporary

    attempt, allowed = row.get("retry_attempt"), row.get("retry_attempts")
    if not attempt or not allowed or attempt < allowed or not is_temporary(reason):
        return reason
    note = f"retries given up after {attempt} runs (failing since {row.get('retry_since')}), not asked again"
    return f"{reason}; {note}" if ":" in reason else f"{reason}: {note}"


def _rejection(stage: str, item: FeedItem, reasons: list[str], plan: Plan) -> dict[str, Any]:
    """A quarantine row for a feed item that produced no article."""
    return {"stage": stage, "record_key": item.url, "reasons": reasons, "payload": to_json_dict(item),
            "run_date": plan.run_date}


def enrich_shard(extracted: Path, settings: Settings) -> Path:
    """Tag countries and topics, compute the story signature and evaluate the watches of each article."""
    from mediamon.budget import ItemTimeout, cpu_budget
    from mediamon.watches.enriched import add_row_matches, shard_watch_set

    run = RunDir.of_shard(extracted)
    rows, rejected = [], []
    watches = shard_watch_set(settings.watches_path)
    _enrich_row({"title": "Harbour reopens", "text": "The harbour in Karachi reopened.", "language": "en"})  # warm-up
    for row in read_jsonl(extracted):
        try:
            with cpu_budget(settings.item_cpu_budget_s, "enrich"):
                _enrich_row(row)
                add_row_matches(row, watches)  # validate gathers the matches of the clean articles
            rows.append(row)
        except ItemTimeout as err:
            logger.warning("enrich url=%s reason=%s", row["url"], err)
            rejected.append({"stage": "enrich", "record_key": row["url"], "item_id": row.get("item_id"),
                             "run_date": row["run_date"], "reasons": [str(err)], "payload": row})
        except Exception as err:
            logger.error("enrich url=%s reason=unexpected-error\n%s", row["url"], traceback.format_exc())
            rejected.append({"stage": "enrich", "record_key": row["url"], "item_id": row.get("item_id"),
                             "run_date": row["run_date"], "reasons": [f"unexpected-error: {type(err).__name__}: {err}"],
                             "payload": row})
    write_jsonl(run.enrich_rejected(extracted.stem), rejected)
    out = write_jsonl(run.enriched(extracted.stem), rows)
    logger.info("enrich shard=%s in=%s ok=%s rejected=%s", extracted.stem, len(rows) + len(rejected),
                len(rows), len(rejected))
    return out


def _enrich_row(row: dict[str, Any]) -> None:
    """Add the countries, focus country, topics, story signature and event stems to one extracted row."""
    from mediamon.enrich.countries import tag_countries
    from mediamon.enrich.events import article_stems
    from mediamon.enrich.stories import signature
    from mediamon.enrich.topics import tag_topics

    tags = tag_countries(row["title"], row["text"])
    row["countries"] = [to_json_dict(c) for c in tags.countries]
    row["focus_country"] = tags.focus
    row["topics"] = [to_json_dict(t) for t in tag_topics(row["title"], row["text"], language=row["language"],
                                                         url=row.get("url"))]
    row["signature"] = _signature_json(signature(row["title"], row["text"]))
    row["event_stems"] = article_stems(row["title"], row["text"])


def _signature_json(sig: Any) -> dict[str, Any]:
    """A story signature in its JSON form (StorySignature.to_json's object, without a text round trip)."""
    return {"n": sig.shingles, "h": list(sig.hashes)}


def cluster_stories(run_dir: Path) -> Path:
    """Join each enriched article to an earlier copy (this run or recent days) or give it its own story, then
    its story to an event (this run or recent days); writes stories.jsonl (article_id, story_id, event_id) and
    the articles' event stems for the load (validated/event_stems.parquet)."""
    from mediamon.enrich.events import assign_events, fresh_event_columns
    from mediamon.enrich.stories import KnownStory, StoryInput, StorySignature, assign_stories
    from mediamon.warehouse.load import write_event_stems
    from mediamon.warehouse.state import read_known_events

    run = RunDir(run_dir)
    rows = clusterable_rows(run)
    inputs = [StoryInput(article_id=r["article_id"], title=r.get("title") or "", text=r.get("text") or "",
                         first_seen=datetime.fromisoformat(r["first_seen_at"]), source_id=r["source_id"],
                         signature=_kept_signature(r)) for r in rows]
    known = [KnownStory(story_id=k["story_id"], article_id=k["article_id"],
                        signature=StorySignature.from_dict(k["signature"]))
             for k in read_jsonl(run.known_stories)]
    stories = assign_stories(inputs, known)
    fresh = fresh_event_columns(rows, stories)
    events = assign_events(fresh, read_known_events(run.known_events))
    write_event_stems(run.staged("event_stems.parquet"), fresh)
    out = write_jsonl(run.stories, ({"article_id": r["article_id"],
                                     "story_id": stories.get(r["article_id"], r["article_id"]),
                                     "event_id": events[r["article_id"]]} for r in rows))
    logger.info("stories articles=%s stories=%s events=%s", len(rows),
                len({stories.get(r["article_id"]) for r in rows}), len(set(events.values())))
    return out


def _kept_signature(row: dict[str, Any]) -> Any:
    """The story signature enrich kept in the row, or None (found again from the text) when it has none or it
    is not one this version reads."""
    from mediamon.enrich.stories import StorySignature

    kept = row.get("signature")
    try:
        return StorySignature.from_dict(kept) if kept else None
    except (ValueError, KeyError, TypeError):
        return None


def validate_run(run_dir: Path, settings: Settings) -> Path:
    """Run the article and batch suites and stage everything load needs (clustering stories first when
    the stories stage has not run)."""
    from mediamon.quality import frames
    from mediamon.warehouse import search

    run = RunDir(run_dir)
    if not run.stories.exists():
        cluster_stories(run_dir)
    plan = run.read_plan()
    story_of = {r["article_id"]: r for r in read_jsonl(run.stories)}
    rows, malformed = enriched_rows(run, plan.run_date)
    for row in rows:
        row["story_id"] = story_of.get(row["article_id"], {}).get("story_id", row["article_id"])
        row["event_id"] = story_of.get(row["article_id"], {}).get("event_id") or row["story_id"]
    out = frames.validate_and_stage(rows, run, plan, settings, malformed=malformed)
    frames.stage_run_files(run, plan)
    search.stage_terms(out)
    frames.finish_staging(run, plan, rows, settings.watches_path)
    return out


def enriched_rows(run: RunDir, run_date: str) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The run's enriched rows of the shape load needs, and a quarantine frame of its damaged lines and
    malformed rows, each with its fault named (quality.rows)."""
    import pandas as pd

    from mediamon.quality import rows as shapes

    found, damaged = shapes.read_enriched(run.all_enriched())
    good, malformed = shapes.split_malformed(found, run_date)
    return good, pd.concat([shapes.quarantine_records(damaged, run_date), malformed], ignore_index=True)


def clusterable_rows(run: RunDir) -> list[dict[str, Any]]:
    """The run's enriched rows the stories stage can read: a damaged line or a row whose fields it reads are of
    another shape is left to validate, which quarantines it naming the fault."""
    from mediamon.quality import rows as shapes

    return [row for row in shapes.read_enriched(run.all_enriched())[0] if shapes.clusterable(row)]


def load_run(run_dir: Path, settings: Settings) -> dict[str, Any]:
    """Load the staged files into the warehouse in one transaction; returns the run's counts."""
    from mediamon.warehouse.load import load_staged

    return load_staged(run_dir, settings.db_path, settings.watches_path)


def build_digest(settings: Settings, run_date: str) -> Path:
    """Build the day's country and topic digests from the warehouse; returns the index page."""
    from mediamon.digest import build_digests

    return build_digests(settings.db_path, run_date, settings.data_dir / "digests")


def run_day(settings: Settings, run_date: str) -> dict[str, Any]:
    """One whole daily cycle in-process: the same stage functions the DAGs call."""
    run_dir = plan_run(settings, run_date)
    discover(run_dir, source_ids(run_dir), settings)
    enriched = process_shards(shard_items(run_dir, settings), settings)
    logger.info("run run_date=%s shards=%s", run_date, len(enriched))
    counts = finish_run(run_dir, settings)
    counts["digest_index"] = str(build_digest(settings, run_date))
    counts["run_dir"] = str(run_dir)
    return counts


def process_shard(shard: Path, settings: Settings) -> Path:
    """fetch_shard, extract_shard and enrich_shard of one shard; returns its enriched file."""
    return enrich_shard(extract_shard(fetch_shard(shard, settings), settings), settings)


def finish_run(run_dir: Path, settings: Settings) -> dict[str, Any]:
    """cluster_stories, validate_run and load_run of a run whose shards are enriched; returns load's counts."""
    cluster_stories(run_dir)
    validate_run(run_dir, settings)
    return load_run(run_dir, settings)


def process_shards(shards: list[Path], settings: Settings) -> list[Path]:
    """Fetch every shard at once (network-bound, each with its own hosts), extract and enrich each as it lands."""
    with ThreadPoolExecutor(max(1, len(shards)), thread_name_prefix="shard") as pool:
        fetched = [pool.submit(fetch_shard, shard, settings) for shard in shards]
        return [enrich_shard(extract_shard(done.result(), settings), settings) for done in as_completed(fetched)]


def _fetch(requests: list[FetchRequest], settings: Settings, warc_path: Path,
           robots_log: list[FetchResult] | None = None) -> list[FetchResult]:
    """Fetch from the network, or from WARC files when the settings ask for a replay; robots_log receives the
    robots.txt requests of a network fetch (kind robots)."""
    if settings.replay_warc is not None:
        return replay.replay_requests(requests, settings.replay_warc, warc_path, max_body_bytes=settings.max_body_bytes)
    from mediamon.fetch import fetch_all

    warc_path.parent.mkdir(parents=True, exist_ok=True)
    # A retried stage fetches every request again, so it starts the file afresh: appending after a
    # record torn by a killed task or a full disk would make the whole file unreadable.
    warc_path.unlink(missing_ok=True)
    return fetch_all(requests, settings, warc_path=warc_path, robots_log=robots_log)


def _finals(results: Iterable[FetchResult]) -> list[FetchResult]:
    """The last attempt for each URL, in first-seen order."""
    last: dict[str, FetchResult] = {}
    for result in results:
        last[result.url] = result
    return list(last.values())


def _log_row(result: FetchResult, plan: Plan) -> dict[str, Any]:
    """A fetch_log row for one attempt."""
    row = to_json_dict(result)
    for key in ("text", "etag", "last_modified", "body_sha256"):
        row.pop(key, None)
    row.update(run_id=plan.run_id, run_date=plan.run_date)
    return row


def _feed_item(row: dict[str, Any]) -> FeedItem:
    """A FeedItem from its staged JSON form."""
    fields = {f.name for f in dataclasses.fields(FeedItem)}
    data = {k: v for k, v in row.items() if k in fields}
    if data.get("published_at"):
        data["published_at"] = datetime.fromisoformat(data["published_at"])
    return FeedItem(**data)
