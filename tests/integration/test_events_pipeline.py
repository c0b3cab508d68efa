"""Events through the whole pipeline on 127.0.0.1: two outlets' different articles on one happening get one
event_id in the warehouse, re-running the day keeps every event_id, and a third outlet's article the next day
joins the stored event."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mediamon.enrich.events import article_stems
from mediamon.settings import Settings
from mediamon.stages import run_day
from mediamon.warehouse.load import load_staged
from mediamon.warehouse.state import read_known_events, write_known_events
from tests.support.faults import write_sources
from tests.support.server import RunningSite, Site

DAY_1, DAY_2 = "2026-01-15", "2026-01-16"

# Written for this test: one happening (a dam breach in Sindh) told three ways, and two other stories.
PAGES = {
    "indus/dam-breach.html": ("2026-01-14T09:00:00Z", "Dam breach near Sukkur floods twelve villages", [
        "SUKKUR, Jan 14 – An earthen dam on a canal near Sukkur in Pakistan's Sindh province gave way before dawn on "
        "Wednesday, flooding twelve villages and cutting the highway to Larkana, the provincial irrigation "
        "department said.",
        "Rescue boats carried about four thousand villagers to relief camps in Sukkur, and engineers were trying "
        "to close the forty-metre breach with sandbags and boulders before more water reached the fields.",
        "The irrigation minister ordered an inquiry into why the Sukkur canal dam failed weeks after repairs."]),
    "indus/bazaar.html": ("2026-01-14T11:00:00Z", "Karachi book fair opens with record crowds", [
        "KARACHI, Jan 14 – The annual book fair opened at the Expo Centre on Wednesday with more than three hundred "
        "stalls and record crowds on the first morning, organisers said.",
        "Publishers said sales of children's books and Urdu poetry were strong, and schools brought pupils in "
        "buses from across the city to meet authors and illustrators.",
        "The fair runs until Sunday, with readings every evening and a prize for first novels."]),
    "delta/sukkur.html": ("2026-01-14T13:30:00Z", "Thousands evacuated as canal dam gives way in Sindh", [
        "Thousands of people were moved to relief camps after a canal dam burst near Sukkur on Wednesday morning, "
        "sending water into twelve villages of Sindh and over the Larkana highway.",
        "Officials of the irrigation department said the forty-metre breach would take days to close; army "
        "engineers joined the work with boulders and sandbags.",
        "Villagers said the dam had been repaired only weeks ago and asked why it failed so soon."]),
    "delta/cricket.html": ("2026-01-14T15:00:00Z", "Hyderabad side wins the provincial cricket final", [
        "Hyderabad won the provincial cricket final by six wickets on Wednesday, chasing a target of 241 with "
        "eleven balls to spare at the Niaz Stadium.",
        "Their opening batter scored a century and was named player of the match, while the captain praised the "
        "bowlers for restricting the visitors in the last ten overs.",
        "The winners will represent the province in the national championship next month in Lahore."]),
    "valley/inquiry.html": ("2026-01-15T10:00:00Z", "Sukkur dam breach: inquiry begins as water recedes", [
        "An inquiry into the breach of the canal dam near Sukkur began on Thursday as water receded from the twelve "
        "flooded villages of Sindh, the irrigation department said.",
        "Engineers closed the forty-metre breach overnight with boulders and sandbags, and families began to "
        "return from the relief camps to clean their homes.",
        "The inquiry will ask why the dam failed weeks after repairs, the irrigation minister said."]),
}
OUTLETS = {"indus-times": ("indus", ["dam-breach.html", "bazaar.html"]),
           "delta-news": ("delta", ["sukkur.html", "cricket.html"]),
           "valley-post": ("valley", ["inquiry.html"])}


def write_site(root: Path) -> None:
    """The pages and one RSS feed per outlet under root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    for path, (published, title, paragraphs) in PAGES.items():
        page = root / path
        page.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        page.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
                        f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}",'
                        f'"datePublished":"{published}"}}</script></head><body><article><h1>{title}</h1>{body}'
                        f'</article></body></html>', encoding="utf-8")
    for folder, pages in OUTLETS.values():
        items = "".join(f"<item><title>{PAGES[f'{folder}/{p}'][1]}</title><link>__BASE_URL__/{folder}/{p}</link>"
                        f"<guid>{folder}-{p}</guid><pubDate>{PAGES[f'{folder}/{p}'][0]}</pubDate></item>" for p in pages)
        (root / folder / "feed.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                                                f'<title>{folder}</title><link>__BASE_URL__/</link>{items}'
                                                f'</channel></rss>', encoding="utf-8")


