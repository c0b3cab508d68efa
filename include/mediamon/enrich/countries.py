"""Country tagging: reads an article's title and text, writes CountryTags (countries, spans, focus).

Every tag is explainable: each CountryMention carries the spans (start, end, surface) that
produced it. Spans index into `f"{title}\\n\\n{text}"` when a title is given, else into `text`
(see `compose_document`). Names come from the versioned table in include/mediamon/config/gazetteer/
(built by `python -m mediamon.enrich.gazetteer`), matched case-sensitively with one Aho-Corasick
automaton per script (a text walks only those of the scripts it contains), then refined by these
rules, in order:

1. block-list: outlet, organisation, treaty and team names ("Washington Post", "Paris Agreement")
   are in the automaton without a country, so the longest match hides the place inside them;
2. word boundaries, by script: a name must stand alone; a plural or genitive "s" may follow
   ("Russians"), Cyrillic names may take a short case ending ("Казахстана"), and a name or stem
   may take one of its listed endings (German "Deutschlands", Polish "Ukrainy", Finnish "Suomen",
   Turkish "Çinli" and cases after an apostrophe "Kocaeli'de", Arabic nisba "إيراني", Korean particles "러시아는", Nepali "नेपालमा"; spans
   cover the ending). Arabic-script and Hebrew names may follow attached clitics ("بالعراق",
   "في إيران" and "בישראל": the span is the name). Chinese and Japanese names need no boundary
   (text has no spaces): the block-list holds the common words that would otherwise hide a false
   name and the longest match wins ("中国人民银行" is China, "今日本当に" holds no Japan);
   katakana names must not touch other katakana ("インド" is not inside "ウインドウズ"); a row gated by
   languages ("block@cs,sk,pl") does not hold in a text that has their letters, where the shorter names
   beneath it do (English "Indie" is a word, Czech "Indie" India; Turkish "Sabah" is no Malaysian state),
   and a row gated "only" by languages ("city@only:fa") holds only in text that has their letters and none
   of a neighbouring language's that they lack (Persian "مشهد" is Mashhad, Arabic "مشهد" a scene;
   Norwegian "i Nordland", English "Nordland" a surname);
3. qualifiers: "Paris, Texas", "London, Ont." and "Alexandria, Va." move a city to the country of
   the state or province after the comma (not a province from ISO 3166-2, which is often named
   like a city: "Москва, Пекін" lists two capitals); a bare abbreviation ("Va.") is not a mention;
4. person names: a name that is also a first or last name ("Jordan", "Chad", "Vladimir") is
   dropped when joined to another capitalised word ("Michael Jordan", "Владимир Путин"), and in
   title-case headlines too when that word is a leader's surname of curated/people.tsv ("Vladimir
   Zelensky Meets Allies" names no Russian town); a language name right after its language's
   preposition (rules.json "language_names") names the language ("publié en français", "em português"), as a
   Hebrew feminine demonym does right after the attached "in", "into" or "from" ("תורגם לאנגלית") and a demonym in
   Arabic script beside the word for language ("اللغة التركية", Persian "زبان انگلیسی", Urdu "روسی زبان");
5. shared names (run first; rules.json "shared_names"): a name two countries share is its default country's unless
   the article's evidence for the other outweighs it: cue words of each (Atlanta, governor, state Senate for the US
   state; Tbilisi, Ossetia, Russia for the country of Georgia) and the article's other mentions of each country (a
   bare 'Congo' is the Republic when the article names it, by Brazzaville or Pointe-Noire, more often than the
   Democratic Republic by an unambiguous name);
6. homonyms (after the dateline): a town whose default country is named nowhere else in the article moves to the
   one other country with a town of that name that the article does name ("Edmonton" with
   "North London" is in GB); for a town, not a capital, the article's seats of power, leaders and institutions
   name countries too ("Belém" beside the "Assembleia da República" is Lisbon's, not Brazil's city);
7. dateline: an upper-case place near the start of the body ("ALMATY, Jan 12 -",
   "CHARLOTTE, N.C. (AP)") is a mention and weighs in the focus;
8. people, as fallback only: when none of the above leaves a single place, the heads of state and
   government of curated/people.tsv ("Angela Merkel", "Merkel", "Эрдоган", "习近平") are matched
   with the same machinery (their own automata, whole words, a Latin genitive "s", Cyrillic case
   endings, Korean particles, Nepali and Bengali postpositions: "मोदीले") and each is a mention of the
   leader's country, spans and all. An article that names any place is tagged exactly as without the
   list. National institutions of curated/institutions.tsv (police forces, parties, agencies, national
   exams, clubs whose name is no place: "FBI", "GNR", "OĽANO", "ÖSYM", "ҰБТ", "高考", "Benfica"; ministries, courts and currencies in the words of a
   language written in one country: "Sağlık Bakanlığı", "ministerstwo", "министрлігі", "मन्त्रालयले",
   "рублей") are the same kind of fallback evidence, matched the same way. A name several countries share
   holds only in text of the language that tells its country, by its letters ("Senát" is Czech in text
   with Czech letters and no Slovak ones, "国会" Japanese in text with hiragana), or goes to a default
   country that the article's other institutions can overrule as towns go to a homonym (a "Bundesrat"
   is German, Austrian beside the ÖVP, Swiss beside the Ständerat). A named leader outranks the institutions
   of other countries: a title before a name is that person's office ("Thủ tướng Netanyahu" is Israeli news, not
   Vietnamese; "Dışişleri Bakanı Lavrov" Russian, not Turkish).

The focus is the country with the highest score: its mentions (a demonym counts half, but in full when it opens
the title: "South Korean police clash with protesters over US beef" is Korean news), plus a bonus when it is in the
title or the dateline; ties go to the earliest mention (measured: the later one loses more than it wins). A title that
opens with a state (by name, capital or seat of power) acting on one other country it names, by one of rules.json's
"acting_words" ('Russland utviser to norske diplomater', 'Minsk запретил ввоз польских яблок'), is about the country
acted upon. A title that names a visitor's country and then, right after one of rules.json's "arrival_words", a place
of one other country ('Прем'єр Польщі прибув до Києва', 'Indian minister arrives in Nairobi') is about the host. Where
the people live whom a title names by a demonym and then, after a word or two and "in" (en, em, в, w, di, في), a
place of another country ('Ukrainians in Poland take employers to court', 'Türken in Deutschland', 'Polacy w Wielkiej
Brytanii') gains a mention, and the demonym counts half. A demonym the table lists in lower case (Spanish,
Portuguese, Italian) is found capitalised as the first word of the title or of the text too ('Venezolanos en Chile').
Text given to the tagger is expected to be article text only: boilerplate is removed by extraction before tagging.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import ahocorasick

from mediamon.collector import built_without_collector
from mediamon.errors import ConfigError
from mediamon.records import CountryMention, CountryTags
from mediamon.settings import CONFIG_DIR

logger = logging.getLogger(__name__)

GAZETTEER_TABLE = CONFIG_DIR / "gazetteer" / "gazetteer.tsv"
TITLE_SEPARATOR = "\n\n"
TITLE_BONUS = 1.0
DATELINE_BONUS = 2.0
HOME_BONUS = 1.0  # where the people a title names live ('Nigerian nurses in Britain'): one more mention
KIND_WEIGHTS = {"demonym": 0.5}
OPENING_WEIGHT = 1.0  # a demonym that opens the document is its subject ('South Korean police ...'): a full mention
OBJECT_WEIGHT = 0.75  # a name marked as the object ('일본을 꺾은 한국', '日本を破った', 'ओमानलाई हराउँदै नेपाल'): less than the subject
OBJECT_MARKERS_ATTACHED = ("을", "를", "लाई", "কে")  # Korean object particles, the Nepali and Bengali object case endings
OBJECT_MARKERS_FOLLOWING = ("を",)  # the Japanese object particle after a name
COMPARED_WEIGHT = 0.5  # a country a title names as the precedent ('After Poland and Lithuania, Latvia ...')
_AFTER_BEFORE = re.compile(  # a title opening with 'after' (and an article or 'of') before the precedent's names
    r"[\"'«“„]?(?:After|Nach|Après|Tras|Después de|Dopo|Depois|Após|Efter|Po|После|Вслед за|Следом за|Після|"
    r"Слідом за|Услід за|Пасля|Услед за|Следам за|بعد|پس از|بعد از)"
    r"(?:\s+(?:de|da|do|das|dos|del|de la|di|the|dem|der|den))?\s*(?:[ld]['’]|la\s|le\s|les\s|el\s|los\s|il\s)?")
_AFTER_FOLLOWING = re.compile(  # the postposition after the precedent's names (Turkish, Urdu, Japanese, Korean, Finnish)
    r"\s*(?:(?:['’]?[dt][ae]n\s+)?sonra|کے بعد|に続き|に続いて|に次いで|에 이어|jälkeen)")
_COORDINATION = re.compile(  # what may stand between two precedents: a comma and/or 'and' (Arabic و attached)
    r"[\s,、，]*(?:(?P<conjunction>and|und|et|y|e|i|a|oraz|ve|və|ile|ja|och|en|и|і|й|та|و|va|اور)\s*)?"
    r"(?:[ld]['’]|(?:la|le|les|el|los|las|il|lo|gli|the|der|dem|da|do|das|dos|de|del|du|des|a|o)\s)?")
_PRECEDENT_END = re.compile(r"\s*[,:;—–،]")  # a single precedent ends at a comma or colon: 'After Germany, Spain'
PLACE_KINDS = frozenset({"country", "alias", "demonym", "metonym", "capital", "city", "state", "region", "province"})
QUALIFIED_KINDS = frozenset({"city", "capital"})
ONLY_GATE = "only:"  # a table row's gate naming the languages in whose text alone it holds (city@only:fa)
QUALIFYING_KINDS = frozenset({"qualifier", "state", "region", "alias", "country"})
CAPITAL_HOMONYM_SUPPORT = 2  # other names of a country needed before a capital moves there ("Moscow", Idaho)
DATELINE_SEARCH_CHARS = 250  # datelines may follow a headline run into the body
TITLE_LABEL_KINDS = frozenset({"country", "alias", "capital"})  # a place a title may open with as its label
TITLE_LABEL_END = re.compile(r"[\"'»”’]?\s?[:：]")  # the label's colon right after it (a dash may join two: 'US - China')
PEOPLE_TABLE = "curated/people.tsv"  # beside the gazetteer table
INSTITUTIONS_TABLE = "curated/institutions.tsv"
PERSON_KIND = "person"
INSTITUTION_KIND = "institution"
BLOCK_CODE = "-"  # institutions.tsv code of a row that hides an institution inside a longer name
HOMONYM_KINDS = QUALIFIED_KINDS | {INSTITUTION_KIND}  # hits that move to a homonym's country the article supports
MIN_LATIN_SURNAME = 5  # a bare Latin surname shorter than this is never matched ("May", "Kim")...
KEPT_MARK = "!"  # ...unless people.tsv marks it hand-checked: "Merz!", no word in any registry language
CYRILLIC_SUFFIX_CHARS = 3  # the most case-ending letters a one-word Cyrillic name takes (gazetteer.suffix_chars)
PERSON_CYRILLIC_SUFFIX = 3  # "Путина", "Зеленського", "Тоқаевтың"
PERSON_ENDINGS = {"latin": "s", "korean": "ko", "devanagari": "deva", "bengali": "bn"}  # ending classes of
# curated/morphology.json: a genitive "s", Korean particles, Nepali and Bengali postpositions ("मन्त्रालयले")
_HANGUL = re.compile("[\uac00-\ud7af]")
_BENGALI = re.compile("[\u0980-\u09ff]")
_NEXT_WORD = re.compile(r" (\w[\w'’.-]*)")
_PREV_WORD = re.compile(r"(\w[\w'’.-]*) $")
_PREV_TWO_WORDS = re.compile(r"(?<!\w)(\w+ \w+) $")
_LANGUAGE_OF = frozenset({"de", "du"})  # the 'of' that ends rules.json's two-word "language_names" keys ('cours de')
_LOWER_WORD = re.compile(r"(?<!\w)[^\W\d_A-ZÀ-ÞА-ЯЁІЇЄҐ]{4,}")  # a word of four letters or more opening in lower case
_PLACE_BEFORE_COMMA = re.compile(r"[A-Z][\w'’.-]*, $")
_MARKS = frozenset({"Mn", "Mc"})
SCRIPT_GROUPS = {"greek": "\u0370-\u03ff", "cyrillic": "\u0400-\u052f", "hebrew": "\u0590-\u05ff",
                 "arabic": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff", "indic": "\u0900-\u09ff",
                 "cjk": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"}
_SCRIPT_PATTERNS = {group: re.compile(f"[{ranges}]") for group, ranges in SCRIPT_GROUPS.items()}
_NON_LATIN = re.compile("[" + "".join(SCRIPT_GROUPS.values()) + "]")
_KATAKANA_ONLY = re.compile("[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff]*")  # is_katakana's letters (fullmatch)
_HAN_OR_KANA = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UPPER = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŒŘŚŞŠŤŮŹŻŽĞİА-ЯЁІЇЄҐ"  # upper-case letters of datelines (BRASÍLIA, ŁÓDŹ, КИЇВ)
WORD = "word"  # boundary modes of a name, from its script
CJK = "cjk"
KATAKANA = "katakana"
ARABIC = "arabic"
HEBREW = "hebrew"
STEM_MARK = "+"
STEM_WILDCARD = "*"  # rules.json "acting_words": the word is a stem ('sanction*')
VISIT_GAP = 4  # characters a preposition may take between an arrival word and the host ('arrives in ', 'прибув до ')
ACTOR_KINDS_NOT = frozenset({"demonym"})  # a title opening with a demonym names people, not a state acting
_ACTOR_OPENING = re.compile(  # what may stand before the acting state: quotes and an article ('La Farnesina', "L'Élysée")
    r"[\s\"'«“„‘]*(?:(?:the|la|le|el|il|lo|los|las|les|die|der|das|o|a)\s+|l['’])?", re.IGNORECASE)
_AND_BEFORE = re.compile(  # 'and' right before the other country: a second actor ('Senegal and Morocco fined',
    r"(?<![^\W\d_])(?:and|und|et|y|e|i|oraz|ve|və|ja|och|и|і|й|та|va|اور)\s+$", re.IGNORECASE)  # '... y Bruselas responde')
APOSTROPHES = "'’"  # an ending class's forms may start with one: Turkish cases of names ("Kocaeli'de", "Hatay’da")
HEBREW_LANGUAGE_CLITICS = "בלמ"  # attached "in", "into", "from": "באנגלית", "לצרפתית", "מרוסית" name a language
HEBREW_AND = "ו"  # the attached "and" that may come before them ("ולאנגלית")
HEBREW_LANGUAGE_ENDING = "ית"  # the feminine demonym, which is also the language's name
HEBREW_AND_THE = "וה"  # attached "and the": "המתמטיקה והאנגלית" (maths and English) coordinates a language with a noun
HEBREW_THE = "ה"  # the attached article
_LANGUAGE_WORD_BEFORE = re.compile(r"(?<![^\W\d_])(?:[وف]?(?:بال|ال|ب|ل)?لغة|زبان)\s+(?:ال)?$")  # "اللغة الفرنسية",
# "بلغة روسية", Persian "زبان انگلیسی": a demonym after the word for language is the language
_LANGUAGE_WORD_AFTER = re.compile(r"\s+زبان(?![^\W\d_])")  # Urdu "روسی زبان": the language's word after it
ARABIC_EGYPT = "مصر"  # also the adjective 'insisting' (مُصِرّ), unvowelled: 'الوزير مصر على موقفه'
_ARABIC_DEFINITE_BEFORE = re.compile(r"(?<![^\W\d_])[وفب]?ال[^\W\d_]+ $")  # a definite noun right before it
_ARABIC_INSISTS_ON = re.compile(r" عل[ىي] (?!موعد)")  # 'on' after it, but not 'مصر على موعد' (Egypt has a date)


@dataclass(frozen=True)
class Endings:
    """The exact endings a name or stem may take, and which of them make it a demonym."""

    forms: frozenset[str]
    demonym: frozenset[str]
    longest: int
    bare: bool  # the surface also stands alone


@dataclass(frozen=True)
class Name:
    """What a surface form in the table stands for."""

    code: str  # ISO 3166-1 alpha-2; "" for block-list entries
    kind: str
    suffix: int = 0  # letters that may follow (Cyrillic case endings)
    homonyms: tuple[str, ...] = ()  # other countries with a town of this name
    endings: Endings | None = None  # exact endings it may (or, for a stem, must) take
    mode: str = WORD  # how its boundaries are checked (script_mode)
    unless: str = ""  # letters of the languages in whose text this row does not hold (a kind 'block@cs,sk')
    needs: str = ""  # letters of the languages in whose text alone this row holds (an institution 'CZ@cs')
    foreign: str = ""  # and the letters of neighbouring languages they lack, which it must not find there


@dataclass(frozen=True)
class SharedName:
    """A name two countries share (rules.json "shared_names"): `default`'s unless the evidence for `other` outweighs it."""

    names: frozenset[str]  # casefolded surfaces: 'georgia'; 'congo', 'congolese'
    default: str
    other: str
    other_kind: str | None  # the kind a moved mention takes ('state'); None keeps its own
    other_kinds: frozenset[str]  # kinds of the other country's mentions that count for it; empty: every kind
    other_cues: re.Pattern[str] | None
    default_cues: re.Pattern[str] | None


