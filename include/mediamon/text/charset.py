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
- charset-normalizer's guess among the web's encodings, made on the text between the tags (markup is
  ASCII and tells nothing about a legacy encoding: a short cp1251 headline inside it was taken for Johab,
  which swallowed the '<' after it), windows-1252 preferred when it is about as plausible;
- windows-1252 with replacement characters. Undecodable bytes never raise.
"""
from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

DECLARATION_SCAN_BYTES = 4096  # HTML asks for the first 1024; XML prologs after junk and long heads need more
DETECTION_SAMPLE_BYTES = 256 * 1024
UTF16_SNIFF_BYTES = 64  # bytes read to recognise UTF-16 without a BOM (an ASCII prolog)
CP1252_CHAOS_MARGIN = 0.05  # prefer windows-1252 when the detector rates it about as well as its pick
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
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:+-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(rb"""<\?xml[^>]*?\bencoding\s*=\s*["']?([\w.:+-]+)""", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # a run of invalid bytes, as the surrogateescape handler gives them


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
    """Best guess from charset-normalizer among WEB_CODECS, made on the text between the tags, preferring
    windows-1252 when it is about as plausible."""
    matches = [match for match in from_bytes(detection_sample(body)) if match.encoding in WEB_CODECS]
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.chaos <= best.chaos + CP1252_CHAOS_MARGIN and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding


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
