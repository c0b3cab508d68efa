"""Event clustering: reads a run's articles with their stories (and recent days' articles with their
events), writes an event_id per article.

A story groups copies of one article; an event groups different articles about one happening, from
any outlet: seen within about two days of each other, about the same place, naming the same actors.
Each story is one node, described by the stems of the words of its titles and openings, each weighted
by how rare it is among the run's and recent days' stories (names and numbers are rare, so they weigh
most). Candidate pairs share at least two words that are neither unique nor common; a pair's
probability of being one event is a logistic function of the weighted cosine of their words, of their
titles alone, and of whether they share a country, their best topic and an outlet (one outlet's two stories
of the same days are less often one event than two outlets'), of whether both give decimal numbers and share
none (a magnitude of 5.9 and one of 4.8: two earthquakes; 5,50 and 5.5 are one number; a thousands group, 5,000 or
21.450, is none), and of whether both name towns of one country and share none (a fire in Lyon and one in Marseille
the same night; the towns are the gazetteer's, their stems kept between runs); stories more than two days
apart never join.
Nodes merge best pair first, and two groups merge only while the average probability over all their cross
pairs stays high, so a chain of loosely related articles does not become one event; two new groups of two stories
or more each whose leading topics differ (the most frequent among their stories' best topics: drills and the talks
they coincide with, reported side by side) need a higher average. A story then still alone
joins the event of four stories or more it scores best with on average, when that average is high enough (a
broad article around a big event: a profile, an explainer, a reaction). Events already stored keep their id
and never merge with each other; each is compared by the story it is named by while that story is among the recent
days' (state_known_events.sql; an older event is not compared, so a chain of loosely related stories cannot grow
one event day after day), and a copy of any of its stories joins it. A new event is named by the
story_id of its earliest story, or, when that story began in an earlier run (a copy of it arrived today), by
that story's earliest article of this run, so no id names two happenings; if validation quarantines the naming
article, the articles are staged with the event named by its earliest clean article (name_events_by_clean_stories).
"""
from __future__ import annotations

import functools
import logging
import math
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from mediamon.collector import collector_paused
from mediamon.settings import CONFIG_DIR
from mediamon.text.words import mark_ranges

try:  # scipy's sparse products without their sizing passes (_above, _in_both)
    from scipy.sparse._sparsetools import csr_elmul_csr as _csr_elmul_csr
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
except ImportError:  # a scipy without them
    _csr_elmul_csr = _csr_matmat = None

logger = logging.getLogger(__name__)

KNOWN_EVENT_DAYS = 2  # recent days whose articles a run may join
LEAD_CHARS = 300  # characters of an article's text read after its title (about its first two sentences)
EVENT_WINDOW = timedelta(days=2)  # farthest apart two articles of one event may be
MIN_PAIR_SCORE = 0.4  # probability at which two stories may be one event
MIN_AVERAGE_SCORE = 0.3  # average probability over all cross pairs at which two groups merge (fitted, as the
# attach thresholds, on the fit half's items: benchmarks/events.py --fit-items-only)
BRIDGE_MIN_AVERAGE = 0.5  # ... when both are new groups of two stories or more whose leading topics differ
ATTACH_MIN_SCORE = 0.15  # average probability over an event's stories at which a story left alone joins it (a
ATTACH_MIN_STORIES = 4  # pair scored lower counts as 0), when the event has this many stories or more
# A pair's probability of being one event: a logistic function of the IDF-weighted cosine of the words of
# title and opening, of the titles alone, and whether the two share a country, their best topic and an outlet
# (weights fitted on tests/data/event_labels.tsv; benchmarks/events.py), and whether both give decimal numbers (a
# magnitude, a rate) and share none: two earthquakes, another rate decision. The English set holds one such candidate
# pair, so PAIR_NUMBERS was fitted with the others held, on the candidate pairs of all four labelled sets (40 such
# pairs, 2 of them one event; benchmarks/events.py --fit-numbers).
PAIR_BIAS, PAIR_TEXT, PAIR_TITLE, PAIR_COUNTRY, PAIR_TOPIC, PAIR_SOURCE = -6.75, 19.07, 5.12, 2.6, 0.55, -0.36
PAIR_NUMBERS = -8.5
# Whether both name towns of one country and share none (a fire in Lyon and one in Marseille, power cuts in Lviv and
# in Odesa): a town is a city or capital of the gazetteer whose name is one stem of PLACE_MIN_CHARS letters or
# more that no other country's town has, and two towns whose stems begin alike (PLACE_PREFIX_CHARS) are one town's forms
# (Espoon and Espoossa, Vilniuje and Vilniaus). Fitted as PAIR_NUMBERS, with the others held, on the candidate pairs of
# every labelled set (197 such pairs, 11 of them one event; benchmarks/events.py --fit-places).
PAIR_PLACES = -2.6
PLACE_KINDS = ("city", "capital")
PLACE_MIN_CHARS = 4
PLACE_PREFIX_CHARS = 4
PLACE_TABLE = CONFIG_DIR / "gazetteer" / "gazetteer.tsv"
# the towns' stem keys, kept between runs in the user's cache folder
PLACE_CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "mediamon" / "event-places"
MIN_PAIR_LOGIT = math.log(MIN_PAIR_SCORE / (1 - MIN_PAIR_SCORE))
ATTACH_MIN_LOGIT = math.log(ATTACH_MIN_SCORE / (1 - ATTACH_MIN_SCORE))
MIN_SHARED_TERMS = 2  # rare words two stories must share to be compared
MAX_TERM_SHARE = 0.2  # a word in more than this share of stories is too common to count
MAX_TERM_STORIES = 100  # ... and so is a word in more than this many
MIN_COMMON_STORIES = 40  # ... once there are enough stories to tell (below, every word counts)
TITLE_WEIGHT = 2.0  # a word of the title weighs this much more in the text
NEAR_BLOCK = 1000  # new stories multiplied at once (in order of time) against the stories near them in time
MAX_MASK_COLUMNS = 512  # countries or outlets up to which pairs sharing one are found by bitmasks
STEM_CHARS = 6  # words are compared by their first characters, so inflections meet

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# the first STEM_CHARS letters of each word of three letters or more, decimal numbers (a magnitude, a rate: 6,1 or
# 6.1, a point in the stem) and two-digit numbers
STEM_RE = re.compile(rf"(?<![^\W_])([^\W_]{{3,{STEM_CHARS}}}|\d+[.,]\d+(?![^\W_])|\d\d(?![^\W_]))[^\W_]*",
                     re.UNICODE)
