"""Budgets checked on a page's raw HTML before libxml2 parses it: work the parser would do in
quadratic time is refused up front.

libxml2 checks each attribute of a start tag against every earlier one of the same tag, so a tag
with 200,000 attributes (1.9 MB) takes minutes to parse. Attributes are separated by whitespace, "/"
or a quoted value, and a tag ends only at a ">" outside quotes; the scan drops quoted values, splits
on ">", and counts the separators of each long tag. It is linear and reads about 0.3 ms of a 170 KB
page; real pages stay under 1,600 separators in a tag (script text included), refused pages hold
MAX_TAG_ATTRIBUTES or more.
"""
from __future__ import annotations

import re

MAX_TAG_ATTRIBUTES = 5_000  # separators in one tag; libxml2 parses a tag this crowded in about 0.03 s
MAX_MARKUP_CHARS = 400_000  # "<" characters in a page; real pages with MAX_PAGE_ELEMENTS elements hold fewer

_QUOTED_VALUE = re.compile(r"""=\s*(?:"[^"]*"|'[^']*')""")
_TAG_START = re.compile(r"<[^\s/>!?]")
_SEPARATORS = re.compile(r"[\s/=]+")


def most_crowded_tag(html: str | bytes) -> int:
    """The most attribute separators found in one start tag of the page (0 for a page with no long tag).

    Script and style text is not markup; it is set aside only when the first count finds a crowded tag."""
    text = html.decode("latin-1") if isinstance(html, bytes) else html
    if len(text) < 2 * MAX_TAG_ATTRIBUTES:
        return 0
    worst = _most_separators(text)
    return _most_separators(without_raw_text(text)) if worst > MAX_TAG_ATTRIBUTES else worst


def _most_separators(text: str) -> int:
    """The most separators between a tag's start and its closing ">" (quoted values dropped first)."""
    shortest, worst = 2 * MAX_TAG_ATTRIBUTES, 0
    for run in _QUOTED_VALUE.sub("=", text).split(">"):
        if len(run) > shortest and (start := _TAG_START.search(run)) and len(run) - start.start() > shortest:
            worst = max(worst, len(_SEPARATORS.findall(run, start.start())))
    return worst


def without_raw_text(text: str) -> str:
    """The page with the content of every <script> and <style> element removed (found in linear time)."""
    lower = text.lower()
    parts, pos = [], 0
    while (start := min((i for i in (lower.find("<script", pos), lower.find("<style", pos)) if i >= 0),
                        default=-1)) >= 0:
        name = "</script" if lower.startswith("<script", start) else "</style"
        opened = lower.find(">", start)
        parts.append(text[pos:opened + 1 if opened >= 0 else len(text)])
        end = lower.find(name, opened) if opened >= 0 else -1
        if end < 0:
            return "".join(parts)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def markup_chars(html: str | bytes) -> int:
    """How many "<" the page holds (an upper bound of its elements)."""
    return html.count(b"<" if isinstance(html, bytes) else "<")
