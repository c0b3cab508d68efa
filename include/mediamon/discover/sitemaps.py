"""Sitemap reading: the bytes of one sitemap response in, its article items or child sitemaps out.

A source may list sitemaps beside (or instead of) feeds, so that articles a feed leaves out are
still found. Read are Google News sitemaps (news:title, news:publication_date), plain sitemaps
(loc, lastmod), <urlset> and <sitemapindex> documents, plain or gzip-compressed.

- safety: the body is decoded as feeds are (mediamon.text.charset), everything before the root
  element is cut (so a DOCTYPE and its entities never reach the parser), unknown entities become
  text (discover.feeds.repair_xml), and lxml parses with no entity resolution, no DTD and no
  network. A gzip body is inflated to MAX_SITEMAP_BYTES at most: beyond it FeedError('too-large');
- caps: MAX_SITEMAP_URLS entries per sitemap (the protocol's limit); the rest is not read and the
  sitemap is marked truncated (the run goes on with the first entries). expand_index reads an
  index to depth MAX_INDEX_DEPTH, each sitemap once, MAX_SITEMAPS_READ sitemaps and
  MAX_SITEMAP_URLS items at most; of those, expand_index(max_items=...) plans the newest max_items
  (discover.feeds.cap_items, MEDIAMON_MAX_FEED_ITEMS) and returns the rest as over_cap, to be recorded
  with the outcome 'over-feed-cap';
- the site: an item or child sitemap whose registered domain is not the source's (site_url, else
  the sitemap's own) is refused with the reason 'off-site': the item is dropped, the child not read;
- dates: news:publication_date, else lastmod, else a full date in the URL's path, each only when
  plausible (extract.published.is_plausible_date: not before 1995, not more than a day after the
  run date); a date in the future gives none rather than a wrong one;
- links are canonicalised (mediamon.text.urls) and items deduplicated by URL, keeping the first;
- a document that breaks off keeps the entries read before the break; one with none raises
  FeedError('feed-unparseable'); HTML, a feed or another document raises FeedError('not-a-feed').
"""
from __future__ import annotations

import io
import logging
import re
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from lxml import etree

from mediamon.discover.feeds import FEED_ROOTS, _first_element, cap_items, clean_feed_text, repair_xml
from mediamon.errors import FeedError, FetchError
from mediamon.extract.published import is_plausible_date
from mediamon.fetch.netsafety import MAX_URL_CHARS
from mediamon.records import FeedItem
from mediamon.text.charset import decode_bytes
from mediamon.text.dates import date_from_url, parse_date
from mediamon.text.titles import capped_title
from mediamon.text.urls import canonical_url, registered_domain

logger = logging.getLogger(__name__)

SITEMAP_ROOTS = ("urlset", "sitemapindex")
ENTRY_TAGS = ("url", "sitemap")  # one per page (urlset) or per child sitemap (sitemapindex)
MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file; also the items kept per expand_index
MAX_SITEMAP_TAGS = MAX_SITEMAP_URLS * 40  # "<" read per sitemap: 40 for each entry the protocol allows (a news
# entry with an image holds about 30); lxml keeps the elements of an entry, or of the junk between two, until it
# ends, so 50 MB of "<x/>" inside one <url> would take 2 GB and 30 s; the tags past this are not read
SCAN_CHUNK_BYTES = 1 << 16  # the tag budget is looked for this many bytes at a time
MAX_SITEMAP_BYTES = 50 * 2**20  # the protocol's limit on an uncompressed sitemap (52,428,800 bytes)
MAX_INDEX_DEPTH = 2  # index -> index -> urlset
MAX_SITEMAPS_READ = 50  # sitemaps fetched by one expand_index, the first one included
GZIP_MAGIC = b"\x1f\x8b"
INFLATE_CHUNK_BYTES = 4096  # of a gzip body given to the inflater at a time (zlib copies what a member leaves)
OFF_SITE = "off-site"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_PARSER_POSITION = re.compile(r",? line \d+(?:, column \d+)?")
_USABLE_LOC = re.compile(r"\s*(?:https?:)?//|\s*/", re.I)  # absolute, scheme-relative or root-relative


