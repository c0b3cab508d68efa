"""The retry queue: a page whose fetch failed for a temporary reason is asked again on later runs even when its
feed answers 304 and lists nothing, until it is stored or has failed on RETRY_ATTEMPTS runs (its outcome then says
the run gave up); a page that failed for good (404) is never asked again, and a page both listed again by its feed
and in the queue is fetched and stored once. Four days against two sites on 127.0.0.1, into a real DuckDB file."""
from __future__ import annotations

import itertools

import duckdb
import pytest

from mediamon import stages
from mediamon.settings import Settings
from mediamon.warehouse.state import read_state
from tests.support.fixture_site import SITE_ROOT, fixture_site
from tests.support.server import RunningSite, send

DAYS = ("2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05")
SOURCES = """sources:
  - id: steppe-courier
    name: The Steppe Courier
    feeds: [{quiet_feed}]
    homepage: {quiet}
    country: KZ
    language: en
  - id: steppe-mirror
    name: The Steppe Mirror
    feeds: [{live_feed}]
    homepage: {live}
    country: KZ
    language: en
"""


def unavailable(handler) -> None:
    """A page answering 503, as a server under maintenance does."""
    send(handler, 503, b"down for maintenance")


def changing_feed(base: str, today: dict[str, str]):
    """The fixture feed listing the pages at base and the day's edition of the Tbilisi story (a new article each
    day, as a live source publishes: a run whose only pages all fail is an outage to the batch suite), its body
    different at every request."""
    body = (SITE_ROOT / "feed.xml").read_text(encoding="utf-8").replace("__BASE_URL__", base)
    served = itertools.count(1)

    def route(handler) -> None:
        edition = (f"<item><title>Tbilisi protest, edition of {today['day']}</title>"
                   f"<link>{base}/news/tbilisi-protest.html?edition={today['day']}</link></item></channel>")
        send(handler, 200, f"{body.replace('</channel>', edition)}<!-- request {next(served)} -->".encode(),
             content_type="application/xml")
    return route


def requested(site: RunningSite, path: str) -> int:
    """How many GET requests for path (any query) the site answered since its log was cleared."""
    return sum(1 for method, got, _ in site.requests if method == "GET" and got.split("?")[0] == path)


def outcome(db, run_id: str, url: str) -> tuple[str, str | None, str | None] | None:
    """(outcome, stage, reason) of the item at url in the run, or None when the run had no such item."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT outcome, stage, reason FROM item_outcomes WHERE run_id = $r AND url = $u",
                           {"r": run_id, "u": url}).fetchone()


def stored(db, url: str) -> int:
    """How many articles the warehouse holds for url."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles WHERE url = $u", {"u": url}).fetchone()[0]


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """The courier's feed is a static file (200 on day 1, then 304 to its ETag); its floods page answers 503 on
    day 1 only, its water-deal page 503 every day, removed.html 404. The mirror's feed changes at every request
    and its floods page answers 503 on day 1 only. One try per URL and run, no host delay."""
    tmp = tmp_path_factory.mktemp("retry_queue")
    seen: dict[str, object] = {}
    with RunningSite(fixture_site()) as quiet, RunningSite(fixture_site()) as live:
        for site in (quiet, live):
            site.replacements[b"__BASE_URL__"] = site.base_url.encode()
        today: dict[str, str] = {}
        live.routes["/feed.xml"] = changing_feed(live.base_url, today)
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0, max_tries=1)
        settings.sources_path.write_text(SOURCES.format(
            quiet_feed=quiet.url("/feed.xml"), quiet=quiet.url("/"), live_feed=live.url("/feed.xml"),
            live=live.url("/")), encoding="utf-8")
        quiet.routes["/news/water-deal.html"] = unavailable
        for day in DAYS:
            today["day"] = day
            if day == DAYS[0]:
                quiet.routes["/news/floods.html"] = live.routes["/news/floods.html"] = unavailable
            else:
                quiet.routes.pop("/news/floods.html", None)
                live.routes.pop("/news/floods.html", None)
            quiet.requests.clear()
            live.requests.clear()
            seen[f"{day}-queue"] = {r["url"]: r for r in read_state(settings.db_path, day).retries}
            seen[day] = stages.run_day(settings, day)
            seen[f"{day}-quiet"] = list(quiet.requests)
            seen[f"{day}-live"] = list(live.requests)
            seen[f"{day}-quiet-floods"] = requested(quiet, "/news/floods.html")
            seen[f"{day}-quiet-water"] = requested(quiet, "/news/water-deal.html")
            seen[f"{day}-quiet-removed"] = requested(quiet, "/news/removed.html")
            seen[f"{day}-live-floods"] = requested(live, "/news/floods.html")
        seen["quiet"], seen["live"] = quiet.base_url, live.base_url
    return settings, seen


