"""A week of unattended daily runs of `mediamon run` into one warehouse and data folder, against four
outlets on 127.0.0.1 whose feeds change every day and go wrong on some (tests/support/unattended_site.py):
a feed answering 500 and recovering, a host timing out, a page changed after it was loaded, one article
under two URLs (?utm_source=), a feed repeating yesterday's items, a page turning 404, a PDF item, a
malformed feed, a day with no new item, a day run twice, a past day run again, and a day run again after
its run folder was deleted.

The product's promise is checked after every run from the warehouse (read-only) and the files: every
feed item has exactly one outcome with a documented reason, no article is stored twice or lost, the
digest tables and digests count what the articles hold, every fetch is logged with its status, no
quarantined record vanishes unless its item loaded, and running a day again changes nothing.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from mediamon import cli
from mediamon.errors import REASONS
from mediamon.rundir import RunDir, read_jsonl
from mediamon.settings import settings_from_env
from tests.support.unattended_site import UnattendedSite, run_date

OUTCOMES = {"loaded", "quarantined", "skipped-known", "refused-by-robots", "not-article", "duplicate-article",
            "over-feed-cap"}  # docs/schema.md, item_outcomes
# Tables a run writes one row per execution into by design (docs/schema.md): a run of a day again adds its
# own rows there; every other table must not change by a row.
RUN_LOGS = {"runs", "fetch_log", "item_outcomes", "validation_results"}
# (label, day, what happens before the run): the week in order, with its re-runs.
PLAN = [("day 0", 0, None), ("day 1", 1, None), ("day 2", 2, None), ("day 3", 3, None),
        ("day 3 run twice", 3, "again"), ("day 4", 4, None), ("day 5", 5, None), ("day 6", 6, None),
        ("day 5 again, a past day", 5, "again"), ("day 1 again, its run folders deleted", 1, "delete")]
STORED = ["articles", "article_countries", "article_topics", "story_signatures", "key_day_counts", "day_totals",
          "event_days", "article_id_keys", "article_event_stems", "watch_matches"]  # compared row by row

RECOUNT_KEYS = """
WITH tags AS (SELECT article_id, 'country' AS kind, country_code AS key FROM article_countries
              UNION ALL SELECT article_id, 'topic', topic_code FROM article_topics)
SELECT a.run_date, t.kind, t.key, count(*), count(DISTINCT coalesce(a.story_id, a.article_id))
FROM articles a JOIN tags t USING (article_id) GROUP BY ALL ORDER BY ALL"""
RECOUNT_EVENTS = """
SELECT coalesce(event_id, story_id, article_id), run_date, count(*), list_sort(list(DISTINCT source_id)),
       min(first_seen_at), max(first_seen_at)
FROM articles GROUP BY ALL ORDER BY ALL"""


@dataclass
class Step:
    """One `mediamon run` of the week and what the warehouse and files held right after it."""

    label: str
    day: int
    again: bool  # the day was run before
    run_date: str
    exit_code: int
    counts: dict[str, Any]
    listed: set[str]  # item URLs the site's answering feeds listed that day
    run_items: set[str]  # item URLs of the run folder's feed-item files (retry queue included)
    served: list[tuple[str, int | None]]  # requests the site answered during the run
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Week:
    """The runs in order, and the URLs of the pages the week's mishaps happen to."""

    steps: list[Step]
    pdf: str  # alpha's PDF report (day 0)
    failing: str  # bravo's page: 503 on day 1, 404 from day 2
    flaky: str  # alpha's page: 503 on day 1, answering from day 2
    changed: str  # alpha's page changed on day 2 after day 0 loaded it


