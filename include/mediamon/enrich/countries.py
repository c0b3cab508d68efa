"""Country tagging: reads an article's title and text, writes CountryTags (countries, spans, focus).

Every tag is explainable: each CountryMention carries the spans (start, end, surface) that
produced it. Spans index into `f"{title}\\n\\n{text}"` when a title is given, else into `text`
(see `compose_document`). Names come from the versioned table in include/mediamon/config/gazetteer/
(built by `python -m mediamon.enrich.gazetteer`), matched case-sensitively with one Aho-Corasick
automaton, then refined by these rules, in order:

1. block-list: outlet, organisation, treaty and team names ("Washington Post", "Paris Agreement")
   are in the automaton without a country, so the longest match hides the place inside them;
2. word boundaries: a name must stand alone; a plural or genitive "s" may follow ("Russians"),
   and Cyrillic names may take a short case ending ("Казахстана");
3. qualifiers: "Paris, Texas", "London, Ont." and "Alexandria, Va." move a city to the country of
   the state or province after the comma; a bare abbreviation ("Va.") is not a mention;
4. person names: a name that is also a first or last name ("Jordan", "Chad") is dropped when
   joined to another capitalised word ("Michael Jordan", "Chad Smith");
5. Georgia (runs first): the US state when the article's US cues (Atlanta, governor, state Senate...) outweigh
   the country's (Tbilisi, Ossetia, Russia...);
6. homonyms (after the dateline): a town whose default country is named nowhere else in the article moves to the
   one other country with a town of that name that the article does name ("Edmonton" with
   "North London" is in GB);
7. dateline: an upper-case place near the start of the body ("ALMATY, Jan 12 -",
   "CHARLOTTE, N.C. (AP)") is a mention and weighs in the focus.

The focus is the country with the highest score: its mentions (a demonym counts half), plus a
bonus when it is in the title or the dateline; ties go to the earliest mention. Text given to the tagger is expected to be
article text only: boilerplate is removed by extraction before tagging.
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import ahocorasick

from mediamon.errors import ConfigError
from mediamon.records import CountryMention, CountryTags
from mediamon.settings import CONFIG_DIR

logger = logging.getLogger(__name__)

GAZETTEER_TABLE = CONFIG_DIR / "gazetteer" / "gazetteer.tsv"
TITLE_SEPARATOR = "\n\n"
TITLE_BONUS = 1.0
DATELINE_BONUS = 2.0
KIND_WEIGHTS = {"demonym": 0.5}
PLACE_KINDS = frozenset({"country", "alias", "demonym", "metonym", "capital", "city", "state", "region"})
QUALIFIED_KINDS = frozenset({"city", "capital"})
QUALIFYING_KINDS = frozenset({"qualifier", "state", "region", "alias", "country"})
CAPITAL_HOMONYM_SUPPORT = 2  # other names of a country needed before a capital moves there ("Moscow", Idaho)
DATELINE_SEARCH_CHARS = 250  # datelines may follow a headline run into the body
_NEXT_WORD = re.compile(r" ([A-Z][\w'’.-]*)")
_PREV_WORD = re.compile(r"([A-Z][\w'’.-]*) $")
_PLACE_BEFORE_COMMA = re.compile(r"[A-Z][\w'’.-]*, $")


@dataclass(frozen=True)
class Name:
    """What a surface form in the table stands for."""

    code: str  # ISO 3166-1 alpha-2; "" for block-list entries
    kind: str
    suffix: int = 0  # letters that may follow (Cyrillic case endings)
    homonyms: tuple[str, ...] = ()  # other countries with a town of this name


@dataclass(frozen=True)
class Rules:
    """Disambiguation word lists, from the gazetteer manifest."""

    person_names: frozenset[str]
    honorifics: frozenset[str]
    geographic_followers: frozenset[str]
    sentence_words: frozenset[str]
    georgia_name: str
    georgia_us_cues: re.Pattern[str]
    georgia_ge_cues: re.Pattern[str]
    dateline: re.Pattern[str]


@dataclass(frozen=True)
class Gazetteer:
    """The name table and its rules, as loaded from include/mediamon/config/gazetteer/."""

    version: str
    names: Mapping[str, Name]
    rules: Rules


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
    """Regex for an upper-case dateline: 'ALMATY, Jan 12 -', 'PARIS, Texas, May 2 -', 'LONDON (Reuters) -'."""
    month = "|".join(sorted(months, key=len, reverse=True))
    return re.compile(
        r"(?<![\w.'’-])(?P<place>[A-Z][A-Z.'’\- ]*[A-Z.])"
        r"(?:,\s*(?P<qualifier>[A-Z][A-Za-z.'’\- ]{1,25}?))?"
        rf"(?:,\s*(?:{month})\.?\s+\d{{1,2}}|\s*\([A-Z][A-Za-z ]{{1,19}}\)|\s+[-–—]\s)")


def parse_rules(raw: Mapping) -> Rules:
    """Rules from the manifest's `rules` object."""
    georgia = raw["georgia"]
    return Rules(person_names=frozenset(raw["person_names"]), honorifics=frozenset(raw["honorifics"]),
                 geographic_followers=frozenset(raw["geographic_followers"]),
                 sentence_words=frozenset(raw["sentence_words"]), georgia_name=georgia["name"],
                 georgia_us_cues=word_pattern(georgia["us_cues"]),
                 georgia_ge_cues=word_pattern(georgia["ge_cues"]), dateline=dateline_pattern(raw["months"]))