STEM_WORD_RE = re.compile(r"(?<![^\W_])\d+[.,]\d+(?![^\W_])|[^\W_]+")  # words, a decimal number as one
# the accents NFKD leaves, and the vowel signs and viramas of the scripts of India and South-East Asia, which \w does
# not match: a word is read as its letters (भारत as भरत, not as भ and रत, both too short to count)
COMBINING_RE = re.compile(f"[\u0300-\u036f{mark_ranges(0x0900, 0x109F)}]")
# scripts written without a space between words, read as character pairs: CJK, and Thai, Lao and Burmese (a space
# parts their phrases, not their words: a run's first letters, all a stem would keep, were all two reports could
# share, and น้ำปิงล้นตลิ่ง ท่วมตัวเมืองเชียงใหม่ and ผู้ว่าฯ เชียงใหม่ประกาศเขตภัยพิบัติ shared none; their vowel signs
# and tone marks are dropped first, COMBINING_RE)
CJK_RE = re.compile("[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# a CJK text's words (WORD_RE), a decimal number apart and whole even within a run (发生5.6级: 发生, 5.6, 级)
CJK_TOKEN_RE = re.compile(r"(?<![\d.,])\d+[.,]\d+(?![\d.,])|(?:(?!(?<![\d.,])\d+[.,]\d)[^\W_])+")
# Arabic script: the marks NFKD leaves (a hamza or madda over a letter, vowel signs) and the tatweel dropped, so
# that a word is not cut at them (أرضية, إقليم, Urdu گئی); alef maksura, Arabic yeh and kaf as Persian's yeh and kaf
ARABIC_RE = re.compile("[\u0600-\u06ff]")
ARABIC_MARKS_RE = re.compile("[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
ARABIC_LETTERS = str.maketrans({"\u0649": "\u06cc", "\u064a": "\u06cc", "\u0643": "\u06a9"})
# letters of Persian and Urdu that Arabic does not use: a text with none is read as Arabic, whose words take
# attached clitics (و and, ف so, ب by, ل for, ك as, ال the: والمغرب, بالهزة, للجيوفيزياء)
PERSIAN_URDU_RE = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06d2\u06c1\u0679\u0688\u0691\u06ba]")
ARABIC_PREFIX_RE = re.compile("^(?:ال(?=...)|[وفبلك](?=...))+")
ARABIC_SUFFIX_RE = re.compile("(?<=...)(?:\u06cc\u0629|\u0627\u062a|\u0648\u0646|\u06cc\u0646|\u0629|\u06cc)$")  # یة ات ون ین ة ی
# Hebrew: its points dropped, and the one-letter words written onto the next (ו and, ה the, ב in, ל to, מ from, ש that,
# כ as) taken off while three letters stay, so a word's forms meet (בכנסת, הכנסת and כנסת as נסת, a word beginning with
# one of them losing it in every form alike)
HEBREW_RE = re.compile("[\u05d0-\u05ea]")
HEBREW_POINTS_RE = re.compile("[\u0591-\u05c7]")
HEBREW_PREFIXES = frozenset("\u05d5\u05d4\u05d1\u05dc\u05de\u05e9\u05db")
# Greek: a word's case ending taken off while three letters stay (σεισμός, σεισμό, σεισμού as σεισμ; Κρήτη, Κρήτης as
# κρητ), since a short word's endings fall within the STEM_CHARS compared
GREEK_RE = re.compile("[\u0370-\u03ff]")
GREEK_ENDING_RE = re.compile("(?<=[\u0370-\u03ff]{3})(?:ου|ων|[αεηιουω]σ?)$")
# Cyrillic of the languages writing і, є or Kazakh's letters (Belarusian, Ukrainian, Kazakh): a word's case ending taken
# off while three letters stay (Мінску, Мінскім, Мінска as мінск; МАЗа, МАЗе as маз; Спартак, Спартаком), read after
# NFKD has made й и and ў у. Russian text (none of those letters) keeps its endings: Москве and Москвы meeting joined
# other Moscow happenings of the same days in the labelled sets more often than it joined one happening's reports
CYRILLIC_RE = re.compile("[\u0456\u0454\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb]")  # і є ә ғ қ ң ө ұ ү һ
CYRILLIC_ENDING_RE = re.compile("(?<=[\u0400-\u04ff]{3})(?:[ое]го|[ое]му|[ая]ми|[ыи]ми|[ао]га|[аеиоуыэюяієь]{1,2}[мх]?)$")
# Bengali and Devanagari: the case endings and postpositions written onto a word taken off while three letters stay,
# before the vowel signs are dropped (কারখানায়, কারখানার as কারখানা; মিরপুরে, মিরপুরের as মিরপুর; Nepali काठमाडौंमा,
# भूकम्पको, भूकम्पले, मानिसहरू as काठमाडौं, भूकम्प, मानिस), since a word without its vowel signs is short enough for
# them to fall within the STEM_CHARS compared; Hindi, which writes its postpositions apart, has few words they end
INDIC_RE = re.compile("[\u0900-\u09ff]")
INDIC_WORD_RE = re.compile(rf"(?<![^\W_])\d+[.,]\d+(?![^\W_])|(?:[^\W_]|[{mark_ranges(0x0900, 0x09FF)}])+")
INDIC_ENDING_RE = re.compile(
    "(?:\u09a6\u09c7\u09b0|\u09c7\u09b0\u09be|\u09c7\u09b0|\u09b0\u09be|\u0995\u09c7|\u09a4\u09c7|\u09af\u09bc"
    "|\u09c7|(?<=[\u09be-\u09cc])\u09b0"  # দের েরা ের রা কে তে য় ে, র after a vowel sign
    "|(?:\u0939\u0930\u0942|\u0939\u0930\u0941)"  # हरू हरु (plural), then a postposition or none
    "(?:\u0932\u093e\u0908|\u092c\u093e\u091f|\u0926\u0947\u0916\u093f|\u0938\u092e\u094d\u092e"
    "|\u092e\u093e|\u0915\u094b|\u0932\u0947)?"
    "|\u0932\u093e\u0908|\u092c\u093e\u091f|\u0926\u0947\u0916\u093f|\u0938\u092e\u094d\u092e"
    "|\u092e\u093e|\u0915\u094b|\u0932\u0947)$")  # लाई बाट देखि सम्म मा को ले
# Azerbaijani (a text writing ə): a word's case, possessive and plural suffixes taken off one after another while three
# letters stay (Bakı, Bakıda, Bakının as bak; dənizində, dənizdə as dəniz; dərəcə, dərəcəsini as dərəc), read after NFKD
# has made ç ş ğ ö ü c s g o u
AZERBAIJANI_ENDING_RE = re.compile(
    "(?<=[^\\W\\d_]{3})(?:d[aə]n|t[aə]n|n[ıiu]n|l[aə]r|s[ıiu]n|d[aə]|t[aə]|y[aə]|n[ıiu]|y[ıiu]|s[ıiu]|[ıiu]n|ki|[aəıiu])$")
# a match's score, one digit a side (2-1, 3:1, 1–2; not 18:30, 2-10 or 1.2-3), when a text gives one score only (not
# a tennis match's sets, not a round's results): one word of its two digits, the higher first, so that the winner's
# report and the loser's (2-1 and 1-2) meet, where a lone digit is too short to count at all
SCORE_RE = re.compile(r"(?<![\w:\-\u2013])(?<!\d[.,])(\d) ?[-:\u2013] ?(\d)(?![\w:\-\u2013])(?![.,]\d)")
SCORE_HINT_RE = re.compile(r"[-:\u2013] ?\d")  # searched first, in the third of texts holding - : or –: few give a score
DECIMAL_ZERO_RE = re.compile(r"(?<=\d\.\d)0(?!\S)")  # 5.50 as 5.5, the same rate (not 100.000, a thousands group)
# the digits of every script as ASCII digits (Bengali ৯.৫০, Devanagari ५.३, Arabic-Indic ۵.۱), so that a number's
# forms meet and its trailing zero drops; and ٫, the Arabic decimal point
NATIVE_DIGITS = str.maketrans({**{c: str(unicodedata.digit(chr(c))) for c in range(0x80, 0x10000)
                                  if unicodedata.category(chr(c)) == "Nd"}, "\u066b": "."})
NATIVE_DIGIT_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in NATIVE_DIGITS if chr(c).isdigit()) + "]")
# any character one of the readings above needs (a native digit, Bengali or Devanagari, і є or Kazakh's letters, ə):
# one search, so that the many texts needing none (French, German, Vietnamese ...) are not searched once per reading
READINGS_RE = re.compile(f"{NATIVE_DIGIT_RE.pattern[:-1]}\u0900-\u09ff{CYRILLIC_RE.pattern[1:-1]}\u0259]")


@dataclass(frozen=True)
class EventArticle:
    """An article to place in an event; event_id is set for articles stored on earlier runs."""

    article_id: str
    story_id: str
    source_id: str
    title: str | None
    lead: str  # the opening of the text (LEAD_CHARS)
    first_seen: datetime
    published: datetime | None = None
    language: str | None = None
    focus_country: str | None = None
    countries: tuple[str, ...] = ()  # focus first, then by mentions
    topics: tuple[str, ...] = ()  # IPTC codes, best first
    event_id: str | None = None
    stems: tuple[Sequence[str], Sequence[str]] | None = None  # of title and lead, when kept (article_stems)


