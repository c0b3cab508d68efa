"""Turn a fetched body (bytes) into text: byte-order mark, UTF-16 pattern, valid UTF-8, declarations, detection.

The order, first match wins:
- a byte-order mark;
- UTF-16 without a BOM, recognised by its NUL pattern over an ASCII start (XML 1.0 Appendix F);
- bytes that are valid UTF-8, whatever the HTTP header or the document claims (a legacy text
  is almost never valid UTF-8, while servers often mislabel UTF-8 as ISO-8859-1);
- bytes that are UTF-8 but for a few broken sequences (a title cut inside a character): at least
  MOSTLY_UTF8_RATIO valid multi-byte characters for each run of invalid bytes, which a legacy text does
  not give by chance; each broken run becomes one U+FFFD, the rest of the text stays as written;
- the HTTP charset, then an XML declaration, then a <meta> charset, each only if the body
  decodes with it cleanly; GB2312/GBK are read as GB18030 and ISO-8859-1/ASCII as windows-1252
  (WHATWG Encoding), a windows-1252 body holding one of the five bytes it leaves undefined as
  ISO-8859-1, and a UTF-16/UTF-32 label on an ASCII-compatible body is ignored; a label naming no
  encoding of the web (WEB_CODECS: Python's 'unicode-escape' would turn '\\u003cscript' into '<script',
  EBCDIC turns markup into gibberish) counts as no label;
- a guess made on the text between the tags (markup is ASCII and tells nothing about a legacy encoding: a
  short cp1251 headline inside it was taken for Johab, which swallowed the '<' after it): each reading that
  charset-normalizer proposes, or that a legacy encoding of GUESS_CODECS gives without error, is weighed by
  how implausible its text is for its script (see implausibility), and the least implausible is taken,
  windows-1252 when it is about as plausible. charset-normalizer alone rates short texts poorly: a Hebrew
  headline in windows-1255 came out as windows-1251 ('згщеъ дйен'), 'ÉTÉ ÇA' in windows-1252 as
  Shift_JIS half-width katakana ('ﾉTﾉ ﾇA'), Turkish and Czech as windows-1252;
- windows-1252 with replacement characters. Undecodable bytes never raise.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from charset_normalizer import from_bytes

try:  # charset-normalizer's letter frequencies per language (an internal table: a release may move it)
    from charset_normalizer.constant import FREQUENCIES
except ImportError:  # then letters are scored by the alphabets below alone
    FREQUENCIES: dict[str, list[str]] = {}

logger = logging.getLogger(__name__)

DECLARATION_SCAN_BYTES = 4096  # HTML asks for the first 1024; XML prologs after junk and long heads need more
DETECTION_SAMPLE_BYTES = 256 * 1024
UTF16_SNIFF_BYTES = 64  # bytes read to recognise UTF-16 without a BOM (an ASCII prolog)
CP1252_MARGIN = 0.5  # prefer windows-1252 when its reading costs at most this much more for each character it reads
# otherwise than the least implausible reading ('São' against 'Săo'; 'veèer' against 'večer' is more)
MOSTLY_UTF8_RATIO = 10  # valid non-ASCII UTF-8 characters for each run of invalid bytes, to read a body as UTF-8
FALLBACK_ENCODING = "cp1252"  # the body is not UTF-8 by then; a single-byte reading keeps every letter

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG Encoding: these labels mean windows-1252 or GB18030 on the web.
LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                 "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "x-user-defined": "cp1252",
                 "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "tis-620": "cp874", "iso-8859-11": "cp874",
                 "iso-8859-9": "cp1254", "latin5": "cp1254", "x-mac-cyrillic": "mac-cyrillic", "euc-kr": "cp949",
                 "shift_jis": "cp932", "sjis": "cp932"}
ASCII_TAG = re.compile(rb"<[!/?A-Za-z][^<>\x80-\xff]*>")  # a tag (or comment, declaration) of ASCII bytes only
# WHATWG Encoding's encodings, as Python codecs (its labels that mean "replacement", such as iso-2022-kr and
# hz-gb-2312, are left out, as are Python's text transforms and codecs no browser reads): the only ones read.
WEB_CODECS = frozenset(codecs.lookup(name).name for name in (
    "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8",
    "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "koi8-r", "koi8-u", "mac-roman",
    "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "gbk", "gb18030", "big5", "big5hkscs", "euc-jp", "iso2022-jp", "shift_jis", "cp932", "euc-kr",
    "cp949", "utf-16", "utf-16-le", "utf-16-be", "latin-1"))
MIN_DETECTION_TEXT_BYTES = 2  # below this, the text between the tags is too little to guess from: all of it is used
SHORT_TEXT_HIGH_BYTES = 256  # a text with more bytes over 0x7F than this is left to charset-normalizer
# the bytes of Cyrillic letters in cp1251 or KOI8-R: 0xC0-0xFF in both, and cp1251's Ёё Єє Її Іі Ўў Ґґ
CYRILLIC_BYTES = bytes(range(0xC0, 0x100)) + b"\xa8\xb8\xaa\xba\xaf\xbf\xb2\xb3\xa1\xa2\xa5\xb4"
HIGH_BYTE_WORD = re.compile(rb"(?<![A-Za-z\x80-\xff])[\x80-\xff]+(?![A-Za-z\x80-\xff])")  # a word of no ASCII letter
# Legacy encodings of the web's languages, tried besides charset-normalizer's proposals (it proposes no KOI8 for a
# short Russian text, nor EUC-JP for Japanese): each reading that decodes without error is weighed.
GUESS_CODECS = tuple(codecs.lookup(name).name for name in (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "koi8-r", "koi8-u",
    "iso8859-2", "iso8859-7", "cp874", "gb18030", "big5", "cp932", "euc-jp", "cp949"))
WEIGHED_TEXT_CHARS = 2_000  # the text weighed, from a little before its first non-ASCII character
WORD = re.compile(r"[^\W_]+")  # a run of letters and digits
NON_WORD_NON_ASCII = re.compile(r"[^\x00-\x7f\w]")  # punctuation, symbols, spaces, marks and controls over U+007F
ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"
KANA = re.compile("[\u3041-\u30ff]")
IDEOGRAPH = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
# Each non-ASCII character adds to a reading's implausibility (0: as expected, 3: never in text of the language):
COMMON_SYMBOLS = frozenset("«»„“”‘’‚–—…·•€£¥°§№©®™×¿¡\u00a0\u2009\u202f")
COMMON_SYMBOL_COST = 0.3  # those, spaces, CJK punctuation and full-width forms
OTHER_PUNCTUATION_COST = 1.0
COMBINING_MARK_COST = 1.5  # Hebrew points, Arabic vowel marks: rare in news text, frequent in wrong readings
FORMAT_CHAR_COST = 0.5  # bidi marks and zero-width (non-)joiners, which Hebrew, Arabic and Persian text hold
FORMAT_BY_LATIN = re.compile("(?<=[A-Za-z])[\u200b-\u200f\u202a-\u202e\u2060-\u2064]|"
                             "[\u200b-\u200f\u202a-\u202e\u2060-\u2064](?=[A-Za-z])")  # 'kazand\u200e': SYMBOL_COST
NON_ASCII_DIGIT_COST = 1.0
ODD_LETTER_COST = 2.0  # a modifier letter (ˆ ˜ from windows-1252) or ª º
SYMBOL_COST = 3.0  # other symbols, controls, unassigned
MIXED_SCRIPT_COST = 2.0  # for each non-ASCII character of a word that mixes scripts ('prйsente', 'S縊')
MIXED_CASE_COST = 1.0  # for each non-ASCII letter of a word cased as no word is ('дФщ')
MISPLACED_LETTER_COST = 2.0  # a letter where its script never writes it: a final form inside a word, or its
# other form at the end (Hebrew ם ן ץ ף ך and מ נ צ פ כ, Greek ς and σ)
FINAL_FORMS = frozenset("םןץףךς")
MEDIAL_FORMS = frozenset("מנצפכσ")
CAPITALS_COST = 0.05  # for each non-ASCII letter of a word in capitals: Hebrew read as KOI8-R is ('ЖТЕИ АЖТЕО')
OTHER_SCRIPT_COST = 3.0  # a letter of another script than the language's
UNKNOWN_LETTER_COST = 1.5  # a letter of the language's script outside its most frequent ones (alphabet unknown)
FOREIGN_LETTER_COST = 2.5  # a letter of the language's script outside its alphabet ('ą' in Czech)
ALPHABET_LETTER_COST = 1.0  # a letter of the language's alphabet outside its most frequent ones
# CJK: kana and common hangul syllables are cheap; an ideograph is cheap when frequent, or in the first (most
# frequent) level of GB2312, JIS X 0208 or Big5; half-width katakana are mostly a Latin text read as Shift_JIS.
KANA_COST, COMMON_HANGUL_COST, OTHER_HANGUL_COST, RARE_HANGUL_COST = 0.3, 0.3, 1.0, 2.0
HALF_WIDTH_KATAKANA_COST = 2.5
FREQUENT_IDEOGRAPH_COST = 0.2  # one of the most frequent Chinese or Japanese ideographs charset-normalizer lists
FIRST_LEVEL_IDEOGRAPH_COST = 0.5  # in the first level of GB2312, JIS X 0208 or Big5
SECOND_LEVEL_IDEOGRAPH_COST, RARE_IDEOGRAPH_COST = 1.5, 2.5
NON_JIS_IDEOGRAPH_COST = 2.0  # added for an ideograph outside JIS X 0208 in a text holding kana: no Japanese text has it
FIRST_LEVELS = (("gb2312", 0xB0, 0xD7), ("euc-jp", 0xB0, 0xCF), ("big5", 0xA4, 0xC6))  # first-level lead bytes
RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюяё"
ARABIC = "".join(map(chr, range(0x621, 0x64B)))
# Alphabets beyond the 26 most frequent letters charset-normalizer lists for each language.
ALPHABETS = {
    "Czech": "áčďéěíňóřšťúůýž", "Polish": "ąćęłńóśźż", "Slovak": "áäčďéíĺľňóôŕšťúýž", "Turkish": "çğıöşüâîû",
    "French": "àâæçéèêëîïôœùûüÿ", "German": "äöüß", "Spanish": "áéíñóúü", "Portuguese": "áâãàçéêíóôõú",
    "Italian": "àèéìòù", "Romanian": "ăâîșțşţ", "Hungarian": "áéíóöőúüű", "Croatian": "čćđšž", "Slovene": "čšž",
    "Russian": RUSSIAN, "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя", "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "Greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς", "Hebrew": "".join(map(chr, range(0x5D0, 0x5EB))),
    "Arabic": ARABIC, "Farsi": ARABIC + "پچژگکی",
}
# Frequent Korean syllables: a Chinese or Japanese text read as EUC-KR gives syllables of every frequency.
COMMON_HANGUL = frozenset(
    "가각간갈감강개거건걸검게겠격결경계고곡공과관광교구국군권귀규그극근글금기긴길김까께나난날남내너넘네년노논농높누는늘니"
    "다단달담당대더던덕데도독동된될두드득들등디따때또라락란람랑래략량러런럼렇레려력련렬령례로록론료루류률르른를름리린림립"
    "마만많말망매머먼메며면명모목몰무문물므미민밀바박반받발방배백버번벌범법베벽변별병보복본봉부북분불브비빌사산살삼상새색"
    "생서석선설성세소속손송수숙순술스슬습승시식신실심십써아악안않알암압앞애액야약양어억언얼엄업없었에여역연열염영예오옥온"
    "올와완왔왕외요욕용우운울움원월위유육윤율으은을음응의이익인일임입있자작잔장재쟁저적전절점접정제조족존종좋주죽준중즈즉"
    "증지직진질집차착찬참창책처천철첫청체초촌총최추축출충취측치친칙침카커케코크큰타탁탄탈태택터토통투트특파판팔패퍼페편평"
    "폐포표품풍프피필하학한할함합항해했행향허험혁현협형혜호혹혼화확환활황회획효후훈휘휴흐흑흥희히힘")


def _script(char: str) -> str:
    """The first word of the character's Unicode name: LATIN, CYRILLIC, GREEK, HEBREW, ARABIC, CJK..."""
    return unicodedata.name(char, "?").split(" ", 1)[0]


