"""Hostile charsets of the second round: labels naming Python codecs that no browser reads (text transforms such as
unicode-escape turn escapes into markup, EBCDIC turns markup into gibberish), and short undeclared legacy Cyrillic
that the detector took for Shift_JIS, Johab (swallowing the '<' after the text) or cp1006."""
from __future__ import annotations

import codecs

import pytest

from mediamon.text.charset import WEB_CODECS, decode_bytes, normalize_label
from tests.support.hostile_inputs import web_encoded_page

ESCAPED_MARKUP = b"<html><body><p>\\u003cscript\\u003ealert(1)\\u003c/script\\u003e caf\xe9</p></body></html>"


@pytest.mark.parametrize("label", ["unicode-escape", "raw-unicode-escape", "unicode_escape"])
def test_a_header_charset_naming_unicode_escape_turns_no_escape_into_markup(label: str) -> None:
    decoded = decode_bytes(ESCAPED_MARKUP, f"text/html; charset={label}")
    assert "<script>" not in decoded.text
    assert decoded.text.endswith("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e caf\u00e9</p></body></html>")


def test_a_meta_charset_naming_unicode_escape_turns_no_escape_into_markup() -> None:
    decoded = decode_bytes(b'<meta charset="unicode-escape">' + ESCAPED_MARKUP, None)
    assert "<script>" not in decoded.text and decoded.evidence != "meta"


@pytest.mark.parametrize("label", ["cp037", "cp1026", "cp500", "palmos", "ptcp154", "punycode", "idna", "utf-7"])
def test_a_label_naming_no_encoding_of_the_web_is_no_label(label: str) -> None:
    body = "<html><body><p>Réouverture du port après la tempête</p></body></html>".encode("cp1252")
    decoded = decode_bytes(body, f"text/html; charset={label}")
    assert normalize_label(label) is None
    assert decoded.text == body.decode("cp1252") and decoded.encoding == "cp1252"


@pytest.mark.parametrize(("label", "codec"), [("windows-1251", "cp1251"), ("koi8-r", "koi8_r"), ("shift_jis", "cp932"),
                                              ("euc-kr", "cp949"), ("tis-620", "cp874"), ("iso-8859-9", "cp1254"),
                                              ("x-mac-cyrillic", "mac_cyrillic"), ("gb2312", "gb18030")])
def test_web_labels_still_name_their_codecs(label: str, codec: str) -> None:
    assert normalize_label(label) == codecs.lookup(codec).name and codecs.lookup(codec).name in WEB_CODECS


@pytest.mark.parametrize("headline", ["Новости", "Мир", "Главная", "Шукач", "Ёжик", "Новости дня", "Україна сьогодні"])
def test_a_short_undeclared_cp1251_headline_is_read_as_cp1251(headline: str) -> None:
    decoded = decode_bytes(web_encoded_page(headline, "cp1251"))
    assert decoded.encoding == "cp1251"
    assert f"<title>{headline}</title>" in decoded.text


@pytest.mark.parametrize("headline", ["Новости дня", "Главная"])
def test_a_short_undeclared_koi8_r_headline_is_read_as_koi8_r(headline: str) -> None:
    decoded = decode_bytes(web_encoded_page(headline, "koi8-r"))
    assert f"<title>{headline}</title>" in decoded.text


@pytest.mark.parametrize(("text", "codec"), [("Ελληνικά νέα σήμερα", "cp1253"), ("Zażółć gęślą jaźń", "cp1250"),
                                             ("Résumé café à Paris", "cp1252"), ("Straße Größe", "cp1252")])
def test_short_greek_and_latin_texts_are_not_taken_for_cyrillic(text: str, codec: str) -> None:
    assert f"<title>{text}</title>" in decode_bytes(web_encoded_page(text, codec)).text


def test_a_guess_never_swallows_the_markup_around_the_text() -> None:
    for headline in ("Новости", "Мир", "Главная", "Шукач"):
        text = decode_bytes(web_encoded_page(headline, "cp1251")).text
        assert text.count("<") == text.count(">") == 10 and "</title>" in text and "</p>" in text
