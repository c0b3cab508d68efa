"""Red-team cases on the day the digests web app shows when none is asked for: the newest day's summary.json cut
short, not JSON, a JSON list or string, or an object lacking a field the pages read (or holding it as another
type). That day is skipped with a warning naming its file and the newest day whose summary the pages can show is
shown. Before, a summary lacking fields but counting articles was picked and the home page only said it could not be
shown; with no loaded day readable the damaged newest day was picked over a readable one; and a summary that could
not be read was skipped with a warning naming its day only."""
from __future__ import annotations

import json
import logging
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app
from tests.integration.digest_warehouse import END, fill_warehouse

GOOD = END.isoformat()
OLDER = (END - timedelta(days=1)).isoformat()
NEWEST = (END + timedelta(days=1)).isoformat()  # the day the app would pick first
DAMAGED = {
    "cut-short": b'{"run_date": "' + NEWEST.encode() + b'", "day_articles": 12, "quality": {"che',
    "not-json": b"<html>502 Bad Gateway</html>",
    "a-list": b'[{"run_date": "' + NEWEST.encode() + b'", "day_articles": 3}]',
    "a-string": b'"day_articles"',
    "fields-missing": json.dumps({"run_date": NEWEST, "day_articles": 3}).encode(),
    "quality-missing": json.dumps({"run_date": NEWEST, "day_articles": 3, "country": [], "topic": []}).encode(),
    "fields-of-other-types": json.dumps({"run_date": NEWEST, "day_articles": 3, "quality": {"checks": 2},
                                         "country": "KZ", "topic": 5, "watches": {"a": 1}, "changes": []}).encode(),
    "quality-checks-only": json.dumps({"run_date": NEWEST, "day_articles": 3, "quality": {"checks": 2},
                                       "country": [], "topic": []}).encode(),
    "watches-not-a-list": json.dumps({"run_date": NEWEST, "day_articles": 3, "quality": {"checks": 2},
                                      "country": [], "topic": [], "watches": {"a": 1}}).encode(),
}
SAID = {"cut-short": "JSONDecodeError", "not-json": "JSONDecodeError", "a-list": "it holds a JSON list",
        "a-string": "it holds a JSON str", "quality-checks-only": "the pages cannot show it (UndefinedError"}


@pytest.fixture(scope="module")
def good_digests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digests folder of one real day (END), built from the digest test warehouse."""
    root = tmp_path_factory.mktemp("ui-default")
    filled = fill_warehouse(root / "wh.duckdb")
    build_digests(filled.db_path, GOOD, root / "digests")
    return root / "digests"


def add_day(digests: Path, day: str, summary: bytes) -> Path:
    """A copy of the good day's folder as `day`, with `summary` as its summary.json; that file's path."""
    shutil.copytree(digests / GOOD, digests / day)
    path = digests / day / "summary.json"
    path.write_bytes(summary)
    return path


def good_summary(digests: Path, **changes: object) -> bytes:
    """The good day's summary.json with some fields changed (a value of None removes the field)."""
    summary = json.loads((digests / GOOD / "summary.json").read_text(encoding="utf-8"))
    summary.update(changes)
    return json.dumps({key: value for key, value in summary.items() if value is not None}).encode()


@pytest.fixture
def digests(good_digests: Path, tmp_path: Path) -> Path:
    """A data dir's digests folder holding the good day, for the test to add days to."""
    shutil.copytree(good_digests, tmp_path / "digests")
    return tmp_path / "digests"


def client(digests: Path) -> TestClient:
    """The app over the data dir of this digests folder."""
    return TestClient(create_app(digests.parent), raise_server_exceptions=False)


def shown_day(page: str) -> str | None:
    """The day a home or watches page shows: the one its links carry."""
    for day in (NEWEST, GOOD, OLDER):
        if f"?date={day}" in page:
            return day
    return None


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_newest_summary_of_the_wrong_shape_is_skipped_for_the_newest_readable_day(
        digests: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    path = add_day(digests, NEWEST, DAMAGED[damage])
    app = client(digests)
    with caplog.at_level(logging.WARNING, logger="mediamon.digest.webapp"):
        for route in ("/", "/watches"):
            page = app.get(route)
            assert page.status_code == 200, route
            assert shown_day(page.text) == GOOD, route
            assert "cannot be read" not in page.text and "cannot be shown" not in page.text
            assert f'<option value="{NEWEST}">' in page.text  # still listed in the day picker
    skipped = [r.getMessage() for r in caplog.records if str(path) in r.getMessage() and "skipped" in r.getMessage()]
    assert len(skipped) == 2, [r.getMessage() for r in caplog.records]  # one a page asked for
    assert SAID.get(damage, "the pages cannot show it (") in skipped[0]


@pytest.mark.parametrize("damage", ["cut-short", "fields-missing"])
def test_the_skipped_day_is_still_shown_when_asked_for_saying_why(digests: Path, damage: str) -> None:
    add_day(digests, NEWEST, DAMAGED[damage])
    page = client(digests).get(f"/?date={NEWEST}")
    assert page.status_code == 200 and shown_day(page.text) == NEWEST
    assert f"the digests of {NEWEST} cannot be" in page.text and "rebuild them" in page.text


def test_a_readable_day_never_loaded_is_shown_before_a_damaged_newer_one(digests: Path) -> None:
    quality = {**json.loads(good_summary(digests))["quality"], "checks": 0}
    add_day(digests, OLDER, good_summary(digests, run_date=OLDER, day_articles=0, quality=quality))
    add_day(digests, NEWEST, DAMAGED["fields-missing"])
    shutil.rmtree(digests / GOOD)
    page = client(digests).get("/")
    assert page.status_code == 200 and shown_day(page.text) == OLDER
    assert "cannot be" not in page.text


def test_a_newest_summary_written_before_changes_and_watches_is_still_the_default(digests: Path) -> None:
    add_day(digests, NEWEST, good_summary(digests, run_date=NEWEST, changes=None, watches=None))
    for route in ("/", "/watches"):
        page = client(digests).get(route)
        assert page.status_code == 200 and shown_day(page.text) == NEWEST, route
        assert "cannot be" not in page.text


def test_with_every_day_damaged_the_newest_is_shown_saying_why(digests: Path) -> None:
    (digests / GOOD / "summary.json").write_bytes(DAMAGED["a-list"])
    add_day(digests, NEWEST, DAMAGED["cut-short"])
    page = client(digests).get("/")
    assert page.status_code == 200 and shown_day(page.text) == NEWEST
    assert f"the digests of {NEWEST} cannot be read: its summary.json is damaged" in page.text
