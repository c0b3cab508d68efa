"""trafilatura's raw-tree and comment prunes (RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH,
REMOVE_COMMENTS_XPATH) and the XPaths of its main extractor that test attributes (OVERALL_DISCARD_XPATH,
BODY_XPATH but its plain article and main ones, TEASER_DISCARD_XPATH, PRECISION_DISCARD_XPATH but its
header one, DISCARD_IMAGE_ELEMENTS) as walks over the candidate tags, testing attributes with Python's re.

The XPaths test every candidate's id and class with EXSLT re:test, which lxml answers by a call back
into Python for each element; on a whole page that is a fifth of trafilatura's time. re:test(@a, p)
is re.search(p, value of a, or "") (lxml's extensions.pxi), and a test of @id|@class reads the one of
the two written first in the tag (XPath's string of a node-set is its first node in document order),
so these walks pick the same elements, in the same (document) order, and the prunes delete them as
prune_unwanted_nodes does (tail kept). tests/unit/test_extract_prune.py checks them against the XPaths.
The first two body walks differ on purpose in one case: a body element shorter than trafilatura's minimum
gives way to the block enclosing the article's other parts (enclosing_body); and after the XPaths, a last walk takes
the block enclosing a page's running text and its headings when none of them found a body (running_text_block).
"""
from __future__ import annotations

import copy
import itertools
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
    _MAIN_CONTENT_CLASS_TOKENS,
    _MAIN_CONTENT_ID_TOKENS,
    _OVERALL_DISCARD_BOTH_TOKENS,
    _OVERALL_DISCARD_CLASS_TOKENS,
    _OVERALL_DISCARD_ID_TOKENS,
    _STORY_CLASS_TOKENS,
    _STORY_ID_TOKENS,
    BODY_XPATH,
    DISCARD_IMAGE_ELEMENTS,
    OVERALL_DISCARD_XPATH,
    PRECISION_DISCARD_XPATH,
    TEASER_DISCARD_XPATH,
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


BODY_MIN_CHARS = 250  # trafilatura's MIN_EXTRACTED_SIZE: from a shorter body it appends the page's other paragraphs
BODY_CLIMB_LEVELS = 3  # a short body's enclosing block is looked for among this many of its ancestors ...
BODY_RUNNING_SHARE = 0.9  # ... and must hold at least this share of the page's paragraph text
_RUNNING_CHARS = 19  # a <p> this long counts as paragraph text for that share


def enclosing_article_body(tree: HtmlElement) -> list[HtmlElement]:
    """article_body, or the block enclosing it when it is too short (enclosing_body)."""
    return enclosing_body(article_body(tree), tree)


def enclosing_first_article(tree: HtmlElement) -> list[HtmlElement]:
    """BODY_XPATH[1], the page's first <article>, or the block enclosing it when it is too short (enclosing_body)
    or when it is the first of a live page's entries (live_entries_block)."""
    found = BODY_XPATH[1](tree)
    return live_entries_block(found) or enclosing_body(found, tree)


_LIVE_ENTRY_CLASS = re.compile(r"(?:^|[\s_-])live[-_]?(?:post|item|entry|update)(?:$|\s)", re.I)
LIVE_ENTRY_ARTICLES_MIN = 2  # a block holding this many <article>s named a live entry is a live page's feed


def live_entries_block(found: list[HtmlElement]) -> list[HtmlElement]:
    """The block holding a live page's entries when the first <article> found is one of them: an <article> named
    a live entry ('live-post', 'live-update') with such <article>s beside it (at least LIVE_ENTRY_ARTICLES_MIN);
    [] otherwise (the body found stands)."""
    if not found or not _LIVE_ENTRY_CLASS.search(found[0].get("class") or ""):
        return []
    parent = found[0].getparent()
    if parent is None:
        return []
    entries = sum(1 for el in parent.iterchildren("article") if _LIVE_ENTRY_CLASS.search(el.get("class") or ""))
    return [parent] if entries >= LIVE_ENTRY_ARTICLES_MIN else []


def enclosing_body(found: list[HtmlElement], tree: HtmlElement) -> list[HtmlElement]:
    """The body element found, or when it holds less text than trafilatura's minimum, the nearest of its
    ancestors (up to BODY_CLIMB_LEVELS) holding BODY_RUNNING_SHARE of the page's paragraph text: the short
    element is one block of an article written in several (a summary, then the body under a subheading; one
    entry of a live page under its summary), and from it trafilatura appends the other paragraphs after its
    own, out of the page's order and without their headings."""
    if not found or len(found[0].text_content().strip()) >= BODY_MIN_CHARS:
        return found
    total = _paragraph_chars(tree)
    for level, ancestor in enumerate(found[0].iterancestors()):
        if level >= BODY_CLIMB_LEVELS or ancestor.tag in ("body", "html"):
            break
        if total and _paragraph_chars(ancestor) >= BODY_RUNNING_SHARE * total:
            return [ancestor]
    return found


def _paragraph_chars(element: HtmlElement) -> int:
    """Characters of the <p> elements under element that are long enough to be paragraph text."""
    lengths = (len(p.text_content().strip()) for p in element.iter("p"))
    return sum(length for length in lengths if length >= _RUNNING_CHARS)


RUNNING_BLOCK_SHARE = 0.8  # a page naming no body: the innermost block holding this share of its running text is it
RUNNING_BLOCK_PARAGRAPH_WORDS = 10  # ... counted in <p>s of at least this many words (no counters, labels or menus)


def running_text_block(tree: HtmlElement) -> list[HtmlElement]:
    """After every body XPath found nothing: the innermost block holding RUNNING_BLOCK_SHARE of the page's running
    text, when it holds headings (a list of it; [] when only <body> holds that share, or the block no heading).
    Without it trafilatura recovers the page's text paragraph by paragraph and loses the headings between them (a
    listicle's item headings, a newsletter's subheadings); a block without headings is left to that recovery."""
    held: dict[HtmlElement, int] = {}
    total = 0
    for paragraph in tree.iter("p"):
        text = paragraph.text_content()
        if len(text) < _RUNNING_CHARS or len(_WORD_RE.findall(text)) < RUNNING_BLOCK_PARAGRAPH_WORDS:
            continue
        total += (length := len(text.strip()))
        for ancestor in paragraph.iterancestors():
            if ancestor.tag in ("body", "html"):
                break
            held[ancestor] = held.get(ancestor, 0) + length
    enclosing = [block for block, chars in held.items() if chars >= RUNNING_BLOCK_SHARE * total]
    if not enclosing:
        return []
    block = min(enclosing, key=held.__getitem__)
    return [block] if next(block.iter(*_RUNNING_BLOCK_HEADINGS), None) is not None else []


_RUNNING_BLOCK_HEADINGS = ("head", "h2", "h3", "h4")  # trafilatura's tree names its headings 'head'


_STORY_ID_RE = re.compile(_alt(_STORY_ID_TOKENS))
_STORY_CLASS_RE = re.compile(_alt(_STORY_CLASS_TOKENS))
_FULLTEXT_RE = re.compile("fulltext", re.I)
_STORY_IDS = ("article", "story")
_STORY_CLASSES = ("postarea", "art-postcontent", "text", "cell", "story")
_MAIN_ID_RE = re.compile(_alt(_MAIN_CONTENT_ID_TOKENS))
_MAIN_CLASS_RE = re.compile(_alt(_MAIN_CONTENT_CLASS_TOKENS))
_CM = str.maketrans("CM", "cm")
_CP = str.maketrans("CP", "cp")
_BOTTOM_RE = re.compile(r"(^|\s)bottom|bottom(\s|$)")
_LINK_RE = re.compile(r"(^|\s)link(\s|$)")


def story_body(tree: HtmlElement) -> list[HtmlElement]:
    """BODY_XPATH[2]: the first article, div, main or section named a story or article by its role,
    id or class (a list of it, or []); a block named 'fulltext' first takes in the intro block before it
    (intro_into_full_text)."""
    for element in tree.iterdescendants(_BODY_TAGS):
        attrib = element.attrib
        if not attrib:
            continue
        cls, ident = attrib.get("class"), attrib.get("id")
        if (attrib.get("role") == "article" or ident in _STORY_IDS or cls in _STORY_CLASSES
                or _STORY_ID_RE.search(ident or "") or _STORY_CLASS_RE.search(cls or "")):
            return [element]
        if _FULLTEXT_RE.search(cls or ""):
            intro_into_full_text(element)
            return [element]
    return []


def main_content(tree: HtmlElement) -> list[HtmlElement]:
    """BODY_XPATH[3]: the first article, div, main or section whose id or class names the main or page
    content (a list of it, or [])."""
    for element in tree.iterdescendants(_BODY_TAGS):
        attrib = element.attrib
        if not attrib:
            continue
        cls, ident = attrib.get("class") or "", attrib.get("id") or ""
        if (attrib.get("id") == "content" or attrib.get("class") == "content" or _MAIN_ID_RE.search(ident)
                or _MAIN_CLASS_RE.search(cls) or "main-content" in ident.translate(_CM)
                or "main-content" in cls.translate(_CM) or "page-content" in cls.translate(_CP)):
            return [element]
    return []


def teasers(tree: HtmlElement) -> list[HtmlElement]:
    """TEASER_DISCARD_XPATH[0]: blocks whose id or class holds "teaser" (or "Teaser")."""
    return [e for e in tree.iterdescendants(_DISCARD_TAGS)
            if "teaser" in (e.get("id") or "").replace("T", "t") or "teaser" in (e.get("class") or "").replace("T", "t")]


def bottom_links_and_borders(tree: HtmlElement) -> list[HtmlElement]:
    """PRECISION_DISCARD_XPATH[1]: blocks whose first-written id or class holds a "bottom" or "link"
    token, or whose style draws a border."""
    found = []
    for element in tree.iterdescendants(_DISCARD_TAGS):
        if not element.attrib:
            continue
        first = first_of(element, "id", "class")
        if _BOTTOM_RE.search(first) or _LINK_RE.search(first) or "border" in (element.get("style") or ""):
            found.append(element)
    return found


def captions(tree: HtmlElement) -> list[HtmlElement]:
    """DISCARD_IMAGE_ELEMENTS[0]: blocks whose id or class holds "caption"."""
    return [e for e in tree.iterdescendants(_DISCARD_TAGS)
            if "caption" in (e.get("id") or "") or "caption" in (e.get("class") or "")]


WALKS = {"OVERALL_DISCARD_XPATH": (OVERALL_DISCARD_XPATH, [boilerplate_sections, hidden_elements]),
         "BODY_XPATH": (BODY_XPATH, [enclosing_article_body, enclosing_first_article, story_body, main_content, *BODY_XPATH[4:],
                                     running_text_block]),
         "TEASER_DISCARD_XPATH": (TEASER_DISCARD_XPATH, [teasers]),
         "PRECISION_DISCARD_XPATH": (PRECISION_DISCARD_XPATH, [PRECISION_DISCARD_XPATH[0], bottom_links_and_borders]),
         "DISCARD_IMAGE_ELEMENTS": (DISCARD_IMAGE_ELEMENTS, [captions])}


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


SIGNUP_MAX_WORDS = 60  # a sign-up box (prompt, e-mail field, button, small print) holds no more words than this
_BOX_TAGS = frozenset({"div", "section", "aside", "form", "figure", "p"})
_COMMENTS_BOX_TOKEN = re.compile(  # 'comments', 'comment-wrapper', 'comentarios', 'komentar', 'reactions' ...
    r"^(?:comments?|comentarios?|comentários?|commentaires?|commenti|kommentare?|komentar(?:ze)?|reacties|yorumlar|"
    r"reactions|guestbook|gästebuch|condolences)(?:[-_](?:wrapper|area|section|block|box|container|list))?$", re.I)
_CONSENT_TOKEN = re.compile(r"(?:^|[-_])(?:didomi|onetrust|cookiebot|usercentrics|gdpr|cmp)(?:[-_]|$)", re.I)
# what a name must hold to be worth the per-token tests above (one search over the class and id, most names fail it)
_COMMENTS_HINT = re.compile(r"com+ent|koment|kommentar|reacties|yorum|reaction|guestbook|gästebuch|condolence", re.I)
_CONSENT_HINT = re.compile(r"didomi|onetrust|cookiebot|usercentrics|gdpr|cmp", re.I)
_PROPERTIES_HINT = re.compile("notion-", re.I)  # a Notion page's blocks (its table of properties: _NOTION_PROPERTIES)
# a sponsor's message inside the text ('sponsor-block', 'sponsored-message'): a newsletter's or a podcast page's ad
_SPONSOR_TOKEN = re.compile(r"(?:^|[-_])sponsor(?:ed|ship)?(?:[-_]|$)", re.I)
_SPONSOR_HINT = re.compile("sponsor", re.I)
SPONSOR_BOX_MAX_WORDS = 60  # a sponsor's box holds no more words than this (a sponsored article's body is no box)
_BOX_HINT = re.compile(f"{_COMMENTS_HINT.pattern}|{_CONSENT_HINT.pattern}|{_PROPERTIES_HINT.pattern}|"
                       f"{_SPONSOR_HINT.pattern}", re.I)
_BOX_HINT_LOWER = re.compile(_BOX_HINT.pattern)  # the same on lower-cased ASCII (its pattern is lower case)
CAPTION_BOX_MAX_WORDS = 30  # a lone photo's box (the image, then its caption and credit) holds no more words ...
CAPTION_BOX_MAX_CHARS = 200  # ... and no more characters than this
CAPTION_BOX_LEVELS = 4  # the box is the nearest of the image's ancestors up to this level that holds text
_WORD_RE = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")


COLLAPSED_MIN_PARAGRAPHS = 2  # a hidden block behind a button is the article's rest when it has this many paragraphs
COLLAPSED_PARAGRAPH_WORDS = 8  # of at least this many words each
COLLAPSED_BUTTON_WORDS = 4  # the block before it holds a button and at most this many words
COLLAPSED_BUTTON_LEVELS = 3  # that block is the button or one of its ancestors up to this level
_HIDING_STYLE = re.compile(r"display\s*:\s*none\s*;?|visibility\s*:\s*hidden\s*;?", re.I)


