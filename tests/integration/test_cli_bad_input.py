"""Bad input to the `mediamon` command line: a one-line error and exit code 2, never a traceback,
and `mediamon query` reads the warehouse and nothing else (run as a real subprocess)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse

REFUSED = "reads the warehouse only"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A warehouse with the schema and one marker row in a table of its own."""
    path = tmp_path_factory.mktemp("badinput") / "wh.duckdb"
    with warehouse.connect(path) as con:
        con.execute("CREATE TABLE marker AS SELECT 42 AS answer")
    return path


def mediamon(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed CLI as a user would; its output and exit code."""
    return subprocess.run([sys.executable, "-m", "mediamon", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env={**os.environ, "MEDIAMON_DATA_DIR": str(cwd or Path.cwd())})


def assert_clean_error(done: subprocess.CompletedProcess, *words: str) -> None:
    """Exit code 2, no traceback, and the message names what went wrong."""
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_query_reads_the_warehouse(db):
    done = mediamon("query", "--db", str(db), "SELECT answer FROM marker")
    assert done.returncode == 0 and "42" in done.stdout


def test_query_cannot_write_another_file(db, tmp_path):
    target = tmp_path / "out.csv"
    assert_clean_error(mediamon("query", "--db", str(db), f"COPY marker TO '{target}'"), REFUSED, "mediamon export")
    assert not target.exists()


def test_query_cannot_read_another_file(db, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("token\nMEDIAMON-SECRET-1234\n", encoding="utf-8")
    done = mediamon("query", "--db", str(db), f"SELECT * FROM read_csv('{secret}')")
    assert_clean_error(done, REFUSED)
    assert "MEDIAMON-SECRET-1234" not in done.stdout + done.stderr


def test_query_cannot_empty_another_database_through_attach(db, tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    os.link(db, tmp_path / "same-file.duckdb")
    for target in (other, tmp_path / "same-file.duckdb"):
        assert_clean_error(mediamon("query", "--db", str(db), f"ATTACH '{target}' AS o (READ_WRITE)"), REFUSED)
        sql = f"ATTACH '{target}' AS o (READ_WRITE); DELETE FROM o.marker"
        assert_clean_error(mediamon("query", "--db", str(db), sql), "2 statements")
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone() == (1,)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT answer FROM marker").fetchone() == (42,)


@pytest.mark.parametrize("sql", ["DELETE FROM marker", "SET enable_external_access = true", "INSTALL httpfs"])
def test_query_cannot_write_or_reconfigure_the_warehouse(db, sql):
    assert_clean_error(mediamon("query", "--db", str(db), sql), REFUSED)


@pytest.mark.parametrize("sql, words", [("SELEC 1", ["not valid SQL"]), ("SELECT * FROM nope", ["nope"]),
                                        ("", ["empty"])])
def test_query_with_bad_sql_gets_a_one_line_error(db, sql, words):
    assert_clean_error(mediamon("query", "--db", str(db), sql), *words)


@pytest.mark.parametrize("content", [b"", b"not a database at all", None])
def test_a_damaged_warehouse_file_gets_a_one_line_error(db, tmp_path, content):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(content if content is not None else db.read_bytes()[:5000])
    for args in (["query", "--db", str(bad), "SELECT 1"], ["digest", "--db", str(bad), "--date", "2026-01-15",
                                                          "--country", "KZ"], ["search", "--db", str(bad), "water"]):
        assert_clean_error(mediamon(*args), str(bad.name), "restore it from a backup")


@pytest.mark.parametrize("day", ["20260115", "2026-W03-4", "9999-12-31", "2026-13-45", "1899-01-01", "yesterday"])
def test_run_refuses_a_bad_date_before_any_request(tmp_path, day):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: []\n", encoding="utf-8")
    done = mediamon("run", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--date", day)
    assert_clean_error(done, "--date", day)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", [["digest", "--country", "KZ"], ["export"], ["quarantine", "list"]])
def test_other_commands_refuse_an_impossible_date(db, command):
    assert_clean_error(mediamon(*command, "--db", str(db), "--date", "2026-13-45"), "not a calendar day")


def test_run_refuses_a_bad_watches_file_before_any_request(tmp_path):
    sources, watches = tmp_path / "sources.yaml", tmp_path / "watches.yaml"
    sources.write_text(ONE_SOURCE, encoding="utf-8")
    watches.write_text('watches:\n  - name: steppe-protests\n    query: \'protest AND "almaty\'\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mediamon", "run", "--sources", str(sources), "--data-dir",
                           str(tmp_path / "data"), "--date", "2026-01-15"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "MEDIAMON_WATCHES": str(watches)})
    assert_clean_error(done, "steppe-protests", "unbalanced quote")
    assert not (tmp_path / "data" / "runs").exists()


def test_query_marks_a_cut_value_and_prints_it_whole_as_json(db):
    sql = "SELECT 'https://example.org/' || repeat('a', 90) || '.html' AS url"
    table = mediamon("query", "--db", str(db), sql)
    assert table.returncode == 0
    header, row, footer = table.stdout.splitlines()
    assert header == "url" and len(row) == 80 and row.endswith("…") and ".html" not in row
    assert footer == "(1 row; values over 80 characters are cut and end in …, --json prints them whole)"
    whole = mediamon("query", "--db", str(db), "--json", sql)
    assert json.loads(whole.stdout) == [{"url": "https://example.org/" + "a" * 90 + ".html"}]


@pytest.mark.parametrize("sql, footer", [("SELECT 1 AS n", "(1 row)"), ("SELECT * FROM range(2)", "(2 rows)"),
                                         ("SELECT 1 AS n WHERE false", "(0 rows)")])
def test_query_counts_its_rows_in_words(db, sql, footer):
    assert mediamon("query", "--db", str(db), sql).stdout.splitlines()[-1] == footer


def test_query_refuses_more_than_one_statement(db):
    done = mediamon("query", "--db", str(db), "SELECT 1; SELECT 2")
    assert_clean_error(done, "2 statements", "give one query")
    assert done.stdout == ""
    assert mediamon("query", "--db", str(db), "SELECT 2 AS n;").stdout.splitlines()[1] == "2"


def test_a_reader_closing_the_pipe_ends_the_query_quietly(db):
    with subprocess.Popen([sys.executable, "-m", "mediamon", "query", "--db", str(db), "SELECT * FROM range(300000)"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout.readline().strip() == "range"
        proc.stdout.close()  # as `| head -1` does
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 1
    assert err == ""


ONE_SOURCE = ("sources:\n  - id: x\n    name: X\n    feeds: [http://127.0.0.1:9/feed]\n    homepage: http://127.0.0.1:9/\n"
              "    country: GB\n    language: en\n")


@pytest.mark.parametrize("registry, words", [("sources: []\n", ["lists no source", "add at least one"]),
                                             (ONE_SOURCE + "    enabled: false\n", ["every source is disabled"])])
def test_run_refuses_a_registry_with_nothing_to_fetch(tmp_path, registry, words):
    sources = tmp_path / "sources.yaml"
    sources.write_text(registry, encoding="utf-8")
    done = mediamon("run", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--date", "2026-01-15")
    assert_clean_error(done, "sources.yaml", *words)
    assert not (tmp_path / "data" / "runs").exists()


@pytest.mark.parametrize("archive, words", [("sources.yaml", ["is not a WARC file"]), ("missing", ["does not exist"]),
                                            ("empty", ["holds no *.warc.gz file"])])
def test_run_refuses_a_from_warc_path_that_is_no_archive(tmp_path, archive, words):
    sources = tmp_path / "sources.yaml"
    sources.write_text(ONE_SOURCE, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    done = mediamon("run", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--date", "2026-01-15",
                    "--from-warc", str(tmp_path / archive))
    assert_clean_error(done, "--from-warc", *words)
    assert not (tmp_path / "data" / "runs").exists()


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_demo_refuses_a_port_out_of_range(tmp_path, port):
    done = mediamon("demo", "--data-dir", str(tmp_path / "demo"), f"--port={port}")
    assert_clean_error(done, "--port", "not a port number (1-65535)")
    assert not (tmp_path / "demo").exists()


@pytest.mark.parametrize("data_url", ["notaurl", "ftp://nowhere/x", "s3://"])
def test_run_refuses_a_data_url_of_no_object_store_naming_the_variable(tmp_path, data_url):
    sources = tmp_path / "sources.yaml"
    sources.write_text(ONE_SOURCE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mediamon", "run", "--sources", str(sources), "--date", "2026-01-15"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, "MEDIAMON_DATA_DIR": str(tmp_path / "data"), "MEDIAMON_DATA_URL": data_url})
    assert_clean_error(done, f"MEDIAMON_DATA_URL={data_url!r}", "s3://bucket/prefix", "file://")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.yaml"]


@pytest.mark.parametrize("target", ["ftp://example.org/a.html", "file:///etc/hostname"])
def test_extract_refuses_a_url_that_is_not_http(tmp_path, target):
    assert_clean_error(mediamon("extract", target, cwd=tmp_path), repr(target), "only http:// and https://")


@pytest.mark.parametrize("target", ["missing.html", "www.example.org/news/a.html"])
def test_extract_of_neither_a_url_nor_a_file_says_what_to_give(tmp_path, target):
    assert_clean_error(mediamon("extract", target, cwd=tmp_path), repr(target), "neither an http(s) URL nor a file",
                       "https://")


@pytest.mark.parametrize("flags, words", [(["--allow-private-hosts"], ["all 1 due feeds failed (1 errors)"]),
                                          ([], ["all 1 due feeds failed (0 errors, 1 refused", "--allow-private-hosts"])])
def test_poll_says_with_its_exit_code_when_every_feed_failed(tmp_path, flags, words):
    sources = tmp_path / "sources.yaml"
    sources.write_text(ONE_SOURCE, encoding="utf-8")  # port 9 on 127.0.0.1: nothing listens
    argv = ["poll", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), *flags]
    done = mediamon(*argv)
    assert_clean_error(done, *words)
    summary = json.loads(done.stdout)
    assert summary["feeds_due"] == 1 and summary["errors"] + summary["refused"] == 1
    if flags:  # the failed feed backs off: the next pass has nothing due, which is no failure
        again = mediamon(*argv)
        assert again.returncode == 0 and json.loads(again.stdout)["feeds_due"] == 0
