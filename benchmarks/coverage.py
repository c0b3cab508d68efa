"""Feed coverage: adaptive polling (mediamon.discover.polling) vs one read a day, over a simulated day.

    .venv/bin/python benchmarks/coverage.py --json [--feeds 50] [--warmup-hours 12] [--seed 7]

A local site (benchmarks/publishing_sim.py) serves 50 RSS feeds on 127.0.0.1 whose content follows a
simulated clock: rates 2..300 items a day on a day curve, windows of 10..50 items, a two-hour doubled
rate on 10 feeds, a flood and an outage that really lose items, one item dated a day ahead. The
benchmark advances the clock 15 minutes at a time and calls poll_once(now=...) with the real fetcher
(fetch_all, conditional GETs over HTTP). Polling starts --warmup-hours before the measured day and
goes on after it until every feed has been polled once more (at most a day), so items published late in
the day are counted when the next scheduled poll finds them.

Prints one JSON line: coverage (items published in the day that were staged), daily_only_coverage (the
same feeds read once, at the end of the day), feed_requests_per_feed_day and not_modified_share (feed
requests the server saw during the day, and the share it answered 304), gaps_detected, gaps_true (polls
whose window began after the newest item of the feed's previous response) and false_gaps (detected, not
true), missed_gaps (true, not detected), items, lost_items, passes, seconds.

Three more outlets publish a Google News sitemap (the last two days of items) and no feed; the poller
reads them like feeds, and they count in every figure.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "include"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing_sim import Clock, SimFeed, SimSite, at, build_feeds, expected_items, publish, true_gaps, ts

from mediamon.discover.polling import (
    MIN_INTERVAL_S,
    feed_gaps,
    parse_items,
    poll_once,
    read_state,
    staged_items_since,
)
from mediamon.fetch import fetch_all
from mediamon.records import FetchRequest
from mediamon.settings import Settings

DAY_START = datetime(2026, 3, 2, tzinfo=timezone.utc)
STEP = timedelta(seconds=MIN_INTERVAL_S)
SOURCE = """  - id: outlet-{index:02d}
    name: Outlet {index}
    homepage: {home}/
    country: GB
    language: en
    {kind}: [{feed}]