@dataclass(frozen=True)
class ActingWords:
    """rules.json "acting_words": an automaton of the casefolded words (of a phrase with an inner *, what stands before
    it), each with whether it is a stem, whether it may stand inside a word (Chinese, Japanese, Korean) and the
    pattern the rest of a phrase with an inner * must match, and the same words as a pattern for text whose
    casefolding changes its length."""

    automaton: ahocorasick.Automaton
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    """Disambiguation word lists, from the gazetteer manifest."""

    person_names: frozenset[str]
    honorifics: frozenset[str]
    geographic_followers: frozenset[str]
    sentence_words: frozenset[str]
    shared_names: tuple[SharedName, ...]
    dateline: re.Pattern[str]
    prefixes: Mapping[str, frozenset[str]]  # attached clitics allowed before a name, by mode
    language_names: Mapping[str, frozenset[str]] = field(default_factory=dict)  # "en" -> français, español
    given_names: frozenset[str] = frozenset()  # first names read as a person in titles too: Czech and Polish Kuba
    acting: ActingWords | None = None  # words by which a title's opening state acts on another country
    arrival: ActingWords | None = None  # words by which a title says that a visitor arrives in another country


@dataclass(frozen=True)
class Gazetteer:
    """The name table and its rules, as loaded from include/mediamon/config/gazetteer/."""

    version: str
    names: Mapping[str, Name]
    rules: Rules
    people: Mapping[str, Name] = field(default_factory=dict)  # fallback evidence (curated/people.tsv)
    institutions: Mapping[str, Name] = field(default_factory=dict)  # fallback evidence (curated/institutions.tsv)

    @property
    def fallback(self) -> dict[str, Name]:
        """People and institutions: the evidence of an article that names no place."""
        return {**self.people, **self.institutions}


