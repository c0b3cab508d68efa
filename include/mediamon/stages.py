"""One function per stage: read the run directory, do the stage's work, write files, return paths.

The DAGs and the CLI call exactly these functions, in this order:
plan_run → discover (per source) → shard_items → fetch_shard → extract_shard → enrich_shard (per shard)
→ validate_run → load_run → build_digest. See mediamon.rundir for the run directory's layout.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import traceback
import uuid
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from mediamon.days import check_day
from mediamon.errors import ExtractError, FeedError, FetchError
from mediamon.fetch import replay
from mediamon.records import FeedItem, FetchRequest, FetchResult, to_json_dict
from mediamon.rundir import read_json, read_jsonl, write_json, write_jsonl
from mediamon.settings import Settings

logger = logging.getLogger(__name__)

# Discover tasks per run: the http pool's default slots, so all start at once; each fetches its hosts in parallel.
DISCOVER_GROUPS = 8
# Errors after which a page URL is not requested again on later days (transient ones are retried).
PERMANENT_ERRORS = ("http-404", "http-410", "not-html", "robots-disallowed", "bad-scheme", "bad-url",
                    "private-address", "no-text", "not-article")


def plan_run(settings: Settings, run_date: str, *, run_id: str | None = None) -> Path:
    """Load the registry and the warehouse's state for this run; returns the new run directory."""
    from mediamon.discover.sources import load_sources
    from mediamon.warehouse import state

    run_date = check_day(run_date, "run date")  # a bad date stops here, before any request
    sources = load_sources(settings.sources_path)
    run_id = run_id or f"{run_date}-{datetime.now(timezone.utc):%H%M%S}-{uuid.uuid4().hex[:6]}"
    run_dir = settings.data_dir / "runs" / run_date / run_id
    snapshot = state.read_state(settings.db_path, run_date)
    feeds = state.plan_feeds(sources, snapshot.feeds, run_date)
    (run_dir / "known_urls.txt").parent.mkdir(parents=True, exist_ok=True)
    (run_dir / "known_urls.txt").write_text("\n".join(sorted(snapshot.known_urls)), encoding="utf-8")
    write_jsonl(run_dir / "known_stories.jsonl", snapshot.known_stories)
    write_jsonl(run_dir / "known_history.jsonl", snapshot.source_history)
    write_json(run_dir / "plan.json", {
        "run_id": run_id, "run_date": run_date, "started_at": datetime.now(timezone.utc).isoformat(),
        "sources": [to_json_dict(s) for s in sources], "feeds": feeds})
    logger.info("plan run_date=%s run_id=%s sources=%s feeds=%s known_urls=%s", run_date, run_id,
                sum(s.enabled for s in sources), len(feeds), len(snapshot.known_urls))
    return run_dir


def source_ids(run_dir: Path) -> list[str]:
    """The enabled sources that have at least one feed to request in this run."""
    feeds = read_json(run_dir / "plan.json")["feeds"]
    return sorted({f["source_id"] for f in feeds if not f["skip"]})


def source_groups(run_dir: Path, groups: int = DISCOVER_GROUPS) -> list[list[str]]:
    """The run's sources in at most `groups` groups, by site (the fetcher's politeness key), so each
    site's feeds share one task."""
    feeds = [f for f in read_json(run_dir / "plan.json")["feeds"] if not f["skip"]]
    host = {}
    for feed in feeds:
        host.setdefault(feed["source_id"], _site_key(feed["feed_url"]))
    buckets: dict[int, list[str]] = {}
    for source_id in sorted(host):
        buckets.setdefault(_stable_hash(host[source_id]) % max(1, groups), []).append(source_id)
    return [buckets[k] for k in sorted(buckets)]


