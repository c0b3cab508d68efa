"""List quarantined records, and replay them through fetch → load after a fix."""
from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path
from typing import Any

from mediamon import stages, warehouse
from mediamon.errors import ConfigError
from mediamon.quality.frames import DUPLICATE_ARTICLE, REPLAY_ITEMS
from mediamon.records import FeedItem
from mediamon.rundir import RunDir, read_json, write_jsonl
from mediamon.settings import Settings

logger = logging.getLogger(__name__)

ITEM_FIELDS = {f.name for f in dataclasses.fields(FeedItem)}
STAGES = ("feed_items", "fetch", "extract", "enrich", "articles")  # the stages that quarantine records


def list_quarantine(db_path: Path, *, run_date: str | None = None, stage: str | None = None) -> list[dict[str, Any]]:
    """Quarantined records with their reasons (read-only)."""
    with warehouse.connect(db_path, read_only=True, external_access=False) as con:
        cur = con.execute(warehouse.read_sql("queries/quarantine_list"), {"run_date": run_date, "stage": stage})
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def replay_quarantine(settings: Settings, run_date: str, *, stage: str | None = None) -> dict[str, Any]:
    """Re-run a day's quarantined records as a new run; records that now pass leave the quarantine, the others stay
    with their new reasons (still_quarantined counts them; the batch suite does not fail the replay on them). With
    nothing to replay no run is recorded (a run would make the day count as a pipeline day in the baselines)."""
    if stage is not None and stage not in STAGES:
        raise ConfigError(f"stage '{stage}' is not one of {', '.join(STAGES)}; list the day's records with "
                          f"`mediamon quarantine list --date {run_date}`")
    rows = list_quarantine(settings.db_path, run_date=run_date, stage=stage)
    items = [_as_feed_item(json.loads(r["payload"] or "{}")) for r in rows]
    items = [i for i in items if i is not None]
    if not items:
        message = _nothing_to_replay(run_date, stage, records=len(rows))
        logger.info("replay run_date=%s records=%s replayable=0 run=none", run_date, len(rows))
        return {"records": len(rows), "replayed": 0, "run_id": None, "message": message}
    settings = dataclasses.replace(settings, refresh=True)
    run_dir = stages.plan_run(settings, run_date)
    run = RunDir(run_dir)
    write_jsonl(run.feed_items(REPLAY_ITEMS), items)  # the replayed items are this run's feed items
    for shard in stages.shard_items(run_dir, settings):
        stages.process_shard(shard, settings)
    counts = stages.finish_run(run_dir, settings)
    outcomes = read_json(run.staged("run.json"))["outcomes"]
    still = sum(n for outcome, n in outcomes.items() if outcome not in ("loaded", DUPLICATE_ARTICLE))
    logger.info("replay run_date=%s records=%s replayable=%s new_articles=%s refreshed_articles=%s "
                "still_quarantined=%s", run_date, len(rows), len(items), counts["new_articles"],
                counts.get("refreshed_articles", 0), still)
    return {"records": len(rows), "replayed": len(items), "still_quarantined": still, "outcomes": outcomes, **counts}


def _nothing_to_replay(run_date: str, stage: str | None, *, records: int) -> str:
    """Why a replay records no run: no record of that day (and stage), or none that names a page to fetch."""
    where = f"on {run_date}" + (f" at stage {stage}" if stage else "")
    if not records:
        return f"nothing to replay: no quarantined record {where}"
    return (f"nothing to replay: none of the {records} quarantined record(s) {where} names a page URL and its "
            "source (see `mediamon quarantine list`)")


def _as_feed_item(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The feed-item fields of a quarantined payload (article rows carry them too, with the item's own
    URL as item_url beside the canonical url)."""
    if not payload.get("url") or not payload.get("source_id"):
        return None
    item = {k: v for k, v in payload.items() if k in ITEM_FIELDS}
    item["url"] = payload.get("item_url") or payload["url"]
    item.setdefault("feed_url", payload.get("feed_url") or "")
    item.setdefault("title", None)
    item.setdefault("summary", None)
    return item
