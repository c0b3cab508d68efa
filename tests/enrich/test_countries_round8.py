"""Tests for the focus country in headlines of two countries and in Hebrew: the object of a Korean, Japanese or
Nepali headline weighs less than its subject, national teams by their nicknames (curated/names.tsv), Hebrew הודו
after a word that needs a country, and a Hebrew language joined to a school subject."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries


@pytest.mark.parametrize(("title", "expected"), [
    ("일본을 꺾은 한국, 결승 진출", "KR"),
    ("캐나다를 이긴 미국, 조 1위", "US"),
    ("日本を破った韓国が決勝へ", "KR"),
    ("ओमानलाई हराउँदै नेपाल एसिया कपमा", "NP"),
])
def test_the_object_of_a_headline_is_not_its_focus(title: str, expected: str) -> None:
    assert tag_countries(title, "").focus == expected


def test_an_object_still_counts_as_a_mention() -> None:
    tags = tag_countries("일본을 꺾은 한국, 결승 진출", "")
    assert {m.code for m in tags.countries} == {"JP", "KR"}


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Leijonat kaatoi Ruotsin jatkoajalla", "Ratkaisumaali syntyi ylivoimalla.", "FI"),
    ("Huuhkajat hävisi Norjalle", "Valmentaja oli pettynyt.", "FI"),
    ("Tre Kronor vidare efter straffar mot Finland", "Målvakten räddade två straffar.", "SE"),
])
def test_a_national_team_nickname_names_its_country(title: str, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_hebrew_india_after_a_word_that_needs_a_country() -> None:
    text = "מיליוני צליינים טבלו היום בעיר פרייאגראג' שבצפון הודו."
    assert tag_countries("פסטיבל הקומבה מלה", text).focus == "IN"


def test_hebrew_hodu_alone_stays_a_verb() -> None:
    assert tag_countries("השחקנים הודו לקהל", "הם הודו על התמיכה.").countries == ()


def test_a_hebrew_language_joined_to_a_school_subject_is_no_country() -> None:
    text = "שר החינוך הודיע על תוכנית לחיזוק הוראת המתמטיקה והאנגלית."
    assert tag_countries("ירידה בשיעור הזכאים לתעודת בגרות", text).countries == ()


def test_two_hebrew_demonyms_joined_by_and_stay_countries() -> None:
    tags = tag_countries("שיתוף פעולה", "המשטרה הצרפתית והבריטית עצרו חשודים.")
    assert {m.code for m in tags.countries} == {"FR", "GB"}
