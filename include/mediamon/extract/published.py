"""Publication date of an article page, with the kind of evidence it came from.

Evidence is tried from most to least trustworthy: JSON-LD (schema.org Article types), article
meta tags, a <time>/date element in the article's own header, then a full date in the URL.
The page header's "today" date, comment dates and sidebar dates are never used, and no date is
guessed: a page without evidence gets None (the caller may then use the feed date). Dates are
read by mediamon.text.dates, keeping the offset written so the day is the one the page shows;
an ambiguous 05/10/2018 is read in the page's convention (is_dayfirst).
"""
from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml.html import HtmlElement

from mediamon.extract.calendars import gregorian_ethiopian_dates, gregorian_solar_hijri_dates
from mediamon.text.dates import date_from_url, find_date, parse_date_as_written

logger = logging.getLogger(__name__)

SITE_NAME_MAX_CHARS = 60  # a logo heading longer than this is not a site name
EARLIEST_DATE = date(1995, 1, 1)  # no news site published before this
FUTURE_TOLERANCE = timedelta(days=1)  # time zones: a page may be dated "tomorrow" for us

# schema.org types whose datePublished is the article's own date.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
    "report", "scholarlyarticle", "techarticle", "satiricalarticle", "advertisercontentarticle",
})
# Meta tags naming the publication date, most specific first (name or property attribute).
DATE_META_NAMES = (
    "article:published_time", "article:published", "og:article:published_time", "og:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
    "published-date", "publication_date", "pub_date", "published_at", "date_published", "article.published", "article_date_original", "original-publish-date",
    "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date.created",
    "dcterms.created", "citation_publication_date", "citation_date", "cxenseparse:recs:publishtime",
    "date", "dc.date", "dcterms.date", "displaydate", "cxenseparse:publishtime", "article:post_date",
    "og:pubdate", "rnews:datepublished", "pdate", "originalpublicationdate", "timestamp",
)
_DATE_META_RANK = {name: i for i, name in enumerate(DATE_META_NAMES)}
# Containers whose dates belong to something else than the article.
_FOREIGN_CONTAINER = re.compile(
    r"comment|sidebar|(?<!elementor-)widget|related|recommend|popular|trending|footer|nav|menu|masthead|"
    r"top-?bar|header-?top|weather|breaking|ticker|teaser|promo(?!ted)|newsletter|share|social|"
    r"more-stories|read-?next|also|latest|recent|jp-relatedposts|rail",
    re.I,
)
_DATE_CLASS = re.compile(r"date|time|publish|posted|byline|dateline|entry-meta|post-meta|article-meta|meta|datum|fecha|tarih",
                         re.I)
_HEADLINE_XPATH = ('//h1 | //h2 | //h3 | //*[contains(@class, "title") or contains(@class, "Title") or contains(@class, "titulo")'
                   ' or contains(@class, "headline")][string-length(normalize-space()) < 300]')
_WORD = re.compile(r"\w+")
_ARTICLE_ITEMTYPE = re.compile(r"schema\.org/\w*(?:Article|BlogPosting)$")
_HEADLINE_BLOCK_CHARS = 300  # widen from the headline until the block holds this much text
_HEADLINE_WINDOW_CHARS = 1500  # read at most this much text of that block
_FEED_CLASS_SKIP = re.compile(r"updated|modified|edit", re.I)
# a block listing a page's changes ('Last updated 20 March 2025', a history of dated edits): its dates are not the publication's
_CHANGE_LOG = re.compile(r"updated|modified|history|revision|changelog|change-log", re.I)
_DATELINE_BREAK = re.compile(r"\s[-–—|·•]\s")  # ends a dateline that opens a longer line
# Elements that start a line of their own on the page (a date alone on such a line is a dateline).
_LINE_BREAK_TAGS = frozenset({
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "tr", "td", "th", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
    "figure", "figcaption", "pre", "address", "form",
})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_URL_ARCHIVE_DAY = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)/")
_UPDATED_LABEL = re.compile(  # an 'updated' label and its date, up to the next separator
    r"(?:last\s+)?(?:updated|modified|aktualisiert|geändert|mis à jour|actualizado|atualizado|aggiornato|"
    r"обновлено|güncelleme|güncellendi|zaktualizowano|bijgewerkt|更新)\b[^|·•;]*", re.I)