def reveal_collapsed_text(controls: list[HtmlElement]) -> None:
    """Show the rest of an article hidden behind a 'continue reading' button, given the page's links and buttons
    (its hiding style, hidden and aria-hidden attributes removed), so that the hidden-element pass keeps it."""
    for button in controls:
        if button.tag != "button":
            continue
        block = button
        for _ in range(COLLAPSED_BUTTON_LEVELS):
            if (element := block.getnext()) is not None and _is_hidden(element) and collapsed_text(element):
                style = element.get("style")
                if style:
                    element.set("style", _HIDING_STYLE.sub("", style))
                for name in ("hidden", "aria-hidden"):
                    element.attrib.pop(name, None)
                break
            if (block := block.getparent()) is None:
                break


def _is_hidden(element: HtmlElement) -> bool:
    """Whether an element is hidden by its style, hidden attribute or aria-hidden."""
    return (isinstance(element.tag, str) and ("hidden" in element.attrib or element.get("aria-hidden") == "true"
            or bool(_HIDING_STYLE.search(element.get("style") or ""))))


def collapsed_text(element: HtmlElement) -> bool:
    """Whether a hidden element is the rest of the text behind a 'continue reading' button: it follows a
    block holding only a button and holds paragraphs of running text."""
    before = element.getprevious()
    if before is None or not isinstance(before.tag, str):
        return False
    if before.tag != "button" and next(before.iter("button"), None) is None:
        return False
    if len(before.text_content().split()) > COLLAPSED_BUTTON_WORDS:
        return False
    paragraphs = [p for p in element.iter("p") if len(p.text_content().split()) >= COLLAPSED_PARAGRAPH_WORDS]
    return len(paragraphs) >= COLLAPSED_MIN_PARAGRAPHS


SHARE_LINK_MAX_WORDS = 3  # a share link says 'Share', 'Eintrag teilen' or 'Chia sẻ'
SHARE_LINK_MAX_CHARS = 60  # a longer link text (spaces included) is not read further
_SHARE_LINK = re.compile(  # a link's whole text: a share verb, with at most one word before or after it
    r"^\W*(?:[^\W\d_]+\s+)?(?:share|teilen|chia sẻ|condividi|partager|partagez|compartir|comparte|compartilhar|"
    r"compartilhe|udostępnij|paylaş|поделиться|поділитися|delen|megosztás|distribuie|sdílet|zdieľať|podijeli|"
    r"сподели|μοιραστείτε|κοινοποίηση|分享|シェア|공유|แชร์|bagikan|kongsi|שתף|شارك|مشاركة|shiriki)"
    r"(?:\s+[^\W\d_]+)?\W*$", re.I)


def share_link_blocks(controls: list[HtmlElement]) -> list[HtmlElement]:
    """The share links and buttons among the page's links and buttons ('Share', 'Eintrag teilen': a button, or
    a link to no page, a share endpoint or an e-mail), each with the blocks around it that hold nothing else: a live blog's last entry ending with one is dropped whole by trafilatura's
    link-density test (a short last block with a link)."""
    found = []
    for link in controls:
        if (href := link.get("href")) and not _is_share_target(href):
            continue  # a link to another page
        text = link.text_content() if len(link) else link.text
        if not text or len(text) > SHARE_LINK_MAX_CHARS:
            continue
        text = " ".join(text.split())
        if not text or len(text.split()) > SHARE_LINK_MAX_WORDS or not _SHARE_LINK.match(text):
            continue
        block = link
        while (parent := block.getparent()) is not None and parent.tag in _SHARE_BOX_TAGS and (
                " ".join(parent.text_content().split()) == text):
            block = parent
        found.append(block)
    return found


_SHARE_BOX_TAGS = frozenset({"div", "span", "li", "ul", "p"})
_SHARE_TARGET_STARTS = ("#", "javascript:", "mailto:")  # a share link points to no page, an e-mail ...
_SHARE_TARGET_PARTS = ("share", "Share", "intent/tweet", "wa.me")  # ... or a share endpoint


def _is_share_target(href: str) -> bool:
    """Whether a link's href is where a share link points (plain substring tests: most links fail them)."""
    return href.startswith(_SHARE_TARGET_STARTS) or any(part in href for part in _SHARE_TARGET_PARTS)


def prune_page_widgets(tree: HtmlElement) -> HtmlElement:
    """Delete the boxes that sit inside article bodies but are not the article: newsletter and sign-up
    boxes (the largest block of at most SIGNUP_MAX_WORDS words around an e-mail field), comment
    sections whose class or id names them among other classes ('field field--name-comment comment-wrapper',
    'comentarios'), consent banners of the common consent platforms, a lone photo's box with its caption,
    lists of dated teasers ('other news' under the article), "read also" lines between paragraphs, AMP ad
    slots (whose placeholder says 'the article continues after the ad'), a press release's media-contact box
    (media_contact_boxes) and a column of headed boxes beside the article
    (side_column), share links (share_link_blocks), an episode's list of chapters (chapter_lists) and the list of
    sources under a 'Sources' heading (source_lists); lists of entries become blocks (entry_lists_as_blocks)
    and text behind a 'continue reading' button is shown (reveal_collapsed_text); custom elements are read as
    blocks named by their tag (custom_elements_as_blocks), and a gallery of list items by its captions
    (list_galleries_as_paragraphs); the text widgets of an Elementor page are read as blocks
    (elementor_text_widgets_as_blocks), and a photo's italic caption line (_italic_caption_line), footnote marks in
    <sup>s and <span>s, pull quotes repeating the text (footnote_marks,
    repeated_pull_quotes), a Notion page's table of properties, a sponsor's box (_is_sponsor_box) and an
    embedded post's attribution line (embedded_post_attributions) are left out."""
    custom_elements_as_blocks(tree)
    elementor_text_widgets_as_blocks(tree)
    entry_lists_as_blocks(tree, list_galleries_as_paragraphs(list(tree.iter("ol", "ul"))))
    controls = list(tree.iter("a", "button"))
    reveal_collapsed_text(controls)
    _delete(share_link_blocks(controls))
    _delete(chapter_lists(controls))
    _delete(source_lists(tree))
    _delete(list(tree.iter(*AMP_AD_TAGS)))
    _delete([page for page in tree.iter("amp-story-page") if page.get("ad") is not None])  # a story's ad page
    _delete([box for field in tree.iter("input") if (field.get("type") or "").lower() == "email"
             if (box := _signup_box(field)) is not None])
    named = [el for el in tree.iter("div", "section", "aside")  # one pass over each block's class and id (most fail
             if _box_hint(el.get("class")) or _box_hint(el.get("id"))]  # it), then the tests
    _delete([el for el in named if el.tag != "aside" and _is_comments_box(el)])
    _delete([el for el in named if _is_consent_box(el)])
    _delete([el for el in named if _NOTION_PROPERTIES.search(el.get("class") or "")])
    _delete([el for el in named if _is_sponsor_box(el)])
    images = list(tree.iter("img"))
    _delete([box for image in images if (box := _photo_caption_box(image)) is not None])
    _delete([line for image in images if (line := _italic_caption_line(image)) is not None])
    _delete(_teaser_lists(tree))
    _delete(media_contact_boxes(tree))
    _delete([el for el in tree.iter("p") if _is_read_also_line(el)])
    _delete(side_columns(tree))
    marks_and_quotes = list(tree.iter("sup", "span", "blockquote"))  # one walk for all three
    _delete(footnote_marks([el for el in marks_and_quotes if el.tag == "sup" or _holds_one_link(el)]))
    quotes = [el for el in marks_and_quotes if el.tag == "blockquote"]
    _delete(repeated_pull_quotes(quotes))
    _delete(embedded_post_attributions(quotes))
    return gallery_captions_as_paragraphs(tree)


