"""More hostile pages: invisible characters that split or reorder the words of a title or byline, stray NUL
bytes in an HTML page, binary bodies, a 100,000-character title."""
from __future__ import annotations

import gzip
import random
import struct
import zlib

import pytest

from mediamon.errors import ExtractError
from mediamon.extract.article import extract_article
from mediamon.text.titles import MAX_TITLE_CHARS
from tests.support.hostile_inputs import PAGE_URL, article_paragraphs, html_page

INVISIBLE = ["&shy;", "&#x200b;", "&#x2060;", "&#xfeff;", "&#x202e;", "&#x2066;", "&#x180e;"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_inside_title_and_author_words_are_dropped(char: str) -> None:
    title = f"Pro{char}test in Ka{char}zakhstan"
    page = html_page(f"<article><h1>{title}</h1>{article_paragraphs()}</article>", title=title,
                     head=f'<meta name="author" content="Jane {char}Doe">')
    article = extract_article(page, PAGE_URL)
    assert (article.title, article.author) == ("Protest in Kazakhstan", "Jane Doe")


def test_joiners_that_persian_words_need_are_kept_in_the_title() -> None:
    title = "می\u200cخواهم"  # ZWNJ: part of the word's spelling
    page = html_page(f"<article><h1>{title}</h1>{article_paragraphs()}</article>", title=title)
    assert extract_article(page, PAGE_URL).title == title


def nul_page(where: str) -> str:
    """A real article page with one NUL byte at the given place."""
    page = html_page(f"<article><h1>Harbour reopens</h1>{article_paragraphs()}</article>", title="Harbour reopens")
    at = {"start": 0, "head": page.index("<title>"), "title": page.index("reopens</title>"),
          "body-word": page.index("harbour0w3"), "late": page.index("harbour3w3")}[where]
    return page[:at] + "\x00" + page[at:]


@pytest.mark.parametrize("where", ["start", "head", "title", "body-word", "late"])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_a_page_with_one_stray_nul_byte_is_extracted_as_without_it(where: str, as_bytes: bool) -> None:
    page = nul_page(where)
    clean = extract_article(page.replace("\x00", ""), PAGE_URL)
    article = extract_article(page.encode("utf-8") if as_bytes else page, PAGE_URL)
    assert (article.title, article.text, article.word_count) == (clean.title, clean.text, clean.word_count)
    assert "\x00" not in article.title + article.text and article.word_count > 150


def png(width: int = 64, height: int = 64) -> bytes:
    """A real PNG image: signature, IHDR, one IDAT of black RGB rows, IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00" * 3 * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pdf() -> bytes:
    """The start of a PDF whose first stream is compressed."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Harbour reopens) Tj ET " * 40)
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n")


BINARY_BODIES = {
    "png": png,
    "png-without-signature": lambda: png()[8:],
    "pdf": pdf,
    "gzip-of-the-page": lambda: gzip.compress(nul_page("late").encode("utf-8")),
    "deflate-of-the-page": lambda: zlib.compress((nul_page("late") * 4).encode("utf-8")),  # no magic bytes
    "mp4-header": lambda: b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + random.Random(1).randbytes(4_000),
    "random-bytes": lambda: random.Random(2).randbytes(4_096),
}


@pytest.mark.parametrize("name", sorted(BINARY_BODIES))
@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "decoded"])
def test_binary_bodies_are_still_refused_as_not_html(name: str, as_text: bool) -> None:
    body = BINARY_BODIES[name]()
    with pytest.raises(ExtractError) as caught:
        extract_article(body.decode("latin-1") if as_text else body, PAGE_URL)
    assert caught.value.reason == "not-html"


LONG_TITLE = " ".join(f"harbour{i}" for i in range(12_000))[:100_000]  # 100,000 characters of words


@pytest.mark.parametrize("page", [
    html_page(f"<article>{article_paragraphs()}</article>", title=LONG_TITLE),
    html_page(f"<article>{article_paragraphs()}</article>", head=f'<meta property="og:title" content="{LONG_TITLE}">'),
    html_page(f"<article><h1>{LONG_TITLE}</h1>{article_paragraphs()}</article>", title=LONG_TITLE),
], ids=["title", "og-title", "h1-and-title"])
def test_a_100000_character_title_is_cut_at_a_word_with_an_ellipsis(page: str) -> None:
    title = extract_article(page, PAGE_URL).title
    assert title is not None and len(title) <= MAX_TITLE_CHARS and title.endswith("…")
    assert LONG_TITLE.startswith(title.removesuffix("…")) and LONG_TITLE[len(title) - 1] == " "
    assert len(title) > MAX_TITLE_CHARS - len("harbour11999 ")
