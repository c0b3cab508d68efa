"""Country tagging of names that are ordinary words in other languages (rows gated by the letters of the
languages they hold, or do not hold, in), and of regions and clitic forms the licensed sources lack."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.enrich import countries, gazetteer
from mediamon.enrich.countries import Name, gate_letters, is_gated, language_gate, row_gate, tag_countries
from tests.support.countries import codes

MORPHOLOGY = {"letters": {"cs": "ěř", "sk": "ľř", "tr": "ış"}, "neighbours": {"cs": ["sk"]}}


@pytest.mark.parametrize(("text", "expected"), [
    ("Indie a Pákistán se dohodly na příměří", {"IN", "PK"}),    # Czech nominative of India
    ("Vláda Indie schválila rozpočet", {"IN"}),                     # Czech genitive
    ("Rząd Indie ogłosił nowe cła", {"IN"}),                        # Polish nominative
    ("Indie developers love this engine", set()),                  # the English word
    ("The Indie Game Awards were held in Berlin", {"DE"}),
])
def test_indie_is_india_in_czech_slovak_and_polish_only(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ruska värittää Lapin tunturit syyskuussa", {"FI"}),        # Finnish "autumn colours" (in Lapland), not Russia
    ("Ruska mökillä oli upea", set()),
    ("Zprávy z Ruska přicházejí pozdě", {"RU"}),                    # Czech genitive of Russia
    ("Plyn z Ruska tečie ďalej", {"RU"}),                           # Slovak genitive
])
def test_ruska_is_russia_in_czech_and_slovak_only(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ראש הממשלה ביקר בהודו השבוע", {"IN"}),                        # "in India"
    ("המשלחת חזרה מהודו", {"IN"}),                                 # "from India"
    ("וכשבהודו החלו הבחירות", {"IN"}),                              # "and when in India"
    ("הם הודו לו על העזרה", set()),                                 # "they thanked him"
    ("החשודים הודו במעשים", set()),                                 # "the suspects admitted"
])
def test_hebrew_india_after_a_clitic_of_place(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Tartus toimus suur kontsert", {"EE"}),                        # inessive -s of an all-ASCII town
    ("Narvas suleti piiripunkt", {"EE"}),
    ("Pärnus oli torm", {"EE"}),                                    # a town of 40,000: one of Estonia's ten biggest
    ("Viljandis avati muuseum", {"EE"}),
    ("Tartu", set()),                                               # an all-ASCII town still needs an ending
])
def test_estonian_towns_with_one_letter_case_endings(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Banjir besar melanda Sabah dan Sarawak", {"MY"}),
    ("Kerajaan negeri Johor mengumumkan cuti", {"MY"}),
    ("Pelancong ramai di Pulau Pinang", {"MY"}),
    ("Hujan lebat di Kelantan dan Terengganu", {"MY"}),
    ("Gempa mengguncang Jawa Barat dan Bali", {"ID"}),
    ("Sabah saatlerinde İstanbul'da yağmur yağdı", {"TR"}),       # Turkish "morning"
    ("Sheikh Sabah al-Ahmed al-Sabah met the envoy", set()),       # the Kuwaiti ruling family
])
def test_malaysian_states_and_indonesian_provinces(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Φωτιά στην Αττική κατέστρεψε σπίτια", {"GR"}),
    ("Fighting continued in Rakhine state", {"MM"}),
    ("कुंभ मेले के लिए करोड़ों लोग प्रयागराज पहुंचे", {"IN"}),
])
def test_curated_regions_and_cities(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("مراسم عزاداری تاسوعا و عاشورا در مشهد برگزار شد", {"IR"}),    # Persian: Mashhad
    ("زائران زیادی به مشهد سفر کردند", {"IR"}),
    ("په مشهد کې ډېر باران ووریده", {"IR"}),                         # Pashto: Mashhad
    ("هذا مشهد مؤثر من الفيلم الجديد", set()),                       # Arabic "scene"
    ("مشهد من المباراة النهائية", set()),
])
def test_mashhad_holds_in_persian_and_pashto_text_only(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Kira artışları öğrencileri yurt kuyruğuna soktu", set()),    # Turkish "rent"
    ("Floods cut the road to Kira, east of Kampala", {"UG"}),
])
def test_kira_is_rent_in_turkish_text(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Skredet i Nordland tok tre hus, og to personer er savnet i går", {"NO"}),   # Norwegian: å
    ("Oljefunnet utenfor Rogaland gir nye arbeidsplasser i år", {"NO"}),
    ("Skogsbränder i Halland och Blekinge, räddningstjänsten är på plats", {"SE"}),
    ("Nordland scored twice before half-time", set()),             # an English surname
    ("The Halland family sold the farm", set()),
    ("Nordland hat gewonnen, sagte der Trainer später über das Spiel", set()),  # no Norwegian letters
])
def test_national_regions_of_ascii_names_hold_in_their_language_only(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Das neue Werk in Wolfsburg öffnet im März", {"DE"}),         # German: ö
    ("In Innsbruck schneit es, die Straßen sind glatt", {"AT"}),
    ("Flom i Drammen, skolene får fri i morgen", {"NO"}),          # Norwegian: å
    ("Worms were found in the soil samples", set()),              # English: the town stays out
    ("Drammen said the plan would work", set()),
])
def test_all_ascii_national_towns_hold_bare_in_their_language_only(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("БЗП «Щучин»: о прекращении работы заправочного пункта", {"BY"}),   # towns under 50,000
    ("БЗП «Волковыск»: с 17 мая изменится график работы", {"BY"}),
    ("В Ивацевичах открыли новую школу", {"BY"}),
    ("У Ваўкавыску адкрылі музей", {"BY"}),                         # Belarusian locative
    ("Zakopane przeżywa oblężenie turystów w ferie", {"PL"}),
    ("Tłumy turystów w Zakopanem", {"PL"}),
    ("Skiers flock to Zakopane", {"PL"}),
    ("Cheias em Coimbra e Aveiro obrigam a cortar estradas", {"PT"}),   # Portugal's towns under 150,000
    ("Students protested in Évora and Setúbal", {"PT"}),
])
def test_small_towns_their_news_names(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_an_only_gate_holds_in_text_of_its_languages_alone() -> None:
    assert row_gate("only:cs", MORPHOLOGY) == ("", "ěř", "ľ")
    assert row_gate("tr", MORPHOLOGY) == ("ış", "", "")
    name = Name("IR", "city", needs="ě", foreign="ľ")
    assert not is_gated("Přijeli do města", name)
    assert is_gated("Prijeli do mesta", name)                      # none of its letters
    assert is_gated("Přijeli ľudia", name)                         # a neighbour's letter


def test_a_gate_keeps_out_only_its_listed_neighbours_letters() -> None:
    morphology = {"letters": {"sk": "ľôč", "cs": "ěřč", "fr": "çô", "pt": "ãô"}, "neighbours": {"sk": ["cs"]}}
    assert language_gate("sk", morphology) == ("ôčľ", "ěř")           # French and Portuguese share ô, unlisted
    assert language_gate("cs", morphology) == ("čěř", "")              # a language with no neighbours listed
    with pytest.raises(ValueError, match="xx"):
        language_gate("sk", {**morphology, "neighbours": {"sk": ["xx"]}})


def test_committed_neighbours_are_languages_with_letters() -> None:
    morphology = gazetteer_morphology()
    assert morphology["neighbours"]["sk"] == ["cs"]
    assert language_gate("sk", morphology)[1] == "".join(sorted("ěřůĚŘŮ"))   # no French à ç è, no Portuguese ã õ
    assert not set("üßÜ") & set(language_gate("sv", morphology)[1])          # German names stay in Swedish text
    assert not set("čšžľ") & set(language_gate("pt", morphology)[1])         # Czech and Slovak names in Portuguese


@pytest.mark.parametrize(("text", "focus"), [
    ("Poslanci Parlamentu schválili zákon o štátnom rozpočte, povedal minister.", "SK"),
    ("Poslanci Parlamentu schválili zákon o štátnom rozpočte, povedal minister. Kritizoval ho aj François.", "SK"),
    ("Poslanci Parlamentu schválili zákon o státním rozpočtu, řekl poslanec.", None),   # Czech: not Slovak's
    ("Ministr zahraničí Rubio jednal o clech, řekl poslanec.", None),               # a title: whose minister?
    ("Senát schválil zákon o státním rozpočtu, řekl poslanec. Kritizoval ho François.", "CZ"),
    ("Senát schválil zákon o státním rozpočtu, povedal minister Ľubomír.", None),      # Slovak ľ: not Czech's
    ("La CGT appelle à la grève, a déclaré le syndicaliste Dubček.", "FR"),
    ("Segundo o INE, a inflação caiu em março, disse o economista Dubček.", "PT"),
])
def test_a_foreign_name_does_not_undo_a_language_gate(text: str, focus: str | None) -> None:
    assert tag_countries(None, text).focus == focus


@pytest.mark.parametrize(("text", "expected"), [
    ("Stormen drabbade Halland på söndagen, sade Müller", {"SE"}),           # a German name in Swedish text
    ("Stormen drabbade Halland på söndagen", {"SE"}),
    ("Stormen rammet Halland på søndag", set()),                              # Norwegian: æ ø keep it out
    ("Übermorgen kommt es in Wolfsburg zu Streiks, sagte Dubček", {"DE"}),
    ("Nästa vecka strejkar man i Wolfsburg på fabriken", set()),              # Swedish å: not German text
])
def test_gated_places_keep_their_language_beside_foreign_names(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_only_gate_is_one_constant() -> None:
    assert gazetteer.ONLY_GATE is countries.ONLY_GATE


def gazetteer_morphology() -> dict:
    """The curated morphology the builder reads."""
    import json

    return json.loads((gazetteer.CURATED_DIR / "morphology.json").read_text(encoding="utf-8"))


def test_an_all_ascii_national_name_without_endings_is_gated_to_its_language() -> None:
    morphology = {"letters": {"nb": "æøå"}}
    entry = gazetteer.Entry("Nordland", "NO", "province", "iso3166-2:NO-18:national", lang="nb")
    rows = gazetteer.national_bare_rows(entry, morphology)
    assert [(r.surface, r.kind, r.stem) for r in rows] == [("Nordland", "province@only:nb", False)]
    assert gazetteer.national_bare_rows(gazetteer.Entry("Leiden", "NL", "city", "x:national", lang="nl"),
                                        morphology) == []


def test_gate_letters_of_a_kind() -> None:
    assert gate_letters("cs,tr", MORPHOLOGY) == "".join(sorted("ěřış"))
    assert gate_letters("", MORPHOLOGY) == ""


def test_a_gated_row_does_not_hold_in_text_with_those_letters() -> None:
    name = Name("", "block", unless="ěř")
    assert is_gated("Indie a Pákistán se dohodly na příměří", name)
    assert not is_gated("Indie rock is back", name)
    assert not is_gated("Indie a Pákistán", Name("IN", "country"))


def test_not_places_lines_name_their_gates(tmp_path: Path) -> None:
    path = tmp_path / "not_places.txt"
    path.write_text("# comment\nNice\nIndie\tname:cs,sk\nSabah\tword:tr\nمشهد\tonly:fa\n", encoding="utf-8")
    words, gates = gazetteer.read_not_places(path)
    assert words == {"Nice", "Indie"}
    assert gates == {"Indie": "cs,sk", "Sabah": "tr", "مشهد": "only:fa"}
    assert gazetteer.gated_line("Sabah\tMY\tprovince\t0\t\t\tiso", gates) == "Sabah\tMY\tprovince@tr\t0\t\t\tiso"
    assert gazetteer.gated_line("مشهد\tIR\tcity\t0\t\t\tg", gates) == "مشهد\tIR\tcity@only:fa\t0\t\t\tg"


def test_a_gate_without_languages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not_places.txt"
    path.write_text("Indie\tname\n", encoding="utf-8")
    with pytest.raises(ValueError, match="word<TAB>name:LANGS"):
        gazetteer.read_not_places(path)


@pytest.mark.parametrize(("text", "expected"), [
    ("Мәскеуде кездесу өтті", {"RU"}),                              # Kazakh: у after a vowel is a glide
    ("Toshkentda yig'ilish bo'ldi", {"UZ"}),                        # Uzbek locative
    ("Argentinada seçkilər keçirildi", {"AR"}),                     # Azerbaijani locative of a name English shares
    ("Malika Johnson won the race", set()),                         # no Uzbek dative -ka on Mali
])
def test_turkic_endings(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_kazakh_glide_does_not_decide_vowel_harmony() -> None:
    assert gazetteer.harmonised("kk", "Мәскеу") == "kk-e"
    assert gazetteer.harmonised("kk", "Ресей") == "kk-e"
    assert gazetteer.harmonised("kk", "Астана") == "kk-a"


@pytest.mark.parametrize(("text", "expected"), [
    ("Σεισμός στην Κρήτη", {"GR"}),
    ("Πυρκαγιές στην Εύβοια", {"GR"}),
    ("ראש הממשלה ההודי נפגש עם שרים", {"IN"}),                      # Hebrew demonym after the article
    ("Reën in Kaapstad", {"ZA"}),
    ("Halep'te çatışmalar sürüyor", {"SY"}),
    ("زلزال في إسطنبول", {"TR"}),
])
def test_curated_names_in_their_languages(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Czeski rząd podał się do dymisji", {"CZ"}),                  # Polish adjective opening a sentence
    ("Niemieckie firmy inwestują", {"DE"}),
    ("Powódź w Bawarii zniszczyła domy", {"DE"}),                  # Polish genitive of a curated region
    ("Finländska myndigheter varnar", {"FI"}),                      # Swedish adjective of Finland's citizens
    ("Sciopero a Monaco di Baviera", {"DE"}),                       # not Monaco
    ("Pietarissa järjestettiin mielenosoitus", {"RU"}),             # Finnish inessive of St Petersburg
    ("In Antwerpen werd een haven gesloten", {"BE"}),
    ("Les Bruxellois ont voté", {"BE"}),
])
def test_adjectives_and_exonyms_in_their_languages(text: str, expected: set[str]) -> None:
    assert codes(text) == expected
