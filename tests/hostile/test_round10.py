"""Red-team outside input, tenth round: kinds no earlier round sent. Query results whose column names are outside
text (a PIVOT on article titles names its columns after them) or repeat a name (a join of two tables holding the same
column). Every case runs the real parts: the command line on a real DuckDB warehouse."""
from __future__ import annotations

import json
import re

import pytest

import mediamon.cli as cli
from tests.integration.digest_warehouse import HOSTILE_TITLE, fill_warehouse

TERMINAL_ACTS_ON = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The digest test warehouse: its last day holds a title with U+202E, a BEL and ESC [ 31 m."""
    return str(fill_warehouse(tmp_path_factory.mktemp("round10-cli") / "wh.duckdb").db_path)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line in this process: exit code, stdout and stderr."""
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- column names that are outside text -------------------------------------------------------------------------

PIVOT_ON_TITLE = "PIVOT (SELECT title FROM articles WHERE title LIKE '%DROP TABLE%') ON title USING count(*)"


def test_a_column_named_after_a_hostile_title_prints_no_terminal_controls(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """PIVOT names its columns after the values it pivots on: the title's ESC [ 31 m, BEL and U+202E reached the
    terminal in the table's header line, which the values below it never let through."""
    code, out, err = run_cli(capsys, "query", "--db", db, PIVOT_ON_TITLE)
    assert code == 0 and err == ""
    header, value, footer = out.split("\n")[:3]
    assert not TERMINAL_ACTS_ON.search(out), repr(out)
    assert header.startswith("<script>alert('x')</script> Protest \ufffdevil\ufffd in Almaty\ufffd\ufffd[31m")
    assert len(header) <= cli.MAX_CELL_CHARS and header.endswith(cli.CUT_MARK)
    assert value == "1" and footer.startswith("(1 row; values over 80 characters are cut")


def test_a_column_named_after_a_hostile_title_keeps_its_name_whole_in_json(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "--db", db, PIVOT_ON_TITLE, "--json")
    assert code == 0 and json.loads(out) == [{HOSTILE_TITLE: 1}]
    assert not TERMINAL_ACTS_ON.search(out), repr(out)


# --- column names given twice -----------------------------------------------------------------------------------

JOIN_OF_TWO_TITLES = ("SELECT a.title, b.title FROM (SELECT 'first' AS title) a, (SELECT 'second' AS title) b")


def test_two_columns_of_one_name_each_keep_their_own_values(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A join of two tables holding the same column: the rows were dicts by name, so the table printed the second
    column's value under both names and the JSON lost the first column."""
    code, out, _ = run_cli(capsys, "query", "--db", db, JOIN_OF_TWO_TITLES)
    assert code == 0
    assert out.split("\n")[:2] == ["title  title_1", "first  second"]
    code, out, _ = run_cli(capsys, "query", "--db", db, JOIN_OF_TWO_TITLES, "--json")
    assert code == 0 and json.loads(out) == [{"title": "first", "title_1": "second"}]


def test_a_suffix_never_takes_the_name_of_a_later_column(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "query", "--db", db, "SELECT 1 AS a, 2 AS a, 3 AS a_1, 4 AS A", "--json")
    assert code == 0 and json.loads(out) == [{"a": 1, "a_2": 2, "a_1": 3, "A": 4}]