_TOO_LONG_FOR_DATE = 80  # characters: longer text is a sentence, not a date label
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
# JSON-LD objects whose dates are not the article's (comments, events, products, people).
_NOT_ARTICLE_DATE_TYPES = frozenset({"comment", "event", "product", "person", "organization", "review",
                                     "imageobject", "videoobject", "offer", "question", "answer"})
_PUBLISHED_INPUT_XPATH = ('//*[@itemprop="datePublished"] | //input[@type="hidden" and '
                          '(contains(@class, "published") or contains(@name, "published"))]'
                          ' | //abbr[contains(concat(" ", normalize-space(@class), " "), " published ")]')  # hAtom
_JSONLD_XPATH = '//script[@type="application/ld+json" or @type="application/json+ld"]'
# Control characters (tab, line feed and carriage return aside) in a JSON-LD script, written as they are or as
# \u escapes not preceded by another backslash: '"author": "\u0000"' gave an article a NUL byline.
_JSONLD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|(?<!\\)((?:\\\\)*)\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])")

Finder = Callable[[HtmlElement, str, list[dict[str, Any]]], datetime | None]


def parse_tree(html: str | bytes) -> HtmlElement:
    """Parse an HTML string or bytes into an lxml tree (the tree every finder reads)."""
    return lxml.html.document_fromstring(html)


def jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object of the page's JSON-LD scripts, @graph and lists flattened."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath(_JSONLD_XPATH):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(_JSONLD_CONTROLS.sub(r"\1", raw), strict=False)
        except (ValueError, RecursionError):  # json raises RecursionError for "[[[[..." nested too deep
            logger.debug("jsonld unparseable bytes=%s", len(raw))
            continue
        found.extend(_walk_jsonld(data))
    return found


