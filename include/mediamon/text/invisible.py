"""Invisible characters that split or reorder the words of a title, byline or summary without showing.

A soft hyphen or zero-width space inside "Pro\\u00adtest in Ka\\u200bzakhstan" leaves two words where a reader
sees one, so a watch for "protest" or the country tagger looking for "Kazakhstan" misses it. These are
dropped from one-line texts (page and feed titles, authors, feed summaries) and feed content; ZWJ and ZWNJ stay, since
Persian and Indic words and emoji sequences are spelt with them.
"""
from __future__ import annotations

import re

# Soft hyphen, Mongolian vowel separator, zero-width space, word joiner, BOM, and bidi embeddings,
# overrides and isolates.
INVISIBLE_RE = re.compile("[\u00ad\u180e\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def drop_invisible(text: str | None) -> str | None:
    """text without INVISIBLE_RE characters (a title a watch or a reader sees as the words it shows); None when
    nothing is left."""
    if text is None or not INVISIBLE_RE.search(text):
        return text
    return " ".join(INVISIBLE_RE.sub("", text).split()) or None
