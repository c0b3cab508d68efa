"""Event pairs giving other decimal numbers, decimal numbers read alike, and Hebrew prefixes and Greek endings."""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from mediamon.enrich import events
from mediamon.enrich.events import EventArticle, assign_events, stems

WRITTEN2 = Path(__file__).resolve().parents[1] / "data" / "event_labels_written2.tsv"
DAY = datetime(2026, 2, 16, 2, 0, tzinfo=timezone.utc)


def report(article_id: str, title: str, lead: str, hours: float, *, language: str = "id", country: str = "ID"
           ) -> EventArticle:
    """An article of its own outlet about the country (a disaster), first seen `hours` after DAY."""
    seen = DAY + timedelta(hours=hours)
    return EventArticle(article_id=article_id, story_id=article_id, source_id=f"src-{article_id}", title=title,
                        lead=lead, first_seen=seen, published=seen, language=language, focus_country=country,
                        countries=(country,), topics=("medtop:03000000",))


QUAKES = [report("poso", "Gempa magnitudo 5,9 guncang Poso, Sulawesi Tengah",
                 "BMKG menyebut gempa tidak berpotensi tsunami; warga panik keluar rumah.", 0),
          report("poso2", "BMKG: gempa M 5.9 di Poso tidak berpotensi tsunami",
                 "Getaran dirasakan hingga Palu; warga berhamburan keluar rumah.", 1),
          report("garut", "Gempa magnitudo 4,8 guncang Garut, warga panik",
                 "BMKG menyebut gempa tidak berpotensi tsunami; getaran terasa hingga Bandung.", 6)]


def test_two_reports_giving_other_magnitudes_are_two_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two earthquakes told in much the same words: their magnitudes (5.9 and 4.8) tell them apart."""
    found = assign_events(QUAKES)
    assert found["poso"] == found["poso2"] != found["garut"]
    monkeypatch.setattr(events, "PAIR_NUMBERS", 0.0)
    without = assign_events(QUAKES)
    assert without["poso"] == without["garut"]  # the words alone join them


def test_a_report_giving_no_decimal_number_is_not_held_apart() -> None:
    quake = report("no-number", "Gempa guncang Poso, warga panik keluar rumah",
                   "BMKG menyebut gempa di Sulawesi Tengah tidak berpotensi tsunami.", 2)
    found = assign_events([QUAKES[0], quake])
    assert found["poso"] == found["no-number"]


def test_other_numbers_needs_numbers_on_both_sides_and_none_shared() -> None:
    # rows: 0 gives 5.9; 1 gives 5.9 and 6.1; 2 gives 4.8; 3 gives none
    numbers = sparse.csr_matrix((np.ones(4), ([0, 1, 1, 2], [0, 0, 1, 2])), shape=(4, 3))
    rows, cols = np.array([0, 0, 1, 0, 3]), np.array([1, 2, 2, 3, 3])
    assert events._other_numbers(numbers, rows, cols).tolist() == [False, True, True, False, False]
    assert events._other_numbers(None, rows, cols).tolist() == [False] * 5


def test_decimal_numbers_with_a_trailing_zero_read_as_one() -> None:
    assert stems("BI-Rate 5,50 persen") == stems("BI-Rate 5.5 persen") == ["rate", "5.5", "persen"]
    assert "2.5" in stems("기준금리 연 2.50% 동결") and "2.5" in stems("기준금리 2.5%로")
    assert stems("8,75% y 8.75%") == ["8.75", "8.75"]  # no zero to drop
    assert "21.450" in stems("21.450 đồng") and "3.0" in stems("lãi 3.0%")  # a thousands group, one digit kept


def test_a_decimal_number_within_a_cjk_run_is_read_whole() -> None:
    assert stems("莎车县发生5.6级地震") == ["莎车", "车县", "县发", "发生", "5.6", "级地", "地震"]
    assert "3.5" in stems("5年期以上3.50%") and "7.6" in stems("能登でM7.6の地震")
    assert stems("震度5強") == ["震度", "度5", "5強"]  # a whole number stays within its run


def test_hebrew_words_meet_with_and_without_their_prefix_letters() -> None:
    assert stems("בכנסת") == stems("הכנסת") == stems("לכנסת") == stems("והכנסת") == stems("כנסת")
    assert stems("הריבית") == stems("ריבית") == stems("בריבית")
    assert stems("בנק") == ["בנק"]  # three letters stay whatever they begin with
    assert stems("הַכְּנֶסֶת") == stems("הכנסת")  # points dropped


def test_greek_case_endings_meet() -> None:
    assert stems("Σεισμός στην Κρήτη") == stems("σεισμό στην Κρήτης") == stems("σεισμού στην κρήτη")
    assert stems("Σεισμός Κρήτης") == ["σεισμ", "κρητ"]
    assert stems("Ντέρμπι του Ολυμπιακού") == stems("ντέρμπι του Ολυμπιακός")


def test_two_hebrew_reports_whose_words_differ_by_prefixes_share_an_event() -> None:
    """As written the two titles share no word: הכנסת and בכנסת, התקציב and תקציב meet without their prefixes."""
    batch = [report("a", "הכנסת אישרה בקריאה ראשונה את התקציב", "הקואליציה גייסה רוב של 59 תומכים במליאה", 0,
                    language="he", country="IL"),
             report("b", "אושר בכנסת: תקציב המדינה עבר בקריאה הראשונה", "59 חברי כנסת תמכו בהצעה, והיא תעבור לוועדה",
                    3, language="he", country="IL"),
             report("c", "נפתח הקו הסגול של הרכבת הקלה", "הקו החדש מחבר בין יהוד לתל אביב, והנסיעה בחינם", 1,
                    language="he", country="IL")]
    found = assign_events(batch)
    assert found["a"] == found["b"] != found["c"]


def test_the_second_written_set_has_several_outlets_per_happening_and_negatives_beside_them() -> None:
    rows = list(csv.DictReader([ln for ln in WRITTEN2.read_text(encoding="utf-8").splitlines()
                                if not ln.startswith("#")], delimiter="\t"))
    by_language: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    assert len(by_language) == 12
    for language, items in by_language.items():
        happenings: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in items:
            happenings[row["event"]].append(row)
        singles = happenings.pop("-", [])
        assert len(happenings) == 3 and len(singles) >= 4, language
        for label, reports in happenings.items():
            assert len({r["source"] for r in reports}) == len(reports) == 3, label
            times = [datetime.fromisoformat(r["published"]) for r in reports]
            assert max(times) - min(times) <= timedelta(days=1), label
    first = {lang: min(datetime.fromisoformat(r["published"]) for r in items if r["event"] != "-")
             for lang, items in by_language.items()}
    later = [r for r in rows if r["event"] == "-"
             and datetime.fromisoformat(r["published"]) - first[r["language"]] > timedelta(days=2)]
    assert len({r["language"] for r in later}) >= 3  # follow-ups beyond the two days events span
