"""Tests for gazetteer 2026.62: stock indices, currencies, broadcasters and airlines of the registry's smaller
languages as fallback evidence, provinces and historical regions no source gave (Swedish landskap, Norwegian
counties, Nepali districts, Lithuanian regions, Israel's Galilee and Negev), the stock exchange that is no Bursa,
Indonesian lima 'five', Real Madrid in Lithuanian, and the topic lexicons' words for broadcasters, fairs and
festivals, migrant workers, sea ice and sleep."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries
from tests.support.tagging import focus, top_topic


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("上证综指收涨1.2%", "券商板块领涨，成交额放大。", "CN"),
    ("코스닥 3% 급락", "개인 투자자들의 매도세가 이어졌다.", "KR"),
    ("सेंसेक्स में 500 अंकों की तेजी", "धातु और ऑटो शेयरों में खरीदारी रही।", "IN"),
    ("নেপ্সে নয়, টাকার মান নিয়ে উদ্বেগ", "আমদানি ব্যয় বেড়েছে।", "BD"),
    ("नेप्से १२ अंकले बढ्यो", "जलविद्युत कम्पनीको सेयर मूल्य बढ्यो।", "NP"),
    ("IHSG ditutup menguat 0,8%", "Saham perbankan menjadi penopang utama.", "ID"),
    ("Rupiah menguat tipis pada awal pekan", "Pelaku pasar menanti data inflasi.", "ID"),
    ("Ringgit dibuka tinggi", "Peniaga menjangkakan permintaan eksport meningkat.", "MY"),
    ("VN30 tăng hơn 10 điểm", "Dòng tiền quay lại nhóm cổ phiếu thép.", "VN"),
    ("AEX opent hoger", "Beleggers reageren op goede kwartaalcijfers.", "NL"),
    ("Hovedindeksen steg 1 prosent", "Oljeaksjene trakk opp.", "NO"),
    ("Ο Γενικός Δείκτης υποχώρησε 0,7%", "Πιέσεις δέχθηκαν οι τραπεζικές μετοχές.", "GR"),
    ("השקל נחלש מול האירו", "הסוחרים מצפים להחלטת הריבית.", "IL"),
    ("airBaltic atnaujina skrydžius", "Bendrovė gavo naujus variklius.", "LV"),
    ("ERR alustab uue saatega", "Rahvusringhääling näitab seda laupäeviti.", "EE"),
])
def test_a_market_money_or_media_word_is_its_country_when_nothing_else_is_named(title: str, text: str,
                                                                                 expected: str) -> None:
    assert focus(title, text) == expected


def test_a_named_place_outranks_the_market_words() -> None:
    assert focus("השקל נחלש לאחר החלטת הריבית בוושינגטון") == "US"
    assert focus("Rupiah melemah setelah keputusan bank sentral di Tokyo") == "JP"


@pytest.mark.parametrize(("title", "expected"), [
    ("Skogsbrand i Ångermanland – hundratals hektar brinner", "SE"),
    ("Snöoväder i Norrbotten stoppar tågen", "SE"),
    ("Ras i Finnmark: E6 stengt i flere døgn", "NO"),
    ("Flom i Rogaland etter kraftig regn – hus må evakueres", "NO"),
    ("सोलुखुम्बुमा हिमपहिरो, तीन जना बेपत्ता", "NP"),
    ("झापामा बाढी, सयौं घर डुबानमा", "NP"),
    ("Potvynis Aukštaitijoje: užlieti keliai", "LT"),
    ("Dzūkijos miškuose kilo gaisras", "LT"),
    ("שריפה בצפת: עשרות משפחות פונו", "IL"),
    ("Ыстамбұлда жер сілкінісі болды", "TR"),
])
def test_provinces_and_regions_without_the_country_name_it(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "text"), [
    ("מניות הטכנולוגיה עלו בבורסה", "המדדים המובילים נסחרו בעליות."),
    ("Bursa Efek catat rekor transaksi harian", "Investor ritel mendominasi perdagangan."),
    ("Lima orang tewas dalam kecelakaan bus", "Polisi masih menyelidiki penyebab kecelakaan."),
    ("Lima cara menghemat listrik di rumah", "Matikan peralatan yang tidak dipakai."),
])
def test_the_stock_exchange_and_the_number_five_are_no_places(title: str, text: str) -> None:
    assert focus(title, text) is None


def test_ascii_county_names_hold_in_their_language_alone() -> None:
    assert focus("Loud music complaint", "Officer Telemark and neighbour Troms arrived at the house.") is None
    assert focus("Skiers learn the telemark turn", "A Telemark course opens in Vermont.") == "US"


def test_bursa_and_lima_still_name_their_countries() -> None:
    assert focus("Bursa'da 5,1 büyüklüğünde deprem") == "TR"
    assert focus("Lima, capital de Perú, amanece con protestas") == "PE"
    assert focus("FBM KLCI ditutup rendah, saham di Bursa lemah") == "MY"


def test_real_madrid_in_lithuanian_names_no_spain() -> None:
    found = tag_countries("Žalgiris Kaune nugalėjo Madrido Realą", "Kauno komanda laimėjo 90:84.")
    assert found.focus == "LT"
    assert "ES" not in {m.code for m in found.countries}


@pytest.mark.parametrize(("title", "text", "language", "expected"), [
    ("Yle aloittaa uuden radiokanavan", "Kanava soittaa kotimaista musiikkia.", "fi", "medtop:01000000"),
    ("Η ΕΡΤ ανακοίνωσε νέο τηλεοπτικό κανάλι", "Θα μεταδίδει ντοκιμαντέρ.", "el", "medtop:01000000"),
    ("元宵灯会开幕　游客排队赏灯", "今年的灯会展出了两百多组彩灯，还有舞狮表演。", "zh", "medtop:01000000"),
    ("Arbeidsmigranten in de kassen krijgen betere huisvesting", "Uitzendbureaus moeten de woningen laten keuren.",
     "nl", "medtop:09000000"),
    ("Zeeijs rond Antarctica op laagste punt", "Klimaatwetenschappers wijzen op de opwarming sinds de "
     "pre-industriële tijd.", "nl", "medtop:06000000"),
])
def test_lexicon_words_of_this_round_pick_the_topic(title: str, text: str, language: str, expected: str) -> None:
    assert top_topic(title, text, language) == expected
