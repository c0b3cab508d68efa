"""Country tagging of place forms that real non-English news writes: regional spellings, plural town names, Czech
animate adjectives, demonyms and regions of the curated lists, and phrases that name a language or a currency
or use a word that a source gives as a place. Each case is a sentence the tagger must now read right, beside
near cases that must keep their reading."""
from __future__ import annotations

import pytest

from mediamon.enrich import countries, gazetteer
from mediamon.enrich.countries import tag_countries
from tests.support.countries import codes


@pytest.mark.parametrize(("text", "expected"), [
    ("O ministro viajou ao Irão na semana passada", {"IR"}),       # European Portuguese (CLDR pt_PT)
    ("Eleições no Quénia marcadas por protestos", {"KE"}),
    ("A seleção da Polónia venceu em casa", {"PL"}),
    ("O presidente visitou o Irã", {"IR"}),                          # the Brazilian spelling stays
    ("Carnaval de Salvador atrai turistas", set()),                  # pt_PT "Salvador" (El Salvador) stays out
])
def test_european_portuguese_country_names(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_regional_variants_skip_names_other_places_have() -> None:
    taken = [gazetteer.Entry("Salvador", "BR", "city", "geonames:1")]
    variants = gazetteer.variant_entries(taken, frozenset({"SV", "IR", "BR"}))
    surfaces = {e.surface: e.code for e in variants}
    assert surfaces.get("Irão") == "IR"
    assert "Salvador" not in surfaces


@pytest.mark.parametrize(("text", "expected"), [
    ("В Шахтах открыли новую школу", {"RU"}),                        # the town named in the plural, its cases
    ("Жители Шахты жалуются на дороги", {"RU"}),
    ("Шахта закрыта после аварии", set()),                           # the noun "mine"
    ("Шахтар переміг у матчі", set()),                               # Ukrainian "miner" (the club)
    ("Шахтада жарылыс болды", set()),                                # Kazakh "in the mine"
])
def test_plural_town_names_take_plural_endings_only(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_plural_town_rows() -> None:
    entry = gazetteer.Entry("Шахты", "RU", "city", "geonames:1")
    rows = gazetteer.entry_rows(entry, {"ru"}, gazetteer_morphology())
    assert [(r.surface, r.suffix, r.endings) for r in rows] == [("Шахты", 3, ()), ("Шахт", 0, ("ru-pl",))]


@pytest.mark.parametrize(("text", "expected"), [
    ("Čeští hokejisté vyhráli turnaj", {"CZ"}),                      # masculine animate plural: -ský -> -ští
    ("Němečtí turisté zaplnili hory", {"DE"}),                       # -cký -> -čtí
    ("Američtí vojáci opustili základnu", {"US"}),
    ("Čeština je těžký jazyk", set()),                               # the language's name is no demonym
])
def test_czech_animate_plural_adjectives(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_czech_animate_stems() -> None:
    stems = [(gazetteer.Entry("česk", "CZ", "demonym", "s"), "sk-adj"),
             (gazetteer.Entry("tureck", "TR", "demonym", "s"), "sk-adj"),
             (gazetteer.Entry("российск", "RU", "demonym", "s"), "ru-adj")]
    derived = [(e.surface, c) for e, c in gazetteer.czech_animate_stems(stems)]
    assert derived == [("češt", "cs-anim"), ("turečt", "cs-anim")]


@pytest.mark.parametrize(("text", "title", "focus"), [
    ("L'armée malienne a repris la ville", None, "ML"),             # French demonyms of the francophone world
    ("Les Sénégalais votent dimanche", None, "SN"),
    ("Los pescadores marroquíes protestan", None, "MA"),            # Spanish demonyms
    ("La selección sueca ganó el partido", None, "SE"),
    ("Daugiau lietuvių grįžta į tėvynę", None, "LT"),               # Lithuanian lietuvis, genitive plural
    ("Відбувся матч португальської ліги", None, "PT"),              # Ukrainian adjective of a country
    ("Прошёл чемпионат греческой лиги", None, "GR"),                # Russian
    ("Turisté míří na jižní Moravu", None, "CZ"),                   # Czech region with its cases
    ("Storm i Dalarna, vägar stängda", None, "SE"),                 # Swedish region named bare
    ("Lapin matkailu kasvaa", None, "FI"),                          # Finnish genitive of Lappi
    ("काठमाडौँमा वर्षा भयो", None, "NP"),                            # Kathmandu with chandrabindu
    ("Беларускія хакеісты выйгралі турнір", None, "BY"),             # Belarusian adjectives of nationality
    ("Мінскі метрапалітэн зачынены на рамонт", None, "BY"),
    ("Польскія фермеры пратэстуюць", None, "PL"),
])
def test_curated_demonyms_and_regions(text: str, title: str | None, focus: str) -> None:
    assert tag_countries(title, text).focus == focus


@pytest.mark.parametrize(("text", "expected"), [
    ("Le roman de l'écrivaine turque est publié en français", {"TR"}),   # the language, not France
    ("El libro se tradujo en español", set()),
    ("O filme estreia em português", set()),
    ("הספר תורגם באנגלית", set()),
    ("Le président français a parlé", {"FR"}),                            # the demonym stays
    ("Un historien français étudie la guerre", {"FR"}),                   # "en" inside a word is no "in"
    ("Le livre, traduit En anglais, arrive", set()),
    ("Investors in Chinese companies lost money", {"CN"}),                # English capitalises its demonyms
    ("Il romanzo è tradotto in inglese", set()),
    ("Viele Oppositionelle sitzen in russischen Gefängnissen", {"RU"}),   # German adjectives after "in"
    ("Die Firma investiert in chinesische Unternehmen und in französische Banken", {"CN", "FR"}),
    ("Lo Stato investe in italiane aziende", {"IT"}),                     # an Italian adjective, not a language
    ("Il libro è uscito in italiano", set()),
    ("Der Film läuft in russischer Sprache", {"RU"}),
    ("Ein Roman, erschienen in englischer Übersetzung", {"GB"}),
    ("En svensk minister besökte Oslo", {"SE", "NO"}),                    # Swedish "en" (a) is no French "en"
    ("Hacker erbeuteten Bitcoin im Wert von 64 Millionen US-Dollar", set()),   # a currency, not the country
    ("Курс доллара США вырос", set()),
    ("Die US-Regierung reagierte", {"US"}),
    ("Pelabur asing kembali ke Bursa Malaysia", {"MY"}),                  # the exchange, not the Turkish city
    ("Bursa'da deprem", {"TR"}),
])
def test_language_and_currency_phrases(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_names_language() -> None:
    rules = countries.load_gazetteer().rules

    def reads_language(doc: str, word: str, code: str, kind: str = "demonym") -> bool:
        start = doc.index(word)
        return countries.names_language(countries.Hit(start, start + len(word), word, code, kind), doc, rules)

    assert reads_language("publié en français", "français", "FR")
    assert not reads_language("publié en français", "français", "FR", kind="country")
    assert not reads_language("le président français", "français", "FR")
    assert reads_language("tradotto in inglese", "inglese", "GB")
    assert not reads_language("in russischen Gefängnissen", "russischen", "RU")   # German: no language names
    assert not reads_language("in italiane aziende", "italiane", "IT")           # not the language's form
    assert reads_language("em francês", "francês", "FR")                        # Portuguese "em" names
    assert not reads_language("in français", "français", "FR")                  # each preposition its language


@pytest.mark.parametrize(("text", "expected"), [
    ("दादी ने हवाई जहाज़ से यात्रा की", set()),                     # Hindi "air", not Hawaii
    ("सेनाले हवाई आक्रमण गर्यो", set()),                            # Nepali
    ("मजदूरों को वेतन नहीं मिली", set()),                           # "got", not Mila (Algeria)
    ("কৃষকেরা আনন্দ উদযাপন করে", set()),                          # Bengali "joy", not Anand
    ("התלמיד קיבל ציון גבוה", set()),                               # Hebrew "grade", not Zion
    ("המורים שובתים", set()),                                       # "the teachers"
    ("حملة من أجل حماية البيئة", set()),                            # Arabic "protection", not Hama
    ("그는 마라톤 완주에 성공했다", set()),                           # Korean "finishing (a race)"
    ("완주군에서 축제가 열렸다", {"KR"}),                              # the county keeps its name
    ("फ्लोरिडा में तूफ़ान", {"US"}),                                  # another US state in Devanagari stays
    ("Ein riesiger Wels wurde im Rhein gefangen", set()),           # German "catfish", not the Austrian town
])
def test_ordinary_words_are_not_places(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "focus"), [
    ("Royal Mail raises the price of stamps", "GB"),
    ("ההסתדרות הכריזה על שביתה", "IL"),
    ("أرباح أرامكو ترتفع", "SA"),
    ("Бұрынғы әкім сотталды", "KZ"),
    ("اسٹیٹ بینک نے شرح سود بڑھا دی", "PK"),
    ("نتایج کنکور اعلام شد", "IR"),
    ("Ο ΕΟΦ ανακάλεσε φάρμακο", "GR"),
])
def test_national_institutions_as_fallback(text: str, focus: str) -> None:
    assert tag_countries(None, text).focus == focus


def gazetteer_morphology() -> dict:
    """The curated morphology the builder reads."""
    import json

    return json.loads((gazetteer.CURATED_DIR / "morphology.json").read_text(encoding="utf-8"))
