"""Tests for words of the German topic lexicon (config/topics/lexicon_de.yaml): a word starting with Konzern-
(Konzernumbau, Konzernspitze) is evidence of economy, business and finance, as Konzern itself is, and not at the half
weight the compound reading gives a first part; a bank account (Konto) is economy and a bird (Vogel) environment."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

ECONOMY = "medtop:04000000"
ENVIRONMENT = "medtop:06000000"


@pytest.mark.parametrize("word", ["Konzernumbau", "Konzernspitze", "Konzernchef"])
def test_a_company_compound_is_economy_evidence(word: str) -> None:
    (best, *_) = tag_topics(f"{word} angekündigt", "", language="de")
    assert best.code == ECONOMY
    assert word.lower() in best.evidence


def test_the_compound_tips_a_company_story_to_economy() -> None:
    title = "Hosting-Plattform wechselt den Besitzer"
    text = "Die Seite gehört nun einer Mediengruppe, die einen Konzernumbau plant."
    (best, *_) = tag_topics(title, text, language="de")
    assert best.code == ECONOMY


@pytest.mark.parametrize(("title", "expected", "word"), [
    ("Ein Konto in fünf Minuten eröffnen", ECONOMY, "konto"),
    ("Der Kiebitz ist Vogel des Jahres", ENVIRONMENT, "vogel"),
])
def test_a_title_with_one_keyword_gets_its_topic(title: str, expected: str, word: str) -> None:
    (best, *_) = tag_topics(title, "", language="de")
    assert best.code == expected
    assert word in best.evidence
