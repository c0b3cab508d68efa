"""Words of the per-language lexicons for news the dev sets showed them missing (foreign aid, opposition, cannabis)."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

POLITICS, HEALTH, CRIME, CONFLICT = "medtop:11000000", "medtop:07000000", "medtop:02000000", "medtop:16000000"


@pytest.mark.parametrize(("language", "title", "text", "expected"), [
    ("ur", "امریکہ اور پاکستان کے کشیدہ تعلقات", "امریکی عسکری امداد کی بندش کے بعد دہشت گردی کے خلاف تعاون پر سوال۔", POLITICS),
    ("ur", "فوجی تعاون معطل کر دیا: وزیر دفاع", "پارلیمان نے قرارداد منظور کر لی۔", POLITICS),
    ("sk", "Opozičník kritizoval rozhodnutie", "Hnutie to oznámilo v pondelok.", POLITICS),
    ("sk", "V regióne sa opäť rozhoreli násilnosti", "Situácia je napätá.", CONFLICT),
    ("fr", "La consommation de cannabis chez les jeunes", "Plus de 7 % des jeunes présentent un risque.", HEALTH),
    ("fr", "Perturbateurs endocriniens : quels effets ?", "Des études montrent des troubles chez l'enfant.", HEALTH),
    ("uk", "Рада легалізувала медичний канабіс", "Закон почне діяти через пів року.", HEALTH),
    ("ru", "Юридическая помощь жителям области", "За бесплатной юридической помощью обратились тысячи человек.",
     CRIME),
    ("pt", "Antigo assessor presta depoimento", "O depoimento durou três horas.", CRIME),
])
def test_lexicon_words_give_the_topic(language: str, title: str, text: str, expected: str) -> None:
    tags = tag_topics(title, text, language=language)
    assert tags and tags[0].code == expected, tags
