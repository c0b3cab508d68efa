"""A page's HTML -> the one lxml tree that metadata, dates, trafilatura and readability all read.

The loading rules are trafilatura's own (trafilatura.utils.load_html: decode, repair, parse the
string and else its UTF-8 bytes, refuse a dubious document of one element), with one change: every
element is an lxml.html HtmlElement chosen in C (ElementDefaultClassLookup) instead of by
lxml.html's Python lookup, which runs for every element object lxml hands out. trafilatura walks the
whole tree several times per page, so this takes about a tenth off its time; its output is the
same (all 181 pages of the extraction benchmark). Only the form-control classes of lxml.html
(InputElement.value and the like) are lost, which no extractor here uses.
"""
from __future__ import annotations

import re

import lxml.etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

MAX_HTML_DEPTH = 256  # libxml2 (without XML_PARSE_HUGE, which lets Python walkers recurse too deep) drops elements
# nested deeper than this, and their text: 300 unclosed <font> tags before the article left it without a word

_INLINE_NAMES = "font|b|i|u|em|strong|span|small|big|s|strike|tt|sub|sup|mark|abbr|cite|q|dfn|bdi|bdo|nobr"
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_NAMES})\b[^<>]*>", re.I)
_INLINE_TAG_BYTES = re.compile(_INLINE_TAG.pattern.encode(), re.I)

_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                     remove_pis=True)  # trafilatura's parser settings
_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


def load_tree(html: str | bytes) -> HtmlElement | None:
    """The page's tree by trafilatura's loading rules, or None when it is not an HTML document."""
    text = decode_file(html)
    beginning = text[:50].lower()
    text = repair_faulty_html(text, beginning)
    tree, from_bytes = None, False
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # a str holding an encoding declaration: lxml wants bytes
        tree, from_bytes = _from_bytes(text), True
    except lxml.etree.LxmlError:
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(text)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _from_bytes(text: str) -> HtmlElement | None:
    """The tree parsed from the text's UTF-8 bytes, or None when lxml cannot parse them."""
    try:
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (ValueError, lxml.etree.LxmlError):
        return None


def cut_at_depth_limit() -> bool:
    """Whether the last page load_tree parsed nested elements past MAX_HTML_DEPTH, so that the parser dropped
    what lay deeper (read from the parser's error log, which each parse starts afresh)."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" and "depth" in error.message.lower()
               for error in _PARSER.error_log)


def without_inline_tags(html: str | bytes) -> str | bytes:
    """html without the start and end tags of inline formatting elements (font, b, span, ...), whose text stays: a
    page left with hundreds of them unclosed nests its article past MAX_HTML_DEPTH, and they give extraction no
    structure."""
    return (_INLINE_TAG_BYTES if isinstance(html, bytes) else _INLINE_TAG).sub(b"" if isinstance(html, bytes) else "",
                                                                                html)
