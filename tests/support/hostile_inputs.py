"""Hostile feeds and pages built in memory, for tests/hostile, tests/fuzz and benchmarks/hostile.py.

Every builder returns the document only; what the parser must do with it is asserted by the tests.
Sizes are parameters so the tests can stay fast and the benchmark can go big.
"""
from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

FEED_URL = "https://news.example.org/feed.xml"
PAGE_URL = "https://news.example.org/2024/03/05/harbour-reopens"
SOURCE_ID = "hostile"
PUB_DATE = "Tue, 05 Mar 2024 10:00:00 GMT"
XML_PROLOG = '<?xml version="1.0" encoding="utf-8"?>\n'
BAD_SCHEME_LINKS = ("javascript:alert(document.cookie)", "JavaScript:void(0)", " javascript:alert(1)",
                    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "file:///etc/passwd",
                    "vbscript:msgbox(1)", "ftp://news.example.org/a")


def rss_item(title: str, link: str, *, description: str = "", pub_date: str = PUB_DATE, raw: bool = False) -> str:
    """One RSS <item>; title/description are escaped unless raw (to carry entity references)."""
    text = (lambda value: value) if raw else escape
    return (f"<item><title>{text(title)}</title><link>{escape(link)}</link>"
            f"<description>{text(description)}</description><pubDate>{pub_date}</pubDate></item>")


def good_item(number: int) -> str:
    """A well-formed item with its own link, title and date."""
    return rss_item(f"Good story {number}", f"https://news.example.org/2024/03/05/good-{number}",
                    description=f"The summary of good story {number}.")


def good_link(number: int) -> str:
    """The canonical link of good_item(number)."""
    return f"https://news.example.org/2024/03/05/good-{number}"


def rss_feed(items: Iterable[str], *, doctype: str = "", prolog: str = XML_PROLOG) -> str:
    """An RSS 2.0 document around the given items, with an optional DOCTYPE."""
    return (f"{prolog}{doctype}<rss version=\"2.0\"><channel><title>Hostile News</title>"
            f"<link>https://news.example.org/</link>{''.join(items)}</channel></rss>")


def billion_laughs_doctype(levels: int = 10, width: int = 10, *, name: str = "lol") -> str:
    """Nested entity definitions that expand to width**levels copies of 'lol' (10**10 by default)."""
    entities = [f'<!ENTITY {name}0 "lol">']
    entities += [f'<!ENTITY {name}{i} "{f"&{name}{i - 1};" * width}">' for i in range(1, levels)]
    return f"<!DOCTYPE rss [{''.join(entities)}]>\n"


def quadratic_blowup_doctype(value_chars: int = 50_000) -> str:
    """One large entity, meant to be referenced many times (no nesting for a parser to refuse)."""
    return f'<!DOCTYPE rss [<!ENTITY big "{"B" * value_chars}">]>\n'


def xxe_doctype(target: str | Path, *, name: str = "xxe") -> str:
    """An external entity pointing at a local file (a path) or a URL."""
    uri = target if isinstance(target, str) and "://" in target else f"file://{Path(target).resolve()}"
    return f'<!DOCTYPE rss [<!ENTITY {name} SYSTEM "{uri}">]>\n'


def parameter_xxe_doctype(target: Path) -> str:
    """A parameter entity pulling a local file into the DTD itself."""
    return f'<!DOCTYPE rss [<!ENTITY % ext SYSTEM "file://{target.resolve()}"> %ext;]>\n'


def xinclude_item(target: Path) -> str:
    """An item whose description asks for an XInclude of a local file."""
    return (f'<item xmlns:xi="http://www.w3.org/2001/XInclude"><title>XInclude</title>'
            f"<link>https://news.example.org/xi</link><description>"
            f'<xi:include href="file://{target.resolve()}" parse="text"/></description></item>')


