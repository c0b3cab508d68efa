"""Tests for country names in the case forms of the small registry languages: Polish adjectives of nationality in
the masculine personal plural (built from curated/stems.tsv), Finnish adjectives whose stem is not the country's
name, Lithuanian nationalities and the United States' abbreviation, Estonian capitals by their genitive stem, and
Polish and Indonesian names (curated/names.tsv)."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries
from mediamon.enrich.gazetteer import Entry, polish_personal_stems


def codes(title: str | None, text: str) -> set[str]:
    """The country codes the tagger finds in an item."""
    return {m.code for m in tag_countries(title, text).countries}


def test_polish_personal_stems_soften_sk_and_ck() -> None:
    stems = [(Entry("polsk", "PL", "demonym", "curated:stems.tsv"), "pl-adj"),
             (Entry("niemieck", "DE", "demonym", "curated:stems.tsv"), "pl-adj"),
             (Entry("российск", "RU", "demonym", "curated:stems.tsv"), "ru-adj")]
    assert [(e.surface, c) for e, c in polish_personal_stems(stems)] == [("polsc", "pl-pers"), ("niemiecc", "pl-pers")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Czescy nauczyciele domagają się podwyżek.", "CZ"),
    ("Dziś polscy żołnierze wrócili do kraju.", "PL"),
    ("Na lotnisku zatrzymano, jak podano, niemieckich i rosyjskich turystów; niemieccy turyści wrócili.", "DE"),
])
def test_a_polish_masculine_personal_adjective_names_its_country(text: str, expected: str) -> None:
    assert expected in codes(None, text)


def test_belarus_in_polish_cases() -> None:
    assert codes(None, "Opozycjoniści uciekli z Białorusi do Wilna.") >= {"BY"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Tänään ruotsalaiset pelaajat voittivat.", "SE"),
    ("Venäläinen yhtiö ostaa tehtaan.", "RU"),
    ("Brittiläinen ministeri vieraili tehtaalla.", "GB"),
])
def test_a_finnish_adjective_with_its_own_stem(text: str, expected: str) -> None:
    assert codes(None, text) == {expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("Ministras pažymėjo, kad JAV kariai liks.", "US"),
    ("Pasienyje sulaikyti rusų kariai.", "RU"),
    ("Lenkų ūkininkai blokavo kelią.", "PL"),
])
def test_lithuanian_nationalities_and_the_us(text: str, expected: str) -> None:
    assert expected in codes(None, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Täna öösel toimus Pariisis kohtumine.", "FR"),
    ("Välisminister sõitis Londonisse.", "GB"),
    ("Kohtumine toimus Vilniuses.", "LT"),
    ("Ameerika Ühendriigid teatasid uutest tollidest.", "US"),
])
def test_estonian_capitals_by_their_genitive_stem(text: str, expected: str) -> None:
    assert expected in codes(None, text)


def test_finnish_riga_with_consonant_gradation() -> None:
    assert codes(None, "Tänään Riiassa pidettiin kokous.") == {"LV"}


def test_indonesian_britain() -> None:
    assert codes(None, "Perdana menteri Inggris bertemu presiden.") == {"GB"}


@pytest.mark.parametrize(("title", "expected"), [
    ("오사카서 규모 5 지진", "JP"),
    ("홋카이도 폭설로 항공편 결항", "JP"),
    ("우한 공장 화재로 10명 사망", "CN"),
    ("샌프란시스코 시장 선거", "US"),
])
def test_korean_names_of_big_foreign_cities(title: str, expected: str) -> None:
    assert tag_countries(title, "").focus == expected


def test_korean_propaganda_is_no_city() -> None:
    assert codes("북한 선전 매체, 새 영상 공개", "") == {"KP"}


@pytest.mark.parametrize(("title", "expected"), [
    ("साउदी अरबमा नेपाली कामदारको मृत्यु", "SA"),
    ("युएईमा रोजगारीका लागि जाने घटे", "AE"),
    ("बेलायतले भिसा नियम कडा बनायो", "GB"),
    ("धरानमा खानेपानी अभाव", "NP"),
])
def test_nepali_names_of_countries_and_towns(title: str, expected: str) -> None:
    assert tag_countries(title, "").focus == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("هلمند کې جګړه", "AF"),
    ("د روسیې ولسمشر", "RU"),
    ("بنګله دیش کې سیلاب", "BD"),
])
def test_pashto_provinces_and_oblique_cases(title: str, expected: str) -> None:
    assert tag_countries(title, "").focus == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Vertraging op Schiphol door storm", "NL"),
    ("Belgen stemmen zondag", "BE"),
    ("Gruvolycka i Kiruna", "SE"),
    ("Jordbävning på Hokkaido", "JP"),
    ("Συνάντηση στην πρωτεύουσα των Σκοπίων", "MK"),
    ("Reykjavik kallar till möte", "IS"),
])
def test_names_no_source_gives_in_the_registry_languages(title: str, expected: str) -> None:
    assert tag_countries(title, "").focus == expected


def test_german_whales_are_no_walloons() -> None:
    assert codes("Forscher folgen den Walen", "Die Tiere ziehen nach Süden.") == set()
