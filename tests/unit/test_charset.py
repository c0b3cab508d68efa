"""decode_body: header, then in-document declaration, then detection; never raises."""
from __future__ import annotations

import random

import pytest

from mediamon.text.charset import declared_encoding, decode_body, header_encoding

RUSSIAN = ("<html><body><p>Правительство объявило о новых мерах поддержки экономики. Министр финансов "
           "заявил, что бюджет будет сбалансирован.</p></body></html>")
FRENCH = ("<html><body><p>Le café de la gare était fermé à cause de la grève générale. Les élèves ont "
          "déjà quitté l'école où ils étudiaient.</p></body></html>")


def test_header_charset_is_honoured() -> None:
    assert decode_body(RUSSIAN.encode("cp1251"), "text/html; charset=windows-1251") == RUSSIAN


def test_meta_charset_is_used_without_header() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Привет, мир</body></html>'
    assert decode_body(html.encode("cp1251"), "text/html") == html


def test_http_equiv_meta_is_used_without_header() -> None:
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            '</head><body>Новости дня</body></html>')
    assert decode_body(html.encode("koi8-r"), None) == html


def test_xml_prolog_is_used_without_header() -> None:
    xml = '<?xml version="1.0" encoding="windows-1251"?><rss><title>Новости</title></rss>'
    assert decode_body(xml.encode("cp1251"), "application/rss+xml") == xml


def test_header_wins_over_a_conflicting_meta_when_it_fits() -> None:
    html = '<html><head><meta charset="iso-8859-5"></head><body>Привет</body></html>'
    assert decode_body(html.encode("utf-8"), "text/html; charset=utf-8") == html


def test_a_header_that_does_not_fit_the_bytes_falls_back_to_the_declaration() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Привет, мир</body></html>'
    assert decode_body(html.encode("cp1251"), "text/html; charset=utf-8") == html


def test_undeclared_windows_1251_is_detected() -> None:
    assert decode_body(RUSSIAN.encode("cp1251"), None) == RUSSIAN


def test_undeclared_latin_1_is_read_as_windows_1252() -> None:
    assert decode_body(FRENCH.encode("latin-1"), "text/html") == FRENCH


def test_iso_8859_1_label_means_windows_1252() -> None:
    text = "“Quoted” — dash"
    assert decode_body(text.encode("cp1252"), "text/html; charset=ISO-8859-1") == text


def test_byte_order_mark_wins() -> None:
    assert decode_body(b"\xef\xbb\xbf" + "Über".encode(), "text/html; charset=cp1251") == "Über"


def test_meta_utf16_on_ascii_bytes_means_utf8() -> None:
    html = '<meta charset="utf-16"><p>café</p>'
    assert decode_body(html.encode("utf-8"), None) == html


@pytest.mark.parametrize("content_type", [None, "text/html", "text/html; charset=utf-8",
                                          "text/html; charset=no-such-codec", "text/html; charset="])
def test_garbage_bytes_never_raise(content_type: str | None) -> None:
    body = random.Random(7).randbytes(5000)
    text = decode_body(body, content_type)
    assert isinstance(text, str) and len(text) > 1000


def test_empty_body_is_empty_text() -> None:
    assert decode_body(b"", "text/html; charset=utf-8") == ""


@pytest.mark.parametrize("content_type, expected", [
    ("text/html; charset=UTF-8", "utf-8"), ('text/html; charset="windows-1251"', "cp1251"),
    ("text/html; charset=latin1", "cp1252"), ("text/html", None), ("text/html; charset=bogus", None), (None, None)])
def test_header_encoding(content_type: str | None, expected: str | None) -> None:
    assert header_encoding(content_type) == expected


def test_declared_encoding_reads_only_the_document_head() -> None:
    assert declared_encoding(b"<html><head><meta charset='koi8-r'>") == "koi8-r"
    assert declared_encoding(b" " * 5000 + b"<meta charset='koi8-r'>") is None
