"""Undeclared legacy text: the share of short titles and sentences in 17 languages, in their usual legacy encodings
and in UTF-8, that decode_bytes reads right, with no HTTP charset, XML declaration or <meta> charset.

Each text is read three ways (bare, as a small HTML page, as a small RSS feed with no encoding in its XML declaration),
and counts as right when the decoded text holds it as written. The texts are written for this test.
Measured, decode_bytes before -> after weighing readings by implausibility (legacy encodings alone in brackets):
  SET_A, the set the rule was built on:        285/345 = 0.826 -> 345/345 = 1.000  (0.722 -> 1.000)
  SET_B, written later, checked after:         274/327 = 0.838 -> 325/327 = 0.994  (0.740 -> 0.990)
  SET_C, headlines in capitals, written last:   50/96  = 0.521 ->  89/96  = 0.927  (0.233 -> 0.883)
Set B (first read 0.963) then led to a second round (bidi marks beside Latin letters, ASCII letters not choosing the
language of a Hebrew text, the windows-1252 margin counted per differing character), set C to the capitals and
misplaced-final-letter costs: no set is held out any more.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from mediamon.text.charset import decode_bytes, implausibility

FLOORS = {"SET_A": 1.0, "SET_B": 0.99, "SET_C": 0.92}  # share of readings right; raise when it rises, never lower
LEGACY_FLOORS = {"SET_A": 1.0, "SET_B": 0.99, "SET_C": 0.88}  # the same, in legacy encodings only

SET_A = {
    'he': (('cp1255', 'iso-8859-8'), [
        'ראש הממשלה נפגש היום עם שרי האוצר',
        'חדשות היום: גשם כבד צפוי בצפון הארץ בסוף השבוע.',
        'בחירות מקומיות',
        'חדשות היום בישראל',
    ]),
    'ru': (('cp1251', 'koi8-r'), [
        'Правительство обсудило бюджет на следующий год',
        'В Москве прошёл сильный снегопад. Движение на дорогах затруднено.',
        'Курс рубля',
    ]),
    'uk': (('cp1251', 'koi8-u'), [
        'Уряд ухвалив новий закон про освіту',
        'У Києві відкрили міст через Дніпро. Рух транспорту відновлено.',
    ]),
    'bg': (('cp1251',), [
        'Правителството прие бюджета за следващата година',
        'В София валя силен сняг. Движението по пътищата е затруднено.',
    ]),
    'el': (('cp1253', 'iso-8859-7'), [
        'Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία',
        'Ισχυρός σεισμός στην Κρήτη. Δεν αναφέρθηκαν ζημιές.',
    ]),
    'tr': (('cp1254',), [
        'Hükümet yeni ekonomi paketini açıkladı',
        "İstanbul'da şiddetli yağış bekleniyor. Vatandaşlar uyarıldı.",
    ]),
    'pl': (('cp1250', 'iso-8859-2'), [
        'Rząd przyjął projekt budżetu na przyszły rok',
        'W Krakowie spadł śnieg. Kierowcy muszą uważać na śliskie drogi.',
    ]),
    'cs': (('cp1250', 'iso-8859-2'), [
        'Vláda schválila nový zákon o školství',
        'V Praze dnes silně sněžilo. Řidiči musí počítat se zdržením.',
    ]),
    'fr': (('cp1252', 'latin-1'), [
        "Le gouvernement présente son budget pour l'année prochaine",
        "Forte tempête sur la côte atlantique. Des milliers de foyers privés d'électricité.",
        'ÉTÉ : ÇA CHAUFFE À MARSEILLE',
        "ÉLECTIONS : LE DÉBAT À L'ASSEMBLÉE",
    ]),
    'de': (('cp1252', 'latin-1'), [
        'Regierung einigt sich auf neuen Haushalt für das nächste Jahr',
        'Schwerer Sturm über Norddeutschland. Züge fallen aus, Straßen sind gesperrt.',
        'ÄRGER ÜBER GRÜNE PLÄNE',
    ]),
    'es': (('cp1252', 'latin-1'), [
        'El Gobierno aprueba la reforma de las pensiones',
        'Fuertes lluvias en Valencia. Los servicios de emergencia piden precaución a los conductores.',
        'ÚLTIMA HORA: CAMPAÑA ELECTORAL',
    ]),
    'pt': (('cp1252', 'latin-1'), [
        'Governo anuncia nova política de habitação',
        'Chuvas fortes atingem São Paulo. A Defesa Civil emitiu um alerta para a região.',
    ]),
    'ar': (('cp1256',), [
        'الحكومة تعلن عن ميزانية العام المقبل',
        'أمطار غزيرة في القاهرة. السلطات تدعو السكان إلى الحذر.',
    ]),
    'fa': (('cp1256',), [
        'دولت بودجه سال آينده را تصويب کرد',
        'باران شديد در تهران. مردم به احتياط دعوت شدند.',
    ]),
    'ja': (('cp932', 'euc-jp'), [
        '政府が来年度の予算案を発表',
        '東京で大雪。交通機関に乱れが出ています。',
    ]),
    'zh': (('gb18030',), [
        '政府公布明年预算',
        '北京今天下大雪，交通受到影响。',
    ]),
    'zh-hant': (('big5',), [
        '政府公布明年預算',
        '台北今天下大雨，交通受到影響。',
    ]),
    'ko': (('cp949',), [
        '정부, 내년 예산안 발표',
        '서울에 폭설이 내렸다. 교통이 혼잡하다.',
    ]),
}

SET_B = {
    'he': (('cp1255', 'iso-8859-8'), [
        'שר הביטחון ביקר בבסיס חיל האוויר',
        'מחירי הדירות עלו שוב בחודש האחרון, כך עולה מנתוני הלשכה.',
        'מזג האוויר',
    ]),
    'ru': (('cp1251', 'koi8-r'), [
        'Цены на бензин выросли третий месяц подряд',
        'Сборная России сыграла вничью. Следующий матч пройдёт в субботу.',
        'Погода',
    ]),
    'uk': (('cp1251', 'koi8-u'), [
        'Ціни на пальне зросли вже третій місяць поспіль',
        'Збірна України виграла матч. Наступна гра відбудеться в суботу.',
    ]),
    'bg': (('cp1251',), [
        'Цените на горивата се повишиха за трети пореден месец',
        'Националният отбор спечели мача. Следващата среща е в събота.',
    ]),
    'el': (('cp1253', 'iso-8859-7'), [
        'Αυξήθηκαν οι τιμές των καυσίμων για τρίτο μήνα',
        'Η εθνική ομάδα κέρδισε τον αγώνα. Ο επόμενος αγώνας είναι το Σάββατο.',
    ]),
    'tr': (('cp1254',), [
        'Akaryakıt fiyatları üçüncü ay üst üste yükseldi',
        'Milli takım maçı kazandı. Bir sonraki karşılaşma cumartesi günü oynanacak.',
    ]),
    'pl': (('cp1250', 'iso-8859-2'), [
        'Ceny paliw wzrosły trzeci miesiąc z rzędu',
        'Reprezentacja wygrała mecz. Następne spotkanie odbędzie się w sobotę.',
    ]),
    'cs': (('cp1250', 'iso-8859-2'), [
        'Ceny pohonných hmot vzrostly potřetí za sebou',
        'Národní tým vyhrál zápas. Další utkání se hraje v sobotu večer.',
    ]),
    'fr': (('cp1252', 'latin-1'), [
        "Les prix de l'essence augmentent pour le troisième mois",
        "L'équipe de France a gagné. Le prochain match aura lieu samedi à Lyon.",
        "DÉCÈS D'UN ANCIEN MINISTRE",
    ]),
    'de': (('cp1252', 'latin-1'), [
        'Benzinpreise steigen den dritten Monat in Folge',
        'Die Nationalmannschaft hat gewonnen. Das nächste Spiel findet am Samstag in München statt.',
        'MÜNCHEN ÖFFNET NEUE U-BAHN',
    ]),
    'es': (('cp1252', 'latin-1'), [
        'Los precios de la gasolina suben por tercer mes consecutivo',
        'La selección ganó el partido. El próximo encuentro será el sábado en Sevilla.',
        'ÚLTIMAS NOTICIAS DE ESPAÑA',
    ]),
    'pt': (('cp1252', 'latin-1'), [
        'Preços dos combustíveis sobem pelo terceiro mês',
        'A seleção venceu a partida. O próximo jogo será no sábado em Lisboa.',
    ]),
    'ar': (('cp1256',), [
        'ارتفاع أسعار الوقود للشهر الثالث على التوالي',
        'فاز المنتخب الوطني بالمباراة. المباراة القادمة يوم السبت.',
    ]),
    'fa': (('cp1256',), [
        'قيمت بنزين براي سومين ماه افزايش يافت',
        'تيم ملي در مسابقه پيروز شد. بازي بعدي روز شنبه برگزار مي شود.',
    ]),
    'ja': (('cp932', 'euc-jp'), [
        'ガソリン価格が三か月連続で上昇',
        '日本代表が試合に勝利した。次の試合は土曜日に行われる。',
    ]),
    'zh': (('gb18030',), [
        '汽油价格连续三个月上涨',
        '国家队赢得了比赛。下一场比赛将在星期六举行。',
    ]),
    'zh-hant': (('big5',), [
        '汽油價格連續三個月上漲',
        '國家隊贏得了比賽。下一場比賽將在星期六舉行。',
    ]),
    'ko': (('cp949',), [
        '휘발유 가격 석 달 연속 상승',
        '국가대표팀이 경기에서 이겼다. 다음 경기는 토요일에 열린다.',
    ]),
}

SET_C = {
    'ru': (('cp1251', 'koi8-r'), [
        'НОВОСТИ ДНЯ',
        'ПРАВИТЕЛЬСТВО ОБСУДИЛО БЮДЖЕТ',
        'ЦЕНЫ НА БЕНЗИН ВЫРОСЛИ',
    ]),
    'uk': (('cp1251', 'koi8-u'), [
        'УКРАЇНА СЬОГОДНІ',
        'ЗБІРНА ВИГРАЛА МАТЧ',
    ]),
    'bg': (('cp1251',), [
        'НОВИНИ ОТ БЪЛГАРИЯ',
    ]),
    'el': (('cp1253', 'iso-8859-7'), [
        'ΕΙΔΗΣΕΙΣ ΣΗΜΕΡΑ',
        'ΑΘΗΝΑ ΚΑΙ ΘΕΣΣΑΛΟΝΙΚΗ',
        'ΣΕΙΣΜΟΣ ΣΤΗΝ ΚΡΗΤΗ',
    ]),
    'tr': (('cp1254',), [
        "SON DAKİKA: İSTANBUL'DA ŞİDDETLİ YAĞIŞ",
    ]),
    'pl': (('cp1250',), [
        'WIADOMOŚCI Z KRAJU I ZE ŚWIATA',
    ]),
    'cs': (('cp1250',), [
        'ZPRÁVY Z ČESKA A ZE SVĚTA',
    ]),
}

SETS = {"SET_A": SET_A, "SET_B": SET_B, "SET_C": SET_C}


def bodies(text: str, codec: str) -> Iterator[bytes]:
    """text in codec, bare, in a small HTML page, and in a small RSS feed, none declaring an encoding."""
    raw = text.encode(codec)
    yield raw
    yield b"<html><head><title>" + raw + b"</title></head><body><p>" + raw + b"</p></body></html>"
    yield (b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>' + raw
           + b"</title><link>https://example.org/a</link><description>" + raw + b"</description></item></channel></rss>")


def cases(labelled: dict[str, tuple[tuple[str, ...], list[str]]]) -> Iterator[tuple[str, str, str, bytes]]:
    """(language, text, codec, body) for each text, in each of its legacy codecs and UTF-8, in each form."""
    for language, (codecs, texts) in labelled.items():
        for text in texts:
            for codec in (*codecs, "utf-8"):
                for body in bodies(text, codec):
                    yield language, text, codec, body


def share_right(labelled: dict[str, tuple[tuple[str, ...], list[str]]], *, legacy_only: bool = False) -> float:
    """The share of the cases whose decoded text holds the text as written."""
    results = [text in decode_bytes(body).text for _, text, codec, body in cases(labelled)
               if not (legacy_only and codec == "utf-8")]
    return sum(results) / len(results)


@pytest.mark.parametrize("name", list(SETS))
def test_the_share_of_undeclared_texts_read_right_stays_above_its_floor(name: str) -> None:
    assert share_right(SETS[name]) >= FLOORS[name]


@pytest.mark.parametrize("name", list(SETS))
def test_legacy_encodings_alone_are_read_right_nearly_always(name: str) -> None:
    assert share_right(SETS[name], legacy_only=True) >= LEGACY_FLOORS[name]


@pytest.mark.parametrize(("right", "wrong"), [
    ("חדשות היום בישראל", "згщеъ дйен бйщшам"),  # Hebrew read as windows-1251
    ("ÉTÉ : ÇA CHAUFFE", "ﾉTﾉ : ﾇA CHAUFFE"),  # windows-1252 capitals read as Shift_JIS half-width katakana
    ("Hükümet paketini açıkladı", "Hükümet paketini açýkladý"),  # Turkish read as windows-1252
    ("Le gouvernement présente", "Le gouvernement prщsente"),  # a Cyrillic letter in a Latin word
    ("Milli takım kazandı", "Milli tak\u200em kazand\u200e"),  # Turkish read as windows-1256: bidi marks in words
    ("政府公布明年预算", "漣리무꼈츠쾨渡炬"),  # GB18030 read as EUC-KR: rare syllables and hanja
    ("政府が来年度の予算案を発表", "蜡绍が丸钳刨の徒换捌を券山"),  # EUC-JP read as GB18030: simplified hanzi among kana
    ("גומתים", "גומתימ"),  # a Hebrew word ending in a medial form
    ("ΣΕΙΣΜΟΣ στην Κρήτη", "ΣΕΙΣΜΟΣ ςτην Κρήτη"),  # Greek final sigma opening a word
])
def test_the_right_reading_is_less_implausible_than_the_wrong_one(right: str, wrong: str) -> None:
    assert implausibility(right) < implausibility(wrong)


def test_ascii_text_is_not_implausible() -> None:
    assert implausibility("Plain ASCII headline") == 0.0
