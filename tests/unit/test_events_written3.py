"""Event stems in the languages of the third written set: case endings of Belarusian, Ukrainian and Kazakh, Bengali and
Nepali endings written onto a word, Azerbaijani suffixes, digits of every script and thousands groups."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from mediamon.enrich.events import EventArticle, _nodes, assign_events, object_array, stems
from tests.support.written_events import assert_written_set_shape

WRITTEN3 = Path(__file__).resolve().parents[1] / "data" / "event_labels_written3.tsv"
DAY = datetime(2026, 2, 16, 6, 0, tzinfo=timezone.utc)


def test_belarusian_and_ukrainian_case_endings_meet() -> None:
    assert stems("У Мінску гарыць цэх МАЗа") == ["мінск", "гарыц", "цэх", "маз"]
    assert stems("Пажар на Мінскім аўтазаводзе") == ["пажар", "мінск", "аутаза"]
    assert stems("Пажар на МАЗе ліквідаваны")[:2] == ["пажар", "маз"]
    assert stems("над маскоўскім «Спартаком»")[-1] == stems("перамагло «Спартак»")[-1] == "спарта"
    assert stems("у Києві") == stems("до Києва") == ["києв"]


def test_russian_keeps_its_endings() -> None:
    """Russian text has none of і є or Kazakh's letters: Москве and Москвы stay apart, as the labelled sets did best."""
    assert stems("в Москве") == ["москве"] and stems("из Москвы") == ["москвы"]


def test_a_short_cyrillic_word_keeps_three_letters() -> None:
    assert stems("СКА і Мінск") == ["ска", "мінск"] and stems("у Мінску") == ["мінск"]


def test_bengali_endings_written_onto_a_word_come_off() -> None:
    assert stems("মিরপুরে আগুন") == stems("মিরপুরের আগুনে") == ["মরপর", "আগন"]
    assert stems("শ্রীলঙ্কাকে হারাল")[0] == stems("শ্রীলঙ্কার কাছে")[0]
    assert stems("লঙ্কানদের বিপক্ষে")[0] == stems("লঙ্কানরা")[0]


def test_a_bengali_word_of_two_letters_keeps_its_ending_rather_than_vanish() -> None:
    assert stems("ঢাকায়") == ["ঢকয"] and stems("ঢাকার") == ["ঢকর"]


def test_nepali_postpositions_come_off_and_hindi_words_keep_their_ending() -> None:
    assert stems("काठमाडौंमा भूकम्पको धक्का") == stems("काठमाडौं भूकम्पले धक्का")
    assert stems("सिन्धुपाल्चोकमा सरकारले") == stems("सिन्धुपाल्चोक सरकार") == ["सनधपलच", "सरकर"]
    assert stems("मानिसहरू") == stems("मानिस")
    assert stems("दिल्ली के मुंडका में") == ["दलल", "मडक"]  # का of a name stays: Hindi writes its postpositions apart


def test_digits_of_every_script_read_as_ascii_digits() -> None:
    assert stems("নীতি সুদহার ৯.৫০ শতাংশ")[1] == stems("সুদহার ৯.৫ শতাংশ")[1] == "9.5"
    assert "5.3" in stems("५.३ म्याग्निच्युडको भूकम्प") and "5.4" in stems("د ۵.۴ درجې زلزله")


def test_a_thousands_group_gives_no_decimal_number() -> None:
    """5,000 and 5,200 victims are thousands groups, so two reports giving them are not told apart as two magnitudes."""
    columns = {"story_id": object_array(["a", "b", "c", "d"]), "event_id": object_array([None] * 4),
               "seconds": np.zeros(4), "topic": object_array([None] * 4), "countries": object_array([[]] * 4),
               "title_stems": object_array(["5.000 mangsa", "5.200 mangsa", "0.125 kadar", "5.9 gempa 23.500"]),
               "lead_stems": object_array([""] * 4), "source_id": object_array(["s"] * 4)}
    numbers = _nodes(columns).numbers
    assert np.diff(numbers.indptr).tolist() == [0, 0, 1, 1]  # 0.125 and 5.9 are decimals; 23.500 is not


def test_azerbaijani_suffixes_come_off_one_after_another() -> None:
    assert stems("Bakı və Bakıda") == stems("Bakının zəlzələ")[:1] * 2 == ["bak", "bak"]
    assert stems("dənizində zəlzələ") == stems("dənizdə zəlzələ") == ["dəniz", "zəlzəl"]
    assert stems("dərəcə endirdi") == stems("dərəcəsini endirdi")
    assert stems("Bakıda")[0] == "bakıda"  # a text without ə is not read as Azerbaijani (Turkish keeps its suffixes)


def report(article_id: str, title: str, lead: str, hours: float, *, language: str, country: str,
           topic: str = "medtop:03000000") -> EventArticle:
    """An article of its own outlet about the country, first seen `hours` after DAY."""
    seen = DAY + timedelta(hours=hours)
    return EventArticle(article_id=article_id, story_id=article_id, source_id=f"src-{article_id}", title=title,
                        lead=lead, first_seen=seen, published=seen, language=language, focus_country=country,
                        countries=(country,), topics=(topic,))


def test_three_belarusian_reports_of_one_fire_share_an_event() -> None:
    """Their names meet only without the case endings (Мінску, Мінскім; МАЗа, МАЗе; цэх, цэху)."""
    batch = [report("a", "У Мінску гарыць цэх МАЗа, эвакуявалі 300 чалавек",
                    "Пажар успыхнуў раніцай на тэрыторыі Мінскага аўтамабільнага завода", 0, language="be",
                    country="BY"),
             report("b", "Пажар на Мінскім аўтазаводзе: з цэха вывелі сотні рабочых",
                    "МНС паведамляе, што агонь ахапіў склад фарбаў; эвакуявана каля 300 чалавек", 1, language="be",
                    country="BY"),
             report("c", "Пажар на МАЗе ліквідаваны",
                    "Ратавальнікі патушылі агонь у лакафарбавым цэху завода ў Мінску", 2, language="be", country="BY"),
             report("d", "У Віцебску пачынаецца рэстаўрацыя Ратушы",
                    "Работы працягнуцца два гады; экспазіцыі музея пераедуць у іншы будынак", 1, language="be",
                    country="BY", topic="medtop:01000000")]
    events = assign_events(batch)
    assert events["a"] == events["b"] == events["c"] != events["d"]


def test_two_malay_reports_giving_other_thousands_share_an_event() -> None:
    """5,000 and 5,200 were read as two decimal numbers, and two reports giving other decimals are kept apart."""
    batch = [report("a", "Banjir di Kelantan: lebih 5,000 mangsa dipindahkan",
                    "Hujan lebat menyebabkan sungai melimpah di Kota Bharu dan Pasir Mas", 0, language="ms",
                    country="MY"),
             report("b", "Mangsa banjir Kelantan meningkat kepada 5,200 orang",
                    "Pasir Mas paling teruk terjejas, diikuti Kota Bharu dan Tumpat", 1, language="ms", country="MY")]
    events = assign_events(batch)
    assert events["a"] == events["b"]


def test_the_third_written_set_has_several_outlets_per_happening_and_negatives_beside_them() -> None:
    assert_written_set_shape(WRITTEN3, ["az", "be", "bn", "et", "fi", "kk", "lt", "ms", "ne", "ps", "sv"], negatives=4)
