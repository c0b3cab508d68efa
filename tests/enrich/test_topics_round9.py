"""Tests for topic words in their inflected forms: German protest and evacuation verbs, Ukrainian evacuation
verbs and Urdu oblique and plural nouns."""
from __future__ import annotations

from mediamon.enrich.topics import tag_topics

CONFLICT = "medtop:16000000"
CIVIL_UNREST = "medtop:20000065"
RELIGION = "medtop:12000000"
HEALTH = "medtop:07000000"
DIPLOMACY = "medtop:20000638"
DISASTER = "medtop:03000000"


def codes(title: str, text: str, language: str) -> list[str]:
    """The topic codes the tagger gives, best first."""
    return [t.code for t in tag_topics(title, text, language=language)]


def evidence(title: str, text: str, language: str, code: str) -> tuple[str, ...]:
    """The evidence of one topic the tagger gives, or () when it does not give it."""
    return next((t.evidence for t in tag_topics(title, text, language=language) if t.code == code), ())


def test_german_protest_verbs_are_civil_unrest() -> None:
    found = codes("Tausende demonstrierten am Samstag in Leipzig", "", "de")
    assert found[:1] == [CONFLICT] and CIVIL_UNREST in found


def test_german_protest_verb_forms_are_evidence() -> None:
    assert "protestierten" in evidence("Anwohner protestierten vor dem Rathaus", "", "de", CIVIL_UNREST)
    assert "demonstriert" in evidence("In Hamburg wird wieder demonstriert", "", "de", CIVIL_UNREST)


def test_german_protestant_is_not_a_protest() -> None:
    assert CIVIL_UNREST not in codes("Protestantische Kirche wählt neue Bischöfin", "", "de")


def test_urdu_plural_madrassas_are_religion() -> None:
    assert codes("ملک بھر کے مدرسے بند کر دیے گئے", "", "ur")[:1] == [RELIGION]


def test_urdu_oblique_heart_attack_is_health() -> None:
    assert codes("سابق وزیر دل کے دورے سے انتقال کر گئے", "", "ur")[:1] == [HEALTH]


def test_urdu_oblique_visit_is_diplomacy_evidence() -> None:
    assert "دورے" in evidence("وزیر خارجہ کے دورے کا اعلان", "", "ur", DIPLOMACY)


EVACUATIONS = [
    ("de", "Anwohner mussten evakuieren", "evakuieren"),
    ("de", "Feuerwehr evakuierte das Hotel", "evakuierte"),
    ("uk", "Мешканців евакуювали вночі", "евакуювали"),
    ("uk", "Із села евакуйовано 40 людей", "евакуйовано"),
]


def test_evacuation_verbs_are_disaster_evidence() -> None:
    missing = [(lang, title) for lang, title, verb in EVACUATIONS if verb not in evidence(title, "", lang, DISASTER)]
    assert not missing, f"the verb is not disaster evidence in {missing}"
