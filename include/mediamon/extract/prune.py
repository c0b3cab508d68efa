"""trafilatura's raw-tree and comment prunes (RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH,
REMOVE_COMMENTS_XPATH) and the costliest XPaths of its main extractor (the two of OVERALL_DISCARD_XPATH
and the first of BODY_XPATH) as walks over the candidate tags, testing attributes with Python's re.

The XPaths test every candidate's id and class with EXSLT re:test, which lxml answers by a call back
into Python for each element; on a whole page that is a fifth of trafilatura's time. re:test(@a, p)
is re.search(p, value of a, or "") (lxml's extensions.pxi), and a test of @id|@class reads the one of
the two written first in the tag (XPath's string of a node-set is its first node in document order),
so these walks pick the same elements, in the same (document) order, and the prunes delete them as
prune_unwanted_nodes does (tail kept). tests/unit/test_extract_prune.py checks them against the XPaths.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import lxml.etree
import trafilatura.main_extractor
from lxml.html import HtmlElement
from trafilatura.xml import delete_element
from trafilatura.xpaths import (
    _ARTICLE_CONTENT_CLASS_TOKENS,
    _ARTICLE_CONTENT_ID_TOKENS,
    _COMMENTS_CLASS,
    _COMMENTS_ID,
    _CONSENT_ID_CLASS_TOKENS,
    _OVERALL_DISCARD_BOTH_TOKENS,
    _OVERALL_DISCARD_CLASS_TOKENS,
    _OVERALL_DISCARD_ID_TOKENS,
    BODY_XPATH,
    OVERALL_DISCARD_XPATH,
    _alt,
)

_COMMENT_TAGS = ("div", "list", "section", "details")
_COMMENT_LIST_TAGS = ("ol", "ul")
_COMMENTS_ID_RE = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENTS_LIST_ID_RE = re.compile(f"^(?:{_COMMENTS_ID})")  # ol/ul: without the disqus ids
_COMMENTS_CLASS_RE = re.compile(_COMMENTS_CLASS)
_SCROLL_TAGS = ("div", "section", "aside")
_SCROLL_RE = re.compile("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_RE = re.compile("mvp-post-add-(?:box|wrap)")
_SHARE_BUTTONS = "elementor-share-buttons"


def prune_raw_tree(tree: HtmlElement) -> HtmlElement:
    """prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH): infinite-scroll containers of appended
    articles (a generic one only when it holds no h1), then Elementor share buttons."""
    _delete([e for e in tree.iterdescendants(_SCROLL_TAGS) if _appended_articles(e)])
    _delete([e for e in tree.iterdescendants(_SCROLL_TAGS) if _SHARE_BUTTONS in (e.get("class") or "")])
    return tree


def prune_comments_and_lists(tree: HtmlElement) -> HtmlElement:
    """prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH): comment containers, and ol/ul
    comment lists (whose id test leaves out the disqus ids)."""
    found = []
    for element in tree.iterdescendants(*_COMMENT_TAGS, *_COMMENT_LIST_TAGS):
        ident, cls = element.get("id") or "", element.get("class") or ""
        if element.tag in _COMMENT_LIST_TAGS:
            if _COMMENTS_LIST_ID_RE.search(ident) or _COMMENTS_CLASS_RE.search(cls):
                found.append(element)
        elif _COMMENTS_ID_RE.search(ident) or _COMMENTS_CLASS_RE.search(cls):
            found.append(element)
    _delete(found)
    return tree


def prune_comments(tree: HtmlElement) -> HtmlElement:
    """prune_unwanted_nodes(tree, REMOVE_COMMENTS_XPATH): comment containers."""
    _delete([e for e in tree.iterdescendants(_COMMENT_TAGS)
             if _COMMENTS_ID_RE.search(e.get("id") or "") or _COMMENTS_CLASS_RE.search(e.get("class") or "")])
    return tree


def _appended_articles(element: HtmlElement) -> bool:
    """The first RAW_TREE_PRUNE_XPATH test: an infinite-scroll id or class, and either the Zox News
    container of appended articles or no h1 inside."""
    ident, cls = element.get("id") or "", element.get("class") or ""
    if not (_SCROLL_RE.search(ident) or _SCROLL_RE.search(cls)):
        return False
    return (next(element.iterdescendants("h1"), None) is None or bool(_APPENDED_RE.search(ident))
            or bool(_APPENDED_RE.search(cls)))


def _delete(elements: list[HtmlElement]) -> None:
    """Delete the elements in order, each tail joined to what precedes it (prune_unwanted_nodes)."""
    for element in elements:
        delete_element(element)


# --- the main extractor's XPaths ---------------------------------------------------------------

_DISCARD_TAGS = ("div", "item", "list", "p", "section", "span")
_CONSENT_RE = re.compile(_alt(_CONSENT_ID_CLASS_TOKENS))
_DISCARD_ID_RE = re.compile(_alt(_OVERALL_DISCARD_BOTH_TOKENS + _OVERALL_DISCARD_ID_TOKENS))
_DISCARD_CLASS_RE = re.compile(_alt(_OVERALL_DISCARD_BOTH_TOKENS + _OVERALL_DISCARD_CLASS_TOKENS))
_HIDDEN_ID_RE = re.compile("reader-comments|akismet")
_HIDDEN_CLASS_RE = re.compile("^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|"
                              "hide-print| hidden| hide|noprint|notloaded")
_BODY_TAGS = ("article", "div", "main", "section")
_BODY_ID_RE = re.compile(_alt(_ARTICLE_CONTENT_ID_TOKENS))
_BODY_CLASS_RE = re.compile(_alt(_ARTICLE_CONTENT_CLASS_TOKENS))


def first_of(element: HtmlElement, a: str, b: str) -> str:
    """The value of whichever of two attributes the tag writes first ("" when it has neither): the
    string XPath gives @a|@b."""
    for name, value in element.items():
        if name == a or name == b:
            return value
    return ""


def boilerplate_sections(tree: HtmlElement) -> list[HtmlElement]:
    """OVERALL_DISCARD_XPATH[0]: navigation, sharing, newsletter, ad, footer, related and other
    boilerplate containers by their id, class, role and data attributes."""
    found = []
    for element in tree.iterdescendants(_DISCARD_TAGS):
        attrib = element.attrib
        if not attrib:
            continue
        if ("data-lp-replacement-content" in attrib or "nav" in attrib.get("role", "").replace("N", "n")
                or "MostPopularStories" in attrib.get("data-component", "")
                or _CONSENT_RE.search(first_of(element, "id", "class"))
                or _DISCARD_ID_RE.search(attrib.get("id", "")) or _DISCARD_CLASS_RE.search(attrib.get("class", ""))):
            found.append(element)
    return found


def hidden_elements(tree: HtmlElement) -> list[HtmlElement]:
    """OVERALL_DISCARD_XPATH[1]: hidden elements, comment titles and reply forms."""
    found = []
    for element in tree.iterdescendants(lxml.etree.Element):
        attrib = element.attrib
        if not attrib:
            continue
        style = attrib.get("style", "")
        if (attrib.get("class") == "comments-title" or first_of(element, "id", "class").startswith("reply-")
                or "hidden" in first_of(element, "id", "style")
                or "display:none" in style or "display: none" in style
                or _HIDDEN_ID_RE.search(attrib.get("id", "")) or _HIDDEN_CLASS_RE.search(attrib.get("class", ""))
                or attrib.get("aria-hidden") == "true"):
            found.append(element)
    return found


def article_body(tree: HtmlElement) -> list[HtmlElement]:
    """BODY_XPATH[0]'s first element, which is all the main extractor takes from it: the first
    article, div, main or section whose id, class or itemprop names the article body (a list of it,
    or []). The XPath's [1] applies per parent, so it lists the first such element of every parent."""
    for element in tree.iterdescendants(_BODY_TAGS):
        attrib = element.attrib
        if not attrib:
            continue
        cls, ident = attrib.get("class"), attrib.get("id")
        if (cls in ("post", "entry") or attrib.get("itemprop") == "articleBody" or ident == "articleContent"
                or _BODY_ID_RE.search(ident or "") or _BODY_CLASS_RE.search(cls or "")):
            return [element]
    return []


WALKS = {"OVERALL_DISCARD_XPATH": (OVERALL_DISCARD_XPATH, [boilerplate_sections, hidden_elements]),
         "BODY_XPATH": (BODY_XPATH, [article_body, *BODY_XPATH[1:]])}


@contextmanager
def main_extractor_walks() -> Iterator[None]:
    """Run trafilatura's main extractor with the walks above in place of its XPaths, for the block.

    Its module names them as globals; they are swapped for the block and put back after. The walks
    give the XPaths' elements, so a trafilatura call in another thread meanwhile gets the same result."""
    module = trafilatura.main_extractor
    if any(getattr(module, name) is not xpaths for name, (xpaths, _) in WALKS.items()):
        yield  # another block has them in place, or trafilatura changed its names: leave them alone
        return
    for name, (_, walks) in WALKS.items():
        setattr(module, name, walks)
    try:
        yield
    finally:
        for name, (xpaths, _) in WALKS.items():
            setattr(module, name, xpaths)