@dataclass(frozen=True)
class Hit:
    """One matched name in the document."""

    start: int
    end: int
    surface: str
    code: str
    kind: str
    homonyms: tuple[str, ...] = ()


def compose_document(title: str | None, text: str) -> tuple[str, int]:
    """The string spans index into, and where the body starts in it."""
    if title:
        return f"{title}{TITLE_SEPARATOR}{text}", len(title) + len(TITLE_SEPARATOR)
    return text, 0


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of the words as whole words."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def dateline_pattern(months: Iterable[str]) -> re.Pattern[str]:
    """Regex for an upper-case dateline: 'ALMATY, Jan 12 -', 'PARIS, Texas, May 2 -', 'BRASÍLIA (Reuters) -', and
    the day before the month as the registry's agencies write it: 'MADRID, 5 Dic.', 'ROMA, 5 dic', 'МОСКВА, 5 декабря';
    agencies that write their name in lower case too: 'SOLOTHURN (sda) -', 'BERLIN (dpa) -'."""
    month = "|".join(sorted(months, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.'’-])(?P<place>[{_UPPER}][{_UPPER}.'’\- ]*[{_UPPER}.])"
        r"(?:,\s*(?P<qualifier>[A-Z][A-Za-z.'’\- ]{1,25}?))?"
        rf"(?:,\s*(?:{month})\.?\s+\d{{1,2}}|,\s*\d{{1,2}}\s+(?:{month})\b"
        r"|\s*\([A-Za-z][A-Za-z ]{1,19}\)|\s+[-–—]\s)")


def parse_rules(raw: Mapping, morphology: Mapping) -> Rules:
    """Rules from the manifest's `rules` and `morphology` objects."""
    return Rules(person_names=frozenset(raw["person_names"]), honorifics=frozenset(raw["honorifics"]),
                 geographic_followers=frozenset(raw["geographic_followers"]),
                 sentence_words=frozenset(raw["sentence_words"]),
                 shared_names=tuple(parse_shared_name(entry) for entry in raw["shared_names"]),
                 dateline=dateline_pattern(raw["months"]),
                 prefixes={mode: frozenset(forms) for mode, forms in morphology["prefixes"].items()},
                 language_names={word: frozenset(names) for word, names in raw.get("language_names", {}).items()},
                 given_names=frozenset(raw.get("given_names", ())),
                 acting=acting_pattern(raw.get("acting_words", {})),
                 arrival=acting_pattern(raw.get("arrival_words", {})))


def acting_pattern(words: Mapping[str, Iterable[str]]) -> ActingWords | None:
    """rules.json "acting_words" (per language) ready to search: a word ending in * is a stem, any other is matched
    whole; a * inside a phrase stands for the rest of a word ('ударил* по' is 'ударила по', 'ударили по'); each starts
    a word, but Chinese, Japanese and Korean ones, which may stand anywhere; None without words."""
    automaton = ahocorasick.Automaton()
    alternatives = []
    heads: dict[str, tuple[bool, bool, set[str] | None]] = {}
    for word in {w for listed in words.values() for w in listed}:
        head, star, rest = word.partition(STEM_WILDCARD)
        stem, tails = bool(star), ({rest} if rest else None)
        if head in heads:  # one head, several words: a stem or a word listed whole needs no tail
            was_stem, _, was_tails = heads[head]
            stem = stem or was_stem
            tails = None if tails is None or was_tails is None else was_tails | tails
        heads[head] = (stem, bool(_HAN_OR_KANA.search(head) or _HANGUL.search(head)), tails)
    for head in sorted(heads, key=len, reverse=True):
        stem, inside, tails = heads[head]
        tail = None if tails is None else re.compile("|".join(map(wildcard_tail, sorted(tails))), re.IGNORECASE)
        automaton.add_word(head.casefold(), (len(head.casefold()), stem, inside, tail))
        start = "" if inside else r"(?<![^\W\d_])"
        ending = "" if stem or inside else r"(?![^\W\d_])"
        alternatives.append(start + re.escape(head) + (ending if tail is None else f"(?:{tail.pattern})"))
    if not alternatives:
        return None
    automaton.make_automaton()
    return ActingWords(automaton, re.compile("|".join(alternatives), re.IGNORECASE))


def wildcard_tail(rest: str) -> str:
    """The pattern of what follows a phrase's inner * ('ударил* по': the word's other letters, then ' по')."""
    parts = rest.split(STEM_WILDCARD)
    ending = "" if rest.endswith(STEM_WILDCARD) else r"(?![^\W\d_])"
    return r"[^\W\d_]*" + r"[^\W\d_]*".join(re.escape(part) for part in parts if part) + ending


def names_acting(acting: ActingWords, doc: str, start: int, end: int) -> bool:
    """Whether doc[start:end] holds one of the acting words, whole or as a stem, at a word start."""
    return find_acting(acting, doc, start, end) is not None


def find_acting(acting: ActingWords, doc: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the first of the words (whole or as a stem, at a word start) ends in doc[start:end]: its span in doc."""
    text = doc[start:end].casefold()
    if len(text) != end - start:
        found = acting.pattern.search(doc, start, end)
        return None if found is None else found.span()
    for last, (length, stem, inside, tail) in acting.automaton.iter(text):
        first = last - length + 1
        if not inside and first and is_word_char(text[first - 1]):
            continue
        if tail is not None:
            after = tail.match(text, last + 1)
            if after is not None:
                return start + first, start + after.end()
        elif inside or stem or last + 1 == len(text) or not is_word_char(text[last + 1]):
            return start + first, start + last + 1
    return None


def parse_shared_name(entry: Mapping) -> SharedName:
    """One rules.json "shared_names" entry; an error names the key to add when one is missing."""
    missing = [key for key in ("names", "default", "other") if not entry.get(key)]
    if missing:
        raise ConfigError(f"rules.json shared_names entry {entry!r} lacks {', '.join(missing)}: add it and rebuild "
                          "the gazetteer (python -m mediamon.enrich.gazetteer)")
    cues = {key: word_pattern(entry[key]) if entry.get(key) else None for key in ("other_cues", "default_cues")}
    return SharedName(names=frozenset(name.casefold() for name in entry["names"]), default=entry["default"],
                      other=entry["other"], other_kind=entry.get("other_kind"),
                      other_kinds=frozenset(entry.get("other_kinds", ())), **cues)


def script_mode(surface: str) -> str:
    """How a name's boundaries are checked: by its script (Han or kana: none; katakana only: not
    touching katakana; Arabic script and Hebrew: attached clitics allowed; else whole words)."""
    if _KATAKANA_ONLY.fullmatch(surface):
        return KATAKANA
    if _HAN_OR_KANA.search(surface):
        return CJK
    if "\u0600" <= surface[0] <= "\u06ff" or "\u0750" <= surface[0] <= "\u077f":
        return ARABIC
    if "\u0590" <= surface[0] <= "\u05ff":
        return HEBREW
    return WORD


def is_katakana(ch: str) -> bool:
    """Katakana letters and the long-vowel mark (not the middle dot that separates words)."""
    return "\u30a0" < ch <= "\u30ff" and ch != "・" or "\u31f0" <= ch <= "\u31ff"


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (Devanagari vowel signs, Arabic short vowels)."""
    return ch.isalnum() or (ch >= "\u0300" and unicodedata.category(ch) in _MARKS)


