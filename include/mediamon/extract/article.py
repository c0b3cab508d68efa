"""Extract stage: one page's HTML + URL (and its feed item) -> Article, or ExtractError with a reason.

The HTML is parsed once; metadata, the publication date and the byline read that tree, then the
body's first trafilatura pass prunes it in place instead of copying it. The body
comes from trafilatura (precision mode, first without its internal fallback extractors);
trafilatura's default mode, its fallbacks and then readability-lxml run only when signals say it
lost the article (far fewer words than the page's running text in <p> and <div> blocks, or almost
no text) and that they can win (almost no text, or a group of running text larger than the text),
and the choice is recorded in Article.method. A page with too little text takes its data island's article
('data-island'), else its JSON-LD articleBody when it is free to read ('jsonld').
"""
from __future__ import annotations

import copy
import functools
import itertools
import logging
import re
from collections.abc import Iterable
from datetime import date, datetime, timezone
from html import unescape as html_unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import trafilatura
from lxml.etree import Element
from lxml.html import HtmlElement
from trafilatura.core import _forum_thread_page, determine_returnstring
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.metadata import Document
from trafilatura.settings import Extractor

from mediamon.errors import ExtractError
from mediamon.extract.islands import IslandArticle, island_article, island_text
from mediamon.extract.language import detect_language, stated_language
from mediamon.extract.prune import (
    layout_tables_as_blocks,
    main_extractor_walks,
    paragraphs_from_breaks,
    prune_comments,
    prune_comments_and_lists,
    prune_page_widgets,
    prune_raw_tree,
)
from mediamon.extract.published import (
    ARTICLE_TYPES,
    date_in_label,
    extract_published_at,
    headline_ancestors,
    headline_element,
    in_foreign_container,
    is_home_link,
    is_logo_heading,
    is_plausible_date,
    jsonld_objects,
    jsonld_types,
)
from mediamon.extract.tree import MAX_HTML_DEPTH, cut_at_depth_limit, load_tree, without_inline_tags
from mediamon.fetch.netsafety import MAX_URL_CHARS
from mediamon.records import Article, FeedItem
from mediamon.settings import CONFIG_DIR
from mediamon.text.html_budget import MAX_MARKUP_CHARS, MAX_TAG_ATTRIBUTES, markup_chars, most_crowded_tag
from mediamon.text.invisible import drop_invisible
from mediamon.text.titles import capped_title, without_lone_surrogates
from mediamon.text.words import word_count

logger = logging.getLogger(__name__)

MIN_ARTICLE_WORDS = 50
MIN_FEED_WORDS = 20
FALLBACK_SHARE = 0.6  # run the fallback when trafilatura keeps less than this share of paragraph words
PARAGRAPH_MIN_WORDS = 10  # a <p> this long counts as article-like text for the signal above
_PARAGRAPH_MIN_CHARS = 2 * PARAGRAPH_MIN_WORDS - 1  # no shorter text holds PARAGRAPH_MIN_WORDS words
RERUN_SHARE = 0.25  # below this share trafilatura reruns with its own fallbacks (above it they kept its text)
SWITCH_GAIN = 1.3  # the fallback must find this many times more words ...
SWITCH_CONTAINS = 0.7  # ... and contain this share of trafilatura's text, to replace it
RECALL_GAIN = 2.5  # trafilatura's default mode replaces a precision text it holds when this many times longer ...
RECALL_MAX_SHARE = 1.1  # ... and at most this share above the page's paragraph words
MISSED_TEXT_SHARE = 1.1  # the fallbacks run when the largest group of running text holds this many times the words
MAX_PAGE_ELEMENTS = 50_000  # real article pages hold a few thousand; extraction time and memory grow with this
HEADLINE_MATCH_SHARE = 0.5  # an h1 is the headline when this share of its words is in og:title/<title>/JSON-LD
ARTICLE_HEADLINE_SHARE = 0.25  # ... or this share for an h1 inside the page's <article>
HEADLINE_MAX_CHARS = 300  # a longer h1 is not a headline
BOILERPLATE_MAX_WORDS = 12  # only lines this short are tested against the boilerplate list
NOT_ARTICLE_TYPES = frozenset({"collectionpage", "imagegallery", "searchresultspage", "itemlist",
                               "profilepage", "mediagallery", "videogallery", "faqpage"})
ARTICLE_BODY_MIN_WORDS = 150  # a page declared a list, gallery or FAQ is an article when one block holds this many words
_WORD = re.compile(r"\w+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|»)\s+")
_BYLINE_PREFIX = re.compile(r"^(?:(?:posted|written|words|published|reported|analysis|text|story|submitted)\s+)?"
                            r"(?:by|von|por|par|di|oleh|door|текст|автор)\s*:?\s+", re.I)
# Swahili's 'Na' ('by') before a name of two words or more, read only on a page declared Swahili: elsewhere 'Na' is a
# surname ('Na Young Kim')
_SWAHILI_BY = re.compile(r"^(\s*)na\s+(?=\S+\s+\S)", re.I | re.M)
_BYLINE_LABEL = re.compile(  # a byline's label in other languages: a phrase, or a word with its colon
    r"^(?:(?:pubblicato|scritto|publicado|escrito|publié|écrit|veröffentlicht|geschrieben|gepubliceerd|"
    r"geschreven|opublikowano|napisane|texto|textos|reportagem|reportaje|skrevet)\s+(?:da|por|par|von|door|przez|de|"
    r"af|av)\s*:?\s+|بقلم\s+|מאת\s+|"
    r"(?:propos recueillis|entretien réalisé|interview(?:ed)?|entrevista realizada|intervista a cura)\s+(?:par|by|por|di)\s+|"
    r"(?:стрічку|трансляцію|ленту|трансляцию)\s+(?:веде|ведуть|ведуча|ведучий|ведёт|ведет|ведут)\s*:?\s+|"
    r"(?:intervjueeris|küsitles|autorė|autorius)\s+(?=[^\W\d_])|(?:της|του|των)\s+(?=[\u0370-\u03ff\u1f00-\u1fff])|"
    r"(?:texte|text|tekst|teksti|texto|текст|haber|muhabir|yazan|yazar|autor|autorka|auteur|autore|autora|redacción|"
    r"reportagem|kirjoittaja|szerző|forfatter|författare|作者|文|記者|记者|撰文|取材|كتب|كتبت|إعداد|تقرير|نویسنده|"
    r"خبرنگار|تحریر|لیکوال|ليکوال|ليكوال|رپورٹ|כתב|пише|piše|napisao|napisala|написао|написала|mwandishi|ผู้เขียน|ข่าวโดย|โดย|"
    r"लेखक|लेखिका|संवाददाता|avtor|avtorica|autorica|muallif|müəllif|autors|teksts|ავტორი|հեղինակ|ዘጋቢ|ጸሐፊ|umsjón|"
    r"höfundur|авторка|авторки|रिपोर्ट|रिपोर्टर|متابعة|تغطية)\s*[:：՝፦]\s*|(?:كتب|كتبت)\s*[-–—]\s*|(?:取材(?:・(?:文|写真|撮影|構成))*|(?:(?:写真|撮影|構成)・)*文(?:・(?:写真|撮影|構成))*)\s*[／/]\s*|laporan\s+(?:wartawan|reporter|kontributor|jurnalis)\s+(?:[^,\n]{1,40}?,\s*)?|"
    r"(?:tin|bài)(?:\s*(?:,|và|&)\s*ảnh)?\s*:\s*)",  # Vietnamese credits: 'Tin, ảnh: …' (story and photos by)
    re.I)
_LABELLED_NAME = re.compile(  # a label and the name after it, inside a line of other facts
    r"(?:^|\s)(?:作者|記者|记者|撰文|автор|texte|tekst|teksti|autor|auteur|autore|haber|muhabir|szerző|كتب|كتبت|بقلم|"
    r"نویسنده|خبرنگار|تحریر|لیکوال|ليکوال|ليكوال|пише|piše|mwandishi|ผู้เขียน|लेखक|लेखिका|संवाददाता|avtor|muallif|müəllif|"
    r"autors|teksts|avtorica|autorica|ავტორი|հեղինակ|ዘጋቢ|ጸሐፊ|umsjón|höfundur)"
    r"\s*[:：՝፦]\s*([^\s\d|·•,，、]+(?: [^\W\d][^\s|·•,，、]*){0,3}?)(?=\s*$|\s+\S+[:：]|\s*[|·•,，、]|\s+\d)"
    r"|(?:^|\s)([가-힣]{2,4}) ?기자\b"  # Korean bylines put the title after the name: '김민지 기자'
    r"|(?:^|[|·•]\s*|(?<=\d) )(?:(?:texto|texte|testo|text|words|story|reportagem|reportaje)\s+(?:de|di|by|por|par|von)|by|av|af"
    r"|von|por|par|door)\s+([^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){1,3})\s*(?:$|(?=[|·•]))",
    re.I)
    # ... or 'By'/'Av' ('Texto de', 'Words by') and a name ending a line of other facts or a part of it between separators:
    # 'Publicerad 3 juni 2025 kl. 07.15 · Av Karin Lindqvist', 'By Dana Whitfield | March 4, 2025'
    # or after the time or date the line opens with: '12.03.2025 09:30 von Katrin Abendroth'
LABELLED_BYLINE_SIBLINGS = 3  # the labelled byline is looked for in this many blocks after the headline, and lines of each
_BYLINE_WORD = re.compile(r"\W*(?:by|von|por|par|di|oleh|door|текст|автор)\W*", re.I)  # a line holding only 'By'
_BYLINE_TRAIL = re.compile(r"\s*(?:\||(?<=\s)[·•]|,\s*(?:updated|published|posted)|\bon\s+\w+\s+\d"
                          r"|\s(?:on|am|le|el|il|op|em)\s+(?:\w+\.?,?\s+)?\d).*$", re.I)  # '... am Mi, 09.04.2025'

# a date written after the names: 'Jane Doe on 2 April 2025', 'Jane DoeMonday, ...', 'EFE11 de marzo de 2025',
# 'Tobias Wendel 12. März 2025'
_BYLINE_DATE = re.compile(
    r"(?:\s+on\s+\d|\s*(?=(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:\d|[a-z]+\.?\s+\d))|\s+(?=\d{1,2}[\s./-]\w+[\s./-]\d{2,4}\b)|"
    r"\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b)|"
    r"[\s,|-]+(?=\d{4}-\d\d-\d\d)|(?:(?<=[^\W\d_])|\s+)(?=\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]+\.?\s+(?:de\s+)?\d{4}\b)).*$", re.I)
_CREDIT_WORDS = (r"(?:fotografia|fotografie|fotografía|fotos?|photos?|photographs?|photography|pictures|illustrations?|"
                 r"v[íi]deo|bild(?:er)?|kuvat?|zdjęci[ae]|фото|снимк[аи]|ảnh)")
_OTHER_CREDIT = re.compile(  # a photo or video credit after the author's: 'Rui ValenteFotografia: Ana Pires', '... Photos by ...'
    rf"(?:(?<=[a-zà-ÿа-я])(?=[A-ZÀ-ÝА-Я])|\s+)(?i:{_CREDIT_WORDS}(?:\s*[:：]|\s+(?:by|de|von|di|por|par|av|af)\s)).*$")
_GLUED_ROLE = re.compile(  # a job title run into the name by adjacent elements: 'Ingrid HauglandJournalist'
    r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])(?i:journalist|journalistin|journaliste|reporter|reporterin|correspondent|korrespondent|"
    r"editor|redaktør|redaktor|redakteur|redakteurin|toimittaja|columnist|kolumnist|photographer|fotograf)\b.*$")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|(?<=\w\w)\.\s)\s*")
