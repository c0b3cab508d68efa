"""Topic tagging of compounds (de, nl, sv, no): an unlisted compound is read by its head, or by a first part
joined with a linking s; derived words (Entscheidung) and words a stem merely starts are not split."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import (
    COMPOUND_LANGUAGES,
    TOPICS_FILE,
    language_hits,
    load_language_lexicon,
    resolve_language_word,
    tag_topics,
    topic_index,
)


def topic_keys(language: str, word: str) -> set[str]:
    """Topic keys one word of the language brings."""
    keys = {i: k for k, i in topic_index(TOPICS_FILE).items()}
    return {keys[idx] for idx, _ in resolve_language_word(word, load_language_lexicon(language))[2]}


def is_listed(language: str, word: str) -> bool:
    """True when the lexicon matches the word itself, without reading it as a compound."""
    lex = load_language_lexicon(language)
    keys, folded, _ = resolve_language_word(word, lex)
    return bool(language_hits(keys, folded, lex))


# (language, unlisted compound, topic its head or linked first part names)
COMPOUNDS = [
    ("de", "kinderkrankenhaus", "health"),  # Kinder|krankenhaus
    ("de", "schulbildung", "education"),  # Schul|bildung
    ("de", "wirtschaftsflaute", "economy"),  # Wirtschaft|s|flaute: no head keyword, the linked first part
    ("de", "regierungskrise", "politics"),  # Regierung|s|krise
    ("nl", "stikstofuitstoot", "environment"),  # stikstof|uitstoot
    ("nl", "voetbalstadion", "sport"),  # voetbal|stadion
    ("nl", "gezondheidszorgplan", "health"),  # gezondheid|s|zorgplan: the first part as the keyword is written
    ("sv", "regeringskris", "politics"),  # regering|s|kris
]


@pytest.mark.parametrize(("language", "word", "topic"), COMPOUNDS, ids=[c[1] for c in COMPOUNDS])
def test_unlisted_compound_is_read_by_its_parts(language: str, word: str, topic: str) -> None:
    assert not is_listed(language, word)
    assert topic in topic_keys(language, word)


# (language, word, topic it must NOT bring): words that only look like compounds of a keyword
NOT_COMPOUNDS = [
    ("de", "entscheidung", "human_interest"),  # ent|scheidung: decision, not divorce
    ("de", "unzufriedenheit", "conflict"),  # unzu|friedenheit: discontent, not peace
    ("de", "wartungsports", "sport"),  # Wartungs|ports: the s links the parts
    ("de", "schmackhaft", "crime"),  # -haft is an ending, not Haft (custody)
    ("de", "christian", "religion"),  # a name, not Christ + ian
    ("de", "dieselben", "energy"),  # "the same", not Diesel
]


@pytest.mark.parametrize(("language", "word", "topic"), NOT_COMPOUNDS, ids=[c[1] for c in NOT_COMPOUNDS])
def test_word_that_only_looks_like_a_compound_brings_no_topic_of_its_parts(language: str, word: str,
                                                                           topic: str) -> None:
    assert topic not in topic_keys(language, word)


def test_head_counts_as_the_word_and_a_linked_first_part_for_half() -> None:
    lex = load_language_lexicon("de")
    weight = lambda word: dict(resolve_language_word(word, lex)[2])  # noqa: E731
    assert weight("kinderkrankenhaus") == weight("krankenhaus")
    assert weight("wirtschaftsflaute") == {idx: w / 2 for idx, w in weight("wirtschaft").items()}


def test_first_part_without_a_linking_s_is_not_read() -> None:
    assert topic_keys("de", "hochwasserschutz") == set()  # Hochwasser|schutz: no linking s, no head keyword


def test_languages_without_compounds_are_not_split() -> None:
    assert "fr" not in COMPOUND_LANGUAGES
    assert topic_keys("fr", "superhôpitalxyz") == set()


def test_compound_headline_gets_the_topic_of_its_head() -> None:
    tags = tag_topics("Kinderkrankenhaus in Köln bekommt neuen Anbau", "", language="de")
    assert tags and tags[0].code == "medtop:07000000"
    assert "kinderkrankenhaus" in tags[0].evidence