def ending_classes(morphology: Mapping) -> dict[str, tuple[frozenset[str], bool]]:
    """Each ending class of the manifest: its forms (each alone or followed by one of `then`) and
    whether they make a demonym."""
    classes = {}
    for name, c in morphology["endings"].items():
        forms = set(c["forms"]) | {form + then for form in c["forms"] for then in c.get("then", ())}
        classes[name] = (frozenset(forms), bool(c.get("demonym")))
    return classes


def parse_endings(column: str, classes: Mapping[str, tuple[frozenset[str], bool]],
                  memo: dict[str, Endings]) -> Endings | None:
    """The Endings of a table cell such as '+pl-i' or 's,ko' (one object per distinct cell)."""
    if not column:
        return None
    if column not in memo:
        names = column.lstrip(STEM_MARK).split(",")
        forms = frozenset().union(*(classes[n][0] for n in names))
        plain = frozenset().union(*(classes[n][0] for n in names if not classes[n][1]))
        memo[column] = Endings(forms, forms - plain, max(map(len, forms)), not column.startswith(STEM_MARK))
    return memo[column]


def read_names(table: Path, morphology: Mapping) -> dict[str, Name]:
    """The surface -> Name map from gazetteer.tsv."""
    names: dict[str, Name] = {}
    classes, memo = ending_classes(morphology), {}
    with table.open(encoding="utf-8") as lines:
        next(lines)  # header
        for line in lines:
            surface, code, kind, suffix, endings, homonyms, _source = line.rstrip("\n").split("\t")
            kind, _, gate = kind.partition("@")
            unless, needs, foreign = row_gate(gate, morphology)
            names[surface] = Name(code, kind, int(suffix), tuple(homonyms.split(",")) if homonyms else (),
                                  parse_endings(endings, classes, memo), script_mode(surface),
                                  unless, needs, foreign)
    return names


def row_gate(gate: str, morphology: Mapping) -> tuple[str, str, str]:
    """The unless, needs and foreign letters of a table row's gate: 'cs,sk' (the row does not hold in text of
    those languages) or 'only:fa' (it holds in text of those languages alone: Persian مشهد, Arabic "scene")."""
    if gate.startswith(ONLY_GATE):
        return ("", *language_gate(gate.removeprefix(ONLY_GATE), morphology))
    return gate_letters(gate, morphology), "", ""


def gate_letters(gate: str, morphology: Mapping) -> str:
    """The letters that tell text of the languages of a gated kind ('cs,sk' of 'block@cs,sk')."""
    letters = morphology.get("letters", {})
    return "".join(sorted({ch for lang in gate.split(",") if lang for ch in letters[lang]}))


def is_gated(doc: str, name: Name) -> bool:
    """Whether a row does not hold in this text: it has letters of the languages the row does not hold in
    (Czech "Indie" is India, English "Indie" a word), or the row holds in some languages only and the text
    lacks their letters or has one of a neighbouring language they lack (Czech "Senát", Slovak "Parlament")."""
    if name.unless and any(ch in doc for ch in name.unless):
        return True
    return bool(name.needs) and (not any(ch in doc for ch in name.needs) or any(ch in doc for ch in name.foreign))


def language_gate(gate: str, morphology: Mapping) -> tuple[str, str]:
    """The letters of a positive gate's languages ('cs' of 'CZ@cs', from morphology.json "letters") and those
    of their listed neighbours (morphology.json "neighbours": Slovak for Czech) that they lack: a text is of
    the gate's languages when it has a letter of the first and none of the second."""
    letters = morphology.get("letters", {})
    langs = [lang for lang in gate.split(",") if lang]
    unknown = [lang for lang in langs if lang not in letters]
    if not langs or unknown:
        raise ValueError(f"gate @{gate}: languages {unknown or gate!r} have no letters in morphology.json "
                         f'"letters"; add them there or drop the gate')
    needs = {ch for lang in langs for ch in letters[lang]}
    neighbours = {ch for lang in gate_neighbours(langs, morphology) for ch in letters[lang]}
    return "".join(sorted(needs)), "".join(sorted(neighbours - needs))


def gate_neighbours(langs: Iterable[str], morphology: Mapping) -> list[str]:
    """The languages whose text could pass for a gate's languages by their letters (morphology.json
    "neighbours": Slovak for Czech, Swedish for Norwegian), which a text of the gate's languages must not show."""
    listed = morphology.get("neighbours", {})
    langs = list(langs)
    found = sorted({other for lang in langs for other in listed.get(lang, ()) if other not in langs})
    unknown = [lang for lang in found if lang not in morphology.get("letters", {})]
    if unknown:
        raise ValueError(f'neighbours {unknown} of {langs} have no letters in morphology.json "letters"; add them '
                         f'there or drop them from "neighbours"')
    return found


def load_gazetteer(table: Path = GAZETTEER_TABLE) -> Gazetteer:
    """Read gazetteer.tsv and its gazetteer.json manifest; a missing file is a ConfigError."""
    manifest_path = table.with_suffix(".json")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        names = read_names(table, manifest["morphology"])
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"gazetteer {table}: cannot be read ({err}); rebuild it with "
                          "`python -m mediamon.enrich.gazetteer`") from err
    rules = parse_rules(manifest["rules"], manifest["morphology"])
    people_table = table.parent / PEOPLE_TABLE
    try:
        people = read_people(people_table, names, rules, manifest["morphology"]) if people_table.exists() else {}
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"people list {people_table}: cannot be read ({err})") from err
    institutions_table = table.parent / INSTITUTIONS_TABLE
    try:
        institutions = read_institutions(institutions_table, names, people, manifest["morphology"]) \
            if institutions_table.exists() else {}
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"institution list {institutions_table}: {err}; fix that line") from err
    return Gazetteer(version=manifest["version"], names=names, rules=rules, people=people, institutions=institutions)


def read_people(table: Path, names: Mapping[str, Name], rules: Rules, morphology: Mapping) -> dict[str, Name]:
    """The surface -> Name map (kind "person") of curated/people.tsv: rows of code, from, to (years
    in office, "-" when open), full names and bare surnames (each separated by |). Dropped: a bare
    Latin surname under MIN_LATIN_SURNAME letters unless marked KEPT_MARK ("Merz!"), a form that is a gazetteer name (place or
    block-list) or a person-name/sentence word of the rules, and a form listed for two countries."""
    classes, memo = ending_classes(morphology), {}
    codes: dict[str, set[str]] = {}
    with table.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            code, start, end, full, surnames = line.rstrip("\n").split("\t")
            if len(code) != 2 or not code.isupper() or not start.isdigit() or not (end.isdigit() or end == "-"):
                raise ValueError(f"line {number}: expected code, from year, to year (or -)")
            forms = [f for f in full.split("|") if f] + [
                f.removesuffix(KEPT_MARK) for f in surnames.split("|")
                if f and (script_group(f) != "latin" or len(f.replace("-", "")) >= MIN_LATIN_SURNAME
                          or f.endswith(KEPT_MARK))]
            for form in forms:
                codes.setdefault(form.strip(), set()).add(code)
    excluded = rules.person_names | rules.sentence_words
    return {surface: fallback_name(surface, found.pop(), PERSON_KIND, classes, memo)
            for surface, found in codes.items()
            if len(found) == 1 and surface not in names and surface not in excluded}


def fallback_name(surface: str, code: str, kind: str, classes: Mapping[str, tuple[frozenset[str], bool]],
                  memo: dict[str, Endings]) -> Name:
    """A person or institution form with the endings of its script (Cyrillic case endings, a Latin
    genitive "s", Korean particles, Devanagari and Bengali postpositions)."""
    group = fallback_script(surface)
    ending = PERSON_ENDINGS.get(group)
    endings = parse_endings(ending, classes, memo) if ending in classes else None
    return Name(code, kind, PERSON_CYRILLIC_SUFFIX if group == "cyrillic" else 0, endings=endings,
                mode=script_mode(surface))


def fallback_script(surface: str) -> str:
    """The script whose endings a person or institution form takes: script_group, with Korean apart from the
    other East Asian scripts and Devanagari apart from Bengali."""
    group = "korean" if _HANGUL.search(surface) else script_group(surface)
    if group == "indic":
        return "bengali" if _BENGALI.search(surface) else "devanagari"
    return group