def _box_hint(name: str | None) -> bool:
    """Whether a class or id holds a comments, consent or Notion hint (_BOX_HINT): an ASCII name, nearly every one, is
    lower-cased and searched without IGNORECASE, the same answer about five times faster (1.9 us against 0.35)."""
    if not name:
        return False
    return bool(_BOX_HINT_LOWER.search(name.lower()) if name.isascii() else _BOX_HINT.search(name))


CHAPTER_MIN_ITEMS = 3  # a list of chapters has at least this many items
_TIMESTAMP = re.compile(r"^\(?(?:\d{1,2}:)?\d{1,2}:\d{2}\)?$")  # '10:40', '1:02:03', '(00:00)'
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def chapter_lists(controls: list[HtmlElement]) -> list[HtmlElement]:
    """The lists of an episode's or a video's chapters, given the page's links and buttons: every item opens with
    a link or button that is only a time ('10:40' then 'What the hydrologist found'), which moves the player
    there; with their box when it holds only the list and its heading ('Chapters')."""
    counts: dict[HtmlElement, int] = {}
    for control in controls:
        item = control.getparent()
        if (item is None or item.tag != "li" or item[0] is not control or (item.text or "").strip()
                or not _TIMESTAMP.match((control.text_content() if len(control) else control.text or "").strip())):
            continue
        parent = item.getparent()
        if parent is not None:
            counts[parent] = counts.get(parent, 0) + 1
    return [_with_lone_heading(found) for found, count in counts.items()
            if count >= CHAPTER_MIN_ITEMS and count == sum(child.tag == "li" for child in found)]


def _with_lone_heading(block: HtmlElement) -> HtmlElement:
    """The block's parent when that holds only the block and a heading, else the block."""
    parent = block.getparent()
    if parent is None or parent.tag in ("body", "html") or (parent.text or "").strip():
        return block
    others = [child for child in parent if child is not block and isinstance(child.tag, str)]
    return parent if len(others) == 1 and others[0].tag in _HEADINGS else block


_SOURCES_HEADING = re.compile(  # 'Sources', 'References', 'Quellen', 'Fuentes', 'Fontes', 'Источники' ... ('[edit]' after it)
    r"^\W*(?:sources?|references|sources and references|quellen|quellenangaben|einzelnachweise|fuentes|referencias|fontes|"
    r"referências|fonti|riferimenti|références|bronnen|źródła|zdroje|kaynaklar|источники|джерела|المصادر|منابع|出典|"
    r"参考文献|来源|출처)\W*(?:\[?\s*(?:edit|bearbeiten|editar|modifier|modifica)\s*\]?)?\W*$", re.I)


def source_lists(tree: HtmlElement) -> list[HtmlElement]:
    """The lists of sources an article ends with, with their heading: a heading that says 'Sources' (or its
    block, when that holds only the heading and its edit link) and the lists right after it."""
    found: list[HtmlElement] = []
    for heading in tree.iter(*_HEADINGS):
        if not _SOURCES_HEADING.match(heading.text_content().strip()):
            continue
        anchor = heading
        parent = heading.getparent()
        if parent is not None and parent.tag == "div" and _SOURCES_HEADING.match(parent.text_content().strip()):
            anchor = parent
        lists = list(itertools.takewhile(lambda el: el.tag in ("ul", "ol"), anchor.itersiblings()))
        if lists:
            found.extend([anchor, *lists])
    return found


_BODY_CUSTOM_CHILD = lxml.etree.XPath('(self::body | body)/*[contains(local-name(), "-")'
                                     ' and not(starts-with(local-name(), "amp-"))][1]')
_CUSTOM_ELEMENTS = lxml.etree.XPath('//*[contains(local-name(), "-") and not(starts-with(local-name(), "amp-"))'
                                     ' and not(ancestor::p)]')


def custom_elements_as_blocks(tree: HtmlElement) -> None:
    """Turn a Web Components page's custom elements ('<qs-text-block>', '<qs-cookie-consent>', '<qs-share-bar>')
    into <div>s whose class opens with their tag: the extractors know no such tag, so their rules by element and
    class (paragraph text, consent banners, share bars, sign-up boxes) missed them. AMP's own components and the
    custom elements inside a paragraph (a citation's '<hl-trusted-source>') stay. Only a page laid out in custom
    elements, one a child of <body>, is searched: the search would cost every page a pass over its tree."""
    if not laid_out_in_custom_elements(tree):
        return
    for element in _CUSTOM_ELEMENTS(tree):
        element.set("class", f"{element.tag} {element.get('class') or ''}".strip())
        element.tag = "div"


def laid_out_in_custom_elements(tree: HtmlElement) -> bool:
    """True when a child of <body> is a custom element (its tag holds a hyphen), AMP's left out."""
    return bool(_BODY_CUSTOM_CHILD(tree))


_MEDIA_CONTACT = re.compile(r"(?:^|[\s_-])(?:media|press)[-_]?contacts?(?:[\s_-]|$)", re.I)


def media_contact_boxes(tree: HtmlElement) -> list[HtmlElement]:
    """The boxes of a press release's media contact (a label, a desk's name, phone, e-mail), named so by their
    class or id ('media-contact', 'press_contacts'): they are not the release's text."""
    return [el for el in tree.iter("div", "section", "aside", "p")
            if _MEDIA_CONTACT.search(f"{el.get('class') or ''} {el.get('id') or ''}")]


AMP_AD_TAGS = ("amp-ad", "amp-embed", "amp-sticky-ad")  # AMP's ad components: an ad and its loading placeholder
SIDE_COLUMN_LEVELS = 3  # the article block is the h1's nearest ancestor, up to this level, holding running text
SIDE_BOXES_MIN = 2  # a column beside it holds this many boxes, each opening with a heading ...
SIDE_BOX_MAX_WORDS = 40  # ... and none a paragraph longer than this ('Luetuimmat' + its list, 'Tilaa' + an offer)


def side_columns(tree: HtmlElement) -> list[HtmlElement]:
    """The blocks after the article's block (the first h1's nearest ancestor holding a paragraph of running
    text) among its siblings that are a column of headed boxes without running text (side_column): a sidebar
    whose class names it in a language the extractors do not read ('sivupalkki', 'barra-lateral')."""
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return []
    for block in itertools.islice(headline.iterancestors(), SIDE_COLUMN_LEVELS):
        if block.tag in ("body", "html"):
            return []
        if any(_is_running(p.text_content()) for p in block.iter("p")):
            return [sibling for sibling in block.itersiblings() if _is_side_column(sibling)]
    return []


