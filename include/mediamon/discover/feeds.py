"""Feed parsing: the bytes of one RSS/Atom response in, cleaned FeedItems (or a FeedError) out.

feedparser does the parsing; this module fixes what it gets wrong on real feeds:
- encoding: mediamon.text.charset (a BOM, then bytes that are valid UTF-8 whatever the
  declaration or the HTTP header claims, then the HTTP charset, the XML declaration and a
  <meta> charset, then detection);
- junk before the root element (blank lines, comments, "<?phpxml ... ?>", broken prologs) is
  cut, HTML named entities become character references, bare "&" become "&amp;", and control
  characters XML forbids are dropped; a tag of 64 KB or more is cut short (its attribute values to 16 KB, its
  attributes to 32 KB), so an <item> whose start tag carries 64 KB of tracking data is still an item; a start tag keeps
  its first 64 attributes and its namespace declarations (MAX_TAG_ATTRIBUTES_KEPT); when that still yields nothing, undeclared namespace
  prefixes are stripped and unquoted attributes quoted;
- HTML served at the feed URL raises FeedError('not-a-feed') naming the feeds the page
  advertises; a document with no items that is not well-formed raises FeedError('feed-unparseable');
- dates come from mediamon.text.dates (localised and malformed dates, in UTC), then from a full
  date in the link's path (/YYYY/MM/DD/, -YYYY-MM-DD, /YYYYMMDD/); an item with neither has no date;
- links: feedburner:origLink over the redirect link, aggregator redirects unwrapped, relative
  links resolved against the feed URL, then canonicalized (mediamon.text.urls); items are
  deduplicated by canonical URL within the feed, keeping the first;
- skipped entries: an entry with no link, a link that is not http(s) ('javascript:', 'mailto:') or cannot be
  parsed, or a repeat of an earlier entry's URL gives no item; FeedRead.skipped keeps each with its reason
  (SKIP_REASONS), so the feed's check and the discover stage can say why a feed gave fewer items than it lists;
- text: HTML stripped, entities decoded (also double-escaped ones), mojibake repaired (ftfy);
  an empty content:encoded gives no content rather than an empty string;
- the item cap (read_feed, max_items: Settings.max_feed_items, MEDIAMON_MAX_FEED_ITEMS): of a feed that
  lists more items, the newest are planned (cap_items: by date, undated ones after the dated in feed order, an item
  dated more than a day ahead among the undated)
  and the rest returned as over_cap, each to be recorded with the outcome 'over-feed-cap'; only planned
  items get their text cleaned. feedparser still reads the whole document (about 0.25 ms an item, the
  fetch's MAX_BODY_BYTES bounds it), and every item's link and date are read to rank them.
"""
from __future__ import annotations

import dataclasses
import html
import html.entities
import logging
import re
import time
from datetime import datetime
from typing import Any

import feedparser
import ftfy
import lxml.html
from lxml import etree

from mediamon.errors import FeedError, FetchError
from mediamon.extract.published import EARLIEST_DATE
from mediamon.fetch.netsafety import MAX_URL_CHARS
from mediamon.records import FeedItem
from mediamon.text.charset import decode_bytes
from mediamon.text.dates import date_from_url, parse_date
from mediamon.text.html_budget import MAX_TAG_ATTRIBUTES, most_crowded_tag
from mediamon.text.invisible import drop_invisible
from mediamon.text.titles import capped_title
from mediamon.text.urls import canonical_url, unwrap_redirect

logger = logging.getLogger(__name__)

