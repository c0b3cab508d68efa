"""Red-team cases on a day's alerts.json (<data-dir>/digests/<date>/alerts.json), which the media_digest DAG's notifier
reads after the digests are built: cut short, not UTF-8, not a list, or holding an alert that lacks a field or holds
a wrong value. Before, each raised out of read_alerts, so the notifier failed and sent neither that day's spike alerts
nor its watch alerts. Now the damaged file or alert is logged as an error naming the file and left out, and the
others are read."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from mediamon.digest.alerts import read_alerts

GOOD = {"kind": "country", "key": "KZ", "label": "Kazakhstan", "run_date": "2026-03-31", "articles": 14,
        "baseline": 3.2, "z": 5.1, "coverage_gap": False, "page": "country/KZ.html",
        "top_stories": [{"title": "Protest in Almaty", "url": "https://news.example/a", "outlet_count": 3}]}
UNREADABLE = {
    "cut-short": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "utf-16": lambda text: text.encode("utf-16").decode("latin-1"),
    "an-object": lambda text: json.dumps(GOOD),
    "nul-bytes": lambda text: "\x00" * 64,
}
WRONG = {
    "kind-missing": {"kind": None},
    "articles-text": {"articles": "many"},
    "stories-not-a-list": {"top_stories": 5},
    "story-not-an-object": {"top_stories": ["Protest"]},
    "outlet-count-text": {"top_stories": [{"title": "t", "url": "u", "outlet_count": "three"}]},
}


def write_alerts(day: Path, text: str) -> None:
    """alerts.json holding text (Latin-1, so each code point below 256 is one byte)."""
    day.mkdir(parents=True, exist_ok=True)
    (day / "alerts.json").write_bytes(text.encode("latin-1"))


@pytest.mark.parametrize("damage", UNREADABLE)
def test_an_alerts_file_that_cannot_be_read_gives_no_alert_and_an_error_naming_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    write_alerts(tmp_path / "2026-03-31", UNREADABLE[damage](json.dumps([GOOD, GOOD])))
    with caplog.at_level(logging.ERROR, logger="mediamon.digest.alerts"):
        assert read_alerts(tmp_path / "2026-03-31") == []
    assert any("alerts.json cannot be read" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("wrong", WRONG)
def test_an_alert_lacking_a_field_is_left_out_and_the_others_read(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                                  wrong: str) -> None:
    bad = {key: value for key, value in {**GOOD, **WRONG[wrong]}.items() if value is not None}
    write_alerts(tmp_path / "2026-03-31", json.dumps([GOOD, bad, {**GOOD, "key": "FR", "label": "France"}]))
    with caplog.at_level(logging.ERROR, logger="mediamon.digest.alerts"):
        alerts = read_alerts(tmp_path / "2026-03-31")
    assert [a.key for a in alerts] == ["KZ", "FR"]
    assert any("alert 2 " in r.getMessage() and "not sent" in r.getMessage() for r in caplog.records)


def test_a_good_alerts_file_reads_whole(tmp_path: Path) -> None:
    write_alerts(tmp_path / "2026-03-31", json.dumps([GOOD]))
    (alert,) = read_alerts(tmp_path / "2026-03-31")
    assert (alert.key, alert.articles, alert.stories[0].outlet_count) == ("KZ", 14, 3)
