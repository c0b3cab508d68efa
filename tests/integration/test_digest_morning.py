"""What an analyst reads first each morning, from a real warehouse: what changed since yesterday, a page
for every country and topic, events ranked by outlets and articles, watches, human wording, the badge
legend and the quality banner in plain words."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from digest_warehouse import END, GAP_DAY, HOSTILE_TITLE, Filled, _insert, _Rows, fill_warehouse
from markupsafe import escape

from mediamon import warehouse
from mediamon.digest import build_digests
from mediamon.digest.wording import BADGES
from mediamon.warehouse.maintenance import rebuild_day_summaries

DAY = END.isoformat()
WATCH = {"countries": ["KZ", "FR", "CN"], "topics": ["medtop:20000065"]}
ISO_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """The filled warehouse (read by every test of the module)."""
    return fill_warehouse(tmp_path_factory.mktemp("wh") / "wh.duckdb")


@pytest.fixture(scope="module")
def day(filled: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digests of END in <data>/digests/<END>, with a Data Docs site beside them."""
    data = tmp_path_factory.mktemp("data")
    (data / "gx_docs" / "batch").mkdir(parents=True)
    (data / "gx_docs" / "batch" / "index.html").write_text("<html>batch suite</html>")
    build_digests(filled.db_path, DAY, data / "digests", watch=WATCH)
    return data / "digests" / DAY


def read(day: Path, name: str) -> dict:
    """A JSON file of the day."""
    return json.loads((day / name).read_text(encoding="utf-8"))


def test_what_changed_opens_the_day_index(day: Path) -> None:
    page = (day / "index.html").read_text()
    assert page.index("Data quality") < page.index("What changed since yesterday") < page.index(">Countries<")
    changes = read(day, "summary.json")["changes"]
    assert [r["key"] for r in changes["rises"]] == ["medtop:20000065", "KZ"]   # highest z first
    assert all(r["spike"] for r in changes["rises"]) and changes["falls"] == []
    assert 'href="country/KZ.html">Kazakhstan</a>' in page


def test_new_events_are_ranked_by_outlets_then_articles(day: Path, filled: Filled) -> None:
    new = read(day, "summary.json")["changes"]["new_events"]
    assert new[0]["event_id"] == filled.spike_story_id
    assert (new[0]["outlet_count"], new[0]["article_count"]) == (4, 6)
    assert [c["key"] for c in new[0]["countries"]] == ["KZ"] and new[0]["countries"][0]["has_page"] is True
    assert filled.ongoing_event_id not in {e["event_id"] for e in new}   # began yesterday: not new
    counts = [(e["outlet_count"], e["article_count"]) for e in new]
    assert counts == sorted(counts, reverse=True)


def test_an_ongoing_event_counts_its_earlier_articles_and_is_not_new(day: Path, filled: Filled) -> None:
    kz = read(day, "country/KZ.json")
    ongoing = next(e for e in kz["top_stories"] if e["event_id"] == filled.ongoing_event_id)
    assert (ongoing["outlet_count"], ongoing["article_count"], ongoing["is_new"]) == (2, 2, False)
    assert ongoing["title"] == "Kazakh fuel subsidy vote delayed"   # the day's own article, not yesterday's first
    assert kz["changes"]["new_events"][0]["event_id"] == filled.spike_story_id
    assert kz["changes"]["yesterday"] == 4 and kz["changes"]["direction"] == "up"


def test_first_seen_is_the_earliest_publication_time_in_words(day: Path) -> None:
    lead = read(day, "country/KZ.json")["top_stories"][0]
    assert lead["first_seen_source"] == "published" and lead["first_seen_at"].startswith("2026-03-31T06:00:00")
    page = (day / "country" / "KZ.html").read_text()
    assert "4 outlets · 6 articles · first published 31 Mar 2026, 06:00 UTC" in page
    assert "1 outlet · 1 article" in page and not re.search(r"(?<![\d.])1 (outlets|articles|copies)\b", page)
    for html in [day / "index.html", day / "watches.html", *day.glob("*/*.html")]:
        text = re.sub(r'<a href="[^"]*"', "", html.read_text())   # links may carry dates; the text may not
        assert not ISO_TIME_RE.search(text), html.name


def test_every_badge_on_a_page_is_in_its_legend(day: Path) -> None:
    for html in [day / "index.html", day / "country" / "KZ.html", day / "topic" / "medtop-20000065.html"]:
        page = html.read_text()
        used = set(re.findall(r'class="badge (\w+)"', page))
        assert used and used <= set(BADGES), (html.name, used - set(BADGES))
        start = page.index('<details class="legend">')
        legend = page[start:page.index("</details>", start)]
        for badge in used:
            assert f'<span class="badge {badge}">{badge}</span></dt><dd>{escape(BADGES[badge])}' in legend


