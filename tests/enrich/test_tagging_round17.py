"""Tests for gazetteer 2026.70 and the lexicon words that came with it: where the people a title names by a demonym
live ('Nigerian nurses in Britain') gains a mention; a demonym the table lists in lower case is found capitalised at
the start of a title or sentence ('Venezolanos en Chile'), not after an abbreviation ('Dr. Greco'); a language name
before 'speakers' or standing alone after 'in' or 'before', and Portuguese, Spanish and French language names after
'de', name the language, not the country; an acting word with an inner * ('вдарил* по') matches; Rom, Avignon,
Santiago de Compostela, the Waikato, 来日, 访华 and 来华, Andalusian; 'Arcángel' is no place; topic words: naturalisation,
residence permits, family reunion and migrant trainees as society, finding work as labour, remittances and cocoa as
economy, a pet's name as human interest, hot-air balloon tours as lifestyle, liver disease as health, Portugal's
ministry of foreign affairs as politics, speakers of a language as culture."""
from __future__ import annotations

import pytest

from tests.support.tagging import focus, mentioned, top_topic


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Bangladeshi workers in Malaysia demand back pay", "A union says 2,000 men were left without wages.", "MY"),
    ("Nepali cooks in Qatar describe long shifts", "", "QA"),
    ("Ukraińcy w Czechach szukają mieszkań", "", "CZ"),
    ("Белорусы в Литве получат новые документы", "", "LT"),
    ("Казахи в Турции открыли культурный центр", "", "TR"),
    ("Украинцы в Чехии получат новые визы", "", "CZ"),
    ("Syrians in Turkey queue for residence papers", "Officials in Gaziantep said 4,000 forms arrived in a week.", "TR"),
])
def test_people_named_abroad_are_news_where_they_live(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


def test_a_verb_between_a_demonym_and_in_is_no_people_abroad() -> None:
    assert focus("Berliner wollte in Syrien kämpfen: zwei Jahre Haft", "") == "DE"


def test_people_abroad_in_a_long_article_about_their_country_stay_its_news() -> None:
    text = ("Russian painters who left for America return in a show at a Moscow gallery. The Russian curators chose "
            "works from Russian collections; Russia's culture ministry paid for the loans, and the Russian press "
            "praised the catalogue.")
    assert focus("Russian painters in America", text) == "RU"


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Venezolanos en Perú piden más citas consulares", "", {"VE", "PE"}),
    ("Albanesi in Grecia, cresce la comunità", "", {"AL", "GR"}),
    ("Crece el turismo en Lima", "Colombianos y chilenos llegan en vuelos nuevos.", {"PE", "CO", "CL"}),
])
def test_a_lower_case_demonym_is_found_capitalised_at_a_sentence_start(title: str, text: str,
                                                                       expected: set[str]) -> None:
    assert mentioned(title, text) == expected


def test_a_surname_after_an_abbreviation_is_no_demonym() -> None:
    assert mentioned("Clinic hires a new dermatologist", "Patients may now book with Dr. Greco. Visits are free.") == set()


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Portuguese speakers fall in Goa", "Fewer pupils in the Indian state learn the language.", {"IN"}),
    ("French-speaking schools open in Rwanda", "", {"RW"}),
    ("Kenyan court rules in Swahili", "The judgment was also published in English.", {"KE"}),
    ("Angola's pupils learn to read in Umbundu before Portuguese", "", {"AO"}),
    ("Aulas de português crescem em Macau", "", {"MO"}),
    ("Faltan profesores de inglés en Lima", "", {"PE"}),
    ("Les cours de français attirent à Dakar", "", {"SN"}),
    ("Portuguese fans fill the stadium in Paris", "", {"PT", "FR"}),
    ("Comissão avalia conduta de português ex-cônsul em Luanda", "", {"PT", "AO"}),
    ("Ministro português visita Luanda", "", {"PT", "AO"}),
])
def test_a_language_name_is_no_country(title: str, text: str, expected: set[str]) -> None:
    assert mentioned(title, text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Росія вдарила по Житомиру", "UA"),
    ("Россия ударила по Одессе", "UA"),
])
def test_an_acting_word_with_an_inner_wildcard_matches(title: str, expected: str) -> None:
    assert focus(title, "") == expected


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Papst empfängt Pilger in Rom", "", "IT"),
    ("Avignon theatre festival sells out", "", "FR"),
    ("El Festival de Avignon abre con teatro africano", "", "FR"),
    ("Santiago de Compostela closes old town to cars", "", "ES"),
    ("Floods cut roads across the Waikato", "", "NZ"),
    ("Córdoba's old town fills with visitors", "The Andalusian city's courtyards open to the public in May.", "ES"),
])
def test_new_names(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("フランス大統領が来日", {"FR", "JP"}),
    ("法国总统访华", {"FR", "CN"}),
    ("美国总统来华", {"US", "CN"}),
])
def test_coming_to_japan_and_visiting_china_name_the_host(title: str, expected: set[str]) -> None:
    assert mentioned(title) == expected


def test_arcangel_is_no_place() -> None:
    assert mentioned("El Córdoba gana en El Arcángel", "El conjunto andaluz suma tres puntos.") == {"ES"}


@pytest.mark.parametrize(("title", "text", "language", "expected"), [
    ("Mehr Menschen lassen sich einbürgern", "Die Behörden bearbeiten doppelt so viele Anträge wie im Vorjahr.", "de",
     "medtop:14000000"),
    ("Attente record pour les titres de séjour", "Les associations dénoncent des délais de huit mois.", "fr",
     "medtop:14000000"),
    ("Посвідку на проживання отримали 50 тисяч людей", "Найбільше заяв подали в обласних центрах.", "uk",
     "medtop:14000000"),
    ("技能実習生、過去最多に", "建設や農業の現場で受け入れが広がっている。", "ja", "medtop:14000000"),
    ("Relatório: migrações para o país batem recorde", "O número de novos residentes subiu 20% num ano.", "pt",
     "medtop:14000000"),
    ("Число трудоустроенных жителей области выросло на 5%", "Об этом сообщили в региональном правительстве.", "ru",
     "medtop:09000000"),
    ("Remittances rise 8% as the peso weakens", "", "en", "medtop:04000000"),
    ("Cocoa output falls for a third season", "", "en", "medtop:04000000"),
    ("Кіт на кличку Мурчик повернувся до господарів", "Тварина зникла під час переїзду.", "uk",
     "medtop:08000000"),
    ("Sıcak hava balonu turlarına yoğun ilgi", "Turistler sabah erkenden kuyruk oluşturdu.", "tr", "medtop:10000000"),
    ("研究：肝病患者数十年间翻倍", "研究人员分析了多国数据。", "zh", "medtop:07000000"),
    ("Ministro dos Negócios Estrangeiros recebe homólogo", "Os dois discutiram acordos de cooperação.", "pt",
     "medtop:11000000"),
    ("Falantes de crioulo chegam a um milhão", "O número inclui a diáspora.", "pt", "medtop:01000000"),
])
def test_topic_words(title: str, text: str, language: str, expected: str) -> None:
    assert top_topic(title, text, language) == expected