def _walk_jsonld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Objects of a JSON-LD document, top-level first, then @graph members and lists."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _walk_jsonld(data["@graph"], depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            yield from _walk_jsonld(data["mainEntity"], depth + 1)


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """The lower-cased schema.org @type names of one JSON-LD object."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def date_in_label(text: str, *, dayfirst: bool = True) -> datetime | None:
    """The date of a short page label (meta content, JSON-LD value, <time> text, byline) as written.

    The whole label is read as a date, else the first full date written in it; a text longer
    than a label (_TOO_LONG_FOR_DATE) gives None, as does a label without year, month and day.
    """
    text = text.strip()
    if not text or len(text) > _TOO_LONG_FOR_DATE:
        return None
    text = gregorian_solar_hijri_dates(gregorian_thai_dates(iso_latvian_dates(without_update_date(text))))
    text = gregorian_ethiopian_dates(iso_georgian_dates(text))
    return (parse_date_as_written(text, dayfirst=dayfirst) or find_date(text, dayfirst=dayfirst)
            or (short_year_date(text) if dayfirst else None))


# Thai months, full and abbreviated ('12 มี.ค. 2568'); Thai pages count years in the Buddhist era (CE + 543)
_THAI_MONTHS = (("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
                ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
                ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."))
_THAI_MONTH_NUMBERS = {name.replace(".", ""): number for number, names in enumerate(_THAI_MONTHS, 1)
                       for name in names}
_THAI_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*(" + "|".join(
    re.escape(name).replace(r"\.", r"\.?\s?") for names in _THAI_MONTHS for name in names)
    + r")\s*(?:[พค]\.?\s?ศ\.?\s*)?(\d{4}|\d\d)(?!\d)")  # 'พ.ศ.' (Buddhist era) or 'ค.ศ.' before the year
BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_YEARS = range(2400, 2700)  # a year written in this range on a Thai date is of the Buddhist era
BUDDHIST_CENTURY = 2500  # a two-digit year on a Thai date ('12 มี.ค. 68') is of the Buddhist era's 26th century


def gregorian_thai_dates(text: str) -> str:
    """The text with each Thai date ('12 มี.ค. 2568', '12 มี.ค. 68', '3 มีนาคม 2025') written as an ISO day
    ('2025-03-12')."""
    if not any("\u0e00" <= char <= "\u0e7f" for char in text):
        return text
    return _THAI_DATE.sub(_iso_thai_date, text)


def _iso_thai_date(match: re.Match[str]) -> str:
    """One Thai date match as YYYY-MM-DD, its year moved from the Buddhist era when it is one."""
    day, month, year = int(match[1]), _THAI_MONTH_NUMBERS[re.sub(r"[.\s]", "", match[2])], int(match[3])
    year += BUDDHIST_CENTURY if len(match[3]) == 2 else 0
    year -= BUDDHIST_ERA_OFFSET if year in BUDDHIST_ERA_YEARS else 0
    return f"{year:04d}-{month:02d}-{day:02d}"


# Georgian months by their stems, in any case ('12 მარტი 2025', '12 მარტს', '2025 წლის 12 მარტს'): the date readers know
# no Georgian names
_GEORGIAN_MONTHS = ("იანვა?რ", "თებერვა?ლ", "მარტ", "აპრილ", "მაის", "ივნის", "ივლის", "აგვისტო", "სექტემბე?რ",
                    "ოქტომბე?რ", "ნოემბე?რ", "დეკემბე?რ")  # the stems lose their last vowel before a case ending
_GEORGIAN_MONTH = r"(?:(" + ")|(".join(_GEORGIAN_MONTHS) + r"))[\u10d0-\u10ff]{0,3}"
_GEORGIAN_DATE = re.compile(rf"(?<!\d)(?:(\d{{1,2}})\s+{_GEORGIAN_MONTH},?\s+(\d{{4}})|(\d{{4}})\s+წლის\s+(\d{{1,2}})\s+"
                            rf"{_GEORGIAN_MONTH})(?!\d)")
_GEORGIAN_LETTER = re.compile("[\u10d0-\u10ff]")


def iso_georgian_dates(text: str) -> str:
    """The text with each Georgian date ('12 მარტი 2025, 14:20', '2025 წლის 12 მარტს') written as an ISO day."""
    return _GEORGIAN_DATE.sub(_iso_georgian_date, text) if _GEORGIAN_LETTER.search(text) else text


def _iso_georgian_date(match: re.Match[str]) -> str:
    """One Georgian date match as YYYY-MM-DD (its month is the number of the month group that matched)."""
    groups = match.groups()
    day_first = match[1] is not None
    months = groups[1:13] if day_first else groups[16:28]
    month = next(number for number, name in enumerate(months, 1) if name)
    year, day = (match[14], match[1]) if day_first else (match[15], match[16])
    return f"{int(year):04d}-{month:02d}-{int(day):02d}"


# Latvian writes the year first and the month in any case ('2025. gada 12. martā', '2025. gada 3. janvāris'); its
# locative and genitive forms ('martā' is 'marta' once accents are folded, 'maijā' 'maija') are women's names in
# other languages, so they are read only after the year and 'gada' ('of the year'), not as month names anywhere
_LATVIAN_MONTHS = ("janvār", "februār", "mart", "aprī[lļ]", "maij", "jūnij", "jūlij", "august", "septembr", "oktobr",
                   "novembr", "decembr")
_LATVIAN_DATE = re.compile(r"(?<!\d)(\d{4})\.?\s*gad[aā]\s+(\d{1,2})\.\s*(?:(" + ")|(".join(_LATVIAN_MONTHS)
                           + r"))[a-zāēīū]{0,3}(?!\w)", re.I)


def iso_latvian_dates(text: str) -> str:
    """The text with each Latvian date ('2025. gada 12. martā') written as an ISO day ('2025-03-12')."""
    if "gad" not in text.lower():
        return text
    return _LATVIAN_DATE.sub(_iso_latvian_date, text)


def _iso_latvian_date(match: re.Match[str]) -> str:
    """One Latvian date match as YYYY-MM-DD (its month is the number of the month group that matched)."""
    month = next(number for number in range(1, 13) if match[number + 2])
    return f"{int(match[1]):04d}-{month:02d}-{int(match[2]):02d}"


_SHORT_YEAR_LABEL = re.compile(  # 'פורסם: 12.03.25, 13:20', '12.03.25 | 13:20': a label word, the date, a time
    r"^[^\d]{0,24}?\b(\d{1,2})\.(\d{1,2})\.(\d\d)(?:\s*[,|·]?\s*(\d{1,2}):(\d\d))?\s*$")


def short_year_date(text: str) -> datetime | None:
    """The date of a label written day.month.two-digit year ('12.03.25, 13:20', as Hebrew, Russian and German
    pages may print it), in this century; None for any other text. Read only on day-first pages: a label is
    never a version number or an amount (it holds at most a label word before the date and a time after it)."""
    match = _SHORT_YEAR_LABEL.match(text)
    if match is None:
        return None
    day, month, year = int(match[1]), int(match[2]), 2000 + int(match[3])
    hour, minute = (int(match[4]), int(match[5])) if match[4] else (0, 0)
    try:
        return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)
    except ValueError:
        return None


def without_update_date(text: str) -> str:
    """The text without its 'updated ...' part (up to the next | · • ;) when what is left still names a
    date: 'Aktualisiert: 15.03.2025, 09:00 | Erstveröffentlichung: 14.03.2025' gives the first publication."""
    if not _UPDATED_LABEL.search(text):
        return text
    left = _UPDATED_LABEL.sub(" ", text)
    return left if find_date(left) is not None else text


def is_plausible_date(value: datetime, run_date: date) -> bool:
    """True when the date is not before 1995 and not more than a day after run_date."""
    day = value.date()
    return EARLIEST_DATE <= day <= run_date + FUTURE_TOLERANCE


def date_from_jsonld(tree: HtmlElement, url: str, jsonld: list[dict[str, Any]]) -> datetime | None:
    """datePublished of the page's schema.org Article object, else of its WebPage object.

    A script that is not valid JSON (unescaped quotes are common) is searched for its first
    "datePublished" value instead of being skipped.
    """
    article_first = sorted(jsonld, key=lambda obj: not (jsonld_types(obj) & ARTICLE_TYPES))
    for obj in article_first:
        if jsonld_types(obj) & _NOT_ARTICLE_DATE_TYPES:
            continue
        for key in ("datePublished", "dateCreated"):
            value = obj.get(key)
            if isinstance(value, str) and (found := date_in_label(value)) is not None:
                return found
    for script in tree.xpath(_JSONLD_XPATH):
        if (match := _JSONLD_DATE.search(script.text or "")) is not None:
            if (found := date_in_label(match[1])) is not None:
                return found
    return None


# Meta tags naming the time of the last change, and the generic date tags that some sites fill with that time
MODIFIED_META_NAMES = frozenset({"article:modified_time", "og:updated_time", "last-modified", "datemodified",
                                 "dcterms.modified", "article:modified", "modified_time", "lastmod"})
GENERIC_DATE_META_NAMES = frozenset({"date", "dc.date", "dcterms.date", "displaydate", "timestamp", "pdate"})


def date_from_meta(tree: HtmlElement, url: str, jsonld: list[dict[str, Any]]) -> datetime | None:
    """Publication date from the best-ranked article meta tag (article:published_time, ...); a generic date tag
    ('date', 'dc.date') holding the same time as the page's modified-time tag is that time, and is passed over."""
    found: list[tuple[int, str, str]] = []
    modified: set[str] = set()
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if (rank := _DATE_META_RANK.get(key)) is not None:
            found.append((rank, key, (meta.get("content") or "").strip()))
        elif key in MODIFIED_META_NAMES:
            modified.add((meta.get("content") or "").strip())
    for _rank, key, value in sorted(found, key=lambda item: item[0]):
        if key in GENERIC_DATE_META_NAMES and value in modified:
            continue
        if (day := date_in_label(value)) is not None:
            return day
    return None


