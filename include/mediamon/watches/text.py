"""Fold text for watch matching: case and Latin, Greek and Cyrillic accents removed, character for
character (so a position in the folded text is the same position in the NFC text); and the scripts
written without spaces between words, whose terms match as substrings. A query's ß is spelled ss
(fold_query), and the matcher accepts either spelling for its ss."""
from __future__ import annotations

import re
import unicodedata

# Characters whose folded form differs from str.lower(): accented letters (é → e, İ → i) and full-width
# Latin letters and digits (Ａ → a). Built once from the Unicode database; a constant table.
_FOLD_RANGES = ((0x00C0, 0x0250), (0x0370, 0x0530), (0x1E00, 0x2000), (0xFF10, 0xFF1A), (0xFF21, 0xFF3B),
                (0xFF41, 0xFF5B))
SUBSTRING_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003134f]")
KEPT_LETTERS = "йЙїЇўЎ"  # letters of their own in Cyrillic alphabets, not и, і, у with an accent


def _folded_char(char: str) -> str:
    """One character without its accents (Latin, Greek, Cyrillic) and in lower case; itself if that
    would not be exactly one character."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = unicodedata.normalize("NFC", base).lower()
    return base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char


def _fold_table() -> dict[str, str]:
    """Every character of _FOLD_RANGES whose folded form is not its lower case."""
    table = {}
    for start, end in _FOLD_RANGES:
        for code in range(start, end):
            char = chr(code)
            if char in KEPT_LETTERS:
                continue
            folded = _folded_char(char)
            if folded != char.lower() or len(char.lower()) != 1:
                table[char] = folded
    return table


FOLD_TABLE = _fold_table()
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(FOLD_TABLE)) + "]")


def nfc(text: str) -> str:
    """text in Unicode NFC (precomposed accents), the form positions and snippets refer to."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """NFC text lower-cased with Latin, Greek and Cyrillic accents removed; as long as nfc(text)."""
    text = nfc(text)
    if not text.isascii():
        text = _FOLD_RE.sub(lambda m: FOLD_TABLE[m.group()], text)
    return text.lower()


def fold_query(text: str) -> str:
    """A query's text folded as fold() folds an article, with ß spelled ss as casefold() spells it: the
    matcher finds a query's ss written ss or ß (an article keeps its ß, so positions stay the same)."""
    return fold(text).replace("ß", "ss")


def is_substring_script(char: str) -> bool:
    """True for a character of a script written without spaces (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar)."""
    return bool(SUBSTRING_SCRIPTS.match(char))