@pytest.fixture(scope="module")
def days(tmp_path_factory) -> dict[str, object]:
    """Day 1 from two outlets, day 1 again, then day 2 with a third outlet; the events after each run."""
    tmp = tmp_path_factory.mktemp("events")
    write_site(tmp / "site")
    with RunningSite(Site(root=tmp / "site")) as site:
        site.replacements[b"__BASE_URL__"] = site.base_url.encode()
        settings = Settings(sources_path=tmp / "sources.yaml", db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0)
        feeds = {source: site.url(f"/{folder}/feed.xml") for source, (folder, _) in OUTLETS.items()}
        write_sources(settings.sources_path, {k: v for k, v in feeds.items() if k != "valley-post"})
        run_day(settings, DAY_1)
        first = events(settings.db_path)
        run_day(settings, DAY_1)
        again = events(settings.db_path)
        write_sources(settings.sources_path, feeds)
        run_day(settings, DAY_2)
        second = events(settings.db_path)
        snapshot = read_known_events(write_known_events(settings.db_path, DAY_2, tmp / "known_events.parquet"))
        backfill = read_known_events(write_known_events(settings.db_path, DAY_1, tmp / "known_day_1.parquet"))
    return {"first": first, "again": again, "second": second, "snapshot": snapshot, "backfill": backfill,
            "settings": settings}


def stored_stems(db: Path) -> dict[str, list[tuple[str, str]]]:
    """Page path -> its stored (title stems, lead stems) rows, and its stems found anew from its title and text."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT a.url, a.title, a.text, s.title_stems, s.lead_stems FROM articles a "
                           "LEFT JOIN article_event_stems s USING (article_id) ORDER BY a.url").fetchall()
    out: dict[str, list] = {}
    for url, title, text, title_stems, lead_stems in rows:
        anew = article_stems(title, text)
        out.setdefault(url.split("/", 3)[3], [(anew["title"], anew["lead"])]).append((title_stems, lead_stems))
    return out


def events(db: Path) -> dict[str, tuple[str, str]]:
    """Page path -> (story_id, event_id) of every stored article."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT url, story_id, event_id FROM articles").fetchall()
    return {url.split("/", 3)[3]: (story, event) for url, story, event in rows}


def test_two_outlets_on_one_happening_share_one_event(days) -> None:
    first = days["first"]
    assert sorted(first) == ["delta/cricket.html", "delta/sukkur.html", "indus/bazaar.html", "indus/dam-breach.html"]
    assert first["indus/dam-breach.html"][0] != first["delta/sukkur.html"][0]  # two stories: not copies
    assert first["indus/dam-breach.html"][1] == first["delta/sukkur.html"][1]
    assert first["indus/dam-breach.html"][1] == first["indus/dam-breach.html"][0]  # named by the earlier story


def test_other_articles_are_events_of_their_own(days) -> None:
    first = days["first"]
    for page in ("indus/bazaar.html", "delta/cricket.html"):
        story, event = first[page]
        assert event == story and event != first["delta/sukkur.html"][1]


def test_rerunning_the_day_keeps_every_event_id(days) -> None:
    assert days["again"] == days["first"]


def test_next_days_article_joins_the_stored_event(days) -> None:
    second = days["second"]
    assert {page: second[page] for page in days["first"]} == days["first"]
    assert second["valley/inquiry.html"][1] == days["first"]["delta/sukkur.html"][1]


def test_every_article_keeps_its_stems_once_and_the_snapshot_reads_them(days) -> None:
    stems = stored_stems(days["settings"].db_path)
    assert len(stems) == 5
    for anew, *stored in stems.values():
        assert stored == [anew] and anew[0]  # one row per article (re-run included), as enrich found them
    snapshot, first = days["snapshot"], days["second"]  # DAY_2 loaded: its stories are recent too
    assert sorted(snapshot["story_id"].tolist()) == sorted(story for story, _ in first.values())
    described = {s: t for s, t in zip(snapshot["event_id"].tolist(), snapshot["title_stems"].tolist()) if t}
    assert sorted(described) == sorted({event for _, event in first.values()})  # one story per event has stems
    assert described[first["delta/sukkur.html"][1]] == stems["indus/dam-breach.html"][0][0]


def test_a_run_staged_before_event_stems_still_loads_them(days) -> None:
    settings = days["settings"]
    before = stored_stems(settings.db_path)
    run_dir = next(p for p in (settings.data_dir / "runs" / DAY_2).iterdir() if (p / "validated").is_dir())
    (run_dir / "validated" / "event_stems.parquet").unlink()
    load_staged(run_dir, settings.db_path)
    assert (run_dir / "validated" / "event_stems.parquet").is_file()
    assert stored_stems(settings.db_path) == before


def test_a_run_that_staged_its_stems_as_json_lines_still_loads_them(days, tmp_path) -> None:
    import shutil

    settings = days["settings"]
    before = stored_stems(settings.db_path)
    run_dir = next(p for p in (settings.data_dir / "runs" / DAY_2).iterdir() if (p / "validated").is_dir())
    old = tmp_path / "run"
    shutil.copytree(run_dir, old)
    staged = old / "validated" / "event_stems.parquet"
    with duckdb.connect() as con:  # as the stories stage wrote them before: DuckDB's JSON lines
        con.execute("COPY (SELECT * FROM read_parquet($p)) TO $j (FORMAT json)",
                    {"p": str(staged), "j": str(old / "validated" / "event_stems.jsonl")})
        stems = con.execute("SELECT count(*), count(title_stems) FROM read_parquet($p)", {"p": str(staged)}).fetchone()
    staged.unlink()
    assert stems[0] > 0 and stems[1] > 0
    load_staged(old, settings.db_path)
    with duckdb.connect() as con:
        assert con.execute("SELECT count(*), count(title_stems) FROM read_parquet($p)", {"p": str(staged)}).fetchone() == stems
    assert stored_stems(settings.db_path) == before