def date_from_time(tree: HtmlElement, url: str, jsonld: list[dict[str, Any]]) -> datetime | None:
    """Date of the article's header: itemprop=datePublished, <time> or a dated byline near the headline."""
    dayfirst = is_dayfirst(tree, url)
    headline: HtmlElement | None = None
    around: frozenset[HtmlElement] | None = None
    for el in tree.xpath(_PUBLISHED_INPUT_XPATH):
        if in_foreign_container(el):  # unless the foreign-looking block holds the headline too
            if around is None:
                headline = headline_element(tree)
                around = headline_ancestors(headline)
            if in_foreign_container(el, around_headline=around):
                continue
        value = el.get("content") or el.get("datetime") or el.get("value") or el.get("title") or el.text_content()
        if (found := date_in_label(value or "")) is not None:
            return found
    headline = headline if around is not None else headline_element(tree)
    scope = _article_scope(headline)
    if scope is None:
        return None
    for el in scope.iter("time"):
        if in_foreign_container(el) or _FEED_CLASS_SKIP.search(el.get("class") or "") or in_change_log(el, scope):
            continue
        found = date_in_label(el.get("datetime") or "") or date_in_label(el.text_content(), dayfirst=dayfirst)
        if found is not None:
            return found
    return _date_from_byline(scope, dayfirst=dayfirst) or _date_near_headline(headline, dayfirst=dayfirst)