@dataclass(frozen=True)
class Sitemap:
    """What one sitemap lists: article items (a urlset) or child sitemap URLs (a sitemapindex)."""

    items: list[FeedItem]
    children: list[str]  # absolute, canonical; newest lastmod first, then undated ones in document order
    refused: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason) of entries not kept
    truncated: bool = False  # more than MAX_SITEMAP_URLS entries: the rest were not read
    over_cap: list[FeedItem] = field(default_factory=list)  # items beyond expand_index's max_items, not planned


@dataclass
class _Entry:
    """The fields of one <url> or <sitemap> element that are read."""

    loc: str | None = None
    lastmod: str | None = None
    title: str | None = None
    publication_date: str | None = None


def parse_sitemap(body: bytes, sitemap_url: str, *, source_id: str, site_url: str | None = None,
                  content_type: str | None = None, run_date: date | None = None) -> Sitemap:
    """Items (urlset) or child sitemaps (sitemapindex) of one sitemap response; FeedError if unusable."""
    data = inflate(body, sitemap_url) if body[:2] == GZIP_MAGIC else body
    if len(data) > MAX_SITEMAP_BYTES:
        raise FeedError("too-large", f"the sitemap holds {len(data)} bytes, more than the {MAX_SITEMAP_BYTES} "
                        "the sitemap protocol allows", url=sitemap_url)
    if not data.strip():
        raise FeedError("feed-unparseable", "empty response body", url=sitemap_url)
    data, cut = _within_tag_budget(data, MAX_SITEMAP_TAGS)  # before decoding: the rest costs no time either
    if cut:
        logger.warning("sitemap truncated sitemap_url=%s: more than %d tags, the rest are not read", sitemap_url,
                       MAX_SITEMAP_TAGS)
    decoded = decode_bytes(data, content_type)
    root, xml, line_offset = _sitemap_document(decoded.text, sitemap_url)
    entries, truncated = _read_entries(xml, sitemap_url, line_offset, cut=cut)
    on_site = _SiteCheck(registered_domain(site_url or sitemap_url))
    if root == "sitemapindex":
        children, refused = _children_of(entries, sitemap_url, on_site)
        sitemap = Sitemap(items=[], children=children, refused=refused, truncated=truncated)
    else:
        items, refused = _items_of(entries, sitemap_url, source_id, on_site, run_date)
        sitemap = Sitemap(items=items, children=[], refused=refused, truncated=truncated)
    logger.info("sitemap sitemap_url=%s source_id=%s root=%s entries=%d items=%d dated=%d children=%d "
                "refused=%d off-site=%d truncated=%s encoding=%s", sitemap_url, source_id, root, len(entries),
                len(sitemap.items), sum(1 for i in sitemap.items if i.published_at), len(sitemap.children),
                len(sitemap.refused), sum(1 for _, r in sitemap.refused if r == OFF_SITE), truncated,
                decoded.encoding)
    return sitemap


def inflate(body: bytes, sitemap_url: str, cap: int = MAX_SITEMAP_BYTES) -> bytes:
    """The decompressed bytes of a gzip body (every member); FeedError('too-large') past cap bytes.

    The body is given to the inflater INFLATE_CHUNK_BYTES at a time, so what is left over when a member ends (zlib
    copies it) is one chunk at most: given the whole rest, 500,000 empty members (10 MB) took 131 s of CPU."""
    out = bytearray()
    view, position = memoryview(body), 0
    while body[position:position + 2] == GZIP_MAGIC:
        inflater = zlib.decompressobj(wbits=31)
        while not inflater.eof and position < len(body):
            chunk = view[position:position + INFLATE_CHUNK_BYTES]
            try:
                out += inflater.decompress(chunk, cap + 1 - len(out))
            except zlib.error as err:
                raise FeedError("feed-unparseable", f"the gzip body is corrupt ({err}): serve the sitemap "
                                "uncompressed or re-compress it", url=sitemap_url) from err
            if len(out) > cap:
                raise FeedError("too-large", f"the gzip body inflates to more than {cap} bytes, the sitemap "
                                "protocol's limit: split the sitemap", url=sitemap_url)
            position += len(chunk) - len(inflater.unused_data) - len(inflater.unconsumed_tail)
        if not inflater.eof:
            logger.warning("sitemap gzip truncated sitemap_url=%s inflated=%d", sitemap_url, len(out))
            break
    return bytes(out)


