"""Tests for national evidence in the country tagger's curated data: Brazil's regions by their Brazilian
Portuguese names (curated/names.tsv) and words and clubs of one country (curated/institutions.tsv), the fallback
counted only when an article names no place."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import compose_document, tag_countries


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Queimadas avançam sobre o Pantanal", "Brigadistas combatem focos de incêndio há duas semanas.", "BR"),
    ("Garimpo ilegal cresce na Amazônia", "Satélites mostram novas clareiras ao longo dos rios.", "BR"),
    (None, "O desmatamento na Amazônia Legal caiu pelo terceiro ano.", "BR"),
])
def test_a_brazilian_region_names_brazil(title: str | None, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_the_longest_region_name_is_the_span() -> None:
    text = "O desmatamento na Amazônia Legal caiu."
    (mention,) = tag_countries(None, text).countries
    doc, _ = compose_document(None, text)
    assert [doc[s:e] for s, e, _ in mention.spans] == ["Amazônia Legal"]


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Versicherte zahlen mehr", "Der durchschnittliche Zusatzbeitrag steigt im Januar.", "DE"),
    ("Ajax ontslaat trainer na nieuwe nederlaag", "De club zoekt een opvolger.", "NL"),
    ("Žalgiris laimėjo Eurolygos rungtynes", "Krepšininkai pergalę šventė su sirgaliais.", "LT"),
    ("Legia przegrała u siebie", "Kibice wygwizdali piłkarzy po meczu.", "PL"),
    ("Slavia prohrála se Spartou", "Trenér přiznal, že hráči nezvládli závěr zápasu.", "CZ"),
    ("Tre Kronor föll i premiären", "Förbundskaptenen var missnöjd med spelet.", "SE"),
])
def test_a_national_word_or_club_alone_gives_the_focus(title: str, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_a_czech_club_name_needs_czech_text() -> None:
    assert tag_countries("Sparta beat the visitors", "The crowd cheered the players.").focus is None


def test_a_named_place_outranks_a_club() -> None:
    tags = tag_countries("Ajax verliest in Madrid", "Real Madrid won met 3-0 in Madrid.")
    assert tags.focus == "ES"
    assert {m.code for m in tags.countries} == {"ES"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Çete yaşlılardan milyonlarca lira topladı.", "TR"),
    ("Biljetten kostar 200 kronor mer i år.", "SE"),
    ("Strømmen koster 3 kroner mer per kilowattime.", "NO"),
    ("Pensiyalar 50 manat artırılacaq.", "AZ"),
    ("पेट्रोलको मूल्य ५ रुपैयाँ बढ्यो।", "NP"),
    ("売上高は前年比で300億円増えた。", "JP"),
    ("پٹرول کی قیمت میں 10 روپے اضافہ", "PK"),
])
def test_a_price_in_a_national_currency_gives_the_focus(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize("text", [
    "The lira fell against the dollar.",          # no Turkish letters: no gate opened
    "Una lira valeva poco, mille lire un caffè.",  # Italian text
])
def test_a_currency_name_outside_its_language_is_no_evidence(text: str) -> None:
    assert tag_countries(None, text).focus is None


def test_a_named_place_outranks_a_currency() -> None:
    assert tag_countries(None, "Hotellet i Berlin kostar 2000 kronor per natt.").focus == "DE"