def _facts(db: Path, run_id: str) -> dict[str, Any]:
    """What the invariants read from the warehouse right after a run."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        rows = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        stored = {t: sorted(map(repr, con.execute(f'SELECT * EXCLUDE (loaded_at) FROM "{t}"' if t == "articles"
                                                  else f'SELECT * FROM "{t}"').fetchall())) for t in STORED}
        run = {"run_id": run_id}
        return {
            "rows": rows, "stored": stored,
            "outcomes": con.execute("SELECT item_id, url, outcome, stage, reason, article_id FROM item_outcomes "
                                    "WHERE run_id = $run_id", run).fetchall(),
            "all_outcomes": con.execute("SELECT run_id, item_id, url, outcome, article_id FROM item_outcomes").fetchall(),
            "fetches": con.execute("SELECT url, kind, attempt, status, error FROM fetch_log WHERE run_id = $run_id",
                                   run).fetchall(),
            "article_ids": con.execute("SELECT article_id, count(*) FROM articles GROUP BY 1").fetchall(),
            "article_urls": {u for (u,) in con.execute("SELECT url FROM articles").fetchall()},
            "articles_by_day": dict(con.execute("SELECT run_date::VARCHAR, count(*) FROM articles GROUP BY 1").fetchall()),
            "key_counts": con.execute("SELECT day, kind, key, articles, stories FROM key_day_counts "
                                      "ORDER BY ALL").fetchall(),
            "key_recount": con.execute(RECOUNT_KEYS).fetchall(),
            "day_totals": con.execute("SELECT day, articles, stories FROM day_totals ORDER BY ALL").fetchall(),
            "day_recount": con.execute("SELECT run_date, count(*), count(DISTINCT coalesce(story_id, article_id)) "
                                       "FROM articles GROUP BY 1 ORDER BY 1").fetchall(),
            "event_days": con.execute("SELECT event_id, day, articles, list_sort(source_ids), first_seen_at, "
                                      "last_seen_at FROM event_days ORDER BY ALL").fetchall(),
            "event_recount": con.execute(RECOUNT_EVENTS).fetchall(),
            "quarantine": con.execute("SELECT run_date::VARCHAR, stage, record_key, item_id FROM quarantine").fetchall(),
        }


def _run(site: UnattendedSite, tmp: Path, day: int) -> tuple[int, dict[str, Any]]:
    """`mediamon run --date <day>` through the CLI's entry point, in this process (a process per run would import
    the whole stack again, about 20 s each); its exit code and printed JSON."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["run", "--sources", str(tmp / "sources.yaml"), "--db", str(tmp / "wh.duckdb"),
                         "--data-dir", str(tmp / "data"), "--allow-private-hosts", "--date", run_date(day)])
    return code, json.loads(out.getvalue()) if code == 0 else {"stderr": err.getvalue()[-2000:]}


def _digest(data: Path, day: str) -> dict[str, Any]:
    """The day's digest files: which exist, whether each names the day, and summary.json's counts."""
    folder = data / "digests" / day
    shown = date.fromisoformat(day).strftime("%-d %b %Y")
    files = [folder / "index.html", folder / "summary.json", *(folder / "country" / f"KZ.{x}" for x in ("html", "md", "json")),
             *(folder / "topic" / f"medtop-11000000.{x}" for x in ("html", "md", "json"))]
    names_day = {}
    for path in files:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        names_day[str(path.relative_to(folder))] = (json.loads(text).get("run_date") == day if path.suffix == ".json"
                                                    and text else shown in text)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8")) if (folder / "summary.json").is_file() else {}
    keys = {(kind, k["key"]): (k["articles"], k["stories"]) for kind in ("country", "topic")
            for k in summary.get(kind, []) if k.get("articles")}
    return {"names_day": names_day, "day_articles": summary.get("day_articles"), "keys": keys}


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> Week:
    """Run the whole week (and its re-runs) once; every step's facts are read right after its run."""
    tmp = tmp_path_factory.mktemp("unattended")
    steps: list[Step] = []
    real = settings_from_env
    with pytest.MonkeyPatch.context() as mp, UnattendedSite() as site:
        for name in [n for n in os.environ if n.startswith("MEDIAMON_")]:
            mp.delenv(name)
        mp.setenv("MEDIAMON_HOST_DELAY_S", "0")
        # The fetch timeouts have no MEDIAMON_* variable; shortened so the timing-out host costs seconds, not minutes.
        mp.setattr(cli, "settings_from_env", lambda env=None: real(env).with_overrides(
            connect_timeout_s=2.0, read_timeout_s=1.5, deadline_s=3.0))
        (tmp / "sources.yaml").write_text(site.sources_yaml(), encoding="utf-8")
        for label, day, before in PLAN:
            if before == "delete":
                folders = list((tmp / "data" / "runs" / run_date(day)).iterdir())
                assert folders, f"no run folder of {run_date(day)} to delete"
                for folder in folders:
                    shutil.rmtree(folder)
            site.set_day(day)
            start = len(site.served)
            code, counts = _run(site, tmp, day)
            run = RunDir(Path(counts["run_dir"])) if code == 0 else None
            items = {row["url"] for path in run.all_feed_items() for row in read_jsonl(path)} if run else set()
            step = Step(label, day, before is not None, run_date(day), code, counts, site.expected_item_urls(day), items,
                        site.served[start:])
            if code == 0:
                step.facts = _facts(tmp / "wh.duckdb", counts["run_id"])
                step.facts["digest"] = _digest(tmp / "data", run_date(day))
            steps.append(step)
        alpha = site.outlets["alpha"]
        return Week(steps, alpha.url(alpha.items[3].path), site.outlets["bravo"].url(site.failing_page().path),
                    alpha.url(site.flaky_page().path), alpha.url(site.changed_item().path))


