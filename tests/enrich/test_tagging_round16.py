"""Tests for gazetteer 2026.69 and the lexicon words that came with it: Tripoli is the Lebanese city beside Lebanon
and its north, Libya's capital otherwise; Beira is the Portuguese region beside Portugal's regions, Mozambique's port
otherwise; a visit a title reports (a visitor's country, an arrival word, a place of another country) is about the
host, a visit announced for later is not; a state attacking a place of another country is about that country; Frankfurt alone, Cornish, Polish
nouns of nationality in their cases, Dutch adjectives of cities, 国乒, the A-League and Indonesia's ministry of
religion; topic words: golf no longer matching 'Golfo' in Spanish, Italian and Portuguese, great-grandparents,
pets back with their owners and people in their nineties as human interest, residence cards and citizenship as
society, Dutch sales forecasts as economy, Chinese strategic dialogues as politics."""
from __future__ import annotations

import pytest

from tests.support.tagging import focus, mentioned, top_topic


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Clashes in Tripoli leave two dead", "Gunmen from Bab al-Tabbaneh and Jabal Mohsen exchanged fire in the Lebanese city.",
     "LB"),
    ("انقطاع الكهرباء في طرابلس", "وقالت مؤسسة كهرباء لبنان إن الأعطال طالت أحياء عكار أيضا.", "LB"),
    ("Tripoli airport reopens after rocket fire", "Flights resumed at Mitiga, the Libyan capital's only working airport.",
     "LY"),
    ("Militias withdraw from central Tripoli", "", "LY"),
])
def test_tripoli_is_lebanese_beside_lebanon_and_libyan_otherwise(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Incêndios na Beira Interior consomem 3 mil hectares", "Os bombeiros de Viseu e da Guarda combatem as chamas.", "PT"),
    ("Ciclone atinge a Beira", "As autoridades de Sofala pedem ajuda internacional.", "MZ"),
])
def test_beira_is_the_portuguese_region_beside_portugals_regions(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected
    assert mentioned(title, text) == {expected}


@pytest.mark.parametrize(("title", "expected"), [
    ("Прем'єр Чехії прибув до Львова", "UA"),
    ("Spain's foreign minister arrives in Rabat", "MA"),
    ("Il ministro degli Esteri della Francia arriva a Berlino", "DE"),
    ("Le chef de la diplomatie du Maroc reçu à Paris", "FR"),
    ("Menlu Jepang tiba di Jakarta", "ID"),
])
def test_a_visit_abroad_is_about_the_host(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Президент Казахстана посетит Москву", "KZ"),
    ("克里姆林宫：普京将于下月访问朝鲜", "RU"),
])
def test_a_visit_announced_for_later_stays_with_the_visitor(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Росія атакувала Харків ракетами", "UA"),
    ("Россия обстреляла Херсон из артиллерии", "UA"),
    ("Israel bombs southern Lebanon overnight", "LB"),
    ("Turquía bombardea posiciones kurdas en Irak", "IQ"),
])
def test_a_state_attacking_another_country_is_about_the_country_attacked(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Frankfurt erhöht die Grundsteuer", "Die Stadtverordneten stimmten am Donnerstag zu.", "DE"),
    ("Cornish fishermen fear quota cuts", "", "GB"),
    ("Brusselse politie sluit drie cafés", "", "BE"),
    ("Rotterdamse haven verwerkt minder containers", "", "NL"),
    ("国乒女团晋级决赛", "", "CN"),
    ("Fans protest as A-League club moves to a new city", "", "AU"),
    ("Kemenag buka pendaftaran haji", "Calon jemaah dapat mendaftar secara daring mulai pekan depan.", "ID"),
])
def test_a_city_a_demonym_a_team_or_an_institution_names_its_country(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


def test_polish_nouns_of_nationality_name_each_country() -> None:
    assert mentioned("Spotkanie Ukraińców, Amerykanów i Chińczyków w Gdańsku") == {"UA", "US", "CN", "PL"}
    assert focus("Coraz więcej Białorusinów studiuje w Lublinie") == "PL"


@pytest.mark.parametrize(("title", "text", "language", "expected"), [
    ("Detienen a piratas en el Golfo de Adén", "La armada capturó a seis sospechosos de asaltar un carguero.", "es",
     "medtop:02000000"),
    ("Torneo di golf a Roma, vince uno spagnolo", "Il giocatore ha chiuso con quattro colpi sotto il par.", "it",
     "medtop:15000000"),
    ("Great-grandfather, 99, finishes his first novel", "He began writing it at 80.", "en", "medtop:08000000"),
    ("Un perroquet retrouve ses maîtres grâce à un voisin", "L'oiseau s'était envolé par la fenêtre.", "fr",
     "medtop:08000000"),
    ("Rekordowa liczba cudzoziemców z kartą pobytu", "Wnioski złożyło 300 tys. osób.", "pl", "medtop:14000000"),
    ("Çifte vatandaşlık başvuruları arttı", "Başvuruların çoğu yurt dışındaki vatandaşlardan geldi.", "tr",
     "medtop:14000000"),
    ("Webwinkel verlaagt omzetverwachting na zwakke zomer", "Het bedrijf rekent op minder bestellingen.", "nl",
     "medtop:04000000"),
    ("两国外长举行战略对话", "双方就地区局势交换了意见。", "zh", "medtop:11000000"),
])
def test_topic_words_of_round_sixteen(title: str, text: str, language: str, expected: str) -> None:
    assert top_topic(title, text, language) == expected