def discover(run_dir: Path, sources: str | list[str], settings: Settings) -> list[Path]:
    """Fetch and parse the feeds of some sources in one polite batch; writes items, fetch log, feed state."""
    wanted = [sources] if isinstance(sources, str) else list(sources)
    chosen = set(wanted)
    plan = read_json(run_dir / "plan.json")
    feeds = [f for f in plan["feeds"] if f["source_id"] in chosen and not f["skip"]]
    requests = [FetchRequest(url=f["feed_url"], source_id=f["source_id"], kind="feed", etag=f.get("etag"),
                             last_modified=f.get("last_modified"), body_sha256=f.get("body_sha256"))
                for f in feeds]
    results = _fetch(requests, settings, run_dir / "warc" / f"feeds-{wanted[0]}-{len(wanted)}.warc.gz")
    items: dict[str, list[FeedItem]] = {s: [] for s in wanted}
    health = []
    for result in _finals(results):
        parsed, result = _parse_feed_result(result)
        items[result.source_id].extend(parsed)
        health.append(_feed_health(result, parsed))
    log = [_log_row(r, plan) for r in _with_finals_replaced(results, health)]
    paths = []
    for source_id in wanted:
        write_jsonl(run_dir / "logs" / f"feeds-{source_id}.jsonl", [r for r in log if r["source_id"] == source_id])
        write_jsonl(run_dir / "feed_health" / f"{source_id}.jsonl",
                    [h["row"] for h in health if h["row"]["source_id"] == source_id])
        paths.append(write_jsonl(run_dir / "feeds" / f"{source_id}.jsonl",
                                 (to_json_dict(i) for i in items[source_id])))
        logger.info("discover source_id=%s items=%s", source_id, len(items[source_id]))
    logger.info("discover sources=%s feeds=%s items=%s", len(wanted), len(requests),
                sum(len(v) for v in items.values()))
    return paths


def _parse_feed_result(result: FetchResult) -> tuple[list[FeedItem], FetchResult]:
    """Items of a fetched feed; a parse failure is written onto the result's error."""
    from mediamon.discover.feeds import parse_feed

    if result.error is not None or result.body is None:
        return [], result
    try:
        return parse_feed(result.body, result.final_url or result.url, source_id=result.source_id,
                          content_type=result.content_type), result
    except FeedError as err:
        logger.warning("discover feed=%s reason=%s", result.url, err)
        return [], dataclasses.replace(result, error=str(err))


def _feed_health(result: FetchResult, items: list[FeedItem]) -> dict[str, Any]:
    """The feeds-table row this result leads to (validators, success, counts)."""
    ok = result.error is None or result.error.startswith("not-modified")
    row = {"feed_url": result.url, "source_id": result.source_id, "fetched_at": result.fetched_at.isoformat(),
           "status": result.status, "error": None if ok else result.error, "ok": ok,
           "etag": result.etag, "last_modified": result.last_modified, "body_sha256": result.body_sha256,
           "items": len(items) if result.body is not None and ok else None,
           "items_dated": sum(i.published_at is not None for i in items) if result.body is not None and ok else None}
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
    plan = read_json(run_dir / "plan.json")
    known = set((run_dir / "known_urls.txt").read_text(encoding="utf-8").split())
    rows = [row for path in sorted((run_dir / "feeds").glob("*.jsonl")) for row in read_jsonl(path)]
    clean = frames.validate_feed_items(rows, run_dir, plan)
    fresh = [r for r in clean if settings.refresh or r["url"] not in known]
    shards: list[list[dict[str, Any]]] = [[] for _ in range(max(1, settings.shards))]
    for row in fresh:
        shards[_stable_hash(_site_key(row["url"])) % len(shards)].append(row)
    paths = [write_jsonl(run_dir / "shards" / f"shard-{n:02d}.jsonl", rows) for n, rows in enumerate(shards) if rows]
    logger.info("shard run_date=%s items=%s valid=%s new=%s shards=%s", plan["run_date"], len(rows),
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


def fetch_shard(shard: Path, settings: Settings) -> Path:
    """Download the pages of one shard into a WARC file; returns the shard path for extract."""
    run_dir = shard.parent.parent
    plan = read_json(run_dir / "plan.json")
    requests = [FetchRequest(url=row["url"], source_id=row["source_id"]) for row in read_jsonl(shard)]
    results = _fetch(requests, settings, run_dir / "warc" / f"pages-{shard.stem}.warc.gz")
    write_jsonl(run_dir / "logs" / f"pages-{shard.stem}.jsonl", (_log_row(r, plan) for r in results))
    failed = sum(1 for r in _finals(results) if r.error)
    logger.info("fetch shard=%s urls=%s attempts=%s failed=%s", shard.stem, len(requests), len(results), failed)
    return shard


def extract_shard(shard: Path, settings: Settings) -> Path:
    """Extract an article from each fetched page (or the feed text); rejects get a reason."""
    from mediamon.extract.article import warm_up as warm_up_extract
    from mediamon.fetch.archive import read_warc

    run_dir = shard.parent.parent
    plan = read_json(run_dir / "plan.json")
    pages = {}
    warc = run_dir / "warc" / f"pages-{shard.stem}.warc.gz"
    if warc.exists():
        for res in read_warc(warc):
            pages[res.url] = res
    errors = {row["url"]: row["error"] for row in read_jsonl(run_dir / "logs" / f"pages-{shard.stem}.jsonl")}
    articles, rejected = [], []
    warm_up_extract()
    for row in read_jsonl(shard):
        item = _feed_item(row)
        outcome = _extract_item(item, pages.get(item.url), errors.get(item.url), plan, settings)
        (articles if "article_id" in outcome else rejected).append(outcome)
    write_jsonl(run_dir / "rejected" / f"{shard.stem}.jsonl", rejected)
    out = write_jsonl(run_dir / "extracted" / f"{shard.stem}.jsonl", articles)
    reasons = Counter(r["reasons"][0].split(":")[0] for r in rejected)
    logger.info("extract shard=%s in=%s ok=%s rejected=%s %s", shard.stem, len(articles) + len(rejected),
                len(articles), len(rejected), " ".join(f"{k}={v}" for k, v in sorted(reasons.items())))
    return out


def _extract_item(item: FeedItem, page: FetchResult | None, fetch_error: str | None,
                  plan: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """An article row for one feed item, or a rejection row naming why there is none."""
    from mediamon.budget import ItemTimeout, cpu_budget
    from mediamon.extract.article import article_from_feed_item, extract_article
    from mediamon.text.urls import article_id, prefer_canonical

    run_date = date.fromisoformat(plan["run_date"])
    stage, reason = "fetch", fetch_error or "no-response"
    try:
        if page is not None and page.text is not None:
            stage = "extract"
            with cpu_budget(settings.item_cpu_budget_s, "extract"):
                article = extract_article(page.text, page.final_url or item.url, feed_item=item,
                                          min_words=settings.min_article_words, run_date=run_date)
        else:
            raise ExtractError(reason.split(":")[0], reason)
    except ItemTimeout as err:
        logger.warning("extract url=%s reason=%s", item.url, err)
        return _rejection("extract", item, [str(err)], plan)
    except ExtractError as err:
        reason = str(err) if stage == "extract" else reason
        try:
            article = article_from_feed_item(item)
        except ExtractError:
            return _rejection(stage, item, [reason], plan)
    except Exception as err:
        logger.error("extract url=%s reason=unexpected-error\n%s", item.url, traceback.format_exc())
        return _rejection("extract", item, [f"unexpected-error: {type(err).__name__}: {err}"], plan)
    url = prefer_canonical(item.url, article.canonical_url)
    row = to_json_dict(article)
    row.update(article_id=article_id(url), url=url, source_id=item.source_id, feed_url=item.feed_url,
               first_seen_at=plan["started_at"], run_date=plan["run_date"], summary=item.summary)
    return row


def _rejection(stage: str, item: FeedItem, reasons: list[str], plan: dict[str, Any]) -> dict[str, Any]:
    """A quarantine row for a feed item that produced no article."""
    return {"stage": stage, "record_key": item.url, "reasons": reasons, "payload": to_json_dict(item),
            "run_date": plan["run_date"]}


def enrich_shard(extracted: Path, settings: Settings) -> Path:
    """Tag countries and topics and compute the story signature of each article."""
    from mediamon.budget import ItemTimeout, cpu_budget

    run_dir = extracted.parent.parent
    rows, rejected = [], []
    _enrich_row({"title": "Harbour reopens", "text": "The harbour in Karachi reopened.", "language": "en"})  # warm-up
    for row in read_jsonl(extracted):
        try:
            with cpu_budget(settings.item_cpu_budget_s, "enrich"):
                _enrich_row(row)
            rows.append(row)
        except ItemTimeout as err:
            logger.warning("enrich url=%s reason=%s", row["url"], err)
            rejected.append({"stage": "enrich", "record_key": row["url"], "run_date": row["run_date"],
                             "reasons": [str(err)], "payload": row})
        except Exception as err:
            logger.error("enrich url=%s reason=unexpected-error\n%s", row["url"], traceback.format_exc())
            rejected.append({"stage": "enrich", "record_key": row["url"], "run_date": row["run_date"],
                             "reasons": [f"unexpected-error: {type(err).__name__}: {err}"], "payload": row})
    write_jsonl(run_dir / "rejected" / f"enrich-{extracted.stem}.jsonl", rejected)
    out = write_jsonl(run_dir / "enriched" / extracted.name, rows)
    logger.info("enrich shard=%s in=%s ok=%s rejected=%s", extracted.stem, len(rows) + len(rejected),
                len(rows), len(rejected))
    return out


def _enrich_row(row: dict[str, Any]) -> None:
    """Add the countries, focus country, topics and story signature to one extracted row."""
    from mediamon.enrich.countries import tag_countries
    from mediamon.enrich.stories import signature
    from mediamon.enrich.topics import tag_topics

    tags = tag_countries(row["title"], row["text"])
    row["countries"] = [to_json_dict(c) for c in tags.countries]
    row["focus_country"] = tags.focus
    row["topics"] = [to_json_dict(t) for t in tag_topics(row["title"], row["text"], language=row["language"])]
    row["signature"] = _signature_json(signature(row["title"], row["text"]))


def _signature_json(sig: Any) -> Any:
    """A story signature in JSON form."""
    return json.loads(sig.to_json())


def validate_run(run_dir: Path, settings: Settings) -> Path:
    """Cluster stories, run the article and batch suites, and stage everything load needs."""
    from mediamon.quality import frames
    plan = read_json(run_dir / "plan.json")
    rows = [row for path in sorted((run_dir / "enriched").glob("*.jsonl")) for row in read_jsonl(path)]
    _assign_stories(rows, run_dir)
    out = frames.validate_and_stage(rows, run_dir, plan, settings)
    return out


def _assign_stories(rows: list[dict[str, Any]], run_dir: Path) -> None:
    """Set story_id on each row: joined to an earlier copy (this run or recent days) or its own."""
    from mediamon.enrich.stories import KnownStory, StoryInput, StorySignature, assign_stories

    inputs = [StoryInput(article_id=r["article_id"], title=r["title"], text=r["text"],
                         first_seen=datetime.fromisoformat(r["first_seen_at"]), source_id=r["source_id"])
              for r in rows]
    known = [KnownStory(story_id=k["story_id"], article_id=k["article_id"],
                        signature=StorySignature.from_json(json.dumps(k["signature"])))
             for k in read_jsonl(run_dir / "known_stories.jsonl")]
    stories = assign_stories(inputs, known)
    for row in rows:
        row["story_id"] = stories.get(row["article_id"], row["article_id"])


def load_run(run_dir: Path, settings: Settings) -> dict[str, Any]:
    """Load the staged files into the warehouse in one transaction; returns the run's counts."""
    from mediamon.warehouse.load import load_staged

    return load_staged(run_dir, settings.db_path)


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
    validate_run(run_dir, settings)
    counts = load_run(run_dir, settings)
    counts["digest_index"] = str(build_digest(settings, run_date))
    counts["run_dir"] = str(run_dir)
    return counts


def process_shards(shards: list[Path], settings: Settings) -> list[Path]:
    """Fetch every shard at once (network-bound, each with its own hosts), extract and enrich each as it lands."""
    with ThreadPoolExecutor(max(1, len(shards)), thread_name_prefix="shard") as pool:
        fetched = [pool.submit(fetch_shard, shard, settings) for shard in shards]
        return [enrich_shard(extract_shard(done.result(), settings), settings) for done in as_completed(fetched)]


def _fetch(requests: list[FetchRequest], settings: Settings, warc_path: Path) -> list[FetchResult]:
    """Fetch from the network, or from WARC files when the settings ask for a replay."""
    if settings.replay_warc is not None:
        return replay.replay_requests(requests, settings.replay_warc, warc_path)
    from mediamon.fetch import fetch_all

    warc_path.parent.mkdir(parents=True, exist_ok=True)
    # A retried stage fetches every request again, so it starts the file afresh: appending after a
    # record torn by a killed task or a full disk would make the whole file unreadable.
    warc_path.unlink(missing_ok=True)
    return fetch_all(requests, settings, warc_path=warc_path)


def _finals(results: Iterable[FetchResult]) -> list[FetchResult]:
    """The last attempt for each URL, in first-seen order."""
    last: dict[str, FetchResult] = {}
    for result in results:
        last[result.url] = result
    return list(last.values())


def _log_row(result: FetchResult, plan: dict[str, Any]) -> dict[str, Any]:
    """A fetch_log row for one attempt."""
    row = to_json_dict(result)
    for key in ("text", "etag", "last_modified", "body_sha256"):
        row.pop(key, None)
    row.update(run_id=plan["run_id"], run_date=plan["run_date"])
    return row


def _feed_item(row: dict[str, Any]) -> FeedItem:
    """A FeedItem from its staged JSON form."""
    fields = {f.name for f in dataclasses.fields(FeedItem)}
    data = {k: v for k, v in row.items() if k in fields}
    if data.get("published_at"):
        data["published_at"] = datetime.fromisoformat(data["published_at"])
    return FeedItem(**data)
