"""Tests for Hebrew words the country tagger must not read as places: a language named after an attached clitic
(mediamon.enrich.countries.names_hebrew_language) and common words spelled like generated town and province names
(curated/not_places.txt)."""
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