FEED_ROOTS = ("rss", "feed", "rdf")
FUTURE_RANK_S = 86_400.0  # an item dated more than this after now is ranked by cap_items as undated
OVER_FEED_CAP = "over-feed-cap"  # the outcome (and reason code) of an item beyond the feed's item cap
SKIP_REASONS = ("no-link", "bad-scheme", "bad-url", "duplicate")  # why a feed entry gives no item, in report order
MAX_SKIPPED_TITLE_CHARS = 200  # a skipped entry's title is kept this long, to name it
MAX_FEED_ELEMENTS = 150_000  # start tags outside CDATA: feedparser spends 30-140 us on each, so this bounds a
# feed to about 10 s and 100 MB (a feed of 500 items holds about 10,000; 10 MB of "<x/>" would take 2.5 minutes)
MAX_FRAGMENT_TAGS = 50_000  # "<" in one item's HTML (a long article holds a few thousand); past it, tags are stripped
MAX_TAG_CHARS = 65_536  # a tag this long is cut (see _shortened_tag); a "<" with no ">" this far after it is text
MAX_ATTRIBUTE_CHARS = 16_384  # an attribute value of a tag over MAX_TAG_CHARS is cut to this (links past MAX_URL_CHARS
# are refused as bad-url all the same)
MAX_TAG_ATTRIBUTES_KEPT = 64  # attributes of one start tag read (namespace declarations aside; a feed's tags hold under
# 20): feedparser looks each one up through the tag's whole list, so a tag of 5,000 took 0.3 s, and libxml2 (sitemaps)
# compares each with every earlier one
MAX_ELEMENT_NAME_CHARS = 1_000  # a "<" followed by a longer name opens no element: it is text
DATE_FIELDS = ("published", "created", "updated")  # most to least trustworthy
MAX_PERSON_CHARS = 1_000  # of an author's (or publisher's) text: feedparser looks for an e-mail address in it with a
# regular expression quadratic in its runs of letters, digits and ".+-_", and a 100 KB author took 34 s (a byline is
# under 200 characters)
MAX_PEOPLE_COST = 10**8  # the sum of the squared lengths of a feed's authors over SHORT_PERSON_CHARS (0.7 s of that
# search): 8,653 authors of 1,000 characters took 36 s; past it their content is left out
SHORT_PERSON_CHARS = 64  # an author this short costs little and is always kept (a feed holds 150,000 elements at most)
_PERSON_OPEN = re.compile(r"<((?:[A-Za-z_][\w.-]*:)?(?:author|managingEditor|webMaster|creator|publisher|contributor"
                          r"|owner|name|email))(?:\s[^<>]*)?(?<!/)>", re.I)  # not an empty <dc:creator />
_ANY_TAG = re.compile(r"<[^<>]*>?")
MAX_ADVERTISED_SHOWN = 5  # feeds an HTML page served as a feed advertises, named in its error (50,000 made it 1.6 MB)
MAX_ADVERTISED_CHARS = 200  # of each advertised feed's URL in that error (a 3 MB href was shown whole)
XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "svg", "form", "button", "object", "embed")
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                        "blockquote", "section", "article", "header", "footer", "figure", "figcaption",
                        "pre", "table", "dd", "dt", "hr"})
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False,
                                   fix_latin_ligatures=False, explain=False)