def _is_side_column(block: HtmlElement) -> bool:
    """True for a div, aside or section whose child boxes each open with a heading (h2-h4), SIDE_BOXES_MIN
    or more, and that holds no line of text longer than SIDE_BOX_MAX_WORDS words."""
    if block.tag not in ("div", "aside", "section"):
        return False
    boxes = [child for child in block if isinstance(child.tag, str)]
    if len(boxes) < SIDE_BOXES_MIN or not all(_opens_with_heading(box) for box in boxes):
        return False
    return all(len(_WORD_RE.findall(el.text_content())) <= SIDE_BOX_MAX_WORDS for el in block.iter("p", "li"))


_SIDE_HEADINGS = frozenset({"h2", "h3", "h4"})


def _opens_with_heading(box: HtmlElement) -> bool:
    """True for a div, section or aside whose first element is a heading and that holds no h1."""
    first = next(box.iterchildren(lxml.etree.Element), None)
    return (box.tag in ("div", "section", "aside") and first is not None and first.tag in _SIDE_HEADINGS
            and next(box.iter("h1"), None) is None)


READ_ALSO_LABEL_MAX_WORDS = 4  # 'Read also:', 'Читайте також:', 'यह भी पढ़ें:', 'CITEȘTE ȘI:'
READ_ALSO_LINK_MIN_WORDS = 3  # the linked headline after the label ('Source: <a>Reuters</a>' is kept)
TEASER_MAX_WORDS = 45  # a teaser (date, linked headline, a line of preview) holds no more words than this
TEASER_LIST_MIN = 2
_TEASER_LIST_TAGS = ("div", "section", "ul", "ol", "aside")
_TEASER_ITEM_TAGS = frozenset({"p", "li", "div", "article"})
_DATE_ONLY = re.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d|\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4})"
                        r"(?:,?\s+\d{1,2}:\d\d)?$|^\d{1,2}:\d\d$")


GALLERY_MIN_FIGURES = 3  # a block holding this many captioned figures side by side is a photo gallery ...
CAPTION_MIN_WORDS = 6  # ... when their captions of this many words (credit left out) tell the story ...
_GALLERY_CLASS = re.compile(r"galler|slide|carousel", re.I)  # ... and it or its figures are named a gallery
_CREDIT_CLASS = re.compile(r"credit|copyright|author|source|(?<![a-z])count(?:er)?(?![a-z])", re.I)


def gallery_captions_as_paragraphs(tree: HtmlElement) -> HtmlElement:
    """Replace the figures of a photo gallery (a run of GALLERY_MIN_FIGURES or more figures side by side,
    nothing between them, whose captions hold CAPTION_MIN_WORDS words) by paragraphs of their captions,
    credits left out: there the captions are the article's text, and the extractors drop every <figure>.
    Photos set between paragraphs, and their captions, stay out."""
    parents = {id(parent): parent for figure in tree.iter("figure") if (parent := figure.getparent()) is not None}
    for parent in parents.values():
        for run in _figure_runs(parent):
            if not any(_GALLERY_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}") for el in (parent, *run)):
                continue
            captions = [(figure, _caption_text(figure)) for figure in run]
            if sum(1 for _, text in captions if len(_WORD_RE.findall(text)) >= CAPTION_MIN_WORDS) < GALLERY_MIN_FIGURES:
                continue
            for figure, text in captions:
                paragraph = lxml.etree.Element("p")
                paragraph.text, paragraph.tail = text, figure.tail
                parent.replace(figure, paragraph)
    return tree


def list_galleries_as_paragraphs(lists: list[HtmlElement]) -> list[HtmlElement]:
    """Put paragraphs of the captions in the place of each photo gallery built of list items among the page's lists
    (_is_list_gallery), before the rules that drop a lone photo's box see each item as one; the other lists."""
    galleries = [items for items in lists if _is_list_gallery(items)]
    for gallery in galleries:
        _replace_by_captions(gallery)
    return [items for items in lists if items not in galleries] if galleries else lists


def _is_list_gallery(items: HtmlElement) -> bool:
    """True for a list named a gallery (it, its parent or its first item) whose items each hold one photo, at least
    GALLERY_MIN_FIGURES of them with a caption of CAPTION_MIN_WORDS words: a gallery built of <li>s, not <figure>s."""
    if len(items) < GALLERY_MIN_FIGURES:
        return False
    parent = items.getparent()
    up = parent if parent is not None else items
    if not _GALLERY_CLASS.search(f"{items.get('class')} {items.get('id')} {items[0].get('class')} {up.get('class')} "
                                 f"{up.get('id')}"):
        return False
    children = [child for child in items if isinstance(child.tag, str)]
    if len(children) < GALLERY_MIN_FIGURES or not all(child.tag == "li" for child in children):
        return False
    if not all(sum(1 for _ in child.iter("img")) == 1 for child in children):
        return False
    return sum(1 for child in children if len(_WORD_RE.findall(_caption_text(child))) >= CAPTION_MIN_WORDS) \
        >= GALLERY_MIN_FIGURES


def _replace_by_captions(items: HtmlElement) -> None:
    """Put a paragraph of each item's caption in the list's place."""
    parent = items.getparent()
    if parent is None:
        return
    at = parent.index(items)
    for offset, child in enumerate(child for child in items if isinstance(child.tag, str)):
        paragraph = lxml.etree.Element("p")
        paragraph.text = _caption_text(child)
        parent.insert(at + offset, paragraph)
    _delete([items])


def _figure_runs(parent: HtmlElement) -> list[list[HtmlElement]]:
    """The parent's runs of consecutive <figure> children with no text or other element between them."""
    runs: list[list[HtmlElement]] = [[]]
    for child in parent:
        if child.tag == "figure":
            runs[-1].append(child)
        if child.tag != "figure" or (child.tail or "").strip():
            runs.append([])
    return [run for run in runs if len(run) >= GALLERY_MIN_FIGURES]


def _caption_text(figure: HtmlElement) -> str:
    """A figure's caption (or a gallery item's text) without the elements that credit the photo or count the slides."""
    caption = figure if figure.tag == "li" else figure.find(".//figcaption")
    if caption is None:
        return ""
    caption = copy.deepcopy(caption)
    for node in [node for node in caption.iterdescendants() if _CREDIT_CLASS.search(node.get("class") or "")]:
        node.drop_tree()
    return " ".join(caption.text_content().split())


def _is_read_also_line(paragraph: HtmlElement) -> bool:
    """True for a paragraph that is a short label ending in a colon and one linked headline, nothing after:
    'Читайте також: <a>Міст через Південний Буг закриють на ремонт</a>', in any language."""
    links = list(paragraph.iter("a"))
    if len(links) != 1:
        return False
    text, link = " ".join(paragraph.text_content().split()), " ".join(links[0].text_content().split())
    at = text.rfind(link) if max(_spaced_words(link), len(_WORD_RE.findall(link))) >= READ_ALSO_LINK_MIN_WORDS else -1
    if at <= 0 or _WORD_RE.search(text[at + len(link):]):
        return False
    label = text[:at].strip()
    return label.endswith((":", "：")) and min(_spaced_words(label), len(_WORD_RE.findall(label))) <= READ_ALSO_LABEL_MAX_WORDS