def institution_codes(column: str, number: int) -> tuple[str, tuple[str, ...], str]:
    """The country, its homonyms and the gate of an institutions.tsv code column: 'DE', 'DE,AT,CH@de', 'CZ@cs',
    or '-' (a block row: a longer name that hides an institution inside it)."""
    codes, at, gate = column.partition("@")
    if at and not gate:
        raise ValueError(f"line {number}: the gate after @ names no language (write e.g. CZ@cs)")
    if codes == BLOCK_CODE:
        return "", (), gate
    code, *homonyms = codes.split(",")
    for each in (code, *homonyms):
        if len(each) != 2 or not each.isupper():
            raise ValueError(f"line {number}: {each!r} is not an ISO 3166-1 alpha-2 code")
    return code, tuple(homonyms), gate


def read_institutions(table: Path, names: Mapping[str, Name], people: Mapping[str, Name],
                      morphology: Mapping) -> dict[str, Name]:
    """The surface -> Name map (kind "institution") of curated/institutions.tsv: rows of code and
    forms separated by |. The code may list homonyms, countries with an institution of that name that
    the article's other institutions can pick ('DE,AT,CH' for Bundesrat), and languages in whose text
    alone the forms hold ('CZ@cs' for Senát), or be '-' for a block row. A form that is a place of the
    gazetteer, a person of people.tsv or listed twice is an error (the place or person already decides;
    two countries cannot)."""
    classes, memo = ending_classes(morphology), {}
    institutions: dict[str, Name] = {}
    with table.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 2:
                raise ValueError(f"{table.name} line {number}: expected a country code, a tab and forms "
                                 f"separated by |, found {len(fields)} field(s)")
            code, homonyms, gate = institution_codes(fields[0], number)
            needs, foreign = language_gate(gate, morphology) if gate else ("", "")
            for form in filter(None, (f.strip() for f in fields[1].split("|"))):
                known = names.get(form)
                if form in institutions or form in people or (known is not None and known.code):
                    raise ValueError(f"line {number}: {form!r} is already a place, a person or an institution")
                name = fallback_name(form, code, INSTITUTION_KIND if code else "block", classes, memo)
                institutions[form] = replace(name, homonyms=homonyms, needs=needs, foreign=foreign)
    return institutions


def build_automaton(names: Mapping[str, Name]) -> ahocorasick.Automaton:
    """One Aho-Corasick automaton over the given surface forms."""
    automaton = ahocorasick.Automaton()
    for surface, name in names.items():
        automaton.add_word(surface, (len(surface), name))
    automaton.make_automaton()
    return automaton


def script_group(surface: str) -> str:
    """The SCRIPT_GROUPS key of a name's script ("latin" when none)."""
    if _NON_LATIN.search(surface) is None:
        return "latin"
    for group, pattern in _SCRIPT_PATTERNS.items():
        if pattern.search(surface):
            return group
    return "latin"


def build_automata(names: Mapping[str, Name]) -> dict[str, ahocorasick.Automaton]:
    """One automaton per script group: a text only walks those of the scripts it contains, and
    small automata are fast (the Latin one serves English text alone)."""
    groups: dict[str, dict[str, Name]] = {}
    for surface, name in names.items():
        groups.setdefault(script_group(surface), {})[surface] = name
    return {group: build_automaton(members) for group, members in groups.items()}


def scripts_in(doc: str) -> list[str]:
    """The script groups whose automata a document needs."""
    if _NON_LATIN.search(doc) is None:
        return ["latin"]
    return ["latin"] + [group for group, pattern in _SCRIPT_PATTERNS.items() if pattern.search(doc)]


def starts_word(doc: str, start: int, name: Name, prefixes: Mapping[str, frozenset[str]]) -> bool:
    """Whether a match may start here: at a word start, after attached clitics (Arabic script,
    Hebrew), anywhere in Chinese and Japanese, and not right after katakana for a katakana name."""
    if start == 0 or name.mode == CJK:
        return True
    before = doc[start - 1]
    if name.mode == KATAKANA:
        return not is_katakana(before)
    if not is_word_char(before) or not is_word_char(doc[start]):
        return True
    clitics = prefixes.get(name.mode)
    if not clitics:
        return False
    word_start = start - 1
    while word_start > 0 and is_word_char(doc[word_start - 1]) and start - word_start < 4:
        word_start -= 1
    return (word_start == 0 or not is_word_char(doc[word_start - 1])) and doc[word_start:start] in clitics


def match_end(doc: str, end: int, surface: str, name: Name) -> tuple[int, str] | None:
    """Where a match really ends (after an allowed ending) and its kind (a demonym ending makes a
    demonym), or None when it runs into a word or a stem lacks its ending."""
    n = len(doc)
    if name.mode == CJK:
        return end, name.kind
    if name.mode == KATAKANA:
        return None if end < n and is_katakana(doc[end]) else (end, name.kind)
    endings = name.endings
    if endings is not None and end < n and doc[end] in APOSTROPHES:  # Turkish "Kocaeli'de": the case after an apostrophe
        stop = end + 1
        while stop < n and is_word_char(doc[stop]):
            stop += 1
        if doc[end:stop] in endings.forms:
            return stop, "demonym" if doc[end:stop] in endings.demonym else name.kind
    if end >= n or not is_word_char(doc[end]) or not is_word_char(surface[-1]):
        return (end, name.kind) if endings is None or endings.bare else None
    limit = max(name.suffix, endings.longest if endings else 1)
    stop = end
    while stop < n and is_word_char(doc[stop]):
        stop += 1
        if stop - end > limit:
            return None
    tail = doc[end:stop]
    if endings is not None and tail in endings.forms:
        return stop, "demonym" if tail in endings.demonym else name.kind
    if len(tail) <= name.suffix and tail.isalpha() and (endings is None or endings.bare):
        return stop, name.kind
    if name.kind == "demonym" and tail == "s" and surface[-1] != "s" and (endings is None or endings.bare):
        return stop, name.kind
    return None


def find_names(automata: Iterable[ahocorasick.Automaton], doc: str, names: Mapping[str, Name],
               prefixes: Mapping[str, frozenset[str]]) -> list[Hit]:
    """Leftmost-longest name matches of each script's automaton that stand as whole words in their
    script (block-list hits included), in text order; when the longest name runs into a word, a
    shorter one at the same start may still end there ("Athene" is not in "Athener", "Athen" + er is)."""
    hits: list[Hit] = []
    for automaton in automata:
        hits += script_names(automaton, doc, names, prefixes)
    return sorted(hits, key=lambda h: h.start) if len(hits) > 1 else hits


def script_names(automaton: ahocorasick.Automaton, doc: str, names: Mapping[str, Name],
                 prefixes: Mapping[str, frozenset[str]]) -> list[Hit]:
    """The accepted matches of one automaton (see find_names)."""
    hits: list[Hit] = []
    for last, (length, name) in automaton.iter_long(doc):
        start = last + 1 - length
        if not starts_word(doc, start, name, prefixes):
            continue
        found = None if is_gated(doc, name) else match_end(doc, last + 1, doc[start:last + 1], name)
        if found is None:
            found, name = shorter_match(doc, start, length, names, prefixes)
        if found is not None:
            end, kind = found
            hits.append(Hit(start, end, doc[start:end], name.code, kind, name.homonyms))
    return hits


_WORD = re.compile(r"[^\W\d_]+")
_HEAD = 3  # first letters of the lower-case demonyms, looked up before the word is read


def lower_demonyms(names: Mapping[str, Name]) -> frozenset[str]:
    """Every demonym the table lists in lower case as a whole word (or a Cyrillic one with its case endings' letters
    cut: 'украинц'), for any text ('venezolanos', 'albanesi')."""
    return frozenset(surface for surface, name in names.items()
                     if name.kind == "demonym" and surface[:1].islower() and not (name.unless or name.needs)
                     and (name.endings is None or name.endings.bare))


def opening_demonyms(doc: str, body_start: int, hits: list[Hit], names: Mapping[str, Name],
                     lower: frozenset[str], heads: frozenset[str]) -> list[Hit]:
    """Demonyms the table lists in lower case, capitalised as the first word of the title or of the text ('Venezolanos
    en Chile', 'Brasileiros em Portugal', 'Albanesi in Italia'), where no name or only a country's stem was found
    ('Украинцы в Германии': the people, not 'Украина'; for a word not opening with an ASCII letter only then); they
    take the place of a hit at the same start. Other sentences are not looked at: a capitalised word there is as
    often a name ('Dr. Greco')."""
    found: list[Hit] = []
    for start in (0, body_start) if body_start else (0,):
        if start >= len(doc) or not doc[start].isupper() or doc[start:start + _HEAD].lower() not in heads:
            continue
        word = _WORD.match(doc, start)
        surface = doc[start].lower() + doc[start + 1:word.end()]
        if doc[start].isascii() and surface not in lower:
            continue
        stem = next((h for h in hits if h.start == start), None)
        if stem is not None and stem.kind != "country":
            continue
        if doc[start].isascii():
            name = names[surface]
        else:  # past ASCII letters, only a country's stem read in its place ('Россиянин' is not looked up)
            name = lower_demonym(surface, names, lower) if stem is not None else None
        if name is not None:
            found.append(Hit(start, word.end(), word.group(), name.code, name.kind, name.homonyms))
    return found