"""


SITEMAP_RATES = (20.0, 60.0, 150.0)  # items a day of the three outlets that publish a news sitemap and no feed


def sitemap_outlets(first_index: int, sim_start: float, sim_end: float, seed: int) -> list[SimFeed]:
    """The sitemap-only outlets: a news sitemap of the last two days, polled by poll_once like a feed."""
    rng = random.Random(seed + 1)
    outlets = [SimFeed(index=first_index + n, rate_per_day=rate, window=1000, sitemap=True)
               for n, rate in enumerate(SITEMAP_RATES)]
    for outlet in outlets:
        publish(outlet, sim_start - 3 * 86400.0, sim_end, rng, offset_h=rng.uniform(-3, 3))
    return outlets


def write_sources(site: SimSite, feeds: list[SimFeed], path: Path) -> Path:
    """The sources.yaml naming one outlet per simulated feed."""
    body = "".join(SOURCE.format(index=f.index, home=site.base_url(f), feed=site.url(f),
                                 kind="sitemaps" if f.sitemap else "feeds") for f in feeds)
    path.write_text("schema_version: 1\nsources:\n" + body, encoding="utf-8")
    return path


def simulate(site: SimSite, clock: Clock, settings: Settings, start: datetime, day_end: datetime) -> int:
    """Poll every STEP from start through the day, then until each feed was polled after day_end; passes."""
    now, passes = start, 0
    while now < day_end + timedelta(days=1):
        clock.now = ts(now)
        poll_once(settings, now=now, fetch=fetch_all)
        passes += 1
        now += STEP
        if now > day_end and all(s.last_polled_at and datetime.fromisoformat(s.last_polled_at) >= day_end
                                 for s in read_state(settings.data_dir).values()):
            break
    return passes


def daily_read(site: SimSite, clock: Clock, feeds: list[SimFeed], settings: Settings, moment: datetime) -> set[str]:
    """Item URLs of one unconditional read of every feed at `moment` (the once-a-day baseline)."""
    clock.now = ts(moment)
    requests = [FetchRequest(url=site.url(f) + "?reader=daily", source_id=f"outlet-{f.index:02d}", kind="feed")
                for f in feeds]
    urls = set()
    for result in fetch_all(requests, settings):
        if result.body is not None and result.error is None:
            urls.update(i.url for i in parse_items(result))
    return urls


def day_urls(site: SimSite, feeds: list[SimFeed], start: datetime, end: datetime) -> set[str]:
    """URLs of the items published in [start, end)."""
    return {f"{site.base_url(f)}/f{f.index:02d}/a{n:05d}.html" for f in feeds
            for n in expected_items(f, ts(start), ts(end))}


def detected_gaps(settings: Settings, start: datetime, end: datetime) -> list[dict]:
    """Gap records of every day the simulation touched."""
    days = {(start + timedelta(days=d)).date() for d in range((end - start).days + 2)}
    return [g for day in sorted(days) for g in feed_gaps(settings.data_dir, day)]


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON line (the default output)")
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--warmup-hours", type=float, default=12.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.monotonic()
    day_end = DAY_START + timedelta(days=1)
    sim_start = DAY_START - timedelta(hours=args.warmup_hours)
    feeds = build_feeds(ts(DAY_START), ts(sim_start), ts(day_end + timedelta(days=1)), count=args.feeds,
                        seed=args.seed)
    feeds += sitemap_outlets(len(feeds), ts(sim_start), ts(day_end + timedelta(days=1)), args.seed)
    clock = Clock()
    with tempfile.TemporaryDirectory(prefix="mediamon-coverage-") as tmp, SimSite(feeds, clock) as site:
        settings = Settings(sources_path=write_sources(site, feeds, Path(tmp) / "sources.yaml"),
                            db_path=Path(tmp) / "wh.duckdb", data_dir=Path(tmp) / "data", allow_private_hosts=True,
                            host_delay_s=0.0, max_tries=1)  # simulated time: no real-time waits between requests
        passes = simulate(site, clock, settings, sim_start, day_end)
        end_of_sim = at(clock.now)
        staged = {row["url"] for row in staged_items_since(settings.data_dir, sim_start)}
        daily = daily_read(site, clock, feeds, settings, day_end)
        gaps = detected_gaps(settings, sim_start, end_of_sim)
        published = day_urls(site, feeds, DAY_START, day_end)
        sitemap_day = day_urls(site, [f for f in feeds if f.sitemap], DAY_START, day_end)
        url_of = {f.index: site.url(f) for f in feeds}
        truth = {(url_of[feed], round(at_s)) for feed, at_s, _ in true_gaps(site.log)}
        found = {(g["feed_url"], round(ts(datetime.fromisoformat(g["detected_at"])))) for g in gaps}
        in_day = [s for s in site.log if s.reader == "poller" and ts(DAY_START) <= s.at < ts(day_end)]
    report = {
        "coverage": round(len(published & staged) / len(published), 4),
        "daily_only_coverage": round(len(published & daily) / len(published), 4),
        "feed_requests_per_feed_day": round(len(in_day) / len(feeds), 2),
        "not_modified_share": round(sum(s.status == 304 for s in in_day) / max(1, len(in_day)), 3),
        "gaps_detected": len(found), "gaps_true": len(truth), "false_gaps": len(found - truth),
        "missed_gaps": len(truth - found), "items": len(published), "lost_items": len(published - staged),
        "feeds": len(feeds), "sitemap_only": sum(f.sitemap for f in feeds),
        "sitemap_coverage": round(len(sitemap_day & staged) / max(1, len(sitemap_day)), 4), "passes": passes, "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