def test_watches_section_page_and_per_key_fired(day: Path) -> None:
    watches = {w["name"]: w for w in read(day, "watches.json")}
    protests = watches["kz-protests"]
    assert (protests["matches_today"], protests["matches_window"], len(protests["daily"])) == (21, 21, 28)
    assert watches["kz-parliament"]["days_with_matches"] == 28 and watches["outbreaks"]["matches_today"] == 0
    assert protests["matches"][0]["matched_terms"] == ["protest", "almaty"]
    index = (day / "index.html").read_text()
    assert index.count('<article class="watch"') == 3 and index.count("<svg class=\"spark\"") >= 3
    assert 'href="watches.html#watch-kz-protests">16 more</a>' in index   # 5 of 21 listed on the index
    page = (day / "watches.html").read_text()
    assert page.count("<blockquote>") == 21 + 3   # every match with its snippet
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    fired = read(day, "country/KZ.json")["changes"]["watches_fired"]
    assert fired == [{"name": "kz-protests", "matches": 21}, {"name": "kz-parliament", "matches": 3}]
    assert read(day, "country/FR.json")["changes"]["watches_fired"] == []


def test_the_day_index_in_markdown(day: Path) -> None:
    md = (day / "index.md").read_text()
    assert md.startswith("# Media digests — Tue 31 Mar 2026\n")
    assert "## What changed since yesterday" in md and "## Watches" in md and "### kz-protests" in md
    assert "- Kazakhstan (KZ): 25 articles, yesterday 4, baseline 2.5 (×10.0), z 12.06, spike" in md
    assert r"\<script>alert" in md and not re.search(r"(?<!\\)<script", md)


def test_quality_banner_in_plain_words_links_the_report(filled: Filled, tmp_path: Path) -> None:
    (tmp_path / "gx_docs" / "batch").mkdir(parents=True)
    (tmp_path / "gx_docs" / "batch" / "index.html").write_text("<html>batch suite</html>")
    build_digests(filled.db_path, GAP_DAY.isoformat(), tmp_path / "digests", watch=WATCH)
    notes = json.loads((tmp_path / "digests" / GAP_DAY.isoformat() / "summary.json").read_text())["quality"]["notes"]
    assert notes == [{"text": "Only 2 articles today, fewer than the checks expect", "severity": "warn",
                      "suite": "batch", "expectation": "expect_table_row_count_to_be_between articles",
                      "docs": "gx_docs/batch/index.html"}]
    page = (tmp_path / "digests" / GAP_DAY.isoformat() / "country" / "FR.html").read_text()
    banner = page[page.index('<div class="banner warn"'):page.index("</div>", page.index('<div class="banner warn"'))]
    assert "Data quality: 1 check failed today." in banner and "Only 2 articles today" in banner
    assert '<a href="../../../gx_docs/batch/index.html">report</a>' in banner
    assert "expect_table_row_count" not in banner
    index = (tmp_path / "digests" / GAP_DAY.isoformat() / "index.html").read_text()
    assert index.count('<span class="badge gap">gap</span>') == 2   # once above the tables, once in the legend
    assert "coverage may be incomplete" in index
    assert "expect_" not in index[:index.index('id="quality"')]   # expectation names only in the details


def test_a_clean_day_says_so_in_the_banner(day: Path) -> None:
    page = (day / "index.html").read_text()
    assert '<p class="banner ok">Data quality: all 2 checks passed; 3 quarantined records' in page


