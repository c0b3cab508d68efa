"""One-line texts as they are stored: titles cut to MAX_TITLE_CHARS, and lone surrogates (which no UTF-8 file can
hold) made U+FFFD."""
from __future__ import annotations

import re

MAX_TITLE_CHARS = 1_000  # a stored title (a page's or a feed item's) is cut to this many characters, "…" included
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")  # a JSON "\ud800" escape decodes to one
REPLACEMENT = "\ufffd"


def without_lone_surrogates(text: str | None) -> str | None:
    """text with each lone surrogate (outside text such as a page's JSON-LD can hold one) as U+FFFD."""
    return text if text is None or text.isascii() else LONE_SURROGATE_RE.sub(REPLACEMENT, text)


def capped_title(title: str | None) -> str | None:
    """title cut to MAX_TITLE_CHARS with "…" appended, at the last space when one falls in the second half (else
    inside the word, as in a text without spaces): a page may declare a 100,000-character <title> and a feed may
    hold a title of a megabyte, while real headlines run under 300 characters."""
    if title is None or len(title) <= MAX_TITLE_CHARS:
        return title
    head = title[:MAX_TITLE_CHARS - 1]
    if not title[MAX_TITLE_CHARS - 1].isspace() and (space := head.rfind(" ")) > MAX_TITLE_CHARS // 2:
        head = head[:space]
    return head.rstrip() + "…"