def _ran(week: Week) -> list[Step]:
    """The steps, after checking every run ended with exit code 0."""
    failed = [(s.label, s.exit_code, s.counts.get("stderr")) for s in week.steps if s.exit_code != 0]
    assert not failed, f"mediamon run failed: {failed}"
    return week.steps


def test_every_run_of_the_week_succeeds(week):
    assert [s.exit_code for s in week.steps] == [0] * len(PLAN), [(s.label, s.counts) for s in week.steps
                                                                  if s.exit_code]
    assert [s.counts["run_date"] for s in week.steps] == [run_date(d) for _, d, _ in PLAN]


def test_every_feed_item_has_exactly_one_outcome_per_run(week):
    for step in _ran(week):
        outcomes = step.facts["outcomes"]
        per_item = Counter(item_id for item_id, *_ in outcomes)
        assert [k for k, n in per_item.items() if n > 1] == [], step.label
        urls = {url for _, url, *_ in outcomes}
        assert urls == step.run_items, f"{step.label}: items without outcome or outcomes without item"
        assert step.listed <= urls, f"{step.label}: listed by the site, no outcome: {step.listed - urls}"


def test_every_outcome_is_documented_with_a_reason(week):
    for step in _ran(week):
        for _, url, outcome, stage, reason, article_id in step.facts["outcomes"]:
            assert outcome in OUTCOMES, (step.label, url, outcome)
            if outcome == "loaded":
                assert reason is None and article_id, (step.label, url)
            elif outcome != "skipped-known":
                assert stage and reason and _is_documented(stage, reason.split(":")[0]), (step.label, url, outcome,
                                                                                          reason)


def _is_documented(stage: str, code: str) -> bool:
    """A reason code of errors.REASONS, or at the articles stage a failed expectation (docs/schema.md, quarantine)."""
    return code in REASONS or re.fullmatch(r"http-[1-5][0-9][0-9]", code) is not None or (stage == "articles" and re.fullmatch(r"expect_[a-z_]+\([a-z_, ]*\)", code) is not None)


def test_skipped_known_outcomes_carry_a_documented_reason_code(week):
    codes = {reason.split(":")[0] for step in _ran(week) for *_, outcome, _, reason, _ in step.facts["outcomes"]
             if outcome == "skipped-known"}
    assert codes and codes <= set(REASONS), codes


def test_every_article_is_stored_once_and_none_is_lost(week):
    seen: set[str] = set()
    for step in _ran(week):
        ids = dict(step.facts["article_ids"])
        assert [a for a, n in ids.items() if n > 1] == [], step.label
        assert seen <= set(ids), f"{step.label}: articles vanished: {seen - set(ids)}"
        seen |= set(ids)
        assert step.facts["rows"]["article_id_keys"] == len(ids), step.label


def test_no_item_is_loaded_twice_across_the_week(week):
    outcomes = _ran(week)[-1].facts["all_outcomes"]
    loaded = Counter(url for _, _, url, outcome, _ in outcomes if outcome == "loaded")
    assert loaded and [u for u, n in loaded.items() if n > 1] == []
    by_article = Counter(article_id for *_, outcome, article_id in outcomes if outcome == "loaded")
    assert [a for a, n in by_article.items() if n > 1] == []


def test_every_item_listed_in_the_week_ends_stored_or_with_a_final_outcome(week):
    last = _ran(week)[-1].facts
    final = {url for _, _, url, outcome, _ in last["all_outcomes"] if outcome in ("loaded", "not-article",
                                                                                   "duplicate-article")}
    listed = set().union(*(s.listed for s in week.steps))
    quarantined = {url for _, _, url, outcome, _ in last["all_outcomes"] if outcome == "quarantined"}
    assert listed - final - last["article_urls"] - quarantined == set()


def test_digest_tables_count_what_the_articles_hold(week):
    for step in _ran(week):
        facts = step.facts
        assert facts["key_counts"] == facts["key_recount"], step.label
        assert facts["day_totals"] == facts["day_recount"], step.label
        assert facts["event_days"] == facts["event_recount"], step.label


def test_each_days_digests_exist_name_the_day_and_count_its_articles(week):
    for step in _ran(week):
        digest = step.facts["digest"]
        assert all(digest["names_day"].values()), (step.label, digest["names_day"])
        assert digest["day_articles"] == step.facts["articles_by_day"].get(step.run_date, 0), step.label
        recount = {(kind, key): (n, stories) for day, kind, key, n, stories in step.facts["key_recount"]
                   if str(day) == step.run_date}
        assert digest["keys"] == recount, step.label


