"""Red-team cases on the command line: arguments that are not UTF-8 (a byte of another encoding, as Python decodes
it from argv), watch queries of a megabyte or nested a thousand deep, SQL-looking and markup-looking search words,
and a query giving millions of rows. Each ends in an exit code 2 and an error saying what to fix, or a bounded
answer that says what it left out; never a traceback, a message blaming the warehouse, or unbounded memory."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pytest

import mediamon.cli as cli
from mediamon import warehouse
from mediamon.warehouse.query import run_query
from mediamon.watches.query import POINTER_CHARS, parse_query
from mediamon.watches.query import QueryError as WatchQueryError
from tests.support.cli import run_cli

NOT_UTF8 = ["\udce9t\udce9", "prot\udcffest", "\ud800", "a \udfff b"]  # '\udce9': the Latin-1 byte 0xe9 in argv


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty warehouse (the schema only)."""
    path = tmp_path_factory.mktemp("round4") / "wh.duckdb"
    with warehouse.connect(path):
        pass
    return path


# --- the command line: arguments that are not UTF-8 -----------------------------------------------------------


@pytest.mark.parametrize("text", NOT_UTF8)
def test_a_query_that_is_not_utf8_is_refused_saying_so(db: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, out, err = run_cli(capsys, "query", "--db", str(db), f"SELECT '{text}'")
    assert code == 2 and out == ""
    assert "not UTF-8 text" in err and "UTF-8 locale" in err


@pytest.mark.parametrize("text", NOT_UTF8)
def test_search_words_that_are_not_utf8_are_refused_without_blaming_the_warehouse(
        db: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, _, err = run_cli(capsys, "search", "--db", str(db), text)
    assert code == 2 and "not UTF-8 text" in err
    assert "warehouse could not be read" not in err and "backup" not in err


def test_the_refusal_names_the_byte_of_the_other_encoding(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run_cli(capsys, "search", "--db", str(db), "caf\udce9")
    assert "character 4" in err and "0xe9" in err


@pytest.mark.parametrize("text", NOT_UTF8)
def test_a_watch_query_that_is_not_utf8_is_refused_at_its_column(db: Path, capsys: pytest.CaptureFixture[str],
                                                                   text: str) -> None:
    code, _, err = run_cli(capsys, "watch", "test", "--db", str(db), text)
    column = re.search("[\ud800-\udfff]", text).start() + 1  # type: ignore[union-attr]
    assert code == 2 and "not UTF-8 text" in err and f"at column {column}" in err
    err.encode("utf-8")  # the message can be written to a UTF-8 terminal


# --- the command line: huge, deep and SQL-looking queries -----------------------------------------------------


@pytest.mark.parametrize("query", ["x" * 1_000_000, "(" * 100_000 + "x" + ")" * 100_000, "a " * 500_000])
def test_a_megabyte_watch_query_is_refused_in_a_few_lines(db: Path, capsys: pytest.CaptureFixture[str],
                                                          query: str) -> None:
    code, _, err = run_cli(capsys, "watch", "test", "--db", str(db), query)
    assert code == 2 and "longer than 2000 characters" in err
    assert len(err) < 600, f"{len(err)} characters of error"


def test_parentheses_a_thousand_deep_are_refused_with_a_caret_at_the_level_past_the_limit(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = "(" * 999 + "x" + ")" * 999
    code, _, err = run_cli(capsys, "watch", "test", "--db", str(db), query)
    assert code == 2 and "nests parentheses or NOTs more than 50 deep at column 51" in err
    shown, caret = err.splitlines()[-2:]
    assert len(shown) <= POINTER_CHARS + 4 and shown[caret.index("^")] == "("


def test_the_caret_points_at_the_fault_inside_a_long_query() -> None:
    query = "protest " * 200 + "AND"
    with pytest.raises(WatchQueryError) as caught:
        parse_query(query)
    shown, caret = caught.value.pointer().splitlines()
    assert len(shown) <= POINTER_CHARS + 4 and shown.startswith("  …")
    assert shown[caret.index("^"):].startswith("AND")


@pytest.mark.parametrize("words", ["'; DROP TABLE articles; --", "a\x00b", "%_%", "\\", '"unbalanced', "x" * 1_000_000,
                                   "(" * 10_000 + "x" + ")" * 10_000, "$1 $query", "\u202eevil\u202c"])
def test_search_words_that_look_like_sql_or_markup_find_nothing_and_change_nothing(
        db: Path, capsys: pytest.CaptureFixture[str], words: str) -> None:
    started = time.monotonic()
    code, out, err = run_cli(capsys, "search", "--db", str(db), words)
    assert code == 0 and "(0 rows)" in out and err == ""
    assert time.monotonic() - started < 10
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_a_query_giving_more_rows_than_the_cap_prints_the_cap_and_says_how_to_get_the_rest(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "MAX_QUERY_ROWS", 1000)
    code, out, err = run_cli(capsys, "query", "--db", str(db), "SELECT * FROM range(50000)")
    assert code == 0 and "(1000 rows)" in out and len(out.splitlines()) == 1002
    assert "more than 1,000 rows" in err and "LIMIT" in err and "mediamon export" in err


def test_a_json_query_giving_more_rows_than_the_cap_is_valid_json_of_the_cap(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "MAX_QUERY_ROWS", 500)
    code, out, err = run_cli(capsys, "query", "--db", str(db), "--json", "SELECT * FROM range(20000)")
    assert code == 0 and len(json.loads(out)) == 500 and "more than 500 rows" in err


def test_a_query_of_a_billion_rows_is_read_as_a_stream_up_to_the_cap(db: Path) -> None:
    assert cli.MAX_QUERY_ROWS <= 1_000_000
    started = time.monotonic()
    names, rows = run_query(db, "SELECT * FROM range(1000000000)", max_rows=10)
    assert names == ["range"] and len(rows) == 11 and time.monotonic() - started < 10


def test_a_query_under_the_cap_prints_every_row_and_no_warning(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "query", "--db", str(db), "SELECT * FROM range(1500)")
    assert code == 0 and "(1500 rows)" in out and err == ""


# --- the command line: outside text printed to a terminal -----------------------------------------------------


TERMINAL_ATTACKS = {
    "clear-screen": "\x1b[2J\x1b[H",
    "window-title": "\x1b]0;owned\x07",
    "clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "carriage-return": "safe\rEVIL",
    "c1-csi": "\x9b31m",
    "bidi-override": "\u202etxt.exe",
    "backspaces": "rm -rf\x08\x08\x08\x08\x08\x08",
}
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digest test warehouse: five weeks of articles, one titled with an escape sequence, a BEL and U+202E."""
    from tests.integration.digest_warehouse import fill_warehouse

    return fill_warehouse(tmp_path_factory.mktemp("terminal") / "wh.duckdb").db_path


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_a_query_table_never_prints_a_control_or_bidi_character(db: Path, capsys: pytest.CaptureFixture[str],
                                                                attack: str) -> None:
    value = TERMINAL_ATTACKS[attack].replace("'", "''")
    code, out, _ = run_cli(capsys, "query", "--db", str(db), f"SELECT 'before {value} after' AS title, 1 AS n")
    assert code == 0 and "before" in out and "after" in out
    assert not UNSAFE_CHARS.search(out), repr(out)


def test_the_json_output_keeps_the_value_whole(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "--db", str(db), "--json", "SELECT 'a' || chr(27) || '[2J b' AS t")
    assert code == 0 and json.loads(out) == [{"t": "a\x1b[2J b"}]


@pytest.mark.parametrize("command", [["search", "Almaty"], ["watch", "test", "Almaty", "--days", "60"]])
def test_search_and_watch_test_print_a_hostile_title_without_its_escapes(
        hostile_db: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = run_cli(capsys, *command, "--db", str(hostile_db))
    assert code == 0 and "Protest" in out and "Almaty" in out
    assert not UNSAFE_CHARS.search(out), repr(out)


# --- the command line: a saved page bigger than any fetched page may be -----------------------------------------


def saved_page(tmp_path: Path, paragraphs: int) -> Path:
    """An HTML file of an article with this many repeats of its paragraphs."""
    from tests.support.hostile_inputs import article_paragraphs, html_page

    path = tmp_path / "page.html"
    path.write_text(html_page(f"<article><h1>Harbour reopens</h1>{article_paragraphs() * paragraphs}</article>"),
                    encoding="utf-8")
    return path


def test_extract_refuses_a_file_over_the_body_cap_before_reading_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAMON_MAX_BODY_BYTES", "4096")
    page = saved_page(tmp_path, 10)
    started = time.process_time()
    code, out, err = run_cli(capsys, "extract", str(page))
    assert code == 2 and out == "" and time.process_time() - started < 1
    assert f"is {page.stat().st_size:,} bytes, over the 4,096-byte cap" in err and "MEDIAMON_MAX_BODY_BYTES" in err


def test_extract_reads_a_file_under_the_body_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAMON_MAX_BODY_BYTES", "1048576")
    code, out, _ = run_cli(capsys, "extract", str(saved_page(tmp_path, 1)))
    assert code == 0 and json.loads(out)["title"] == "Harbour reopens"