def lower_demonym(word: str, names: Mapping[str, Name], lower: frozenset[str]) -> Name | None:
    """The lower-case demonym a whole word is, with as many of its last letters cut as the name's suffix allows
    ('украинцы': 'украинц' and two letters)."""
    for cut in range(min(CYRILLIC_SUFFIX_CHARS, len(word) - 1) + 1):
        stem = word[:len(word) - cut]
        if stem in lower and names[stem].suffix >= cut:
            return names[stem]
    return None


def shorter_match(doc: str, start: int, length: int, names: Mapping[str, Name],
                  prefixes: Mapping[str, frozenset[str]]) -> tuple[tuple[int, str] | None, Name | None]:
    """The longest shorter name starting at `start` that ends well, with where and how it ends."""
    for size in range(length - 1, 1, -1):
        name = names.get(doc[start:start + size])
        if name is not None and starts_word(doc, start, name, prefixes) and not is_gated(doc, name):
            found = match_end(doc, start + size, doc[start:start + size], name)
            if found is not None:
                return found, name
    return None, None


def apply_qualifiers(hits: list[Hit], doc: str) -> list[Hit]:
    """'Paris, Texas' -> US: a city takes the country of the state or province after its comma."""
    out: list[Hit] = []
    for i, hit in enumerate(hits):
        following = hits[i + 1] if i + 1 < len(hits) else None
        if (hit.kind in QUALIFIED_KINDS and following is not None and following.kind in QUALIFYING_KINDS
                and doc[hit.end:following.start].strip() == ","):
            hit = replace(hit, code=following.code, kind="qualified")
        if hit.kind != "qualifier" or (out and out[-1].kind == "qualified") or follows_place_name(doc, hit.start):
            out.append(hit)
    return out


def spread_qualified_senses(hits: list[Hit]) -> list[Hit]:
    """One sense per article: once 'London, Ky.' is read as US, every 'London' in it is."""
    senses = {h.surface.lower(): h.code for h in hits if h.kind in ("qualified", "dateline")}
    if not senses:
        return hits
    return [replace(h, code=senses[h.surface.lower()])
            if h.kind in QUALIFIED_KINDS and h.surface.lower() in senses else h for h in hits]


def resolve_homonyms(hits: list[Hit], backing: Iterable[Hit] = ()) -> list[Hit]:
    """'Edmonton' in an article about England is the London Edmonton: a town (or a shared institution:
    'Bundesrat' beside 'ÖVP') moves to a homonym's country when the rest of the article names that country
    and not the town's default one. For a town (not a capital), seats of power and `backing` (the leaders and
    institutions of curated/people.tsv and institutions.tsv the article names) name countries too: 'Belém' beside
    the 'Assembleia da República' is Lisbon's, not Brazil's city."""
    support: dict[str, set[str]] = {}
    for hit in hits:
        if hit.kind != "metonym":  # NASA says nothing about which London is meant
            support.setdefault(hit.code, set()).add(hit.surface.lower())
    town_support = {code: set(names) for code, names in support.items()}
    for hit in [*backing, *(h for h in hits if h.kind == "metonym")]:  # a capital is not moved by them
        town_support.setdefault(hit.code, set()).add(hit.surface.lower())
    out = []
    for hit in hits:
        if hit.homonyms and hit.kind in HOMONYM_KINDS and support[hit.code] == {hit.surface.lower()}:
            needed = CAPITAL_HOMONYM_SUPPORT if hit.kind == "capital" else 1
            named = support if hit.kind == "capital" else town_support
            backed = [code for code in hit.homonyms if len(named.get(code, ())) >= needed
                      and named.get(hit.code) == {hit.surface.lower()}]
            if len(backed) == 1:
                hit = replace(hit, code=backed[0], kind="homonym")
        out.append(hit)
    return out


def follows_place_name(doc: str, start: int) -> bool:
    """True after 'Capitalised Name, ' as in 'PLEASANTON, Calif.': a state abbreviation there is a mention."""
    return _PLACE_BEFORE_COMMA.search(doc, max(0, start - 40), start) is not None


def is_person_name(hit: Hit, doc: str, rules: Rules, body_start: int) -> bool:
    """'Michael Jordan', 'Chad Smith', 'Mr Jordan': a country name joined to a personal name; a given name of
    rules.json in a title too, unless the title capitalises every word ('Kuba Novák vyhrál', 'Jordan Bardella en
    tête'; not 'Jordan Peace Talks Resume')."""
    given = hit.surface in rules.given_names and (hit.start >= body_start or is_sentence_case(doc[:body_start]))
    if hit.surface not in rules.person_names and not given:
        return False
    before = _PREV_WORD.search(doc, max(0, hit.start - 40), hit.start)
    if before is not None and before.group(1)[0].isupper():
        word = before.group(1)
        if word in rules.honorifics:
            return True
        if word.rstrip(".") not in rules.sentence_words and not word.endswith("."):
            return True
    after = _NEXT_WORD.match(doc, hit.end)
    if after is None or not after.group(1)[0].isupper() or (hit.start < body_start and not given):  # title case
        return False
    word = after.group(1).rstrip(".,")
    return word not in rules.geographic_followers and word not in rules.sentence_words


def is_sentence_case(title: str) -> bool:
    """Whether a title writes some word of four letters or more in lower case, as titles that do not capitalise
    every word do."""
    return _LOWER_WORD.search(title) is not None


_LANGUAGE_AFTER = re.compile(  # "-language", " language", " speakers", "-speaking"
    r"[-\u2010\u2011 ](?:language|speakers?|speaking)(?![^\W_])", re.IGNORECASE)
_LANGUAGE_VERB_BEFORE = re.compile(  # an English language name standing alone after one of these ('in Portuguese.')
    r"(?<![^\W\d_])(?:in|into|from|before|than|speak|speaks|spoke|speaking|learn|learns|learning|teach|teaches|"
    r"taught) $", re.IGNORECASE)
_LANGUAGE_END = frozenset(".,;:!?)\n")  # what may follow a language name standing alone


def names_language(hit: Hit, doc: str, rules: Rules) -> bool:
    """'publié en français', 'em português', 'tradotto in inglese', 'aulas de português': a language name right after
    its language's preposition, or a lesson's, speaker's or teacher's 'of' (rules.json "language_names"), names the
    language, not the country; German adjectives after "in" ("in russischen Gefängnissen") and English capitalised
    demonyms ("in Chinese companies") stay, but an English one before the word "language" or "speakers" names the
    language too ("Portuguese-language edition", "the French language", "Portuguese speakers", "French-speaking"),
    and so does one standing alone at the end of a sentence or clause after "in", "from", "before", "than" or a verb
    of speaking, learning or teaching ("published in Russian.", "local languages before Portuguese")."""
    if hit.kind != "demonym":
        return False
    if _LANGUAGE_AFTER.match(doc, hit.end):
        return True
    if not hit.surface[:1].islower():
        return ((hit.end == len(doc) or doc[hit.end] in _LANGUAGE_END)
                and _LANGUAGE_VERB_BEFORE.search(doc, max(0, hit.start - 10), hit.start) is not None)
    before = _PREV_WORD.search(doc, max(0, hit.start - 4), hit.start)
    names = rules.language_names.get(before.group(1).lower(), ()) if before is not None else ()
    if not names and before is not None and before.group(1).lower() in _LANGUAGE_OF:
        before = _PREV_TWO_WORDS.search(doc, max(0, hit.start - 20), hit.start)  # 'aulas de português'
        names = rules.language_names.get(before.group(1).lower(), ()) if before is not None else ()
    return doc[hit.start:hit.end] in names


def names_hebrew_language(hit: Hit, doc: str) -> bool:
    """'תורגם לאנגלית', 'דיבר ברוסית', 'ומצרפתית': a Hebrew feminine demonym right after the attached clitic "in",
    "into" or "from" (and an "and" before it) names the language, not the country; a country ending so ('בכווית')
    and a demonym with the article ('הממשלה הרוסית') stay."""
    if (hit.kind not in ("demonym", "alias") or script_mode(hit.surface) != HEBREW
            or not hit.surface.endswith(HEBREW_LANGUAGE_ENDING) or hit.start == 0
            or doc[hit.start - 1] not in HEBREW_LANGUAGE_CLITICS):
        return False
    start = hit.start - 1
    if start > 0 and doc[start - 1] == HEBREW_AND:
        start -= 1
    return start == 0 or not is_word_char(doc[start - 1])