@dataclass(frozen=True)
class LetterModel:
    """A language's letters: the cost of each (its frequency rank over the list's length, or
    ALPHABET_LETTER_COST), and the cost of another letter of its script."""

    script: str
    costs: dict[str, float]
    missing_cost: float

    def cost(self, letter: str) -> float:
        """How unexpected one (lower-case) letter is in the language."""
        if (known := self.costs.get(letter)) is not None:
            return known
        return self.missing_cost if _script(letter) == self.script else OTHER_SCRIPT_COST


def _letter_models() -> tuple[LetterModel, ...]:
    """A LetterModel for each alphabetic language charset-normalizer knows letter frequencies of."""
    models = []
    for language, frequent in FREQUENCIES.items():
        script = _script(frequent[0])
        if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
            continue  # weighed by cjk_cost
        costs = dict.fromkeys(ALPHABETS.get(language, ""), ALPHABET_LETTER_COST)
        costs.update({letter: rank / len(frequent) for rank, letter in enumerate(frequent)})
        models.append(LetterModel(script, costs,
                                  FOREIGN_LETTER_COST if language in ALPHABETS else UNKNOWN_LETTER_COST))
    return tuple(models)


LETTER_MODELS = _letter_models()
FREQUENT_IDEOGRAPHS = frozenset(char for language in ("Chinese", "Japanese") for char in FREQUENCIES.get(language, ()))
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:+-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(rb"""<\?xml[^>]*?\bencoding\s*=\s*["']?([\w.:+-]+)""", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # a run of invalid bytes, as the surrogateescape handler gives them
NON_ASCII = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the codec used and the evidence for it."""

    text: str
    encoding: str
    evidence: str  # bom / utf-16-pattern / valid-utf-8 / mostly-utf-8 / http / declared / meta / detected / fallback


def decode_body(body: bytes, content_type: str | None) -> str:
    """Text of body (see decode_bytes for the order of evidence)."""
    return decode_bytes(body, content_type).text


def decode_bytes(body: bytes, content_type: str | None = None) -> Decoded:
    """Text of body: BOM, UTF-16 pattern, valid UTF-8, HTTP charset, XML declaration, meta charset, detection."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom):].decode(encoding, errors="replace"), encoding, "bom")
    if (encoding := utf16_without_bom(body[:UTF16_SNIFF_BYTES])) is not None:
        return Decoded(body.decode(encoding, errors="replace"), encoding, "utf-16-pattern")
    if (text := _decode_strict(body, "utf-8")) is not None:
        return Decoded(text, "utf-8", "valid-utf-8")
    if (text := mostly_utf8(body)) is not None:
        return Decoded(text, "utf-8", "mostly-utf-8")
    head = body[:DECLARATION_SCAN_BYTES]
    for evidence, encoding in (("http", header_encoding(content_type)), ("declared", _declared(XML_DECLARATION, head)),
                               ("meta", _declared(META_CHARSET, head))):
        if encoding is not None and (text := _decode_declared(body, encoding)) is not None:
            return Decoded(text, encoding, evidence)
    if (detected := short_cyrillic(body) or detect_encoding(body)) is not None:
        logger.debug("charset detected=%s bytes=%s", detected, len(body))
        return Decoded(body.decode(detected, errors="replace"), detected, "detected")
    return Decoded(body.decode(FALLBACK_ENCODING, errors="replace"), FALLBACK_ENCODING, "fallback")


def mostly_utf8(body: bytes) -> str | None:
    """body as UTF-8 with each run of invalid bytes made one U+FFFD, when it holds MOSTLY_UTF8_RATIO valid non-ASCII
    characters for each such run; else None. Counted without building a list the size of the text."""
    text = body.decode("utf-8", errors="surrogateescape")
    valid = text.encode("utf-8", errors="ignore").decode("utf-8")  # surrogates dropped: the valid characters
    non_ascii = len(valid) - len(valid.encode("ascii", errors="ignore"))
    broken = 0
    for broken, _ in enumerate(ESCAPED_BYTES.finditer(text), start=1):
        if MOSTLY_UTF8_RATIO * broken > non_ascii:
            return None
    if not broken:
        return None
    logger.info("charset mostly-utf-8 broken_runs=%d bytes=%d", broken, len(body))
    return ESCAPED_BYTES.sub("\ufffd", text)


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'-be' when the body starts with ASCII text in UTF-16 without a BOM (XML 1.0 Appendix F).

    Such bytes are valid UTF-8 (NUL is a character), so without this check the document would be
    read as "<\\x00?\\x00x\\x00..." and have no element.
    """
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nuls, odd_nuls = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd_nuls == pairs and even_nuls == 0:
        return "utf-16-le"
    if even_nuls == pairs and odd_nuls == 0:
        return "utf-16-be"
    return None


def header_encoding(content_type: str | None) -> str | None:
    """The codec named by a Content-Type charset parameter, if Python knows it."""
    match = HEADER_CHARSET.search(content_type or "")
    return normalize_label(match.group(1)) if match else None


def normalize_label(label: str) -> str | None:
    """A Python codec name for an encoding label, or None when the label names no encoding of the web."""
    label = label.strip().lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        logger.info("charset unknown label=%r", label[:40])
        return None
    if name not in WEB_CODECS:
        logger.info("charset refused label=%r codec=%s (no encoding of the web)", label[:40], name)
        return None
    return name


def detect_encoding(body: bytes) -> str | None:
    """The least implausible reading of the text between the tags among charset-normalizer's proposals and
    GUESS_CODECS, windows-1252 when it is about as plausible; None when no codec decodes it."""
    sample = detection_sample(body)
    proposed = [match.encoding for match in from_bytes(sample) if match.encoding in WEB_CODECS]
    readings = {}
    for encoding in dict.fromkeys(proposed + list(GUESS_CODECS)):
        if (text := _decode_strict(sample, encoding)) is not None:
            readings[encoding] = Reading.of(weighed_text(text))
    if not readings:
        return None
    best = min(readings, key=lambda encoding: readings[encoding].cost)  # ties: charset-normalizer's order first
    if "cp1252" in readings and readings["cp1252"].is_about_as_plausible_as(readings[best]):
        return "cp1252"
    return best


@dataclass(frozen=True)
class Reading:
    """The text weighed of one reading of a sample, its non-ASCII characters and their summed cost."""

    text: str
    weighed: int
    total_cost: float

    @classmethod
    def of(cls, text: str) -> Reading:
        """The reading of text, weighed."""
        return cls(text, *_weigh(text))

    @property
    def cost(self) -> float:
        """The mean cost of the non-ASCII characters: the reading's implausibility."""
        return self.total_cost / self.weighed if self.weighed else 0.0

    def is_about_as_plausible_as(self, best: Reading) -> bool:
        """True when this reading costs at most CP1252_MARGIN more than best for each character they read otherwise."""
        if len(self.text) == len(best.text):
            differing = sum(mine != theirs for mine, theirs in zip(self.text, best.text))
        else:
            differing = self.weighed
        return (self.cost - best.cost) * self.weighed <= CP1252_MARGIN * max(differing, 1)


def weighed_text(text: str) -> str:
    """WEIGHED_TEXT_CHARS of text from a little before its first non-ASCII character."""
    first = NON_ASCII.search(text)
    start = max(0, first.start() - WEIGHED_TEXT_CHARS // 8) if first else 0
    return text[start:start + WEIGHED_TEXT_CHARS]


def implausibility(text: str) -> float:
    """How unlike text of any language a reading is: the mean cost of its non-ASCII characters (0 when it has none).

    A letter costs by its frequency in the language whose letters (ASCII ones too) the text fits best; a CJK
    character by its standards' levels; a word mixing scripts or cased as no word is, a symbol or control, more.
    """
    return Reading.of(text).cost


def _weigh(text: str) -> tuple[int, float]:
    """(the non-ASCII characters of text, their summed cost); see implausibility."""
    lower = text.lower()
    letters: Counter[str] = Counter({letter: n for letter in ASCII_LETTERS if (n := lower.count(letter))})
    count, cost = 0, (SYMBOL_COST - FORMAT_CHAR_COST) * len(FORMAT_BY_LATIN.findall(text))
    for word in WORD.findall(text):
        if not word.isascii():
            word_count, word_cost = _word_cost(word, letters)
            count, cost = count + word_count, cost + word_cost
    for char in NON_WORD_NON_ASCII.findall(text):
        count, cost = count + 1, cost + _symbol_cost(char)
    if KANA.search(text):
        cost += NON_JIS_IDEOGRAPH_COST * sum(not _encodes(char, "euc-jp") for char in IDEOGRAPH.findall(text))
    return count, cost + _letters_cost(letters)


def _word_cost(word: str, letters: Counter[str]) -> tuple[int, float]:
    """(non-ASCII characters, their cost but for the letters' own) of one word holding some; its non-ASCII letters
    of alphabetic scripts are added to letters, to be weighed against each language."""
    non_ascii = [char for char in word if not char.isascii()]
    cost = 0.0
    if len({_script_of(char) for char in set(word) if not char.isdigit() or not char.isascii()}) > 1:
        cost += MIXED_SCRIPT_COST * len(non_ascii)
    if word != word.lower() and word != word.upper() and not word.istitle():
        cost += MIXED_CASE_COST * len(non_ascii)
    elif len(word) > 1 and word.isupper():
        cost += CAPITALS_COST * len(non_ascii)
    misplaced = sum(char in FINAL_FORMS for char in word[:-1]) + (len(word) > 1 and word[-1] in MEDIAL_FORMS)
    cost += MISPLACED_LETTER_COST * misplaced
    for char in non_ascii:
        category = unicodedata.category(char)
        if _is_cjk(char):
            cost += cjk_cost(char)
        elif category == "Nd":
            cost += NON_ASCII_DIGIT_COST
        elif category in ("Ll", "Lu", "Lt", "Lo"):
            letters[char.lower()[0]] += 1
        else:
            cost += ODD_LETTER_COST
    return len(non_ascii), cost


def _letters_cost(letters: Counter[str]) -> float:
    """The cost of the non-ASCII letters in the language the letters fit best (the ASCII ones count for languages
    written in Latin letters only: a Hebrew or Russian text may quote English words)."""
    non_ascii = {letter: n for letter, n in letters.items() if not letter.isascii()}
    if not non_ascii:
        return 0.0
    ascii_costs = [(model, sum(n * model.cost(letter) for letter, n in letters.items() if letter.isascii()))
                   for model in LETTER_MODELS]
    least_latin = min(cost for model, cost in ascii_costs if model.script == "LATIN")
    model = min(ascii_costs, key=lambda pair: _cost_of(pair[0], non_ascii)
                + (pair[1] if pair[0].script == "LATIN" else least_latin))[0]
    return _cost_of(model, non_ascii)


def _cost_of(model: LetterModel, letters: dict[str, int]) -> float:
    """The cost of these letters (with their counts) in one language."""
    return sum(n * model.cost(letter) for letter, n in letters.items())


def _symbol_cost(char: str) -> float:
    """The cost of a non-ASCII character that is no letter or digit."""
    code = ord(char)
    if char.isspace() or char in COMMON_SYMBOLS or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return COMMON_SYMBOL_COST
    category = unicodedata.category(char)
    if category.startswith("P"):
        return OTHER_PUNCTUATION_COST
    return {"Mn": COMBINING_MARK_COST, "Cf": FORMAT_CHAR_COST}.get(category, SYMBOL_COST)


def cjk_cost(char: str) -> float:
    """The cost of a kana, hangul syllable or ideograph: lower for the frequent ones."""
    code = ord(char)
    if 0x3041 <= code <= 0x30FF:
        return KANA_COST
    if 0xFF61 <= code <= 0xFF9F:
        return HALF_WIDTH_KATAKANA_COST
    if 0xAC00 <= code <= 0xD7A3:
        if char in COMMON_HANGUL:
            return COMMON_HANGUL_COST
        return OTHER_HANGUL_COST if _encodes(char, "euc-kr") else RARE_HANGUL_COST
    if char in FREQUENT_IDEOGRAPHS:
        return FREQUENT_IDEOGRAPH_COST
    leads = [(encoded[0], low, high) for codec, low, high in FIRST_LEVELS if (encoded := _encoded(char, codec))]
    if any(low <= lead <= high for lead, low, high in leads):
        return FIRST_LEVEL_IDEOGRAPH_COST
    return SECOND_LEVEL_IDEOGRAPH_COST if leads else RARE_IDEOGRAPH_COST


def _is_cjk(char: str) -> bool:
    """True for kana, CJK ideographs, hangul syllables and half-width katakana."""
    code = ord(char)
    return (0x3041 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xAC00 <= code <= 0xD7A3 or 0xFF61 <= code <= 0xFF9F)


def _script_of(char: str) -> str:
    """The script a word's character counts for: LATIN for ASCII, CJK for kana, hangul and ideographs."""
    if char.isascii():
        return "LATIN"
    return "CJK" if _is_cjk(char) else _script(char)


def _encoded(char: str, codec: str) -> bytes | None:
    """char in codec, or None when the codec has no such character."""
    try:
        return char.encode(codec)
    except UnicodeError:
        return None


def _encodes(char: str, codec: str) -> bool:
    """True when codec has the character."""
    return _encoded(char, codec) is not None


def short_cyrillic(body: bytes) -> str | None:
    """'cp1251' or 'koi8-r' for a short undeclared text whose words are Cyrillic in one of them only, else None.

    charset-normalizer reads a headline or two poorly ('Новости' in cp1251 came out as Shift_JIS, 'Главная' as
    cp1006): with at most SHORT_TEXT_HIGH_BYTES bytes over 0x7F, all of them Cyrillic letters in cp1251 or KOI8-R,
    a word of three or more of them with no ASCII letter (no Latin-script text spells a word with accented letters
    only), and every such word cased as words are (lower, upper, or capitalised) in one reading and not in the
    other, that reading is taken. (Greek in cp1253 has accented vowels that read as capitals mid-word: no match.)
    """
    text = detection_sample(body)
    high = text.translate(None, delete=bytes(range(0x80)))
    if not high or len(high) > SHORT_TEXT_HIGH_BYTES or high.translate(None, delete=CYRILLIC_BYTES):
        return None
    words = [word for word in HIGH_BYTE_WORD.findall(text) if len(word) >= 3]
    if not words:
        return None
    regular = [codec for codec in ("cp1251", "koi8-r") if all(_is_cased_as_words(word.decode(codec)) for word in words)]
    return regular[0] if len(regular) == 1 else None


def _is_cased_as_words(word: str) -> bool:
    """True for a lower-case, upper-case or capitalised word of letters."""
    return word.isalpha() and (word.islower() or word.isupper() or word.istitle())


def detection_sample(body: bytes) -> bytes:
    """The first DETECTION_SAMPLE_BYTES of body with its ASCII tags made spaces, unless too little text is left."""
    sample = body[:DETECTION_SAMPLE_BYTES]
    text = ASCII_TAG.sub(b" ", sample)
    return text if len(text.strip()) >= MIN_DETECTION_TEXT_BYTES else sample


def _declared(pattern: re.Pattern[bytes], head: bytes) -> str | None:
    """The codec named by the first match of a declaration pattern in head, if Python knows it."""
    match = pattern.search(head)
    return normalize_label(match.group(1).decode("ascii", errors="replace")) if match else None


def _decode_declared(body: bytes, encoding: str) -> str | None:
    """body decoded with a declared codec, or None when that codec does not fit the bytes.

    A UTF-16/UTF-32 label is wrong by now (there was no BOM and no UTF-16 pattern), and a
    windows-1252 body holding a byte that codec leaves undefined is read as ISO-8859-1.
    """
    if encoding.startswith(("utf-16", "utf-32")):
        return None
    text = _decode_strict(body, encoding)
    if text is None and encoding == "cp1252":
        return body.decode("latin-1")
    return text


def _decode_strict(body: bytes, encoding: str) -> str | None:
    """body decoded with encoding, or None when the codec is unusable or does not fit the bytes."""
    try:
        return body.decode(encoding)
    except (UnicodeError, LookupError):  # UnicodeError: the 'undefined' codec refuses every body
        return None