def test_a_backfill_of_an_earlier_day_knows_no_later_days_stories(days) -> None:
    first, second = days["first"], days["second"]
    assert sorted(days["backfill"]["story_id"].tolist()) == sorted(story for story, _ in first.values())
    assert second["valley/inquiry.html"][0] not in days["backfill"]["story_id"].tolist()


def test_a_run_staged_before_events_loads_each_article_in_its_storys_event(days, tmp_path) -> None:
    import shutil

    settings = days["settings"]
    run_dir = next(p for p in (settings.data_dir / "runs" / DAY_2).iterdir() if (p / "validated").is_dir())
    old = tmp_path / "run"
    shutil.copytree(run_dir, old)
    articles = str(old / "validated" / "articles.parquet")
    with duckdb.connect() as con:
        con.execute("COPY (SELECT * EXCLUDE (event_id) FROM read_parquet($a)) TO $t (FORMAT parquet)",
                    {"a": articles, "t": articles + ".old"})
    Path(articles + ".old").replace(articles)
    db = tmp_path / "wh.duckdb"
    load_staged(old, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT story_id, event_id FROM articles").fetchall()
    assert rows and all(event == story for story, event in rows)


def _rows(snapshot: dict) -> list[tuple]:
    """A known-events snapshot's rows, comparable."""
    names = sorted(snapshot)
    return sorted(zip(*(map(repr, snapshot[name].tolist()) for name in names)))


def stems_run_dates(db: Path) -> tuple[int, int]:
    """Stored articles' stems rows, and how many of them carry their article's run_date."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*), count(*) FILTER (WHERE s.article_run_date = a.run_date) "
                           "FROM article_event_stems s JOIN articles a USING (article_id)").fetchone()


def test_stored_stems_carry_their_articles_run_date(days) -> None:
    assert stems_run_dates(days["settings"].db_path) == (5, 5)


def test_a_snapshot_long_after_the_stored_days_is_empty(days, tmp_path) -> None:
    later = read_known_events(write_known_events(days["settings"].db_path, "2026-01-25", tmp_path / "later.parquet"))
    assert later["story_id"].tolist() == []


def test_a_warehouse_before_run_dates_on_tags_and_stems_gives_the_same_snapshot(days, tmp_path) -> None:
    import shutil

    from mediamon import warehouse

    db = tmp_path / "old.duckdb"
    shutil.copy(days["settings"].db_path, db)
    with duckdb.connect(str(db)) as con:  # as migrations 008 and 016 had not run on these tables
        for table in ("article_countries", "article_topics", "article_event_stems"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN article_run_date")
        con.execute("DELETE FROM schema_migrations WHERE version = '016_event_stems_by_day'")
    expected = _rows(days["snapshot"])
    assert _rows(read_known_events(write_known_events(db, DAY_2, tmp_path / "old.parquet"))) == expected
    with duckdb.connect(str(db)) as con:
        con.execute("ALTER TABLE article_countries ADD COLUMN article_run_date DATE")
        con.execute("UPDATE article_countries c SET article_run_date = a.run_date FROM articles a "
                    "WHERE a.article_id = c.article_id")
        con.execute("ALTER TABLE article_topics ADD COLUMN article_run_date DATE")
        con.execute("UPDATE article_topics t SET article_run_date = a.run_date FROM articles a "
                    "WHERE a.article_id = t.article_id")
    with warehouse.connect(db):  # the writer applies 016
        pass
    assert stems_run_dates(db) == (5, 5)
    assert _rows(read_known_events(write_known_events(db, DAY_2, tmp_path / "migrated.parquet"))) == expected


def test_rebuilding_the_day_summaries_restores_the_stems_run_dates(days, tmp_path) -> None:
    import shutil

    from mediamon import warehouse
    from mediamon.warehouse.maintenance import rebuild_day_summaries

    db = tmp_path / "rebuilt.duckdb"
    shutil.copy(days["settings"].db_path, db)
    with duckdb.connect(str(db)) as con:  # as a warehouse whose stems were written without the load
        con.execute("UPDATE article_event_stems SET article_run_date = NULL")
    with warehouse.connect(db) as con:
        rebuild_day_summaries(con)
    assert stems_run_dates(db) == (5, 5)
    assert _rows(read_known_events(write_known_events(db, DAY_2, tmp_path / "rebuilt.parquet"))) == _rows(days["snapshot"])