def read_names(table: Path) -> dict[str, Name]:
    """The surface -> Name map from gazetteer.tsv."""
    names: dict[str, Name] = {}
    with table.open(encoding="utf-8") as lines:
        next(lines)  # header
        for line in lines:
            surface, code, kind, suffix, homonyms, _source = line.rstrip("\n").split("\t")
            names[surface] = Name(code, kind, int(suffix), tuple(homonyms.split(",")) if homonyms else ())
    return names


def load_gazetteer(table: Path = GAZETTEER_TABLE) -> Gazetteer:
    """Read gazetteer.tsv and its gazetteer.json manifest; a missing file is a ConfigError."""
    manifest_path = table.with_suffix(".json")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        names = read_names(table)
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"gazetteer {table}: cannot be read ({err}); rebuild it with "
                          "`python -m mediamon.enrich.gazetteer`") from err
    return Gazetteer(version=manifest["version"], names=names, rules=parse_rules(manifest["rules"]))


def build_automaton(names: Mapping[str, Name]) -> ahocorasick.Automaton:
    """One Aho-Corasick automaton over every surface form."""
    automaton = ahocorasick.Automaton()
    for surface, name in names.items():
        automaton.add_word(surface, (len(surface), name))
    automaton.make_automaton()
    return automaton


def match_end(doc: str, end: int, surface: str, name: Name) -> int | None:
    """Where a match really ends (after allowed endings), or None when it runs into a word."""
    n = len(doc)
    if name.suffix:
        limit = min(n, end + name.suffix)
        while end < limit and doc[end].isalpha():
            end += 1
    elif name.kind == "demonym" and end < n and doc[end] == "s" and surface[-1] != "s":
        end += 1
    if end < n and surface[-1].isalnum() and doc[end].isalnum():
        return None
    return end


def find_names(automaton: ahocorasick.Automaton, doc: str) -> list[Hit]:
    """Leftmost-longest name matches that stand as whole words (block-list hits included)."""
    hits: list[Hit] = []
    for last, (length, name) in automaton.iter_long(doc):
        start = last + 1 - length
        if start > 0 and doc[start - 1].isalnum() and doc[start].isalnum():
            continue
        end = match_end(doc, last + 1, doc[start:last + 1], name)
        if end is not None:
            hits.append(Hit(start, end, doc[start:end], name.code, name.kind, name.homonyms))
    return hits


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


def resolve_homonyms(hits: list[Hit]) -> list[Hit]:
    """'Edmonton' in an article about England is the London Edmonton: a town moves to a homonym's
    country when the rest of the article names that country and not the town's default one."""
    support: dict[str, set[str]] = {}
    for hit in hits:
        support.setdefault(hit.code, set()).add(hit.surface.lower())
    out = []
    for hit in hits:
        if hit.homonyms and hit.kind in QUALIFIED_KINDS and support[hit.code] == {hit.surface.lower()}:
            needed = CAPITAL_HOMONYM_SUPPORT if hit.kind == "capital" else 1
            backed = [code for code in hit.homonyms if len(support.get(code, ())) >= needed]
            if len(backed) == 1:
                hit = replace(hit, code=backed[0], kind="homonym")
        out.append(hit)
    return out


def follows_place_name(doc: str, start: int) -> bool:
    """True after 'Capitalised Name, ' as in 'PLEASANTON, Calif.': a state abbreviation there is a mention."""
    return _PLACE_BEFORE_COMMA.search(doc, max(0, start - 40), start) is not None