def in_change_log(el: HtmlElement, scope: HtmlElement) -> bool:
    """True when an element sits, below scope, in a block listing the page's changes (a class or id naming an
    update history: 'full-history', 'revision-list', 'last-updated')."""
    for node in el.iterancestors():
        if node is scope:
            return False
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if attrs.strip() and _CHANGE_LOG.search(attrs):
            return True
    return False


def is_dayfirst(tree: HtmlElement, url: str) -> bool:
    """False for US-English pages (11/05/2019 is 5 November), True elsewhere."""
    lang = (tree.get("lang") or "").lower()
    host = urlsplit(url).hostname or ""
    if lang == "en-us":
        return False
    return not (lang in {"", "en"} and host.rsplit(".", 1)[-1] in {"com", "org", "net", "us", "gov", "edu"})


def _date_near_headline(headline: HtmlElement | None, *, dayfirst: bool) -> datetime | None:
    """The first dateline in the block around the article's headline (from headline_element)."""
    if headline is None:
        return None
    block = headline
    for _ in range(4):
        parent = block.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        block = parent
        if len(block.text_content()) >= _HEADLINE_BLOCK_CHARS:
            break
    return _first_date_in_block(block, headline, dayfirst=dayfirst)


def headline_element(tree: HtmlElement) -> HtmlElement | None:
    """The element showing the article's headline: the h1/h2/h3/title-classed element whose text
    starts the page title (a portal's 'tit_view' h3), else the first h1 outside navigation and sidebars."""
    title = _title_key(page_title_text(tree))
    candidates = tree.xpath(_HEADLINE_XPATH)
    matching = [el for el in candidates if title and _title_key(el.text_content()) == title]
    # a "most read" box may repeat the headline: prefer a copy outside such containers
    for group in (matching, [el for el in candidates if el.tag == "h1" and not is_logo_heading(el)]):
        inside = [el for el in group if not in_foreign_container(el)]
        if inside or group is matching and group:
            return (inside or group)[0]
    if any(el.tag == "h1" for el in candidates):  # the page's only h1s are its logo: the headline is an h2
        return next((el for el in candidates if el.tag == "h2" and len(_WORD.findall(el.text_content())) >= 3
                     and not in_foreign_container(el)), None)
    return None


def is_logo_heading(heading: HtmlElement) -> bool:
    """True for a heading that shows the site's logo or name: short, and a link to the front page."""
    text = " ".join(heading.text_content().split())
    links = [*heading.iter("a"), *heading.iterancestors("a")]
    return len(text) <= SITE_NAME_MAX_CHARS and any(is_home_link(link.get("href") or "") for link in links)


def is_home_link(href: str) -> bool:
    """True for a link to a site's front page ('/', 'https://host/', 'index.html')."""
    href = href.strip()
    if not href or href.startswith("#"):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    front_page = parts.path.count("/") <= 1 and parts.path.rsplit("/", 1)[-1].lower() in {"", "index.html", "index.php"}
    return front_page and not parts.query


def headline_ancestors(headline: HtmlElement | None) -> frozenset[HtmlElement]:
    """The blocks that hold the headline (below <body>): they hold the article, so they are not foreign."""
    if headline is None:
        return frozenset()
    return frozenset(node for node in headline.iterancestors() if node.tag not in {"body", "html"})


def page_title_text(tree: HtmlElement) -> str:
    """og:title, else the <title> text (site-name suffixes are left on)."""
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:title" and meta.get("content"):
            return meta.get("content") or ""
    title = tree.find(".//title")
    return title.text_content() if title is not None else ""


def _title_key(text: str) -> str:
    """The first six words of a headline, lower-cased, punctuation dropped (for comparing titles)."""
    words = _WORD.findall(text.lower())
    return " ".join(words[:6]) if len(words) >= 3 else ""


def _first_date_in_block(block: HtmlElement, headline: HtmlElement, *, dayfirst: bool) -> datetime | None:
    """The first full date of a dateline in a block: a line of its own that is no longer than a label,
    or the opening of a longer line up to a dash or bar ("March 17, 2005 — LONDON —"). A date inside
    running prose ("On June 2, 2000, a truck ...") names an event."""
    seen = 0
    for line in _block_lines(block, headline):
        seen += len(line)
        line = gregorian_solar_hijri_dates(gregorian_thai_dates(without_update_date(line)))
        label = line if len(line) <= _TOO_LONG_FOR_DATE else _DATELINE_BREAK.split(line, maxsplit=1)[0]
        if len(label) <= _TOO_LONG_FOR_DATE and (found := find_date(label, dayfirst=dayfirst)) is not None:
            return found
        if seen > _HEADLINE_WINDOW_CHARS:
            break
    return None


