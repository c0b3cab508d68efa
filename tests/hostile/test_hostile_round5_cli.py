"""Red-team paths on the command line, fifth round: a warehouse path naming a FIFO (DuckDB blocked forever opening it),
a folder or a device, a data directory naming a file, and --from-warc naming a FIFO or a folder holding one (read
until the writer came, which was never). Each ends at once in exit code 2 and an error naming the path, what it is
and the option or variable to change; never a hang."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from mediamon.fetch.replay import warc_files
from mediamon.settings import settings_from_env
from tests.support.cli import run_cli

WAIT_S = 10.0  # a command that has not ended by then hangs


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a registry of one local source, a FIFO, a plain file and a folder; MEDIAMON_* unset."""
    for var in ("MEDIAMON_DB", "MEDIAMON_DATA_DIR", "MEDIAMON_REPLAY_WARC", "MEDIAMON_DATA_URL"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: local-news\n    name: Local News\n    feeds: [http://127.0.0.1:9/feed.xml]\n"
        "    homepage: http://127.0.0.1:9/\n    country: GB\n    language: en\n", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return tmp_path


def day_run(place: Path, *more: str) -> list[str]:
    """`mediamon run` arguments on the local registry and data folder of place, then more."""
    return ["run", "--sources", str(place / "sources.yaml"), "--date", "2026-12-01", "--allow-private-hosts", *more]


def poll(place: Path) -> list[str]:
    """`mediamon poll` arguments on the local registry of place."""
    return ["poll", "--sources", str(place / "sources.yaml"), "--allow-private-hosts"]


# --- the warehouse path -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "poll"])
def test_a_warehouse_path_naming_a_fifo_is_refused_at_once(place: Path, capsys: pytest.CaptureFixture[str],
                                                           command: str) -> None:
    args = day_run(place) if command == "run" else poll(place)
    code, _, err = run_cli(capsys, *args, "--data-dir", str(place / "folder"), "--db", str(place / "fifo"),
                           wait_s=WAIT_S)
    assert code == 2 and "is a FIFO, not a DuckDB file" in err and str(place / "fifo") in err and "--db" in err
    assert list((place / "folder").iterdir()) == []  # refused before anything was written


def test_a_warehouse_path_naming_a_folder_is_refused_saying_so(place: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *day_run(place, "--data-dir", str(place / "folder"), "--db", str(place / "folder")),
                           wait_s=WAIT_S)
    assert code == 2 and "is a folder, not a DuckDB file" in err and "MEDIAMON_DB" in err


def test_a_warehouse_variable_naming_a_fifo_is_refused_at_once(place: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAMON_DB", str(place / "fifo"))
    code, _, err = run_cli(capsys, *poll(place), "--data-dir", str(place / "folder"), wait_s=WAIT_S)
    assert code == 2 and "is a FIFO" in err


def test_a_warehouse_that_does_not_exist_yet_is_accepted() -> None:
    settings = settings_from_env({"MEDIAMON_DB": "/nonexistent-mediamon/wh.duckdb",
                                  "MEDIAMON_DATA_DIR": "/nonexistent-mediamon"})
    assert settings.db_path == Path("/nonexistent-mediamon/wh.duckdb")


@pytest.mark.parametrize("command", [["query", "SELECT 1"], ["search", "harbour"], ["digest", "--date", "2026-12-01",
                                                                                      "--country", "GB"]])
def test_reading_commands_on_a_fifo_or_folder_say_there_is_no_warehouse(place: Path,
                                                                         capsys: pytest.CaptureFixture[str],
                                                                         command: list[str]) -> None:
    for target in ("fifo", "folder"):
        code, _, err = run_cli(capsys, *command, "--db", str(place / target), wait_s=WAIT_S)
        assert code == 2 and f"no warehouse at {place / target}" in err


# --- the data directory -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "poll"])
def test_a_data_directory_naming_a_file_is_refused_naming_the_option(place: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     command: str) -> None:
    args = day_run(place) if command == "run" else poll(place)
    code, _, err = run_cli(capsys, *args, "--data-dir", str(place / "file"), wait_s=WAIT_S)
    assert code == 2 and "is a file, not a folder" in err and "--data-dir" in err
    assert (place / "file").read_text(encoding="utf-8") == "not a folder"


def test_a_data_directory_variable_naming_a_device_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="is a device, not a folder"):
        settings_from_env({"MEDIAMON_DATA_DIR": "/dev/null", "MEDIAMON_DB": "/nonexistent-mediamon/wh.duckdb"})


# --- archives to replay -----------------------------------------------------------------------------------------


def test_from_warc_naming_a_fifo_is_refused_at_once(place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = str(place / "fifo")
    code, _, err = run_cli(capsys, *day_run(place, "--data-dir", str(place / "folder"), "--from-warc", fifo),
                           wait_s=WAIT_S)
    assert code == 2 and "holds no *.warc.gz file" in err and str(place / "fifo") in err


def test_from_warc_naming_a_folder_holding_a_fifo_named_like_an_archive_is_refused_at_once(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archives = place / "runs"
    archives.mkdir()
    os.mkfifo(archives / "day.warc.gz")
    code, _, err = run_cli(capsys, *day_run(place, "--data-dir", str(place / "folder"), "--from-warc", str(archives)),
                           wait_s=WAIT_S)
    assert code == 2 and "holds no *.warc.gz file" in err


def test_the_archives_of_a_folder_are_its_regular_files_only(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.warc.gz").write_bytes(b"")
    os.mkfifo(tmp_path / "two.warc.gz")
    (tmp_path / "three.warc.gz").mkdir()
    assert warc_files(tmp_path) == [tmp_path / "a" / "one.warc.gz"]
    assert warc_files(tmp_path / "two.warc.gz") == [] and warc_files(tmp_path / "a" / "one.warc.gz") == [
        tmp_path / "a" / "one.warc.gz"]


# --- a page to extract ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["fifo", "folder"])
def test_extract_of_a_fifo_or_folder_is_a_usage_error_at_once(place: Path, capsys: pytest.CaptureFixture[str],
                                                              target: str) -> None:
    code, _, err = run_cli(capsys, "extract", str(place / target), wait_s=WAIT_S)
    assert code == 2 and "neither an http(s) URL nor a file" in err