def _spaced_words(text: str) -> int:
    """The number of space-separated tokens holding a letter or digit: \\w+ splits a Tamil or Devanagari word at
    its vowel signs ('இதையும் படிக்க' is six such runs), and a Thai or Chinese line has no spaces (the smaller of the
    two counts is the label's length, the larger the headline's)."""
    return sum(1 for token in text.split() if _WORD_RE.search(token))


# Elementor (a WordPress page builder) classes every block of a page 'elementor-widget', which trafilatura's
# 'widget' token discards as an ad box: the text comes back only through its rescue of bare <p>s, without
# the subheadings of heading widgets. Its text, heading and post-content widgets and their wrappers are renamed.
_ELEMENTOR_TEXT = re.compile(r"(?<![\w-])elementor-widget(?=-(?:wrap|container|text-editor|heading|theme-post-content)"
                             r"(?![\w-]))")
_ELEMENTOR_TEXT_WIDGET = re.compile(r"(?<![\w-])elementor-widget-(?:text-editor|heading|theme-post-content)(?![\w-])")


_ELEMENTOR_POST_TEMPLATES = frozenset({"single-post", "single", "single-page", "wp-post", "wp-page"})


def elementor_text_widgets_as_blocks(tree: HtmlElement) -> None:
    """On an Elementor page (its <body> class names 'elementor'), rename the widget classes of its text, heading and
    post-content widgets and of the wrappers around them ('elementor-widget-text-editor' to 'elementor-block-text-editor',
    a bare 'elementor-widget' of those widgets to 'elementor-block'), so that no 'widget' rule takes them for an ad; the
    template a post is laid out in ('data-elementor-type="single-post"'), when it holds the headline, is read as an
    <article>."""
    root = tree.getroottree().getroot()
    body = root if root.tag == "body" else root.find("body")
    if body is None or "elementor" not in (body.get("class") or ""):
        return
    for element in tree.iter("div", "section"):
        if element.get("data-elementor-type") in _ELEMENTOR_POST_TEMPLATES and next(element.iter("h1"), None) is not None:
            element.tag = "article"
        name = element.get("class")
        if not name or "elementor-widget" not in name:
            continue
        if _ELEMENTOR_TEXT_WIDGET.search(name):
            name = re.sub(r"(?<![\w-])elementor-widget(?![\w])", "elementor-block", name)
        element.set("class", _ELEMENTOR_TEXT.sub("elementor-block", name))


# a Notion page's table of properties above its text (author, date, tags), as Super and react-notion-x render it
_NOTION_PROPERTIES = re.compile(r"(?<![\w-])notion-(?:page__|collection-page-)properties(?![\w-])")


FOOTNOTE_MARK_MAX_CHARS = 5  # a footnote mark ('1', '[12]', '*', '†') is no longer than this
_FOOTNOTE_MARK = re.compile(r"^\[?(?:\d{1,3}|[*†‡§]{1,3}|[a-z])\]?$")


def _holds_one_link(span: HtmlElement) -> bool:
    """True for a <span> whose only child is a link (a footnote call may be written without <sup>)."""
    return span.tag == "span" and len(span) == 1 and span[0].tag == "a"


def footnote_marks(sups: list[HtmlElement]) -> list[HtmlElement]:
    """The footnote marks among the page's <sup>s (and <span>s holding one link): one holding only a link to a note on
    the same page ('#nota-1') whose text is a number, a letter or an asterisk ('<sup><a href="#fn1">1</a></sup>', SPIP's
    '<span class="spip_note_ref">&nbsp;[<a href="#nb1">1</a>]</span>'), which would run into the word before it."""
    found = []
    for mark in sups:
        text = mark.text_content().strip(" \xa0\t\n")
        if len(text) > FOOTNOTE_MARK_MAX_CHARS or not _FOOTNOTE_MARK.match(text):
            continue
        link = next(mark.iter("a"), None)
        if link is not None and (link.get("href") or "").startswith("#"):
            found.append(mark)
    return found


PULL_QUOTE_MIN_WORDS = 4  # a pull quote repeats a phrase of at least this many words ...
PULL_QUOTE_MAX_WORDS = 60  # ... and at most this many
PULL_QUOTE_REPEATED = 0.7  # ... of whose word pairs this share is in one paragraph beside it


def repeated_pull_quotes(quotes: list[HtmlElement]) -> list[HtmlElement]:
    """The pull quotes among the page's <blockquote>s: one whose words, pair by pair, mostly repeat one paragraph
    beside it (a quotation the article holds in its text and shows again in large type). A box summing up the
    section before it ('Summary …') says the same in other words: on the extraction benchmark at most half its pairs."""
    found = []
    for quote in quotes:
        words = _WORD_RE.findall(quote.text_content().lower())
        parent = quote.getparent()
        if parent is None or not PULL_QUOTE_MIN_WORDS <= len(words) <= PULL_QUOTE_MAX_WORDS:
            continue
        pairs = set(zip(words, words[1:]))
        if any(_shared_pairs(pairs, paragraph) >= PULL_QUOTE_REPEATED * len(pairs) for paragraph in _beside(parent)):
            found.append(quote)
    return found


def _beside(parent: HtmlElement) -> Iterator[HtmlElement]:
    """The paragraphs beside a quote: its parent's <p>s, or when it has none (the quote is a component of its own, as
    in Adobe Experience Manager's grid), those of the blocks right before and after its parent."""
    own = list(parent.iterchildren("p"))
    if own:
        yield from own
        return
    for block in (parent.getprevious(), parent.getnext()):
        if block is not None and isinstance(block.tag, str):
            yield from block.iter("p")


# Joomla's K2 component splits an item's text into an intro block and the rest ('itemIntroText', 'itemFullText'), and
# trafilatura takes the block named 'fulltext' for the whole body: the article's opening was left out
_INTRO_TEXT = re.compile("introtext", re.I)


def intro_into_full_text(full: HtmlElement) -> None:
    """Move the content of the intro-text block ('itemIntroText', 'introtext') right before a full-text block
    ('itemFullText', 'fulltext') to the start of that block, so that the block read as the body opens with the intro."""
    intro = next((el for el in full.itersiblings(preceding=True) if isinstance(el.tag, str)), None)
    if intro is not None and _INTRO_TEXT.search(intro.get("class") or ""):
        moved = list(intro)
        if (intro.text or "").strip():
            opening = intro.makeelement("p", {})
            opening.text, intro.text = intro.text, None
            moved.insert(0, opening)
        for index, child in enumerate(moved):
            full.insert(index, child)
        _delete([intro])


# the fallback an embedded post shows before its script runs: its words in <p>s, then 'Posted by <a>Page</a> on
# <a>date</a>' (Facebook's 'fb-xfbml-parse-ignore' quote) or a link to the channel (a Telegram post)
_EMBEDDED_POST = re.compile(r"fb-xfbml-parse-ignore|telegram-post")


