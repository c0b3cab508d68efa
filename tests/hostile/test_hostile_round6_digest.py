"""The digest build of the sixth round on odd data: a day after the last with articles (zero articles), one
article naming 200 countries, a topic label holding HTML, 28 days of zeros before a rise, and run dates far in
the past or the future. Real DuckDB warehouse (tests/integration/digest_warehouse.py), real files on disk."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry
import pytest

from mediamon import warehouse
from mediamon.digest.build import build_digests
from mediamon.digest.spikes import spike_flags
from mediamon.errors import ConfigError
from mediamon.warehouse.maintenance import rebuild_day_summaries
from tests.integration.digest_warehouse import END, fill_warehouse

ODD_DAY = END + timedelta(days=1)
EMPTY_DAY = END + timedelta(days=3)
LABEL = "<script>alert(1)</script><img src=x onerror=alert(2)>unrest"
COUNTRIES = [c.alpha_2 for c in pycountry.countries][:200]


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digest test warehouse plus, the day after its last, one article naming 200 countries and a topic whose
    label is HTML; its digests for that day and for an empty day two days later are built."""
    tmp = tmp_path_factory.mktemp("round6-digest")
    db = fill_warehouse(tmp / "wh.duckdb").db_path
    seen = datetime(ODD_DAY.year, ODD_DAY.month, ODD_DAY.day, 8, tzinfo=timezone.utc)
    with warehouse.connect(db) as con:
        con.execute("INSERT INTO articles (article_id, url, source_id, title, published_at, date_source, language, "
                    "language_confidence, text, word_count, text_source, method, first_seen_at, story_id, run_date, "
                    "loaded_at, event_id) VALUES ('odd200', 'https://wire.example/odd', 'wire', 'Everywhere at once', "
                    "?, 'meta', 'en', 0.9, ?, 60, 'page', 'x', ?, 'odd200', ?, ?, 'odd200')",
                    [seen, "Everything happened everywhere. " * 20, seen, ODD_DAY, seen])
        con.executemany("INSERT INTO article_countries (article_id, country_code, mentions, is_focus, spans) "
                        "VALUES ('odd200', ?, 1, ?, NULL)", [[cc, i == 0] for i, cc in enumerate(COUNTRIES)])
        con.execute("INSERT INTO article_topics (article_id, topic_code, topic_label, score, evidence) "
                    "VALUES ('odd200', 'medtop:20000065', ?, 0.9, NULL)", [LABEL])
        con.execute("UPDATE watches SET name = 'kz-protests-renamed' WHERE name = 'kz-protests'")
        con.execute("DELETE FROM watches WHERE name = 'kz-parliament'")
        warehouse.rebuild_key_day_counts(con)
        rebuild_day_summaries(con)
    for day in (END, ODD_DAY, EMPTY_DAY):
        build_digests(db, day.isoformat(), tmp / "digests")
    return tmp / "digests"


def test_an_article_naming_200_countries_gives_each_its_page(odd: Path) -> None:
    pages = {p.stem for p in (odd / ODD_DAY.isoformat() / "country").glob("*.json")}
    assert set(COUNTRIES) <= pages


def test_a_topic_label_holding_html_is_escaped_in_every_html_page(odd: Path) -> None:
    pages = list((odd / ODD_DAY.isoformat()).rglob("*.html"))
    assert pages
    assert not [p for p in pages if "<script>alert(1)" in p.read_text(encoding="utf-8")
                or "<img src=x" in p.read_text(encoding="utf-8")]


def test_a_topic_label_holding_html_is_no_markup_in_the_markdown(odd: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in (odd / ODD_DAY.isoformat()).rglob("*.md")]
    assert any("alert(1)" in t for t in texts)
    assert not [t for t in texts if "<script>" in t.replace("\\<script>", "")]


def test_a_day_without_articles_has_a_summary_saying_so(odd: Path) -> None:
    summary = json.loads((odd / EMPTY_DAY.isoformat() / "summary.json").read_text(encoding="utf-8"))
    assert summary["run_date"] == EMPTY_DAY.isoformat()
    assert (odd / EMPTY_DAY.isoformat() / "index.html").is_file()


@pytest.mark.parametrize("day", ["1900-01-01", "0001-01-01", "2999-12-31", "9999-12-31"])
def test_a_run_date_far_in_the_past_or_future_is_refused_naming_the_range(odd: Path, day: str) -> None:
    with pytest.raises(ConfigError, match="outside 1990-01-01"):
        build_digests(odd.parent / "wh.duckdb", day, odd)
    assert not (odd / day).exists()


def _series(values: list[float], end: date = date(2026, 3, 31)) -> pd.Series:
    """A daily count series ending on `end`."""
    return pd.Series(values, index=[end - timedelta(days=len(values) - 1 - i) for i in range(len(values))])


def test_a_rise_after_28_days_of_zeros_is_a_spike_with_a_finite_z() -> None:
    flags = spike_flags(_series([0] * 28 + [12]))
    last = flags.iloc[-1]
    assert bool(last["spike"]) and np.isfinite(last["z"]) and last["spread"] >= 1


def test_a_zero_after_28_days_of_zeros_is_no_spike() -> None:
    last = spike_flags(_series([0] * 29)).iloc[-1]
    assert not bool(last["spike"]) and last["z"] == 0


def test_a_watch_renamed_or_removed_keeps_its_matches_under_its_old_name(odd: Path) -> None:
    watches = {w["name"]: w for w in json.loads((odd / END.isoformat() / "watches.json").read_text(encoding="utf-8"))}
    assert watches["kz-protests"]["matches_today"] > 0 and watches["kz-protests"]["query"] is None
    assert watches["kz-parliament"]["matches_window"] > 0 and watches["kz-parliament"]["query"] is None
    assert watches["kz-protests-renamed"]["query"] and watches["kz-protests-renamed"]["matches_today"] == 0
    for watch in watches.values():  # today's matches are counted in the watch's days as on its page
        assert watch["daily"][-1] == {"day": END.isoformat(), "matches": watch["matches_today"]}, watch["name"]
    page = (odd / END.isoformat() / "watches.html").read_text(encoding="utf-8")
    assert "kz-protests-renamed" in page and "kz-parliament" in page
