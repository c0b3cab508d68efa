"""Topic tagging of words a short keyword prefix and a longer keyword both start (the longest match decides which
topics the word brings), and of a keyword's form followed by an inflectional ending."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import TOPICS_FILE, load_language_lexicon, resolve_language_word, topic_index


def topic_weights(language: str, word: str) -> dict[str, float]:
    """Topic key -> keyword weight one word of the language brings."""
    keys = {i: k for k, i in topic_index(TOPICS_FILE).items()}
    return {keys[idx]: w for idx, w in resolve_language_word(word, load_language_lexicon(language))[2]}


# (language, word, topic of the longer keyword it starts with, topic of the shorter prefix it must not bring)
LONGER_WINS = [
    ("ko", "미사일", "conflict", "religion"),  # missile, not 미사* (Mass)
    ("ko", "구조조정", "labour", "disaster"),  # restructuring, not 구조* (rescue)
    ("ko", "공격수", "sport", "conflict"),  # striker, not 공격* (attack)
    ("kk", "үкімет", "politics", "crime"),  # government, not үкім* (verdict)
    ("pl", "meczet", "religion", "sport"),  # mosque, not mecz* (match)
]


@pytest.mark.parametrize(("language", "word", "topic", "not_topic"), LONGER_WINS, ids=[c[1] for c in LONGER_WINS])
def test_longer_keyword_decides_the_topic_of_a_word_both_start(language: str, word: str, topic: str,
                                                               not_topic: str) -> None:
    weights = topic_weights(language, word)
    assert topic in weights
    assert not_topic not in weights


@pytest.mark.parametrize(("language", "word", "topic"), [
    ("ko", "미사를", "religion"), ("kk", "үкімі", "crime"), ("pl", "meczu", "sport"), ("ko", "공격을", "conflict"),
])
def test_short_prefix_still_matches_its_own_words(language: str, word: str, topic: str) -> None:
    assert topic in topic_weights(language, word)


def test_a_shorter_keyword_of_the_same_topic_keeps_its_weight() -> None:
    assert topic_weights("fi", "mökkien") == {"lifestyle": 1.5}  # mökki* (1.5) beside the stem mök (1)


def test_a_compound_keeps_the_topics_of_its_start_and_its_end() -> None:
    assert {"health", "economy"} <= set(topic_weights("de", "impfstoffhersteller"))  # impfstoff* and *hersteller


# (language, word, topic): a stemmed keyword's own form followed by an inflectional ending, where the stemmer
# keys the keyword and the word apart (экзамен is keyed экзам, экзаменах экзамен)
KEYWORD_FORM_WITH_ENDING = [
    ("ru", "экзаменах", "education"), ("de", "konzerns", "economy"), ("el", "εκεχειρίας", "conflict"),
    ("cs", "lékařský", "health"), ("es", "gobiernos", "politics"), ("sv", "förbundskaptenen", "sport"),
]


@pytest.mark.parametrize(("language", "word", "topic"), KEYWORD_FORM_WITH_ENDING,
                         ids=[c[1] for c in KEYWORD_FORM_WITH_ENDING])
def test_keyword_form_with_an_ending_matches(language: str, word: str, topic: str) -> None:
    assert topic in topic_weights(language, word)


# (language, word, topic it must not bring): a keyword's form followed by letters that are no ending of the language
NOT_AN_ENDING = [
    ("de", "gesetzt", "politics"),  # gesetz|t: "set", not Gesetz
    ("de", "prinzip", "human_interest"),  # prinz|ip
    ("de", "genommen", "science_technology"),  # genom|men
    ("de", "hunderte", "human_interest"),  # hunde|rte
    ("es", "ventanas", "economy"),  # venta|nas: windows
    ("it", "martedì", "science_technology"),  # marte|dì: Tuesday
]


@pytest.mark.parametrize(("language", "word", "topic"), NOT_AN_ENDING, ids=[c[1] for c in NOT_AN_ENDING])
def test_keyword_form_with_other_letters_does_not_match(language: str, word: str, topic: str) -> None:
    assert topic not in topic_weights(language, word)


@pytest.mark.parametrize(("language", "word", "topic"), [
    ("tr", "yolsuzluğu", "crime"),  # yolsuzluk*: its k softens to ğ before a vowel
    ("tr", "hastalığın", "health"),  # hastalık*
    ("tr", "sanığın", "crime"),  # sanık*
])
def test_turkish_prefix_matches_with_its_softened_last_consonant(language: str, word: str, topic: str) -> None:
    assert topic in topic_weights(language, word)
