"""Matching articles against watches: whole words, prefixes, phrases, NOT, accents and scripts, the
filters, and the evidence (terms found, a snippet around the first hit)."""
from __future__ import annotations

import pytest

from mediamon.watches.matcher import ArticleDoc, Watch, match_articles, snippet_around
from mediamon.watches.text import fold, nfc


def doc(text: str, title: str = "", **kw) -> ArticleDoc:
    return ArticleDoc(article_id=kw.pop("article_id", "a1"), title=title, text=text, **kw)


def matches(query: str, text: str, title: str = "") -> bool:
    return bool(match_articles([Watch("w", query)], [doc(text, title)]))


@pytest.mark.parametrize(("query", "text", "expected"), [
    ("protest", "Protesters gathered.", False),             # whole words only
    ("protest*", "Protesters gathered.", True),             # a prefix matches longer words
    ("protest", "A protest, then another.", True),
    ("almaty", "In ALMATY today", True),                    # case
    ("almaty", "In Álmaty today", True),                    # accents
    ("élection", "Election day", True),
    ("election", "L'élection présidentielle", True),
    ("istanbul", "İstanbul'da", True),                      # dotted capital I
    ("алматы", "Митинг в Алматы", True),                    # Cyrillic
    ("елка", "Ёлка", True),
    ("мой", "мои", False),                                  # й is a letter, not и with an accent
    ("αθηνα", "Στην Αθήνα", True),                          # Greek accents
    ('"civil unrest"', "signs of civil unrest grew", True),
    ('"civil unrest"', "civil society and unrest", False),
    ('"water-sharing"', "a water sharing deal", True),       # punctuation and spaces alike inside a phrase
    ("covid-19", "COVID 19 cases", True),
    ("a NOT b", "a and b", False),
    ("a NOT b", "a and c", True),
    ("(x OR y) z", "y then z", True),
    ("(x OR y) z", "y alone", False),
    ("中国", "据报道，中国经济今年增长放缓。", True),                  # Han as a substring
    ("经济 增长", "中国经济今年增长放缓", True),
    ('"中国 经济"', "中国经济今年", True),
    ("南シナ海", "南シナ海で緊張が高まる", True),                    # Japanese
    ("서울", "서울에서 시위가 열렸다", True),                        # Hangul with a particle attached
    ("กรุงเทพ", "ประท้วงในกรุงเทพฯ", True),                     # Thai
    ("中国", "日本经济", False),
    ("ＣＯＶＩＤ", "covid", True),                              # full-width Latin
    ("चुनाव", "लोकसभा चुनाव 2024 के नतीजे", True),              # Devanagari: vowel signs are inside the word
    ("नव", "नवंबर में चुनाव", False),                            # not inside नवंबर
    ("चुनाव", "चुनावों में", False),                             # whole words only, as in Latin scripts
    ("चुनाव*", "चुनावों में", True),
    ('"लोकसभा चुनाव"', "लोकसभा, चुनाव", True),
    ("নির্বাচন*", "জাতীয় নির্বাচনে ভোট", True),                      # Bengali
    ("নির্বাচন", "জাতীয় নির্বাচনে ভোট", False),
])
def test_terms_phrases_and_operators(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected


def test_the_title_counts_too() -> None:
    assert matches("almaty", "Nothing here.", title="Rally in Almaty")


@pytest.mark.parametrize(("watch", "expected"), [
    (Watch("w", "rally"), True),
    (Watch("w", "rally", countries=("KZ",)), True),
    (Watch("w", "rally", countries=("UZ", "KZ")), True),
    (Watch("w", "rally", countries=("UZ",)), False),
    (Watch("w", "rally", topics=("medtop:20000065",)), True),
    (Watch("w", "rally", topics=("medtop:15000000",)), False),
    (Watch("w", "rally", languages=("en",)), True),
    (Watch("w", "rally", languages=("ru",)), False),
    (Watch("w", "rally", sources=("wire",)), True),
    (Watch("w", "rally", sources=("other",)), False),
    (Watch("w", "rally", countries=("KZ",), languages=("ru",)), False),  # every filter must pass
])
def test_filters(watch: Watch, expected: bool) -> None:
    article = doc("A rally downtown.", language="en", source_id="wire", countries=frozenset({"KZ", "RU"}),
                  topics=frozenset({"medtop:20000065"}))
    assert bool(match_articles([watch], [article])) is expected


def test_evidence_lists_the_terms_found_and_a_snippet_around_the_first_hit_in_the_text() -> None:
    text = ("Opening words about the weather. " * 5 + "Then hundreds of protesters marched in Almaty against "
            "fuel prices, police said. " + "Closing words about sport. " * 8)
    watch = Watch("kz", 'protest* (almaty OR astana OR "fuel prices") NOT football')
    [match] = match_articles([watch], [doc(text, title="Fuel protest")])
    assert match.matched_terms == ("protest*", "almaty", '"fuel prices"')
    assert match.matched_in == "text"
    assert match.snippet.startswith("…") and match.snippet.endswith("…")
    assert "hundreds of protesters marched in Almaty" in match.snippet
    assert len(match.snippet) <= 220


def test_evidence_comes_from_the_title_when_the_text_has_no_hit() -> None:
    [match] = match_articles([Watch("w", "tbilisi")], [doc("Nothing to see.", title="Night three in Tbilisi")])
    assert (match.matched_in, match.snippet) == ("title", "Night three in Tbilisi")


def test_the_snippet_keeps_the_original_accents_and_case() -> None:
    [match] = match_articles([Watch("w", "sao paulo")], [doc("Manifestação em São Paulo hoje.")])
    assert match.snippet == "Manifestação em São Paulo hoje."


def test_every_watch_and_article_pair_is_matched_once_in_order() -> None:
    watches = [Watch("one", "rally"), Watch("two", "rally OR march"), Watch("three", "nothing")]
    articles = [doc("a rally", article_id="x"), doc("a march", article_id="y")]
    assert [(m.watch_name, m.article_id) for m in match_articles(watches, articles)] == [
        ("one", "x"), ("two", "x"), ("two", "y")]


def test_folding_keeps_every_position() -> None:
    text = nfc("İstanbul, Ёлка, Straße, Ａｂｃ, e\u0301te\u0301")
    assert len(fold(text)) == len(text)


def test_a_snippet_of_a_short_text_is_the_whole_text() -> None:
    assert snippet_around("short text", 0, 5) == "short text"


def test_a_phrase_does_not_run_from_the_title_into_the_text() -> None:
    assert not matches('"protest almaty"', "Almaty was calm.", title="A protest")
    assert matches('"protest almaty"', "Then a protest, Almaty police said.", title="A protest")


def test_a_double_negation_still_gives_its_term_as_evidence() -> None:
    [match] = match_articles([Watch("w", "rally OR NOT (NOT march)")], [doc("A march downtown.")])
    assert (match.matched_terms, match.snippet) == (("march",), "A march downtown.")


@pytest.mark.parametrize(("query", "text", "expected"), [
    ("strasse", "Die Straße ist gesperrt.", True),          # ß is ss, as casefold() spells it
    ("strasse", "DIE STRASSE IST GESPERRT.", True),
    ("strasse", "Die Strasse ist gesperrt.", True),
    ("straße", "Die Strasse ist gesperrt.", True),          # and the other way round
    ("STRAßE", "DIE STRAẞE IST GESPERRT.", True),           # capital sharp s
    ("strass*", "Die Straßenbahn fährt nicht.", True),
    ('"große straße"', "Die Grosse Strasse ist gesperrt.", True),
    ("ssangyong", "ßangyong", True),                        # a word that starts with ss
    ("gross", "Großbritannien", False),                     # still whole words only
    ("strase", "Die Straße ist gesperrt.", False),          # ß is two letters, not one
])
def test_sharp_s_matches_ss(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected


def test_a_sharp_s_hit_shows_the_text_as_written() -> None:
    [match] = match_articles([Watch("w", "strasse")], [doc("Gesperrt: die Hauptstraße und die Straße nach Ulm.")])
    assert (match.matched_terms, match.snippet) == (("strasse",), "Gesperrt: die Hauptstraße und die Straße nach Ulm.")
    assert match.matched_in == "text"


@pytest.mark.parametrize(("text", "expected"), [
    ("Two journalists were detained in Minsk.", True),                     # two words between
    ("Police detained the reporter.", True),                              # either order
    ("Police detained, late on Sunday night, the local reporter.", False),  # eight words between
    ("The FDA told reporters on Monday. " + "Other news. " * 8 + "Three people were detained.", False),
    ("The journalist-detained case", True),                               # no word between
])
def test_near_counts_the_words_between_the_two_sides(text: str, expected: bool) -> None:
    assert matches("(journalist* OR reporter*) NEAR/3 detained", text) is expected


def test_near_never_pairs_the_title_with_the_text_and_keeps_its_evidence() -> None:
    assert not matches("reporter NEAR/5 detained", "detained yesterday", title="A reporter")
    found = match_articles([Watch("w", '"press freedom" NEAR/4 (arrest* OR jail*)')],
                           [doc("They said press freedom ended with the arrests.")])
    assert [m.matched_terms for m in found] == [('"press freedom"', "arrest*")]
