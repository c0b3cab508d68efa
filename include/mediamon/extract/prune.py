"""trafilatura's raw-tree and comment prunes (RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH,
REMOVE_COMMENTS_XPATH) as one walk over the candidate tags each, testing id and class with Python's re.

The XPaths test every candidate's id and class with EXSLT re:test, which lxml answers by a call back
into Python for each element; on a whole page that is a tenth of trafilatura's time. re:test(@a, p)
is re.search(p, value of a, or "") (lxml's extensions.pxi), so these walks pick the same elements,
in the same (document) order, and delete them as prune_unwanted_nodes does (tail kept).
tests/unit/test_extract_prune.py checks them against the XPaths.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.xml import delete_element
from trafilatura.xpaths import _COMMENTS_CLASS, _COMMENTS_ID

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