def is_person_name(hit: Hit, doc: str, rules: Rules, body_start: int) -> bool:
    """'Michael Jordan', 'Chad Smith', 'Mr Jordan': a country name joined to a personal name."""
    if hit.surface not in rules.person_names:
        return False
    before = _PREV_WORD.search(doc, max(0, hit.start - 40), hit.start)
    if before is not None:
        word = before.group(1)
        if word in rules.honorifics:
            return True
        if word.rstrip(".") not in rules.sentence_words and not word.endswith("."):
            return True
    after = _NEXT_WORD.match(doc, hit.end)
    if after is None or hit.start < body_start:  # title case headlines capitalise every word
        return False
    word = after.group(1).rstrip(".,")
    return word not in rules.geographic_followers and word not in rules.sentence_words


def resolve_georgia(hits: list[Hit], doc: str, rules: Rules) -> list[Hit]:
    """Georgia the US state when US cues outweigh those of the country."""
    georgias = [h for h in hits if h.surface.lower() == rules.georgia_name.lower() and h.code == "GE"]
    if not georgias:
        return hits
    us = len(rules.georgia_us_cues.findall(doc)) + sum(
        1 for h in hits if h.code == "US" and h.kind in ("state", "city", "qualifier", "qualified"))
    ge = len(rules.georgia_ge_cues.findall(doc)) + sum(1 for h in hits if h.code == "GE" and h not in georgias)
    if us <= ge:
        return hits
    return [replace(h, code="US", kind="state") if h in georgias else h for h in hits]


class Tagger:
    """Tags countries in articles with one gazetteer; build once, call `tag` per article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._automaton = build_automaton(gazetteer.names)
        self._upper = upper_index(gazetteer.names)

    @property
    def version(self) -> str:
        """The gazetteer version the tags come from."""
        return self.gazetteer.version

    def tag(self, title: str | None, text: str) -> CountryTags:
        """Every country the article mentions, with counts and spans, and its focus country."""
        doc, body_start = compose_document(title, text)
        rules = self.gazetteer.rules
        hits = resolve_georgia(find_names(self._automaton, doc), doc, rules)
        hits = apply_qualifiers(hits, doc)
        hits = [h for h in hits if h.kind in PLACE_KINDS or h.kind == "qualified"]
        hits = [h for h in hits if not is_person_name(h, doc, rules, body_start)]
        dateline = find_dateline(doc, body_start, rules, self._upper)
        if dateline is not None:
            hits = [h for h in hits if h.end <= dateline.start or h.start >= dateline.end] + [dateline]
            hits.sort(key=lambda h: h.start)
        hits = resolve_homonyms(spread_qualified_senses(hits))
        return CountryTags(countries=country_mentions(hits), focus=choose_focus(hits, body_start))


def upper_index(names: Mapping[str, Name]) -> dict[str, Name]:
    """Upper-case place names for dateline look-up (country names win over cities)."""
    rank = {"country": 0, "alias": 0, "capital": 1, "state": 2, "region": 2, "city": 3, "qualifier": 4}
    index: dict[str, Name] = {}
    for surface, name in names.items():
        if name.kind not in rank or name.suffix:
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


def choose_focus(hits: list[Hit], body_start: int) -> str | None:
    """The country with the highest score (mentions, title and dateline bonus); None without hits."""
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    for hit in hits:
        scores[hit.code] += KIND_WEIGHTS.get(hit.kind, 1.0)
        first.setdefault(hit.code, hit.start)
    for code in {h.code for h in hits if h.start < body_start}:
        scores[code] += TITLE_BONUS
    for code in {h.code for h in hits if h.kind == "dateline"}:
        scores[code] += DATELINE_BONUS
    if not scores:
        return None
    return max(scores, key=lambda code: (scores[code], -first[code]))


@lru_cache(maxsize=4)
def load_tagger(table: Path = GAZETTEER_TABLE) -> Tagger:
    """The tagger for a gazetteer file, built once per process (the table is immutable)."""
    tagger = Tagger(load_gazetteer(table))
    logger.info("countries gazetteer version=%s names=%s", tagger.version, len(tagger.gazetteer.names))
    return tagger


def tag_countries(title: str | None, text: str) -> CountryTags:
    """Countries of one article with the committed gazetteer; spans index into compose_document()."""
    return load_tagger().tag(title, text)