def embedded_post_attributions(quotes: list[HtmlElement]) -> list[HtmlElement]:
    """The attribution after the last <p> of an embedded post's quote (_EMBEDDED_POST): its elements are returned
    and its text is cleared. Embedded tweets keep theirs: the extraction benchmark's truths count it."""
    found = []
    for quote in quotes:
        if not (_EMBEDDED_POST.search(quote.get("class") or "") or quote.get("data-telegram-post")):
            continue
        paragraphs = quote.findall("p")
        if paragraphs:
            after = [el for el in paragraphs[-1].itersiblings() if isinstance(el.tag, str)]
            for el in [paragraphs[-1], *after]:
                el.tail = None
            found.extend(after)
    return found


def _shared_pairs(pairs: set[tuple[str, str]], paragraph: HtmlElement) -> int:
    """How many of the word pairs the paragraph holds."""
    words = _WORD_RE.findall(paragraph.text_content().lower())
    return len(pairs & set(zip(words, words[1:])))


def _teaser_lists(tree: HtmlElement) -> list[HtmlElement]:
    """The blocks that are lists of dated teasers, found from their links (a date element just before a link)."""
    containers: dict[int, HtmlElement] = {}
    for link in tree.iter("a"):
        date = link.getprevious()
        if date is None or not (date.tag == "time" or (date.text or " ").lstrip()[:1].isdigit()):
            continue
        item = link.getparent()
        container = item.getparent() if item is not None else None
        if container is not None and container.tag in _TEASER_LIST_TAGS:
            containers[id(container)] = container
    return [container for container in containers.values() if _is_teaser_list(container)]


def _is_teaser_list(container: HtmlElement) -> bool:
    """True for a block whose items are mostly dated teasers, TEASER_LIST_MIN or more (_is_dated_teaser)."""
    items = [child for child in container if child.tag in _TEASER_ITEM_TAGS]
    teasers = sum(1 for item in items if _is_dated_teaser(item))
    return teasers >= TEASER_LIST_MIN and 2 * teasers >= len(items)


def _is_dated_teaser(item: HtmlElement) -> bool:
    """True for a short item that opens with a date alone in its element and a linked headline beside it
    ('<span>20.05.2025</span> <a>На набережной установят новые фонари</a><br>preview')."""
    first = next(item.iterchildren(lxml.etree.Element), None)
    link = first.getnext() if first is not None else None
    if link is None or link.tag != "a" or (item.text or "").strip():
        return False
    if first.tag != "time" and not _DATE_ONLY.match(" ".join(first.text_content().split())):
        return False
    return (len(_WORD_RE.findall(link.text_content())) >= READ_ALSO_LINK_MIN_WORDS
            and len(_WORD_RE.findall(item.text_content())) <= TEASER_MAX_WORDS)


def _signup_box(field: HtmlElement) -> HtmlElement | None:
    """The largest enclosing block of an e-mail field that holds at most SIGNUP_MAX_WORDS words."""
    box = None
    for node in field.iterancestors():
        if node.tag not in _BOX_TAGS or len(_WORD_RE.findall(node.text_content())) > SIGNUP_MAX_WORDS:
            break
        box = node
    return box


def _is_comments_box(element: HtmlElement) -> bool:
    """True for a section or div one of whose classes, or whose id, is comments, comment-wrapper, comments-area
    and the like, in the registry's languages ('comentarios', 'commentaires', 'komentar')."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_COMMENTS_HINT.search(names)) and any(_COMMENTS_BOX_TOKEN.match(token) for token in names.split())


def _is_sponsor_box(element: HtmlElement) -> bool:
    """True for a short block named after a sponsor ('sponsor-block', 'sponsored-message'; SPONSOR_BOX_MAX_WORDS)."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return (bool(_SPONSOR_HINT.search(names)) and any(_SPONSOR_TOKEN.search(token) for token in names.split())
            and len(_WORD_RE.findall(element.text_content())) <= SPONSOR_BOX_MAX_WORDS)