# What may come before the root element: (opener, terminator); a CDATA opener is skipped on its own.
_PROLOG_MARKUP = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", ""), ("<!", ">"))
_ELEMENT_NAME = re.compile(r"[A-Za-z_][\w:.-]*")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.S)
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_BARE_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)")
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")  # "<![IGNORE[" etc.: only legal in external DTDs
_XMLNS = re.compile(r"""(\sxmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*)(?:"([^"]*)"|'([^']*)')""")
_LONG_TAG = re.compile(rf"<([^<>]{{{MAX_TAG_CHARS},}})(>?)")  # a tag, or a "<" in text, of MAX_TAG_CHARS or more
_CROWDED_TAG = re.compile(rf"<([A-Za-z_][^<>]{{{4 * MAX_TAG_ATTRIBUTES_KEPT},}})>")  # a start tag long enough to
# hold more than MAX_TAG_ATTRIBUTES_KEPT attributes (each takes at least 4 characters: ' a=""' less one)
_END_TAG_BODY = re.compile(r"/([A-Za-z_][\w:.-]*)\s*")
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_CHAR_REF = re.compile(r"&#(?:([0-9]+)|[xX]([0-9A-Fa-f]+));")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ENTITY_LEFT = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{2,7}|#[xX][0-9A-Fa-f]{2,6});")
_TITLE_OPEN = re.compile(r"<title", re.I)
_TITLE_CLOSE = re.compile(r"</title>", re.I)
_TAG_LIKE = re.compile(r"<[A-Za-z!/][^>]*>")


@dataclasses.dataclass(frozen=True)
class SkippedEntry:
    """A feed entry that gave no item: why (a SKIP_REASONS code, then ": detail"), its link and its title."""

    reason: str
    link: str | None  # None for no-link
    title: str | None

    @property
    def code(self) -> str:
        """The reason code alone."""
        return self.reason.split(":", 1)[0]


@dataclasses.dataclass(frozen=True)
class FeedRead:
    """The items of one feed response: those planned, in feed order, those over the item cap, and the entries
    skipped (no usable link, or a repeated URL), in feed order."""

    items: list[FeedItem]
    over_cap: list[FeedItem] = dataclasses.field(default_factory=list)  # URL, link, date and guid only; feed order
    skipped: list[SkippedEntry] = dataclasses.field(default_factory=list)

    @property
    def listed(self) -> int:
        """Items the feed listed (distinct canonical URLs)."""
        return len(self.items) + len(self.over_cap)

    @property
    def skipped_counts(self) -> dict[str, int]:
        """Skipped entries by reason code, in SKIP_REASONS order, reasons with none left out."""
        return skipped_counts(self.skipped)


def skipped_counts(skipped: list[SkippedEntry]) -> dict[str, int]:
    """Skipped entries by reason code, in SKIP_REASONS order, reasons with none left out."""
    codes = [entry.code for entry in skipped]
    return {code: codes.count(code) for code in SKIP_REASONS if code in codes}


def skipped_note(skipped: list[SkippedEntry]) -> str | None:
    """'3 items skipped: no-link 1, bad-scheme 2', or None when no entry was skipped."""
    if not skipped:
        return None
    counts = ", ".join(f"{code} {n}" for code, n in skipped_counts(skipped).items())
    return f"{len(skipped)} item{'s' if len(skipped) != 1 else ''} skipped: {counts}"


def parse_feed(body: bytes, feed_url: str, *, source_id: str,
               content_type: str | None = None) -> list[FeedItem]:
    """Items of one feed response in feed order, deduplicated by canonical URL; FeedError if broken."""
    return read_feed(body, feed_url, source_id=source_id, content_type=content_type).items


def read_feed(body: bytes, feed_url: str, *, source_id: str, content_type: str | None = None,
              max_items: int | None = None) -> FeedRead:
    """parse_feed's items with at most max_items planned (the newest); the rest come back as over_cap."""
    if not body or not body.strip():
        raise FeedError("feed-unparseable", "empty response body", url=feed_url)
    decoded = decode_bytes(body, content_type)
    xml = _feed_document(decoded.text, feed_url)
    _check_element_count(xml, feed_url)
    xml = shortened_people(xml)
    parsed = _parse_xml(repair_xml(xml), feed_url)
    repaired = False
    if not parsed.entries and parsed.bozo:
        parsed, repaired = _parse_xml(repair_xml(repair_markup(xml)), feed_url), True
    if not parsed.entries and parsed.bozo:
        raise FeedError("feed-unparseable", _bozo_detail(parsed), url=feed_url)
    read = _items_of(parsed, feed_url, source_id, max_items)
    counts = read.skipped_counts
    logger.info("feed feed_url=%s source_id=%s entries=%d items=%d dated=%d skipped=%d %s over-feed-cap=%d "
                "encoding=%s evidence=%s repaired=%s", feed_url, source_id, len(parsed.entries), len(read.items),
                sum(1 for i in read.items if i.published_at), len(read.skipped),
                " ".join(f"{code}={counts.get(code, 0)}" for code in SKIP_REASONS), len(read.over_cap),
                decoded.encoding, decoded.evidence, repaired)
    if len(read.skipped) > counts.get("duplicate", 0):
        logger.warning("feed items skipped feed_url=%s source_id=%s %s", feed_url, source_id,
                       skipped_note(read.skipped))
    if read.over_cap:
        logger.warning("feed over cap feed_url=%s source_id=%s listed=%d planned=%d over-feed-cap=%d", feed_url,
                       source_id, read.listed, len(read.items), len(read.over_cap))
    return read


def cap_items(items: list[FeedItem], max_items: int | None) -> tuple[list[FeedItem], list[FeedItem]]:
    """(the newest max_items items, the rest), each in the given order: dated items newest first, undated ones
    after them in the given (feed) order; no cap when max_items is None. An item dated more than FUTURE_RANK_S
    after now ranks as undated: items dated 2099 took the places of the newest real ones, and the run's
    published_not_future check quarantines them."""
    if max_items is None or len(items) <= max_items:
        return list(items), []
    latest = time.time() + FUTURE_RANK_S
    newest = sorted(range(len(items)), key=lambda i: (*_rank(items[i], latest), i))
    kept = set(newest[:max_items])
    return ([item for i, item in enumerate(items) if i in kept],
            [item for i, item in enumerate(items) if i not in kept])


def _rank(item: FeedItem, latest: float) -> tuple[bool, float]:
    """(undated, minus the item's POSIX time): an ascending sort puts the newest first and the undated last, an item
    dated after latest among the undated."""
    when = item.published_at.timestamp() if item.published_at is not None else None
    return (True, 0.0) if when is None or when > latest else (False, -when)


def over_cap_reason(listed: int, max_items: int, *, what: str = "feed") -> str:
    """The recorded reason of an item beyond the cap, naming the setting to raise."""
    return (f"{OVER_FEED_CAP}: the {what} listed {listed} items, more than the {max_items} planned at a time "
            f"(MEDIAMON_MAX_FEED_ITEMS); the newest {max_items} were planned")


def feed_summary(items: list[FeedItem]) -> dict[str, Any]:
    """Counts for a feed check: items, items with a date, and the newest date (ISO) or None."""
    dates = [item.published_at for item in items if item.published_at is not None]
    return {"items": len(items), "items_dated": len(dates),
            "newest": max(dates).isoformat() if dates else None}


def _feed_document(text: str, feed_url: str) -> str:
    """The text from the root element on, with a UTF-8 declaration; FeedError for HTML or other documents."""
    if (found := _first_element(text)) is not None:
        start, tag = found
        name = tag.split(":")[-1].lower()
        if name in FEED_ROOTS:
            return '<?xml version="1.0" encoding="utf-8"?>\n' + text[start:]
        if name == "html":
            raise FeedError("not-a-feed", _html_detail(text), url=feed_url)
        raise FeedError("not-a-feed", f"the document's root element is <{tag}>, "
                        "not <rss>, <feed> or <rdf:RDF>", url=feed_url)
    if text.lstrip().startswith(("{", "[")):
        raise FeedError("not-a-feed", "a JSON document was served, not an RSS or Atom feed", url=feed_url)
    raise FeedError("feed-unparseable", f"no XML element found in {len(text)} characters", url=feed_url)


def _check_element_count(xml: str, feed_url: str) -> None:
    """FeedError('too-large') when the feed holds more than MAX_FEED_ELEMENTS start tags, or end tags, outside CDATA
    sections (no feed closes more elements than it opens: 2 million "</x>" took the fallback parser 48 s)."""
    parts = _split_cdata(xml)[::2]  # odd indexes are CDATA sections
    for count, what in ((sum(map(_start_tags, parts)), "elements"), (sum(part.count("</") for part in parts), "end tags")):
        if count > MAX_FEED_ELEMENTS:
            raise FeedError("too-large", f"the feed holds {count} {what}, more than the {MAX_FEED_ELEMENTS} elements read "
                            "at a time (a feed of 500 items holds about 10,000): ask the publisher for a shorter feed, "
                            "or list the site's news sitemap in sources.yaml instead", url=feed_url)


def _start_tags(text: str) -> int:
    """Start tags (and empty-element tags) in text: every "<" but end tags, comments and PIs; counted in C, with no
    list of matches (10 MB of "<x/>" holds 2.6 million). Declarations ("<!x>") count: a feed holds one DOCTYPE, and
    a million of them took the fallback parser 9 s."""
    return text.count("<") - text.count("</") - text.count("<!--") - text.count("<?")


def _first_element(text: str) -> tuple[int, str] | None:
    """Offset and name of the first start tag, past comments, PIs and declarations, in linear time.

    A construct whose terminator never occurs again is not skipped as a whole (the scan moves on
    one character), as a regex would; knowing the last terminator avoids rescanning to the end
    for each of a million unclosed "<!--".
    """
    last = {end: text.rfind(end) for _, end in _PROLOG_MARKUP if end}
    pos = 0
    while (start := text.find("<", pos)) >= 0:
        pos = start + 1
        for opener, end in _PROLOG_MARKUP:
            if text.startswith(opener, start) and (not end or last[end] >= start + len(opener)):
                pos = text.find(end, start + len(opener)) + len(end) if end else start + len(opener)
                break
        else:
            if (match := _ELEMENT_NAME.match(text, start + 1)) is not None:
                return start, match.group(0)
    return None


def _html_detail(text: str) -> str:
    """What an HTML page served as a feed is, and which feeds it advertises."""
    title = _html_title(text)
    tags = re.findall(r"<link\b[^>]*>", text[:text.rfind(">") + 1], re.I)  # no start tag after the last ">"
    feeds = [shown for tag in tags if re.search(r"""type\s*=\s*["']?application/(?:rss|atom)\+xml""", tag, re.I)
             and (href := _attribute(tag, "href")) and (shown := _advertised_feed(href))]
    detail = "an HTML page was served instead of a feed"
    if title is not None:
        detail += f" (title {html.unescape(' '.join(title.split()))[:100]!r})"
    if feeds := list(dict.fromkeys(feeds)):
        more = len(feeds) - MAX_ADVERTISED_SHOWN
        detail += ("; the page advertises the feed(s) " + ", ".join(feeds[:MAX_ADVERTISED_SHOWN])
                   + (f" and {more} more" if more > 0 else ""))
    return detail


def shortened_people(xml: str) -> str:
    """xml with the content of each author-like element (author, dc:creator, managingEditor, ...) over
    MAX_PERSON_CHARS replaced by its text without tags, cut to MAX_PERSON_CHARS, and the content of those over
    SHORT_PERSON_CHARS left out once they have cost MAX_PEOPLE_COST; in one pass (each element's end is looked for
    once, and a name found unclosed is not looked for again)."""
    parts, pos, unclosed, budget = [], 0, set(), MAX_PEOPLE_COST
    for match in _PERSON_OPEN.finditer(xml):
        name = match.group(1)
        if match.start() < pos or name.lower() in unclosed:
            continue
        end = xml.find(f"</{name}", match.end(), match.end() + MAX_PERSON_CHARS + len(name) + 2)
        length = end - match.end()
        if 0 <= end and (length <= SHORT_PERSON_CHARS or length <= MAX_PERSON_CHARS and length ** 2 <= budget):
            budget -= length ** 2 if length > SHORT_PERSON_CHARS else 0
            continue
        end = end if end >= 0 else xml.find(f"</{name}", match.end())
        if end < 0:
            unclosed.add(name.lower())
            continue
        text = html.unescape(_ANY_TAG.sub("", xml[match.end():end].replace("<![CDATA[", "").replace("]]>", "")))
        kept = text[:MAX_PERSON_CHARS] if MAX_PERSON_CHARS ** 2 <= budget else text[:SHORT_PERSON_CHARS]
        budget -= len(kept) ** 2 if len(kept) > SHORT_PERSON_CHARS else 0
        parts += [xml[pos:match.end()], html.escape(kept, quote=False)]
        pos = end
    return "".join(parts) + xml[pos:] if parts else xml


def _advertised_feed(href: str) -> str | None:
    """An advertised feed's href as an error shows it: printable characters only, cut to MAX_ADVERTISED_CHARS;
    None for a link of another scheme than http(s) (javascript:, data:), which no one can subscribe to."""
    href = "".join(ch for ch in href.strip() if ch.isprintable())
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", href)
    if not href or (scheme and scheme.group(1).lower() not in ("http", "https")):
        return None
    return href if len(href) <= MAX_ADVERTISED_CHARS else href[:MAX_ADVERTISED_CHARS] + "..."


def _html_title(text: str) -> str | None:
    """The text of the page's first closed <title> element, found in linear time."""
    start = _TITLE_OPEN.search(text)
    if start is None or (gt := text.find(">", start.end())) < 0:
        return None
    end = _TITLE_CLOSE.search(text, gt + 1)
    return text[gt + 1:end.start()] if end else None


def _attribute(tag: str, name: str) -> str | None:
    """The value of one attribute in an HTML start tag, entities decoded."""
    match = re.search(rf"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
    return html.unescape(next(g for g in match.groups() if g is not None)) if match else None


def repair_xml(xml: str) -> str:
    """Make near-XML parseable: HTML entities to references, bare & and "<![" escaped, invalid characters
    and character references dropped."""
    xml = _escape_unclosed(_escape_unclosed(_XML_INVALID.sub("", xml), "<!--", "-->"), "<?", "?>")
    parts = _split_cdata(xml)
    for i in range(0, len(parts), 2):  # odd indexes are CDATA sections, left as they are
        parts[i] = _LONG_TAG.sub(_shortened_tag, parts[i])  # feedparser's fallback scans a tag with ~150 bytes a char
        parts[i] = _CROWDED_TAG.sub(_fewer_attributes, parts[i])
        parts[i] = _BARE_AMPERSAND.sub("&amp;", _NAMED_ENTITY.sub(_entity_reference, parts[i]))
        parts[i] = _CHAR_REF.sub(_char_reference, parts[i])
        parts[i] = _MARKED_SECTION.sub("&lt;![", parts[i])  # else the fallback parser skips to "]>", eating items
        parts[i] = _XMLNS.sub(_namespace_without_spaces, parts[i])
    return "".join(parts)


def _shortened_tag(match: re.Match[str]) -> str:
    """A tag of MAX_TAG_CHARS or more made short: each attribute value cut to MAX_ATTRIBUTE_CHARS, and attributes
    past MAX_TAG_CHARS / 2 dropped. An item's start tag holding 64 KB of tracking data is still an item; a "<" that
    no ">" closes, or that opens no element, is text ("&lt;")."""
    body, closed = match.group(1), match.group(2)
    if not closed:
        return "&lt;" + body
    if (end := _END_TAG_BODY.fullmatch(body)) is not None:
        return f"</{end.group(1)}>"
    if (name := _ELEMENT_NAME.match(body)) is None or name.end() > MAX_ELEMENT_NAME_CHARS:
        return "&lt;" + body + closed
    kept, pos, budget = [name.group(0)], name.end(), MAX_TAG_CHARS // 2
    while (attribute := _ATTRIBUTE.match(body, pos)) is not None:
        pos = attribute.end()
        value = next((v for v in attribute.groups()[1:] if v is not None), None)
        kept.append(f' {attribute.group(1)}="{value[:MAX_ATTRIBUTE_CHARS].replace(chr(34), "&quot;")}"'
                    if value is not None else f" {attribute.group(1)}")
        if (budget := budget - len(kept[-1])) < 0:
            kept.pop()
            break
    logger.info("feed long tag cut element=%s chars=%d kept_chars=%d", name.group(0), len(body) + 2,
                sum(map(len, kept)) + 2)
    return "<" + "".join(kept) + ("/>" if body.rstrip().endswith("/") else ">")


def _fewer_attributes(match: re.Match[str]) -> str:
    """A long start tag with its attributes past the first MAX_TAG_ATTRIBUTES_KEPT left out; its namespace
    declarations, wherever they stand, and what follows the last attribute ('/') are kept."""
    body = match.group(1)
    if body.count("=") <= MAX_TAG_ATTRIBUTES_KEPT:  # most long tags: a long link, or long values
        return match.group(0)
    name = _ELEMENT_NAME.match(body)
    assert name is not None  # _CROWDED_TAG starts with a name's first character
    kept, others, position = [name.group(0)], 0, name.end()
    while (attribute := _ATTRIBUTE.match(body, position)) is not None:
        position = attribute.end()
        if attribute.group(1) != "xmlns" and not attribute.group(1).startswith("xmlns:"):
            others += 1
            if others > MAX_TAG_ATTRIBUTES_KEPT:
                continue
        kept.append(attribute.group(0))
    if others > MAX_TAG_ATTRIBUTES_KEPT:
        logger.info("feed crowded tag cut element=%s attributes=%d kept=%d", name.group(0), others,
                    MAX_TAG_ATTRIBUTES_KEPT)
    return "<" + "".join(kept) + body[position:] + ">"


def _escape_unclosed(xml: str, opener: str, closer: str) -> str:
    """xml with the openers that are never closed (after the last closer) escaped as text: a broken
    item's "<!--" would otherwise turn every item after it into a comment."""
    cut = max(0, xml.rfind(closer) - len(opener) + 1)  # an opener from here on has no closer after its end
    return xml[:cut] + xml[cut:].replace(opener, "&lt;" + opener[1:])


def _split_cdata(xml: str) -> list[str]:
    """xml split around its CDATA sections (odd indexes), in linear time; openers that never close
    are escaped, as the fallback parser would take the rest of the feed, items and all, for CDATA.

    No section can close after the last "]]>", so the regex only reads up to it; otherwise every
    unclosed "<![CDATA[" would rescan the rest of the document.
    """
    cut = xml.rfind("]]>") + 3 if "]]>" in xml else 0
    parts = _CDATA.split(xml[:cut])
    parts[-1] += xml[cut:].replace("<![CDATA[", "&lt;![CDATA[")
    return parts


def _char_reference(match: re.Match[str]) -> str:
    """A character reference kept if XML allows its character, else U+FFFD.

    "&#0;" breaks the strict parser and "&#2000000;" made feedparser's fallback parser raise
    ValueError from chr().
    """
    decimal, hexadecimal = match.groups()
    digits = decimal or hexadecimal
    code = int(digits, 10 if decimal else 16) if len(digits.lstrip("0")) <= 8 else -1
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match.group(0) if allowed else "&#65533;"


def _namespace_without_spaces(match: re.Match[str]) -> str:
    """A namespace declaration with the whitespace (also written as a reference) taken out of its URI.

    Python's SAX reader splits "URI localname" on any whitespace, so a URI holding a space (or a
    no-break space, or "&#160;") made it raise ValueError.
    """
    double, single = match.group(2), match.group(3)
    quote, value = ('"', double) if double is not None else ("'", single)
    value = html.escape("".join(html.unescape(value).split()), quote=True)
    return f"{match.group(1)}{quote}{value}{quote}"


def _entity_reference(match: re.Match[str]) -> str:
    """A named entity as numeric references (XML knows only five names); unknown names escaped."""
    name = match.group(1)
    if name in XML_ENTITIES:
        return match.group(0)
    chars = html.entities.html5.get(name + ";")
    if chars is None:
        return "&amp;" + name + ";"
    return "".join(f"&#{ord(ch)};" for ch in chars)


def repair_markup(xml: str) -> str:
    """Last resort for broken markup: strip undeclared namespace prefixes, quote bare attribute values."""
    declared = set(re.findall(r"xmlns:([A-Za-z_][\w.-]*)\s*=", xml)) | {"xml"}
    used = set(re.findall(r"</?([A-Za-z_][\w.-]*):[A-Za-z_]", xml))
    for prefix in used - declared:
        xml = re.sub(rf"(</?|\s){re.escape(prefix)}:(?=[A-Za-z_])", r"\1", xml)
    return re.sub(r"<[A-Za-z][^<>]*>", _quote_attributes, xml)


def _quote_attributes(match: re.Match[str]) -> str:
    """One start tag with unquoted attribute values put in quotes."""
    return re.sub(r"""(\s[\w:.-]+)\s*=\s*([^\s"'>/][^\s"'>]*)""", r'\1="\2"', match.group(0))


def _parse_xml(xml: str, feed_url: str) -> feedparser.FeedParserDict:
    """feedparser on repaired UTF-8 text, relative links resolved against the feed URL."""
    return feedparser.parse(xml.encode("utf-8"), sanitize_html=False, resolve_relative_uris=False,
                            response_headers={"content-type": "application/xml; charset=utf-8",
                                              "content-location": feed_url})


def _bozo_detail(parsed: feedparser.FeedParserDict) -> str:
    """What made the feed unreadable, from feedparser's exception."""
    err = parsed.get("bozo_exception")
    line = getattr(err, "getLineNumber", lambda: None)()
    where = f" at line {line}" if line else ""
    message = err.getMessage() if hasattr(err, "getMessage") else str(err)
    hint = " (the response looks truncated)" if "no element found" in message or "unclosed" in message else ""
    return f"malformed XML{where}: {message}{hint}; no items could be recovered"


def _items_of(parsed: feedparser.FeedParserDict, feed_url: str, source_id: str,
              max_items: int | None = None) -> FeedRead:
    """The parsed entries as a FeedRead: the first occurrence of each canonical URL kept (the newest max_items
    planned), the others skipped with their reasons."""
    bare: dict[str, FeedItem] = {}
    entries: dict[str, dict[str, Any]] = {}
    skipped: list[SkippedEntry] = []
    itself = _own_url(feed_url)
    for entry in parsed.entries:
        item = _bare_item_of(entry, feed_url, source_id, itself)
        if isinstance(item, SkippedEntry):
            skipped.append(item)
        elif item.url in bare:
            skipped.append(SkippedEntry(f"duplicate: {item.url} is listed earlier in the feed", item.link,
                                        _entry_title(entry)))
        else:
            bare[item.url], entries[item.url] = item, entry
    planned, over_cap = cap_items(list(bare.values()), max_items)
    return FeedRead([_with_text(item, entries[item.url]) for item in planned], over_cap, skipped)


def _bare_item_of(entry: dict[str, Any], feed_url: str, source_id: str,
                  itself: str | None = None) -> FeedItem | SkippedEntry:
    """One FeedItem with its URL, link, date and guid (no text yet), from the first of the entry's links that is a
    URL the fetcher requests and not the feed itself (its canonical URL, `itself`); or why none is (the first link's
    reason)."""
    links = _entry_links(entry)
    if not links:
        logger.info("feed item skipped feed_url=%s reason=no-link title=%r", feed_url, entry.get("title"))
        return SkippedEntry("no-link: the entry has no link, alternate link or permalink guid", None,
                            _entry_title(entry))
    first_error: FetchError | None = None
    for link in links:
        try:
            url = _item_url(link, feed_url)
            if url == itself:
                raise FetchError("no-link", f"the entry's link {link[:100]!r} is the feed itself, no article")
        except FetchError as err:
            first_error = first_error or err
            continue
        return FeedItem(source_id=source_id, feed_url=feed_url, url=url, title=None, summary=None,
                        published_at=feed_entry_published_at(entry, link),
                        guid=(entry.get("id") or "").strip() or None, link=link)
    assert first_error is not None
    logger.info("feed item skipped feed_url=%s reason=%s link=%r", feed_url, first_error.reason, links[0][:200])
    return SkippedEntry(str(first_error), links[0][:MAX_URL_CHARS], _entry_title(entry))


def _own_url(feed_url: str) -> str | None:
    """The feed's canonical URL, where an entry's empty link (href="") or bare fragment ('#top') leads; None when
    it has none."""
    try:
        return canonical_url(feed_url)
    except FetchError:
        return None


def _item_url(link: str, feed_url: str) -> str:
    """The canonical URL of an entry's link; FetchError when it is none the fetcher requests."""
    if len(link) > MAX_URL_CHARS:
        raise FetchError("bad-url", f"link of {len(link)} characters, more than the {MAX_URL_CHARS} fetched: "
                                    f"{link[:100]!r}...", url=link[:MAX_URL_CHARS])
    return canonical_url(unwrap_redirect(link), base=feed_url)


def _entry_title(entry: dict[str, Any]) -> str | None:
    """The entry's title as the feed gives it (spaces collapsed, at most MAX_SKIPPED_TITLE_CHARS), to name a
    skipped entry; not cleaned, which would cost a feed of 20,000 skipped entries a fifth more time."""
    title = " ".join(str(entry.get("title") or "").split())
    return title[:MAX_SKIPPED_TITLE_CHARS] or None


def _with_text(item: FeedItem, entry: dict[str, Any]) -> FeedItem:
    """The item with the entry's cleaned title, summary, content and author."""
    return dataclasses.replace(item, title=capped_title(clean_feed_text(entry.get("title"), paragraphs=False)),
                               summary=clean_feed_text(entry.get("summary"), paragraphs=False),
                               content=_entry_content(entry), author=_entry_author(entry))


def _entry_links(entry: dict[str, Any]) -> list[str]:
    """The entry's article links, best first and each once: feedburner:origLink, the link, the alternate links, a
    permalink guid. A javascript: or data: origLink or link before a good alternate cost the entry."""
    candidates = [entry.get("feedburner_origlink"), entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links") or [] if link.get("rel") == "alternate"]
    if entry.get("guidislink"):
        candidates.append(entry.get("id"))
    return list(dict.fromkeys(text for candidate in candidates if isinstance(candidate, str)
                              and (text := candidate.strip())))


def feed_entry_published_at(entry: dict[str, Any], link: str) -> datetime | None:
    """The entry's date (UTC) from its date fields (published, created, updated), else from its link's path; a date
    before any news site published (EARLIEST_DATE) is a platform's zero value (1970-01-01 of a Unix time 0,
    0001-01-01) and gives way to the next: kept, it made an article built from the feed's text fail the articles'
    published_plausible check and be quarantined whole."""
    for field in DATE_FIELDS:
        if (value := entry.get(field)) and (when := parse_date(value)) is not None and when.date() >= EARLIEST_DATE:
            return when
    when = date_from_url(link)
    return when if when is not None and when.date() >= EARLIEST_DATE else None


def _entry_content(entry: dict[str, Any]) -> str | None:
    """The longest non-empty full-text content (content:encoded, atom:content) as plain text."""
    texts = [clean_feed_text(part.get("value"), paragraphs=True) for part in entry.get("content", [])]
    texts = [text for text in texts if text]
    return max(texts, key=len) if texts else None


def _entry_author(entry: dict[str, Any]) -> str | None:
    """The author's name ("none@none.com (Reuters)" gives "Reuters")."""
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author")
    return clean_feed_text(name, paragraphs=False)


def clean_feed_text(value: str | None, *, paragraphs: bool) -> str | None:
    """Plain text from feed HTML or text: tags stripped, entities decoded, mojibake repaired, and the invisible
    characters that split words dropped (see text.invisible), from full-text content as from titles and summaries."""
    if not value or not value.strip():
        return None
    text = html_to_text(value) if _has_tag(value) else html.unescape(value)
    if _ENTITY_LEFT.search(text):  # double-escaped entities ("&amp;laquo;") survive one decoding
        text = html.unescape(text)
    text = ftfy.fix_text(text, config=FTFY_CONFIG)
    lines = [drop_invisible(" ".join(line.split())) for line in text.splitlines()]
    lines = [line for line in lines if line]
    return ("\n".join(lines) or None) if paragraphs else " ".join(lines) or None


def _has_tag(value: str) -> bool:
    """True when the text holds something like a tag (searching only up to its last ">", in linear time)."""
    return _TAG_LIKE.search(value, 0, value.rfind(">") + 1) is not None


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment, one line per block element (tags stripped by pattern
    when the fragment cannot be parsed, would parse in quadratic time (see html_budget), or holds more than
    MAX_FRAGMENT_TAGS tags: the element cap leaves CDATA alone, and 10 MB of "<b></b>" in one took lxml 12 s)."""
    if markup.count("<") > MAX_FRAGMENT_TAGS or most_crowded_tag(markup) > MAX_TAG_ATTRIBUTES:
        return _strip_tags(markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _strip_tags(markup)
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return root.text_content()


def _strip_tags(markup: str) -> str:
    """The fragment's text with every tag-like run replaced by a space, in linear time."""
    cut = markup.rfind(">") + 1  # no tag ends after the last ">": reading on is quadratic
    return html.unescape(_TAG_LIKE.sub(" ", markup[:cut]) + markup[cut:])
