"""Text given on the command line that is not UTF-8: a lone surrogate, as Python decodes a byte of another
encoding in an argument (`mediamon search $'\\xe9t\\xe9'` in a Latin-1 terminal gives '\\udce9t\\udce9').

Such text cannot be handed to DuckDB or written to a UTF-8 file; the commands refuse it up front, naming the
character, instead of failing later with a message about the warehouse or an exception.
"""
from __future__ import annotations

import re

SURROGATE_RE = re.compile("[\ud800-\udfff]")


def not_utf8_problem(text: str, what: str) -> str | None:
    """Why text is not UTF-8 text (its first lone surrogate, 1-based), or None when it is."""
    found = SURROGATE_RE.search(text)
    if found is None:
        return None
    char = found.group()
    byte = f" (the byte 0x{ord(char) - 0xDC00:02x} of another encoding)" if "\udc80" <= char <= "\udcff" else ""
    return (f"{what} is not UTF-8 text: character {found.start() + 1} is a lone surrogate{byte}; "
            "type it again in a UTF-8 terminal, or set LANG to a UTF-8 locale")
