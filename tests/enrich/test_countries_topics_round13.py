"""Tests for gazetteer 2026.67 and the lexicon words that came with it: national teams by their sports-page names,
Chinese one-character abbreviations after a verb of going or staying, Indonesian TKI, Greek Scotland, Bengali
বাংলাদেশি, Malaysia's highland districts, Czech Helsinky, districts and city adjectives, Lithuanian adjectives in
-iškas, Norwegian and Azerbaijani nouns of nationality, central banks by their bare name, Belarusian Кітай (whose
stem is Quito's name), Slavic 'Славянскі' that is no Sloviansk, the Bengali object ending, and health words the
topic lexicons lacked (dementia, blood pressure, liver, heart disease, heatstroke) and export controls."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics
from tests.support.tagging import focus, mentioned, top_topic


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("国足公布新一期集训名单", "主教练召回了三名归化球员。", "CN"),
    ("蓝武士主帅公布世预赛大名单", "多名旅欧球员入选。", "JP"),
    ("Skuad Merah Putih mulai pemusatan latihan", "Pelatih memanggil 26 pemain.", "ID"),
    ("Ribuan TKI pulang kampung jelang Lebaran", "Arus mudik diperkirakan memuncak pekan depan.", "ID"),
    ("Η Γαλανόλευκη ετοιμάζεται για τα προκριματικά", "Ο ομοσπονδιακός τεχνικός ανακοίνωσε τη λίστα.", "GR"),
    ("Η Σκωτία ζητά νέο δημοψήφισμα", "Η τοπική κυβέρνηση κατέθεσε πρόταση.", "GB"),
    ("বাংলাদেশি পর্যটকদের জন্য নতুন ভিসা নিয়ম", "আবেদন করা যাবে অনলাইনে।", "BD"),
    ("টাইগারদের নতুন কোচ ঘোষণা", "দুই বছরের চুক্তিতে সই করেছেন তিনি।", "BD"),
    ("Hujan lebat di Genting Highlands, jalan ditutup", "Pihak berkuasa menasihatkan pengguna jalan berhati-hati.", "MY"),
    ("Povodně na Děčínsku: evakuovány desítky lidí", "Hladina řeky stoupla přes noc.", "CZ"),
    ("Ostravský magistrát schválil rozpočet", "Radní počítají s vyššími výdaji na dopravu.", "CZ"),
    ("Summit v Helsinkách skončil bez dohody", "Delegace se sejdou znovu na jaře.", "FI"),
    ("Parduotuvėse – vis daugiau lenkiškų prekių", "Pirkėjus vilioja mažesnės kainos.", "PL"),
    ("Nordmenn reiser mindre til utlandet i år", "Reisebyråene melder om færre bestillinger.", "NO"),
    ("Кітай павысіў пошліны на імпарт", "Новыя стаўкі пачнуць дзейнічаць з сакавіка.", "CN"),
    ("राष्ट्र बैंकले ब्याजदर घटायो", "बैंकहरूले कर्जाको ब्याज पनि घटाउने तयारी गरेका छन्।", "NP"),
    ("Mərkəzi Bank yeni əskinaslar buraxır", "Yeni əskinaslar gələn aydan dövriyyəyə çıxacaq.", "AZ"),
])
def test_a_team_demonym_region_or_central_bank_names_its_country(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("中国游客赴韩人数回升", "旅行社表示，签证办理时间明显缩短。", "KR"),
    ("Bakıya gələn rusiyalı turistlərin sayı azalıb", "Otellərdə yerlərin yarısı boş qalıb.", "RU"),
    ("Rekordmange svensker handler i Halden", "Butikkene merker den sterke kronen.", "SE"),
])
def test_a_demonym_or_abbreviation_is_mentioned(title: str, text: str, expected: str) -> None:
    assert expected in mentioned(title, text)


def test_slavic_is_no_sloviansk() -> None:
    assert "UA" not in mentioned("У Віцебску пачаўся фестываль «Славянскі базар»", "Выступяць артысты з 20 краін.")
    assert "UA" not in mentioned("Славянский базар открылся в Витебске", "Фестиваль продлится неделю.")


def test_the_country_a_bengali_title_marks_as_object_is_not_its_focus() -> None:
    assert focus("ভারতকে হারিয়ে ফাইনালে টাইগাররা", "শেষ ওভারে জয় নিশ্চিত হয়।") == "BD"


@pytest.mark.parametrize(("title", "text", "language"), [
    ("研究称多喝绿茶可降低痴呆风险", "研究人员追踪了两万名老人。", "zh"),
    ("מחקר: מלח מעלה את הסיכון ללחץ דם גבוה", "החוקרים ממליצים להפחית בצריכה.", "he"),
    ("Mokslininkai: kepenų ligos jaunėja", "Tyrime dalyvavo 5000 žmonių.", "lt"),
    ("Ғалымдар: тұзды көп тұтыну жүрек ауруы қаупін арттырады", "Зерттеу он жыл бойы жүргізілді.", "kk"),
    ("Καύσωνας και θερμοπληξία: οδηγίες για τους ηλικιωμένους", "Να πίνετε νερό και να μένετε σε δροσερούς χώρους.",
     "el"),
])
def test_a_study_about_a_disease_is_health(title: str, text: str, language: str) -> None:
    assert top_topic(title, text, language) == "medtop:07000000"


def test_export_controls_are_economy_evidence() -> None:
    topics = tag_topics("商务部将五家企业列入出口管制实体清单", "相关企业涉及无人机和芯片制造。", language="zh")
    economy = next(t for t in topics if t.code == "medtop:04000000")
    assert {"实体清单", "出口管制"} <= set(economy.evidence)
