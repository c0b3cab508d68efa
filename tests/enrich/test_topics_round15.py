"""Tests for the topic words that came with the thirteenth held-out set: 'gang' no longer matches the Ganges;
pay disputes, strike action and the four-day week as labour; wild and cold-water swimming as lifestyle; PFAS and
forever chemicals as environment (English, French, German, Spanish); the Kumbh Mela and pilgrimages as religion;
reunions as human interest (English, German); second-hand gifts and allotment gardens as lifestyle (French, German);
trans people's chosen name as society (Portuguese); a surprise party as human interest (Spanish)."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import lexicon_hits, load_topic_model, tag_topics

CRIME = "medtop:02000000"


def top_tag(title: str, text: str, language: str):  # type: ignore[no-untyped-def]
    """The first topic the tagger gives an item (fails the test when it gives none)."""
    tags = tag_topics(title, text, language=language)
    assert tags, f"no topic for {title!r}"
    return tags[0]


def test_the_ganges_is_no_gang_and_gangs_still_are() -> None:
    model = load_topic_model()
    crime = [i for i, t in enumerate(model.topics) if t.code == CRIME]
    assert lexicon_hits("ganges", model.lexicon) == ()
    for word in ("gang", "gangs", "gangsters", "gangland"):
        assert [i for i, _ in lexicon_hits(word, model.lexicon)] == crime, word


@pytest.mark.parametrize(("language", "title", "text", "code", "word"), [
    ("en", "Bus drivers announce strike action in pay dispute",
     "The union said members would stop work for 48 hours next month.", "medtop:09000000", "pay dispute"),
    ("en", "Council staff to trial a four-day week",
     "Office workers will do their full hours in four days from April under a one-year pilot.", "medtop:09000000",
     "four-day week"),
    ("en", "Wild swimming groups call for cleaner beaches",
     "Cold-water swimming has grown popular along the coast.", "medtop:10000000", "wild swimming"),
    ("en", "Forever chemicals found in drinking water near airbase",
     "Tests found PFAS in wells used by 3,000 homes.", "medtop:06000000", "pfas"),
    ("en", "Hindu pilgrims gather for Kumbh Mela",
     "Crowds walked to the river for the most sacred day.", "medtop:12000000", "kumbh mela"),
])
def test_english_words_name_their_topic(language: str, title: str, text: str, code: str, word: str) -> None:
    tag = top_tag(title, text, language)
    assert (tag.code, word in tag.evidence) == (code, True), tag


@pytest.mark.parametrize(("language", "title", "text", "code"), [
    ("en", "Brothers reunited after 50 years apart",
     "The pair met at an airport after a charity traced their birth records.", "medtop:08000000"),
    ("de", "Geschwister nach 40 Jahren wieder vereint",
     "Die beiden hatten sich nach der Adoption aus den Augen verloren.", "medtop:08000000"),
    ("de", "PFAS im Grundwasser nahe Chemiepark",
     "Die Behörden raten, kein Wasser aus privaten Brunnen zu trinken.", "medtop:06000000"),
    ("pt", "Justiça garante uso do nome social a pessoas trans em hospitais",
     "A decisão vale para atendimentos na rede pública e privada.", "medtop:14000000"),
    ("es", "Los vecinos preparan una fiesta sorpresa al panadero del pueblo",
     "Lleva 50 años horneando pan cada madrugada.", "medtop:08000000"),
])
def test_items_at_topic_boundaries_take_the_topic_of_their_story(language: str, title: str, text: str,
                                                                  code: str) -> None:
    assert top_tag(title, text, language).code == code


@pytest.mark.parametrize(("language", "title", "text", "code", "word"), [
    ("fr", "Les PFAS détectés dans l'eau potable de vingt communes",
     "Les « polluants éternels » dépassent la limite dans plusieurs captages.", "medtop:06000000", "pfas"),
    ("fr", "La seconde main séduit pour les cadeaux",
     "Les ventes de jouets d'occasion progressent avant les fêtes.", "medtop:10000000", "seconde main"),
    ("de", "Kleingarten-Boom in Hamburg",
     "Die Vereine melden lange Wartelisten für eine Parzelle.", "medtop:10000000", "parzelle"),
    ("es", "Detectan PFAS en el agua del grifo de tres municipios",
     "Los llamados contaminantes eternos superan el límite en varios pozos.", "medtop:06000000", "pfas"),
])
def test_other_language_words_are_the_evidence_of_their_topic(language: str, title: str, text: str, code: str,
                                                               word: str) -> None:
    tag = top_tag(title, text, language)
    assert tag.code == code, tag
    assert any(word in e for e in tag.evidence), tag
