"""Red-team values in the command line's JSON output, fifth round: json.dumps(ensure_ascii=False) escapes C0 controls
but writes DEL, C1 controls (U+009B is a one-character CSI), bidi overrides, line separators and lone surrogates as
they are, so `query --json`, `search --json`, `watch test --json` and `digest --format json` printed a title's
U+202E and CSI to the reader's terminal (a lone surrogate stopped the print with UnicodeEncodeError). The values
are now written as \\uXXXX escapes: read back, each is the same."""
from __future__ import annotations

import json
import re

import pytest

from mediamon.text.terminal import terminal_json
from tests.support.cli import run_cli

RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                        "\ud800-\udfff]")
VALUES = {"c1-csi": "a\x9b31m b", "del": "a\x7f b", "bidi-override": "Evil \u202egnp.exe\u202c",
          "isolates": "\u2066x\u2069 \u061c", "line-separators": "one\u2028two\u2029three",
          "escape": "a\x1b[2J b"}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory):
    """The digest test warehouse, whose END day holds a title with U+202E, a BEL and ESC [ 31 m."""
    from tests.integration.digest_warehouse import fill_warehouse

    return fill_warehouse(tmp_path_factory.mktemp("round5-json") / "wh.duckdb")


@pytest.mark.parametrize("name", VALUES)
def test_a_query_value_a_terminal_acts_on_is_printed_escaped_and_reads_back_whole(
        filled, capsys: pytest.CaptureFixture[str], name: str) -> None:
    value = VALUES[name]
    sql = "SELECT " + " || ".join(f"chr({ord(char)})" for char in value) + " AS t"
    code, out, _ = run_cli(capsys, "query", "--db", str(filled.db_path), "--json", sql)
    assert code == 0 and not RAW_UNSAFE.search(out), repr(out)
    assert json.loads(out) == [{"t": value}]


@pytest.mark.parametrize("command", [["search", "Almaty", "--json", "--limit", "50"],
                                     ["watch", "test", "Almaty", "--json", "--days", "60", "--limit", "200"]])
def test_search_and_watch_test_json_print_the_hostile_title_escaped(filled, capsys: pytest.CaptureFixture[str],
                                                                    command: list[str]) -> None:
    code, out, _ = run_cli(capsys, *command, "--db", str(filled.db_path))
    assert code == 0 and not RAW_UNSAFE.search(out), repr(out)[:300]
    assert any("\u202eevil\u202c" in (row.get("title") or "") for row in json.loads(out))


def test_the_json_digest_printed_to_a_terminal_is_escaped_and_the_same_document(
        filled, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "digest", "--db", str(filled.db_path), "--date", filled.end.isoformat(),
                           "--country", "KZ", "--format", "json")
    assert code == 0 and not RAW_UNSAFE.search(out)
    assert "\u202eevil" in json.dumps(json.loads(out), ensure_ascii=False)


def test_a_lone_surrogate_is_escaped_not_an_encoding_error() -> None:
    text = json.dumps({"t": "a\ud800b"}, ensure_ascii=False)
    shown = terminal_json(text)
    shown.encode("utf-8")
    assert json.loads(shown) == {"t": "a\ud800b"}


def test_json_without_such_characters_is_left_as_it_is() -> None:
    text = json.dumps({"t": "Harbour reopens — Qazaqstan / Қазақстан", "n": [1, 2.5, None]}, ensure_ascii=False)
    assert terminal_json(text) == text
