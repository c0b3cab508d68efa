"""Red-team analyst commands, eighth round. `mediamon query` prints its values through a terminal filter, but not its
errors: a failed query quoting a value (Conversion Error: Could not convert string '<a title>' ...) wrote the title's
BEL, ESC [ 31 m and U+202E to the analyst's terminal, and a syntax error quoting a 100 kB query printed all of it on
one line. Error messages are now shown with those characters as U+FFFD and a long line cut in its middle, keeping the
hint at its end. Hostile `search` queries (quotes, LIKE and regex metacharacters, 100 kB) already held."""
from __future__ import annotations

import pytest

import mediamon.cli as cli
from tests.support.cli import TERMINAL_ACTS_ON, digest_db_fixture, run_cli

db = digest_db_fixture("round8-cli")  # its END day holds a title with U+202E, a BEL and ESC [ 31 m


def test_a_failed_query_quoting_a_hostile_title_prints_no_terminal_controls(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "query", "--db", db,
                           "SELECT CAST(title AS INTEGER) FROM articles WHERE title LIKE '%DROP TABLE%'")
    assert code == 2
    assert "Could not convert string" in err and "Almaty" in err
    assert not TERMINAL_ACTS_ON.search(err), repr(err)
    assert err.endswith("\n") and err.count("\n") == 1


@pytest.mark.parametrize("sql", ["a" * 100_000, "SELECT " + "x" * 100_000 + " FROM articles"])
def test_an_error_quoting_a_100_kb_query_is_cut_keeping_its_start_and_hint(
        db: str, capsys: pytest.CaptureFixture[str], sql: str) -> None:
    code, _, err = run_cli(capsys, "query", "--db", db, sql)
    assert code == 2
    assert len(err) < 1_200
    assert err.startswith("mediamon: the query") and "characters left out" in err
    if sql.startswith("SELECT"):
        assert err.rstrip().endswith('(list the tables with "SELECT table_name FROM duckdb_tables()")')


def test_a_short_error_is_printed_as_it_was(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "query", "--db", db, "SELECT 1; SELECT 2")
    assert code == 2
    assert err == "mediamon: the SQL holds 2 statements: give one query (run each on its own)\n"


def test_error_text_keeps_each_line_and_cuts_only_a_long_one() -> None:
    message = "first line\n" + "b" * 5_000 + "\nlast \x1b[2J line"
    lines = cli.error_text(message).split("\n")
    assert lines[0] == "first line" and lines[2] == "last \ufffd[2J line"
    assert lines[1].startswith("b" * 700) and lines[1].endswith("b" * 300) and "4,000 characters left out" in lines[1]


@pytest.mark.parametrize("query", ["'", '"', "%", "_", "\\", ".*", "((", "[a-z]+", "a" * 100_000,
                                   "'; DROP TABLE articles; --", "x\x00y"])
@pytest.mark.parametrize("mode", ["auto", "substring"])
def test_a_hostile_search_query_runs_and_leaves_the_articles(
        db: str, capsys: pytest.CaptureFixture[str], query: str, mode: str) -> None:
    code, out, err = run_cli(capsys, "search", "--db", db, "--mode", mode, "--json", query)
    assert code == 0 and err == ""
    assert out.lstrip().startswith("[")
    code, out, _ = run_cli(capsys, "query", "--db", db, "SELECT count(*) > 0 AS kept FROM articles", "--json")
    assert code == 0 and "true" in out
