"""language: detection from text, the language the page or source states as a tie-breaker, nothing for too little text."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.extract.article import article_from_feed_item, extract_article
from mediamon.extract.language import (
    HINT_MARGIN,
    OPENING_CHARS,
    STATED_MIN_P,
    UNSURE_P,
    _identifier,
    detect_language,
    iso639_1_ranking,
    normalize_language_hint,
    stated_language,
)
from mediamon.records import FeedItem
from mediamon.rundir import Plan
from mediamon.settings import Settings
from mediamon.stages import _extract_item, source_language

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


REPORT_EN = ("The tense situation in the Amazon region of Peru has taken a turn for the worse, and residents of the city "
             "say that it has become unbearable. Reports coming from the area are alarming: police officers were killed "
             "and demonstrators burned government buildings as well as the headquarters of the ruling party. More than "
             "two thousand indigenous residents have been blocking the highway for the past week and a half, and "
             "supplies have been running out in the area. Bloggers and twitterers from across the country are following "
             "the news closely and are sharing their views.")
QUOTES_ES = ("Si los nativos no están armados, ¿quién mató a los policías? Ya no hay medicamentos en el hospital, falta "
             "sangre y muchas necesidades más, necesitan mucha ayuda. Esto va a acabar mal. De hecho, ya está yendo "
             "bastante mal, y nadie se preocupa por las vidas de los nativos y de sus familias. Claro que tienen derecho "
             "a protestar, pero cerrando caminos no se van a ganar el apoyo de nadie. Para Alan lo de Bagua es pura "
             "manipulación de los enemigos extranjeros del país. Desafortunado o no, el conflicto amazónico ha tomado "
             "un cariz trágico y los muertos se cuentan por decenas.")
MIXED = REPORT_EN + "\n" + QUOTES_ES  # an English report quoting Spanish tweets at about its own length


def test_model_is_unsure_of_an_english_report_quoting_spanish() -> None:
    ranked = dict(iso639_1_ranking(_identifier().rank(MIXED)))
    assert 0.5 < ranked["es"] < UNSURE_P and ranked["en"] >= STATED_MIN_P
    assert ranked["es"] - ranked["en"] > HINT_MARGIN  # beyond a near-tie: only the unsure rule lets English win
    assert detect_language(MIXED)[0] == "es"


@pytest.mark.parametrize("hint", ["en", "en-GB"])
def test_stated_language_wins_when_the_model_is_unsure(hint: str) -> None:
    language, confidence = detect_language(MIXED, hint=hint)
    assert language == "en"
    assert confidence is not None and STATED_MIN_P <= confidence < 0.5  # the stated language's own probability


@pytest.mark.parametrize(("page", "source", "expected"), [
    ("es", "en", "es"), ("en-GB", "es", "en-GB"), (None, "en", "en"), ("", "en", "en"), ("x", "en", "en"), (None, None, None),
])
def test_page_language_comes_before_the_source_language(page: str | None, source: str | None, expected: str | None) -> None:
    assert stated_language(page, source) == expected


def test_stated_language_the_model_hardly_ranks_does_not_win() -> None:
    assert detect_language(MIXED, hint="fr")[0] == "es"


def test_source_language_does_not_override_clear_text() -> None:
    assert detect_language(QUOTES_ES, hint="en")[0] == "es"
    assert detect_language(SAMPLES["de"] + " " + SAMPLES["de"], hint="en")[0] == "de"


def test_english_post_quoting_spanish_tweets_is_english_with_its_source_language() -> None:
    page = Path(__file__).resolve().parents[2] / "include" / "mediamon" / "demo" / "site" / "gv" / "index_13.html"
    url = "https://globalvoicesonline.org/2009/06/05/peru-clashes-break-out-in-the-amazon-region/"
    assert extract_article(page.read_bytes(), url).language == "en"  # undeclared: its English outweighs the quotes
    # (once the links' [es] marks are dropped from the text)
    article = extract_article(page.read_bytes(), url, source_language="en")
    assert "Pizango no quiere responder" in article.text and article.language == "en"


def test_feed_item_article_states_its_source_language() -> None:
    item = FeedItem(source_id="s", feed_url="https://example.org/feed", url="https://example.org/peru",
                    title="Peru: clashes in the Amazon region", summary=MIXED)
    assert article_from_feed_item(item).language == "es"
    assert article_from_feed_item(item, source_language="en").language == "en"


def _plan(language: str) -> Plan:
    source = {"source_id": "gv", "name": "Global Voices", "homepage": "https://globalvoices.org/", "country": "NL",
              "language": language, "type": "digital", "enabled": True}
    return Plan(run_id="r1", run_date="2026-01-15", started_at="2026-01-15T06:00:00+00:00", sources=[source], feeds=[])


def test_source_language_is_read_from_the_run_plan() -> None:
    assert source_language(_plan("en"), "gv") == "en"
    assert source_language(_plan("en"), "unknown-source") is None


def test_extract_stage_states_the_source_language(settings: Settings) -> None:
    item = FeedItem(source_id="gv", feed_url="https://globalvoices.org/feed", url="https://globalvoices.org/peru",
                    title="Peru: Clashes Break Out in the Amazon Region", summary=MIXED)
    english = _extract_item(item, None, "http-404", _plan("en"), settings)
    spanish = _extract_item(item, None, "http-404", _plan("es"), settings)
    assert (english["text_source"], english["language"]) == ("feed", "en")
    assert spanish["language"] == "es"
