"""Tests for domestic news in the registry languages (curated/institutions.tsv, curated/people.tsv): a national
parliament, central bank, statistics or weather office, party, union or leader named in its own language gives
the country when an article names no place; foreign news and everyday words still give none of them."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries


@pytest.mark.parametrize(("text", "expected"), [
    ("Sněmovna dnes schválila novelu zákona o dani z příjmů.", "CZ"),
    ("Poslanci Sněmovny odmítli návrh opozice.", "CZ"),                      # an inflected form
    ("ČNB ponechala úrokové sazby beze změny.", "CZ"),
    ("Opozícia chce presadiť odvolanie ministra cez Národnú radu.", "SK"),
    ("Według GUS inflacja spadła w marcu do 4 procent.", "PL"),
    ("Rada Polityki Pieniężnej obniżyła stopy procentowe.", "PL"),
    ("Die Gewerkschaft ver.di fordert mehr Lohn für Pflegekräfte.", "DE"),
    ("Fiom e Uilm chiedono un incontro urgente con l'azienda.", "IT"),
    ("O Copom decidiu manter a taxa Selic inalterada.", "BR"),
    ("O IPMA emitiu aviso amarelo para a chuva.", "PT"),
    ("Skolverket vill se fler behöriga lärare i skolan.", "SE"),
    ("NRK meldte at forhandlingene er avbrutt.", "NO"),
    ("Tilastokeskuksen mukaan työttömyys kasvoi.", "FI"),
    ("Terviseameti andmetel kasvas haigestumine.", "EE"),
    ("Saeima pieņēma grozījumus likumā.", "LV"),
    ("Η ΕΜΥ εξέδωσε έκτακτο δελτίο καιρού.", "GR"),
    ("Совет Федерации одобрил закон о бюджете.", "RU"),
    ("ЦВК оприлюднила остаточні результати голосування.", "UA"),
    ("Ұлттық банк базалық мөлшерлемені өзгертпеді.", "KZ"),
    ("צוותי מד\"א פינו שלושה פצועים לבית החולים.", "IL"),
    ("९० वर्षीया हजुरआमाले एसएलसी परीक्षा दिइन्।", "NP"),
    ("산업통상자원부는 수출이 늘었다고 밝혔다.", "KR"),
    ("Quốc hội thông qua luật đất đai sửa đổi.", "VN"),
    ("BMKG memperingatkan potensi hujan lebat.", "ID"),
    ("Presidentas Gitanas Nausėda pasirašė įstatymą.", "LT"),
])
def test_a_national_name_gives_its_country(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize("text", [
    "Le Sénat a adopté le texte en première lecture.",          # French, Czech, Slovak and Polish senates
    "Kongres přijal zákon o clech.",                             # a congress of any country
    "Il concerto di Verdi ha aperto la stagione.",               # the composer, not the German union
    "Parlament odvolal ministra vnútra.",                        # no national name in it
    "Der Pegel des Flusses steigt weiter.",
])
def test_shared_or_everyday_words_give_no_country(text: str) -> None:
    assert tag_countries(None, text).focus is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Sejm Ukrainy? Nie, Rada Najwyższa w Kijowie przyjęła ustawę.", "UA"),  # a named place keeps the focus
    ("Совет Федерации обсудил визит делегации в Минск; Минск ответил.", "BY"),
])
def test_a_named_place_still_decides(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected
