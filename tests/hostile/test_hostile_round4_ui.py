"""Red-team cases on the digests web app (the Airflow UI plugin's pages) over a damaged data directory: a day whose
summary.json is cut short, empty, not UTF-8, a JSON list, or an object lacking what the pages show. The other days
are still served, the damaged day's pages say it cannot be read and how to rebuild it, and the API answers 404 with
the reason: before, one such file made the home page and the watches page answer 500 for every day."""
from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app
from tests.integration.digest_warehouse import END, fill_warehouse

GOOD = END.isoformat()
DAMAGED = (END + timedelta(days=1)).isoformat()  # the newest day: the one the home page would pick first
UNREADABLE = {
    "cut-short": b'{"run_date": "' + DAMAGED.encode() + b'", "day_articles": 12, "quality": {"che',
    "empty": b"",
    "utf-16": json.dumps({"run_date": DAMAGED, "day_articles": 3}).encode("utf-16"),
    "a-list": b"[1, 2, 3]",
    "a-string": b'"day_articles"',
    "nul-bytes": b"\x00" * 4096,
}
WRONG_SHAPE = {
    "keys-missing": {"run_date": DAMAGED, "day_articles": 3},
    "keys-of-other-types": {"run_date": DAMAGED, "day_articles": 3, "quality": {"checks": 2, "notes": 7},
                            "country": "KZ", "topic": 5, "watches": {"a": 1}, "changes": []},
}


@pytest.fixture(scope="module")
def good_digests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digests folder of one real day (END), built from the digest test warehouse."""
    root = tmp_path_factory.mktemp("ui")
    filled = fill_warehouse(root / "wh.duckdb")
    build_digests(filled.db_path, GOOD, root / "digests")
    return root / "digests"


def app_with(good_digests: Path, tmp_path: Path, summary: bytes) -> TestClient:
    """The app over a data dir holding the good day and, a day later, a day whose summary.json is `summary`."""
    shutil.copytree(good_digests, tmp_path / "digests")
    day = tmp_path / "digests" / DAMAGED
    shutil.copytree(tmp_path / "digests" / GOOD, day)
    (day / "summary.json").write_bytes(summary)
    return TestClient(create_app(tmp_path), raise_server_exceptions=False)


@pytest.mark.parametrize("damage", UNREADABLE)
def test_a_day_whose_summary_cannot_be_read_leaves_the_home_page_on_the_good_day(
        good_digests: Path, tmp_path: Path, damage: str) -> None:
    client = app_with(good_digests, tmp_path, UNREADABLE[damage])
    for path in ("/", "/watches"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "cannot be read" not in page.text and f"?date={GOOD}" in page.text


@pytest.mark.parametrize("damage", UNREADABLE)
@pytest.mark.parametrize("path", ["/", "/watches"])
def test_the_damaged_day_says_it_cannot_be_read_and_how_to_rebuild_it(good_digests: Path, tmp_path: Path,
                                                                      damage: str, path: str) -> None:
    page = app_with(good_digests, tmp_path, UNREADABLE[damage]).get(f"{path}?date={DAMAGED}")
    assert page.status_code == 200
    assert f"the digests of {DAMAGED} cannot be read: its summary.json is damaged" in page.text
    assert f"mediamon run --date {DAMAGED}" in page.text


@pytest.mark.parametrize("damage", UNREADABLE)
def test_the_api_answers_404_with_the_reason_for_a_damaged_day_and_the_good_day_still(
        good_digests: Path, tmp_path: Path, damage: str) -> None:
    client = app_with(good_digests, tmp_path, UNREADABLE[damage])
    answer = client.get(f"/api/summary/{DAMAGED}")
    assert answer.status_code == 404 and "summary.json is damaged" in answer.json()["detail"]
    assert client.get(f"/api/summary/{GOOD}").json()["run_date"] == GOOD


@pytest.mark.parametrize(("shape", "path"), [("keys-missing", "/"), ("keys-of-other-types", "/"),
                                            ("keys-of-other-types", "/watches")])  # the watches page shows none
def test_a_summary_lacking_what_the_page_shows_gives_the_page_with_the_reason(good_digests: Path, tmp_path: Path,
                                                                              shape: str, path: str) -> None:
    client = app_with(good_digests, tmp_path, json.dumps(WRONG_SHAPE[shape]).encode())
    page = client.get(f"{path}?date={DAMAGED}")
    assert page.status_code == 200
    assert f"the digests of {DAMAGED} cannot be shown" in page.text and "rebuild them" in page.text
    assert client.get(f"{path}?date={GOOD}").status_code == 200
