"""Tests for words of the German topic lexicon (config/topics/lexicon_de.yaml): a word starting with Konzern-
(Konzernumbau, Konzernspitze) is evidence of economy, business and finance, as Konzern itself is, and not at the half
weight the compound reading gives a first part; a bank account (Konto) is economy."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

ECONOMY = "medtop:04000000"


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


def test_a_bank_account_is_economy() -> None:
    (best, *_) = tag_topics("Ein Konto in fünf Minuten eröffnen", "", language="de")
    assert best.code == ECONOMY
    assert "konto" in best.evidence
