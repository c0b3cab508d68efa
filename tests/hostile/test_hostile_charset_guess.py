"""Short undeclared legacy text that the detector alone read in the wrong script: Hebrew in windows-1255 as
windows-1251 ('згщеъ дйен'), Latin capitals with accents in windows-1252 or ISO-8859-1 as Shift_JIS half-width
katakana ('ﾉTﾉ ﾇA'); and the cases the weighing must not break: short cp1251 and KOI8-R headlines, Greek and Latin."""
from __future__ import annotations

import pytest

from mediamon.discover.feeds import parse_feed
from mediamon.text.charset import decode_bytes
from tests.support.hostile_inputs import FEED_URL, SOURCE_ID, rss_feed, rss_item, web_encoded_page

HEBREW = ["חדשות היום בישראל", "בחירות מקומיות", "ראש הממשלה נפגש עם השרים", "גשם כבד צפוי בצפון הארץ"]
LATIN_CAPITALS = ["ÉTÉ ÇA VA À PARIS", "ÉLECTIONS : LE DÉBAT À L'ASSEMBLÉE", "ÄRGER ÜBER GRÜNE PLÄNE",
                  "ÚLTIMA HORA: CAMPAÑA ELECTORAL", "CAFÉ ÉTÉ"]
UNDECLARED_PROLOG = '<?xml version="1.0"?>\n'


@pytest.mark.parametrize("codec", ["cp1255", "iso-8859-8"])
@pytest.mark.parametrize("headline", HEBREW)
def test_a_short_undeclared_hebrew_page_is_read_as_windows_1255(headline: str, codec: str) -> None:
    decoded = decode_bytes(web_encoded_page(headline, codec))
    assert decoded.encoding == "cp1255" and f"<title>{headline}</title>" in decoded.text


@pytest.mark.parametrize("headline", HEBREW)
def test_a_short_undeclared_hebrew_feed_gives_hebrew_titles(headline: str) -> None:
    body = rss_feed([rss_item(headline, "https://news.example.org/a")], prolog=UNDECLARED_PROLOG).encode("cp1255")
    assert [item.title for item in parse_feed(body, FEED_URL, source_id=SOURCE_ID)] == [headline]


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
@pytest.mark.parametrize("headline", LATIN_CAPITALS)
def test_latin_capitals_with_accents_are_read_as_windows_1252_not_shift_jis(headline: str, codec: str) -> None:
    decoded = decode_bytes(web_encoded_page(headline, codec))
    assert decoded.encoding == "cp1252" and f"<title>{headline}</title>" in decoded.text


@pytest.mark.parametrize("headline", LATIN_CAPITALS)
def test_an_undeclared_feed_of_latin_capitals_gives_them_as_written(headline: str) -> None:
    body = rss_feed([rss_item(headline, "https://news.example.org/a")], prolog=UNDECLARED_PROLOG).encode("cp1252")
    assert [item.title for item in parse_feed(body, FEED_URL, source_id=SOURCE_ID)] == [headline]


@pytest.mark.parametrize(("text", "codec"), [("Hükümet yeni ekonomi paketini açıkladı", "cp1254"),
                                             ("Vláda schválila nový zákon o školství", "iso-8859-2"),
                                             ("Rząd przyjął projekt budżetu", "cp1250"),
                                             ("Уряд ухвалив новий закон про освіту", "koi8-u"),
                                             ("Η κυβέρνηση ανακοίνωσε νέα μέτρα", "cp1253"),
                                             ("الحكومة تعلن عن ميزانية العام المقبل", "cp1256")])
def test_short_texts_of_other_legacy_encodings_are_read_in_their_own_script(text: str, codec: str) -> None:
    assert f"<title>{text}</title>" in decode_bytes(web_encoded_page(text, codec)).text


@pytest.mark.parametrize(("headline", "codec"), [("Новости", "cp1251"), ("Мир", "cp1251"), ("Україна сьогодні", "cp1251"),
                                                 ("Новости дня", "koi8-r"), ("Главная", "koi8-r")])
def test_short_cyrillic_headlines_stay_cyrillic(headline: str, codec: str) -> None:
    assert f"<title>{headline}</title>" in decode_bytes(web_encoded_page(headline, codec)).text


def test_a_guess_keeps_every_tag_around_hebrew_text() -> None:
    text = decode_bytes(web_encoded_page("חדשות היום בישראל", "cp1255")).text
    assert text.count("<") == text.count(">") == 10
