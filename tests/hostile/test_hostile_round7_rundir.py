"""The run's single JSON documents damaged on disk or in a copy, seventh round: plan.json (read by every stage after
the plan) and validated/run.json (read by load). A plan.json cut short, not UTF-8, of another shape or written by
another version ended in a JSONDecodeError, a UnicodeDecodeError or a TypeError naming no file; now reading one is
a RunFileError naming the file, what is wrong with it and how to write it again, as for the JSON Lines files."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from mediamon import stages
from mediamon.errors import MediamonError, RunFileError
from mediamon.rundir import Plan, RunDir, read_json, write_json
from mediamon.warehouse.load import load_staged

PLAN = Plan(run_id="r7", run_date="2026-12-01", started_at="2026-12-01T06:00:00+00:00",
            sources=[{"source_id": "daily", "enabled": True, "sitemaps": []}],
            feeds=[{"feed_url": "https://news.example.org/feed", "source_id": "daily", "skip": False}])
DAMAGE = {
    "cut-short": lambda text: text[: len(text) // 2],
    "not-utf8": lambda text: text.replace("daily", "da\udcffly").encode("utf-8", "surrogateescape").decode("latin-1"),
    "a-json-list": lambda text: json.dumps([json.loads(text)]),
    "null": lambda text: "null",
    "empty": lambda text: "",
    "key-missing": lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "feeds"}),
    "key-unknown": lambda text: json.dumps({**json.loads(text), "shards": 4}),
    "feeds-not-a-list": lambda text: json.dumps({**json.loads(text), "feeds": "https://news.example.org/feed"}),
    "feed-not-an-object": lambda text: json.dumps({**json.loads(text), "feeds": ["https://news.example.org/feed"]}),
}
NAMED = {"key-missing": "feeds", "key-unknown": "shards", "feeds-not-a-list": "feeds", "feed-not-an-object": "feeds"}


def damaged_run(tmp_path: Path, damage: str) -> RunDir:
    """A run directory whose plan.json was written whole, then damaged."""
    run = RunDir.new(tmp_path / "data", "2026-12-01", "r7")
    run.write_plan(PLAN)
    text = run.plan.read_text(encoding="utf-8")
    run.plan.write_bytes(DAMAGE[damage](text).encode("latin-1" if damage == "not-utf8" else "utf-8"))
    return run


def test_a_whole_plan_reads_back_as_written(tmp_path: Path) -> None:
    run = RunDir.new(tmp_path / "data", "2026-12-01", "r7")
    run.write_plan(PLAN)
    assert asdict(run.read_plan()) == asdict(PLAN)
    assert stages.source_ids(run.path) == ["daily"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_plan_is_an_error_naming_the_file_and_the_fix(tmp_path: Path, damage: str) -> None:
    run = damaged_run(tmp_path, damage)
    with pytest.raises(RunFileError) as caught:
        stages.source_ids(run.path)
    message = str(caught.value)
    assert message.startswith(f"{run.plan}: ") and "re-run the day" in message
    assert NAMED.get(damage, "") in message
    assert isinstance(caught.value, MediamonError)  # the command line prints it as one line, exit code 2


@pytest.mark.parametrize("text", ["{\"run_id\": \"r7\", \"run_da", "{} {}", "[1, 2"])
def test_a_damaged_json_document_is_an_error_naming_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "run.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RunFileError) as caught:
        read_json(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_a_json_document_written_whole_reads_back(tmp_path: Path) -> None:
    data = {"run_id": "r7", "outcomes": {"loaded": 3}, "title": "line\u2028separator"}
    assert read_json(write_json(tmp_path / "run.json", data)) == data


def test_load_of_a_run_whose_run_json_is_damaged_fails_naming_it(tmp_path: Path) -> None:
    run = RunDir.new(tmp_path / "data", "2026-12-01", "r7")
    run.validated.mkdir(parents=True)
    run.staged("run.json").write_text('{"run_id": "r7", "run_date": "2026-', encoding="utf-8")
    with pytest.raises(RunFileError) as caught:
        load_staged(run.path, tmp_path / "wh.duckdb")
    assert str(caught.value).startswith(f"{run.staged('run.json')}: ")
    assert not (tmp_path / "wh.duckdb").exists()
