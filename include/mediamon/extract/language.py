"""Language of an article's text (py3langid), with the language the page or its source states as a hint."""
from __future__ import annotations

import functools
import itertools
import logging
import re

logger = logging.getLogger(__name__)

LANGUAGE_SAMPLE_CHARS = 3000  # long enough that an English post quoting Arabic paragraphs stays English; 1,500 was not
OPENING_CHARS = 1000  # a long text whose opening is surely the page's declared language is not read further
OPENING_SURE = 0.9999  # ... when the model gives that language at least this probability on the opening
MIN_LETTERS = 20  # below this many letters the text says nothing about its language
HINT_MARGIN = 0.25  # the hinted language wins when its probability is within this of the best
UNSURE_P = 0.8  # a best probability below this is unsure: a page quoting another language, a short text
STATED_MIN_P = 0.1  # ... and then the stated language wins when the model gives it at least this
# py3langid also knows some ISO 639-3 individual languages; these have a macrolanguage with an ISO 639-1
# code. Its other 3-letter codes (no 639-1 code, or "zxx": no linguistic content) are never returned.
MACROLANGUAGES = {"ary": "ar", "arz": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn", "fuv": "ff",
                  "sdh": "ku", "kik": "ki"}
# Norwegian is written 'nb' (Bokmål, in which most of it is written, as the registry and gazetteer name it): the model
# ranks the macrolanguage 'no' apart from 'nb', and pages declare either
REGISTRY_CODES = {"no": "nb"}
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_HINT = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


@functools.lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    """The py3langid model with normalized probabilities, loaded once per process (0.6 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalize_language_hint(hint: str | None) -> str | None:
    """'en-US' / 'pt_BR' / 'DE' -> 'en' / 'pt' / 'de'; None for anything else."""
    if not hint:
        return None
    match = _HINT.match(hint)
    return REGISTRY_CODES.get(code := match.group(1).lower(), code) if match else None


def stated_language(page_hint: str | None, source_language: str | None) -> str | None:
    """The language the page declares (its lang attribute, content-language or og:locale) when it is a
    code, else the source's language from sources.yaml: the hint detect_language is given."""
    return page_hint if normalize_language_hint(page_hint) else source_language


def has_letters(text: str, count: int) -> bool:
    """True when text holds at least count letters (stops counting there)."""
    return sum(1 for _ in itertools.islice(_LETTER.finditer(text), count)) >= count


def iso639_1_ranking(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The model's ranking in ISO 639-1 codes: individual languages merged into their macrolanguage."""
    merged: dict[str, float] = {}
    for code, probability in ranked:
        code = MACROLANGUAGES.get(code, code)
        code = REGISTRY_CODES.get(code, code)
        if len(code) == 2:
            merged[code] = merged.get(code, 0.0) + float(probability)
    return sorted(merged.items(), key=lambda item: item[1], reverse=True)


def detect_language(text: str, hint: str | None = None) -> tuple[str | None, float | None]:
    """ISO 639-1 code of the text and the model's probability for it.

    (None, None) for too little text, or when the model ranks no language that has a 2-letter code.
    The hint, the language the page or its source states (stated_language), only breaks
    near-ties and doubts: it wins when the model gives it a probability within
    HINT_MARGIN of its best guess, or at least STATED_MIN_P when that guess is unsure (below
    UNSURE_P: an English post quoting Spanish tweets); the confidence stays the stated language's
    own. A long text whose opening OPENING_CHARS the model gives to the stated language with
    OPENING_SURE is not read further (a third of the model's time on most pages).
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not has_letters(sample, MIN_LETTERS):
        return None, None
    wanted = normalize_language_hint(hint)
    if (sure := _sure_opening(text, wanted)) is not None:
        return sure
    ranked = iso639_1_ranking(_identifier().rank(sample))
    if not ranked:
        return None, None
    best, best_p = ranked[0]
    if wanted and wanted != best:
        stated = next((p for code, p in ranked if code == wanted), 0.0)
        if stated >= best_p - HINT_MARGIN or (best_p < UNSURE_P and stated >= STATED_MIN_P):
            return wanted, round(float(stated), 4)
    return best, round(float(best_p), 4)


def _sure_opening(text: str, wanted: str | None) -> tuple[str, float] | None:
    """(wanted, probability) when the text is longer than OPENING_CHARS and the model is sure its
    opening is in the wanted (stated) language; else None."""
    if not wanted or len(text) <= OPENING_CHARS or not has_letters(text[:OPENING_CHARS], MIN_LETTERS):
        return None
    ranked = iso639_1_ranking(_identifier().rank(text[:OPENING_CHARS]))
    if ranked and ranked[0][0] == wanted and ranked[0][1] >= OPENING_SURE:
        return wanted, round(float(ranked[0][1]), 4)
    return None