_NOT_NAME_WORDS = frozenset({
    "writer", "reporter", "correspondent", "editor", "staff", "contributor", "columnist", "press", "news",
    "bureau", "agency", "media", "insider", "business", "times", "post", "daily", "magazine", "online",
    "network", "international", "associated", "reuters", "ap", "afp", "cnn", "bbc", "editor-at-large",
    "national", "political", "sports", "senior", "chief", "special", "the", "for",
})
# Labels a page shows where a name may stand (a tab, a byline's caption): never an author themselves.
GENERIC_AUTHOR_LABELS = frozenset({
    "author", "authors", "by", "posted by", "written by", "published by", "posted", "byline", "staff",
    "staff writer", "staff reporter", "editor", "editors", "editorial", "editorial staff", "contributor",
    "contributors", "guest", "guest author", "admin", "administrator", "anonymous", "unknown", "team",
    "desk", "news desk", "newsdesk", "web desk", "words by", "text by", "story by", "penulis", "autor", "autores", "autora", "auteur", "auteurs", "autore",
    "autori", "redaktion", "redacción", "rédaction", "redazione", "автор", "авторы", "редакция",
    # the newsroom's role alone, as a site's editors' account shows it ('Додав: redaktor')
    "redaktor", "redaktorka", "redakcja", "redakce", "redakcia", "redaksi", "redação", "redacao", "redactie",
    "редактор", "редакція", "редакция сайта", "yönetici", "editör", "biên tập viên", "ban biên tập",
})
_BRACKETED_EMAIL = re.compile(r"\s*[(（\[<]\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)）\]>]")  # 'Jane Doe (jane@x.example)'
_KOREAN_REPORTER = re.compile(r"^([가-힣]{2,4}) ?(?:선임|수석)?(?:기자|특파원)$")  # '김민지 기자': the title after the name
_OUTLET_TYPES = frozenset({"organization", "newsmediaorganization", "corporation"})
# ('widget' but Elementor's, which names every block of the page: 'elementor-widget-container')
_OTHER_CONTENT = re.compile(r"comment|sidebar|related|recommend|(?<!elementor-)widget|popular|trending|more-stories|read-?next|"
                            r"list-of-entities|teaser|promo(?!ted)", re.I)
_NOT_BYLINE_CLASS = re.compile(r"bio|avatar|about|description|image|photo|img|social|follow|more-by|comment|location")
_CUSTOM_AUTHOR_XPATH = lxml.etree.XPath('//*[contains(local-name(), "-") and (contains(local-name(), "author")'
                                         ' or contains(local-name(), "byline"))]')
_CUSTOM_NOT_NAME = re.compile(r"role|title|bio|avatar|image|photo|img|social|follow|about")
DATELINE_PARAGRAPHS = 3  # a Chinese dateline opens one of the page's first paragraphs
_CHINESE_DATELINE = re.compile(r"^.{0,30}?[电讯]\s*[（(]\s*(?:记者|本报记者)\s*([^）)]{2,40}?)\s*(?:通讯员[^）)]*)?[）)]")
_CHINESE_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_HEADLINE_PROP = lxml.etree.XPath('//*[@itemprop="headline"][not(self::meta)]')
# a byline element's class holds one of these (as a substring, in any element but these containers and images)
# (camelCase names written out as alternatives of their own: '[Aa]uthor' makes the search two to three times slower)
_BYLINE_CLASS = re.compile("byline|author|writer|submitted|autor|auteur|muhabir|yazar|reporter|mwandishi|journalist"
                           "|contributor|avtor|columnist|Byline|Author|Writer|Reporter")  # also 'sfnewsAuthor'
# test ids name the parts of a page whose class names are generated hashes (styled-components: 'sc-jzJRlG fYqHgN')
_TEST_ID_XPATH = lxml.etree.XPath("//*[@data-testid or @data-qa-id or @data-qa]")
_NOT_BYLINE_TAGS = frozenset({"body", "article", "main", "section", "img"})
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
# C0 control bytes no text encoding of a page uses (TAB, LF, FF, CR, SO/SI and ESC of ISO-2022 are left out).
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x10-\x1a\x1c-\x1f]")
MAX_STRAY_CONTROL_BYTES = 8  # an HTML page's first KB may hold a stray NUL (some CMSes emit one); binary bodies
# (images, PDFs, compressed data) hold about 90 such bytes per KB


