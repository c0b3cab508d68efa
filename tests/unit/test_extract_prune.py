"""extract.prune deletes what trafilatura's raw-tree and comment XPaths delete, keeping tails alike."""
from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH

from mediamon.extract.prune import prune_comments, prune_comments_and_lists, prune_raw_tree
from mediamon.extract.tree import load_tree

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
BODY = " ".join(["A sentence of article text that runs on."] * 3)
SYNTHETIC = f"""<html><body><article><h1>Headline</h1><p>{BODY}</p>
<div id="comments"><p>a reader</p></div> tail after comments
<ul id="disqus_thread"><li>kept: ul with a disqus id</li></ul>
<ol class="comment-list"><li>gone</li></ol><ul id="commentary"><li>kept: commentary</li></ul>
<section class="post-comments"><div id="Comment-1">nested</div></section>
<details id="dsq-comments">gone</details><list class="comment">gone</list>
<span class="comment">kept: span</span></article>
<div class="infinite-scroll"><h1>Real headline kept</h1><p>{BODY}</p></div>
<section id="infinitescroll"><p>appended, no h1: gone</p></section>
<aside class="mvp-post-add-box"><h1>Appended with h1: gone</h1></aside> tail kept
<div class="x elementor-share-buttons y">share</div><p>end</p></body></html>"""
CASES = [(prune_raw_tree, RAW_TREE_PRUNE_XPATH), (prune_comments_and_lists, REMOVE_COMMENTS_AND_LISTS_XPATH),
         (prune_comments, REMOVE_COMMENTS_XPATH)]


def _pages() -> list[str]:
    return [SYNTHETIC, *(p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html")))]


@pytest.mark.parametrize(("prune", "xpaths"), CASES, ids=["raw-tree", "comments-and-lists", "comments"])
def test_prune_leaves_the_tree_the_xpaths_leave(prune, xpaths) -> None:
    changed = 0
    for html in _pages():
        expected = lxml.etree.tostring(prune_unwanted_nodes(load_tree(html), xpaths), encoding="unicode")
        assert lxml.etree.tostring(prune(load_tree(html)), encoding="unicode") == expected
        changed += expected != lxml.etree.tostring(load_tree(html), encoding="unicode")
    assert changed >= 1  # the pages hold elements that each prune deletes


def test_synthetic_page_loses_comments_and_appended_articles_but_keeps_their_tails() -> None:
    text = lxml.etree.tostring(prune_comments_and_lists(prune_raw_tree(load_tree(SYNTHETIC))), encoding="unicode")
    for kept in ("tail after comments", "kept: ul with a disqus id", "kept: commentary", "kept: span",
                 "Real headline kept", "tail kept", "end"):
        assert kept in text
    for gone in ("a reader", "nested", "appended, no h1", "Appended with h1", "share", "<ol", "<details", "<list"):
        assert gone not in text