# The columns an article (or a known event's representative) is placed by, each a numpy array of one value per
# row (Columns): assign_events takes them so that no stored row becomes a Python object (state_known_events.sql
# gives the known ones). seconds: of its publication, else first sight; topic: best IPTC code or None; countries:
# the codes named (read as a set); title_stems, lead_stems: space-joined (None for a known row that only names its
# story's event).
EVENT_COLUMNS = ("story_id", "event_id", "seconds", "topic", "countries", "title_stems", "lead_stems")
SOURCE_COLUMN = "source_id"  # optional beside them: each row's outlet (the known-events file has none)
Columns = dict[str, np.ndarray]


@dataclass
class _Nodes:
    """The stories of the batch and of recent days (known stories first): times, topics, countries, events,
    and their words as flat arrays of (node, word id, weight factor)."""

    story_ids: list[str]
    when: np.ndarray  # seconds since the epoch of each story's earliest article
    topic: np.ndarray  # id of the best topic of its first article, -1 for none
    countries: Any  # nodes x countries, nonzero where the story names the country
    sources: Any  # nodes x outlets, nonzero where an article of the story comes from the outlet
    event_ids: list[str | None]  # set for stories of known events
    text: tuple[np.ndarray, np.ndarray, np.ndarray]  # node, word id, factor (a word's highest in the story)
    title: tuple[np.ndarray, np.ndarray, np.ndarray]
    numbers: Any = None  # nodes x decimal numbers, nonzero where the story's words give the number (None: none)
    places: Any = None  # nodes x towns (by their first letters), nonzero where the story's words name the town
    place_countries: Any = None  # nodes x countries, nonzero where the story's words name a town of the country

    def __len__(self) -> int:
        return len(self.story_ids)


@collector_paused()  # many arrays and lists of one day, no garbage cycles
def assign_events(articles: Sequence[EventArticle] | Columns, known: Sequence[EventArticle] | Columns = ()
                  ) -> dict[str, str]:
    """article_id -> event_id for every article: a known event, a new event with other stories, or its story.

    Both take EventArticles or Columns (with article_id for the articles); a known row without stems only says
    which event its story belongs to (state_known_events.sql keeps the stems of one story per event)."""
    fresh = articles if isinstance(articles, dict) else event_columns(articles)
    known = known if isinstance(known, dict) else event_columns(known)
    event_of_known_story = dict(zip(known["story_id"].tolist(), known["event_id"].tolist()))
    story_ids = fresh["story_id"].tolist()
    fresh = {**fresh, "event_id": np.array([event_of_known_story.get(s) for s in story_ids], dtype=object)}
    described = np.array([t is not None for t in known["title_stems"].tolist()], dtype=bool)
    nodes = _nodes({c: _concat(known[c][described], fresh[c]) for c in EVENT_COLUMNS}
                   | {SOURCE_COLUMN: _concat(_sources(known)[described], _sources(fresh))})
    groups = _cluster(nodes, *_scored_pairs(nodes))
    event_of_story = _novel_names(_event_ids(nodes, groups), fresh, set(known["event_id"].tolist()))
    out = dict(zip(fresh["article_id"].tolist(), (event_of_story[s] for s in story_ids)))
    logger.info("events articles=%s known=%s stories=%s events=%s", len(out), len(known["story_id"]),
                len(set(story_ids)), len(set(out.values())))
    return out