def test_a_warehouse_without_events_or_watches_still_builds(filled: Filled, tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    db.write_bytes(filled.db_path.read_bytes())
    with duckdb.connect(str(db)) as con:
        for table in ("watch_matches", "watches", "event_days"):   # as before migrations 006 to 008
            con.execute(f"DROP TABLE {table}")
        con.execute("ALTER TABLE articles DROP COLUMN event_id")
        for table in ("article_countries", "article_topics"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN article_run_date")
    build_digests(db, DAY, tmp_path / "digests", watch=WATCH)
    kz = json.loads((tmp_path / "digests" / DAY / "country" / "KZ.json").read_text())
    assert (kz["top_stories"][0]["event_id"], kz["top_stories"][0]["article_count"]) == (filled.spike_story_id, 4)
    assert kz["changes"]["watches_fired"] == []
    assert "No watches configured" in (tmp_path / "digests" / DAY / "index.html").read_text()


def test_a_warehouse_with_events_but_without_day_summaries_still_builds(filled: Filled, tmp_path: Path) -> None:
    db = tmp_path / "at_007.duckdb"   # migrations 006 and 007 applied, 008 not yet
    db.write_bytes(filled.db_path.read_bytes())
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE event_days")
        con.execute("ALTER TABLE article_countries DROP COLUMN article_run_date")
        con.execute("ALTER TABLE article_topics DROP COLUMN article_run_date")
    build_digests(db, DAY, tmp_path / "digests", watch=WATCH)
    kz = json.loads((tmp_path / "digests" / DAY / "country" / "KZ.json").read_text())
    lead = kz["top_stories"][0]
    assert (lead["event_id"], lead["outlet_count"], lead["article_count"]) == (filled.spike_story_id, 4, 6)
    assert kz["changes"]["watches_fired"][0]["name"] == "kz-protests"


def test_hostile_title_stays_text_in_what_changed(day: Path) -> None:
    page = (day / "index.html").read_text()
    changes = page[page.index('id="changes"'):page.index("</section>")]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in changes and "<script>" not in changes
    assert HOSTILE_TITLE in {e["title"] for e in read(day, "summary.json")["changes"]["new_events"]}


def test_a_data_note_beside_the_digests_is_shown_on_every_page(filled: Filled, tmp_path: Path) -> None:
    out = tmp_path / "digests"
    out.mkdir()
    (out / "note.json").write_text(json.dumps({"text": "Days 1-28 are assigned by the <demo>."}))
    index = build_digests(filled.db_path, DAY, out, watch=WATCH)
    kz = index.parent / "country" / "KZ"
    assert "About this data:</strong> Days 1-28 are assigned by the &lt;demo&gt;." in index.read_text()
    assert "Days 1-28 are assigned" in kz.with_suffix(".html").read_text()
    assert "*About this data:* Days 1-28 are assigned by the \\<demo>" in (index.parent / "index.md").read_text()
    assert read(index.parent, "summary.json")["data_note"].startswith("Days 1-28")
    from mediamon.digest import render_digest

    cli = render_digest(filled.db_path, DAY, country="KZ", digests_dir=out)   # `mediamon digest` shows it too
    assert "*About this data:* Days 1-28 are assigned by the \\<demo>" in cli
    assert "About this data" not in render_digest(filled.db_path, DAY, country="KZ", digests_dir=tmp_path / "none")


def test_no_data_note_without_the_file(day: Path) -> None:
    assert "About this data" not in (day / "index.html").read_text()
    assert read(day, "summary.json")["data_note"] is None


def test_a_new_event_lists_its_focus_country_then_the_most_named(filled: Filled, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    db.write_bytes(filled.db_path.read_bytes())
    rows = _Rows()   # five outlets, so the event leads the day; mentions 3, 2, 1, 1 in this order, the first the focus
    first = rows.add(END, "usnews", "Mutated flu strain found in the US and Norway", ["US", "NO", "BR", "CN"],
                     ["health"])
    for source in ("wire", "astana", "lemonde", "dw"):
        rows.add(END, source, "Mutated flu strain found in the US and Norway", ["US", "NO", "BR", "CN"], ["health"],
                 story_id=first)
    with warehouse.connect(db) as con:
        _insert(con, "articles", rows.articles)
        _insert(con, "article_countries (article_id, country_code, mentions, is_focus, spans)", rows.countries)
        _insert(con, "article_topics (article_id, topic_code, topic_label, score, evidence)", rows.topics)
        warehouse.rebuild_key_day_counts(con)
        rebuild_day_summaries(con)
    build_digests(db, DAY, tmp_path / "digests", watch=WATCH)
    new = read(tmp_path / "digests" / DAY, "summary.json")["changes"]["new_events"]
    flu = next(e for e in new if e["title"].startswith("Mutated flu strain"))
    assert [c["key"] for c in flu["countries"]] == ["US", "NO", "BR"]   # not BR, CN, NO (alphabetical)


def test_a_key_page_puts_events_about_the_key_before_those_that_only_name_it(filled: Filled, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    db.write_bytes(filled.db_path.read_bytes())
    rows = _Rows()   # one outlet and one article each: the counts tie
    about = rows.add(END, "wire", "Norway's parliament passes a fishing quota law", ["NO"], ["politics"], hour=7)
    names = rows.add(END, "usnews", "US senators visit Washington state fisheries", ["US", "NO"], ["politics"], hour=20)
    with warehouse.connect(db) as con:
        _insert(con, "articles", rows.articles)
        _insert(con, "article_countries (article_id, country_code, mentions, is_focus, spans)", rows.countries)
        _insert(con, "article_topics (article_id, topic_code, topic_label, score, evidence)", rows.topics)
        warehouse.rebuild_key_day_counts(con)
        rebuild_day_summaries(con)
    build_digests(db, DAY, tmp_path / "digests", watch=WATCH)
    top = read(tmp_path / "digests" / DAY, "country/NO.json")["top_stories"]
    assert [e["event_id"] for e in top] == [about, names]   # the later, merely naming one came first


def test_a_warehouse_whose_views_an_older_version_created_still_builds(filled: Filled, tmp_path: Path) -> None:
    db = tmp_path / "old_views.duckdb"   # article_keys as created before it had mentions and score
    db.write_bytes(filled.db_path.read_bytes())
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE OR REPLACE VIEW article_keys AS "
                    "SELECT article_id, 'country' AS kind, country_code AS key, country_code AS label, is_focus, "
                    "article_run_date FROM article_countries UNION ALL "
                    "SELECT article_id, 'topic', topic_code, topic_label, NULL, article_run_date FROM article_topics")
    build_digests(db, DAY, tmp_path / "digests", watch=WATCH)   # read-only: the stored view is not replaced
    new = read(tmp_path / "digests" / DAY, "summary.json")["changes"]["new_events"]
    assert new[0]["event_id"] == filled.spike_story_id and [c["key"] for c in new[0]["countries"]] == ["KZ"]