def names_hebrew_subject(hit: Hit, doc: str) -> bool:
    """'הוראת המתמטיקה והאנגלית': a Hebrew feminine demonym after the attached "and the" that joins it to a definite
    noun names the language as a school subject; one joined to another demonym ('הצרפתית והבריטית', both adjectives
    of a noun before them) stays."""
    if (hit.kind not in ("demonym", "alias") or script_mode(hit.surface) != HEBREW
            or not hit.surface.endswith(HEBREW_LANGUAGE_ENDING) or not doc.startswith(HEBREW_AND_THE, hit.start - 2)):
        return False
    before = _PREV_WORD.search(doc, max(0, hit.start - 40), hit.start - 2)
    if before is None or (hit.start > 2 and is_word_char(doc[hit.start - 3])):
        return False
    word = before.group(1)
    return word.startswith(HEBREW_THE) and not word.endswith(HEBREW_LANGUAGE_ENDING)


def names_arabic_script_language(hit: Hit, doc: str) -> bool:
    """'اللغة التركية', 'بلغة روسية', Persian 'زبان انگلیسی', Urdu 'روسی زبان': a demonym in Arabic script beside the
    word for language (Arabic لغة with its clitics, Persian and Urdu زبان) names the language, not the country;
    'الحكومة الفرنسية' stays."""
    if hit.kind not in ("demonym", "alias") or script_mode(hit.surface) != ARABIC:
        return False
    before = doc[max(0, hit.start - 16):hit.start]
    return _LANGUAGE_WORD_BEFORE.search(before) is not None or _LANGUAGE_WORD_AFTER.match(doc, hit.end) is not None


def names_arabic_insisting(hit: Hit, doc: str) -> bool:
    """'وزير المالية مصر على رفع الأسعار': unvowelled مصر between a definite noun and 'on' is the adjective
    'insisting', not Egypt; 'فوز مصر على غانا' and 'أكد أن مصر على استعداد' stay."""
    return (hit.surface == ARABIC_EGYPT and _ARABIC_INSISTS_ON.match(doc, hit.end) is not None
            and _ARABIC_DEFINITE_BEFORE.search(doc, max(0, hit.start - 30), hit.start) is not None)


def is_leader_name(hit: Hit, doc: str, rules: Rules, people: Mapping[str, Name]) -> bool:
    """'Vladimir Zelensky', 'Georgia Meloni': a place that is a first name, followed by a leader's surname
    (curated/people.tsv). Title-case headlines capitalise every word, so is_person_name cannot read them."""
    if hit.surface not in rules.person_names:
        return False
    after = _NEXT_WORD.match(doc, hit.end)
    return after is not None and after.group(1).rstrip(".,'’") in people


def resolve_shared_names(hits: list[Hit], doc: str, rules: Rules) -> list[Hit]:
    """Every shared name of rules.json (Georgia, a bare Congo) read as the country the article's evidence backs; only
    the names among the article's are looked at."""
    folded = {h.surface.casefold() for h in hits}
    for shared in rules.shared_names:
        if not folded.isdisjoint(shared.names):
            hits = resolve_shared_name(hits, doc, shared)
    return hits


def resolve_shared_name(hits: list[Hit], doc: str, shared: SharedName) -> list[Hit]:
    """A shared name's mentions move to its other country when the cues and other mentions of that country
    outweigh those of its default one ('Georgia' beside Atlanta and the governor; 'Congo' beside Brazzaville)."""
    ambiguous = [i for i, h in enumerate(hits) if h.code == shared.default and h.surface.casefold() in shared.names]
    if not ambiguous:
        return hits
    moved = set(ambiguous)
    other = (len(shared.other_cues.findall(doc)) if shared.other_cues else 0) + sum(
        1 for h in hits if h.code == shared.other and (not shared.other_kinds or h.kind in shared.other_kinds))
    default = (len(shared.default_cues.findall(doc)) if shared.default_cues else 0) + sum(
        1 for i, h in enumerate(hits) if h.code == shared.default and i not in moved)
    if other <= default:
        return hits
    kind = shared.other_kind
    return [replace(h, code=shared.other, kind=kind or h.kind) if i in moved else h for i, h in enumerate(hits)]


class Tagger:
    """Tags countries in articles with one gazetteer; build once, call `tag` per article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._automata = build_automata(gazetteer.names)
        self._fallback = gazetteer.fallback
        self._people = build_automata(self._fallback) if self._fallback else {}
        self._upper = upper_index(gazetteer.names)
        self._lower_demonyms = lower_demonyms(gazetteer.names)
        self._lower_heads = frozenset(surface[:_HEAD] for surface in self._lower_demonyms)

    @property
    def version(self) -> str:
        """The gazetteer version the tags come from."""
        return self.gazetteer.version

    def tag(self, title: str | None, text: str) -> CountryTags:
        """Every country the article mentions, with counts and spans, and its focus country."""
        doc, body_start = compose_document(title, text)
        rules = self.gazetteer.rules
        automata = [self._automata[group] for group in scripts_in(doc) if group in self._automata]
        hits = find_names(automata, doc, self.gazetteer.names, rules.prefixes)
        opening = opening_demonyms(doc, body_start, hits, self.gazetteer.names, self._lower_demonyms, self._lower_heads)
        if opening:
            replaced = {h.start for h in opening}
            hits = sorted([h for h in hits if h.start not in replaced] + opening, key=lambda h: h.start)
        hits = resolve_shared_names(hits, doc, rules)
        hits = apply_qualifiers(hits, doc)
        hits = [h for h in hits if h.kind in PLACE_KINDS or h.kind == "qualified"]
        hits = [h for h in hits if not is_person_name(h, doc, rules, body_start)
                and not is_leader_name(h, doc, rules, self.gazetteer.people) and not names_language(h, doc, rules)
                and not names_hebrew_language(h, doc) and not names_hebrew_subject(h, doc)
                and not names_arabic_script_language(h, doc) and not names_arabic_insisting(h, doc)]
        dateline = find_dateline(doc, body_start, rules, self._upper)
        if dateline is not None:
            hits = [h for h in hits if h.end <= dateline.start or h.start >= dateline.end] + [dateline]
            hits.sort(key=lambda h: h.start)
        hits = spread_qualified_senses(hits)
        backing = self.find_fallback(doc) if any(h.homonyms for h in hits) else []
        hits = resolve_homonyms(hits, backing)
        if not hits:  # no place at all: leaders and institutions are the evidence
            hits = leaders_outrank_offices(resolve_homonyms(self.find_fallback(doc)))
        labelled = (title_label(hits, doc, body_start) or acted_upon(hits, doc, body_start, rules.acting)
                    or visited(hits, doc, body_start, rules.arrival))
        focus = labelled or choose_focus(hits, body_start, doc, lived_in(hits, doc, body_start))
        return CountryTags(countries=country_mentions(hits), focus=focus)

    def find_fallback(self, doc: str) -> list[Hit]:
        """The leaders of curated/people.tsv and the institutions of curated/institutions.tsv the text names."""
        people = [self._people[group] for group in scripts_in(doc) if group in self._people]
        return [h for h in find_names(people, doc, self._fallback, self.gazetteer.rules.prefixes) if h.code]


def leaders_outrank_offices(hits: list[Hit]) -> list[Hit]:
    """Fallback hits without the institutions of countries no named leader belongs to: the title before a name
    is the named person's office ('Presiden Donald Trump' and 'Cumhurbaşkanı Putin' are not Indonesian or Turkish)."""
    leaders = {h.code for h in hits if h.kind == PERSON_KIND}
    if not leaders:
        return hits
    return [h for h in hits if h.code in leaders]


def upper_index(names: Mapping[str, Name]) -> dict[str, Name]:
    """Upper-case place names for dateline look-up (country names win over cities)."""
    rank = {"country": 0, "alias": 0, "capital": 1, "state": 2, "region": 2, "city": 3, "province": 3, "qualifier": 4}
    index: dict[str, Name] = {}
    for surface, name in names.items():
        if name.kind not in rank or name.suffix or (name.endings is not None and not name.endings.bare):
            continue
        key = surface.upper()
        if key not in index or rank[name.kind] < rank[index[key].kind]:
            index[key] = name
    return index


def find_dateline(doc: str, body_start: int, rules: Rules, upper: Mapping[str, Name]) -> Hit | None:
    """The dateline place at the start of the body ('ALMATY, Jan 12 -'), if any."""
    found = rules.dateline.search(doc, body_start, min(len(doc), body_start + DATELINE_SEARCH_CHARS))
    if found is None:
        return None
    name = upper.get(found.group("place").strip().upper())
    qualifier = found.group("qualifier")
    if qualifier and (q := upper.get(qualifier.strip().upper())) is not None:
        name = q
    if name is None:
        return None
    code = name.code
    return Hit(found.start("place"), found.end("place"), found.group("place"), code, "dateline")


