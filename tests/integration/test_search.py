"""Full-text search on a real warehouse filled by a whole day against the fixture site on 127.0.0.1."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.cli import main
from mediamon.errors import ConfigError
from mediamon.stages import run_day
from mediamon.warehouse.load import load_staged
from mediamon.warehouse.search import TERMS_FILE, SearchOptions, reindex_search, search_articles, snippet
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """The fixture day loaded into a real warehouse; returns (db path, run directory)."""
    from mediamon.settings import Settings

    tmp = tmp_path_factory.mktemp("search")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)
        counts = run_day(settings, RUN_DATE)
    return settings.db_path, counts["run_dir"]


def _pages(hits) -> list[str]:
    return [h.url.rsplit("/", 1)[1] for h in hits]


ROW_ARTICLE = "coalesce(unkeyed_article_id, printf('%016x', id_key))"  # an index row's article_id (migration 015)


def _index(db) -> list[tuple]:
    """The index as (term, article_id, tf) rows."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT term, {ROW_ARTICLE} AS article_id, tf FROM search_terms ORDER BY ALL").fetchall()


def _unkeyed_run(run_dir: Path, out: Path) -> Path:
    """A copy of the run whose article ids have no integer key (upper-case hex, as older data may hold), staged
    without index rows so the load stages them; returns it."""
    shutil.copytree(run_dir, out)
    validated = out / "validated"
    with duckdb.connect() as con:
        for name in ("articles", "story_signatures"):
            path = str(validated / f"{name}.parquet")
            con.execute("COPY (SELECT * REPLACE (upper(article_id) AS article_id) FROM read_parquet($p)) TO $t "
                        "(FORMAT parquet)", {"p": path, "t": path + ".tmp"})
            Path(path + ".tmp").replace(path)
    (validated / TERMS_FILE).unlink()
    return out


def test_words_find_the_article_that_has_them_all(day):
    db, _ = day
    hits = search_articles(db, "water sharing Kazakhstan")
    assert _pages(hits) == ["water-deal.html"]
    assert hits[0].match == "words" and hits[0].matched_words == 3 and hits[0].score > 0
    assert hits[0].title == "Kazakhstan and Uzbekistan sign water-sharing deal"


def test_any_word_ranks_every_article_with_one_of_them(day):
    db, _ = day
    assert search_articles(db, "Tbilisi Pakistan") == []
    hits = search_articles(db, "Tbilisi Pakistan", SearchOptions(all_words=False))
    assert sorted(_pages(hits)) == ["floods.html", "tbilisi-protest.html"]
    assert all(h.matched_words == 1 for h in hits)
    assert hits[0].score >= hits[1].score


def test_case_accents_and_plurals_do_not_matter(day):
    db, _ = day
    assert _pages(search_articles(db, "FLOOD")) == ["floods.html"]
    assert _pages(search_articles(db, "tbílisi")) == ["tbilisi-protest.html"]
    assert _pages(search_articles(db, "protester")) == ["tbilisi-protest.html"]


def test_part_of_a_word_falls_back_to_a_substring_match(day):
    db, _ = day
    hits = search_articles(db, "Uzbek")
    assert _pages(hits) == ["water-deal.html"]
    assert hits[0].match == "substring" and hits[0].score is None
    assert search_articles(db, "Uzbek", SearchOptions(mode="words")) == []


def test_filters_by_country_and_day(day):
    db, _ = day
    everything = search_articles(db, "the", SearchOptions(all_words=False))
    assert len(everything) == 3
    assert _pages(search_articles(db, "the", SearchOptions(country="ge"))) == ["tbilisi-protest.html"]
    assert search_articles(db, "the", SearchOptions(since="2026-01-16")) == []
    assert len(search_articles(db, "the", SearchOptions(since=RUN_DATE, until=RUN_DATE))) == 3


def test_limit_keeps_the_best_hits(day):
    db, _ = day
    everything = search_articles(db, "the", SearchOptions(all_words=False))
    assert search_articles(db, "the", SearchOptions(all_words=False, limit=2)) == everything[:2]


def test_snippet_shows_the_text_around_the_first_match(day):
    db, _ = day
    hit = search_articles(db, "Syr Darya")[0]
    assert "Syr Darya" in hit.snippet
    text = "one two three " * 40 + "the Syr Darya river " + "four five " * 40
    piece = snippet(text, "darya", width=80)
    assert piece.startswith("… ") and piece.endswith(" …") and "Syr Darya" in piece and len(piece) <= 84
    assert snippet("short text", "absent") == "short text"


def test_loading_the_same_run_again_keeps_the_index_unchanged(day, tmp_path):
    db, run_dir = day
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(db.read_bytes())
    before = _index(copy)
    load_staged(Path(run_dir), copy)
    assert _index(copy) == before
    assert len({(term, article) for term, article, _ in before}) == len(before)


def test_title_words_count_three_times(day):
    db, _ = day
    with duckdb.connect(str(db), read_only=True) as con:
        title, text, article_id = con.execute("SELECT title, text, article_id FROM articles "
                                              "WHERE url LIKE '%water-deal.html'").fetchall()[0]
        tf = dict(con.execute(f"SELECT term, tf FROM search_terms WHERE {ROW_ARTICLE} = $id", {"id": article_id}).fetchall())
    assert "kazakhstan" in title.lower()
    assert tf["kazakhstan"] == 3 * title.lower().count("kazakhstan") + text.lower().count("kazakhstan")


