"""Processing speed end to end: extract + enrich + cluster + validate + load over a few thousand real pages,
against trafilatura alone on the same pages in the same run.

    .venv/bin/python benchmarks/pipeline.py [--copies 17] [--keep DIR]

The 181 pages of ../shared/benchmarks/extraction are repeated --copies times under distinct URLs
(https://mirrorK.example.org/<host>/<path>, so every copy is its own article; copies of a page join
one story, as syndicated copies do). Setup, not timed: a feed listing every URL is replayed through
discover and shard_items, and each shard's pages through fetch_shard (the WARC replay path), so the
run directory is exactly what a real fetch leaves. Timed: extract_shard, enrich_shard, cluster_stories
(stories and events), validate_run (watch matches gathered) and load_run (one transaction into a fresh
DuckDB file, search index included), the functions the DAG calls, one after another in this process;
after each shard, trafilatura.extract(html, url, include_comments=False) on that shard's pages, in the
same process (both warmed up on 5 pages).
Each side is timed in wall-clock time and in CPU time of this process (time.process_time), which
other processes on a shared machine do not inflate. Prints a table, then one JSON line.
Goal: mediamon articles/s >= 0.95 x trafilatura's.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

PROJECT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT.parent / "shared" / "benchmarks" / "extraction"
sys.path.insert(0, str(PROJECT / "include"))

from mediamon import stages  # noqa: E402
from mediamon.fetch.archive import WarcWriter  # noqa: E402
from mediamon.records import FetchResult  # noqa: E402
from mediamon.rundir import read_jsonl  # noqa: E402
from mediamon.settings import Settings  # noqa: E402
from mediamon.text.urls import canonical_url  # noqa: E402

RUN_DATE = "2026-01-15"
FEED_URL = "https://feeds.example.org/bench.xml"
SOURCE_ID = "bench-mirrors"
TARGET_RATIO = 0.95
DEFAULT_COPIES = 17  # 17 x 181 = 3,077 pages
STAGES = ("extract", "enrich", "cluster", "validate", "load")


def load_pages() -> list[tuple[str, str]]:
    """(url, html) of the benchmark's pages, or exit naming where they were looked for."""
    truth_path = DATA_DIR / "ground-truth.json"
    if not truth_path.is_file():
        sys.exit(f"benchmark pages not found: {truth_path} is missing. Put the shared folder beside the "
                 f"project (expected at {DATA_DIR.parents[1]}) and run again.")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return [(truth[key]["url"], gzip.decompress((DATA_DIR / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8"))
            for key in sorted(truth)]


def mirrored(pages: list[tuple[str, str]], copies: int) -> list[tuple[str, str]]:
    """Each page once per copy, under a distinct canonical URL that keeps the original host and path."""
    out = []
    for k in range(copies):
        for url, html in pages:
            parts = urlsplit(url)
            query = f"?{parts.query}" if parts.query else ""
            out.append((canonical_url(f"https://mirror{k}.example.org/{parts.netloc}{parts.path or '/'}{query}"), html))
    return out


def write_feed_archive(items: list[tuple[str, str]], path: Path) -> Path:
    """A WARC holding one RSS feed that lists every URL."""
    day = datetime.fromisoformat(f"{RUN_DATE}T06:00:00+00:00")
    entries = "".join(f"<item><title>Article {i}</title><link>{escape(url)}</link><guid>{i}</guid>"
                      f"<pubDate>{format_datetime(day)}</pubDate></item>" for i, (url, _) in enumerate(items))
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Mirrors</title>'
            f"<link>https://feeds.example.org/</link>{entries}</channel></rss>").encode()
    with WarcWriter(path) as writer:
        writer.write_result(_response(FEED_URL, body, "application/rss+xml", kind="feed"))
    return path


def write_pages_archive(urls: list[str], html_by_url: dict[str, str], path: Path) -> Path:
    """A WARC holding a 200 response for each URL."""
    with WarcWriter(path) as writer:
        for url in urls:
            writer.write_result(_response(url, html_by_url[url].encode("utf-8"), "text/html; charset=utf-8"))
    return path


def _response(url: str, body: bytes, content_type: str, *, kind: str = "page") -> FetchResult:
    """A successful fetch of url with body."""
    return FetchResult(url=url, source_id=SOURCE_ID, fetched_at=datetime.now(timezone.utc), status=200,
                       bytes=len(body), elapsed_ms=1, error=None, final_url=url, robots="allowed",
                       content_type=content_type, kind=kind, body=body)


def stage_fetched_run(items: list[tuple[str, str]], work: Path) -> tuple[Settings, Path, list[Path]]:
    """A run directory with every page fetched (replayed), ready for extract; not timed."""
    sources = work / "sources.yaml"
    sources.write_text(f"sources:\n  - id: {SOURCE_ID}\n    name: Mirrors\n    feeds: [{FEED_URL}]\n"
                       "    homepage: https://feeds.example.org/\n    country: US\n    language: en\n",
                       encoding="utf-8")
    settings = Settings(sources_path=sources, db_path=work / "bench.duckdb", data_dir=work / "data",
                        replay_warc=write_feed_archive(items, work / "archive" / "feed.warc.gz"),
                        max_feed_items=len(items))  # every page is planned (the cap would keep the newest 500)
    run_dir = stages.plan_run(settings, RUN_DATE)
    stages.discover(run_dir, SOURCE_ID, settings)
    html_by_url = dict(items)
    shards, planned = [], 0
    for shard in stages.shard_items(run_dir, settings):
        urls = [row["url"] for row in read_jsonl(shard)]
        planned += len(urls)
        archive = write_pages_archive(urls, html_by_url, work / "archive" / f"{shard.stem}.warc.gz")
        shards.append(stages.fetch_shard(shard, settings.with_overrides(replay_warc=archive)))
    if planned != len(items):
        raise SystemExit(f"the run planned {planned} of the {len(items)} pages: every page must be timed")
    return settings, run_dir, shards


class Laps:
    """Wall-clock and CPU seconds added up per name."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._started: tuple[str, float, float] | None = None

    def start(self, name: str) -> None:
        """Start timing name (ending any lap still running)."""
        self.stop()
        self._started = (name, time.perf_counter(), time.process_time())

    def stop(self) -> None:
        """Add the running lap's seconds to its name."""
        if self._started is not None:
            name, wall, cpu = self._started
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
            self._started = None


def time_both(settings: Settings, run_dir: Path, shards: list[Path],
              html_by_url: dict[str, str]) -> tuple[Laps, dict, int]:
    """Seconds per stage (extract, enrich, cluster, validate, load, and trafilatura on the same pages, timed
    shard by shard right after ours, so a change in the machine's load hits both alike), the load's
    counts and trafilatura's articles."""
    laps, traf_ok = Laps(), 0
    warm_up(list(html_by_url.items())[:5])
    for shard in shards:
        laps.start("extract")
        extracted = stages.extract_shard(shard, settings)
        laps.start("enrich")
        stages.enrich_shard(extracted, settings)
        laps.stop()
        items = [(row["url"], html_by_url[row["url"]]) for row in read_jsonl(shard)]
        laps.start("trafilatura")
        traf_ok += run_trafilatura(items)
        laps.stop()
    laps.start("cluster")
    stages.cluster_stories(run_dir)
    laps.start("validate")
    stages.validate_run(run_dir, settings)
    laps.start("load")
    counts = stages.load_run(run_dir, settings)
    laps.stop()
    return laps, counts, traf_ok


def warm_up(items: list[tuple[str, str]]) -> None:
    """Import and run both extractors once per page (models, lexicons), as the extraction benchmark does."""
    import trafilatura

    from mediamon.errors import ExtractError
    from mediamon.extract.article import extract_article

    for url, html in items:
        trafilatura.extract(html, url=url, include_comments=False)
        try:
            extract_article(html, url)
        except ExtractError:
            pass


def run_trafilatura(items: list[tuple[str, str]]) -> int:
    """trafilatura.extract over the pages; how many gave text."""
    import trafilatura

    return sum(bool(trafilatura.extract(html, url=url, include_comments=False)) for url, html in items)


def main() -> int:
    """Stage, time both, print the comparison; exit 1 when the goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=DEFAULT_COPIES, help="times each of the 181 pages is repeated")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    items = mirrored(load_pages(), args.copies)
    with tempfile.TemporaryDirectory(prefix="mediamon-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        settings, run_dir, shards = stage_fetched_run(items, work)
        setup_s = time.perf_counter() - t0
        laps, counts, traf_ok = time_both(settings, run_dir, shards, dict(items))
        db_bytes = settings.db_path.stat().st_size
    figures = {"pages": len(items), "copies": args.copies, "mediamon_articles": counts["new_articles"],
               "mediamon_quarantined": counts["quarantined"], "trafilatura_articles": traf_ok,
               "target_ratio": TARGET_RATIO, "setup_seconds": round(setup_s, 1), "db_bytes": db_bytes}
    for clock, seconds in (("", laps.wall), ("cpu_", laps.cpu)):
        ours_s, traf_s = sum(v for k, v in seconds.items() if k in STAGES), seconds["trafilatura"]
        ours_rate, traf_rate = counts["new_articles"] / ours_s, traf_ok / traf_s
        figures.update({f"{clock}{k}_seconds": round(v, 2) for k, v in seconds.items() if k in STAGES})
        figures.update({f"{clock}mediamon_seconds": round(ours_s, 2), f"{clock}trafilatura_seconds": round(traf_s, 2),
                        f"{clock}mediamon_articles_per_second": round(ours_rate, 1),
                        f"{clock}trafilatura_articles_per_second": round(traf_rate, 1),
                        f"{clock}ratio": round(ours_rate / traf_rate, 3)})
    print_table(figures)
    print(json.dumps(figures))
    return 0 if figures["ratio"] >= TARGET_RATIO else 1


def print_table(f: dict) -> None:
    """The figures as a short human-readable table (wall-clock and CPU seconds)."""
    print(f"{f['pages']} pages ({f['copies']} copies of the 181 benchmark pages), one process\n")
    print(f"{'stage':<12}{'seconds':>9}{'share':>8}{'CPU s':>9}{'share':>8}")
    for stage in STAGES:
        wall, cpu = f[stage + "_seconds"], f["cpu_" + stage + "_seconds"]
        print(f"{stage:<12}{wall:>9.2f}{wall / f['mediamon_seconds']:>8.0%}{cpu:>9.2f}{cpu / f['cpu_mediamon_seconds']:>8.0%}")
    print(f"{'total':<12}{f['mediamon_seconds']:>9.2f}{'':>8}{f['cpu_mediamon_seconds']:>9.2f}")
    print(f"{'trafilatura':<12}{f['trafilatura_seconds']:>9.2f}{'':>8}{f['cpu_trafilatura_seconds']:>9.2f}\n")
    for clock, name in (("", "wall-clock"), ("cpu_", "CPU")):
        print(f"{name} time: mediamon {f['mediamon_articles']} articles ({f['mediamon_quarantined']} quarantined) "
              f"{f[clock + 'mediamon_articles_per_second']:.1f} articles/s (extract+enrich+cluster+validate+load), "
              f"trafilatura {f['trafilatura_articles']} articles {f[clock + 'trafilatura_articles_per_second']:.1f} "
              f"articles/s (extract only): ratio {f[clock + 'ratio']:.3f}")
    verdict = "met" if f["ratio"] >= f["target_ratio"] else "MISSED"
    print(f"goal: wall-clock ratio >= {f['target_ratio']}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