def country_mentions(hits: list[Hit]) -> tuple[CountryMention, ...]:
    """One CountryMention per code, most mentioned first (then first mentioned)."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for hit in hits:
        spans.setdefault(hit.code, []).append((hit.start, hit.end, hit.surface))
    ordered = sorted(spans.items(), key=lambda item: (-len(item[1]), item[1][0][0]))
    return tuple(CountryMention(code, len(s), tuple(s)) for code, s in ordered)


def title_label(hits: list[Hit], doc: str, body_start: int) -> str | None:
    """The country a title opens with as its label ('North Korea: Two American journalists sentenced', 'Brazil: ...',
    'Україна: ...'): the place before a colon that starts the title names what the article is about, however often
    the text names another country; None for any other title."""
    first = next((h for h in hits if h.start < body_start), None)
    if first is None or first.kind not in TITLE_LABEL_KINDS or doc[:first.start].strip(" \"'«“‘"):
        return None
    return first.code if TITLE_LABEL_END.match(doc, first.end) else None


def acted_upon(hits: list[Hit], doc: str, body_start: int, acting: ActingWords | None) -> str | None:
    """The country a title's opening state acts on ('Russland utviser to norske diplomater', 'Minsk запретил ввоз
    польских яблок', 'USA nałożyły cła na chińskie panele'): the other country of a title that opens with a state
    (by name, capital or seat of power, not a demonym), names exactly one other country and, after the state, one
    of rules.json's acting words, unless 'and' joins that country as a second actor; None for any other title
    (people abroad, 'Nepali workers in Qatar', stay where they are)."""
    title = [h for h in hits if h.end <= body_start]
    if acting is None or len({h.code for h in title}) != 2:
        return None
    actor = title[0]
    if actor.kind in ACTOR_KINDS_NOT or not _ACTOR_OPENING.fullmatch(doc, 0, actor.start):
        return None
    if not names_acting(acting, doc, actor.end, body_start):
        return None
    other = next(h for h in title if h.code != actor.code)
    return None if _AND_BEFORE.search(doc, max(0, other.start - 6), other.start) else other.code


_LIVING_IN = re.compile(  # between people's demonym and where they live: "in", after a word or two ending in a
    # plural's s ('nurses in ', 'domestic workers in '), not a verb ('Wiener wollte in Syrien kämpfen')
    r"(?:(?:\s+[^\W\d_][\w'’-]*)?\s+[^\W\d_][\w'’-]*s)?\s+(?:in|en|em|no|na|nos|nas|à|au|aux|в|во|у|w|we|di|في)\s+",
    re.IGNORECASE)


def lived_in(hits: list[Hit], doc: str, body_start: int) -> str | None:
    """Where the people a title names live ('Ukrainians in Poland take employers to court', 'Nigerian nurses in
    Britain', 'Türken in Deutschland', 'Polacy w Wielkiej Brytanii', 'السوريون في ألمانيا'): the country of the place
    that follows the title's first name, a demonym, and "in", or a word or two naming them ('nurses', 'domestic
    workers'); None for any other title. It is a bonus to the focus score (choose_focus), not a label: a long article
    about an exhibition of Russian artists in America, held in Russia, stays Russian."""
    if len(hits) < 2 or hits[0].kind != "demonym" or hits[1].end > body_start:
        return None
    people, home = hits[0], hits[1]
    if home.kind == "demonym" or home.code == people.code:
        return None
    return home.code if _LIVING_IN.fullmatch(doc, people.end, home.start) else None


def visited(hits: list[Hit], doc: str, body_start: int, arrival: ActingWords | None) -> str | None:
    """The host of a visit a title reports ('Прем'єр Польщі прибув до Києва', 'Indian minister arrives in Nairobi'):
    the country of the place right after one of rules.json's arrival words, when the title names exactly one other
    country before that word, the visitor's; None for any other title."""
    title = [h for h in hits if h.end <= body_start]
    if arrival is None or len({h.code for h in title}) != 2:
        return None
    found = find_acting(arrival, doc, 0, body_start)
    if found is None:
        return None
    word_start, word_end = found
    host = next((h for h in title if 0 <= h.start - word_end <= VISIT_GAP), None)
    if host is None or host.kind in ACTOR_KINDS_NOT:
        return None
    return host.code if any(h.code != host.code and h.end <= word_start for h in title) else None


def is_object(hit: Hit, doc: str) -> bool:
    """Whether a name carries a Korean, Japanese, Nepali or Bengali object marker: the country acted on ('일본을 꺾은
    한국', 'শ্রীলঙ্কাকে হারাল বাংলাদেশ'), not the subject the item is about."""
    return (hit.surface.endswith(OBJECT_MARKERS_ATTACHED)
            or doc.startswith(OBJECT_MARKERS_ATTACHED + OBJECT_MARKERS_FOLLOWING, hit.end))


def hit_weight(hit: Hit, doc: str = "") -> float:
    """What one mention adds to its country's focus score: a demonym half, unless it opens the document (the
    headline's subject: 'Guatemalská polícia ... do USA', 'South Korean police ... US beef'); a name marked as the
    object three quarters."""
    if is_object(hit, doc):
        return OBJECT_WEIGHT
    return OPENING_WEIGHT if hit.start == 0 else KIND_WEIGHTS.get(hit.kind, 1.0)


def compared_starts(hits: list[Hit], doc: str, body_start: int) -> frozenset[int]:
    """Where the countries a title names as the precedent of its subject start: 'Вслед за Казахстаном и Узбекистаном
    Киргизия запретила', 'Rusiya və İrandan sonra Qazaxıstan', 'بعد المغرب وتونس، الجزائر', '韓国、台湾に続き　ベトナム'.
    The chain of names after 'after' (or before its postposition) joined by commas and 'and', when the title names
    another country after it; empty for any other title."""
    title = [h for h in hits if h.end <= body_start]
    if len({h.code for h in title}) < 2 or not title[0].start < 80:
        return frozenset()
    opening = doc[:title[0].start]
    before = _AFTER_BEFORE.fullmatch(opening) is not None
    if not before and opening.strip(" \"'«“„"):
        return frozenset()
    chain, last = [title[0]], 0
    for hit in title[1:]:
        joined = _COORDINATION.fullmatch(doc, chain[-1].end, hit.start)
        if joined is None:
            break
        chain.append(hit)
        conjunction = joined.group("conjunction")  # after a comma only English 'and' joins ('a' is also an article)
        if conjunction and (conjunction == "and" or "," not in doc[chain[-2].end:hit.start]):
            last = len(chain) - 1
    if before:
        chain = chain[:last + 1]  # 'and' joins the last precedent: 'After Germany and France, Spain'
        if not last and not _PRECEDENT_END.match(doc, chain[0].end):  # 'After Germany beat France, ...'
            return frozenset()
    else:
        ends = [i for i, hit in enumerate(chain) if _AFTER_FOLLOWING.match(doc, hit.end)]
        if not ends:
            return frozenset()
        chain = chain[:ends[0] + 1]
    codes = {h.code for h in chain}
    if not any(h.code not in codes for h in title[len(chain):]):
        return frozenset()
    return frozenset(h.start for h in chain)


def choose_focus(hits: list[Hit], body_start: int, doc: str = "", home: str | None = None) -> str | None:
    """The country with the highest score (mentions, title and dateline bonus); None without hits. A precedent the
    title names before its subject ('After Poland and Lithuania, Latvia ...') weighs half a mention; `home`, where
    the people a title names live (lived_in), gains HOME_BONUS, and their demonym opening the title weighs half, as
    any demonym does: it names people abroad, not the subject."""
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    compared = compared_starts(hits, doc, body_start) if doc else frozenset()
    for hit in hits:
        scores[hit.code] += COMPARED_WEIGHT if hit.start in compared else hit_weight(hit, doc)
        first.setdefault(hit.code, hit.start)
    for code in {h.code for h in hits if h.start < body_start}:
        scores[code] += TITLE_BONUS
    for code in {h.code for h in hits if h.kind == "dateline"}:
        scores[code] += DATELINE_BONUS
    if home is not None:  # lived_in: the title opens with the people's demonym, which weighs half here
        people = hits[0]
        scores[people.code] += KIND_WEIGHTS["demonym"] - (COMPARED_WEIGHT if people.start in compared
                                                          else hit_weight(people, doc))
        scores[home] += HOME_BONUS
    if not scores:
        return None
    return max(scores, key=lambda code: (scores[code], -first[code]))


@lru_cache(maxsize=4)
@built_without_collector  # hundreds of thousands of names, kept as long as the process
def load_tagger(table: Path = GAZETTEER_TABLE) -> Tagger:
    """The tagger for a gazetteer file, built once per process (the table is immutable)."""
    tagger = Tagger(load_gazetteer(table))
    logger.info("countries gazetteer version=%s names=%s", tagger.version, len(tagger.gazetteer.names))
    return tagger


def tag_countries(title: str | None, text: str) -> CountryTags:
    """Countries of one article with the committed gazetteer; spans index into compose_document()."""
    return load_tagger().tag(title, text)