def test_the_migrations_index_articles_stored_before_them(day, tmp_path):
    db, run_dir = day
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(db.read_bytes())
    load_staged(_unkeyed_run(Path(run_dir), tmp_path / "unkeyed"), copy)  # ids with and without a key
    expected = _index(copy)
    with duckdb.connect(str(copy)) as con:  # a warehouse before 002: 002 indexes its articles, 015 keys the rows
        con.execute("DROP TABLE search_terms")
        con.execute("DELETE FROM schema_migrations WHERE version IN ('002_search', '015_search_terms_keyed')")
    with warehouse.connect(copy) as con:
        names = [r[0] for r in con.execute("DESCRIBE search_terms").fetchall()]
        unkeyed = con.execute("SELECT count(*) FROM search_terms WHERE id_key IS NULL").fetchone()[0]
    assert names == ["term", "id_key", "unkeyed_article_id", "tf"]
    assert _index(copy) == expected
    assert 0 < unkeyed < len(expected)


def test_an_article_whose_id_has_no_key_is_indexed_found_and_reindexed(day, tmp_path):
    db, run_dir = day
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(db.read_bytes())
    before = _index(copy)
    unkeyed = _unkeyed_run(Path(run_dir), tmp_path / "unkeyed")
    load_staged(unkeyed, copy)
    hits = search_articles(copy, "water sharing Kazakhstan")
    assert _pages(hits) == ["water-deal.html", "water-deal.html"]
    assert sorted(h.article_id for h in hits) == sorted([hits[0].article_id.lower(), hits[0].article_id.upper()])
    after = _index(copy)
    added = [row for row in after if row not in before]
    assert added and all(article == article.upper() for _, article, _ in added)
    assert sorted(before + added) == after
    load_staged(unkeyed, copy)  # refreshed: the unkeyed articles' rows are replaced, not added to
    assert _index(copy) == after
    assert reindex_search(copy) == len(after)
    assert _index(copy) == after


def test_a_run_staged_before_index_rows_were_keyed_loads_them_keyed(day, tmp_path):
    db, run_dir = day
    copy, old_run = tmp_path / "wh.duckdb", tmp_path / "old-run"
    copy.write_bytes(db.read_bytes())
    shutil.copytree(run_dir, old_run)
    staged = old_run / "validated" / TERMS_FILE
    with duckdb.connect() as con:  # as stage_terms wrote them before migration 015
        con.execute(f"COPY (SELECT term, {ROW_ARTICLE} AS article_id, tf FROM read_parquet($p)) TO $t (FORMAT parquet)",
                    {"p": str(staged), "t": str(staged) + ".old"})
    Path(str(staged) + ".old").replace(staged)
    expected = _index(copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM search_terms")
    load_staged(old_run, copy)
    assert _index(copy) == expected
    with duckdb.connect() as con:
        names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(staged)}).fetchall()]
    assert names == ["term", "id_key", "unkeyed_article_id", "tf"]


def test_reindex_rebuilds_the_same_index(day, tmp_path):
    db, _ = day
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(db.read_bytes())
    expected = _index(copy)
    assert reindex_search(copy) == len(expected)
    assert _index(copy) == expected


SAMPLE_TEXTS = ["São Paulo's floods: 3 cities, 1,200 protesters", "Ёлка и Байконур", "Ça va? Crisis ends",
                "北京 talks; U.S.-China tariffs", "", None]


def test_the_staging_tokenizer_is_the_warehouse_tokenizer(day):
    db, _ = day
    query = "SELECT list(search_tokens(s) ORDER BY i) FROM (SELECT unnest($texts) AS s, generate_subscripts($texts, 1) AS i)"
    with duckdb.connect() as staging:
        staging.execute(warehouse.read_sql("macros/search_tokens"))
        staged = staging.execute(query, {"texts": SAMPLE_TEXTS}).fetchone()[0]
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute(query, {"texts": SAMPLE_TEXTS}).fetchone()[0]
    assert staged == stored
    assert staged[0] == ["sao", "paulo", "flood", "city", "200", "protester"]


def test_a_run_staged_without_index_rows_is_indexed_at_load(day, tmp_path):
    db, run_dir = day
    copy, old_run = tmp_path / "wh.duckdb", tmp_path / "old-run"
    copy.write_bytes(db.read_bytes())
    shutil.copytree(run_dir, old_run)
    (old_run / "validated" / TERMS_FILE).unlink()
    expected = _index(copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM search_terms")
    load_staged(old_run, copy)
    assert (old_run / "validated" / TERMS_FILE).is_file()
    assert _index(copy) == expected


@pytest.mark.parametrize("query, options, message", [
    ("  ", SearchOptions(), "query is empty"),
    ("water", SearchOptions(since="15/01/2026"), "--since '15/01/2026' is not a date"),
    ("water", SearchOptions(mode="fuzzy"), "mode 'fuzzy'"),
    ("water", SearchOptions(limit=0), "limit 0"),
])
def test_bad_options_are_refused_with_the_fix(day, query, options, message):
    db, _ = day
    with pytest.raises(ConfigError, match=message):
        search_articles(db, query, options)


def test_cli_search_prints_hits_as_json_and_as_a_table(day, capsys):
    db, _ = day
    assert main(["search", "Sindh", "--db", str(db), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["url"].rsplit("/", 1)[1] for h in hits] == ["floods.html"]
    assert hits[0]["run_date"] == RUN_DATE and hits[0]["match"] == "words"
    assert main(["search", "Sindh", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "Floods force evacuations in southern Pakistan" in table and "(1 row)" in table
    assert main(["search", "--db", str(db)]) == 2
