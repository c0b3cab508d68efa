"""Tests for gazetteer 2026.68 and the lexicon words that came with it: a title whose opening state acts on another
country (expels its diplomats, sanctions its firms, bans or taxes its goods) is about the country acted upon, unless
'and' joins that country as a second actor or the title opens with people (a demonym); the Lebanese presidency and
Iran's parliament by their seats, Bankitalia, Chad in Russian and Ukrainian cases, the Japanese name of the US state
of Georgia, Luís Montenegro in Portuguese politics, datelines with an agency in lower case (dpa, sda), Turkish
'Mısır rekoltesi' (the maize harvest), and topic words for privatisation, imports, export controls, ransom, fiscal
targets, intermittent fasting and carbon monoxide."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics
from tests.support.tagging import focus, mentioned, top_topic


@pytest.mark.parametrize(("title", "expected"), [
    ("Россия высылает трёх финских дипломатов", "FI"),
    ("Poland expels two Belarusian diplomats over spying claims", "BY"),
    ("Washington sanciona a tres navieras iraníes", "IR"),
    ("Brasil proíbe importação de carne do Paraguai", "PY"),
    ("中国、オーストラリア産牛肉の輸入を停止", "AU"),
    ("Kreml verbietet Einfuhr von estnischem Fisch", "EE"),
    ("Mosca espelle due diplomatici tedeschi", "DE"),
    ("USA nałożyły cła na meksykańską stal", "MX"),
    ("Azerbaycan, Gürcistan'dan süt ithalatını durdurdu", "GE"),
    ("Venemaa kuulutas Läti konsuli persona non grataks", "LV"),
])
def test_the_country_a_state_acts_on_is_the_focus(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Ghana and Nigeria fined and banned after cup final brawl", "GH"),
    ("Pekín impone aranceles al cerdo y Madrid promete responder", "CN"),
    ("Nepali workers banned from leaving camps in Qatar", "NP"),
])
def test_a_second_actor_or_people_abroad_are_not_acted_upon(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("قصر بعبدا يرحب بتشكيل الحكومة", "", "LB"),
    ("بهارستان کلیات لایحه بودجه را تصویب کرد", "", "IR"),
    ("Bankitalia alza le stime di crescita", "Il governatore ha presentato il bollettino economico.", "IT"),
    ("В Чаде прошли президентские выборы", "", "TD"),
    ("У Чаді повінь зруйнувала тисячі будинків", "", "TD"),
    ("ジョージア州知事、非常事態を宣言", "", "US"),
    ("Uhrenfabrik schließt Werk", "SOLOTHURN (sda) - Die Firma entlässt 120 Angestellte.", "CH"),
])
def test_a_seat_a_case_or_a_dateline_names_its_country(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


def test_the_japanese_us_state_of_georgia_is_not_the_country() -> None:
    assert mentioned("ジョージア州で竜巻、住宅倒壊") == {"US"}


def test_montenegro_is_portugals_prime_minister_in_portuguese_politics() -> None:
    title, text = "Montenegro remodela o Governo", "O primeiro-ministro anunciou as mudanças em São Bento."
    assert "ME" not in mentioned(title, text)
    assert focus(title, text) != "ME"
    assert focus("Luís Montenegro remodela o Governo", "O primeiro-ministro falou em São Bento.") == "PT"


def test_montenegro_stays_the_country_elsewhere() -> None:
    assert focus("O Montenegro abre novo capítulo das negociações com a UE", "Podgorica saudou a decisão.") == "ME"


def test_turkish_maize_harvest_is_no_egypt() -> None:
    assert "EG" not in mentioned("Mısır rekoltesi kuraklık nedeniyle düştü", "Üreticiler destek istiyor.")


def evidence(title: str, text: str, language: str, code: str) -> tuple[str, ...]:
    """The evidence of one topic the tagger gives, or () when it does not give it."""
    return next((t.evidence for t in tag_topics(title, text, language=language) if t.code == code), ())


@pytest.mark.parametrize(("title", "text", "language", "expected"), [
    ("Минсельхоз ограничил ввоз яблок", "Фитосанитарная служба нашла вредителей.", "ru", "medtop:04000000"),
    ("Planalto anuncia bloqueio no Orçamento", "O congelamento é necessário para cumprir a meta fiscal.", "pt",
     "medtop:04000000"),
    ("دراسة: الصيام المتقطع لا يقلل الوزن", "تابع الباحثون 500 مشارك.", "ar", "medtop:07000000"),
    ("Уряд виділив 12 млрд гривень на ремонт ТЕЦ", "План представила прем'єрка.", "uk", "medtop:04000000"),
    ("Erdoğan: ara zam yok", "İşçi konfederasyonları tepki gösterdi.", "tr", "medtop:09000000"),
])
def test_lexicon_words_of_this_round_decide_the_topic(title: str, text: str, language: str, expected: str) -> None:
    assert top_topic(title, text, language) == expected


@pytest.mark.parametrize(("title", "text", "language", "code", "word"), [
    ("Argentina anuncia privatización de la eléctrica estatal", "La venta se hará en bolsa.", "es",
     "medtop:04000000", "privatización"),
    ("Los ultraprocesados elevan el riesgo de diabetes", "Un estudio siguió a miles de adultos.", "es",
     "medtop:07000000", "ultraprocesados"),
    ("Entführte Studenten freigelassen", "Ob Lösegeld gezahlt wurde, blieb offen.", "de", "medtop:02000000",
     "lösegeld"),
    ("Entführte Studenten freigelassen", "Sie waren aus einem Internat verschleppt worden.", "de", "medtop:02000000",
     "verschleppt"),
    ("Estudo liga tablets a pior desempenho escolar", "Investigadores acompanharam alunos.", "pt", "medtop:05000000",
     "desempenho escolar"),
    ("Czad w domu w Opolu", "Strażacy stwierdzili wysokie stężenie tlenku węgla.", "pl", "medtop:03000000",
     "tlenku węgla"),
    ("米政府、中国企業10社を輸出規制の対象に", "軍事転用の恐れ。", "ja", "medtop:04000000", "輸出規制"),
    ("اعتصاب رانندگان اتوبوس", "رانندگان خواستار پرداخت حقوق معوقه هستند.", "fa", "medtop:09000000", "حقوق معوقه"),
])
def test_lexicon_words_of_this_round_are_evidence(title: str, text: str, language: str, code: str, word: str) -> None:
    assert word in evidence(title, text, language, code)
