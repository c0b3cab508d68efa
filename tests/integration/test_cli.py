"""The `mediamon` command line against the fixture site on 127.0.0.1 and a real DuckDB file."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import duckdb
import pytest

from mediamon.cli import main
from tests.support.fixture_site import RUN_DATE, SITE_ROOT, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite, Site

FEED_FILES = ["bbc-news-world-2026.xml", "aljazeera-english-2026.xml", "peoplesdailyng-feed-url-returns-html.html",
              "reuters-truncated-server-error-2020.xml"]


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """One `mediamon run` of the fixture day; returns (tmp dir, site base URL, run JSON)."""
    tmp = tmp_path_factory.mktemp("cli")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        sources = write_sources(site, tmp / "sources.yaml")
        code, out = _run(["run", "--sources", str(sources), "--data-dir", str(tmp / "data"), "--date", RUN_DATE,
                          "--allow-private-hosts"])
        assert code == 0
        yield tmp, site, json.loads(out)


def _run(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process and capture what it prints."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(argv)
    return code, buffer.getvalue()


def test_run_prints_its_counts_and_fills_the_warehouse(ran):
    tmp, _, counts = ran
    assert counts["new_articles"] == 3
    assert counts["db"] == str(tmp / "data" / "mediamon.duckdb")
    with duckdb.connect(counts["db"], read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)


def test_run_refuses_loopback_without_the_flag(tmp_path, capsys):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        sources = write_sources(site, tmp_path / "sources.yaml")
        code = main(["run", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--date", RUN_DATE])
        assert code == 2
        assert "all 1 feeds failed (private-address)" in capsys.readouterr().err
        assert site.requests == []


def test_a_malformed_sources_file_stops_before_any_request(tmp_path, capsys):
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - id: x\n    name: X\n    feeds: [http://127.0.0.1:9/feed]\n"
                   "    homepage: http://127.0.0.1:9/\n    country: UK\n    language: en\n", encoding="utf-8")
    code = main(["run", "--sources", str(bad), "--data-dir", str(tmp_path / "data"), "--allow-private-hosts"])
    assert code == 2
    err = capsys.readouterr().err
    assert "line 6" in err and "'UK'" in err and "GB" in err
    assert not (tmp_path / "data" / "runs").exists()


def test_run_from_warc_reprocesses_without_the_network(ran, tmp_path):
    tmp, _, counts = ran
    warc_dir = tmp / "data" / "runs"
    code, out = _run(["run", "--sources", str(tmp / "sources.yaml"), "--data-dir", str(tmp_path / "replay"),
                      "--date", RUN_DATE, "--from-warc", str(warc_dir)])
    assert code == 0  # the site server is stopped by now: everything came from the WARC files
    replayed = json.loads(out)
    assert replayed["new_articles"] == 3
    with duckdb.connect(replayed["db"], read_only=True) as con:
        titles = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
    assert titles[0] == "Floods force evacuations in southern Pakistan"


def test_extract_prints_the_contract_json():
    page = SITE_ROOT / "news" / "water-deal.html"
    code, out = _run(["extract", str(page), "--url", "https://steppe.example/news/water-deal.html"])
    data = json.loads(out)
    assert code == 0
    for key in ("url", "title", "author", "published_at", "language", "text", "countries", "focus_country", "topics"):
        assert key in data
    assert data["title"] == "Kazakhstan and Uzbekistan sign water-sharing deal"
    assert data["published_at"].startswith("2026-01-14")
    assert data["focus_country"] == "KZ"
    assert {"code": "UZ", "mentions": data["countries"][1]["mentions"]} in data["countries"]
    assert all(t["code"].startswith("medtop:") for t in data["topics"])
    assert "Most Popular" not in data["text"] and "Almaty -12" not in data["text"]


def test_digest_prints_a_country_digest(ran):
    tmp, _, counts = ran
    code, out = _run(["digest", "--db", counts["db"], "--date", RUN_DATE, "--country", "KZ", "--format", "json"])
    digest = json.loads(out)
    assert code == 0
    assert json.dumps(digest).count("Kazakhstan and Uzbekistan sign water-sharing deal") >= 1


def test_digest_takes_a_topic_by_its_label_as_by_its_code(ran):
    _, _, counts = ran
    with duckdb.connect(counts["db"], read_only=True) as con:
        code, label = con.execute("SELECT topic_code, topic_label FROM article_topics ORDER BY score DESC "
                                  "LIMIT 1").fetchone()
    by_code = _run(["digest", "--db", counts["db"], "--date", RUN_DATE, "--topic", code, "--format", "json"])
    by_label = _run(["digest", "--db", counts["db"], "--date", RUN_DATE, "--topic", label.upper(), "--format",
                     "json"])
    assert by_code == by_label and by_code[0] == 0
    assert json.loads(by_code[1])["key"] == code


@pytest.mark.parametrize("option, value, words", [
    ("--country", "UK", ["'UK'", "did you mean GB", "two letters"]),
    ("--country", "ZZ", ["'ZZ'", "two letters"]),
    ("--topic", "medtop-07000000", ["did you mean medtop:07000000", "code, key or label"]),
    ("--topic", "medtop:99999999", ["'medtop:99999999'", "code, key or label"])])
def test_digest_refuses_an_unknown_country_or_topic(ran, capsys, option, value, words):
    _, _, counts = ran
    code, out = _run(["digest", "--db", counts["db"], "--date", RUN_DATE, option, value])
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert all(word in err for word in words), err


def test_query_prints_a_table(ran):
    _, _, counts = ran
    code, out = _run(["query", "SELECT count(*) AS n FROM articles", "--db", counts["db"]])
    assert code == 0
    assert out.splitlines()[0].strip() == "n" and out.splitlines()[1].strip() == "3"


@pytest.fixture
def demo_only(ran, tmp_path, monkeypatch):
    """Only the demo's warehouse exists (a copy of the run's), and no variable names a warehouse."""
    from mediamon import settings

    demo = tmp_path / "demo" / "mediamon.duckdb"
    demo.parent.mkdir()
    shutil.copy(ran[2]["db"], demo)
    monkeypatch.setattr(settings, "DEMO_DB_PATH", demo)
    monkeypatch.setattr(settings, "DEFAULT_DB_PATH", tmp_path / "data" / "mediamon.duckdb")
    monkeypatch.delenv("MEDIAMON_DB", raising=False)
    monkeypatch.delenv("MEDIAMON_DATA_DIR", raising=False)
    return demo


READING_COMMANDS = [["digest", "--date", RUN_DATE, "--country", "KZ"], ["quarantine", "list", "--date", RUN_DATE],
                    ["export", "--date", RUN_DATE], ["query", "SELECT count(*) AS n FROM articles"],
                    ["search", "water"], ["watch", "test", "water"]]


@pytest.mark.parametrize("argv", READING_COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_every_reading_command_reads_the_demo_warehouse_when_it_is_the_only_one(demo_only, argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"reading the demo's warehouse {demo_only}" in err
    assert out.strip()


@pytest.mark.parametrize("argv", READING_COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_a_warehouse_named_by_mediamon_db_is_read_without_a_note(demo_only, argv, capsys, monkeypatch):
    monkeypatch.setenv("MEDIAMON_DB", str(demo_only))
    code = main(argv)
    assert code == 0
    assert "reading the demo's warehouse" not in capsys.readouterr().err


def test_export_reads_mediamon_db_and_writes_under_its_data_dir(ran, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEDIAMON_DB", ran[2]["db"])
    code = main(["export", "--date", RUN_DATE, "--data-dir", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == str(tmp_path / "out" / "export" / "articles" / f"run_date={RUN_DATE}" / "data.parquet")
    assert not (tmp_path / "out" / "mediamon.duckdb").exists()


def test_quarantine_list_shows_reasons(ran):
    tmp, _, counts = ran
    code, out = _run(["quarantine", "list", "--db", counts["db"], "--date", RUN_DATE])
    assert code == 0
    assert "http-404" in out and "not-html" in out and "robots-disallowed" in out


@pytest.mark.parametrize("argv, words", [
    (["quarantine", "list", "--stage", "fecth"], ["'fecth'", "feed_items, fetch, extract, enrich, articles"]),
    (["search", "water", "--country", "UK"], ["'UK'", "did you mean GB"]),
    (["search", "water", "--since", "2026-01-20", "--until", "2026-01-10"], ["--since 2026-01-20 is after --until"]),
    (["watch", "test", "water", "--source", "nosuchsource"], ["'nosuchsource' is not a source"]),
    (["watch", "test", "water", "--limit", "-1"], ["--limit must be 1 or more"]),
    (["watch", "test", "water", "--limit", "0"], ["--limit must be 1 or more"])])
def test_a_bad_filter_is_refused_with_what_to_give(ran, capsys, argv, words):
    _, _, counts = ran
    code, out = _run([*argv, "--db", counts["db"]])
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert all(word in err for word in words), err


def test_search_refuses_a_bad_filter_before_rebuilding_its_index(ran, capsys):
    _, _, counts = ran
    code, _ = _run(["search", "water", "--reindex", "--country", "UK", "--db", counts["db"]])
    err = capsys.readouterr().err
    assert code == 2 and "did you mean GB" in err and "rebuilt" not in err


def test_watch_test_takes_a_source_the_warehouse_knows(ran, capsys):
    _, _, counts = ran
    with duckdb.connect(counts["db"], read_only=True) as con:
        (source_id,) = con.execute("SELECT min(source_id) FROM sources").fetchone()
    code, out = _run(["watch", "test", "water", "--source", source_id, "--db", counts["db"]])
    assert code == 0 and "Kazakhstan and Uzbekistan sign water-sharing deal" in out


def test_quarantine_replay_loads_records_that_now_work(tmp_path):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        sources = write_sources(site, tmp_path / "sources.yaml")
        common = ["--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--allow-private-hosts"]
        assert main(["run", *common, "--date", RUN_DATE]) == 0
        removed = (SITE_ROOT / "news" / "floods.html").read_bytes().replace(b"floods", b"removed")
        site.routes["/news/removed.html"] = lambda h: _send_html(h, removed)  # the page is back online
        code, out = _run(["quarantine", "replay", *common, "--date", RUN_DATE, "--stage", "fetch"])
    assert code == 0
    assert json.loads(out)["new_articles"] == 1
    with duckdb.connect(str(tmp_path / "data" / "mediamon.duckdb"), read_only=True) as con:
        left = [r[0].rsplit("/", 1)[1] for r in con.execute("SELECT record_key FROM quarantine").fetchall()]
        assert sorted(left) == ["report.pdf", "secret.html"]
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (4,)


def _send_html(handler, body: bytes) -> None:
    from tests.support.server import send

    send(handler, 200, body, content_type="text/html; charset=utf-8")


def test_sources_check_json_on_the_served_corpus(shared_dir, tmp_path):
    feeds_dir = shared_dir / "corpus" / "feeds"
    with RunningSite(Site(root=feeds_dir)) as site:
        lines = ["sources:"]
        for n, name in enumerate(FEED_FILES):
            lines += [f"  - id: corpus-{n}", f"    name: Corpus {n}", f"    feeds: [{site.url('/' + name)}]",
                      f"    homepage: {site.url('/')}", "    country: GB", "    language: en"]
        sources = tmp_path / "sources.yaml"
        sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, out = _run(["sources", "check", "--sources", str(sources), "--allow-private-hosts", "--json"])
    report = {row["feed_url"].rsplit("/", 1)[1]: row for row in json.loads(out)}
    assert code == 1  # some feeds are broken, and the exit code says so
    for row in report.values():
        assert {"source_id", "feed_url", "status", "items", "items_dated", "error"} <= set(row)
    assert report["bbc-news-world-2026.xml"]["error"] is None and report["bbc-news-world-2026.xml"]["items"] > 10
    assert report["peoplesdailyng-feed-url-returns-html.html"]["error"].startswith("not-a-feed")
    assert report["reuters-truncated-server-error-2020.xml"]["error"].startswith("feed-unparseable")


def test_python_dash_m_mediamon_shows_every_command():
    out = subprocess.run([sys.executable, "-m", "mediamon", "--help"], capture_output=True, text=True, check=True)
    for command in ("run", "extract", "digest", "sources", "query", "quarantine", "demo"):
        assert command in out.stdout


def test_extract_fetches_a_url_whose_scheme_is_written_in_capitals(site, settings):
    from mediamon.extract.page import extract_one

    page = (SITE_ROOT / "news" / "water-deal.html").read_bytes()
    site.routes["/news/water-deal.html"] = lambda handler: _send_html(handler, page)
    url = site.url("/news/water-deal.html").replace("http://", "HTTP://", 1)
    data = extract_one(url, url=None, settings=settings)  # schemes are case-insensitive: not read as a file
    assert data["title"] == "Kazakhstan and Uzbekistan sign water-sharing deal"