def test_every_feed_and_page_fetch_is_logged_with_its_status(week):
    for step in _ran(week):
        asked = Counter((url, status) for url, status in step.served if not url.endswith("/robots.txt"))
        logged = Counter((url, status) for url, kind, _, status, _ in step.facts["fetches"] if kind in ("feed", "page"))
        assert logged == asked, f"{step.label}: logged but not asked {logged - asked}, asked but not logged " \
                                f"{asked - logged}"
        for url, kind, _, status, error in step.facts["fetches"]:
            if kind == "robots":  # a robots.txt that answers 4xx is no error: everything is allowed (RFC 9309)
                assert error is None or error.split(":")[0] in REASONS, (step.label, url, status, error)
            elif error is None:
                assert status is not None and 200 <= status < 400, (step.label, url, status)
            else:
                code = error.split(":")[0]
                assert code in REASONS or code == f"http-{status}", (step.label, url, status, error)


def test_every_robots_txt_fetch_is_logged_with_its_status(week):
    for step in _ran(week):
        asked = Counter((url, status) for url, status in step.served if url.endswith("/robots.txt"))
        logged = Counter((url, status) for url, kind, _, status, _ in step.facts["fetches"] if kind == "robots")
        assert asked and logged == asked, step.label


def test_no_quarantined_record_vanishes_unless_its_item_loaded(week):
    held: set[tuple] = set()
    for step in _ran(week):
        now = set(step.facts["quarantine"])
        loaded = {item for _, item, _, outcome, _ in step.facts["all_outcomes"] if outcome == "loaded"}
        gone = {row for row in held - now if row[3] not in loaded and row[2] not in step.facts["article_urls"]}
        assert gone == set(), f"{step.label}: quarantined records vanished: {gone}"
        held |= now


def test_running_a_day_again_changes_no_stored_row(week):
    steps = _ran(week)
    for previous, again in zip(steps, steps[1:]):
        if not again.again:
            continue
        changed = {t: (previous.facts["rows"].get(t), n) for t, n in again.facts["rows"].items()
                   if t not in RUN_LOGS and n != previous.facts["rows"].get(t)}
        assert changed == {}, f"{again.label}: rows (before, after) changed in {changed}"
        assert again.facts["stored"] == previous.facts["stored"], again.label
        assert again.facts["rows"]["runs"] == previous.facts["rows"]["runs"] + 1, again.label  # one per execution
        assert again.counts["new_articles"] == 0, again.label
        first = [s for s in steps[:steps.index(again)] if s.day == again.day][0]
        assert again.facts["digest"]["keys"] == first.facts["digest"]["keys"], again.label
        assert again.facts["digest"]["day_articles"] == first.facts["digest"]["day_articles"], again.label


def test_the_weeks_mishaps_end_as_recorded(week):
    steps = {s.label: s for s in _ran(week)}

    def outcome_of(label: str, url: str) -> list[tuple]:
        return [(o, st, (r or "").split(":")[0]) for _, u, o, st, r, _ in steps[label].facts["outcomes"] if u == url]

    def feed_fetches(label: str) -> list[tuple]:
        return [(status, (err or "").split(":")[0]) for _, kind, _, status, err in steps[label].facts["fetches"]
                if kind == "feed"]

    assert outcome_of("day 0", week.pdf) == [("not-article", "fetch", "not-html")]
    assert feed_fetches("day 1").count((500, "http-500")) == 3  # asked three times, each logged
    assert outcome_of("day 1", week.failing) == [("quarantined", "fetch", "http-503")]
    assert outcome_of("day 2", week.failing) == [("quarantined", "fetch", "http-404")]
    assert outcome_of("day 3", week.failing) == [("skipped-known", "shard", "known")]
    assert (None, "timeout") in feed_fetches("day 2")
    assert outcome_of("day 2", week.changed) == [("skipped-known", "shard", "known")]
    assert {o for _, _, o, *_ in steps["day 3 run twice"].facts["outcomes"]} <= {"skipped-known"}
    assert steps["day 4"].counts["new_articles"] == 0
    assert (200, "feed-unparseable") in feed_fetches("day 5")
    assert all(steps[label].counts["new_articles"] > 0 for label in ("day 2", "day 3", "day 6"))
    titles = steps["day 6"].facts["stored"]["articles"]
    assert not [t for t in titles if "Updated: " in t]  # the page changed after its load; the article stays


def test_a_page_that_failed_for_a_temporary_reason_is_recorded_with_that_reason(week):
    day1 = _ran(week)[1]
    assert [(o, st, (r or "").split(":")[0]) for _, u, o, st, r, _ in day1.facts["outcomes"] if u == week.flaky] == \
        [("quarantined", "fetch", "http-503")]


def test_a_page_that_failed_for_a_temporary_reason_is_loaded_once_it_answers(week):
    last = _ran(week)[-1]
    assert week.flaky in last.facts["article_urls"]
