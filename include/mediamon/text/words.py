"""Word counts that hold in every script: the length rules ("too short", "boilerplate line") read
these, so a Chinese or Japanese brief written without spaces counts as the article it is.

Runs of letters, digits and combining marks (the vowel signs of Indic scripts) separated by spaces count
one word each. Han, kana and the scripts of
South-East Asia that write no spaces between words count by characters: CHARS_PER_CJK_WORD Han or
kana characters make one word (Chinese words average 1.5-2 characters), and CHARS_PER_SEA_WORD Thai,
Lao, Khmer or Myanmar characters make one word.
"""
from __future__ import annotations

import math
import re
import unicodedata

CHARS_PER_CJK_WORD = 2
CHARS_PER_SEA_WORD = 4
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"  # kana, Han
_SEA = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer


def mark_ranges(first: int = 0x0300, last: int = 0x1CFF) -> str:
    """A regex class body of the combining marks (Mn, Mc, Me) between two code points: the vowel signs and
    viramas Indic words are written with, which \\w does not match."""
    runs: list[list[int]] = []
    for code in range(first, last + 1):
        if unicodedata.category(chr(code)).startswith("M"):
            if runs and code == runs[-1][1] + 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in runs)


MARKS = mark_ranges()  # inside a word: "चुनाव" is one word, not the three \w runs च, न, व
WORD_CHAR = f"[\\w{MARKS}]"  # a letter, digit, underscore or combining mark
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SEA_CHAR = re.compile(f"[{_SEA}]")
_SPACED_WORD = re.compile(f"(?:(?![{_CJK}{_SEA}]){WORD_CHAR})+")
_WORD = re.compile(f"{WORD_CHAR}+")  # the same words as _SPACED_WORD in a text without Han, kana or SEA letters
_ASCII_WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """Words in text: spaced words, plus unspaced scripts counted by characters (see the module)."""
    if not text:
        return 0
    if text.isascii():
        return len(_ASCII_WORD.findall(text))
    cjk = len(_CJK_CHAR.findall(text))
    sea = len(_SEA_CHAR.findall(text))
    spaced = len((_SPACED_WORD if cjk or sea else _WORD).findall(text))
    return spaced + math.ceil(cjk / CHARS_PER_CJK_WORD) + math.ceil(sea / CHARS_PER_SEA_WORD)