def feed_error(db, run_id: str, feed_url: str) -> str | None:
    """The error the run's last fetch of feed_url recorded."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT error FROM fetch_log WHERE run_id = $r AND url = $u AND kind = 'feed' "
                           "ORDER BY attempt DESC LIMIT 1", {"r": run_id, "u": feed_url}).fetchone()[0]


def test_a_page_that_answered_503_is_fetched_and_stored_the_next_day_though_its_feed_answers_304(days):
    settings, seen = days
    floods = seen["quiet"] + "/news/floods.html"
    first = outcome(settings.db_path, seen[DAYS[0]]["run_id"], floods)
    assert first[:2] == ("quarantined", "fetch") and first[2].startswith("http-503"), first
    assert feed_error(settings.db_path, seen[DAYS[1]]["run_id"], seen["quiet"] + "/feed.xml") == "not-modified"
    assert ("GET", "/feed.xml") in {(m, p) for m, p, _ in seen[f"{DAYS[1]}-quiet"]}
    queued = seen[f"{DAYS[1]}-queue"][floods]
    assert (queued["source_id"], queued["feed_url"], queued["failed_runs"]) == (
        "steppe-courier", seen["quiet"] + "/feed.xml", 1)
    assert queued["title"] == "Floods force evacuations in southern Pakistan" and queued["published_at"]
    assert seen[f"{DAYS[1]}-quiet-floods"] == 1
    assert outcome(settings.db_path, seen[DAYS[1]]["run_id"], floods)[0] == "loaded"
    assert stored(settings.db_path, floods) == 1
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        source, feed, title = con.execute("SELECT source_id, feed_url, title FROM articles WHERE url = $u",
                                          {"u": floods}).fetchone()
    assert (source, feed) == ("steppe-courier", seen["quiet"] + "/feed.xml") and "Floods" in title


def test_a_stored_page_leaves_the_queue(days):
    settings, seen = days
    floods = seen["quiet"] + "/news/floods.html"
    assert floods not in seen[f"{DAYS[2]}-queue"] and seen[f"{DAYS[2]}-quiet-floods"] == 0
    assert outcome(settings.db_path, seen[DAYS[2]]["run_id"], floods) is None


def test_a_page_failing_on_three_runs_is_given_up_with_an_outcome_that_says_so(days):
    settings, seen = days
    water = seen["quiet"] + "/news/water-deal.html"
    assert [seen[f"{day}-quiet-water"] for day in DAYS] == [1, 1, 1, 0]
    reasons = [outcome(settings.db_path, seen[day]["run_id"], water) for day in DAYS[:3]]
    assert all(r[:2] == ("quarantined", "fetch") and r[2].startswith("http-503") for r in reasons), reasons
    assert not any("retries given up" in r[2] for r in reasons[:2]), reasons
    assert "retries given up after 3 runs (failing since 2026-02-02)" in reasons[2][2], reasons[2]
    assert water not in seen[f"{DAYS[3]}-queue"]
    assert outcome(settings.db_path, seen[DAYS[3]]["run_id"], water) is None
    assert stored(settings.db_path, water) == 0


def test_a_page_that_failed_for_good_is_not_retried(days):
    settings, seen = days
    removed = seen["quiet"] + "/news/removed.html"
    first = outcome(settings.db_path, seen[DAYS[0]]["run_id"], removed)
    assert first[:2] == ("quarantined", "fetch") and first[2].startswith("http-404"), first
    assert [seen[f"{day}-quiet-removed"] for day in DAYS] == [1, 0, 0, 0]
    assert not [url for day in DAYS for url in seen[f"{day}-queue"] if url == removed]


def test_a_page_listed_again_by_its_feed_and_in_the_queue_is_fetched_and_stored_once(days):
    settings, seen = days
    floods = seen["live"] + "/news/floods.html"
    assert floods in seen[f"{DAYS[1]}-queue"]
    assert outcome(settings.db_path, seen[DAYS[1]]["run_id"], floods)[0] == "loaded"
    assert seen[f"{DAYS[1]}-live-floods"] == 1
    assert stored(settings.db_path, floods) == 1
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM item_outcomes WHERE run_id = $r AND url = $u",
                           {"r": seen[DAYS[1]]["run_id"], "u": floods}).fetchone()[0]
    assert rows == 1
