"""language: detection from text, the page's lang as a tie-breaker, nothing for too little text."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.extract.article import extract_article
from mediamon.extract.language import OPENING_CHARS, detect_language, iso639_1_ranking, normalize_language_hint

SAMPLES = {
    "en": "The city council confirmed on Wednesday that the repairs to the bridge are complete.",
    "de": "Ab Montag fährt die neue Buslinie alle zwanzig Minuten zwischen der Altstadt und dem Bahnhof.",
    "pt": "A feira do livro começou nesta terça-feira na praça central e reúne quarenta editoras.",
    "ru": "Городской совет в среду подтвердил, что ремонт моста завершён на два месяца раньше срока.",
    "ja": "市議会は水曜日、橋の修理が予定より二か月早く完了したと発表しました。",
}


@pytest.mark.parametrize(("code", "text"), sorted(SAMPLES.items()))
def test_language_is_detected_from_text(code: str, text: str) -> None:
    language, confidence = detect_language(text)
    assert language == code
    assert confidence is not None and 0.5 < confidence <= 1.0


def test_hint_does_not_override_clear_text() -> None:
    assert detect_language(SAMPLES["de"], hint="en-US")[0] == "de"


def test_too_little_text_gives_no_language() -> None:
    assert detect_language("OK 123", hint="en") == (None, None)


@pytest.mark.parametrize(("hint", "expected"), [("en-US", "en"), ("pt_BR", "pt"), ("DE", "de"), ("", None), ("x", None)])
def test_language_hint_is_normalized(hint: str, expected: str | None) -> None:
    assert normalize_language_hint(hint) == expected


def test_english_post_quoting_arabic_paragraphs_is_english() -> None:
    page = Path(__file__).resolve().parents[2] / "include" / "mediamon" / "demo" / "site" / "gv" / "index_12.html"
    article = extract_article(page.read_bytes(), "https://globalvoicesonline.org/2009/06/06/egypt-obama/")
    assert "\u0641\u064a" in article.text  # the Arabic quotes are part of the body
    assert article.language == "en"


def test_egyptian_arabic_is_reported_as_arabic() -> None:
    text = "انا مش عارف ليه الناس بتقول كده على الحكومة، هو احنا كنا مستنيين ايه من الراجل ده اصلا"
    language, _ = detect_language(text)
    assert language == "ar"


def test_individual_languages_merge_into_their_macrolanguage_and_the_rest_are_dropped() -> None:
    ranked = [("arz", 0.4), ("ary", 0.2), ("fa", 0.3), ("zxx", 0.1)]
    assert iso639_1_ranking(ranked) == [("ar", pytest.approx(0.6)), ("fa", 0.3)]


def test_a_long_text_surely_in_its_declared_language_is_judged_by_its_opening() -> None:
    english = (SAMPLES["en"] + " ") * 13  # about 1,100 characters
    german = (SAMPLES["de"] + " ") * 30
    assert len(english) > OPENING_CHARS
    assert detect_language(english + german, hint="en")[0] == "en"  # the opening decides
    assert detect_language(english + german)[0] == "de"  # no declared language: the whole sample decides
    assert detect_language(english + german, hint="fr")[0] == "de"  # the opening is not French
