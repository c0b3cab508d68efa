"""decode_body / decode_bytes: BOM, UTF-16 pattern, valid UTF-8, declarations, detection; never raises."""
from __future__ import annotations

import random

import pytest

from mediamon.text.charset import decode_body, decode_bytes, header_encoding

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


def test_declarations_are_read_only_in_the_document_head() -> None:
    body = "<html><head><meta charset='koi8-r'></head><body>Новости дня</body></html>".encode("koi8-r")
    assert decode_bytes(body).evidence == "meta"
    assert decode_bytes(b" " * 5000 + body).evidence != "meta"


def test_valid_utf8_wins_over_a_wrong_header_and_declaration() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body>Kursziel für NVIDIA</body></html>'
    decoded = decode_bytes(html.encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert (decoded.text, decoded.evidence) == (html, "valid-utf-8")


def test_utf16_without_bom_is_recognised() -> None:
    xml = '<?xml version="1.0" encoding="utf-16"?><rss><title>Привет</title></rss>'
    for codec in ("utf-16-le", "utf-16-be"):
        decoded = decode_bytes(xml.encode(codec), None)
        assert (decoded.text, decoded.encoding, decoded.evidence) == (xml, codec, "utf-16-pattern")


def test_windows_1252_body_with_an_undefined_byte_is_read_as_latin_1() -> None:
    body = "Café crème".encode("cp1252") + b"\x81"
    decoded = decode_bytes(body, "text/html; charset=ISO-8859-1")
    assert (decoded.text, decoded.evidence) == ("Café crème\x81", "http")


def test_gb2312_label_is_read_as_gb18030() -> None:
    text = "<p>新闻 𠀀</p>"  # the second character is outside GB2312
    assert decode_bytes(text.encode("gb18030"), "text/html; charset=gb2312").text == text


def test_undefined_codec_label_never_raises() -> None:
    assert decode_body("Café".encode("cp1252"), "text/html; charset=undefined") == "Café"