def _block_lines(block: HtmlElement, headline: HtmlElement) -> Iterator[str]:
    """The lines of a block's text as shown (broken at block elements and <br>), whitespace collapsed;
    scripts, foreign containers and a headline heading (h1-h6: its date names an event) are left out."""
    line: list[str] = []
    for piece in itertools.chain(_text_flow(block, block, headline), "\n"):
        if piece != "\n":
            line.append(piece)
            continue
        if text := " ".join("".join(line).split()):
            yield text
        line = []


def _text_flow(el: HtmlElement, block: HtmlElement, headline: HtmlElement) -> Iterator[str]:
    """An element's text pieces in page order, with "\\n" around each block-level element."""
    breaks = el.tag in _LINE_BREAK_TAGS
    if breaks:
        yield "\n"
    if el is not headline or el.tag not in _HEADING_TAGS:  # a title-classed block may hold the byline too
        yield el.text or ""
        for child in el:
            if isinstance(child.tag, str) and child.tag not in {"script", "style", "noscript"} \
                    and not in_foreign_container(child, within=el):
                yield from _text_flow(child, block, headline)
            else:
                yield "\n" if child.tag in _LINE_BREAK_TAGS else ""
                yield child.tail or ""
    if breaks:
        yield "\n"
    if el is not block:
        yield el.tail or ""


def _date_from_byline(scope: HtmlElement, *, dayfirst: bool) -> datetime | None:
    """A full date written in a date/byline element of the article header."""
    for el in scope.iter("span", "div", "p", "li", "small", "em", "abbr"):
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _DATE_CLASS.search(attrs) or _FEED_CLASS_SKIP.search(attrs) or in_foreign_container(el):
            continue
        text = " ".join(el.text_content().split())
        if (found := date_in_label(text, dayfirst=dayfirst)) is not None and found.date() >= EARLIEST_DATE:
            return found  # an earlier date opens a span of years ('July 2, 1938 – March 8, 2025'): a life, not the page
    return None


def _article_scope(headline: HtmlElement | None) -> HtmlElement | None:
    """The element holding the article's header (given its headline_element): its <article>, else
    the parent block of the headline."""
    if headline is None:
        return None
    article = next((a for a in headline.iterancestors("article")), None)
    if article is not None:
        return article
    scope = headline.getparent()
    for _ in range(3):  # widen to the block that holds the headline and its byline
        if scope is None or scope.getparent() is None or scope.tag in {"body", "main", "article"}:
            break
        if len(" ".join(scope.text_content().split())) > 400:
            break
        scope = scope.getparent()
    return scope


def in_foreign_container(el: HtmlElement, *, within: HtmlElement | None = None,
                         around_headline: frozenset[HtmlElement] = frozenset()) -> bool:
    """True when the element sits in a comment, sidebar, nav, page header or footer block (an
    <article>'s own header and footer belong to it; looking no higher than `within` when given, nor
    than a block holding the headline: one of around_headline, a 'widget' wrapping a whole blog post)."""
    node: HtmlElement | None = el
    while node is not None and node is not within and node.tag not in {"body", "html"}:
        if node in around_headline:
            return False
        if node.tag in {"aside", "nav"}:
            return True
        if node.tag == "footer" and not _in_article(node):
            return True
        if node.tag == "header" and node.find(".//h1") is None and not _in_article(node):
            return True
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        kinds = {kind.lower() for kind in _FOREIGN_CONTAINER.findall(attrs)} if attrs.strip() else set()
        if kinds and kinds <= _BAR_KINDS and _follows_h1(node):
            kinds = set()  # a bar under the headline is the article's own (date, source, font size)
        if kinds - {"footer"} or (kinds and node.tag != "article" and not _in_article(node)):  # 'has-footer' article
            return True
        node = node.getparent()
    return False


_BAR_KINDS = frozenset({"top-bar", "topbar", "header-top", "headertop"})


def _follows_h1(node: HtmlElement) -> bool:
    """True when an h1 comes before the node, or its parent, among their siblings."""
    return any(sibling.tag == "h1" for block in (node, node.getparent()) if block is not None
               for sibling in block.itersiblings(preceding=True))


