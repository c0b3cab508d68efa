"""Topic tagging of headline words the registry languages' news uses often (raids, cups, storms, queens)."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

CRIME, SPORT, WEATHER, POLITICS = "medtop:02000000", "medtop:15000000", "medtop:17000000", "medtop:11000000"
HUMAN_INTEREST, SCIENCE, ECONOMY = "medtop:08000000", "medtop:13000000", "medtop:04000000"

# (language, title, text, expected first topic): short feed-style items written for these tests.
CASES = [
    ("de", "Razzia bei mutmaßlichen Schleusern in drei Städten", "", CRIME),
    ("de", "Regierungschef kündigt Kabinettsumbildung an", "", POLITICS),
    ("de", "Sturmwarnung für die Nordseeküste", "", WEATHER),
    ("de", "Kontrollgremium tagt erstmals", "", POLITICS),  # *gremium: a committee
    ("de", "Schwarz-Rot streitet über das Heizungsgesetz", "", POLITICS),
    ("es", "Redada contra una red de falsificadores en Valencia", "", CRIME),
    ("fr", "Perquisition au domicile d'un élu marseillais", "", CRIME),
    ("pt", "Burla com cartões deixa dezenas de idosos sem poupanças", "", CRIME),
    ("pt", "Benfica conquista a Taça depois de dez anos", "", SPORT),
    ("it", "Il sindaco incontra i cittadini del quartiere", "", POLITICS),
    ("it", "Tempesta sulla costa ligure, mareggiate a Genova", "", WEATHER),
    ("ru", "Обыски прошли в офисах строительной компании", "", CRIME),
    ("ru", "Непогода оставила без света десятки сел", "", WEATHER),
    ("uk", "Обшуки у посадовців міської ради", "", CRIME),
    ("uk", "Негода знеструмила понад сто населених пунктів", "", WEATHER),
    ("tr", "Galatasaray kupayı müzesine götürdü", "", SPORT),
    ("zh", "中国女排再次夺冠", "", SPORT),
    ("ar", "المنتخب يتوج بكأس البطولة العربية", "", SPORT),
    ("de", "Masernausbruch in Berlin bestätigt", "", "medtop:07000000"),  # a keyword stem starts the compound
    ("de", "Erdbebenopfer warten auf Hilfe", "", "medtop:03000000"),
    ("nl", "Hamas en Israël akkoord over staakt-het-vuren", "", "medtop:16000000"),  # staakt is no strike here
    ("pl", "Nawałnice przeszły nad Mazowszem", "", WEATHER),
    ("el", "Στρατεύματα στα σύνορα", "", "medtop:16000000"),
    ("ru", "Путин провел совещание с членами Совбеза", "", POLITICS),
    ("uk", "Динамо обіграло Шахтар у центральному матчі туру", "", SPORT),
    ("es", "Remontada histórica en el Bernabéu", "", SPORT),
    ("it", "Leone XIV incontra i giovani in piazza San Pietro", "", "medtop:12000000"),
    ("de", "Dreharbeiten für neuen Bond beginnen in London", "", "medtop:01000000"),
    # agriculture is an economic sector in IPTC Media Topics
    ("es", "Los agricultores denuncian pérdidas por la sequía en la cosecha", "", ECONOMY),
    ("fr", "Les agriculteurs bloquent les routes pour protester contre les prix", "", ECONOMY),
    ("de", "Landwirte rechnen mit schlechter Ernte", "", ECONOMY),
    ("ru", "Фермеры Кубани собрали рекордный урожай пшеницы", "", ECONOMY),
    ("tr", "Çiftçiler mazot fiyatlarına tepki gösterdi", "", ECONOMY),
    ("zh", "今年全国粮食产量再创新高", "", ECONOMY),
]


@pytest.mark.parametrize(("language", "title", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_headline_gets_its_topic_first(language: str, title: str, text: str, expected: str) -> None:
    tags = tag_topics(title, text, language=language)
    assert tags and tags[0].code == expected, [(t.code, t.evidence) for t in tags]
