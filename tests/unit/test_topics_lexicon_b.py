"""Topic lexicons of ru, uk, be, kk, ar, fa, ur, ps, he, hi, bn, ne, zh, ja, ko, vi, id, ms name everyday topics."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

HUMAN_INTEREST, LIFESTYLE = "medtop:08000000", "medtop:10000000"

# (language, title, text, expected first topic): short items written for this test, about no country.
CASES = [
    ("ru", "Пенсионерка растрогала соседей", "Спустя годы она вернула владельцу потерянную вещь.", HUMAN_INTEREST),
    ("be", "Юбіляр расказаў пра даўгалецце", "Праўнукі і ўнукі прыехалі да бабулі.", HUMAN_INTEREST),
    ("kk", "Әже мен немерелер", "Көпбалалы отбасы мерекеде.", HUMAN_INTEREST),
    ("ur", "رکشہ ڈرائیور کی خوشی کے آنسو", "غریب گھرانے کی کہانی۔", HUMAN_INTEREST),
    ("ps", "د اختر میلې", "خلک پارکونو ته د تفریح لپاره ورغلل.", LIFESTYLE),
    ("he", "נופש בצפון", "חבילות נופש לזוגות.", LIFESTYLE),
    ("hi", "रसोई में हलवा", "शेफ ने पकवान का स्वाद बताया।", LIFESTYLE),
    ("ne", "हजुरबुबा र हजुरआमा", "नातिनातिनाको सपना पूरा भयो।", HUMAN_INTEREST),
    ("zh", "老爷爷的暖心举动", "让人感动。", HUMAN_INTEREST),
    ("zh", "穿搭和小吃", "温泉之旅。", LIFESTYLE),
    ("ja", "長寿の秘訣", "常連客とのほっこりした会話。", HUMAN_INTEREST),
    ("ja", "アウトドアの楽しみ", "週末の過ごし方。", LIFESTYLE),
    ("ko", "할머니의 훈훈한 사연", "평생 모은 돈을 내놓았다.", HUMAN_INTEREST),
    ("vi", "Cụ ông và cụ bà", "Câu chuyện được chia sẻ.", HUMAN_INTEREST),
    ("id", "Penginapan murah", "Pilihan untuk akhir pekan.", LIFESTYLE),
    ("ms", "Nenek masih berniaga", "Kisahnya tular di media sosial.", HUMAN_INTEREST),
]


@pytest.mark.parametrize(("language", "title", "text", "expected"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_everyday_topic_comes_first(language: str, title: str, text: str, expected: str) -> None:
    """An item in everyday news words gets its topic first, not a neighbouring one or none."""
    topics = tag_topics(title, text, language=language)
    assert topics, f"{language}: no topic for {title!r}"
    assert topics[0].code == expected, f"{language}: {title!r} got {[(t.code, t.score) for t in topics]}"
