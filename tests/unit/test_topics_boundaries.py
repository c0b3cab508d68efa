"""Topic boundaries in non-English lexicons: where two topics compete, the one an editor would choose by the IPTC
definitions comes first (a strike by doctors or teachers is labour, not health or education;
a family feast of a centenarian or of grandparents is human interest)."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

ENVIRONMENT, HUMAN, LABOUR = "medtop:06000000", "medtop:08000000", "medtop:09000000"

# (language, title, text, expected first topic): short items written for this test, in no labelled set.
CASES = [
    ("cs", "Sestry v nemocnicích chystají stávku",
     "Odbory žádají vyšší platy pro zdravotní sestry, nemocnice odkládají plánované operace.", LABOUR),
    ("ne", "शिक्षकको हडताल तेस्रो दिन पनि जारी",
     "तलब वृद्धिको माग गर्दै शिक्षकहरूले विद्यालयमा पढाइ रोकेका छन्।", LABOUR),
    ("kk", "Экологтар Арал теңізінің тартылуына алаңдайды",
     "Соңғы жылдары балықшылардың ауы бос қайтып жүр.", ENVIRONMENT),
    ("tr", "Yüz yaşındaki dede torunlarıyla dans etti",
     "Köy meydanında düzenlenen eğlencede yaşlı adam gençlere eşlik etti.", HUMAN),
    ("he", "זוג חגג שבעים שנות נישואים עם נכדיו",
     "בני הזוג הכירו בהצגה בתיאטרון העירוני לפני שבעים שנה.", HUMAN),
]


@pytest.mark.parametrize(("language", "title", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_boundary_item_gets_the_editors_topic_first(language: str, title: str, text: str, expected: str) -> None:
    topics = tag_topics(title, text, language=language)
    assert topics and topics[0].code == expected, [(t.code, round(t.score, 2)) for t in topics]
