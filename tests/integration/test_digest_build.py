"""Digests built from a real DuckDB warehouse filled with five weeks of articles."""
from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from digest_warehouse import END, GAP_DAY, HOSTILE_TITLE, STOPPED_SOURCE, Filled, fill_warehouse

from mediamon.digest import build, build_digests, digest_rows, render_digest, spike_flags
from mediamon.digest.build import publish_lock
from mediamon.errors import ConfigError, DigestError
from mediamon.settings import SQL_DIR

DAY = END.isoformat()
WATCH = {"countries": ["KZ", "FR", "CN"], "topics": ["medtop:20000065", "medtop:07000000"]}
EXAMPLES = sorted((SQL_DIR / "queries" / "examples").glob("*.sql"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """The filled warehouse (shared by the module's tests, which only read it)."""
    return fill_warehouse(tmp_path_factory.mktemp("wh") / "wh.duckdb")


@pytest.fixture(scope="module")
def built(filled: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digests of END with a small watch-list; returns the digests folder."""
    out = tmp_path_factory.mktemp("data") / "digests"
    build_digests(filled.db_path, DAY, out, watch=WATCH)
    return out


def load(built: Path, kind: str, file_key: str) -> dict:
    """One digest's JSON document."""
    return json.loads((built / DAY / kind / f"{file_key}.json").read_text(encoding="utf-8"))


def test_views_flag_the_kz_spike_and_not_steady_countries(filled: Filled) -> None:
    with duckdb.connect(str(filled.db_path), read_only=True) as con:
        rows = dict(con.execute("SELECT key, spike FROM country_daily WHERE day = ?", [END]).fetchall())
        topic = con.execute("SELECT spike, topic_label FROM topic_daily WHERE day = ? AND key = 'medtop:20000065'",
                            [END]).fetchone()
        spikes_before = con.execute("SELECT count(*) FROM key_daily WHERE spike AND day < ?", [END]).fetchone()[0]
    assert rows["KZ"] is True and rows["FR"] is False and rows["US"] is False
    assert topic == (True, "civil unrest")
    assert spikes_before == 0


def test_sql_view_and_python_spike_method_agree(filled: Filled) -> None:
    with duckdb.connect(str(filled.db_path), read_only=True) as con:
        view = con.execute("SELECT kind, key, day, articles, baseline, baseline_n, baseline_weekday, z, spike "
                           "FROM key_daily ORDER BY ALL").df()
        gaps = [r[0] for r in con.execute("SELECT day FROM coverage_gaps").fetchall()]
    for (kind, key), group in view.groupby(["kind", "key"]):
        days = [d.date() if hasattr(d, "date") else d for d in group["day"]]
        ours = spike_flags(pd.Series(group["articles"].to_numpy(), index=days), gap_days=gaps)
        assert ours["baseline"].to_numpy() == pytest.approx(group["baseline"].to_numpy(dtype=float), nan_ok=True)
        assert ours["z"].to_numpy() == pytest.approx(group["z"].to_numpy(dtype=float), nan_ok=True)
        assert ours["spike"].tolist() == group["spike"].tolist(), (kind, key)
        assert ours["baseline_n"].tolist() == group["baseline_n"].tolist(), (kind, key)
        assert ours["baseline_weekday"].tolist() == group["baseline_weekday"].tolist(), (kind, key)
    assert view["baseline_weekday"].any() and not view["baseline_weekday"].all()   # both medians are tested


def test_stories_view_counts_syndicated_copies_once(filled: Filled) -> None:
    with duckdb.connect(str(filled.db_path), read_only=True) as con:
        story = con.execute("SELECT outlet_count, article_count, article_id FROM stories WHERE story_id = ?",
                            [filled.spike_story_id]).fetchone()
        kz = con.execute("SELECT articles, stories FROM country_daily WHERE key = 'KZ' AND day = ?", [END]).fetchone()
    assert story == (4, 4, filled.spike_story_id)
    assert kz[0] - kz[1] == 3  # three syndicated copies of the lead story


def test_every_key_with_articles_and_every_watched_key_gets_a_linked_page(built: Path, filled: Filled) -> None:
    day = built / DAY
    for kind, key in (("country", "KZ"), ("country", "FR"), ("country", "CN"), ("country", "US"),
                      ("topic", "medtop-20000065"), ("topic", "medtop-11000000")):
        for fmt in ("html", "md", "json"):
            assert (day / kind / f"{key}.{fmt}").is_file(), (kind, key, fmt)
    assert not (day / "country" / "UA.html").exists()   # no article that day and not watched
    summary = json.loads((day / "summary.json").read_text())
    index = (day / "index.html").read_text()
    with_articles = [r for r in summary["country"] + summary["topic"] if r["articles"] > 0]
    assert len(with_articles) == 8 and all(r["has_page"] for r in with_articles)
    for r in with_articles:
        assert f'href="{r["kind"]}/{r["file_key"]}.html"' in index, r["key"]
    us = next(r for r in summary["country"] if r["key"] == "US")
    assert us["label"] == "United States" and us["watched"] is False   # not CLDR's short form, the code itself
    assert "| United States (US) |" in (day / "index.md").read_text()
    assert render_digest(filled.db_path, DAY, country="US").startswith("# United States (US) — ")
    assert (built / "index.html").read_text().count(f'href="{DAY}/index.html"') == 1


def test_a_watched_key_without_any_article_is_listed_and_says_so(built: Path) -> None:
    day = built / DAY
    summary = json.loads((day / "summary.json").read_text())
    cn = next(r for r in summary["country"] if r["key"] == "CN")   # watched; no article in the whole warehouse
    assert (cn["articles"], cn["baseline"], cn["yesterday"], cn["watched"], cn["has_page"]) == (0, 0.0, 0, True, True)
    assert summary["country"][-1]["key"] == "CN"   # after the keys with articles
    assert 'href="country/CN.html">China</a>' in (day / "index.html").read_text()
    assert "| China (CN) | 0 | 0 | 0.0 | 0.00 | watched |" in (day / "index.md").read_text()
    md, html = (day / "country" / "CN.md").read_text(), (day / "country" / "CN.html").read_text()
    # its zeros over the days the pipeline ran, not "no history": nothing was said about it for four weeks
    assert "- 0 articles today: none on the days before either" in md and "none on the days before either" in html
    assert "no history" not in (md + html).lower() and "no articles stored yet" not in md + html
    trend = load(built, "country", "CN")["trend"]
    assert len(trend) >= 27 and {t["articles"] for t in trend} == {0}
    assert "none that day" in html   # the outlets table says it is empty
    assert load(built, "country", "CN")["volume"]["share"] == 0.0


def test_cut_lists_and_the_day_total_are_stated(built: Path, filled: Filled) -> None:
    day = built / DAY
    with duckdb.connect(str(filled.db_path), read_only=True) as con:
        kz_events = con.execute("SELECT count(DISTINCT event_id) FROM articles JOIN article_countries "
                                "USING (article_id) WHERE country_code = 'KZ' AND run_date = ?", [END]).fetchone()[0]
        new_events = con.execute("SELECT count(*) FROM (SELECT event_id FROM articles GROUP BY event_id "
                                 "HAVING min(run_date) = ?)", [END]).fetchone()[0]
    kz = load(built, "country", "KZ")
    assert len(kz["top_stories"]) == 10 and kz["top_stories_more"] == kz_events - 10 > 0
    assert f"… and {kz_events - 10} more events" in (day / "country" / "KZ.md").read_text()
    assert f"… and {kz_events - 10} more events" in (day / "country" / "KZ.html").read_text()
    summary = json.loads((day / "summary.json").read_text())
    assert summary["changes"]["new_events_more"] == new_events - 5 > 0
    index_md, index_html = (day / "index.md").read_text(), (day / "index.html").read_text()
    assert f"… and {new_events - 5} more new events" in index_md and f"… and {new_events - 5} more new events" in index_html
    spikes = summary["spikes"]   # the index's spike line and the rises list read in one order: highest z first
    assert spikes and [r["z"] for r in spikes] == sorted((r["z"] for r in spikes), reverse=True)
    assert {(r["kind"], r["key"]) for r in spikes} == {(r["kind"], r["key"]) for k in ("country", "topic")
                                                       for r in summary[k] if r["spike"]}
    rest = summary["changes"]["new_events_rest"]   # the ones left out of the top five are listed, folded
    assert len(rest) == min(new_events - 5, 45) and all(e["title"] in index_html for e in rest)
    assert all(f"- {e['title']}" in index_md for e in rest if "<" not in e["title"])
    total = counted(filled, "KZ")[2]
    assert summary["day_articles"] == total
    assert f"{total} articles stored today" in index_md and f"<b>{total} articles</b> stored today" in index_html


def test_spiking_key_outside_the_watch_list_gets_a_page(filled: Filled, tmp_path: Path) -> None:
    build_digests(filled.db_path, DAY, tmp_path, watch={"countries": ["FR"], "topics": []})
    assert (tmp_path / DAY / "country" / "KZ.html").is_file()
    assert (tmp_path / DAY / "topic" / "medtop-20000065.html").is_file()
    assert not (tmp_path / DAY / "country" / "CN.html").exists()   # watched elsewhere, no article here


def test_country_digest_contents(built: Path, filled: Filled) -> None:
    kz = load(built, "country", "KZ")
    volume = kz["volume"]
    articles, stories, total = counted(filled, "KZ")
    assert articles >= 20 and stories == articles - 3
    assert (volume["articles"], volume["stories"], volume["spike"]) == (articles, stories, True)
    assert volume["share"] == pytest.approx(articles / total, abs=1e-6)
    assert volume["baseline_days"] == 27 and volume["z"] > 5
    assert (volume["baseline_weekday"], volume["baseline_n"]) == (True, 4)
    md = (built / DAY / "country" / "KZ.md").read_text()
    assert "- Baseline: " in md and ", the median over 4 Tuesdays; 14-day mean" in md
    assert f"- Articles naming it: {articles} (" in md and "an article counts for every country it names" in md
    assert "articles naming it (" in (built / DAY / "country" / "KZ.html").read_text()
    assert "- z-score: " in md and ", its spread from 27 days of history" in md
    assert "baseline: median over 4 Tuesdays</div>" in (built / DAY / "country" / "KZ.html").read_text()
    lead = kz["top_stories"][0]   # the event: the syndicated story and two other outlets' articles about it
    assert lead["story_id"] == lead["event_id"] == filled.spike_story_id
    assert (lead["outlet_count"], lead["article_count"]) == (4, 6)
    assert lead["outlets"] == ["Astana Daily", "Global Wire", "Le Journal", "US News Desk"]
    assert lead["extract"] == "Thousands protested in Almaty on Tuesday. Police detained dozens of people."
    assert {o["source_id"] for o in kz["sources"]["outlets"]} == {"astana", "wire", "lemonde", "usnews", "evil"}
    assert kz["sources"]["languages"][0] == {"language": "ru", "articles": 18}   # JSON keeps the codes
    assert "- Languages: Russian 18, English " in (built / DAY / "country" / "KZ.md").read_text()
    assert [c["key"] for c in kz["co_mentions"]["countries"]] == ["RU", "US"]
    assert kz["co_mentions"]["topics"][0]["label"] == "civil unrest"
    assert len(kz["trend"]) == 30 and kz["trend"][-1]["spike"] and kz["trend"][-1]["day"] == DAY


def counted(filled: Filled, country: str) -> tuple[int, int, int]:
    """(articles, distinct stories) about the country on END, and all articles that day, from the tables."""
    with duckdb.connect(str(filled.db_path), read_only=True) as con:
        articles, stories = con.execute(
            "SELECT count(*), count(DISTINCT coalesce(story_id, article_id)) FROM articles "
            "JOIN article_countries USING (article_id) WHERE country_code = ? AND run_date = ?",
            [country, END]).fetchone()
        total = con.execute("SELECT count(*) FROM articles WHERE run_date = ?", [END]).fetchone()[0]
    return articles, stories, total


def test_quality_footer(built: Path) -> None:
    quality = load(built, "country", "FR")["quality"]
    assert quality["quarantined"] == 3
    assert {(r["reason"], r["records"]) for r in quality["quarantine"]} == {("no-text", 2), ("http-404", 1)}
    assert [f["source_id"] for f in quality["feeds_down"]] == [STOPPED_SOURCE]
    assert quality["checks"] == 2 and quality["checks_failed"] == 0


def test_coverage_gap_day_is_annotated(filled: Filled, tmp_path: Path) -> None:
    build_digests(filled.db_path, GAP_DAY.isoformat(), tmp_path, watch=WATCH)
    fr = json.loads((tmp_path / GAP_DAY.isoformat() / "country" / "FR.json").read_text())
    assert fr["volume"]["coverage_gap"] is True
    assert "expect_table_row_count_to_be_between" in fr["volume"]["gap_checks"]
    assert fr["quality"]["checks_failed"] == 1
    html = (tmp_path / GAP_DAY.isoformat() / "country" / "FR.html").read_text()
    assert "coverage may be incomplete" in html
    assert fr["trend"][-1]["day"] == GAP_DAY.isoformat() and fr["trend"][-1]["coverage_gap"] is True
    assert not any(t["coverage_gap"] for t in fr["trend"][:-1])


def test_hostile_title_is_text_in_html_and_markdown(built: Path) -> None:
    html = (built / DAY / "country" / "KZ.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "\u202e" not in html and "\x07" not in html and "\x1b" not in html
    assert "DROP TABLE articles" in html
    md = (built / DAY / "country" / "KZ.md").read_text()
    assert r"\<script>alert" in md and "\u202e" not in md
    doc = load(built, "country", "KZ")
    assert HOSTILE_TITLE in [s["title"] for s in doc["top_stories"]]  # JSON keeps the data as stored


def test_alerts_list_watched_spikes_with_stories(built: Path) -> None:
    alerts = json.loads((built / DAY / "alerts.json").read_text())
    assert sorted(a["key"] for a in alerts) == ["KZ", "medtop:20000065"]
    kz = next(a for a in alerts if a["key"] == "KZ")
    assert kz["top_stories"][0]["outlet_count"] == 4 and kz["page"] == f"{DAY}/country/KZ.html"


def test_rebuilding_a_day_gives_the_same_files(filled: Filled, built: Path, tmp_path: Path) -> None:
    build_digests(filled.db_path, DAY, tmp_path, watch=WATCH)
    ours = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / DAY).rglob("*") if p.is_file()}
    theirs = {p.relative_to(built): p.read_bytes() for p in (built / DAY).rglob("*") if p.is_file()}
    assert ours == theirs
    build_digests(filled.db_path, DAY, tmp_path, watch={"countries": ["FR"], "topics": []})
    assert not (tmp_path / DAY / "country" / "CN.html").exists()  # stale pages do not survive
    assert sorted(p.name for p in tmp_path.iterdir()) == [DAY, "index.html"]  # no temporary folders left


def test_render_digest_formats(filled: Filled) -> None:
    doc = json.loads(render_digest(filled.db_path, DAY, topic="medtop:20000065", fmt="json"))
    assert doc["label"] == "civil unrest" and doc["volume"]["spike"] is True
    assert render_digest(filled.db_path, DAY, country="kz").startswith("# Kazakhstan (KZ) — Tue 31 Mar 2026")
    assert "<svg" in render_digest(filled.db_path, DAY, country="FR", fmt="html")
    with pytest.raises(ConfigError, match="exactly one"):
        render_digest(filled.db_path, DAY, country="KZ", topic="medtop:20000065")
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        render_digest(filled.db_path, "31/03/2026", country="KZ")


def test_digest_rows_for_a_load_stage(filled: Filled) -> None:
    rows = digest_rows(filled.db_path, DAY)
    countries = rows["country_daily"].set_index("key")
    assert bool(countries.loc["KZ", "spike"]) is True
    assert int(countries.loc["KZ", "articles"]) == counted(filled, "KZ")[0]
    assert "medtop:20000065" in set(rows["topic_daily"]["key"])


def test_digest_of_a_day_before_any_history(filled: Filled, tmp_path: Path) -> None:
    first = (END - timedelta(days=34)).isoformat()
    build_digests(filled.db_path, first, tmp_path, watch=WATCH)
    kz = json.loads((tmp_path / first / "country" / "KZ.json").read_text())
    assert kz["volume"]["baseline"] is None and kz["volume"]["spike"] is False
    assert len(kz["trend"]) == 1


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_query_runs(filled: Filled, path: Path) -> None:
    with duckdb.connect(str(filled.db_path), read_only=True) as con:
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
    assert rows, f"{path.name} returned no rows on the test warehouse"


def test_there_are_ten_documented_examples() -> None:
    assert len(EXAMPLES) == 10
    doc = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
    for path in EXAMPLES:
        assert path.name in doc


def test_a_digest_waits_for_another_publishing_then_lists_both_days(filled: Filled, tmp_path: Path) -> None:
    out, earlier = tmp_path / "digests", (END - timedelta(days=1)).isoformat()
    build_digests(filled.db_path, earlier, out)
    with publish_lock(out):  # another build publishing: this one writes its files, then waits to swap them in
        worker = threading.Thread(target=build_digests, args=(filled.db_path, DAY, out))
        worker.start()
        deadline = time.monotonic() + 120
        while not any((d / "watches.html").exists() for d in out.glob(f".{DAY}.*")) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert not (out / DAY).exists() and worker.is_alive()
    worker.join(timeout=120)
    assert (out / DAY / "index.html").exists() and not list(out.glob(".*"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{DAY}/index.html" in index and f"{earlier}/index.html" in index
    assert not (out / ".lock").exists() and (tmp_path / "digests.lock").exists()  # beside the folder, never published


def test_a_digest_held_out_of_publishing_too_long_says_so_and_leaves_no_files(
        filled: Filled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "PUBLISH_WAIT_S", 0.2)
    out = tmp_path / "digests"
    out.mkdir()
    with publish_lock(out), pytest.raises(DigestError, match="held by another digest build"):
        build_digests(filled.db_path, DAY, out)
    assert list(out.iterdir()) == []