@functools.lru_cache(maxsize=1)
def boilerplate_lines() -> re.Pattern[str]:
    """The boilerplate-line patterns of include/mediamon/config/boilerplate.txt as one regex (read once)."""
    lines = (CONFIG_DIR / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile(r"^\W*(?:" + "|".join(patterns) + r")\W*$", re.I)


def count_words(text: str) -> int:
    """Number of words, by the same rule in every script (Han and kana by characters: text.words)."""
    return word_count(text)


MAX_NAME_CHARS = 1000  # a class or id attribute is cut to this (a 9 MB one took 20 s of pattern matching)
_LONG_NAMES = lxml.etree.XPath(f"//@class[string-length() > {MAX_NAME_CHARS}]/.. | "
                              f"//@id[string-length() > {MAX_NAME_CHARS}]/..")


def parse_page(html: str | bytes, url: str) -> HtmlElement:
    """The page's lxml tree; ExtractError('not-html') for PDFs, images and other non-HTML bodies,
    ExtractError('too-large') for a page of more than MAX_PAGE_ELEMENTS elements or one whose markup
    would take the parser quadratic time (checked before parsing)."""
    html = page_markup(html, url)
    _check_markup_budget(html, url)
    tree = load_tree(html)
    if tree is None or tree.find(".//body") is None:
        raise ExtractError("not-html", f"{url} could not be parsed as HTML", url=url)
    if (elements := int(tree.xpath("count(//*)"))) > MAX_PAGE_ELEMENTS:
        raise ExtractError("too-large", f"{url} has {elements} HTML elements (more than {MAX_PAGE_ELEMENTS}); "
                           "extracting it would take minutes and gigabytes, skip it", url=url)
    for element in _LONG_NAMES(tree):  # every class and id is matched against patterns many times
        for name in ("class", "id"):
            if len(value := element.get(name) or "") > MAX_NAME_CHARS:
                element.set(name, value[:MAX_NAME_CHARS])
    return tree


def page_markup(html: str | bytes, url: str) -> str | bytes:
    """html without NUL bytes (no page means to show one); ExtractError('not-html') for a body
    that starts like a PDF, image or archive, holds more than MAX_STRAY_CONTROL_BYTES control bytes in its
    first KB, or no markup there."""
    head = html[:1024] if isinstance(html, bytes) else html[:1024].encode("utf-8", "replace")
    if head.lstrip().startswith(_BINARY_MAGIC) or len(_CONTROL_BYTES.findall(head)) > MAX_STRAY_CONTROL_BYTES:
        raise ExtractError("not-html", f"{url} is not an HTML page (binary body); skip it", url=url)
    if b"<" not in head:
        raise ExtractError("not-html", f"{url} has no HTML markup in its first 1 KB; skip it", url=url)
    if isinstance(html, bytes):
        return html.replace(b"\x00", b"") if b"\x00" in html else html
    return html.replace("\x00", "") if "\x00" in html else html


_WARM_UP_PAGE = ("<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1><p>"
                 + "The harbour reopened on Monday after the storm, and the first ships came in. " * 6
                 + "</p></article></body></html>")


def warm_up() -> None:
    """Load what a process's first extraction loads (language model, patterns, parsers, and
    readability-lxml, which only pages needing a fallback import), so that the per-item time budget
    counts an item's own work."""
    import readability  # noqa: F401

    try:
        extract_article(_WARM_UP_PAGE, "https://example.org/warm-up")
    except ExtractError:
        logger.warning("extract warm-up page gave no article")


def _check_markup_budget(html: str | bytes, url: str) -> None:
    """ExtractError('too-large') for a page libxml2 would parse in quadratic time (see html_budget)."""
    if (tags := markup_chars(html)) > MAX_MARKUP_CHARS:
        raise ExtractError("too-large", f"{url} holds {tags} tags (more than {MAX_MARKUP_CHARS}), far more than the "
                           f"{MAX_PAGE_ELEMENTS} HTML elements a page may have; skip it", url=url)
    if (crowded := most_crowded_tag(html)) > MAX_TAG_ATTRIBUTES:
        raise ExtractError("too-large", f"{url} has a tag with {crowded} attribute separators (more than "
                           f"{MAX_TAG_ATTRIBUTES}); parsing it would take minutes, skip it", url=url)


def meta_values(tree: HtmlElement) -> dict[str, str]:
    """First content of every <meta> by lower-cased name/property/itemprop."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in values:
            values[key] = content
    return values


def article_object(jsonld: list[dict[str, Any]]) -> dict[str, Any]:
    """The page's schema.org Article object from JSON-LD ({} when there is none)."""
    return next((obj for obj in jsonld if jsonld_types(obj) & ARTICLE_TYPES), {})


# --- body text -------------------------------------------------------------------------------


def extract_text(tree: HtmlElement, url: str, *, html: str | bytes | None = None) -> tuple[str, str]:
    """Article body and the method that produced it (_extract_text), with the zero-width joiners of its
    words kept: trafilatura drops every non-printable character, and Persian writes 'بخش\u200cهای' (ZWNJ),
    Hindi and Sinhala join letters with ZWJ. Each joiner stands in the tree (and in html) as a printable
    letter of a script no news page uses while trafilatura and readability read it."""
    standins = _JOINER_STANDINS if _has_joiners(tree, html) and not _has_standins(tree) else {}
    for joiner, standin in standins.items():
        _replace_in_tree(tree, joiner, standin)
        if html is not None:
            html = html.replace(joiner, standin) if isinstance(html, str) else html.replace(
                joiner.encode("utf-8"), standin.encode("utf-8"))
    text, method = _extract_text(tree, url, html=html)
    for joiner, standin in standins.items():
        text = text.replace(standin, joiner)
    return text, method


_JOINER_STANDINS = {"\u200c": "\U00010300", "\u200d": "\U00010301"}  # ZWNJ, ZWJ -> Old Italic letters A, BE


def _has_joiners(tree: HtmlElement, html: str | bytes | None) -> bool:
    """True when a text node of the tree holds a zero-width joiner or non-joiner (the page's html, when
    given as text, is searched first: most pages hold none; bytes may be in any encoding)."""
    if isinstance(html, str) and not any(joiner in html for joiner in _JOINER_STANDINS):
        return False
    return bool(_ANY_JOINER(tree))


def _has_standins(tree: HtmlElement) -> bool:
    """True when the page itself writes one of the stand-ins (then the joiners are left as they are)."""
    return bool(_ANY_STANDIN(tree))


# whether any text node holds one (searched by libxml2: a Python pass over every text node cost 1 ms a page)
_ANY_JOINER = lxml.etree.XPath("boolean(//text()[contains(., '\u200c') or contains(., '\u200d')])")
_ANY_STANDIN = lxml.etree.XPath("boolean(//text()[contains(., '\U00010300') or contains(., '\U00010301')])")


def _replace_in_tree(tree: HtmlElement, old: str, new: str) -> None:
    """Replace old by new in every text and tail of the tree."""
    for element in tree.iter():
        if element.text and old in element.text:
            element.text = element.text.replace(old, new)
        if element.tail and old in element.tail:
            element.tail = element.tail.replace(old, new)


def _extract_text(tree: HtmlElement, url: str, *, html: str | bytes | None = None) -> tuple[str, str]:
    """Article body and the method that produced it ('trafilatura', 'trafilatura-recall' or 'readability').

    Given the page's html (that tree's source), the first pass prunes the tree itself instead of a
    copy, and the rarer fallback passes read a tree parsed again from html; the caller must not read
    the tree afterwards.

    trafilatura runs first in precision mode without its own fallback extractors (fast). When that
    text fails the signals of _needs_fallback, the costly passes run only when they can win: when
    the text is tiny (under MIN_ARTICLE_WORDS), or when the page's largest group of running text
    holds clearly more words than it (_misses_running_text). Then trafilatura's default mode (no
    precision pruning) is tried and kept when _recall_wins; otherwise trafilatura runs again with
    its fallbacks if its text is tiny (under MIN_ARTICLE_WORDS or RERUN_SHARE of the paragraph
    words), then readability-lxml decides.
    """
    blocks = running_blocks(prune_page_widgets(layout_tables_as_blocks(paragraphs_from_breaks(tree))))
    page_words, largest = sum(words for _, words in blocks), largest_group_words(blocks)
    if html is None:
        primary = _trafilatura_text(tree, url, fast=True)
    else:
        primary = _trafilatura_text_in_place(tree, url)
    if not _needs_fallback(primary, page_words):
        return primary, "trafilatura"
    words = count_words(primary)
    if words >= MIN_ARTICLE_WORDS and not _misses_running_text(words, largest):
        return primary, "trafilatura"
    if html is not None:
        tree = _reparsed(html, url)
    if _recall_may_win(words, page_words):
        recall = _trafilatura_text(tree, url, fast=True, precision=False)
        if _recall_wins(primary, recall, page_words):
            return recall, "trafilatura-recall"
    if words < max(MIN_ARTICLE_WORDS, RERUN_SHARE * page_words):
        primary = _trafilatura_text(tree, url, fast=False)
        if not _needs_fallback(primary, page_words):
            return primary, "trafilatura"
        words = count_words(primary)
        if words >= MIN_ARTICLE_WORDS and not _misses_running_text(words, largest):
            return primary, "trafilatura"
    backup = _readability_text(tree, copy_first=html is None)
    if _prefer_backup(primary, backup):
        return backup, "readability"
    return primary, "trafilatura"


def _misses_running_text(words: int, largest: int) -> bool:
    """True when the page's largest group of running text (largest_group_words) holds more than
    MISSED_TEXT_SHARE times the words of an extracted text: text a fallback may add. When the text
    already holds that group, the fallbacks return about the same text (measured on the extraction
    benchmark: such groups hold 0.8-1.07 times the text on the pages where they lost, 1.18 and more
    where readability won)."""
    return largest > MISSED_TEXT_SHARE * words


def _trafilatura_text(tree: HtmlElement, url: str, *, fast: bool, precision: bool = True) -> str:
    """trafilatura's body text, comments excluded (it copies the tree); precision mode unless told
    otherwise; fast=False lets it compare its text with its own readability/justext runs (about
    twice the time)."""
    text = trafilatura.extract(tree, url=url or None, include_comments=False, favor_precision=precision, fast=fast)
    return text or ""


def _trafilatura_text_in_place(tree: HtmlElement, url: str) -> str:
    """_trafilatura_text(tree, url, fast=True) without the copy of the whole page that
    trafilatura.extract makes first (about a tenth of the pass): the same steps as its extract and
    bare_extraction for text output, comments excluded, run on the tree itself, which is left pruned."""
    options = Extractor(output_format="txt", fast=True, precision=True, comments=False, url=url or None)
    try:
        body, text = _precision_sequence(tree, options)
    except (TypeError, ValueError):  # extract gives no text for these
        return ""
    comments = Element("body")
    if options.max_tree_size and len(body) > options.max_tree_size:
        lxml.etree.strip_tags(body, "hi")
        if len(body) > options.max_tree_size:
            return ""
    if len(text) < options.min_output_size and options.min_output_comm_size > 0:
        return ""
    document = Document()
    document.body, document.commentsbody, document.raw_text = body, comments, text
    return determine_returnstring(document, options)


def _precision_sequence(tree: HtmlElement, options: Extractor) -> tuple[lxml.etree._Element, str]:
    """trafilatura_sequence's body and text for its fast precision mode without comments, run on the tree
    itself: the same steps, without the copy of the raw tree before cleaning and of the cleaned tree
    after it, which that mode never reads again (its comparison, rescue and recall passes are off), and
    with its raw-tree, comment, boilerplate and body XPaths walked in Python (extract.prune).
    tests/unit/test_extract_sequence.py checks it against trafilatura_sequence."""
    if options.comments or not options.fast or options.focus != "precision":
        raise ValueError("the copy-free sequence is only for fast precision mode without comments")
    is_forum = _forum_thread_page(tree)
    tree = prune_comments_and_lists(prune_raw_tree(tree))
    cleaned = convert_tags(tree_cleaning(tree, options), options, options.url)
    if not is_forum:
        cleaned = prune_comments(cleaned)
    with main_extractor_walks():
        return extract_content(cleaned, options)


def _reparsed(html: str | bytes, url: str) -> HtmlElement:
    """The page's tree parsed again (the first one was pruned by the first trafilatura pass)."""
    tree = load_tree(html)
    if tree is None:
        raise ExtractError("not-html", f"{url} could not be parsed as HTML", url=url)
    return prune_page_widgets(layout_tables_as_blocks(paragraphs_from_breaks(tree)))


def _recall_may_win(words: int, page_words: int) -> bool:
    """True when the page leaves room for a default-mode text that _recall_wins would take, given the
    precision text's words (checked before running trafilatura again)."""
    return words >= MIN_ARTICLE_WORDS and RECALL_GAIN * words <= RECALL_MAX_SHARE * page_words


def _recall_wins(primary: str, recall: str, page_words: int) -> bool:
    """True when trafilatura's default-mode text restores what precision mode cut: the precision text
    is real body text (MIN_ARTICLE_WORDS or more) that the default text holds and more than doubles
    (RECALL_GAIN), and the default text passes the fallback signals without exceeding the page's
    running text (RECALL_MAX_SHARE of paragraph_words), so it did not pull in boilerplate."""
    primary_words, words = count_words(primary), count_words(recall)
    if primary_words < MIN_ARTICLE_WORDS or words < RECALL_GAIN * primary_words:
        return False
    if _needs_fallback(recall, page_words) or words > RECALL_MAX_SHARE * page_words:
        return False
    return _containment(primary, recall) >= SWITCH_CONTAINS


def paragraph_words(tree: HtmlElement) -> int:
    """Words in the page's article-like running text (running_blocks), the measure of a complete body."""
    return sum(words for _, words in running_blocks(tree))


def largest_body_words(tree: HtmlElement) -> int:
    """Words of the running-text blocks that share one parent, for the parent holding most: an article
    keeps its paragraphs together, a list or gallery page spreads short texts over many items."""
    return largest_group_words(running_blocks(tree))


def largest_group_words(blocks: list[tuple[HtmlElement, int]]) -> int:
    """Words of the running_blocks that share one parent, for the parent holding most."""
    by_parent: dict[HtmlElement | None, int] = {}
    for block, words in blocks:
        parent = block.getparent()
        by_parent[parent] = by_parent.get(parent, 0) + words
    return max(by_parent.values(), default=0)


def running_blocks(tree: HtmlElement) -> list[tuple[HtmlElement, int]]:
    """The page's article-like text blocks and their words, each distinct text once: every <p> of
    PARAGRAPH_MIN_WORDS words or more, and every <div>, <td>, <section>, ... whose own text (nested
    blocks left out) is that long, outside list items, navigation, sidebars and comments; so a body
    written in <div>s counts like one written in <p>s."""
    seen: set[int] = set()
    blocks: list[tuple[HtmlElement, int]] = []
    for block in tree.iter("p", *_TEXT_BLOCKS):
        is_paragraph = block.tag == "p"
        if not is_paragraph and not _has_own_text(block):
            continue
        text = (block.text_content() if is_paragraph else own_text(block)).strip()
        if len(text) < _PARAGRAPH_MIN_CHARS or (words := count_words(text)) < PARAGRAPH_MIN_WORDS or hash(text) in seen:
            continue
        if not is_paragraph and (next(block.iterancestors("li"), None) is not None or in_foreign_container(block)):
            continue
        seen.add(hash(text))
        blocks.append((block, words))
    return blocks


def _has_own_text(block: HtmlElement) -> bool:
    """True when a block holds text outside its child elements."""
    text = block.text
    if text and not text.isspace():
        return True
    for child in block:  # a plain loop: running_blocks asks this of every <div> and <td> of the page
        tail = child.tail
        if tail and not tail.isspace():
            return True
    return False


def own_text(block: HtmlElement) -> str:
    """A block's text without the text of the blocks nested in it (inline children included)."""
    parts = [block.text or ""]
    for child in block:
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS and child.tag not in _SKIP_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join(parts)


def _needs_fallback(primary: str, page_words: int) -> bool:
    """True when trafilatura kept almost nothing, or far less than the page's paragraphs hold
    (page_words, from paragraph_words)."""
    words = count_words(primary)
    if words < MIN_ARTICLE_WORDS:
        return True
    return words < FALLBACK_SHARE * page_words


def _readability_text(tree: HtmlElement, *, copy_first: bool = True) -> str:
    """readability-lxml's main block as text (on a copy unless copy_first=False: readability edits
    the tree it gets).

    No URL is passed: readability would only use it to make every link absolute, which costs a
    third of its time and changes no text.
    """
    from readability import Document

    summary = Document(copy.deepcopy(tree) if copy_first else tree).summary(html_partial=True)
    return element_text(lxml.html.fragment_fromstring(summary, create_parent="div")) if summary.strip() else ""


def _prefer_backup(primary: str, backup: str) -> bool:
    """True when the fallback text is clearly better: much longer and holding trafilatura's text."""
    primary_words, backup_words = count_words(primary), count_words(backup)
    if primary_words < MIN_ARTICLE_WORDS:
        return backup_words > primary_words
    if backup_words < SWITCH_GAIN * primary_words:
        return False
    return _containment(primary, backup) >= SWITCH_CONTAINS


def _containment(part: str, whole: str) -> float:
    """Share of part's 4-word shingles that also occur in whole."""
    part_shingles = _shingles(part)
    if not part_shingles:
        return 0.0
    return len(part_shingles & _shingles(whole)) / len(part_shingles)


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Overlapping 4-word windows of the text, lower-cased."""
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))}


_BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl",
                         "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                         "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
                         "tbody", "td", "tfoot", "th", "thead", "tr", "ul"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "button", "svg"})
_TEXT_BLOCKS = ("div", "td", "section", "article", "main", "blockquote", "dd")  # besides <p>, blocks of running text


def element_text(root: HtmlElement) -> str:
    """Visible text of an element, one line per block element, whitespace folded."""
    parts: list[str] = []
    _collect_text(root, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect_text(el: HtmlElement, parts: list[str]) -> None:
    """Append an element's text, children and tail to parts, with newlines around blocks."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag not in _SKIP_TAGS and isinstance(el.tag, str):
        block = tag in _BLOCK_TAGS
        parts.append("\n" if block else "")
        parts.append(el.text or "")
        for child in el:
            _collect_text(child, parts)
        parts.append("\n" if block else "")
    if el.tail:
        parts.append(el.tail)


def clean_article_text(text: str, title: str | None) -> str:
    """Body text without boilerplate lines, repeated paragraphs or a leading copy of the headline."""
    pattern = boilerplate_lines()
    kept: list[str] = []
    seen: set[str] = set()
    title_key = _key(title or "")
    for line in text.split("\n"):
        line = line.strip()
        key = _key(line)
        if not key:
            continue
        words = key.count(" ") + 1
        if key == title_key and _only_kickers(kept):  # the headline, after nothing or a kicker above it
            kept.clear()
            continue
        if words <= BOILERPLATE_MAX_WORDS and pattern.match(line):
            continue
        if words <= STAMP_MAX_WORDS and (_AD_LABEL.match(line) or _DATE_STAMP.match(line) or _MOST_READ.match(line)):
            continue
        if words <= TRANSCRIPT_NOTE_MAX_WORDS and _TRANSCRIPT_NOTE.match(line):
            continue
        if len(line.split()) <= BOILERPLATE_MAX_WORDS and _READ_ALSO.match(line):  # words split at vowel signs in key
            continue
        if "摄" in line and len(line) <= PHOTO_CREDIT_LINE_MAX_CHARS and _PHOTO_CREDIT_END.search(line):
            continue
        line = _CREDIT_TAIL.sub("", line)
        if "[" in line:
            line = language_marks().sub("", line)
        if words >= PARAGRAPH_MIN_WORDS and key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(without_slide_counters(kept))


STAMP_MAX_WORDS = 8  # only lines this short are tested as an ad label or a date stamp
PHOTO_CREDIT_LINE_MAX_CHARS = 80  # a caption ending with a photographer's credit ('… 新华社记者 陈思远 摄') is no longer
_PHOTO_CREDIT_END = re.compile(r"(?:记者|摄影|通讯员)\s*[\u4e00-\u9fff·]{2,4}\s*摄\W*$")
TRANSCRIPT_NOTE_MAX_WORDS = 50  # a note on how a transcript was made is no longer than this
_TRANSCRIPT_NOTE = re.compile(  # how the page's transcript was made: 'This transcript was produced with automatic ...'
    r"^\W*this (?:transcript|transcription) (?:was|has been|is|may)\b", re.I)
# a "read also" label alone on its line (a box's heading whose links were dropped) or before a headline, in languages
# the boilerplate list has not
_READ_ALSO = re.compile(
    r"^\W*(?:կարդացեք նաև|կարդացեք նաեւ|ასევე წაიკითხეთ|ასევე იხილეთ|இதையும் படிக்க(?:வும்)?|இதையும் படியுங்கள்|"
    r"हेही वाचा|हे पण वाचा|llegiu també|llegeix també|lesa einnig|lestu einnig|lestu líka|прочитајте (?:повеќе|исто така|уште)|"
    r"ተጨማሪ ያንብቡ|basahin din|basahin rin|lea tamén|le tamén)(?:\s*[:：-].*)?$", re.I)
_AD_LABEL = re.compile(  # an ad slot's label left alone on its line, in the languages of the registry and beyond
    r"^\W*(?:advertisement|advertising|sponsored|anzeige|werbung|publicidad|publicidade|publicité|pubblicità|"
    r"reklama|реклама|reklam|reklame|annonce|annons|annonse|advertentie|hirdetés|mainos|oglas|inzerce|iklan|"
    r"διαφήμιση|жарнама|פרסומת|إعلان|اشتهار|تبلیغات|विज्ञापन|quảng cáo|広告|广告|廣告|광고)\W*$", re.I)
_MOST_READ = re.compile(  # a 'most read' box's heading alone on its line (its links dropped), in languages boilerplate.txt has not
    r"^\W*(?:meistgelesen|meist gelesen|am meisten gelesen|meistgelesene artikel|lo más (?:visto|leído)|más leíd[oa]s|"
    r"mais lid[oa]s|les plus lus|i più letti|più lett[ie]|самое читаемое|самое популярное|найпопулярніше|найчитаніше|"
    r"en çok okunan(?:lar)?|الأكثر قراءة|الأكثر مشاهدة|پربازدیدترین|پربیننده‌ترین|najczęściej czytane|najchętniej czytane|"
    r"アクセスランキング|最も読まれた記事|많이 본 뉴스|最热文章|mest lest|mest läst|mest læste|meest gelezen|luetuimmat)\W*$", re.I)
_DATE_STAMP = re.compile(  # a numeric date and time with at most two label words, alone on a line or a table row:
    r"^[\W_]*(?:[^\W\d_]+\.?:?\s+){0,2}(?:\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4})"  # 'Utskriven 2025-08-01 09:41'
    r"(?:,?\s*(?:[^\W\d_]{1,3}\.?\s*)?\d{1,2}[:.]\d\d(?::\d\d)?(?:\s*[^\W\d_]{1,3})?)?[\W_]*$")


KICKER_MAX_WORDS = 5  # a line above the headline this short is its kicker ('Culture · Entretien') ...
KICKER_MAX_LINES = 2  # ... and there are at most this many of them


def _only_kickers(lines: list[str]) -> bool:
    """True when lines (the text kept before a copy of the headline) are at most KICKER_MAX_LINES short lines:
    a section label or kicker set above the headline, which is no more the article's text than the headline."""
    return len(lines) <= KICKER_MAX_LINES and all(count_words(line) <= KICKER_MAX_WORDS for line in lines)


# Language codes that are also words a quotation puts in brackets ('said [he] would', 'que [el] presidente'):
# never read as a language mark
BRACKETED_WORDS = {"am", "an", "as", "be", "ce", "el", "en", "ha", "he", "hi", "id", "is", "it", "la", "lo", "mi",
                   "my", "no", "or", "se", "so", "su", "to"}


@functools.lru_cache(maxsize=1)
def language_marks() -> re.Pattern[str]:
    """A link's language mark after a word ('her blog [pt], then'): an ISO 639-1 code in brackets, as sites that
    translate news mark a link to a source in another language; the codes are config/language_names.tsv's."""
    rows = (CONFIG_DIR / "language_names.tsv").read_text(encoding="utf-8").splitlines()
    codes = sorted({row.split("\t", 1)[0] for row in rows if row and not row.startswith("#")} - BRACKETED_WORDS)
    return re.compile(r"(?<=\w) \[(?:" + "|".join(codes) + r")(?:-[A-Za-z]{2})?\](?=[\s.,;:!?)]|$)")


def without_slide_counters(lines: list[str]) -> list[str]:
    """Lines without a gallery's slide counters ('1 / 4 Children from ...', '2 / 4 A giant heron ...'): a
    leading 'k / n' is dropped where lines open with two or more different k (up to n) of the same n."""
    counters = [_SLIDE_COUNTER.match(line) for line in lines]
    totals = [match.group(2) for match in counters if match]
    if len(totals) < 2:
        return lines
    common = max(set(totals), key=totals.count)
    slides = {int(match.group(1)) for match in counters if match and match.group(2) == common}
    if len(slides) < 2 or max(slides) > int(common):  # '1/2 cup', '1/2 tsp': one fraction, not slides
        return lines
    return [line[match.end():] if match and match.group(2) == common else line for line, match in zip(lines, counters, strict=True)]


_SLIDE_COUNTER = re.compile(r"(\d{1,3}) ?(?:/|of|из|de|di|von|van|z) ?(\d{1,3})\s+(?=\w)")
_CREDIT_TAIL = re.compile(  # a photo credit after a caption's last sentence: '... evening. Photo: Tom Hale/Gazette'
    r"(?<=[.!?…»\"”])\s+[(\[]?(?:photos?|fotos?|fot\.|photograph|picture|image|credit|crédit|bild|imagen|immagine|"
    r"фото|تصوير|写真|摄影)\s*[:：]\s*[^\s.!?][^.!?\n]{0,58}[)\]]?$", re.I)


STANDFIRST_MIN_WORDS = 6  # a shorter line under the headline is a kicker or a label, not a standfirst
STANDFIRST_HEADINGS = 2  # the standfirst follows one of the page's first h1s, ...
STANDFIRST_LEVELS = 3  # ... its parent or its grandparent ...
STANDFIRST_SIBLINGS = 4  # ... among this many of their next siblings, before any paragraph of running text
STANDFIRST_LINES = 3  # its copy in the text is looked for among the text's first lines
_STANDFIRST_CLASS = re.compile(r"(?:^|[-_])(?:lead|standfirst|dek|deck|spot|perex|sapo|chapo|chapeau|subhead|sub[-_]?headline|"
                               r"subtitle|summary|description|excerpt|ingress|ingressi|subtitol|subtitulo|sottotitolo|"
                               r"untertitel|entradeta|entradilla|entradinha|entradiña|bajada|podnaslov|linha[-_]?fina|ozet|özet)(?:$|[-_])", re.I)


def standfirst_text(tree: HtmlElement) -> str | None:
    """The standfirst under the headline (an h1): a block whose class names it a lead, standfirst, dek or
    subtitle ('<p class="lead">', '<div class="art_lead">', '<h2 class="subhead">'), next to the headline and
    before the first paragraph of running text. Read before the body is extracted (which prunes the tree)."""
    for headline in itertools.islice(tree.iter("h1"), STANDFIRST_HEADINGS):
        if (found := _lone_paragraph_after(headline)) is not None:
            return found
        for anchor in [headline, *itertools.islice(headline.iterancestors(), STANDFIRST_LEVELS - 1)]:
            if (found := _standfirst_after(anchor)) is not None:
                return found or None
    return None


STANDFIRST_MAX_WORDS = 60  # a longer paragraph next to the headline is the article's opening, not a standfirst


_LIVE_FEED_CLASSES = lxml.etree.XPath('.//*[contains(@class, "live") or contains(@class, "Live")]/@class')
_LIVE_FEED = re.compile(r"(?:^|[\s_-])live[-_]?(?:blog|feed|stream|ticker|timeline|updates|posts|entries)(?:$|[\s_-])", re.I)
_LIVE_ENTRY = re.compile(r"(?:^|[\s_-])live[-_]?(?:post|item|entry|update)(?:$|\s)", re.I)
LIVE_ENTRIES_MIN = 2  # a page with this many elements named a live entry ('live-post', 'live-item') is a live page


def lays_out_live_feed(tree: HtmlElement) -> bool:
    """True when the classes around the page's first h1 (below its ancestor STANDFIRST_LEVELS - 1 up, where the
    standfirst is looked for) name a live feed ('live-feed', 'liveblog', 'live-stream') or LIVE_ENTRIES_MIN live
    entries: a live page without LiveBlogPosting, whose summary under the headline is its text, not a standfirst."""
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return False
    scope = next(itertools.islice(headline.iterancestors(), STANDFIRST_LEVELS - 2, None), None)
    names = _LIVE_FEED_CLASSES(scope if scope is not None else tree)
    return (any(_LIVE_FEED.search(name) for name in names)
            or sum(1 for name in names if _LIVE_ENTRY.search(name)) >= LIVE_ENTRIES_MIN)


def _lone_paragraph_after(headline: HtmlElement) -> str | None:
    """A standfirst without a class naming it: the <p> right after the headline, when it is the only <p>
    among the headline's siblings and a later sibling holds the running paragraphs (the body is a block of
    its own, set apart from the paragraph that sums it up)."""
    siblings = [el for el in headline.itersiblings() if isinstance(el.tag, str)]
    if not siblings or siblings[0].tag != "p" or any(el.tag == "p" for el in siblings[1:]):
        return None
    text = " ".join(siblings[0].text_content().split())
    if not STANDFIRST_MIN_WORDS <= count_words(text) <= STANDFIRST_MAX_WORDS:
        return None
    return text if any(_holds_running_paragraph(el) for el in siblings[1:]) else None


def _standfirst_after(anchor: HtmlElement) -> str | None:
    """The standfirst among the anchor's next siblings; "" when a paragraph of running text comes first
    (there is none), None when those siblings hold neither."""
    for block in itertools.islice(anchor.itersiblings(), STANDFIRST_SIBLINGS):
        if not isinstance(block.tag, str):
            continue
        if any(_STANDFIRST_CLASS.search(token) for token in _CAMEL_CASE.sub("-", block.get("class") or "").split()):
            text = " ".join(block.text_content().split())
            return text if count_words(text) >= STANDFIRST_MIN_WORDS else ""
        if anchor.tag == "h1" and (heading := _lone_h2(block)) is not None:
            return heading  # a subheadline in a bare <h2> under the headline, before the running text
        if _holds_running_paragraph(block):
            return _opening_standfirst(block)
    return None


def _lone_h2(block: HtmlElement) -> str | None:
    """The text of an <h2>, or of a block holding only one, of at least STANDFIRST_MIN_WORDS words; None otherwise."""
    heading = block if block.tag == "h2" else block[0] if len(block) == 1 and block[0].tag == "h2" else None
    if heading is None or (block is not heading and (block.text or "").strip()):
        return None
    text = " ".join(heading.text_content().split())
    return text if count_words(text) >= STANDFIRST_MIN_WORDS else None


def _opening_standfirst(body: HtmlElement) -> str:
    """The standfirst opening the block of running text ('<div class="articleBody"><div class="leadText">'): its first
    element when its class names a standfirst, also in camelCase, and it is a standfirst's length; "" otherwise."""
    first = next((el for el in body.iterchildren() if isinstance(el.tag, str)), None)
    if first is None or first.tag == "p" or not first.get("class"):
        return ""
    tokens = _CAMEL_CASE.sub("-", first.get("class") or "").split()
    if not any(_STANDFIRST_CLASS.search(token) for token in tokens):
        return ""
    text = " ".join(first.text_content().split())
    return text if STANDFIRST_MIN_WORDS <= count_words(text) <= STANDFIRST_MAX_WORDS else ""


_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # 'leadText' -> 'lead-Text', to find the tokens of a camelCase name


def _holds_running_paragraph(block: HtmlElement) -> bool:
    """True when the block is or holds a <p> of PARAGRAPH_MIN_WORDS words or more."""
    paragraphs = [block] if block.tag == "p" else block.iter("p")
    return any(count_words(p.text_content()) >= PARAGRAPH_MIN_WORDS for p in paragraphs)


def without_standfirst(text: str, standfirst: str | None) -> str:
    """The text without the copies of the standfirst among its first STANDFIRST_LINES lines: the standfirst
    sums the article up above it and is not part of the body."""
    if not standfirst:
        return text
    key, lines = _key(standfirst), text.split("\n")
    head = [line for line in lines[:STANDFIRST_LINES] if _key(line) != key]
    return "\n".join(head + lines[STANDFIRST_LINES:])


def with_update_headlines(text: str, article: dict[str, Any]) -> str:
    """A live blog's text with each update's headline (JSON-LD liveBlogUpdate) on the line before its body,
    where the text holds the body but lost the headline (short headings of repeated post blocks are
    dropped as boilerplate)."""
    updates = article.get("liveBlogUpdate") if "liveblogposting" in jsonld_types(article) else None
    if not isinstance(updates, list) or not text:
        return text
    lines = text.split("\n")
    keys = {_key(line) for line in lines}
    for update in updates:
        headline, body = (update.get("headline"), update.get("articleBody")) if isinstance(update, dict) else (None, None)
        if not isinstance(headline, str) or not isinstance(body, str) or _key(headline) in keys:
            continue
        opening = _key(body)[:60]
        at = next((i for i, line in enumerate(lines) if opening and _key(line).startswith(opening)), None)
        if at is not None:
            lines.insert(at, " ".join(headline.split()))
            keys.add(_key(headline))
    return "\n".join(lines)


def _key(text: str) -> str:
    """Lower-cased words of a line joined by spaces (to compare lines)."""
    return " ".join(_WORD.findall(text.lower()))


# --- metadata --------------------------------------------------------------------------------


def extract_site_name(meta: dict[str, str], article: dict[str, Any], url: str) -> str | None:
    """og:site_name, JSON-LD publisher name, else the host without 'www.'."""
    publisher = article.get("publisher")
    name = meta.get("og:site_name") or meta.get("application-name")
    if not name and isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        name = publisher["name"]
    if name:
        return " ".join(name.split())
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def extract_title(tree: HtmlElement, meta: dict[str, str], article: dict[str, Any],
                  site_name: str | None) -> str | None:
    """The headline shown on the page when the declared titles confirm it (on_page_headline), else
    og:title, twitter:title, the JSON-LD headline or <title>, without a ' | Site Name' part."""
    declared = [title for title in declared_titles(tree, meta, article, site_name)
                if not _is_site_name(title, [site_name, *home_heading_names(tree)])]
    if any(len(_WORD.findall(title)) <= SECTION_NAME_MAX_WORDS for title in declared):
        links = _link_keys(tree)
        declared = [title for title in declared if not _is_section_name(title, links)]
    if (shown := on_page_headline(tree, declared, site_name)) is not None:
        return shown
    if declared and (part := _shown_title_part(tree, declared[0])) is not None:
        return part
    if declared:
        return declared[0]
    heading = headline_element(tree)
    text = " ".join(heading.text_content().split()) if heading is not None else ""
    return text or None


def _shown_title_part(tree: HtmlElement, title: str) -> str | None:
    """The part of a declared title that the element showing the headline holds alone (headline_element): the
    headline of a '<headline> - <day> - <site>' title, whose other parts are no site name strip_site_name knows."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2 or (heading := headline_element(tree)) is None:
        return None
    text = " ".join(heading.text_content().split())
    return text if any(_key(part) == _key(text) for part in parts) else None


def declared_titles(tree: HtmlElement, meta: dict[str, str], article: dict[str, Any],
                    site_name: str | None) -> list[str]:
    """og:title, twitter:title, the JSON-LD headline and <title>, in that order, site names removed."""
    headline = article.get("headline") if isinstance(article.get("headline"), str) else None
    title_el = tree.find(".//title")
    candidates = (meta.get("og:title"), meta.get("twitter:title"), headline,
                  title_el.text_content() if title_el is not None else None)
    names = [site_name, *home_heading_names(tree)]
    return [_strip_site_names(" ".join(c.split()), names) for c in candidates if c and c.strip()]


SECTION_NAME_MAX_WORDS = 3  # a declared title this short that a link on the page shows is a section's name


def _is_section_name(title: str, links: set[str]) -> bool:
    """True when a declared title is only the name of a section the page links to ('Health' left of
    'Valley Courier | Health' once the site's name is taken off)."""
    return len(_WORD.findall(title)) <= SECTION_NAME_MAX_WORDS and _key(title) in links


def _link_keys(tree: HtmlElement) -> set[str]:
    """The keys of the page's short link texts (menus, section labels)."""
    texts = (" ".join(link.text_content().split()) for link in tree.iter("a"))
    return {_key(text) for text in texts if text and len(_WORD.findall(text)) <= SECTION_NAME_MAX_WORDS}


def _is_site_name(title: str, names: list[str | None]) -> bool:
    """True when a declared title is only one of the site's names (a <title> holding just 'Järvilehti')."""
    key = _key(title).replace(" ", "")
    return bool(key) and any(key == _key(name).replace(" ", "") for name in names if name)


def home_heading_names(tree: HtmlElement) -> list[str]:
    """The site's name as its own pages show it: the text of an h1 that links to the front page (the
    logo heading), for pages that declare no og:site_name."""
    return [text for h1 in tree.iter("h1") if (text := " ".join(h1.text_content().split())) and is_logo_heading(h1)]


def _strip_site_names(title: str, names: list[str | None]) -> str:
    """The title without the first of the site's names found as one of its parts."""
    for name in names:
        stripped = strip_site_name(title, name)
        if stripped != title:
            return stripped
    return title


def on_page_headline(tree: HtmlElement, declared: list[str], site_name: str | None) -> str | None:
    """The page's own h1 headline: not in a nav, aside or footer, not the site's name or logo, and
    confirmed by the declared titles (headline_share); the h1 sharing most words with them wins.

    Social titles (og:title) are often shortened or reworded; the h1 is what readers see.
    """
    best = _best_headline(tree.iter("h1"), declared, site_name)
    return best if best is not None else _best_headline(_HEADLINE_PROP(tree), declared, site_name)


def _best_headline(headings: Iterable[HtmlElement], declared: list[str], site_name: str | None) -> str | None:
    """The heading (h1, else an itemprop=headline element: Joomla's h2) sharing most words with the declared titles."""
    known = {word for title in declared for word in _WORD.findall(title.lower())}
    best: tuple[int, str] | None = None
    for h1 in headings:
        text = " ".join(h1.text_content().split())
        words = set(_WORD.findall(text.lower()))
        if not words or len(text) > HEADLINE_MAX_CHARS or _is_site_heading(h1, text, site_name):
            continue
        shared = len(words & known)
        if shared / len(words) >= _headline_share(h1) and (best is None or shared > best[0]):
            if next(h1.iterancestors("nav", "aside", "footer"), None) is None:
                best = (shared, text)
    return best[1] if best else None


def _headline_share(h1: HtmlElement) -> float:
    """Share of an h1's words the declared titles must hold to confirm it as the headline: lower for
    an h1 inside the page's <article>, whose headline is often reworded for social media."""
    return ARTICLE_HEADLINE_SHARE if next(h1.iterancestors("article"), None) is not None else HEADLINE_MATCH_SHARE


def _is_site_heading(heading: HtmlElement, text: str, site_name: str | None) -> bool:
    """True when a heading shows the site's name or logo: its text is the site name or it links home."""
    name = (site_name or "").lower()
    sites = {_key(name).replace(" ", ""), _key(name.rsplit(".", 1)[0]).replace(" ", "")} - {""}
    if _key(text).replace(" ", "") in sites:
        return True
    links = [*heading.iter("a"), *heading.iterancestors("a")]
    return any(is_home_link(link.get("href") or "") for link in links)


def strip_site_name(title: str, site_name: str | None) -> str:
    """'Headline | Site Name' / 'Site Name - Headline' -> 'Headline'."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site = _key(site_name or "").replace(" ", "")
    if site and _key(parts[-1]).replace(" ", "") in site or (site and site in _key(parts[-1]).replace(" ", "")):
        return _join_title(parts[:-1], title)
    if site and (_key(parts[0]).replace(" ", "") in site or site in _key(parts[0]).replace(" ", "")):
        return _join_title(parts[1:], title)
    if count_words(parts[-1]) <= 3 and count_words(" ".join(parts[:-1])) >= 4 and "|" in title:
        return _join_title(parts[:-1], title)
    return title


def _join_title(parts: list[str], original: str) -> str:
    """The remaining title parts joined with the separator the page used."""
    separator = _TITLE_SEPARATORS.search(original)
    return (separator.group(0) if separator else " ").join(parts).strip()


def extract_author(tree: HtmlElement, meta: dict[str, str], article: dict[str, Any],
                   jsonld: list[dict[str, Any]] | None = None) -> str | None:
    """Author names: JSON-LD persons, author meta tags, the page's byline, then JSON-LD organisations;
    each cleaned of 'By', dates, roles and outlet names (clean_author)."""
    people, outlets = _jsonld_authors(article.get("author"), _jsonld_by_id(jsonld or []))
    sources = (lambda: people, lambda: _meta_authors(meta), lambda: _byline_authors(tree),
               lambda: _labelled_byline(tree), lambda: _custom_element_authors(tree), lambda: _property_authors(tree),
               lambda: _signature_authors(tree),
               lambda: _dateline_reporters(tree), lambda: _credit_line_authors(tree), lambda: outlets)
    return next((found for source in sources if (found := _join_authors(source()))), None)


def _join_authors(names: list[str]) -> str | None:
    """Cleaned, de-duplicated author names joined by ', ' (None when none is left)."""
    cleaned = [clean_author(name) for name in names]
    unique = list(dict.fromkeys(name for name in cleaned if name))
    return ", ".join(unique) or None


def _jsonld_by_id(jsonld: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """JSON-LD objects by their @id (an author is often a reference into the page's @graph)."""
    return {obj["@id"]: obj for obj in jsonld if isinstance(obj.get("@id"), str)}


def _jsonld_authors(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(person names, organisation names) of a JSON-LD author value: string, object, @id reference or list."""
    people: list[str] = []
    outlets: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = item if isinstance(item, str) else item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str):
            is_outlet = isinstance(item, dict) and jsonld_types(item) & _OUTLET_TYPES
            (outlets if is_outlet else people).append(name)
    return people, outlets


def _meta_authors(meta: dict[str, str]) -> list[str]:
    """The first author meta tag's value (not a profile URL)."""
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "content_author"):
        value = meta.get(key, "")
        if value and not value.startswith("http"):
            return [value]
    return []


def _byline_authors(tree: HtmlElement) -> list[str]:
    """The name of the page's first byline element (rel=author, itemprop=author, a byline or author
    class; not a bio, avatar or comment) that gives a clean one (byline_name)."""
    around: frozenset[HtmlElement] | None = None
    swahili = _declares_swahili(tree)
    found = [el for el in _author_elements(tree)
             if not _NOT_BYLINE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}".lower())]
    chosen = set(found)
    for el in found:
        if _holds_one_other(el, chosen):
            continue
        if _in_other_content(el):  # unless the block that looks like other content holds the headline too
            if around is None:
                around = headline_ancestors(headline_element(tree))
            if _in_other_content(el, around):
                continue
        text = element_text(el)
        if (line := byline_name(_SWAHILI_BY.sub(r"\1", text) if swahili else text)) is not None:
            return [line]
    return []


def _author_elements(tree: HtmlElement) -> list[HtmlElement]:
    """The page's elements that may hold its byline, in document order: a link with rel=author, itemprop=author, or
    a byline or author class (_BYLINE_CLASS); when there is none, those whose test id names a byline or author
    ('data-qa-id="author-name"'). One Python pass over the elements: the same test as an XPath of fourteen contains() took more
    than twice as long (2.3 ms against 1.0 ms a page, 181 benchmark pages)."""
    out = []
    for el in tree.getroottree().getroot().iter(lxml.etree.Element):
        get = el.get
        if get("itemprop") == "author" or (el.tag == "a" and get("rel") == "author") or (
                (name := get("class")) is not None and el.tag not in _NOT_BYLINE_TAGS and _BYLINE_CLASS.search(name)):
            out.append(el)
    if out:
        return out
    return [el for el in _TEST_ID_XPATH(tree)  # none named: a page of hashed class names may name them in its test ids
            if _BYLINE_CLASS.search(el.get("data-testid") or el.get("data-qa-id") or el.get("data-qa") or "")]


def _holds_one_other(el: HtmlElement, found: set[HtmlElement]) -> bool:
    """True when a byline element holds exactly one other (found): a box whose name and place sit in their own
    elements ('<div class="contributor"><span class="contributor-name">…</span><span class="contributor-location">…')
    reads them run together, and its name element is read instead."""
    inner = (node for node in el.iterdescendants() if node in found)
    return len(found) > 1 and sum(1 for _ in itertools.islice(inner, 2)) == 1


def _declares_swahili(tree: HtmlElement) -> bool:
    """Whether the page's root element declares Swahili (lang 'sw', 'sw-TZ', 'swh')."""
    return (tree.getroottree().getroot().get("lang") or "").strip().lower()[:2] == "sw"


def _labelled_byline(tree: HtmlElement) -> list[str]:
    """The name after a byline label in the lines under the headline ('2025-02-18 09:12 来源：江城日报 作者：陈晓燕',
    'Автор: Иван Петров'), for pages whose byline has no author or byline class."""
    headline = headline_element(tree)
    for block in list(headline.itersiblings())[:LABELLED_BYLINE_SIBLINGS] if headline is not None else []:
        for line in (*_leaf_texts(block), *element_text(block).split("\n")[:LABELLED_BYLINE_SIBLINGS]):
            if not (match := _LABELLED_NAME.search(line)) or (match.group(3) and not _is_person_name(match.group(3))):
                continue
            if name := clean_author(match.group(1) or match.group(2) or match.group(3)):
                return [name]
    return []


def _custom_element_authors(tree: HtmlElement) -> list[str]:
    """The name in the page's first author element of a Web Components page, whose byline is a custom element
    named for it ('<qs-byline><qs-author-name>…</qs-author-name><qs-author-role>…'): the innermost such element
    that is no role, bio or picture. Looked for only when the first h1 sits in a custom element (the one quick test)."""
    headline = next(tree.iter("h1"), None)
    if headline is None or not any("-" in node.tag for node in headline.iterancestors()):
        return []
    found = [el for el in _CUSTOM_AUTHOR_XPATH(tree) if not _CUSTOM_NOT_NAME.search(el.tag)]
    chosen = set(found)
    for el in found:
        if any(node in chosen for node in el.iterdescendants()) or _in_other_content(el):
            continue
        if (line := byline_name(element_text(el))) is not None:
            return [line]
    return []


_PROPERTY_LABELS = frozenset({"author", "authors", "written by", "autor", "autora", "auteur", "autore", "verfasser",
                              "forfatter", "författare"})
# the labels of a table of properties: definition terms, header cells and a Notion page's property names
_PROPERTY_LABEL_XPATH = lxml.etree.XPath("//dt | //th | //div[contains(@class, 'propert')]")
PROPERTY_LABEL_MAX_CHARS = 20  # a longer element is no label
PROPERTY_NAME_MAX_WORDS = 5  # the value beside an author label is a name of at most this many words


def _property_authors(tree: HtmlElement) -> list[str]:
    """The name beside an 'Author' label in a table of the page's properties, the element after the label
    ('<dt>Author</dt><dd>…</dd>', '<th>Author</th><td>…</td>', a Notion page's
    '<div class="notion-page__property-name"><span>Author</span></div><div class="notion-property">…</div>').
    The labels are looked for among these three kinds of element only (an XPath testing the text of every leaf element
    took up to 80 ms on a long page)."""
    for label in _PROPERTY_LABEL_XPATH(tree):
        if len(label) > 1 or len(text := label.text_content()) > PROPERTY_LABEL_MAX_CHARS:
            continue
        if " ".join(text.split()).casefold().rstrip(":") not in _PROPERTY_LABELS:
            continue
        value = label.getnext()
        if value is None or _in_other_content(value):
            continue
        name = " ".join(value.text_content().split())
        if name and count_words(name) <= PROPERTY_NAME_MAX_WORDS and not any(char.isdigit() for char in name):
            return [name]
    return []


def _dateline_reporters(tree: HtmlElement) -> list[str]:
    """The reporters a Chinese dateline names at the opening of the text ('新华社杭州3月12日电（记者林雨晨）',
    '本报讯（记者 张明 王芳）'), the only byline of agency copy and many portals."""
    for paragraph in itertools.islice((p for p in tree.iter("p") if not _in_other_content(p)), DATELINE_PARAGRAPHS):
        if match := _CHINESE_DATELINE.match(" ".join(paragraph.text_content().split())):
            return _CHINESE_NAME.findall(match.group(1))
    return []


CREDIT_LINE_MAX_CHARS = 60  # a credit line standing alone ('Текст: Алина Воронцова') is no longer than this
_CREDIT_LINE_HINT = re.compile(r"[:：／/,]|기자")  # what a credit line holds: a label's colon or slash, a comma, 기자
_CREDIT_LINE_TAGS = ("p", "div", "span", "strong", "b", "em", "i", "small", "td", "li", "font")  # where a credit stands
_EAST_ASIAN_NAME = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff가-힣·]{2,6}")


def _credit_line_authors(tree: HtmlElement) -> list[str]:
    """The name of a credit line opening an element's text, anywhere but in other content: a
    byline label and a person's name ('Текст: Алина Воронцова' under the text, '（取材・文／山本彩）', 'Laporan Wartawan
    Site.com, Rina Marlina') or a Korean name and title ('김민지 기자' in a bar of facts). The last source but the
    JSON-LD outlets: pages that set their byline apart from the headline, in no element named for it."""
    for el in tree.iter(_CREDIT_LINE_TAGS):  # a Python walk: an XPath over the page's texts took twice as long
        piece = el.text
        if not piece or len(piece) > CREDIT_LINE_MAX_CHARS or not _CREDIT_LINE_HINT.search(piece):
            continue
        line = piece.strip().strip("()（）[]")
        if not (_BYLINE_LABEL.match(line) or _KOREAN_REPORTER.match(line)):
            continue
        name = clean_author(line)
        if name and (_is_person_name(name) or _EAST_ASIAN_NAME.fullmatch(name)) and not _in_other_content(el):
            return [name]
    return []


def _leaf_texts(block: HtmlElement) -> list[str]:
    """The texts of a block's innermost elements (a <span> holding only 'كتب: خالد العمري'): a line of the block
    runs elements together that the page styles apart ('… العمري' and the date after it, with no space between)."""
    return [" ".join(el.text_content().split()) for el in block.iterdescendants()
            if isinstance(el.tag, str) and len(el) == 0 and el.tag not in {"script", "style"} and (el.text or "").strip()]


def _signature_authors(tree: HtmlElement) -> list[str]:
    """The name signed under the article: the last right-aligned paragraph that is only a bold name after
    a paragraph of running text ('<p style="text-align:right"><strong>Minh Anh</strong></p>', as
    Vietnamese and some Spanish and Italian papers sign)."""
    signature = signature_paragraph(tree)
    return [signature] if signature else []


def signature_paragraph(tree: HtmlElement) -> str | None:
    """The text of the article's signature paragraph (_signature_authors), or None: a right-aligned <p> or <div>
    holding only a bold name, or a credit label and the name ('Tin, ảnh: Hoàng Lan'), after running text."""
    found = None
    for bold in tree.iter("strong", "b"):  # fewer than the page's <p>s and <div>s, and each signature holds one
        paragraph = bold.getparent()
        if paragraph is None or paragraph.tag not in ("p", "div") or len(paragraph) != 1:
            continue
        if "text-align:right" not in (paragraph.get("style") or "").replace(" ", "").lower():
            continue
        if (paragraph.text or "").strip() or (bold.tail or "").strip():
            continue
        name = " ".join(bold.text_content().split())
        if _is_person_name(_BYLINE_LABEL.sub("", name)) and count_words(_text_before(paragraph)) >= PARAGRAPH_MIN_WORDS:
            found = name
    return found


def _text_before(el: HtmlElement) -> str:
    """The text right before an element: the previous paragraph's, or the line before it in a body written in
    <br> lines ('…не на что.<br><br><div …>'); "" when another kind of element comes first."""
    for sibling in el.itersiblings(preceding=True):
        if sibling.tail and sibling.tail.strip():
            return sibling.tail
        if sibling.tag == "p":
            return sibling.text_content()
        if sibling.tag != "br":
            return ""
    parent = el.getparent()
    return (parent.text or "") if parent is not None else ""


NOTE_MAX_WORDS = 25  # a line at the end of the text this short may be a contact note or the author's bio ...
NOTE_MAX_LINES = 3  # ... and the last this many lines are looked at
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# a line crediting the copy to an agency or another outlet, in at most three words after the label
# a credit to the site and its reporter in brackets: '(Tribunserayu.com/Rina Marlina)', '(Kompas.com/RIN)'
_OUTLET_CREDIT = re.compile(r"[(（]\s*(?:[\w-]+\.)+[^\W\d_]{2,}\s*/\s*[^()（）/]{1,40}[)）]")
_SOURCE_CREDIT = re.compile(r"^\W*(?:source|sources|kaynak|quelle|fuente|fonte|источник|джерело|المصدر|منبع|źródło|zdroj|"
                            r"forrás|πηγή|sursa|izvor|bron|kilde|källa|lähde|sumber|nguồn)\s*[:：]\s*\S+(?:\s+\S+){0,2}$", re.I)


def without_author_notes(text: str, author: str | None) -> str:
    """The text without its last lines when they are short notes about the author or whom to write to: a
    line holding an e-mail address ('Press Office, press@x.example', '김민지 기자 minji@x.example', 'Reach her
    at ...'), the author's name alone or opening the line ('Jane Doe covers city hall for the Ledger.'), crediting the copy to
    its source in at most three words ('Kaynak: AA', 'Quelle: dpa'), to the site and its reporter in brackets
    ('(Tribunserayu.com/Rina Marlina)') or to the author after a byline label ('（取材・文／山本彩）')."""
    lines = text.split("\n")
    names = [name for name in (author or "").split(", ") if count_words(name) >= 2]
    for _ in range(NOTE_MAX_LINES):
        last = lines[-1] if len(lines) > 1 else ""
        if not last or count_words(last) > NOTE_MAX_WORDS:
            break
        if not (_EMAIL.search(last) or any(last == name or last.startswith(f"{name} ") for name in names)
                or _SOURCE_CREDIT.match(last)
                or _OUTLET_CREDIT.fullmatch(last.strip()) or (author and _is_byline_line(last, author))):
            break
        lines.pop()
    return "\n".join(lines)


def without_byline_line(text: str, author: str | None) -> str:
    """The text without a byline among its first STANDFIRST_LINES lines: a line that is only a byline word or
    label and the author's name ('Por Beatriz Nogueira' on a story's cover), which the body kept as text."""
    if not author:
        return text
    lines = text.split("\n")
    head = [line for line in lines[:STANDFIRST_LINES] if not _is_byline_line(line, author)]
    return "\n".join(head + lines[STANDFIRST_LINES:]) if len(head) < min(len(lines), STANDFIRST_LINES) else text


def _is_byline_line(line: str, author: str) -> bool:
    """True for a short line opening with a byline word or label whose name is the author's ('By Jane Doe',
    '（取材・文／山本彩）', 'Laporan Wartawan Site.com, Rina Marlina'): at most three words besides the label and name."""
    line = line.strip().strip("()（）")
    rest = _BYLINE_LABEL.sub("", _BYLINE_PREFIX.sub("", line))
    return rest != line and count_words(rest) <= count_words(author) + 3 and clean_author(line) == author


# a line of a page's counters: a label of at most four words and a count ('Đang trực tuyến: 86', 'Views: 1,204')
_COUNTER_LINE = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:\s[^\W\d_][^\W\d_'’-]*){0,3}\s*:\s*\d[\d\s.,]*")
COUNTER_LINES = 3  # at most this many such lines end the text, and as many open it
COUNTER_LINE_MAX_CHARS = 80  # a line of counters is no longer than this
READING_TIME_MAX_WORDS = 6  # a reading time ('5 min read', 'Lesezeit: 3 Minuten', 'Thời gian đọc: 3 phút') is this short
# a reading time: a word for reading and a count of minutes, in either order
_READING_WORD = re.compile(r"\b(?:read|lectura|leitura|lecture|lettura|lese\w*|чтени\w*|читан\w*|okuma|đọc|baca)\b|読|읽",
                           re.I)
_MINUTES = re.compile(r"\d\s*(?:(?:min(?:s|utes?|uten|utos?|uti)?|мин(?:ут[аы]?)?|хв(?:илин[аи]?)?|dk|dakika|phút|menit)"
                      r"\b|分|분)", re.I)
_COUNTER_PARTS = re.compile(r"\s+[·|•]\s+")  # counters side by side: 'Okunma: 2.345 · 3 dk okuma süresi'


def without_counters(text: str) -> str:
    """The text without the counters ending or opening it (visitors online, hits, views: a short label and a number;
    reading times), which a portal's statistics box beside the article adds when the body is read from the whole
    page, or the article's head sets above the text."""
    lines = text.split("\n")
    for _ in range(COUNTER_LINES):
        if len(lines) < 2 or not is_counter_line(lines[-1]):
            break
        lines.pop()
    opening = 0
    while opening < min(COUNTER_LINES, len(lines) - 1) and is_counter_line(lines[opening]):
        opening += 1
    return "\n".join(lines[opening:])


# a comments section's heading with its count, alone on a line (a table's row marks around it): 'Всього коментарів: 2',
# '12 Comments', 'Comentarios (3)', 'Yorumlar (4)', '댓글 37'
_COMMENTS_COUNT = re.compile(
    r"[|\s]*(?:(?:[^\W\d_]+\s+){0,2}(?:comments|commentaires|comentarios|comentários|commenti|kommentare|"
    r"коментар(?:і|ів|ям)|комментари(?:и|ев|й)|yorumlar|komentar|bình luận|تعليقات|댓글|コメント|评论|評論)"
    r"\s*[:(（]?\s*\d+\s*[)）]?"
    r"|(?:[^\W\d_]+\s+){0,2}(?:comment|commentaire|comentario|comentário|kommentar|коментар|yorum|تعليق)"
    r"\s*(?::\s*\d+|[(（]\s*\d+\s*[)）])"  # one comment's word: 'Comment (1)', not a subheading 'Public comment 1'
    r"|\d+\s+(?:comments?|commentaires|comentarios|comentários|commenti|kommentare|"
    r"коментар(?:і|ів)|комментари(?:я|ев)|yorum|komentar|bình luận|تعليقات?))[|\s]*", re.I)
COMMENTS_COUNT_MIN_LINE = 3  # the heading comes after at least this many lines of the article ...
COMMENTS_COUNT_MAX_CHARS = 40  # ... and is no longer than this


def without_comments_section(text: str) -> str:
    """The text up to a comments section's heading with its count (_COMMENTS_COUNT) after the article's first lines:
    the comments under it are readers', kept when a page lays them out in no element named for comments."""
    lines = text.split("\n")
    for index in range(COMMENTS_COUNT_MIN_LINE, len(lines)):
        if len(lines[index]) <= COMMENTS_COUNT_MAX_CHARS and _COMMENTS_COUNT.fullmatch(lines[index]):
            return "\n".join(lines[:index])
    return text


def is_counter_line(line: str) -> bool:
    """True for a line of counters (_COUNTER_LINE) or reading times, alone or side by side between '·' or '|'."""
    if len(line) > COUNTER_LINE_MAX_CHARS:
        return False
    parts = _COUNTER_PARTS.split(line.strip())
    return all(_COUNTER_LINE.fullmatch(part) or (count_words(part) <= READING_TIME_MAX_WORDS and _MINUTES.search(part)
                                                 and _READING_WORD.search(part)) for part in parts)


def without_signature(text: str, signature: str | None) -> str:
    """The text without its last line when that line is the article's signature (signature_paragraph)."""
    head, _, last = text.rpartition("\n")
    return head if signature and last.strip() == signature else text


def byline_name(text: str) -> str | None:
    """The line of a byline element's text that names its author: the first line opening with 'By'
    ('Thursday, June 11th, 2009' then 'by Diego Casaes'), else its first line; None if it gives no
    clean name (clean_author)."""
    lines = [line for line in text.split("\n") if line.strip() and not _BYLINE_WORD.fullmatch(line)
             and not is_generic_author_label(line)]  # 'Penulis' above the name
    marked = [line for line in lines if _BYLINE_PREFIX.match(line.strip()) or _BYLINE_LABEL.match(line.strip())]
    labelled = [match.group(1) for line in lines if (match := _LABELLED_NAME.search(line)) and match.group(1)]
    return next((line for line in (*marked[:1], *labelled[:1], *lines[:1]) if clean_author(line)), None)


def _in_other_content(el: HtmlElement, around_headline: frozenset[HtmlElement] = frozenset()) -> bool:
    """True when an element sits in navigation, an aside, comments or a box of other stories
    (where a byline belongs to someone else than the article's author); a block holding the
    headline (around_headline) holds the article, whatever its class."""
    for node in (el, *el.iterancestors()):
        if node.tag in {"body", "html"} or node in around_headline:
            return False
        if node.tag in {"nav", "aside"}:
            return True
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if attrs.strip() and _OTHER_CONTENT.search(attrs):
            return True
    return False


def clean_author(name: str) -> str | None:
    """'By Jane Doe | Reuters' / 'Posted by: jane' / 'JANE DOE and JOHN ROE, AP Writer' -> 'Jane Doe' /
    'jane' / 'Jane Doe, John Roe': byline words, dates, roles and outlets dropped; URLs, e-mails, host names
    ('Site.com'), logins ('redaktor2') and labels that name nobody ('Authors', 'Posted by', 'Staff', 'redaktor')
    give None."""
    name = _BRACKETED_EMAIL.sub("", " ".join(name.split())).strip("()（）[]【】「」")
    name = _GLUED_ROLE.sub("", _OTHER_CREDIT.sub("", _BYLINE_LABEL.sub("", name)))  # 'Tin, ảnh:' labels before credits
    name = _KOREAN_REPORTER.sub(r"\1", name)
    name = _BYLINE_PREFIX.sub("", _BYLINE_LABEL.sub("", name))
    name = _BYLINE_TRAIL.sub("", name)
    name = _BYLINE_DATE.sub("", name).strip(" ,;:-")
    if not name or "@" in name or name.startswith("http") or count_words(name) > 12:
        return None
    parts = [piece for part in _NAME_SEPARATORS.split(name) for piece in _names_joined_by_and(part.strip(" ,;:-"))]
    people = [parts[0]] + [part for part in parts[1:] if _is_person_name(part)]
    people = [_BYLINE_PREFIX.sub("", person) for person in people if person]
    people = [person for person in people if not is_generic_author_label(person) and not _is_desk_byline(person)
              and not _is_staff_credit(person) and not _LOGIN.fullmatch(person) and not _HOST_NAME.fullmatch(person)]
    if not people or any(count_words(person) > 5 for person in people):
        return None
    return ", ".join(person.title() if person.isupper() and len(person) > 3 else person for person in people)


# 'and' between two names in the languages of the registry ('Giulia Romano e Luca Ferri', 'Ана Ли и Иван Лис'); English 'and'
# and German 'und' are separators of their own (_NAME_SEPARATORS)
_AND_WORD = re.compile(r"\s+(?:e|et|y|i|и|та|і|ve|og|och|en|és|a|și|ja|dan|và)\s+")


def _names_joined_by_and(part: str) -> list[str]:
    """The names in a byline part joined by the word for 'and' (_AND_WORD), when each is a person's name; else the part."""
    if " " not in part or _AND_WORD.search(part) is None:
        return [part]
    names = _AND_WORD.split(part)
    return names if all(_is_person_name(name) for name in names) else [part]


# a newsroom's role that, after at most one word (a place, 'Staff', 'Our', 'Special') or two of _DESK_QUALIFIERS,
# names a desk and no person: 'சென்னை செய்தியாளர்' (Chennai reporter), 'নিজস্ব প্রতিবেদক' (staff reporter), 'Our
# Correspondent', 'Our Staff Reporter', 'From Our Correspondent'
_DESK_QUALIFIERS = frozenset({"our", "from", "staff", "special", "own", "senior", "bureau"})
_DESK_ROLES = frozenset({"correspondent", "reporter", "செய்தியாளர்", "நிருபர்", "संवाददाता", "प्रतिनिधी", "प्रतिनिधि",
                         "वार्ताहर", "প্রতিবেদক", "প্রতিনিধি", "সংবাদদাতা"})


def _is_desk_byline(name: str) -> bool:
    """True for a byline ending with a newsroom role (_DESK_ROLES) after at most one word, or two desk qualifiers."""
    words = name.split()
    if not words or len(words) > 3 or words[-1].casefold() not in _DESK_ROLES:
        return False
    return len(words) <= 2 or all(word.casefold() in _DESK_QUALIFIERS for word in words[:-1])


# a site user's login shown as the byline ('redaktor2', 'news_admin'): one word holding a digit or an underscore
_LOGIN = re.compile(r"[a-z0-9._-]*[0-9_][a-z0-9._-]*", re.I | re.ASCII)
# a site's host name shown as the author ('Tribunserayu.com' in an author meta tag): no person
_HOST_NAME = re.compile(r"(?:[\w-]+\.)+(?:com|net|org|info|news|co|id|in|ru|ua|tr|vn|br|mx|es|pt|de|fr|it|kr|jp)",
                        re.I | re.ASCII)

_STAFF_WORDS = frozenset({"staff", "desk", "newsroom"})  # an outlet's name before one of these credits its staff


def _is_staff_credit(name: str) -> bool:
    """True for an outlet's name followed by 'Staff', 'Desk' or 'Newsroom' ('Gulf Daily Monitor Staff'), no person."""
    words = name.split()
    return len(words) >= 2 and words[-1].casefold() in _STAFF_WORDS


def is_generic_author_label(name: str) -> bool:
    """True for a label such as 'Authors', 'Posted by:' or 'Staff', which names nobody (GENERIC_AUTHOR_LABELS)."""
    return " ".join(_WORD.findall(name.casefold())) in GENERIC_AUTHOR_LABELS


def _is_person_name(part: str) -> bool:
    """True for a byline part that reads as a person's name (two to five capitalised words), not a
    role ('AP Sports Writer'), an outlet ('Business Insider', 'example.com') or a degree ('MS')."""
    words = part.split()
    if not 2 <= len(words) <= 5 or "." in part.replace(". ", " ").rstrip("."):
        return False
    if any(word.lower().strip(".") in _NOT_NAME_WORDS for word in words):
        return False
    return all(word[:1].isupper() for word in words)


def extract_canonical_url(tree: HtmlElement, meta: dict[str, str], url: str) -> str:
    """<link rel=canonical>, else og:url, else the page URL; made absolute, http(s) only."""
    hrefs = [link.get("href") or "" for link in tree.iter("link")
             if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")]
    for href in (*hrefs, meta.get("og:url") or ""):
        if href and (absolute := absolute_http_url(href, url)) is not None:
            return absolute
    return url


def extract_image(meta: dict[str, str], article: dict[str, Any], url: str) -> str | None:
    """og:image, twitter:image or the JSON-LD image; made absolute, http(s) only."""
    image = meta.get("og:image") or meta.get("og:image:url") or meta.get("twitter:image")
    if not image:
        value = article.get("image")
        value = value[0] if isinstance(value, list) and value else value
        image = value.get("url") if isinstance(value, dict) else value
    return absolute_http_url(image, url) if isinstance(image, str) and image else None


def absolute_http_url(href: str, base: str) -> str | None:
    """href resolved against base if that gives an http(s) URL; None for javascript:, data:, file:,
    unparseable links ("http://[" makes urljoin raise) and links longer than any URL the fetcher requests."""
    if len(href) > MAX_URL_CHARS:
        logger.info("extract link ignored page=%s reason=bad-url chars=%s", base, len(href))
        return None
    try:
        absolute = urljoin(base, href.strip())
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        logger.info("extract link ignored page=%s reason=bad-url link=%r", base, href[:200])
        return None
    if scheme not in ("http", "https"):
        logger.info("extract link ignored page=%s reason=bad-scheme scheme=%s", base, scheme[:20])
        return None
    return absolute


def language_hint(tree: HtmlElement, meta: dict[str, str]) -> str | None:
    """The page's declared language: <html lang>, content-language or og:locale."""
    return tree.get("lang") or tree.get("xml:lang") or meta.get("content-language") or meta.get("og:locale")


# --- page kind -------------------------------------------------------------------------------


def rejection_reason(jsonld: list[dict[str, Any]], tree: HtmlElement, *, dated: bool = False) -> str | None:
    """'not-article' when the page declares itself a gallery, list, FAQ or index page and its own
    text confirms it: no block of running text of ARTICLE_BODY_MIN_WORDS words (largest_body_words).

    Structured data alone does not decide: guides and blog posts often declare only FAQPage, and a page declaring
    only FAQPage under a publication date (dated) is an explainer whose questions and answers are its text.
    """
    kinds = set().union(*(jsonld_types(obj) for obj in jsonld)) if jsonld else set()
    listed = kinds & NOT_ARTICLE_TYPES
    if not listed or kinds & ARTICLE_TYPES or (dated and listed == {"faqpage"}):
        return None
    return "not-article" if largest_body_words(tree) < ARTICLE_BODY_MIN_WORDS else None


def jsonld_article_body(article: dict[str, Any], title: str | None) -> str:
    """The article's JSON-LD articleBody as lines of text ("" when it has none): the text of a page that shows none
    until its scripts run (a single-page app whose markup is a loading screen) but declares its article in full."""
    body = article.get("articleBody")
    if not isinstance(body, str) or not body.strip():
        return ""
    return clean_article_text("\n".join(html_unescape(line) for line in body.splitlines()), title)


def is_paywalled(jsonld: list[dict[str, Any]], meta: dict[str, str]) -> bool:
    """True when JSON-LD or meta tags say the article is not free to read."""
    for obj in jsonld:
        if str(obj.get("isAccessibleForFree", "")).lower() == "false":
            return True
    return meta.get("article:content_tier", "").lower() in {"locked", "metered"}


# --- stage API -------------------------------------------------------------------------------


def extract_article(
    html: str | bytes,
    url: str,
    *,
    feed_item: FeedItem | None = None,
    min_words: int = MIN_ARTICLE_WORDS,
    run_date: date | None = None,
    source_language: str | None = None,
) -> Article:
    """Title, body text, author, published_at (with its source), language and links of one page.

    Raises ExtractError with reason 'not-html', 'not-article' or 'no-text'. When the page yields
    fewer than min_words words and a feed item is given, the article is built from the feed
    item's content instead (text_source='feed'). Dates after run_date (+1 day) or before 1995
    are refused; "future" is relative to today when run_date is None. source_language (the
    source's language in sources.yaml) is the language hint when the page declares none.
    """
    html = page_markup(html, url)  # the body's reading below and _reparsed see the page without NULs
    tree = parse_page(html, url)
    if cut_at_depth_limit():  # unclosed inline tags nest the text past the parser's limit: read it without them
        html = without_inline_tags(html)
        tree = parse_page(html, url)
    too_deep = cut_at_depth_limit()
    jsonld = jsonld_objects(tree)
    meta = meta_values(tree)
    dated = extract_published_at(tree, url, run_date=run_date, jsonld=jsonld)
    if (reason := rejection_reason(jsonld, tree, dated=dated is not None)) is not None:
        raise ExtractError(reason, f"{url} is a gallery, list or index page, not an article", url=url)
    article = article_object(jsonld)
    site_name = extract_site_name(meta, article, url)
    title = drop_invisible(extract_title(tree, meta, article, site_name))
    author, hint = drop_invisible(extract_author(tree, meta, article, jsonld)), language_hint(tree, meta)
    canonical, island, signature = extract_canonical_url(tree, meta, url), island_text(tree), signature_paragraph(tree)
    standfirst = standfirst_text(tree) if "liveblogposting" not in jsonld_types(article) else None  # a live blog's summary is its text
    standfirst = None if standfirst and lays_out_live_feed(tree) else standfirst
    raw_text, method = extract_text(tree, url, html=html)  # prunes the tree: read it above
    text = without_counters(with_update_headlines(clean_article_text(without_comments_section(raw_text), title), article))
    text = without_signature(text, signature)
    text = without_author_notes(without_byline_line(without_standfirst(text, standfirst), author), author)
    words = count_words(text)
    if (words < min_words and (found := island_article(island)) is not None
            and count_words(island_body := clean_article_text(found.text, title or found.headline)) >= min_words):
        text, words, method = island_body, count_words(island_body), "data-island"
        title = title or found.headline
        author = author or _join_authors(list(found.authors))
        dated = dated or _island_date(found, run_date)
    if (words < min_words and not is_paywalled(jsonld, meta)
            and count_words(declared := jsonld_article_body(article, title)) >= min_words):
        text, words, method = declared, count_words(declared), "jsonld"
    if words < min_words:
        return _short_page(url, words, min_words, feed_item, paywalled=is_paywalled(jsonld, meta),
                           source_language=source_language, too_deep=too_deep)
    dated = dated or _feed_date(feed_item, run_date)
    language, confidence = detect_language(text, hint=stated_language(hint, source_language))
    return Article(
        url=url, title=capped_title(without_lone_surrogates(title)), text=text,
        author=without_lone_surrogates(author),
        published_at=dated[0] if dated else None, date_source=dated[1] if dated else None,
        language=language, language_confidence=confidence, site_name=site_name,
        canonical_url=canonical, image=extract_image(meta, article, url),
        word_count=words, method=method, text_source="page",
    )


def _island_date(found: IslandArticle, run_date: date | None) -> tuple[datetime, str] | None:
    """The data island's publication date, when it is a plausible full date; its source is 'meta' (the page's
    own structured data, as meta tags are)."""
    day = date_in_label(found.published or "")
    limit = run_date or datetime.now(timezone.utc).date()
    return (day, "meta") if day is not None and is_plausible_date(day, limit) else None


def _short_page(url: str, words: int, min_words: int, feed_item: FeedItem | None, *,
                paywalled: bool, source_language: str | None, too_deep: bool = False) -> Article:
    """The feed's version of a page with too little text, or the matching ExtractError (too-large for a page
    nested past the parser's depth limit, whose deeper text was dropped)."""
    if feed_item is not None:
        try:
            return article_from_feed_item(feed_item, source_language=source_language)
        except ExtractError:
            logger.info("extract url=%s reason=no-text feed_fallback=too-short", url)
    if too_deep:
        raise ExtractError("too-large", f"{url} nests its elements more than {MAX_HTML_DEPTH} deep (unclosed tags?); "
                           f"the HTML parser drops what lies deeper, and the rest yielded {words} words "
                           f"(< {min_words})", url=url)
    reason = "not-article" if paywalled else "no-text"
    detail = f"{url} yielded {words} words (< {min_words})" + (" behind a paywall" if paywalled else "")
    raise ExtractError(reason, detail, url=url)


def _feed_date(feed_item: FeedItem | None, run_date: date | None) -> tuple[datetime, str] | None:
    """The feed item's date when the page gave none (and it is plausible)."""
    if feed_item is None or feed_item.published_at is None:
        return None
    today = run_date or datetime.now(timezone.utc).date()
    return (feed_item.published_at, "feed") if is_plausible_date(feed_item.published_at, today) else None


def article_from_feed_item(item: FeedItem, *, min_words: int = MIN_FEED_WORDS,
                           source_language: str | None = None) -> Article:
    """An Article from the feed item's content:encoded (else summary), for pages that gave no text; its
    language is detected with the source's language stated (source_language)."""
    text = (item.content or "").strip()
    if count_words(text) < min_words:
        text = (item.summary or "").strip() if count_words(item.summary or "") > count_words(text) else text
    words = count_words(text)
    if words < min_words:
        raise ExtractError("no-text", f"{item.url}: the feed item has {words} words (< {min_words})", url=item.url)
    language, confidence = detect_language(text, hint=source_language)
    return Article(
        url=item.url, title=capped_title(item.title), text=text, author=clean_author(item.author) if item.author else None,
        published_at=item.published_at, date_source="feed" if item.published_at else None,
        language=language, language_confidence=confidence, canonical_url=item.url,
        word_count=words, method="feed", text_source="feed",
    )
