"""Event stems across scripts: Arabic clitics and marks, native digits and decimal numbers meet across outlets' forms."""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mediamon.enrich.events import EventArticle, assign_events, stems

WRITTEN = Path(__file__).resolve().parents[1] / "data" / "event_labels_written.tsv"
DAY = datetime(2026, 2, 16, 6, 0, tzinfo=timezone.utc)


def test_arabic_words_meet_with_and_without_their_attached_clitics() -> None:
    bare, *attached = stems("هزة مغرب حوز"), stems("الهزة المغرب الحوز"), stems("بالهزة والمغرب بالحوز"), stems(
        "وبالهزة للمغرب فالحوز")
    assert bare == ["هزة", "مغرب", "حوز"]
    assert all(found == bare for found in attached)


def test_arabic_suffixes_and_hamza_forms_keep_one_word() -> None:
    assert stems("الإيجار القديم") == stems("الإيجارات القديمة") == ["ا\u06ccجار", "قد\u06ccم"]  # yeh as Persian's
    assert stems("البرلمان المصري") == stems("برلمان مصر")
    assert stems("هزة أرضية في إقليم") == ["هزة", "ارض", "اقل\u06ccم"]  # not cut at the hamza (رضية, قليم)


def test_an_arabic_word_keeps_three_letters_whatever_it_begins_or_ends_with() -> None:
    assert stems("بين على وفد لبنان") == ["ب\u06ccن", "عل\u06cc", "وفد", "نان"]


def test_persian_and_urdu_words_keep_their_first_letters_and_lose_their_marks() -> None:
    assert stems("وزیر اقتصاد برکنار شد") == ["وزیر", "اقتصاد", "برکنار"]  # و of وزیر is no clitic in Persian
    assert stems("امریکی وزیرِ خارجہ کی آمد") == stems("امریکی وزیر خارجہ کی امد")
    assert stems("پاکستان آ گئے") == ["پاکستا", "گیے"]


def test_native_digits_and_decimal_commas_give_one_decimal_number() -> None:
    assert "5.1" in stems("زلزله ۵.۱ ریشتری") and "5.1" in stems("زلزال بقوة ٥٫١ درجات")
    assert stems("magnitud 6,1 en Chile") == stems("magnitud 6.1 en Chile") == ["magnit", "6.1", "chile"]
    assert stems("Rates cut to 13,75% from 14.25%; 88 votes in 2026, 1 to 2") == [
        "rates", "cut", "13.75", "from", "14.25", "88", "votes", "2026"]


def report(article_id: str, title: str, lead: str, hours: float, *, language: str, country: str) -> EventArticle:
    """An article of its own outlet about the country (a disaster), first seen `hours` after DAY."""
    seen = DAY + timedelta(hours=hours)
    return EventArticle(article_id=article_id, story_id=article_id, source_id=f"src-{article_id}", title=title,
                        lead=lead, first_seen=seen, published=seen, language=language, focus_country=country,
                        countries=(country,), topics=("medtop:03000000",))


def arabic(article_id: str, title: str, lead: str, hours: float) -> EventArticle:
    """An Arabic article about Morocco, first seen `hours` after DAY."""
    return report(article_id, title, lead, hours, language="ar", country="MA")


def test_two_arabic_reports_whose_words_differ_by_clitics_share_an_event() -> None:
    """As written the two reports share one word (مراكش); the others meet only without their clitics."""
    batch = [arabic("a", "زلزال قوي يضرب الحوز", "شعر سكان مراكش وتارودانت بالهزة فجر الاثنين", 0),
             arabic("b", "بالزلزال اهتزت منازل بالحوز", "وخرج السكان في مراكش وبتارودانت إلى الشوارع بعد الهزة", 2),
             arabic("c", "افتتاح معرض الكتاب في الرباط",
                    "افتتحت وزارة الثقافة معرض الكتاب الدولي بمشاركة ناشرين من أربعين دولة", 1)]
    events = assign_events(batch)
    assert events["a"] == events["b"] != events["c"]


def test_the_written_set_has_several_outlets_per_happening_and_a_negative_beside_each() -> None:
    rows = list(csv.DictReader([ln for ln in WRITTEN.read_text(encoding="utf-8").splitlines()
                                if not ln.startswith("#")], delimiter="\t"))
    by_language: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    assert len(by_language) == 11
    for language, items in by_language.items():
        events: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in items:
            events[row["event"]].append(row)
        singles = events.pop("-", [])
        assert len(items) >= 12 and len(events) >= 3 and len(singles) >= 3, language
        for label, reports in events.items():
            assert len({r["source"] for r in reports}) == len(reports) >= 2, label
            times = [datetime.fromisoformat(r["published"]) for r in reports]
            assert max(times) - min(times) <= timedelta(days=2), label
            assert len({r["title"] for r in reports}) == len(reports), label


def test_indic_words_are_read_whole_with_their_vowel_signs_dropped() -> None:
    assert stems("भारत सरकार ने कहा") == ["भरत", "सरकर"]  # not भ + रत and सरक + र: pieces under three letters
    assert stems("भारत") == stems("भरत") and stems("চট্টগ্রাম বন্দর") == ["চটটগরম", "বনদর"]
    assert stems("Café in Москва") == ["cafe", "москва"]  # Latin and Cyrillic as before


def nepali(article_id: str, title: str, lead: str, hours: float) -> EventArticle:
    """A Nepali article about Nepal, first seen `hours` after DAY."""
    return report(article_id, title, lead, hours, language="ne", country="NP")


def test_two_nepali_reports_of_one_earthquake_share_an_event() -> None:
    """Their shared words (भूकम्प, जाजरकोट, रुकुम, मृत्यु) are cut at every vowel sign when marks split words."""
    batch = [nepali("a", "जाजरकोटमा भूकम्प, रुकुममा पनि क्षति", "शुक्रबार राति गएको भूकम्पले जाजरकोट र रुकुममा मृत्यु", 0),
             nepali("b", "भूकम्पपछि जाजरकोट र रुकुममा उद्धार", "भूकम्पमा परी जाजरकोटमा धेरैको मृत्यु भएको छ", 3),
             nepali("c", "काठमाडौंमा पेट्रोलको मूल्य बढ्यो", "नेपाल आयल निगमले पेट्रोल र डिजेलको मूल्य बढाएको छ", 1)]
    events = assign_events(batch)
    assert events["a"] == events["b"] != events["c"]
