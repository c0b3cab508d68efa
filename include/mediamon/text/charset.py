"""Turn a fetched body (bytes) into text: byte-order mark, HTTP header, in-document declaration, detection.

Each declared encoding is used only if the body decodes with it cleanly, so a server that says
utf-8 but sends windows-1251 still gives readable text. Undecodable bytes never raise: the last
resort decodes with replacement characters.
"""
from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

DECLARATION_SCAN_BYTES = 4096  # HTML asks for the first 1024; XML prologs and long heads need more
DETECTION_SAMPLE_BYTES = 256 * 1024
CP1252_CHAOS_MARGIN = 0.05  # prefer windows-1252 when the detector rates it about as well as its pick

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG Encoding: these labels mean windows-1252 on the web; a meta "utf-16" on an ASCII page means utf-8.
LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                 "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "x-user-defined": "cp1252"}
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:+-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:+-]+)["']""", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)


def decode_body(body: bytes, content_type: str | None) -> str:
    """Text of body: BOM, then the Content-Type charset, then the document's declaration, then detection."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace")
    for encoding in (header_encoding(content_type), declared_encoding(body)):
        text = _decode_strict(body, encoding)
        if text is not None:
            return text
    text = _decode_strict(body, "utf-8")
    if text is not None:
        return text
    detected = detect_encoding(body)
    logger.debug("charset detected=%s bytes=%s", detected, len(body))
    return body.decode(detected or "utf-8", errors="replace")


def header_encoding(content_type: str | None) -> str | None:
    """The codec named by a Content-Type charset parameter, if Python knows it."""
    match = HEADER_CHARSET.search(content_type or "")
    return normalize_label(match.group(1)) if match else None


def declared_encoding(body: bytes) -> str | None:
    """The codec named by an XML prolog or an HTML meta tag near the start of body."""
    head = body[:DECLARATION_SCAN_BYTES]
    match = XML_DECLARATION.search(head) or META_CHARSET.search(head)
    if match is None:
        return None
    encoding = normalize_label(match.group(1).decode("ascii", errors="replace"))
    if encoding and encoding.startswith("utf-16"):
        return "utf-8"  # the bytes were readable as ASCII, so they are not UTF-16
    return encoding


def normalize_label(label: str) -> str | None:
    """A Python codec name for an encoding label, or None when the label is unknown."""
    label = label.strip().lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
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


def _decode_strict(body: bytes, encoding: str | None) -> str | None:
    """body decoded with encoding, or None when encoding is unknown or does not fit the bytes."""
    if encoding is None:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
