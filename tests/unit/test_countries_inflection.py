"""Country tagging of inflected and translated place names in the registry's languages: each rule of a
language with a sentence it must now tag and a near case that must stay untagged."""
from __future__ import annotations

import pytest

from mediamon.enrich import gazetteer
from tests.support.countries import codes


@pytest.mark.parametrize(("text", "expected"), [
    ("Uraganas nusiaubė Floridos pakrantę", {"US"}),          # Lithuanian genitive of a state named as in English
    ("Ураган обрушился на Флориду", {"US"}),                  # Russian: the state, not Uruguay's department
    ("סופה בפלורידה", {"US"}),                                # Hebrew, after the clitic "in"
    ("Hurrikaani iski Floridassa", {"US"}),                   # Finnish inessive
    ("Incendies en Californie", {"US"}),                      # French name of a state
    ("Ερευνητές στην Καλιφόρνια ανακοίνωσαν", {"US"}),         # Greek: a state pycountry does not translate
    ("Πυρκαγιές στη Φλόριντα", {"US"}),                        # and the spelling Greek news uses beside Φλόριδα
    ("حرائق غابات في كاليفورنيا", {"US"}),                      # Arabic: pycountry gives no US state
    ("إعصار يضرب بفلوريدا", {"US"}),                            # after an attached clitic
    ("آتش‌سوزی در کالیفرنیا", {"US"}),                          # Persian
    ("کیلیفورنیا کے جنگلات میں آگ", {"US"}),                     # Urdu
    ("ক্যালিফোর্নিয়ায় দাবানল", {"US"}),                          # Bengali, with its locative ending
    ("캘리포니아에서 산불", {"US"}),                              # Korean, with its particle
    ("لا تنسي موعدك", set()),                                  # Arabic "do not forget": no Tennessee
    ("Floridas Küste", {"US"}),                               # German genitive
    ("Floridazo", set()),                                      # no ending of any language
    ("Florid prose", set()),                                   # the stem alone is no name
])
def test_us_states_in_the_registry_languages(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("सीबीएसई की परीक्षा अब साल में दो बार होगी", set()),       # "times", not Bar in Montenegro
    ("संसद की सभा में बहस", set()),                             # "assembly", not Sabha in Libya
    ("बिहार में बाढ़", {"IN"}),                                   # a three-letter state of India stays
])
def test_short_foreign_provinces_in_devanagari_are_words(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_short_foreign_name_rule() -> None:
    assert gazetteer.is_short_foreign_name("बार", "ME")
    assert not gazetteer.is_short_foreign_name("बार", "IN")          # a town of the script's own countries
    assert not gazetteer.is_short_foreign_name("फ्लोरिडा", "US")     # long enough


@pytest.mark.parametrize(("text", "expected"), [
    ("Moskovalainen tuomioistuin tuomitsi toimittajan", {"RU"}),   # Finnish adjective of place, -lainen
    ("helsinkiläinen yritys teki konkurssin", {"FI"}),            # front-vowel -läinen, lower case
    ("washingtonilaiset poliitikot", {"US"}),                     # after a consonant, -ilainen
    ("Kaunis kesäpäivä rannalla", set()),                         # "beautiful", not Kaunas
    ("moskova", set()),                                           # the lower-case stem needs the suffix
])
def test_finnish_adjectives_of_place(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("netoli Vilniaus sulaikė grupę", {"LT"}),                    # genitive of a name in -us
    ("Vilniuje vyko mitingas", {"LT"}),                           # locative
    ("Kaunietė atšventė 105-ąjį gimtadienį", {"LT"}),             # woman of Kaunas, -ietė
    ("vilnietis laimėjo maratoną", {"LT"}),                       # man of Vilnius, lower case
    ("Vilnietiškas", set()),                                      # no ending of the class
])
def test_lithuanian_declension_and_demonyms(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_a_stem_rule_may_give_several_classes() -> None:
    morphology = {"stems": {"lt": [["as", 2, "lt-as,lt-dem"]]}}
    assert gazetteer.language_stems("Kaunas", {"lt"}, morphology) == [("Kaun", "lt-as"), ("Kaun", "lt-dem")]


@pytest.mark.parametrize(("text", "expected"), [
    ("IF Metall varslar om strejk vid svenska bilfabriker", {"SE"}),   # Swedish adjective, -a
    ("Rekordmange meldte seg ut av Den norske kirke", {"NO"}),         # Norwegian, -e
    ("Ett norskt lag vann", {"NO"}),                                   # neuter -t
    ("Svensk polis grep två män", {"SE"}),                             # alone, opening a sentence
    ("Regjeringa i Noreg la fram budsjettet", {"NO"}),                 # Nynorsk name of Norway (CLDR nn)
    ("Det var indiskret av honom", set()),                             # "indiscreet", not indisk + ending
    ("Svenskarna", set()),                                             # a noun ending the class lacks
])
def test_nordic_adjectives_and_nynorsk(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Älg vandrade in på sjukhuset i Umeå", {"SE"}),              # a town of 130,000 named as at home
    ("Mieszkańcy Legnicy protestują", {"PL"}),                     # Polish genitive of a town of 100,000
    ("Tulva uhkaa Porissa", {"FI"}),                               # Finnish inessive of an all-ASCII town
    ("Une exposition au Salon", set()),                            # "Salo" + n: no one-letter ending
    ("Södermalm brinner", set()),                                  # a part of Stockholm, not a town
    ("Pori", set()),                                               # an all-ASCII town needs its ending
])
def test_towns_of_countries_whose_language_inflects(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_distance_km() -> None:
    assert gazetteer.distance_km(59.33, 18.07, 59.31, 18.07) == pytest.approx(2.2, abs=0.1)


@pytest.mark.parametrize(("text", "expected"), [
    ("Drönarattack mot Charkiv – fyra döda", {"UA"}),              # Swedish/Czech spelling of Kharkiv
    ("Povodně v Chabarovsku a Chabarovsk", {"RU"}),                # the bare Ch spelling of Khabarovsk
    ("Charkive", set()),                                            # no endings for the variant
])
def test_ch_spelling_of_cyrillic_kh(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_ch_spelling() -> None:
    assert gazetteer.ch_spelling("Kharkiv") == "Charkiv"
    assert gazetteer.ch_spelling("Astrakhan") == "Astrachan"
    assert gazetteer.ch_spelling("Kyiv") == "Kyiv"


@pytest.mark.parametrize(("text", "expected"), [
    ("Prsten našel zahrádkář v Brně", {"CZ"}),                      # Czech locative of a neuter in -o
    ("Brňák", set()),                                               # a Brno word, but no ending of the class
])
def test_czech_locative_of_neuter_names(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Χιλιάδες φίλαθλοι πανηγύρισαν στον Πειραιά", {"GR"}),          # accusative of Πειραιάς, -ς dropped
    ("Εκλογές στον Καναδά", {"CA"}),                                 # accusative of Καναδάς
    ("Πειραιάδες", set()),                                           # no ending of the class
])
def test_greek_accusative_of_names_in_s(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("لقي ستة أشخاص حتفهم إثر سيول جارفة في المغرب", {"MA"}),      # "torrents", not Seoul
    ("وأعلنت السلطات المحلية عن فتح تحقيق", set()),                 # "the authorities", not Salé
    ("زار الرئيس الرباط", {"MA"}),                                 # a Moroccan city still is
])
def test_arabic_ordinary_words_are_no_towns(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("כשבגרמניה נפתחו הקלפיות", {"DE"}),                           # "when in Germany": כש + ב
    ("וכשמרוסיה הגיעו הידיעות", {"RU"}),                           # "and when from Russia": ו + כש + מ
    ("כשבאתי הביתה", set()),                                        # the same letters opening a verb
])
def test_hebrew_clitic_chains(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Kraftigt snöfall i delar av Västerbotten och Norrbotten", {"SE"}),   # counties of "X län"
    ("Olomoucký hejtman vyhlásil stav nebezpečí", {"CZ"}),                 # region of "Olomoucký kraj"
    ("Powódź w województwie Śląskie", {"PL"}),                             # voivodeship by its ISO name
    ("Mr Nordland said", set()),                                           # an all-ASCII name needs an ending
])
def test_regions_of_countries_whose_language_inflects(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("iso_name", "expected"), [
    ("Västerbottens län [SE-24]", "Västerbotten"), ("Skåne län [SE-12]", "Skåne"),
    ("Olomoucký kraj", "Olomoucký"), ("Kraj Vysočina", "Vysočina"), ("Nordland", "Nordland"),
])
def test_national_subdivision_name(iso_name: str, expected: str) -> None:
    assert gazetteer.national_subdivision_name(iso_name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Жители Оренбургской области часто оказываются в сложной ситуации.", {"RU"}),
    ("В Нижегородской области открыли школу.", {"RU"}),
    ("Губернатор Краснодарского края подписал указ.", {"RU"}),
    ("Жители Пензенской области", {"RU"}),
    ("Пензенск открыли школу.", set()),                       # the stem alone is no name
])
def test_a_russian_region_adjective_names_russia(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hunden ble funnet utenfor huset i Tromsø.", {"NO"}),        # a national town below the ten biggest
    ("Nemocnica pod Zvolenom hľadá lekárov.", {"SK"}),
    ("Le Festival de Cannes dévoile sa sélection.", {"FR"}),      # a town named for what is held there
    ("Du lịch Đà Lạt hút khách dịp lễ", {"VN"}),
    ("लुम्बिनीमा बुद्ध जयन्ती मनाइयो", {"NP"}),                    # with its Nepali postposition
    ("Moss grows on the stones of the old wall.", set()),      # an all-ASCII Norwegian town: in its language only
])
def test_towns_news_names_below_the_city_threshold(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("V najvyšších polohách Tatier a Malej Fatre je lavínové nebezpečenstvo.", {"SK"}),  # Slovak genitive
    ("Hallitus sai eduskunnan luottamuksen äänin 102–84.", {"FI"}),    # eduskunta is written lower-case
    ("Suomalaisten nuorten lukutaito heikkeni.", {"FI"}),              # a demonym opening a sentence
    ("মিয়ানমারের রাখাইন রাজ্যে লড়াই", {"MM"}),                          # Bengali's usual spelling, genitive
])
def test_regions_and_spellings_news_uses(text: str, expected: set[str]) -> None:
    assert codes(text) == expected
