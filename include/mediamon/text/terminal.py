"""Text from the warehouse printed to a terminal by the command line's tables and listings.

A title, URL or snippet is outside text: an escape sequence in it (ESC [ 2 J clears the screen, ESC ] 0 ; ... BEL
retitles the window, ESC ] 52 writes the clipboard in some terminals), a BEL, a carriage return that overprints the
line, a C1 control (U+009B is a one-character CSI) or a bidi override (U+202E shows the rest of the line reversed)
would act on the reader's terminal instead of being read. Each is shown as U+FFFD; the JSON output keeps values
whole (json.dumps escapes C0 controls itself).
"""
from __future__ import annotations

import re

UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# What json.dumps(ensure_ascii=False) leaves raw that a terminal acts on: DEL, C1 controls, bidi controls, line and
# paragraph separators, lone surrogates (it escapes C0 controls itself)
JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(value: object) -> str:
    """value as one line a terminal shows as it is: line breaks and tabs as spaces, other control characters, bidi
    controls and lone surrogates as U+FFFD."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isprintable():  # nothing to change: most values
        return text
    return UNSAFE_RE.sub(REPLACEMENT, text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def terminal_columns(value: str) -> str:
    """value with each character a terminal would act on (a control, a line break or tab, a bidi control, a lone
    surrogate) as U+FFFD, one for one: a caret drawn under a column still points at its character."""
    return value if value.isascii() and value.isprintable() else UNSAFE_RE.sub(REPLACEMENT, value)


def terminal_json(text: str) -> str:
    """JSON text with each character a terminal would act on written as its \\uXXXX escape: read back, every value
    is the same; printed, none of them reaches the terminal (only strings hold them, so escaping keeps it JSON)."""
    return JSON_UNSAFE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
