"""extract.prune finds and deletes what trafilatura's XPaths find and delete, keeping tails alike."""
from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xpaths import (
    BODY_XPATH,
    DISCARD_IMAGE_ELEMENTS,
    OVERALL_DISCARD_XPATH,
    PRECISION_DISCARD_XPATH,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
    TEASER_DISCARD_XPATH,
)

from mediamon.extract.prune import (
    article_body,
    boilerplate_sections,
    bottom_links_and_borders,
    captions,
    enclosing_article_body,
    hidden_elements,
    main_content,
    main_extractor_walks,
    prune_comments,
    prune_comments_and_lists,
    prune_raw_tree,
    story_body,
    teasers,
)
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


ORDERED = """<html><body><div class="plain" id="cookie-box">first class: not consent</div>
<div id="cookie-box" class="story">first id: consent</div><span role="Navigation">role</span>
<p data-component="MostPopularStoriesList">popular</p><section data-lp-replacement-content="">lp</section>
<div class="reply-form" id="x">reply by class</div><div id="y" class="reply-form">class second</div>
<div style="color: red" id="hidden-box">style first</div><div id="hidden-box" style="x">id first</div>
<div style="display: none">none</div><div aria-hidden="true">aria</div><div class="comments-title">t</div>
<div class="a hidden">hidden class</div><div id="akismet-1">akismet</div>
<main><div class="post">first body</div><article class="entry">second body</article></main>
<div class="Teaser-box">teaser</div><span id="x" class="page-bottom link">bottom</span><p class="link" id="bottom-x">id second</p>
<div style="border: 1px">border</div><p class="wp-caption">caption</p><section class="FullText">story</section>
<div id="Main-Content">main</div><div class="Page-content">page</div></body></html>"""
WALK_CASES = [(boilerplate_sections, OVERALL_DISCARD_XPATH[0]), (hidden_elements, OVERALL_DISCARD_XPATH[1]),
              (teasers, TEASER_DISCARD_XPATH[0]), (bottom_links_and_borders, PRECISION_DISCARD_XPATH[1]),
              (captions, DISCARD_IMAGE_ELEMENTS[0]), (story_body, BODY_XPATH[2]), (main_content, BODY_XPATH[3])]


def _trees() -> list:
    options = Extractor(output_format="txt", fast=True, precision=True, comments=False)
    pages = [ORDERED, *_pages()]
    return [load_tree(html) for html in pages] + [convert_tags(tree_cleaning(load_tree(html), options), options)
                                                  for html in pages]


@pytest.mark.parametrize(("walk", "xpath"), WALK_CASES,
                         ids=["boilerplate", "hidden", "teasers", "bottom-links", "captions", "story", "main-content"])
def test_walk_finds_the_elements_the_xpath_finds_in_document_order(walk, xpath) -> None:
    found = 0
    for tree in _trees():
        for root in (tree, *list(tree.iter("div"))[::25]):
            assert walk(root) == xpath(root)
            found += bool(walk(root))
    assert found >= 2  # the synthetic page, raw and cleaned, at least


def test_article_body_is_the_first_element_the_body_xpath_finds() -> None:
    found = 0
    for tree in _trees():
        for root in (tree, *list(tree.iter("div", "main"))[::25]):
            assert article_body(root) == BODY_XPATH[0](root)[:1]
            found += bool(article_body(root))
    assert found >= 10


def test_source_first_attribute_decides_the_id_or_class_tests() -> None:
    texts = {e.text for e in hidden_elements(load_tree(ORDERED))} | {e.text for e in boilerplate_sections(load_tree(ORDERED))}
    assert {"first id: consent", "reply by class", "id first", "role", "popular", "lp", "none", "aria"} <= texts
    assert not {"first class: not consent", "class second", "style first"} & texts


def test_walks_are_in_place_only_inside_the_block() -> None:
    import trafilatura.main_extractor as main_extractor

    with main_extractor_walks():
        assert main_extractor.BODY_XPATH[0] is enclosing_article_body
        with main_extractor_walks():  # nested: left as they are
            assert main_extractor.OVERALL_DISCARD_XPATH == [boilerplate_sections, hidden_elements]
        assert main_extractor.BODY_XPATH[0] is enclosing_article_body
    assert main_extractor.BODY_XPATH is BODY_XPATH and main_extractor.OVERALL_DISCARD_XPATH is OVERALL_DISCARD_XPATH
    with pytest.raises(RuntimeError), main_extractor_walks():
        raise RuntimeError("extraction failed")
    assert main_extractor.BODY_XPATH is BODY_XPATH