def _in_article(node: HtmlElement) -> bool:
    """True when the node is inside an article: an <article> element, or a block marked as one (hAtom's
    'hentry' class, a schema.org Article or BlogPosting itemtype, as blog platforms mark a post):
    its header and footer are the article's."""
    return any(ancestor.tag == "article" or "hentry" in (ancestor.get("class") or "").split()
               or _ARTICLE_ITEMTYPE.search(ancestor.get("itemtype") or "") for ancestor in node.iterancestors())


def _url_date(tree: HtmlElement, url: str, jsonld: list[dict[str, Any]]) -> datetime | None:
    """date_from_url as a finder: a full date in the page URL's path."""
    return date_from_url(url)


DATE_FINDERS: tuple[tuple[str, Finder], ...] = (
    ("jsonld", date_from_jsonld),
    ("meta", date_from_meta),
    ("time", date_from_time),
    ("url", _url_date),
)


def extract_published_at(
    tree_or_html: HtmlElement | str | bytes,
    url: str,
    *,
    run_date: date | None = None,
    jsonld: list[dict[str, Any]] | None = None,
) -> tuple[datetime, str] | None:
    """Publication date and its source ('jsonld', 'meta', 'time', 'url'), or None; never guessed.

    A candidate before 1995 or more than a day after run_date (today when not given) is rejected
    and the next kind of evidence is tried.
    """
    tree = tree_or_html if isinstance(tree_or_html, HtmlElement) else parse_tree(tree_or_html)
    objects = jsonld_objects(tree) if jsonld is None else jsonld
    today = run_date or datetime.now(timezone.utc).date()
    for source, find in DATE_FINDERS:
        found = find(tree, url, objects)
        if found is None:
            continue
        if is_plausible_date(found, today):
            return _prefer_url_day(found, source, url)
        logger.debug("date rejected url=%s source=%s date=%s", url, source, found.isoformat())
    found = date_from_weekday_time(tree, today)
    return (found, "time") if found is not None else None


# A day and month with the weekday in brackets and no year, as Japanese and Korean portals print them:
# '2/20(木) 18:05', '2月20日（木）', '2.20(목)'
_YEARLESS_WEEKDAY = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/月.]\s*(\d{1,2})\s*日?\s*[(（]\s*([月火水木金土日월화수목금토일])\s*[)）]")
_WEEKDAYS = {name: number for names in ("月火水木金土日", "월화수목금토일") for number, name in enumerate(names)}
YEARLESS_MAX_AGE = timedelta(days=365)  # a yearless date is read only within the year before the run date


def date_from_weekday_time(tree: HtmlElement, today: date) -> datetime | None:
    """The day of a <time> in the article's header written without a year but with its weekday ('2/20(木)'):
    the one day within YEARLESS_MAX_AGE before today that falls on that weekday (a month and day fall on
    the same weekday in two years running never), else None. Read only when no other evidence gave a date."""
    scope = _article_scope(headline_element(tree))
    for el in scope.iter("time") if scope is not None else ():
        if in_foreign_container(el) or _FEED_CLASS_SKIP.search(el.get("class") or ""):
            continue
        if (match := _YEARLESS_WEEKDAY.search(el.text_content())) is not None:
            return yearless_weekday_date(int(match[1]), int(match[2]), _WEEKDAYS[match[3]], today)
    return None


def yearless_weekday_date(month: int, day: int, weekday: int, today: date) -> datetime | None:
    """The date of month/day that falls on weekday (Monday 0) within YEARLESS_MAX_AGE before today, or None."""
    for year in (today.year, today.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found.weekday() == weekday and timedelta(0) <= today - found <= YEARLESS_MAX_AGE:
            return datetime(year, month, day, tzinfo=timezone.utc)
    return None


def _prefer_url_day(found: datetime, source: str, url: str) -> tuple[datetime, str]:
    """The URL's archive day when a timestamp falls one day beside it (UTC time of a late local story).

    Only a date that is a path of its own (/2019/11/18/, /2019-11-18/) counts: a date inside a
    slug may name the event rather than the day of publication.
    """
    match = _URL_ARCHIVE_DAY.search(urlsplit(url).path)
    if match is None:
        return found, source
    try:
        url_day = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=timezone.utc)
    except ValueError:
        return found, source
    if abs((found.date() - url_day.date()).days) == 1:
        return url_day, "url"
    return found, source
