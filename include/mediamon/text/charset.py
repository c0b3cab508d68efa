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
  ISO-8859-1, and a UTF-16/UTF-32 label on an ASCII-compatible body is ignored;
- charset-normalizer's guess, windows-1252 preferred when it is about as plausible;
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
                 "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}
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
    if (detected := detect_encoding(body)) is not None:
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
    """A Python codec name for an encoding label, or None when the label is unknown."""
    label = label.strip().lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        logger.info("charset unknown label=%r", label[:40])
        return None


def detect_encoding(body: bytes) -> str | None:
    """Best guess from charset-normalizer, preferring windows-1252 when it is about as plausible."""
    matches = from_bytes(body[:DETECTION_SAMPLE_BYTES])
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos <= best.chaos + CP1252_CHAOS_MARGIN and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding


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
