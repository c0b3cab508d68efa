"""extract.prune's walks against trafilatura's XPaths on generated pages: random trees whose tags, attribute
names and id/class/style values are built from the words those XPaths test (read from their source, so a new
trafilatura test shows up here without a list to keep), mixed with noise, in either attribute order."""
from __future__ import annotations

import re

import lxml.etree
from hypothesis import given
from hypothesis import strategies as st
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH

from mediamon.extract.prune import (
    WALKS,
    article_body,
    enclosing_article_body,
    enclosing_body,
    enclosing_first_article,
    live_entries_block,
    prune_comments,
    prune_comments_and_lists,
    prune_raw_tree,
)
from mediamon.extract.tree import load_tree

_SOURCES = [x.path for xpaths, _ in WALKS.values() for x in xpaths] + \
    [x.path for x in (*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH, *REMOVE_COMMENTS_XPATH)]
_LITERALS = [lit for src in _SOURCES for lit in re.findall(r"'([^']*)'", src)]
_WORDS = sorted({w for lit in _LITERALS for w in re.split(r"[|^$()?:\[\]*+\\{}]+", lit) if w} | {"x", "Main", "box"})
_ATTRIBUTES = sorted({a for src in _SOURCES for a in re.findall(r"@([\w-]+)", src)} | {"id", "class", "style"})
_TAGS = ["div", "section", "aside", "article", "main", "p", "span", "ul", "ol", "li", "details", "list", "item",
         "figure", "header", "footer", "nav", "h1", "a"]
PRUNES = [(prune_raw_tree, RAW_TREE_PRUNE_XPATH), (prune_comments_and_lists, REMOVE_COMMENTS_AND_LISTS_XPATH),
          (prune_comments, REMOVE_COMMENTS_XPATH)]

_value = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).flatmap(
    lambda words: st.sampled_from(["", "-", "_", " "]).map(lambda sep: sep.join(words))).flatmap(
    lambda v: st.sampled_from([v, v.capitalize(), " " + v, v + " ", v.upper()]))
_attrs = st.lists(st.tuples(st.sampled_from(_ATTRIBUTES), _value), max_size=3, unique_by=lambda kv: kv[0])
_text = st.sampled_from(["", "text", "more text "])


def _element(kids: st.SearchStrategy) -> st.SearchStrategy:
    """An element as (tag, attributes, text, children, tail)."""
    return st.builds(lambda tag, attrs, text, children, tail: (tag, attrs, text, children, tail),
                     st.sampled_from(_TAGS), _attrs, _text, kids, _text)


_trees = st.recursive(_element(st.just([])), lambda inner: _element(st.lists(inner, max_size=3)), max_leaves=25)


def _html(node: tuple) -> str:
    """The element as HTML source, its attributes in the order drawn."""
    tag, attrs, text, kids, tail = node
    written = "".join(f' {name}="{value}"' for name, value in attrs)
    return f"<{tag}{written}>{text}{''.join(_html(k) for k in kids)}</{tag}>{tail}"


def _page(nodes: list[tuple]) -> str:
    """A page of the elements."""
    return f"<html><body>{''.join(_html(n) for n in nodes)}<p>end</p></body></html>"


@given(st.lists(_trees, min_size=1, max_size=4))
def test_walks_find_what_the_xpaths_find(nodes: list[tuple]) -> None:
    tree = load_tree(_page(nodes))
    for root in (tree, *list(tree.iter("div", "section", "article"))[:3]):
        for xpaths, walks in WALKS.values():
            for xpath, walk in zip(xpaths, walks):
                if walk is enclosing_article_body:  # the first element only, then its enclosing block when short
                    assert article_body(root) == xpath(root)[:1]
                    assert walk(root) == enclosing_body(xpath(root)[:1], root)
                elif walk is enclosing_first_article:  # a live page's entries or a short body give way to a block
                    found = xpath(root)
                    assert walk(root) == (live_entries_block(found) or enclosing_body(found, root))
                elif walk is not xpath:
                    assert walk(root) == xpath(root), xpath.path


@given(st.lists(_trees, min_size=1, max_size=4))
def test_prunes_leave_what_the_xpaths_leave(nodes: list[tuple]) -> None:
    html = _page(nodes)
    for prune, xpaths in PRUNES:
        expected = lxml.etree.tostring(prune_unwanted_nodes(load_tree(html), xpaths), encoding="unicode")
        assert lxml.etree.tostring(prune(load_tree(html)), encoding="unicode") == expected