def huge_feed(items: int = 20_000, summary_chars: int = 1_400) -> bytes:
    """A well-formed feed of many items (20,000 x 1.4 KB is about 30 MB)."""
    filler = ("All quiet in the harbour today. " * (summary_chars // 32 + 1))[:summary_chars]
    body = (rss_item(f"Story {i}", f"https://news.example.org/2024/03/05/story-{i}", description=filler)
            for i in range(items))
    return rss_feed(body).encode("utf-8")


def truncated_feed(items: int = 50, *, cut_chars: int = 40) -> bytes:
    """A feed of good items whose last cut_chars characters never arrived."""
    return rss_feed(good_item(i) for i in range(items)).encode("utf-8")[:-cut_chars]


def article_paragraphs(count: int = 4, words: int = 40) -> str:
    """Distinct article paragraphs (distinct so that repeated-line removal keeps them all)."""
    return "".join("<p>" + " ".join(f"harbour{p}w{w}" for w in range(words)) + " reopened.</p>"
                   for p in range(count))


def html_page(body: str, *, head: str = "", title: str = "Harbour reopens after the storm") -> str:
    """An HTML document with the given head extras and body."""
    return f"<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def deep_nesting_page(depth: int = 100_000, *, tag: str = "div", article_first: bool = True) -> str:
    """An article followed (or wrapped) by depth nested elements."""
    nest_open, nest_close = f"<{tag}>" * depth, f"</{tag}>" * depth
    article = f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>"
    return html_page(article + nest_open + "x" + nest_close if article_first else nest_open + article + nest_close)


def many_nodes_page(nodes: int = 1_000_000) -> str:
    """An article followed by many empty elements (a million <b></b> is 7 MB, under the body cap)."""
    return html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>"
                     + "<b></b>" * nodes)


def nested_jsonld_page(depth: int = 100_000) -> str:
    """An article whose ld+json script nests arrays deeper than json.loads can recurse."""
    script = f'<script type="application/ld+json">{"[" * depth}</script>'
    return html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>",
                     head=script)


def bad_links_page(link: str) -> str:
    """An article whose canonical, og:url, og:image and body links all use the given URL."""
    quoted = escape(link, {'"': "&quot;"})
    head = (f'<link rel="canonical" href="{quoted}"><meta property="og:url" content="{quoted}">'
            f'<meta property="og:image" content="{quoted}">')
    body = f'<article><h1>Harbour reopens after the storm</h1><a href="{quoted}">link</a>{article_paragraphs()}</article>'
    return html_page(body, head=head)


def crowded_tag_page(attributes: int = 200_000, form: str = 'a{}="x" ') -> str:
    """An article followed by one element with this many distinct attributes (libxml2 checks each
    against every earlier one: 200,000 of them take minutes to parse)."""
    crowd = "".join(form.format(i) for i in range(attributes))
    return html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>"
                     f"<div {crowd}>x</div>")


def long_word_title_page(chars: int = 16_000) -> str:
    """An article whose og:title is one word of this many letters (WordPiece splitting is cubic in it)."""
    word = "".join("abcdefghijklmnopqrstuvwxyz"[(i * 7 + i // 26) % 26] for i in range(chars))
    return html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>",
                     head=f'<meta property="og:title" content="{word}">')


def atom_feed(entries: Iterable[str], *, doctype: str = "") -> str:
    """An Atom document around the given <entry> elements, with an optional DOCTYPE."""
    return (f'{XML_PROLOG}{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile News</title>'
            f"{''.join(entries)}</feed>")


def atom_entry(title: str, link: str, *, updated: str = "2024-03-05T10:00:00Z") -> str:
    """One Atom <entry>; the title is raw (to carry entity references)."""
    return f'<entry><title>{title}</title><link href="{escape(link)}"/><id>{escape(link)}</id><updated>{updated}</updated></entry>'


def rdf_feed(items: Iterable[str], *, doctype: str = "") -> str:
    """An RSS 1.0 (RDF) document around the given <item> elements, with an optional DOCTYPE."""
    return (f'{XML_PROLOG}{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="https://news.example.org/"><title>Hostile News</title></channel>{"".join(items)}</rdf:RDF>')


def rdf_item(title: str, link: str, *, date: str = "2024-03-05T10:00:00Z") -> str:
    """One RSS 1.0 <item>; the title is raw (to carry entity references)."""
    return f'<item rdf:about="{escape(link)}"><title>{title}</title><link>{escape(link)}</link><dc:date>{date}</dc:date></item>'


def with_root(doctype: str, root: str) -> str:
    """A DOCTYPE from the builders above (written for <rss>) naming another root element."""
    return doctype.replace("<!DOCTYPE rss", f"<!DOCTYPE {root}", 1)


def element_flood_feed(elements: int = 2_600_000, *, inside_item: bool = False) -> bytes:
    """A good item and this many empty elements (10 MB of "<x/>" is 2.6 million), in the channel or in an item."""
    flood = "<x/>" * elements
    if inside_item:
        return rss_feed([good_item(1), f"<item><title>Flood</title><link>https://news.example.org/flood</link>{flood}"
                         "</item>"]).encode()
    return rss_feed([good_item(1), flood]).encode()


def item_flood_feed(items: int = 350_000) -> bytes:
    """This many minimal items (<item><link>/N</link></item>, 350,000 of them is 10 MB: the fetch's cap)."""
    return rss_feed(f"<item><link>/{i}</link></item>" for i in range(items)).encode()


PRIVATE_LINKS = ("https://[::1]/a", "https://[::ffff:127.0.0.1]/a", "https://2130706433/a", "https://0x7f000001/a",
                 "https://127.1/a", "https://0/a", "https://example.com@127.0.0.1/a", "https://example.com\\@127.0.0.1/a",
                 "https://localhost./a", "https://\u24dbocalhost/a", "https://\uff11\uff12\uff17.0.0.1/a",
                 "https://169.254.169.254/latest/meta-data/", "https://[64:ff9b::7f00:1]/a", "https://[2002:7f00:1::]/a",
                 "https://[fe80::1%251]/a", "https://user:pass@[::1]:8080/a")
FAR_DATES = ("Tue, 05 Mar 99999 10:00:00 GMT", "-1", "-62135596800", "Sat, 01 Jan 2500 00:00:00 GMT",
             "9999-12-31T23:59:59-14:00", "0000-00-00T00:00:00Z", "2024-03-05T10:00:00+99:99", "1e309",
             "99999999999999999999", "2024-02-30", "Thu, 01 Jan 1970 00:00:00 -2400")


def sitemap_urlset(entries: str) -> bytes:
    """A <urlset> document around the given entries."""
    return (b'<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + entries.encode() + b"</urlset>")


def tag_flood_sitemap(tags: int = 13_000_000, *, inside_entry: bool = True) -> bytes:
    """A gzip sitemap of one good entry and this many empty elements (13 million inflate to 50 MB, the protocol's
    limit, from 50 KB), inside a second <url> or between entries."""
    flood = "<x/>" * tags
    entries = ("<url><loc>https://news.example.org/2024/03/05/good-1</loc></url>"
               + (f"<url>{flood}<loc>https://news.example.org/b</loc></url>" if inside_entry else flood))
    return gzip.compress(sitemap_urlset(entries), 6)


def secret_file(directory: Path, secret: str = "MEDIAMON-SECRET-7f3c9a") -> Path:
    """A local file whose content must never show up in a parsed item."""
    path = directory / "secret.txt"
    path.write_text(secret + "\n", encoding="utf-8")
    return path


FeedCase = Callable[[Path], bytes]

HOSTILE_FEEDS: dict[str, FeedCase] = {
    "billion-laughs": lambda tmp: rss_feed([rss_item("&lol9;", "https://news.example.org/a", raw=True),
                                            good_item(1)], doctype=billion_laughs_doctype()).encode(),
    "quadratic-blowup": lambda tmp: rss_feed([rss_item("&big;" * 10_000, "https://news.example.org/a", raw=True),
                                              good_item(1)], doctype=quadratic_blowup_doctype()).encode(),
    "xxe-etc-passwd": lambda tmp: rss_feed([rss_item("&xxe;", "https://news.example.org/a", raw=True),
                                            good_item(1)], doctype=xxe_doctype(Path("/etc/passwd"))).encode(),
    "xxe-secret-file": lambda tmp: rss_feed([rss_item("&xxe;", "https://news.example.org/a", raw=True),
                                             good_item(1)], doctype=xxe_doctype(secret_file(tmp))).encode(),
    "huge-feed-30mb": lambda tmp: huge_feed(),
    "html-as-feed": lambda tmp: html_page("<p>Not a feed</p>" * 50_000,
                                          head='<link rel="alternate" type="application/rss+xml" href="/rss">').encode(),
    "truncated": lambda tmp: truncated_feed(2_000),
    "binary-garbage-10mb": lambda tmp: bytes(range(256)) * 40_000,
    "unclosed-comments": lambda tmp: b"<!--" * 500_000,
    "unclosed-cdata": lambda tmp: rss_feed([good_item(1)]).encode()[:-20] + b"<![CDATA[" * 200_000,
    "endless-end-tag": lambda tmp: rss_feed([good_item(1)]).encode()[:-20] + b"&lt;x" * 300_000,
    "dense-empty-elements": lambda tmp: rss_feed([good_item(1), "<x/>" * 100_000]).encode(),
    "unclosed-titles-html": lambda tmp: b"<html>" + b"<title>" * 300_000,
    "tag-like-title": lambda tmp: rss_feed([rss_item("&lt;a" * 200_000, "https://news.example.org/a", raw=True),
                                            good_item(1)]).encode(),
    "wrong-encoding-utf16": lambda tmp: rss_feed([good_item(1)]).replace("utf-8", "utf-16").encode("utf-16-le"),
    "bad-scheme-links": lambda tmp: rss_feed([rss_item("bad", link) for link in BAD_SCHEME_LINKS]
                                             + [good_item(1), good_item(2)]).encode(),
    "atom-billion-laughs": lambda tmp: atom_feed([atom_entry("&lol9;", "https://news.example.org/a"),
                                                  atom_entry("ok", good_link(1))],
                                                 doctype=with_root(billion_laughs_doctype(), "feed")).encode(),
    "rdf-billion-laughs": lambda tmp: rdf_feed([rdf_item("&lol9;", "https://news.example.org/a"), rdf_item("ok", good_link(1))],
                                               doctype=with_root(billion_laughs_doctype(), "rdf:RDF")).encode(),
    "atom-xxe-secret-file": lambda tmp: atom_feed([atom_entry("&xxe;", "https://news.example.org/a"),
                                                   atom_entry("ok", good_link(1))],
                                                  doctype=with_root(xxe_doctype(secret_file(tmp)), "feed")).encode(),
    "rdf-parameter-xxe": lambda tmp: rdf_feed([rdf_item("ok", good_link(1))],
                                              doctype=with_root(parameter_xxe_doctype(secret_file(tmp)), "rdf:RDF")).encode(),
    "json-feed": lambda tmp: b'{"version":"https://jsonfeed.org/version/1.1","items":[' + b"[" * 100_000,
    "element-flood-10mb": lambda tmp: element_flood_feed(),
    "element-flood-in-item-10mb": lambda tmp: element_flood_feed(inside_item=True),
    "item-flood-350k": lambda tmp: item_flood_feed(),
    "category-flood-in-item": lambda tmp: rss_feed([good_item(1), "<item><title>x</title><link>https://news.example.org/c"
                                                    "</link>" + "<category>a</category>" * 450_000 + "</item>"]).encode(),
    "private-and-spoofed-links": lambda tmp: rss_feed([rss_item(f"t{n}", link) for n, link in enumerate(PRIVATE_LINKS)]
                                                      + [good_item(1)]).encode(),
    "far-dates": lambda tmp: rss_feed([rss_item(f"d{n}", f"https://news.example.org/d{n}", pub_date=date)
                                       for n, date in enumerate(FAR_DATES)] + [good_item(1)]).encode(),
    "surrogates-nul-bidi-title": lambda tmp: rss_feed([rss_item("A &#xD800; B\x00 \u202egnp.exe\u202c \u200bZ",
                                                                "https://news.example.org/s", raw=True),
                                                       good_item(1)]).encode(),
    "title-1mb": lambda tmp: rss_feed([rss_item("word " * 200_000, "https://news.example.org/big"), good_item(1)]).encode(),
}

PageCase = Callable[[], str]

HOSTILE_PAGES: dict[str, PageCase] = {
    "deep-nesting-100k-divs": lambda: deep_nesting_page(100_000),
    "deep-nesting-around-article": lambda: deep_nesting_page(100_000, article_first=False),
    "million-nodes": lambda: many_nodes_page(1_000_000),
    "just-under-node-cap": lambda: many_nodes_page(49_000),
    "nested-jsonld": lambda: nested_jsonld_page(),
    "javascript-links": lambda: bad_links_page("javascript:alert(document.cookie)"),
    "data-links": lambda: bad_links_page("data:text/html;base64," + "QUFB" * 250_000),
    "unparseable-links": lambda: bad_links_page("http://[::1"),
    "crowded-tag-200k-attributes": lambda: crowded_tag_page(200_000),
    "crowded-tag-quoted-gt": lambda: crowded_tag_page(200_000, form='a{}=">" '),
    "crowded-tag-no-spaces": lambda: crowded_tag_page(200_000, form='a{}="x"'),
    "crowded-tag-bare": lambda: crowded_tag_page(400_000, form="a{} "),
    "long-word-og-title-16k": lambda: long_word_title_page(16_000),
    "jsonld-100k-objects": lambda: html_page(
        f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>",
        head='<script type="application/ld+json">{"@graph":['
             + ",".join(f'{{"@type":"Thing","@id":"#t{i}","name":"x"}}' for i in range(100_000)) + "]}</script>"),
    "jsonld-circular-graph": lambda: html_page(
        f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>",
        head='<script type="application/ld+json">{"@graph":[{"@id":"#a","@type":"NewsArticle","isPartOf":{"@id":"#b"},'
             '"datePublished":"99999-01-01"},{"@id":"#b","hasPart":{"@id":"#a"},"mainEntity":{"@id":"#a"}}]}</script>'),
    "title-1mb": lambda: html_page(f"<article><h1>Harbour reopens</h1>{article_paragraphs()}</article>",
                                   title="word " * 200_000),
    "meta-charset-lie": lambda: html_page(f"<article><h1>Réouverture du port</h1>{article_paragraphs()}</article>",
                                          head='<meta charset="shift_jis">'),
}

SitemapCase = Callable[[], bytes]

HOSTILE_SITEMAPS: dict[str, SitemapCase] = {
    "tag-flood-in-entry-50mb-gz": lambda: tag_flood_sitemap(),
    "tag-flood-between-entries-50mb-gz": lambda: tag_flood_sitemap(inside_entry=False),
    "entries-without-loc-50mb-gz": lambda: gzip.compress(sitemap_urlset(
        "<url><loc>https://news.example.org/2024/03/05/good-1</loc></url>" + "<url/>" * 8_700_000), 6),
    "billion-laughs": lambda: (b'<?xml version="1.0"?>' + with_root(billion_laughs_doctype(), "urlset").encode()
                               + sitemap_urlset("<url><loc>https://news.example.org/&lol9;</loc></url>"
                                                "<url><loc>https://news.example.org/2024/03/05/good-1</loc></url>")[38:]),
}


# Cases added with the second round of hostile inputs (tests/hostile/test_hostile_new_*.py).

LONG_LINK_CHARS = 2_000_000  # a link of 2 MB: servers answer 414 past 8 KB, the fetcher refuses past MAX_URL_CHARS


def long_link(chars: int = LONG_LINK_CHARS) -> str:
    """A link on the feed's site whose path makes it chars characters long."""
    prefix = "https://news.example.org/2024/03/05/"
    return prefix + "a" * (chars - len(prefix))


def end_tag_flood_feed(end_tags: int = 2_000_000) -> bytes:
    """A good item and this many stray end tags (8 MB of "</x>" took the fallback parser 48 s to give up on)."""
    return rss_feed([good_item(1), "</x>" * end_tags, good_item(2)]).encode()


def declaration_flood_feed(declarations: int = 1_000_000) -> bytes:
    """A good item and this many "<!x>" declarations (no element a feed has, but not start tags either)."""
    return rss_feed([good_item(1), "<!x>" * declarations, good_item(2)]).encode()


def cdata_markup_flood_feed(tags: int = 1_400_000) -> bytes:
    """A good item and one whose description is a CDATA section of this many "<b></b>" (10 MB: the fetch's cap), which
    the element cap does not count (markup in CDATA is text) but the description's HTML cleaning parses."""
    flood = "<![CDATA[" + "<b></b>" * tags + "]]>"
    return rss_feed([rss_item("Flood", "https://news.example.org/flood", description=flood, raw=True),
                     good_item(1)]).encode()


def xml_base_feed(base: str, link: str) -> bytes:
    """An Atom feed whose xml:base is base, with one entry linking to link (relative) and one good entry."""
    return atom_feed([atom_entry("Based", link), atom_entry("ok", good_link(1))]).replace(
        '<feed xmlns=', f'<feed xml:base="{escape(base)}" xmlns=', 1).encode()


def web_encoded_page(text: str, codec: str, *, declared: str | None = None) -> bytes:
    """A small HTML page whose title and paragraph hold text in codec, with a <meta charset> of declared if given."""
    head = f'<meta charset="{declared}">'.encode() if declared else b""
    body = text.encode(codec)
    return (b"<html><head>" + head + b"<title>" + body + b"</title></head><body><p>" + body
            + b"</p></body></html>")


HOSTILE_FEEDS.update({
    "end-tag-flood-8mb": lambda tmp: end_tag_flood_feed(),
    "declaration-flood-4mb": lambda tmp: declaration_flood_feed(),
    "cdata-markup-flood-10mb": lambda tmp: cdata_markup_flood_feed(),
    "link-2mb": lambda tmp: rss_feed([rss_item("Long", long_link()), good_item(1)]).encode(),
    "doctype-system-etc-passwd": lambda tmp: rss_feed([good_item(1)],
                                                      doctype='<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n').encode(),
    "xml-base-file": lambda tmp: xml_base_feed("file:///etc/", "passwd"),
    "unicode-escape-declared": lambda tmp: rss_feed([rss_item("\\u003cb\\u003eBold\\u003c/b\\u003e caf\u00e9",
                                                              "https://news.example.org/u")]).replace(
        'encoding="utf-8"', 'encoding="unicode-escape"').encode("cp1252"),
})

HOSTILE_SITEMAPS.update({
    "loc-2mb": lambda: sitemap_urlset(f"<url><loc>{long_link()}</loc></url>"
                                      "<url><loc>https://news.example.org/2024/03/05/good-1</loc></url>"),
})
