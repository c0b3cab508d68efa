"""Red-team cases on the JSON Lines files stages hand over in a run directory (shards, page logs, extracted and
rejected rows), damaged on disk or in a copy: a line cut short, NUL bytes, bytes that are not UTF-8, a line that
is JSON but not an object. Reading one is an error naming the file and the line and saying how to write it again,
not a JSONDecodeError without a file name or a TypeError further on; rows the writer writes (line separators,
NEL, carriage returns inside values) read back whole."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import MediamonError, RunFileError
from mediamon.rundir import read_jsonl, write_jsonl

ROWS = [{"url": f"https://news.example.org/{i}", "source_id": "daily", "title": f"Story {i}"} for i in range(3)]
DAMAGE = {
    "cut-short": lambda data: data[: data.rindex(b'"title"') + 4],
    "nul-bytes": lambda data: data.replace(b'"Story 1"', b'"Story\x00\x00' + b"\x00" * 64, 1),
    "latin-1-byte": lambda data: data.replace(b"Story 1", b"Stor\xe9 1", 1),
    "a-json-list": lambda data: data.replace(data.splitlines()[1], b'["https://news.example.org/1", "daily"]', 1),
    "a-json-number": lambda data: data.replace(data.splitlines()[1], b"12", 1),
    "a-json-null": lambda data: data.replace(data.splitlines()[1], b"null", 1),
    "garbage-line": lambda data: data + bytes(range(256)) + b"\n",
}
LINE = {"cut-short": 3, "nul-bytes": 2, "latin-1-byte": 2, "a-json-list": 2, "a-json-number": 2, "a-json-null": 2,
        "garbage-line": 4}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_line_is_an_error_naming_the_file_the_line_and_the_fix(tmp_path: Path, damage: str) -> None:
    path = write_jsonl(tmp_path / "shards" / "000.jsonl", ROWS)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    with pytest.raises(RunFileError) as caught:
        list(read_jsonl(path))
    message = str(caught.value)
    assert message.startswith(f"{path} line {LINE[damage]}: ") and "re-run the day" in message
    assert isinstance(caught.value, MediamonError)  # the command line prints it as one line, exit code 2


def test_the_rows_before_the_damaged_line_were_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", ROWS)
    path.write_bytes(DAMAGE["cut-short"](path.read_bytes()))
    rows = read_jsonl(path)
    assert [next(rows)["title"], next(rows)["title"]] == ["Story 0", "Story 1"]
    with pytest.raises(RunFileError):
        next(rows)


@pytest.mark.parametrize("text", ["line\u2028separator", "next\x85line", "carriage\rreturn", "crlf\r\nend",
                                  "form\x0cfeed", "lone \ud800 surrogate", "\ufeffbom first"])
def test_rows_holding_line_like_characters_read_back_whole(tmp_path: Path, text: str) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [{"title": text}, {"title": "after"}])
    rows = list(read_jsonl(path))
    assert [r["title"] for r in rows] == [text.replace("\ud800", "\ufffd"), "after"]


def test_blank_lines_and_a_missing_file_give_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    assert list(read_jsonl(path)) == []
    path.write_bytes(b"\n  \n\r\n")
    assert list(read_jsonl(path)) == []