def _is_consent_box(element: HtmlElement) -> bool:
    """True for a block named after a consent platform ('didomi-host', 'onetrust-banner-sdk', 'cmp-banner')."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_CONSENT_HINT.search(names)) and any(_CONSENT_TOKEN.search(token) and not _AEM_COMPONENT.match(token)
                                                      for token in names.split())


# Adobe Experience Manager's core components are named 'cmp-' + the component ('cmp-text', 'cmp-title__text'): the
# article itself, not a consent-management platform's box
_AEM_COMPONENT = re.compile(r"cmp-(?:text|title|image|teaser|container|list|embed|quote|breadcrumb|navigation|tabs|"
                            r"accordion|carousel|button|separator|download|contentfragment|experiencefragment|"
                            r"tableofcontents|pdfviewer)(?:__|--|$)", re.I)


def _photo_caption_box(image: HtmlElement) -> HtmlElement | None:
    """The box of a lone photo and its caption outside <figure> ('<p><img><br>caption</p>', '<span><div><img>
    </div><em class="img_desc">caption</em></span>', '<div><img><p>caption</p></div>'): the nearest ancestor of
    the image, up to CAPTION_BOX_LEVELS, that holds text, when it opens with the image (nothing written
    before it or on its line), holds no other image and is short (CAPTION_BOX_MAX_WORDS). None otherwise,
    and inside a <figure> (the extractors drop figures; a gallery's captions are its text)."""
    child = image
    for box in itertools.islice(image.iterancestors(), CAPTION_BOX_LEVELS):
        if box.tag == "figure" or box.tag not in _CAPTION_BOX_TAGS:
            return None
        text = " ".join(box.text_content().split())
        if text:
            return box if _opens_with_photo(box, child, text) else None
        child = box
    return None


_CAPTION_BOX_TAGS = frozenset({"div", "span", "p"})
_ITALIC_TAGS = frozenset({"em", "i"})


def _italic_caption_line(image: HtmlElement) -> HtmlElement | None:
    """The caption of a photo standing in a paragraph of its own: the next paragraph when all its text is in italics
    and short ('<p><img></p><p><em>caption</em></p>', as portals in Vietnamese, Spanish and other languages write one
    in a rich-text field); None otherwise."""
    holder = image.getparent()
    if holder is None or holder.tag != "p" or " ".join(holder.text_content().split()):
        return None
    line = holder.getnext()
    if line is None or line.tag != "p" or len(line) != 1 or line[0].tag not in _ITALIC_TAGS:
        return None
    if (line.text or "").strip() or (line[0].tail or "").strip():
        return None
    text = line.text_content()
    return line if 0 < len(_WORD_RE.findall(text)) <= CAPTION_BOX_MAX_WORDS and len(text) <= CAPTION_BOX_MAX_CHARS else None


def _opens_with_photo(box: HtmlElement, child: HtmlElement, text: str) -> bool:
    """True when box opens with child (which holds the photo and no text), its caption set apart from the
    photo (in an element of its own or after a <br>), one photo only and a short text (_photo_caption_box)."""
    if (box.text or "").strip() or box.index(child) != 0 or (child.tail or "").strip():
        return False
    following = child.getnext()
    if following is None or any(el.tag == "figure" for el in box.iterancestors()):
        return False
    if len(text) > CAPTION_BOX_MAX_CHARS or len(_WORD_RE.findall(text)) > CAPTION_BOX_MAX_WORDS:
        return False
    return sum(1 for _ in box.iter("img")) == 1



ENTRY_LIST_MIN = 2  # a list with this many items holding a paragraph of running text ...
ENTRY_LIST_SHARE = 0.6  # ... that are at least this share of its items is a list of entries (a live blog's, a timeline's)
_ENTRY_CHROME_TAGS = frozenset({"a", "time", "button"})  # an entry's own links, time stamp and buttons (share, copy link)


def entry_lists_as_blocks(tree: HtmlElement, lists: list[HtmlElement] | None = None) -> HtmlElement:
    """Turn each list of entries (<ol>/<ul> whose items hold paragraphs of running text, as live blogs and
    timelines are marked up) into blocks, its items into <div>s without their chrome: the links, times and
    buttons, and the inline elements without letters ('13:40'), that are an item's own children outside its
    paragraphs. Read as a list, each entry was one bullet line that opened with its time and ended with 'Share'.
    The items keep no class or id: a list item's names ('entry', 'post') would make them the body candidates
    that trafilatura looks for in <div>s; the list keeps its own, so a box named 'related' is still dropped.
    A list of teasers (an item's headline links to another page) is no list of entries. lists: the tree's lists,
    when the caller has them."""
    for found in [el for el in (tree.iter("ol", "ul") if lists is None else lists) if _is_entry_list(el)]:
        for item in found.iterchildren("li"):
            _delete([child for child in item if _is_entry_chrome(child)])
            item.tag = "div"
            for name in ("class", "id"):
                item.attrib.pop(name, None)
        found.tag = "div"
    return tree


def _is_entry_list(found: HtmlElement) -> bool:
    """True for a list of entries (entry_lists_as_blocks)."""
    items = list(found.iterchildren("li"))
    entries = sum(1 for item in items if any(_is_running(p.text_content()) for p in item.iter("p")))
    if entries < ENTRY_LIST_MIN or entries < ENTRY_LIST_SHARE * len(items):
        return False
    return not any(_is_teaser_item(item) for item in items)


def _is_teaser_item(item: HtmlElement) -> bool:
    """True for a list item that links its headline to another page: a link of its own holding a heading or
    READ_ALSO_LINK_MIN_WORDS words or more (an entry's own links say 'Share' or 'Copy link')."""
    return any(link.find(".//h2") is not None or link.find(".//h3") is not None or link.find(".//h4") is not None
               or len(_WORD_RE.findall(link.text_content())) >= READ_ALSO_LINK_MIN_WORDS
               for link in item.iterchildren("a"))


def _is_entry_chrome(child: HtmlElement) -> bool:
    """True for an entry's own link, time stamp or button, or an inline element without letters."""
    if not isinstance(child.tag, str):
        return False
    return child.tag in _ENTRY_CHROME_TAGS or (child.tag in _INLINE_TAGS and not _LETTER.search(child.text_content()))


BREAK_LINE_MIN_WORDS = 10  # a <br>-separated line this long is running text
BREAK_PARAGRAPHS_MIN = 2  # a block with this many such lines, and no <p> children, is written in <br> lines
_INLINE_TAGS = frozenset({"a", "b", "strong", "i", "em", "span", "u", "sup", "sub", "small", "mark", "abbr", "cite",
                          "q", "code", "font", "time", "s", "del", "ins"})
_BREAK_PARENT_TAGS = frozenset({"div", "article", "section", "td", "main"})


def paragraphs_from_breaks(tree: HtmlElement) -> HtmlElement:
    """Turn the <br>-separated lines of an article written without <p> (whole text and <br><br>, as
    some CMSs store it) into <p> elements, so that the extractors read them as paragraphs. A block
    whose parent holds running <p> paragraphs is left alone: there it is a quote or a box in an
    article written in <p>s."""
    parents = {id(br.getparent()): br.getparent() for br in tree.iter("br") if br.getparent() is not None}
    for parent in parents.values():
        if (parent.tag in _BREAK_PARENT_TAGS and _running_lines(parent) >= BREAK_PARAGRAPHS_MIN
                and parent.find("p") is None and not _holds_running_paragraph(parent.getparent())):
            _wrap_lines(parent)
    return tree


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")
LAYOUT_CELL_PARAGRAPHS = 2  # a table cell holding this many paragraphs of running text lays the page out


def layout_tables_as_blocks(tree: HtmlElement) -> HtmlElement:
    """Turn a table of one column that lays out an article (one of its cells holds LAYOUT_CELL_PARAGRAPHS running
    <p>s, as a uCoz news module's 'eMessage' cell under its title row does once paragraphs_from_breaks has read its
    <br> lines) into <div>s: read as a table, its article became one row with every paragraph run into one line,
    between '|' cell marks. A layout of several columns is left to the extractors, which read it well."""
    for table in list(tree.iter("table")):
        own = [part for part in table.iter(*_TABLE_PARTS) if next(part.iterancestors("table"), None) is table]
        if any(len(row.findall("td")) + len(row.findall("th")) > 1 for row in own if row.tag == "tr"):
            continue
        if any(sum(_is_running(p.text_content()) for p in cell.iterchildren("p")) >= LAYOUT_CELL_PARAGRAPHS
               for cell in own if cell.tag == "td"):
            for part in [table, *own]:  # a data table inside the layout stays a table
                part.tag = "div"
    return tree


def _running_lines(parent: HtmlElement) -> int:
    """Lines of running text in a block written in <br> lines: its opening text and the text after each <br>
    (a block opening with a paragraph, then <br><br> and another, holds two)."""
    return _is_running(parent.text) + sum(1 for child in parent if child.tag == "br" and _is_running(child.tail))


def _is_running(text: str | None) -> bool:
    """True for a line of BREAK_LINE_MIN_WORDS words or more."""
    return len(_WORD_RE.findall(text or "")) >= BREAK_LINE_MIN_WORDS


def _holds_running_paragraph(element: HtmlElement | None) -> bool:
    """True when one of the element's <p> children is a line of running text."""
    return element is not None and any(_is_running(p.text_content()) for p in element.iterchildren("p"))


def _wrap_lines(parent: HtmlElement) -> None:
    """Rebuild a block's children: runs of text and inline elements between <br>s and blocks become <p>s."""
    children, lead = list(parent), parent.text
    parent.text = None
    for child in children:
        parent.remove(child)
    current = _new_paragraph(parent, lead)
    for child in children:
        if child.tag == "br":
            current = _new_paragraph(parent, child.tail)
        elif isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            current.append(child)
        else:
            tail, child.tail = child.tail, None
            parent.append(child)
            current = _new_paragraph(parent, tail)
    for p in list(parent.iterchildren("p")):
        if not len(p) and not (p.text or "").strip():
            parent.remove(p)


def _new_paragraph(parent: HtmlElement, text: str | None) -> HtmlElement:
    """A new <p> at the end of parent, holding text."""
    p = lxml.etree.SubElement(parent, "p")
    p.text = text
    return p