def _concat(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two columns end to end (object arrays stay object arrays)."""
    if first.dtype == object or second.dtype == object:
        return np.concatenate([first.astype(object), second.astype(object)])
    return np.concatenate([first, second])


def _sources(columns: Columns) -> np.ndarray:
    """The outlet column of Columns, or None for every row when they have none."""
    if SOURCE_COLUMN in columns:
        return columns[SOURCE_COLUMN]
    return np.full(len(columns["story_id"]), None, dtype=object)


def known_snapshot(articles: Sequence[EventArticle]) -> Columns:
    """Stored articles as state_known_events.sql gives them: every story with its event, and what events compare
    by for one story of each event only (the story whose first article is the one the event is named by; an event
    named by an article not among them has none)."""
    first: dict[str, EventArticle] = {}
    for a in sorted(articles, key=lambda a: (a.first_seen, a.article_id)):
        first.setdefault(a.story_id, a)
    stories = [replace(a, event_id=a.event_id or a.story_id) for a in first.values()]
    columns = event_columns(stories)
    shown = np.array([a.article_id == a.event_id for a in stories], dtype=bool)
    for name in ("topic", "countries", "title_stems", "lead_stems"):
        columns[name] = np.where(shown, columns[name], None)
    columns["seconds"] = np.where(shown, columns["seconds"], np.nan)
    del columns["article_id"], columns[SOURCE_COLUMN]  # as state_known_events.sql gives them
    return columns


def event_columns(articles: Sequence[EventArticle]) -> Columns:
    """Articles as Columns (article_id, EVENT_COLUMNS and source_id), their stems found when not kept."""
    found = [a.stems if a.stems is not None else distinct_stems(stems(a.title or ""), stems(a.lead)) for a in articles]
    return _columns([a.source_id for a in articles], [a.article_id for a in articles],
                    [a.story_id for a in articles], [a.event_id for a in articles],
                    [(a.published or a.first_seen).timestamp() for a in articles],
                    [next(iter(a.topics), None) for a in articles], [list(a.countries) for a in articles],
                    [" ".join(t) for t, _ in found], [" ".join(lead) for _, lead in found])


@collector_paused()
def fresh_event_columns(rows: Sequence[dict[str, Any]], story_of: dict[str, str]) -> Columns:
    """A run's enriched rows (stages' enriched/*.jsonl) as the Columns assign_events places, with the stems
    enrich kept (event_stems), found anew for a row staged without them; in one pass over the rows (a pass per
    column read every row's fields again: about a tenth longer)."""
    sources, ids, stories, seconds, topics, countries, titles, leads = [], [], [], [], [], [], [], []
    parse, score = datetime.fromisoformat, itemgetter("score")
    for r in rows:
        article_id, get = r["article_id"], r.get
        kept = get("event_stems") or article_stems(get("title"), get("text"))
        sources.append(get("source_id"))
        ids.append(article_id)
        stories.append(story_of.get(article_id, article_id))
        seconds.append(parse(get("published_at") or r["first_seen_at"]).timestamp())
        topics.append(max(found, key=score)["code"] if (found := get("topics")) else None)  # the best-scored
        countries.append(_country_codes(r))
        titles.append(kept["title"])
        leads.append(kept["lead"])
    return _columns(sources, ids, stories, [None] * len(rows), seconds, topics, countries, titles, leads)


def _columns(source_ids: list, article_ids: list, *values: list) -> Columns:
    """Columns from one list per column (source_id, article_id, then EVENT_COLUMNS in order)."""
    out = {"article_id": object_array(article_ids), SOURCE_COLUMN: object_array(source_ids)}
    for name, column in zip(EVENT_COLUMNS, values):
        out[name] = np.array(column, dtype=np.float64) if name == "seconds" else object_array(column)
    return out


def object_array(values: Sequence[Any]) -> np.ndarray:
    """A one-dimensional object array of the values (lists stay single items)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values if isinstance(values, list) else list(values)
    return out


def _country_codes(row: dict[str, Any]) -> list[str]:
    """An enriched row's country codes as listed, and its focus country; assign_events reads them as a set."""
    codes = [c["code"] for c in row.get("countries") or ()]
    focus = row.get("focus_country")
    return codes if focus is None or focus in codes else [focus, *codes]


def _countries(row: dict[str, Any]) -> list[str]:
    """An enriched row's countries, focus first, then by mentions (most first; as listed when even)."""
    found = row.get("countries") or ()
    codes = [c["code"] for c in (sorted(found, key=itemgetter("mentions"), reverse=True) if len(found) > 1 else found)]
    focus = row.get("focus_country")
    return codes if focus is None else [focus, *[c for c in codes if c != focus]]


def article_stems(title: str | None, text: str | None) -> dict[str, str]:
    """The stems an article is compared by, each joined by spaces, as the enriched row and the warehouse keep them
    (a stem holds no space): its title's, and its opening's that the title lacks (distinct_stems)."""
    title_stems, lead_stems = distinct_stems(stems(title or ""), stems((text or "")[:LEAD_CHARS]))
    return {"title": " ".join(title_stems), "lead": " ".join(lead_stems)}


def distinct_stems(title: Sequence[str], lead: Sequence[str]) -> tuple[list[str], list[str]]:
    """Each stem once, in order of first use: the title's, then the opening's not in the title (a story's words
    are a set: the repeats only lengthened what the later steps read and sort)."""
    title_set = dict.fromkeys(title)
    return list(title_set), [s for s in dict.fromkeys(lead) if s not in title_set]


def stems(text: str) -> list[str]:
    """Case-folded, accent-free word stems (CJK, Thai, Lao and Burmese runs as character pairs; Arabic script as
    _arabic_script reads it, Hebrew without its prefix letters; Greek, Belarusian, Ukrainian, Kazakh and Azerbaijani
    without their case endings; Bengali and Devanagari without the endings written onto a word); words under three
    letters dropped, but not two-digit numbers; a decimal number whole, with a point and without a second decimal's
    trailing zero; digits of every script as ASCII digits; a text's one match score as one word (2-1 and 1-2 as
    2x1)."""
    text = text.casefold()
    if ("-" in text or ":" in text or "\u2013" in text) and SCORE_HINT_RE.search(text) \
            and len(SCORE_RE.findall(text)) == 1:
        text = SCORE_RE.sub(_score, text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        readings = READINGS_RE.search(text) is not None
        if readings:
            text = _native_digits_and_indic(text)
        text = COMBINING_RE.sub("", text)
        if CJK_RE.search(text):
            return [s for w in CJK_TOKEN_RE.findall(text) for s in _cjk_pairs(w)]
        if ARABIC_RE.search(text):
            text = _arabic_script(text)
        elif HEBREW_RE.search(text):
            text = _hebrew(text)
        elif GREEK_RE.search(text):
            text = " ".join(GREEK_ENDING_RE.sub("", w) for w in STEM_WORD_RE.findall(text))
        elif readings and CYRILLIC_RE.search(text):
            text = " ".join(CYRILLIC_ENDING_RE.sub("", w) for w in STEM_WORD_RE.findall(text))
        elif readings and "ə" in text:
            text = " ".join(_azerbaijani_word(w) for w in STEM_WORD_RE.findall(text))
    found = STEM_RE.findall(text)
    if "," not in text and "." not in text:
        return found
    joined = " ".join(found)  # a decimal comma as a point, so that 6,1 and 6.1 meet, and 5.50 as 5.5
    if "," not in joined and "." not in joined:
        return found
    return DECIMAL_ZERO_RE.sub("", joined.replace(",", ".")).split()


def _score(match: re.Match) -> str:
    """A match's score as one word: its higher digit, x, its lower (2-1 and 1-2 as 2x1)."""
    high, low = sorted(match.groups(), reverse=True)
    return f"{high}x{low}"


def _arabic_script(text: str) -> str:
    """A text holding Arabic-script words with their marks dropped, native digits as ASCII digits (۵.۱ as 5.1) and
    yeh and kaf spelled one way; in Arabic (no letter of Persian or Urdu), each word without its attached clitics
    and its commonest suffix (بالهزة as هزة, الإيجارات as ايجار, المصرية as مصر), so the forms of a word meet."""
    clitics = not PERSIAN_URDU_RE.search(text)
    text = ARABIC_MARKS_RE.sub("", text).translate(ARABIC_LETTERS)
    if not clitics:
        return text
    return " ".join(ARABIC_SUFFIX_RE.sub("", ARABIC_PREFIX_RE.sub("", w)) if ARABIC_RE.match(w) else w
                    for w in STEM_WORD_RE.findall(text))


def _native_digits_and_indic(text: str) -> str:
    """A text (NFKD, marks still on) with the digits of every script as ASCII digits and Bengali and Devanagari words
    without their endings (_indic_word)."""
    if NATIVE_DIGIT_RE.search(text):
        text = text.translate(NATIVE_DIGITS)
    if INDIC_RE.search(text):
        text = " ".join(_indic_word(w) for w in INDIC_WORD_RE.findall(text))
    return text


def _azerbaijani_word(word: str) -> str:
    """An Azerbaijani word without its suffixes (AZERBAIJANI_ENDING_RE, one after another), three letters staying."""
    while (stem := AZERBAIJANI_ENDING_RE.sub("", word)) != word:
        word = stem
    return word


def _indic_word(word: str) -> str:
    """A Bengali or Devanagari word (vowel signs still on) without the ending written onto it (INDIC_ENDING_RE), when
    three letters besides the signs stay (ঢাকায় and ঢাকার keep theirs: a stem of two letters would not count at all)."""
    ending = INDIC_ENDING_RE.search(word)
    if ending is None or len(COMBINING_RE.sub("", word[:ending.start()])) < 3:
        return word
    return word[:ending.start()]


def _hebrew(text: str) -> str:
    """A text holding Hebrew words with their points dropped and each word without the one-letter words written onto
    it (HEBREW_PREFIXES: as many as leave three letters, so every form of a word meets)."""
    text = HEBREW_POINTS_RE.sub("", text)
    return " ".join(_hebrew_word(w) if HEBREW_RE.match(w) else w for w in STEM_WORD_RE.findall(text))


def _hebrew_word(word: str) -> str:
    """A Hebrew word without the prefix letters (ו ה ב ל מ ש כ) before its last three letters."""
    while len(word) > 3 and word[0] in HEBREW_PREFIXES:
        word = word[1:]
    return word


def _cjk_pairs(word: str) -> list[str]:
    """The character pairs of a CJK run (or a Thai, Lao or Burmese one), a decimal number (with a point, 5.50 as 5.5),
    or a word's stem."""
    if CJK_RE.search(word):
        return [word[i:i + 2] for i in range(max(1, len(word) - 1))]
    if not word[0].isalpha() and ("." in word or "," in word):
        return [DECIMAL_ZERO_RE.sub("", word.replace(",", "."))]
    return [word[:STEM_CHARS]] if len(word) >= 3 or (len(word) == 2 and word.isdigit()) else []


def _nodes(columns: Columns) -> _Nodes:
    """One node per story (known rows first): its earliest time, first topic and event, and its articles'
    countries, outlets and words."""
    from scipy import sparse

    story, story_ids = _factorize_named(columns["story_id"])
    n = len(story_ids)
    when = np.full(n, np.inf)
    np.minimum.at(when, story, np.nan_to_num(columns["seconds"].astype(np.float64), nan=np.inf))
    topic = _first_per_node(story, _factorize_named(columns["topic"])[0], n)
    event_codes, event_names = _factorize_named(columns["event_id"])
    first_event = _first_per_node(story, event_codes, n)
    country_rows, countries = _flat(story, [c if c is not None else () for c in columns["countries"].tolist()])
    country_ids = _factorize(countries)
    has_source = np.not_equal(columns[SOURCE_COLUMN], None)
    source_rows, source_ids = story[has_source], _factorize(columns[SOURCE_COLUMN][has_source])
    (title_rows, title_words, title_dotted), (lead_rows, lead_words, lead_dotted) = _words(
        story, columns["title_stems"], columns["lead_stems"])
    ids, words = _factorize_keys(np.concatenate([title_words, lead_words]))
    text, title = _word_entries(title_rows, ids[:len(title_rows)], lead_rows, ids[len(title_rows):])
    number_rows = np.concatenate([title_rows[title_dotted], lead_rows[lead_dotted]])
    number_ids = _factorize(np.concatenate([ids[:len(title_rows)][title_dotted], ids[len(title_rows):][lead_dotted]]))
    places, place_countries = _places(text[0], text[1], words, n)
    return _Nodes(story_ids=list(story_ids), when=when, topic=topic,
                  countries=sparse.csr_matrix((np.ones(len(country_ids)), (country_rows, country_ids)),
                                              shape=(n, int(country_ids.max(initial=-1)) + 1)),
                  sources=sparse.csr_matrix((np.ones(len(source_ids)), (source_rows, source_ids)),
                                            shape=(n, int(source_ids.max(initial=-1)) + 1)),
                  event_ids=[event_names[e] if e >= 0 else None for e in first_event.tolist()],
                  text=text, title=title,
                  numbers=sparse.csr_matrix((np.ones(len(number_ids)), (number_rows, number_ids)),
                                            shape=(n, int(number_ids.max(initial=-1)) + 1)),
                  places=places, place_countries=place_countries)


def _factorize_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An id per key (a 64-bit word key, or any value) in order of first appearance (-1 for None), and the keys by id
    in their own type."""
    import pandas as pd

    if not len(keys):
        return np.zeros(0, dtype=np.int64), keys
    codes, uniques = pd.factorize(keys)
    return codes.astype(np.int64), np.asarray(uniques)


def _places(rows: np.ndarray, ids: np.ndarray, words: np.ndarray, n: int) -> tuple[Any, Any]:
    """Nodes x towns and nodes x countries of the towns (_place_table) among the words: the node and word id of each
    of the nodes' words, in order of node, and the key of each word id (the distinct words are looked up)."""
    import pandas as pd
    from scipy import sparse

    town_keys, town_prefixes, town_countries = _place_table()
    town = pd.Index(town_keys).get_indexer(words)[ids]  # a hash look-up: a third of a binary search's time
    hit = np.flatnonzero(town >= 0)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[hit], minlength=n))])
    return tuple(sparse.csr_matrix((np.ones(len(hit)), column[town[hit]], indptr),
                                   shape=(n, int(column.max(initial=-1)) + 1))
                 for column in (town_prefixes, town_countries))


@functools.cache
def _place_table(table: Path = PLACE_TABLE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gazetteer's towns (_town_table): read from PLACE_CACHE_DIR, where a file is kept for this table and this
    code (by their sizes and times; the files of others are removed), or built and kept there (a build takes about
    0.13 s of CPU, two thirds of a 5,000-article day's event step; reading the file kept, under a millisecond)."""
    stamp = "-".join(f"{p.stat().st_size}-{p.stat().st_mtime_ns}" for p in (table, Path(__file__)))
    kept = PLACE_CACHE_DIR / f"towns-{stamp}.npy"
    try:
        found = np.load(kept)
        if found.ndim == 2 and len(found) == 3:
            return found[0], found[1].astype(np.int64), found[2].astype(np.int64)
    except (OSError, ValueError):  # not kept yet (or cut short): built below
        pass
    keys, prefixes, countries = _town_table(table)
    try:
        PLACE_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f".partial-{os.getpid()}-{kept.name}")
        np.save(partial, np.stack([keys, prefixes.astype(np.uint64), countries.astype(np.uint64)]))
        os.replace(partial, kept)
        for other in PLACE_CACHE_DIR.glob("towns-*.npy"):
            if other != kept:
                other.unlink(missing_ok=True)
    except OSError as err:  # a read-only disk: the next run builds it again
        logger.warning("events: could not keep the towns' stems in %s (%s); they are built again next run",
                       PLACE_CACHE_DIR, err)
    return keys, prefixes, countries


def _town_table(table: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The keys of the stems of the gazetteer's towns (PLACE_KINDS named by one stem of PLACE_MIN_CHARS letters or
    more that no other country's town has), sorted, with an id of each stem's first PLACE_PREFIX_CHARS letters and
    of its country."""
    towns: dict[str, set[str]] = {}
    with table.open(encoding="utf-8") as lines:
        next(lines)  # the header
        for line in lines:
            surface, code, kind = line.split("\t", 3)[:3]
            if code and kind.partition("@")[0] in PLACE_KINDS:
                found = stems(surface)
                if len(found) == 1 and len(found[0]) >= PLACE_MIN_CHARS:
                    towns.setdefault(found[0], set()).add(code)
    names = sorted(stem for stem, codes in towns.items() if len(codes) == 1)
    keys = _words(np.arange(len(names)), object_array(names))[0][1]
    prefixes = _factorize(_words(np.arange(len(names)), object_array([s[:PLACE_PREFIX_CHARS] for s in names]))[0][1])
    countries = _factorize(object_array([min(towns[s]) for s in names]))
    order = np.argsort(keys, kind="stable")
    return keys[order], prefixes[order], countries[order]


def _words(node: np.ndarray, *columns: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each column of space-joined stems, the node of every stem, a 64-bit key of the stem and whether it holds a
    point (a decimal number: no other stem does) that does not part a thousands group (_thousands), end to end. The
    columns are read as one UTF-8 buffer (rows apart by newlines, which no stem holds): a stem of up to eight bytes
    is keyed by its bytes (mixed one to one), a longer one by a hash of its eight-byte chunks (two stems share a key
    by chance about once in 10^10 days)."""
    lengths = [len(column) for column in columns]
    values = [v or "" for column in columns for v in column.tolist()]
    values.append("")  # the last row ends with a newline too
    buffer = np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)
    gap = buffer <= ord(" ")  # a space or a newline: a stem holds neither, nor any other byte up to a space
    edges = np.flatnonzero(gap[1:] != gap[:-1]) + 1  # where stems start and end, in turn
    if len(buffer) and not gap[0]:
        edges = np.concatenate([[0], edges])
    starts, sizes = edges[0::2], edges[1::2] - edges[0::2]
    counts = np.diff(np.searchsorted(starts, np.flatnonzero(buffer == ord("\n"))), prepend=0)  # stems per row
    keys = _stem_keys(buffer, starts, sizes)
    points = np.flatnonzero(buffer == ord("."))
    at = np.searchsorted(starts, points, side="right") - 1  # a point lies within a stem (no gap holds one)
    dotted = np.zeros(len(starts), dtype=bool)
    dotted[at[~_thousands(buffer, starts[at], sizes[at], points)]] = True
    found, first = [], 0
    for length in lengths:
        last = first + int(counts[:length].sum())
        found.append((np.repeat(node, counts[:length]), keys[first:last], dotted[first:last]))
        first = last
        counts = counts[length:]
    return found


def _thousands(buffer: np.ndarray, starts: np.ndarray, sizes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Whether each point, within a number's stem (of starts and sizes), parts a thousands group: one to three digits
    not led by a zero, then three (5,000 and 5,200 victims, 21.450 dong: no decimal numbers that differ)."""
    return (starts + sizes - points == 4) & (points - starts <= 3) & (buffer[starts] != ord("0"))


def _stem_keys(buffer: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """A 64-bit key of each byte string buffer[start:start + size]: its bytes, mixed one to one, up to eight; a hash
    of them beyond."""
    longest = int(sizes.max(initial=0))
    padded = np.concatenate([buffer, np.zeros(longest + 8, np.uint8)])
    words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))  # the 8 bytes from each byte on
    keys = _mix(words[starts] & _BYTE_MASKS[np.minimum(sizes, 8)])
    for offset in range(8, longest, 8):
        long = np.flatnonzero(sizes > offset)
        chunk = words[starts[long] + offset] & _BYTE_MASKS[np.minimum(sizes[long] - offset, 8)]
        keys[long] = _mix(keys[long] ^ chunk)
    return keys


_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def _mix(keys: np.ndarray) -> np.ndarray:
    """The keys scrambled one to one (splitmix64's finaliser), so that hashing them spreads well."""
    keys = (keys ^ (keys >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    keys = (keys ^ (keys >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return keys ^ (keys >> np.uint64(31))


def _factorize_named(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An id per value in order of first appearance (-1 for None), and the values by id, as objects."""
    codes, names = _factorize_keys(values)
    return codes, names.astype(object, copy=False)


def _first_per_node(node: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """Each node's first code that is set (>= 0) in row order, -1 for none."""
    out = np.full(n, -1, dtype=np.int64)
    present = np.flatnonzero(codes >= 0)
    nodes, first = np.unique(node[present], return_index=True)
    out[nodes] = codes[present[first]]
    return out


def _flat(node: np.ndarray, lists: list) -> tuple[np.ndarray, np.ndarray]:
    """The node of every item of each row's list, and the items, end to end."""
    from itertools import chain

    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    items = np.empty(int(lengths.sum()), dtype=object)
    items[:] = list(chain.from_iterable(lists))
    return np.repeat(node, lengths), items


def _factorize(values: np.ndarray) -> np.ndarray:
    """An id per value, numbered in order of first appearance."""
    return _factorize_named(values)[0]


def _word_entries(title_rows: np.ndarray, title_ids: np.ndarray, lead_rows: np.ndarray, lead_ids: np.ndarray
                  ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The text's and the title's entries: one per node and word, in order of node and word, with the word's
    factor in the node (TITLE_WEIGHT for a word of the title in the text, else 1); scipy's sparse matrix sorts and
    sums each node's entries (a sort per node's few dozen words: a global sort of (node, word) keys took twice as
    long), a title entry counting more than all the openings' entries together, so that its sum tells whether the
    title names the word; the title's entries are those."""
    from scipy import sparse

    n = int(max(title_rows.max(initial=-1), lead_rows.max(initial=-1))) + 1
    size = int(max(title_ids.max(initial=-1), lead_ids.max(initial=-1))) + 1
    mark = float(len(lead_rows) + 1)
    text = sparse.csr_matrix((np.concatenate([np.full(len(title_rows), mark), np.ones(len(lead_rows))]),
                              (np.concatenate([title_rows, lead_rows]), np.concatenate([title_ids, lead_ids]))),
                             shape=(n, size))
    text.sum_duplicates()
    rows, ids, in_title = _row_of_entries(text), text.indices.astype(np.int64), text.data >= mark
    return ((rows, ids, np.where(in_title, TITLE_WEIGHT, 1.0)),
            (rows[in_title], ids[in_title], np.ones(int(np.count_nonzero(in_title)))))


def _row_of_entries(matrix: Any) -> np.ndarray:
    """The row of each stored entry of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))


def _scored_pairs(nodes: _Nodes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Probability, i and j (i < j) of node pairs that may be one event (ATTACH_MIN_SCORE or more), best first: a new
    story with any other."""
    is_new = np.array([e is None for e in nodes.event_ids], dtype=bool)
    if not is_new.any():
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    weighted, shared = _matrices(nodes)
    rows, cols, z = _near_pairs(weighted, is_new, nodes.when)
    z = z + PAIR_BIAS
    keep = ((z + PAIR_COUNTRY + PAIR_TOPIC >= ATTACH_MIN_LOGIT)
            & (np.abs(nodes.when[rows] - nodes.when[cols]) <= EVENT_WINDOW.total_seconds()))
    rows, cols, z = rows[keep], cols[keep], z[keep]
    same_country = _any_in_both(nodes.countries, rows, cols)
    same_topic = (nodes.topic[rows] >= 0) & (nodes.topic[rows] == nodes.topic[cols])
    same_source = _any_in_both(nodes.sources, rows, cols)
    z = z + PAIR_COUNTRY * same_country + PAIR_TOPIC * same_topic + PAIR_SOURCE * same_source
    keep = np.flatnonzero(z >= ATTACH_MIN_LOGIT)  # the costlier tests below read only these pairs
    keep = keep[_in_both(shared, rows[keep], cols[keep]) >= MIN_SHARED_TERMS]
    z[keep] += PAIR_NUMBERS * _other_numbers(nodes.numbers, rows[keep], cols[keep])
    keep = keep[z[keep] >= ATTACH_MIN_LOGIT]
    z[keep] += PAIR_PLACES * _other_places(nodes, rows[keep], cols[keep])
    keep = keep[z[keep] >= ATTACH_MIN_LOGIT]
    i, j = np.minimum(rows, cols)[keep], np.maximum(rows, cols)[keep]
    probability = 1 / (1 + np.exp(-z[keep]))
    order = np.lexsort((j, i, -probability))
    return probability[order], i[order], j[order]


def _other_numbers(numbers: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair of nodes, whether both give decimal numbers and share none (a magnitude of 5.9 and one of 4.8)."""
    if numbers is None or not numbers.nnz:
        return np.zeros(len(rows), dtype=bool)
    given = np.diff(numbers.indptr) > 0
    both = np.flatnonzero(given[rows] & given[cols])
    out = np.zeros(len(rows), dtype=bool)
    out[both] = ~_any_in_both(numbers, rows[both], cols[both])
    return out


def _other_places(nodes: _Nodes, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair of nodes, whether both name towns of one country and share none (a fire in Lyon, one in
    Marseille)."""
    out = np.zeros(len(rows), dtype=bool)
    if nodes.places is None or not nodes.places.nnz:
        return out
    named = np.diff(nodes.places.indptr) > 0
    both = np.flatnonzero(named[rows] & named[cols])
    both = both[_any_in_both(nodes.place_countries, rows[both], cols[both])]  # few countries: bitmasks
    out[both] = ~_any_in_both(nodes.places, rows[both], cols[both])
    return out


def _near_pairs(weighted: Any, is_new: np.ndarray, when: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair of a new node with another node whose product of weighted rows (PAIR_TEXT x text cosine + PAIR_TITLE
    x title cosine) may reach ATTACH_MIN_SCORE, once, with the product: the new nodes in blocks by time, each
    against the known nodes and the new nodes from the block on that fall within EVENT_WINDOW of it (the others
    are never paired); a product is the same sum in the same order whichever of the two rows it is computed from."""
    window = EVENT_WINDOW.total_seconds()
    low = ATTACH_MIN_LOGIT - PAIR_BIAS - PAIR_COUNTRY - PAIR_TOPIC - 1e-6  # most products are far too low
    fresh, known = (np.flatnonzero(mask) for mask in (is_new, ~is_new))
    fresh, known = fresh[np.argsort(when[fresh], kind="stable")], known[np.argsort(when[known], kind="stable")]
    fresh_when, known_when = when[fresh], when[known]
    node = np.concatenate([known, fresh])  # the rows below: the known nodes by time, then the new ones
    rows, base = weighted[node], len(known)
    found, spare = [], []
    for start in range(0, len(fresh), NEAR_BLOCK):
        stop = min(start + NEAR_BLOCK, len(fresh))
        block = rows[base + start:base + stop].T.tocsr()
        first, last = fresh_when[start] - window, fresh_when[stop - 1] + window
        k0, k1 = np.searchsorted(known_when, first, side="left"), np.searchsorted(known_when, last, side="right")
        f1 = base + int(np.searchsorted(fresh_when, last, side="right"))
        spans = [(int(k0), f1)] if k1 == base and start == 0 else [(int(k0), int(k1)), (base + start, f1)]
        for r0, r1 in ((r0, r1) for r0, r1 in spans if r1 > r0):
            r, c, z = _above(rows, r0, r1, block, low, spare)
            c += base + start
            later = (r > c) | (r < base)  # each pair of new nodes once; a known row pairs with every new one
            found.append((node[r[later]], node[c[later]], z[later]))
    return tuple(np.concatenate(parts) for parts in zip(*found))


def _above(matrix: Any, r0: int, r1: int, block: Any, low: float, spare: list[np.ndarray]
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries at low or more of the product of rows r0 to r1 of matrix (CSR) with block (CSR): their row in
    matrix, column in block and value (scipy's sum, in the order of the row's columns). In one pass, into room for
    as many entries as the rows could make (scipy's product first counts them, a pass about two thirds as long):
    spare, the room of the previous call, when large enough (fresh memory costs page faults as it is written)."""
    p0, p1 = int(matrix.indptr[r0]), int(matrix.indptr[r1])
    data, block_sizes = matrix.data[p0:p1], np.diff(block.indptr)
    room = int(block_sizes[matrix.indices[p0:p1]].sum())
    index = np.int32 if max(room, matrix.nnz, block.nnz) < np.iinfo(np.int32).max else np.int64
    indptr, indices = (matrix.indptr[r0:r1 + 1] - p0).astype(index), matrix.indices[p0:p1].astype(index, copy=False)
    block_indptr, block_indices = block.indptr.astype(index, copy=False), block.indices.astype(index, copy=False)
    if _csr_matmat is None:  # a scipy without the routine: the public product
        from scipy import sparse

        product = sparse.csr_matrix((data, indices, indptr), shape=(r1 - r0, matrix.shape[1])) @ block
        out_indptr, out_indices, out_data = product.indptr, product.indices, product.data
    else:
        if not spare or len(spare[0]) < room or spare[0].dtype != index:
            spare[:] = [np.empty(room, dtype=index), np.empty(room)]
        out_indptr, (out_indices, out_data) = np.empty(r1 - r0 + 1, dtype=index), spare
        _csr_matmat(r1 - r0, block.shape[1], indptr, indices, data, block_indptr, block_indices, block.data,
                    out_indptr, out_indices, out_data)
    near = np.flatnonzero(out_data[:out_indptr[-1]] >= low)
    return np.searchsorted(out_indptr, near, side="right") - 1 + r0, out_indices[near].astype(np.int64), out_data[near]


def _any_in_both(matrix: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair of rows, whether a column is nonzero in both (_in_both > 0, the matrix of 0/1 entries): two rows
    of one entry each compare their columns; other pairs go by a bitmask of each row's columns when there are few
    columns (MAX_MASK_COLUMNS), else by _in_both."""
    counts = np.diff(matrix.indptr)
    only = np.full(len(counts), -1, dtype=np.int64)
    only[counts == 1] = matrix.indices[matrix.indptr[:-1][counts == 1]]
    out = (only[rows] >= 0) & (only[rows] == only[cols])
    several = np.flatnonzero((counts[rows] > 0) & (counts[cols] > 0) & ((counts[rows] > 1) | (counts[cols] > 1)))
    if matrix.shape[1] > MAX_MASK_COLUMNS:
        out[several] = _in_both(matrix, rows[several], cols[several]) > 0
        return out
    masks = _column_masks(matrix)
    out[several] = (masks[rows[several]] & masks[cols[several]]).any(axis=1)
    return out


def _column_masks(matrix: Any) -> np.ndarray:
    """Each row's nonzero columns as a bitmask (rows x 64-bit words)."""
    n, width = matrix.shape
    words = max(1, -(-width // 64))
    columns = matrix.indices.astype(np.int64)
    masks = np.zeros(n * words, dtype=np.uint64)
    np.bitwise_or.at(masks, np.repeat(np.arange(n) * words, np.diff(matrix.indptr)) + columns // 64,
                     np.left_shift(np.uint64(1), (columns % 64).astype(np.uint64)))
    return masks.reshape(n, words)


def _in_both(matrix: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair of rows, the sum of the products of their entries (how many 0/1 columns both have): the pairs'
    rows multiplied entry by entry into room for the shorter side's entries (scipy's product of two matrices sizes
    and checks them first, about twice as long)."""
    if not len(rows):
        return np.zeros(0)
    first, second = matrix[rows], matrix[cols]
    if _csr_elmul_csr is None:  # a scipy without the routine: the public product
        return np.asarray(first.multiply(second).sum(axis=1)).ravel()
    room = min(first.nnz, second.nnz)
    indptr, indices, data = (np.empty(len(rows) + 1, dtype=first.indptr.dtype),
                             np.empty(room, dtype=first.indptr.dtype), np.empty(room, dtype=first.dtype))
    _csr_elmul_csr(len(rows), matrix.shape[1], first.indptr, first.indices.astype(first.indptr.dtype, copy=False),
                   first.data, second.indptr, second.indices.astype(first.indptr.dtype, copy=False), second.data,
                   indptr, indices, data)
    row = np.repeat(np.arange(len(rows)), np.diff(indptr))
    return np.bincount(row, weights=data[:indptr[-1]], minlength=len(rows))


def _matrices(nodes: _Nodes) -> tuple[Any, Any]:
    """Nodes x words, only the words two nodes may share (in two nodes at least, not too common): the text's and
    the title's weights side by side (factor x IDF, each part of unit length over all its words, then scaled so
    that a product of two rows is PAIR_TEXT x text cosine + PAIR_TITLE x title cosine), and which words a node has."""
    from scipy import sparse

    (text_rows, text_ids, text_factors), (title_rows, title_ids, title_factors) = nodes.text, nodes.title
    size = int(max(text_ids.max(initial=-1), title_ids.max(initial=-1))) + 1
    df = np.bincount(text_ids, minlength=size)
    n = len(nodes)
    common = min(MAX_TERM_STORIES, int(MAX_TERM_SHARE * n)) if n >= MIN_COMMON_STORIES else n
    counted = df <= common
    idf = np.log1p(n / np.maximum(df, 1)) * counted
    shared = counted & (df >= 2)
    text = _unit(text_rows, text_factors * idf[text_ids], n) * math.sqrt(PAIR_TEXT)
    title = _unit(title_rows, title_factors * idf[title_ids], n) * math.sqrt(PAIR_TITLE)
    in_text, in_title = shared[text_ids], shared[title_ids]
    text_rows, text_ids, text = text_rows[in_text], text_ids[in_text], text[in_text]
    title_rows, title_ids, title = title_rows[in_title], title_ids[in_title] + size, title[in_title]
    text_count, title_count = np.bincount(text_rows, minlength=n), np.bincount(title_rows, minlength=n)
    text_end, title_end = np.cumsum(text_count), np.cumsum(title_count)
    ends = text_end + title_end
    # a node's text words, then its title words: each part is already in order of node and word
    at_text = np.arange(len(text_rows)) + title_end[text_rows] - title_count[text_rows]
    at_title = np.arange(len(title_rows)) + text_end[title_rows]
    indices, data = np.empty(len(at_text) + len(at_title), dtype=np.int64), np.empty(len(at_text) + len(at_title))
    indices[at_text], indices[at_title], data[at_text], data[at_title] = text_ids, title_ids, text, title
    weighted = sparse.csr_matrix((data, indices, np.concatenate([[0], ends])), shape=(n, 2 * size))
    has = sparse.csr_matrix((np.ones(len(text_ids)), text_ids, np.concatenate([[0], text_end])), shape=(n, size))
    return weighted, has


def _unit(rows: np.ndarray, data: np.ndarray, n: int) -> np.ndarray:
    """The entries scaled so that each row's are of unit length (a row of zeros stays zeros)."""
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    return np.divide(data, norms[rows], out=np.zeros_like(data), where=norms[rows] > 0)


def _cluster(nodes: _Nodes, probability: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Group of every node: best pairs first (MIN_PAIR_SCORE or more), two groups merging while their average cross
    score holds (the sums of scores between groups are kept as groups merge; the smaller group joins the larger;
    two new groups of several stories sharing no leading topic need BRIDGE_MIN_AVERAGE); then stories left alone
    attach (_attach_alone)."""
    group = _start_groups(nodes.event_ids)
    size = np.bincount(group, minlength=len(group)).tolist()
    members = _members(group)  # a known event starts as one group of its stories
    known = [e is not None for e in nodes.event_ids]  # of a group: whether it holds a known event
    strong = int(np.count_nonzero(probability >= MIN_PAIR_SCORE))  # the pairs come best first
    between = _between(group, probability[:strong], first[:strong], second[:strong])
    root = group.tolist()
    for i, j in zip(first[:strong].tolist(), second[:strong].tolist()):
        a, b = root[i], root[j]
        if a == b or (known[a] and known[b]):
            continue
        average = between[a].get(b, 0.0) / (size[a] * size[b])
        if average < MIN_AVERAGE_SCORE or (average < BRIDGE_MIN_AVERAGE and size[a] > 1 and size[b] > 1 and not (
                known[a] or known[b]) and _apart_topics(members, nodes.topic, a, b)):
            continue
        if size[a] < size[b]:
            a, b = b, a
        _merge(between, a, b)
        moved = members.pop(b, None) or [b]
        for m in moved:
            root[m] = a
        members.setdefault(a, [a]).extend(moved)
        size[a] += size[b]
        known[a] = known[a] or known[b]
    return _attach_alone(nodes, np.array(root, dtype=np.int64), probability, first, second)


def _apart_topics(members: dict[int, list[int]], topic: np.ndarray, a: int, b: int) -> bool:
    """Whether groups a and b (of several nodes each) both have a leading topic (one most of their stories have) and
    share none; a group whose stories have no topic is not apart from any."""
    first, second = _leading(members[a], topic), _leading(members[b], topic)
    return bool(first and second and not first & second)


def _leading(nodes: list[int], topic: np.ndarray) -> set[int]:
    """The topic ids that most of the nodes have (the most frequent; several when tied), none when no node has one."""
    found = topic[nodes]
    counts = np.bincount(found[found >= 0])
    return set(np.flatnonzero(counts == counts.max()).tolist()) if len(counts) else set()


def _members(group: np.ndarray) -> dict[int, list[int]]:
    """Group -> its nodes in order, for the groups of more than one node (any other group is its one node)."""
    shared = np.flatnonzero(np.bincount(group, minlength=len(group))[group] > 1)
    members: dict[int, list[int]] = {}
    for i, g in zip(shared.tolist(), group[shared].tolist()):
        members.setdefault(g, []).append(i)
    return members


def _attach_alone(nodes: _Nodes, groups: np.ndarray, probability: np.ndarray, first: np.ndarray,
                  second: np.ndarray) -> np.ndarray:
    """The groups with each new story still alone moved to the group of ATTACH_MIN_STORIES or more it scores best
    with on average over the group's stories (a pair not scored counts as 0), when that average is ATTACH_MIN_SCORE
    or more over two scored pairs or more (one pair would let a story two days from one report join)."""
    n = len(groups)
    size = np.bincount(groups, minlength=n)
    alone = (size[groups] == 1) & np.array([e is None for e in nodes.event_ids], dtype=bool)
    node, other = np.concatenate([first, second]), np.concatenate([second, first])
    near = alone[node] & (size[groups[other]] >= ATTACH_MIN_STORIES)
    keys, slot = np.unique(node[near] * n + groups[other[near]], return_inverse=True)
    node, target = keys // n, keys % n
    average = np.bincount(slot, weights=np.concatenate([probability, probability])[near]) / size[target]
    keep = (average >= ATTACH_MIN_SCORE) & (np.bincount(slot, minlength=len(keys)) >= 2)
    node, target, average = node[keep], target[keep], average[keep]
    order = np.lexsort((target, -average, node))  # each node's best group first
    best = order[np.r_[True, node[order][1:] != node[order][:-1]]] if len(order) else order
    out = groups.copy()
    out[node[best]] = target[best]
    return out


def _start_groups(event_ids: list[str | None]) -> np.ndarray:
    """Each node's group before any merge: the first node of its known event, else itself."""
    first_of_event: dict[str, int] = {}
    return np.array([first_of_event.setdefault(e, i) if e is not None else i for i, e in enumerate(event_ids)],
                    dtype=np.int64)


def _between(group: np.ndarray, probability: np.ndarray, first: np.ndarray, second: np.ndarray
             ) -> dict[int, dict[int, float]]:
    """Group -> other group -> sum of the scores of the pairs across them (summed in pair order)."""
    a, b = group[first], group[second]
    across = a != b
    low, high = np.minimum(a, b)[across], np.maximum(a, b)[across]
    keys, where = np.unique(low * len(group) + high, return_inverse=True)
    sums = np.bincount(where, weights=probability[across], minlength=len(keys))
    between: dict[int, dict[int, float]] = defaultdict(dict)
    for x, y, total in zip((keys // len(group)).tolist(), (keys % len(group)).tolist(), sums.tolist()):
        between[x][y] = between[y][x] = total
    return between


def _merge(between: dict[int, dict[int, float]], a: int, b: int) -> None:
    """Group b joins group a: its sums with other groups add to a's."""
    with_a = between[a]
    for c, s in between.pop(b, {}).items():
        with_c = between[c]
        del with_c[b]
        if c != a:
            with_a[c] = with_c[a] = with_a.get(c, 0.0) + s


def _event_ids(nodes: _Nodes, groups: np.ndarray) -> dict[str, str]:
    """story_id -> event_id: the group's known event, else the story_id of its earliest story (by time, then
    story_id)."""
    story_ids = np.array(nodes.story_ids, dtype=object)
    by_name = np.empty(len(story_ids), dtype=np.int64)
    by_name[np.argsort(np.array(nodes.story_ids, dtype=str), kind="stable")] = np.arange(len(story_ids))
    order = np.lexsort((by_name, nodes.when, groups))
    sorted_groups = groups[order]
    earliest = np.ones(len(order), dtype=bool)
    earliest[1:] = sorted_groups[1:] != sorted_groups[:-1]
    name = np.empty(len(story_ids), dtype=object)
    name[sorted_groups[earliest]] = story_ids[order[earliest]]
    events = np.array(nodes.event_ids, dtype=object)
    known = np.flatnonzero(np.not_equal(events, None))
    name[groups[known]] = events[known]  # a group holds at most one known event
    return dict(zip(nodes.story_ids, name[groups].tolist()))


def _novel_names(event_of_story: dict[str, str], fresh: Columns, known_events: set[str]) -> dict[str, str]:
    """event_of_story with each new event named after a story of an earlier run (a copy of it arrived today) named
    after that story's earliest article of this run instead: an earlier run may have named an event after the
    story, and one id must not join two happenings weeks apart."""
    run_articles = set(fresh["article_id"].tolist())
    stale = {e for e in set(event_of_story.values()) if e not in run_articles and e not in known_events}
    if not stale:
        return event_of_story
    first_article: dict[str, str] = {}
    for i in np.lexsort((fresh["article_id"].astype(str), fresh["seconds"])):  # earliest article first
        first_article.setdefault(fresh["story_id"][i], fresh["article_id"][i])
    renamed = {e: first_article[e] for e in stale if e in first_article}
    return {story: renamed.get(e, e) for story, e in event_of_story.items()}


def name_events_by_clean_stories(articles: Any, known_event_ids: set[str]) -> Any:
    """The run's clean articles (a DataFrame with article_id, story_id, event_id, first_seen_at, published_at)
    with each new event named by an article the load stores (the digest finds an event's first day by that
    article): an event whose naming article was quarantined takes the id of its earliest clean article; an event
    of an earlier run keeps its id."""
    import pandas as pd

    frame = articles.assign(_at=articles["published_at"].fillna(articles["first_seen_at"]))
    stored = set(frame["article_id"]) | known_event_ids
    named = frame["event_id"].isin(stored) | frame["event_id"].isna()
    if named.all():
        return articles
    earliest = (frame[~named].sort_values(["_at", "article_id"], kind="stable")
                .drop_duplicates("event_id").set_index("event_id")["article_id"])
    renamed = frame["event_id"].map(earliest)
    return articles.assign(event_id=pd.Series(renamed.where(~named, frame["event_id"]), index=articles.index))


def event_article(row: dict[str, Any], story_id: str) -> EventArticle:
    """An enriched row of this run (stages' enriched/*.jsonl) as an article to place, with the stems enrich
    kept (event_stems) when it did."""
    focus = row.get("focus_country")
    kept = row.get("event_stems")
    return EventArticle(article_id=row["article_id"], story_id=story_id, source_id=row["source_id"],
                        title=row.get("title"), lead=(row.get("text") or "")[:LEAD_CHARS],
                        stems=(kept["title"].split(), kept["lead"].split()) if kept else None,
                        first_seen=datetime.fromisoformat(row["first_seen_at"]),
                        published=_datetime(row.get("published_at")), language=row.get("language"),
                        focus_country=focus, countries=tuple(_countries(row)),
                        topics=tuple(t["code"] for t in sorted(row.get("topics") or [], key=lambda t: -t["score"])))


def _datetime(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp, or None."""
    return datetime.fromisoformat(value) if value else None
