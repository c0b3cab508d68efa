"""Property-based tests of mediamon.discover.feeds.parse_feed: any bytes give items or a FeedError with a reason."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mediamon.discover.feeds import parse_feed
from mediamon.errors import REASONS, FeedError
from mediamon.records import FeedItem
from mediamon.text.charset import decode_bytes
from mediamon.text.urls import canonical_url
from tests.support.hostile_inputs import (
    BAD_SCHEME_LINKS,
    FEED_URL,
    SOURCE_ID,
    billion_laughs_doctype,
    good_item,
    good_link,
    rss_feed,
    rss_item,
    xxe_doctype,
)

SECRET = "MEDIAMON-FUZZ-SECRET-41d7"
PROLOGS = ("", '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="iso-8859-1"?>',
           '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="x-unknown"?>',
           "\n\n<!-- generator -->", "<?phpxml version='1.0'?>", "\ufeff")
ROOTS = (('<rss version="2.0"><channel>', "</channel></rss>"),
         ('<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>"),
         ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
          "</rdf:RDF>"),
         ("<html><head><title>x</title></head><body>", "</body></html>"),
         ("<channel>", "</channel>"))
ENCODINGS = ("utf-8", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "koi8-r")
FRAGMENTS = ("&amp;", "&nbsp;", "&lol9;", "&xxe;", "& ", "<![CDATA[", "]]>", "<!--", "-->", "<?", "<b>", "</b>",
             "<script>alert(1)</script>", "<", ">", "\x00", "\x0b", "\ufffe", "é", "Ã©", "&#0;", "&#x110000;",
             "&amp;laquo;", "<a href='javascript:x'>", "<p>", "<div><div><div>")


@pytest.fixture(scope="module")
def secret_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local file whose content no parsed item may ever show."""
    path = tmp_path_factory.mktemp("fuzz-secret") / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def parse_or_error(body: bytes) -> list[FeedItem] | FeedError:
    """parse_feed's items, or the FeedError it raised (any other exception fails the test)."""
    try:
        return parse_feed(body, FEED_URL, source_id=SOURCE_ID)
    except FeedError as err:
        return err


def item_texts(items: list[FeedItem]) -> Iterator[str]:
    """Every text field of the items."""
    for item in items:
        yield from (value for value in (item.title, item.summary, item.content, item.author, item.guid, item.link)
                    if value)


def check_result(result: list[FeedItem] | FeedError) -> None:
    """What every parse must give: a FeedError with a known reason, or clean, canonical, unique items."""
    if isinstance(result, FeedError):
        assert result.reason in REASONS and result.url == FEED_URL
        return
    urls = [item.url for item in result]
    assert len(urls) == len(set(urls))
    for item in result:
        assert item.url.startswith(("http://", "https://")) and canonical_url(item.url) == item.url
        assert item.published_at is None or item.published_at.utcoffset() == timedelta(0)
        for text in (item.title, item.summary, item.content):
            assert text is None or (text.strip() == text and text)


text_pieces = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(FRAGMENTS)), max_size=8).map("".join)
links = st.one_of(st.sampled_from(BAD_SCHEME_LINKS), st.text(max_size=40),
                  st.builds(lambda path: "https://news.example.org/" + path, st.text(max_size=20)),
                  st.sampled_from(("", " ", "/relative/path", "//other.example/x", "http://[::1", "https://a:99999/",
                                   "https://news.google.com/rss/articles/CBMiQ2h0dHBzOi8v?oc=5")))
raw_items = st.builds(lambda title, link, text, date: rss_item(title, link, description=text, pub_date=date, raw=True),
                      text_pieces, links, text_pieces, st.one_of(st.text(max_size=40), st.just("2024-03-05")))


@st.composite
def feed_documents(draw: st.DrawFn) -> bytes:
    """A feed-like document: random prolog, root, items; then encoded, truncated or corrupted."""
    head, tail = draw(st.sampled_from(ROOTS))
    items = draw(st.lists(st.one_of(raw_items, st.integers(0, 5).map(good_item)), max_size=6))
    text = draw(st.sampled_from(PROLOGS)) + head + "".join(items) + tail
    body = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        body = body[:draw(st.integers(0, len(body)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(max_size=16)) + body[at:]
    return body


@given(st.binary(max_size=4096))
@example(b"<!--" * 50)
@example(b"<html>" + b"<title>" * 50)
@example(b'<rss><channel><item><title>' + b"<![CDATA[" * 50)
@example(b"<\x00r\x00s\x00s\x00>\x00")  # UTF-16 without a BOM
def test_any_bytes_give_items_or_a_feed_error(body: bytes) -> None:
    check_result(parse_or_error(body))


@given(feed_documents())
@example(b'<rss version="2.0"><channel><item><title></title><link>javascript:alert(document.cookie)</link>'
         b"<description></description><pubDate>&#2000000;</pubDate></item></channel></rss>")  # chr() ValueError
@example(b'<rdf:RDF xmlns:rdf="h\xa0ttp://www.w3.org/1999/02/22-rdf-syntax-ns#" '
         b'xmlns="http://purl.org/rss/1.0/"></rdf:RDF>')  # SAX split the namespace URI on the no-break space
def test_feed_like_documents_give_items_or_a_feed_error(body: bytes) -> None:
    check_result(parse_or_error(body))


@given(st.one_of(raw_items, st.sampled_from(BAD_SCHEME_LINKS).map(lambda link: rss_item("bad", link))),
       st.integers(0, 3))
@example(bad=rss_item("", "javascript:alert(1)", description="<![", raw=True), position=0)  # ate the next item
@example(bad=rss_item("", "javascript:alert(1)", description="<![CDATA[", raw=True), position=0)
@example(bad=rss_item("", "javascript:alert(1)", pub_date="<!--", raw=True), position=1)
@example(bad=rss_item("", "javascript:alert(1)", description="<!-->", raw=True), position=0)
def test_good_items_survive_beside_one_bad_item(bad: str, position: int) -> None:
    """One broken or hostile item costs at most itself (two could pair up, e.g. '<![CDATA[' ... ']]>')."""
    items = [good_item(100 + n) for n in range(3)]
    items.insert(position, bad)
    result = parse_or_error(rss_feed(items).encode())
    check_result(result)
    assert not isinstance(result, FeedError)
    expected = [good_link(100 + n) for n in range(3)]
    assert [item.url for item in result if item.url in expected] == expected


@given(st.lists(st.one_of(raw_items, st.sampled_from(("&xxe;", "&lol9;")).map(
    lambda ref: rss_item(ref, "https://news.example.org/x", description=ref, raw=True))), min_size=1, max_size=4),
    st.booleans())
def test_external_and_expanding_entities_never_leak_or_expand(secret_path: Path, items: list[str],
                                                              laughs: bool) -> None:
    doctype = billion_laughs_doctype() if laughs else xxe_doctype(secret_path)
    result = parse_or_error(rss_feed(items, doctype=doctype).encode())
    check_result(result)
    if not isinstance(result, FeedError):
        for text in item_texts(result):
            assert SECRET not in text and "lollollol" not in text


@given(st.binary(max_size=2048), st.one_of(st.none(), st.text(max_size=60)))
def test_decoding_any_bytes_with_any_content_type_gives_text(body: bytes, content_type: str | None) -> None:
    decoded = decode_bytes(body, content_type)
    assert isinstance(decoded.text, str) and decoded.encoding
