"""Tests for words the country tagger must not read as places: a language named after a Hebrew clitic
(names_hebrew_language) or beside the word for language in Arabic script (names_arabic_script_language), and
common Hebrew words spelled like generated town and province names (curated/not_places.txt)."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries


@pytest.mark.parametrize("text", [
    "הספר תורגם לאנגלית ולצרפתית.",       # into English and into French
    "השר נאם ביפנית והמתורגמן תרגם.",      # in Japanese
    "הסרט דובב מאיטלקית.",                 # from Italian
    "ההודעה פורסמה בעברית ובאוקראינית.",   # and in Ukrainian
])
def test_a_language_after_a_clitic_names_no_country(text: str) -> None:
    assert tag_countries(None, text).countries == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("הממשלה הרוסית הודיעה על סנקציות.", "RU"),   # the article: the Russian government
    ("הטיסה לכווית בוטלה.", "KW"),                 # a country ending like a language
    ("שחקנית יפנית זכתה בתחרות.", "JP"),           # a demonym after a noun
])
def test_a_demonym_or_country_stays(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize("word", ["דיבר", "חמאה", "צעדה", "פונה", "אגרה", "דורס", "לריק", "רעות"])
def test_a_common_hebrew_word_is_no_place(word: str) -> None:
    assert tag_countries(None, f"הוא אמר כי {word} היה שם אתמול.").countries == ()


def test_the_place_is_still_read_beside_its_country() -> None:
    assert tag_countries(None, "הפגנות בדורס שבאלבניה.").focus == "AL"


@pytest.mark.parametrize("text", [
    "مترجم إلى اللغة الفرنسية",        # into the French language
    "كتب بلغة روسية",                 # in a Russian language
    "واللغة الألمانية مطلوبة",         # and the German language
    "کتاب به زبان انگلیسی ترجمه شد",   # Persian: into the English language
    "روسی زبان سیکھیں",                # Urdu: learn the Russian language
])
def test_a_demonym_beside_the_word_for_language_names_no_country(text: str) -> None:
    assert tag_countries(None, text).countries == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("الحكومة الفرنسية قررت", "FR"),    # the French government
    ("روسی فوج نے حملہ کیا", "RU"),    # Urdu: the Russian army
])
def test_an_arabic_script_demonym_stays(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected
