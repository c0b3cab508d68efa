"""Tests for the institutions fallback of mediamon.enrich.countries (curated/institutions.tsv):
national institutions are evidence of their country only when an article names no place at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.enrich.countries import GAZETTEER_TABLE, compose_document, load_tagger, read_institutions, tag_countries

INSTITUTIONS = GAZETTEER_TABLE.parent / "curated" / "institutions.tsv"


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Zahlen geschönt? FBI-Untersuchung gegen Tesla", "Das FBI ermittelt strafrechtlich.", "US"),
    (None, "A GNR registou mais acidentes na Operação Ano Novo.", "PT"),
    (None, "Poslanci OĽANO navrhujú zmenu zákona.", "SK"),
    (None, "ÖSYM sınav sonuçlarını açıkladı.", "TR"),            # the Turkish İ/Ö letters stay as written
    (None, "Президент компанії Енергоатому заявив про зміни.", "UA"),  # Cyrillic case ending
    (None, "ҰБТ нәтижесі жарияланды.", "KZ"),
    (None, "2024年高考今日开考。", "CN"),                          # Han: no word boundary needed
    (None, "夏の甲子園、決勝進出。", "JP"),
])
def test_an_institution_alone_gives_the_focus(title: str | None, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_the_span_names_the_institution() -> None:
    title, text = "Das FBI ermittelt", ""
    (mention,) = tag_countries(title, text).countries
    doc, _ = compose_document(title, text)
    assert [doc[s:e] for s, e, _ in mention.spans] == ["FBI"]


def test_a_named_place_keeps_the_focus() -> None:
    text = "Das FBI und die CIA ermitteln in Wien; Wien bestätigte die Ermittlungen."
    tags = tag_countries(None, text)
    assert tags.focus == "AT"
    assert {m.code for m in tags.countries} == {"AT"}  # institutions are not counted beside places


@pytest.mark.parametrize("text", [
    "Real Madrid beat Manchester United 2-1.",     # clubs named after their towns are no mention
    "Die NS-Zeit wird im Museum dokumentiert.",    # NS (Nederlandse Spoorwegen) is not listed bare
    "The fbi file was lost.",                      # case-sensitive
    "The FBIX and CIAO programmes ended.",         # whole words: FBIX is not FBI
])
def test_other_organisations_and_words_do_not_match(text: str) -> None:
    assert tag_countries(None, text).focus is None


def test_loader_rejects_places_and_doubles(tmp_path: Path) -> None:
    gazetteer = load_tagger().gazetteer
    table = tmp_path / "institutions.tsv"
    table.write_text("# test\nXX\tExample Agency|EXA\n", encoding="utf-8")
    found = read_institutions(table, gazetteer.names, gazetteer.people, {"endings": {}})
    assert set(found) == {"Example Agency", "EXA"} and found["EXA"].kind == "institution"
    for bad in ("XX\tGeorgia\n", "XX\tEXA\nYY\tEXA\n", "XX\tAngela Merkel\n", "Xx\tEXA\n", "# a\nXX EXA\n"):
        table.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match="line [12]"):
            read_institutions(table, gazetteer.names, gazetteer.people, {"endings": {}})


@pytest.mark.parametrize(("text", "expected"), [
    ("Senát schválil novelu zákona, přestože ji poslanci předtím odmítli.", "CZ"),
    ("Senát schválil novelu. Poslanci ju predtým odmietli, ľudia protestujú.", None),  # Slovak ľ: no Czech Senát
    ("Parlament odvolal ministra vnútra, koaličný partner hlasoval proti.", "SK"),     # no Czech ě ř ů
    ("Parlament schválil zákon, předseda vlády řekl, že je spokojen.", None),          # Czech: not the Slovak one
    ("Európsky Parlament schválil nové pravidlá pre ľudí.", None),                     # a block row hides it
    ("Verdi ruft zu Warnstreiks auf. Die Gewerkschaft fordert mehr Lohn für Beschäftigte.", "DE"),
    ("Die Staatsoper zeigt Verdis Oper in einer neuen Inszenierung, Kritiker sind begeistert.", None),
    ("Meclis'te bütçe görüşmeleri başladı, milletvekilleri tartıştı.", "TR"),
    ("Meclis yenə toplaşır, deputatlar büdcəni müzakirə edəcək.", None),               # Azerbaijani ə
    ("La CGT appelle à la grève dans les raffineries.", "FR"),
    ("O INE divulgou os números do desemprego, que caíram em março.", "PT"),
    ("El INE publicó los datos del paro de octubre.", None),                           # Spain, Chile or Mexico
    ("国会で予算案が可決された。", "JP"),
    ("国会通过了新的预算法案。", None),                                                  # Chinese: whose congress?
    ("全国会議が開かれた。", None),                                                      # 全国 + 会議, no 国会
    ("Сенат бюджет туралы заңды қабылдады.", "KZ"),
    ("Сенат одобрил законопроект.", None),                                             # Russian: any senate
])
def test_a_shared_name_holds_in_the_language_that_tells_its_country(text: str, expected: str | None) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Der Bundesrat billigt das Heizungsgesetz, die Länder stimmen zu.", "DE"),
    ("Der Bundesrat und die ÖVP streiten über die Reform der Pensionen für Ältere.", "AT"),
    ("Der Bundesrat will die Armee stärken, der Ständerat ist dagegen.", "CH"),
    ("Der Nationalrat und der Ständerat einigen sich über das Budget für Bahnprojekte.", "CH"),
    ("The Bundesrat approved the law on Friday.", None),                               # not German text
])
def test_a_shared_institution_goes_where_the_other_institutions_point(text: str, expected: str | None) -> None:
    tags = tag_countries(None, text)
    assert tags.focus == expected
    assert [m.code for m in tags.countries] == ([expected] if expected else [])


def test_the_bundesrat_is_not_counted_beside_places() -> None:
    tags = tag_countries(None, "Der Bundesrat in Wien stimmte zu; Wien begrüßt die Reform.")
    assert [m.code for m in tags.countries] == ["AT"]


def test_loader_reads_gates_homonyms_and_blocks(tmp_path: Path) -> None:
    gazetteer = load_tagger().gazetteer
    table = tmp_path / "institutions.tsv"
    morphology = {"endings": {}, "letters": {"cs": "ěřůč", "sk": "ľôč", "de": "äß"}, "neighbours": {"cs": ["sk"]}}
    table.write_text("CZ@cs\tSenát\nDE,AT,CH\tBundesrat\n-\tGiuseppe Verdi\n", encoding="utf-8")
    found = read_institutions(table, gazetteer.names, gazetteer.people, morphology)
    assert (found["Senát"].needs, found["Senát"].foreign) == ("čěřů", "ôľ")  # Slovak's own letters keep it out
    assert (found["Bundesrat"].code, found["Bundesrat"].homonyms, found["Bundesrat"].needs) == ("DE", ("AT", "CH"), "")
    assert (found["Giuseppe Verdi"].code, found["Giuseppe Verdi"].kind) == ("", "block")
    for bad, message in (("CZ@xx\tSenát\n", "xx"), ("DE,at\tBundesrat\n", "line 1"), ("CZ@\tSenát\n", "gate")):
        table.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            read_institutions(table, gazetteer.names, gazetteer.people, morphology)


def test_committed_list_reads_and_covers_the_registry_countries() -> None:
    institutions = load_tagger().gazetteer.institutions
    assert {"US", "DE", "FR", "ES", "PT", "BR", "RU", "UA", "TR", "JP", "CN"} <= {n.code for n in institutions.values()}
    assert INSTITUTIONS.exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("Sağlık Bakanlığı aşı olmayanların risk altında olduğunu belirtti.", "TR"),
    ("Səhiyyə nazirliyi xəbərdarlıq edib.", "AZ"),
    ("Sotsiaalministeerium soovib vähendada laste vaesust.", "EE"),
    ("Švietimo ministerija ieško būdų pritraukti jaunų pedagogų.", "LT"),
    ("Prokuratura postawiła zarzuty byłemu wiceministrowi.", "PL"),
    ("Ministerstvo školstva rozdelí školám nové materiály.", "SK"),             # Czech: školství
    ("Muž připravil investory o desítky milionů korun.", "CZ"),
    ("Ο ιατρικός σύλλογος ζητά παρέμβαση του υπουργείου Υγείας.", "GR"),
    ("Білім министрлігі кітаптарды жеткізуге уәде берді.", "KZ"),
    ("Міністэрства культуры зменшыла субсідыі.", "BY"),
    ("За даними міністерства, понад чотири мільйони людей залишили домівки.", "UA"),  # Cyrillic case ending
    ("Kementerian Kesihatan merekodkan lebih sepuluh ribu kes.", "MY"),         # Indonesian: Kesehatan
    ("A prefeitura entregou-lhe uma medalha.", "BR"),
    ("Helseministeren ber folk vaksinere seg.", "NO"),
    ("स्वास्थ्य मन्त्रालयले लामखुट्टे नियन्त्रण अभियान सुरु गरेको छ।", "NP"),   # Nepali postposition ले
    ("मुख्यमंत्री ने रैली में विपक्ष पर हमला बोला।", "IN"),                     # Hindi spelling (Nepali मन्त्री)
    ("Общая сумма субсидий составила 524,6 млн. рублей", "RU"),
    ("Odboráři požadují růst mezd, ve vládě se o tom jedná.", "CZ"),             # Czech ě: Slovak writes vláde
    ("Новы кіраўнік урада паабяцаў зберагчы сацыяльныя праграмы.", "BY"),
    ("Ribuan pekerja berunjuk rasa di depan kantor gubernur.", "ID"),            # Malaysian: gabenor
    ("首相は記者会見で新しい経済対策を発表した。", "JP"),                          # Japanese text: kana
    ("Госдума приняла закон в первом чтении.", "RU"),
])
def test_a_ministry_or_currency_in_a_language_of_one_country_gives_it(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize("text", [
    "Il ministro minaccia la precettazione.",           # Lithuanian ministro is not listed: Italian, Spanish word
    "Os problemas são reais, disse o economista.",      # reais: also "real" in the plural
    "Nazir Ahmed spoke to reporters.",                  # Azerbaijani nazir is also a first name
    "정부군은 반군 진지를 폭격했다.",                    # 정부 (government) is not listed: 정부군 is any army
    "Vláda schválila rozpočet na budúci rok.",           # vláda alone: Czech and Slovak write it alike
    "首相发表讲话，呼吁团结。",                           # Chinese 首相 without kana: whose prime minister?
    "Kementerian Pendidikan mengumumkan jadwal ujian.",   # Malay and Indonesian spell this ministry alike
])
def test_words_shared_with_other_languages_are_not_institutions(text: str) -> None:
    assert tag_countries(None, text).focus is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Presiden Donald Trump mengumumkan tarif baru untuk impor baja.", "US"),
    ("Presiden Donald Trump berkata kerajaannya akan mengenakan tarif baharu.", "US"),   # Malay
    ("Perdana Menteri Benjamin Netanyahu berkata operasi itu akan diteruskan.", "IL"),
    ("Dışişleri Bakanı Lavrov açıklama yaptı.", "RU"),
    ("Cumhurbaşkanı Putin yeni bir kararname imzaladı.", "RU"),
    ("Thủ tướng Netanyahu tuyên bố chiến dịch sẽ tiếp tục.", "IL"),
    ("Thủ tướng Modi phát biểu tại hội nghị.", None),                 # Modi: too short a bare surname
    ("Chính quyền Trump áp thuế mới đối với thép.", "US"),
    ("رئیس‌جمهور ترامپ گفت تعرفه‌های جدید اعمال می‌شود.", "US"),
    ("Ministr zahraničí Rubio jednal o clech.", None),              # a bare title is nobody's country
    ("英首相は記者会見で新しい経済対策を発表した。", "GB"),           # 英: Britain's prime minister
    ("スターマー英首相は記者会見で発表した。", "GB"),
    ("仏首相は辞任を表明した。", "FR"),
])
def test_a_title_before_a_named_leader_is_the_leaders_office(text: str, expected: str | None) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Zawodniczka zdobyła dwa złote medale na mistrzostwach.", None),   # "golden"
    ("Złote Globy rozdane, nagrodę dostał film o wojnie.", None),
    ("Płaca minimalna wzrośnie o 300 złotych.", "PL"),
])
def test_polish_zloty_is_the_currency_only_in_its_plural(text: str, expected: str | None) -> None:
    assert tag_countries(None, text).focus == expected


def test_a_ministry_does_not_outweigh_a_named_place() -> None:
    tags = tag_countries(None, "Azerbaycan Sağlık Bakanlığı açıkladı.")
    assert tags.focus == "AZ"
    assert {m.code for m in tags.countries} == {"AZ"}


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("삼성전자 3분기 영업이익 12조 원", "반도체 부문 실적이 개선됐다.", "KR"),       # a national company in its script
    ("Renault supprime 2 000 postes", "Le constructeur justifie la restructuration.", "FR"),
    ("Sonangol anuncia descoberta no bloco 15", "", "AO"),
    ("Ο Ολυμπιακός νίκησε τον Παναθηναϊκό", "", "GR"),                       # clubs in Greek, their cases
    ("العين يتغلب على الوحدة في دوري أدنوك للمحترفين", "", "AE"),              # a league named after a company
    ("Hertha BSC verkauft Stürmer", "", "DE"),
])
def test_a_national_company_or_club_alone_gives_the_focus(title: str, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


@pytest.mark.parametrize("text", [
    "Huawei stellt ein neues Smartphone vor.",            # world brands: product news names no country
    "Goldman Sachs Buy: UBS hebt das Kursziel an.",
    "年末轻薄本选购指南：华为、小米新品对比。",
    "Michelin dévoile son guide 2026.",
    "新油田は日産1万バレルを見込む。",                   # "daily output", not Nissan (日産自動車)
])
def test_world_brands_are_not_a_country(text: str) -> None:
    assert tag_countries(None, text).focus is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Bộ Công an khởi tố vụ án", "VN"),
    ("Polda Metro Jaya menangkap tersangka", "ID"),
    ("한미 정상회담 개최", "KR"),
    ("岸田前首相が講演", "JP"),
])
def test_national_bodies_and_former_leaders_alone_give_the_focus(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("外交部发言人表示反对", "CN"),                                 # simplified Chinese: the PRC's ministry
    ("官房長官は記者会見で述べた", "JP"),
    ("국방부는 밝혔다", "KR"),                                       # with its particle
    ("Міноборони повідомило", "UA"),
    ("MSB açıklama yaptı", "TR"),
])
def test_ministries_of_one_script_or_language_alone_give_the_focus(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Um acidente matou um jovem na freguesia de Vale, no concelho da cidade.", "PT"),   # Portugal's local government
    ("O edifício dos CTT vai ser vendido.", "PT"),
    ("A prefeitura anunciou obras no bairro.", "BR"),                                      # Brazil's stays Brazilian
])
def test_portuguese_local_government_words_give_portugal(text: str, expected: str) -> None:
    assert tag_countries(None, text).focus == expected