def _sitemap_document(text: str, sitemap_url: str) -> tuple[str, bytes, int]:
    """The root's local name, the document from the root on (repaired, as UTF-8) and the lines cut before
    it (less the declaration added); FeedError for HTML, feeds and other documents."""
    found = _first_element(text)
    if found is None:
        raise FeedError("feed-unparseable", f"no XML element found in {len(text)} characters", url=sitemap_url)
    start, tag = found
    name = tag.split(":")[-1].lower()
    if name in SITEMAP_ROOTS:
        return name, (XML_DECLARATION + repair_xml(text[start:])).encode("utf-8"), text.count("\n", 0, start) - 1
    if name == "html":
        detail = "an HTML page was served instead of a sitemap: check the sitemap URL in sources.yaml"
    elif name in FEED_ROOTS:
        detail = "an RSS/Atom feed was served, not a sitemap: list this URL under `feeds:` in sources.yaml"
    else:
        detail = f"the document's root element is <{tag}>, not <urlset> or <sitemapindex>"
    raise FeedError("not-a-feed", detail, url=sitemap_url)


def _read_entries(xml: bytes, sitemap_url: str, line_offset: int = 0, *,
                  cut: bool = False) -> tuple[list[_Entry], bool]:
    """The first MAX_SITEMAP_URLS entries, and whether more were there; those before a break in the XML.

    line_offset is added to the parser's line numbers so that errors name the response's own lines; cut says the
    document was cut at the tag budget, so that a break is its end (truncated) rather than a fault.
    """
    entries: list[_Entry] = []
    events = etree.iterparse(io.BytesIO(xml), events=("end",), tag=[f"{{*}}{t}" for t in ENTRY_TAGS],
                             resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        for _, element in events:
            if len(entries) == MAX_SITEMAP_URLS:
                logger.warning("sitemap truncated sitemap_url=%s: more than %d entries, the rest are not read",
                               sitemap_url, MAX_SITEMAP_URLS)
                return entries, True
            entries.append(_entry_of(element))
            _forget(element)
    except etree.XMLSyntaxError as err:
        line = (err.lineno or 0) + line_offset
        message = _PARSER_POSITION.sub("", err.msg or str(err))  # its line numbers are of the cut document
        if cut and not entries:
            raise FeedError("too-large", f"the sitemap holds more than {MAX_SITEMAP_TAGS} tags before its first "
                            "complete <url> or <sitemap> entry: check what the server sends", url=sitemap_url) from err
        if cut:
            return entries, True
        if not entries:
            hint = " (the response looks truncated)" if "end of data" in str(err) or "Premature" in str(err) else ""
            raise FeedError("feed-unparseable", f"malformed XML at line {line}: {message}{hint}; "
                            "no entries could be recovered", url=sitemap_url) from err
        logger.warning("sitemap broken sitemap_url=%s line=%s error=%r: kept the %d entries before it",
                       sitemap_url, line, message, len(entries))
    return entries, False


def _within_tag_budget(xml: bytes, budget: int) -> tuple[bytes, bool]:
    """xml cut just before its (budget + 1)-th "<", and whether it was cut; found in linear time."""
    if xml.count(b"<") <= budget:
        return xml, False
    seen = 0
    for start in range(0, len(xml), SCAN_CHUNK_BYTES):
        count = xml.count(b"<", start, start + SCAN_CHUNK_BYTES)
        if seen + count > budget:
            position = start - 1
            for _ in range(budget - seen + 1):
                position = xml.find(b"<", position + 1)
            return xml[:position], True
        seen += count
    return xml, False


def _entry_of(element: etree._Element) -> _Entry:
    """loc and lastmod of a <url>/<sitemap>, and news:title / news:publication_date of its <news:news>."""
    entry = _Entry()
    for child in element:
        name = _local_name(child)
        if name == "loc":
            entry.loc = _text(child)
        elif name == "lastmod":
            entry.lastmod = _text(child)
        elif name == "news":
            for part in child:
                part_name = _local_name(part)
                if part_name == "title":
                    entry.title = _text(part)
                elif part_name == "publication_date":
                    entry.publication_date = _text(part)
    return entry


def _local_name(element: etree._Element) -> str:
    """The element's name without its namespace ('' for comments and processing instructions)."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str | None:
    """The element's text, stripped; None when empty."""
    return (element.text or "").strip() or None


def _forget(element: etree._Element) -> None:
    """Free a read entry and the entries before it, so memory stays flat whatever the sitemap's length."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _entry_url(loc: str | None, sitemap_url: str) -> tuple[str, str]:
    """(canonical URL, "") of a <loc>, or ("", the reason it is unusable)."""
    if loc is None or not _USABLE_LOC.match(loc) or len(loc) > MAX_URL_CHARS:
        return "", "bad-url"  # no <loc>, one that is not a URL of a page, or one longer than the fetcher requests
    try:
        return canonical_url(loc, base=sitemap_url), ""
    except FetchError as err:
        return "", err.reason


class _SiteCheck:
    """Whether a canonical URL is on the source's registered domain, asked once per host."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.by_netloc: dict[str, bool] = {}

    def __call__(self, url: str) -> bool:
        """True when url's registered domain is the source's."""
        netloc = url.partition("://")[2].partition("/")[0]  # a canonical URL has no user info
        if netloc not in self.by_netloc:
            self.by_netloc[netloc] = registered_domain(url) == self.site
        return self.by_netloc[netloc]


def _items_of(entries: list[_Entry], sitemap_url: str, source_id: str, on_site: _SiteCheck,
              run_date: date | None) -> tuple[list[FeedItem], list[tuple[str, str]]]:
    """FeedItems of a urlset's entries (first of each URL kept), and the entries refused with reasons."""
    today = run_date or datetime.now(timezone.utc).date()
    items: dict[str, FeedItem] = {}
    refused: list[tuple[str, str]] = []
    itself = _entry_url(sitemap_url, sitemap_url)[0]  # a <loc> of the sitemap itself lists no page
    for entry in entries:
        url, problem = _entry_url(entry.loc, sitemap_url)
        if not problem and url == itself:
            problem = "no-link"
        if problem:
            refused.append(((entry.loc or "")[:MAX_URL_CHARS], problem))
            logger.debug("sitemap item skipped sitemap_url=%s reason=%s loc=%r", sitemap_url, problem, (entry.loc or "")[:200])
        elif not on_site(url):
            refused.append((url, OFF_SITE))
            logger.debug("sitemap item skipped sitemap_url=%s reason=%s url=%s site=%s", sitemap_url, OFF_SITE,
                         url, on_site.site)
        elif url not in items:
            items[url] = FeedItem(source_id=source_id, feed_url=sitemap_url, url=url,
                                  title=capped_title(clean_feed_text(entry.title, paragraphs=False)), summary=None,
                                  published_at=_published_at(entry, url, today), link=entry.loc)
    return list(items.values()), refused


def _published_at(entry: _Entry, url: str, today: date) -> datetime | None:
    """The first plausible date of news:publication_date, lastmod and the URL's path (UTC), or None."""
    for value in (entry.publication_date, entry.lastmod):
        if value and (when := parse_date(value)) is not None and is_plausible_date(when, today):
            return when
    when = date_from_url(url)
    return when if when is not None and is_plausible_date(when, today) else None


def _children_of(entries: list[_Entry], sitemap_url: str,
                 on_site: _SiteCheck) -> tuple[list[str], list[tuple[str, str]]]:
    """Child sitemap URLs of an index (on-site, each once, newest lastmod first), and those refused."""
    dated: dict[str, datetime | None] = {}
    refused: list[tuple[str, str]] = []
    for entry in entries:
        url, problem = _entry_url(entry.loc, sitemap_url)
        if problem:
            refused.append(((entry.loc or "")[:MAX_URL_CHARS], problem))
        elif not on_site(url):
            refused.append((url, OFF_SITE))
            logger.info("sitemap child not followed sitemap_url=%s reason=%s child=%s site=%s", sitemap_url,
                        OFF_SITE, url, on_site.site)
        elif url not in dated:
            dated[url] = parse_date(entry.lastmod) if entry.lastmod else None
    newest_first = sorted((url for url, when in dated.items() if when is not None), key=dated.__getitem__,
                          reverse=True)  # a stable sort: equal dates stay in document order
    return newest_first + [url for url, when in dated.items() if when is None], refused


def expand_index(sitemap_url: str, fetch: Callable[[str], bytes | None], *, source_id: str,
                 site_url: str | None = None, run_date: date | None = None,
                 max_depth: int = MAX_INDEX_DEPTH, max_items: int | None = None) -> Sitemap:
    """The items of a sitemap and of the sitemaps its index lists, to max_depth, each sitemap read once;
    with max_items, the newest max_items of them are the items and the rest are over_cap.

    fetch(url) gives a response body, or None when the fetch failed. The result's children are the
    sitemaps listed but not read (deeper than max_depth, past MAX_SITEMAPS_READ or the item cap, or
    not fetched); a sitemap that cannot be parsed is in refused with its reason, and the walk goes on.
    """
    try:
        start = canonical_url(sitemap_url)
    except FetchError as err:
        raise FeedError(err.reason, f"{err.detail}: fix the sitemap URL in sources.yaml", url=sitemap_url) from err
    site = site_url or sitemap_url
    queue: deque[tuple[str, str, int]] = deque([(sitemap_url, start, 0)])
    visited: set[str] = set()
    items: dict[str, FeedItem] = {}
    refused: list[tuple[str, str]] = []
    unread: list[str] = []
    truncated = False
    while queue:
        url, key, depth = queue.popleft()
        if key in visited:
            logger.info("sitemap child ignored sitemap_url=%s reason=already-read", url)
            continue
        if len(visited) >= MAX_SITEMAPS_READ or len(items) >= MAX_SITEMAP_URLS:
            unread.append(url)
            continue
        visited.add(key)
        sitemap = _read_one(url, fetch, source_id, site, run_date, refused, unread)
        if sitemap is None:
            continue
        truncated |= sitemap.truncated
        refused += sitemap.refused
        for item in sitemap.items:
            if len(items) >= MAX_SITEMAP_URLS:
                truncated = True
                break
            items.setdefault(item.url, item)
        for child in sitemap.children:
            if child in visited:
                logger.info("sitemap child ignored sitemap_url=%s child=%s reason=already-read", url, child)
            elif depth + 1 > max_depth:
                logger.info("sitemap child not read sitemap_url=%s child=%s reason=deeper-than-%d", url, child,
                            max_depth)
                unread.append(child)
            else:
                queue.append((child, child, depth + 1))
    planned, over_cap = cap_items(list(items.values()), max_items)
    logger.info("sitemap index sitemap_url=%s source_id=%s read=%d items=%d over-feed-cap=%d unread=%d refused=%d "
                "truncated=%s", sitemap_url, source_id, len(visited), len(planned), len(over_cap), len(unread),
                len(refused), truncated)
    return Sitemap(items=planned, children=unread, refused=refused, truncated=truncated, over_cap=over_cap)


def _read_one(url: str, fetch: Callable[[str], bytes | None], source_id: str, site: str,
              run_date: date | None, refused: list[tuple[str, str]], unread: list[str]) -> Sitemap | None:
    """One fetched and parsed sitemap; None (noted in unread or refused) when it could not be had."""
    body = fetch(url)
    if body is None:
        logger.warning("sitemap not fetched sitemap_url=%s source_id=%s", url, source_id)
        unread.append(url)
        return None
    try:
        return parse_sitemap(body, url, source_id=source_id, site_url=site, run_date=run_date)
    except FeedError as err:
        logger.warning("sitemap skipped sitemap_url=%s source_id=%s reason=%s detail=%s", url, source_id,
                       err.reason, err.detail)
        refused.append((url, err.reason))
        return None
