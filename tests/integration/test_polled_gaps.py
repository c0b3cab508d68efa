"""A possible gap the feed poller recorded reaches the warehouse once, whenever its pass wrote it: a pass that
started before midnight and appended its gap to that day's file after a run planned past midnight (and read the
gaps files) had it taken by no run, as the next run read the day files from its own start's day on. Gaps now go by
when they were staged, as the polled items do (discover.polling.gaps_staged_between). A real poller against a feed
on 127.0.0.1, real runs into a real DuckDB file."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import duckdb

from mediamon.discover.polling import poll_once
from mediamon.rundir import RunDir
from mediamon.stages import run_day
from tests.support.fixture_site import SITE_ROOT, bind_base_url, fixture_site, site_settings
from tests.support.server import RunningSite, Site, send


def _feed(site: Site, first: int, dated_from: datetime) -> bytes:
    """An RSS feed of ten items numbered from `first`, an hour apart from dated_from (newest first)."""
    items = "".join(f"<item><title>Item {n}</title><link>{site.url(f'/news/item-{n}.html')}</link>"
                    f"<pubDate>{format_datetime(dated_from + timedelta(minutes=10 * (n - first)))}</pubDate></item>"
                    for n in range(first + 9, first - 1, -1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Courier</title><link>{site.url("/")}'
            f"</link><description>news</description>{items}</channel></rss>").encode()


def _serve_items(site: Site) -> None:
    """/news/item-N.html for N in 0..19: the fixture's floods article, each under its own title."""
    page = (SITE_ROOT / "news" / "floods.html").read_text(encoding="utf-8")
    for n in range(20):
        body = page.replace("Floods force evacuations", f"Item {n}: floods force evacuations").encode()
        site.routes[f"/news/item-{n}.html"] = lambda handler, body=body: send(handler, 200, body)


def _staged_gaps(counts: dict) -> int:
    """The possible gaps a run took (its staged feed_gaps file)."""
    with duckdb.connect() as con:
        staged = RunDir(Path(counts["run_dir"])).staged("feed_gaps.parquet")
        return con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(staged)}).fetchone()[0]


def _gaps(db: Path) -> list[tuple]:
    """The feed_gaps rows: detected_at and the run_date that loaded each."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT detected_at, run_date::VARCHAR FROM feed_gaps ORDER BY 1").fetchall()


def test_a_gap_appended_after_a_run_past_midnight_read_it_reaches_the_next_run(tmp_path: Path) -> None:
    now = datetime.now(timezone.utc)
    today = now.date().isoformat()
    evening = datetime.combine(now.date() - timedelta(days=1), datetime.min.time(), timezone.utc) + timedelta(hours=21)
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        _serve_items(site)
        body = {"feed": _feed(site, 0, evening - timedelta(hours=3))}
        site.routes["/feed.xml"] = lambda handler: send(handler, 200, body["feed"], content_type="application/rss+xml")
        settings = site_settings(site, tmp_path)
        evening_run = run_day(settings, today)
        with duckdb.connect(str(settings.db_path)) as con:  # that run ran yesterday evening
            con.execute("UPDATE runs SET started_at = $t", {"t": evening})
        assert poll_once(settings, now=evening + timedelta(hours=1)).gaps == 0  # the poller's first pass
        after_midnight = run_day(settings, today)  # planned past midnight, read yesterday's gaps file
        body["feed"] = _feed(site, 10, evening + timedelta(hours=2))  # ten newer items, none seen: a gap
        late = poll_once(settings, now=evening + timedelta(hours=2, minutes=59))  # started before midnight
        next_run = run_day(settings, today)
        again = run_day(settings, today)  # the day re-run: staged before its previous run's start, not taken again
    assert late.gaps == 1
    assert [_staged_gaps(c) for c in (evening_run, after_midnight, next_run, again)] == [0, 0, 1, 0]  # taken once
    assert [detected.astimezone(timezone.utc) for detected, _ in _gaps(settings.db_path)] == [
        evening + timedelta(hours=2, minutes=59)]
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        counted = con.execute("SELECT possible_gaps FROM feeds WHERE feed_url = $f", {"f": site.url("/feed.xml")})
        assert counted.fetchone() == (1,)
