"""Topic tagging outside English: per-language lexicons, stemming, word segmentation, evidence words."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from mediamon.enrich.topics import (
    CONFIG_DIR,
    LEXICON_LANGUAGES,
    arabic_light_stem,
    load_language_lexicon,
    read_topic_defs,
    resolve_language_word,
    tag_topics,
)
from mediamon.errors import ConfigError

ECONOMY, CONFLICT, DISASTER, POLITICS, SPORT = ("medtop:04000000", "medtop:16000000", "medtop:03000000",
                                                "medtop:11000000", "medtop:15000000")
CRIME, HEALTH, RELIGION, WEATHER = "medtop:02000000", "medtop:07000000", "medtop:12000000", "medtop:17000000"
ELECTION, CIVIL_UNREST = "medtop:20000574", "medtop:20000065"
REGISTRY = Path(__file__).resolve().parents[2] / "include" / "mediamon" / "config" / "sources.yaml"

# (language, title, text, expected first topic): short feed-style items written for these tests.
CASES = [
    ("ru", "Банк России повысил ключевую ставку до 21%",
     "Центробанк поднял ставку, чтобы сдержать инфляцию; рубль укрепился.", ECONOMY),
    ("uk", "Росія завдала ракетного удару по Одесі",
     "Сили ППО збили частину ракет і дронів, внаслідок обстрілу пошкоджено порт.", CONFLICT),
    ("ar", "البرلمان يصوت على الحكومة الجديدة",
     "صوت مجلس النواب بالثقة على حكومة رئيس الوزراء بعد مشاورات بين الأحزاب في إسلام آباد وبيروت.", POLITICS),
    ("fa", "مجلس به وزیر پیشنهادی رأی اعتماد داد",
     "نمایندگان مجلس شورای اسلامی در جلسه علنی به وزیر پیشنهادی دولت رأی دادند.", POLITICS),
    ("ur", "قومی اسمبلی میں وزیراعظم کے خلاف تحریک عدم اعتماد",
     "اسلام آباد میں اپوزیشن جماعتوں نے حکومت کے خلاف ووٹنگ کا مطالبہ کیا۔", POLITICS),
    ("zh", "四川发生6.8级地震", "地震造成多人遇难，救援人员正在废墟中搜救被困群众。", DISASTER),
    ("ja", "衆院選、与党が過半数を確保", "投開票の結果、自民党と公明党が議席の過半数を得た。首相は続投を表明した。", POLITICS),
    ("es", "El Real Madrid gana al Barcelona en el clásico",
     "El delantero marcó dos goles y el entrenador elogió al equipo tras el partido.", SPORT),
    ("fr", "Séisme de magnitude 6 dans le sud de l'Italie",
     "Les secours recherchent des survivants dans les décombres après le tremblement de terre.", DISASTER),
    ("de", "Bundestagswahl: Union gewinnt deutlich",
     "Die Wähler haben entschieden; der Spitzenkandidat sprach von einem klaren Auftrag.", POLITICS),
    ("tr", "Merkez Bankası politika faizini yüzde 50'ye yükseltti",
     "Enflasyonla mücadele için faiz artırımı kararı piyasalarda dolar kurunu düşürdü.", ECONOMY),
    ("pt", "Polícia prende suspeito de homicídio no Rio",
     "O suspeito foi detido após investigação; o crime aconteceu no sábado.", CRIME),
    ("it", "Vaccino antinfluenzale, al via la campagna negli ospedali",
     "I medici invitano i pazienti fragili a vaccinarsi contro il virus.", HEALTH),
    ("pl", "Sejm uchwalił ustawę budżetową",
     "Posłowie koalicji rządzącej głosowali za projektem, opozycja była przeciw.", POLITICS),
    ("nl", "Code oranje: zware storm en hevige regen verwacht",
     "Het KNMI waarschuwt voor windstoten tot 110 kilometer per uur en veel neerslag.", WEATHER),
    ("kk", "Алматыда жер сілкінісі болды", "Сілкініс магнитудасы 5,2 болды, құтқарушылар тұрғындарды эвакуациялады.",
     DISASTER),
    ("hi", "भारत ने ऑस्ट्रेलिया को हराकर टेस्ट सीरीज जीती", "कप्तान ने शतक लगाया और गेंदबाजों ने पांच विकेट लिए।", SPORT),
    ("ko", "국회, 예산안 처리 두고 여야 충돌", "여당과 야당 의원들이 본회의에서 정부 예산안을 놓고 대립했다.", POLITICS),
    ("sk", "Povodne zaplavili obce na východe Slovenska", "Hasiči a záchranári evakuovali obyvateľov zo zaplavených domov.",
     DISASTER),
]

# (language, word, topic it must NOT bring): common words that a careless stem or prefix would catch.
NOT_EVIDENCE = [
    ("uk", "погодився", WEATHER),  # "agreed", not погода
    ("uk", "наступного", CONFLICT),  # "next", not наступ (offensive)
    ("uk", "бібліотеці", RELIGION),  # library, not the Bible
    ("ru", "выбора", ELECTION),  # "choice", not выборы
    ("it", "nato", CONFLICT),  # "born"
    ("it", "caso", "medtop:14000000"),  # "case", not casa
    ("es", "para", "medtop:09000000"),  # "for", not paro
    ("es", "como", "medtop:10000000"),  # "how", not comida
    ("pt", "cada", CRIME),  # "each", not cadeia
    ("nl", "dan", "medtop:01000000"),  # "then", not dans
    ("nl", "zin", "medtop:14000000"),  # "sense", not gezin
    ("tr", "galatasaray", "medtop:01000000"),  # a club, not gala
    ("tr", "bursa", "medtop:05000000"),  # a city, not burs (grant)
    ("it", "sindaco", "medtop:09000000"),  # mayor, not sindacato (union)
    ("de", "regierungsumbildung", "medtop:05000000"),  # a reshuffle, not Bildung (education)
    ("de", "regierungsbildung", "medtop:05000000"),  # forming a government
    ("es", "redes", CRIME),  # networks, not redada (raid): Snowball stems both to red
    ("es", "ganado", "medtop:04000000"),  # "won", not ganadería
    ("es", "remonta", SPORT),  # "goes back", not remontada
    ("pt", "realizou", "medtop:01000000"),  # "carried out", not realizador (film director)
    ("pt", "balé", CRIME),  # ballet, not baleado (shot)
    ("fr", "opération", "medtop:04000000"),  # not opérateur
    ("fr", "messe", SPORT),  # Mass, not Messi
    ("it", "cittadini", "medtop:14000000"),  # citizens, not cittadinanza
    ("de", "sinn", SPORT),  # sense, not Sinner
    ("de", "bauen", "medtop:04000000"),  # to build, not Bauern (farmers)
    ("tr", "sistem", WEATHER),  # not sis (fog)
    ("pl", "kości", RELIGION),  # "bones", not kościół
    ("pl", "sektor", RELIGION),  # not sekta
    ("ar", "فقط", "medtop:08000000"),  # "only", not قطة (cat)
    ("ar", "الرياض", SPORT),  # Riyadh, not رياضة
    ("ar", "قرية", RELIGION),  # "village", not القرآن
    ("fa", "جنگل", CONFLICT),  # "forest", not جنگ (war)
    ("fa", "پزشکیان", HEALTH),  # the president's name, not پزشک (doctor)
    ("fa", "اسلامی", RELIGION),  # as in جمهوری اسلامی
    ("ur", "اسلام", RELIGION),  # as in اسلام آباد
    ("kk", "дәріс", HEALTH),  # "lecture", not дәрі (medicine)
    ("fr", "blanche", CRIME),  # "white" (Maison Blanche), not blanchiment
    ("fr", "également", "medtop:14000000"),  # "also", not égalité
    ("fr", "natale", "medtop:14000000"),  # "ville natale", not natalité
    ("de", "grünes", "medtop:11000000"),  # "grünes Licht", not die Grünen
    ("pt", "baixa", CONFLICT),  # "down" (em baixa, Baixa do Porto), not baixas (casualties)
]


def codes(tags) -> list[str]:
    """The codes of a tag list, in order."""
    return [t.code for t in tags]


@pytest.mark.parametrize(("language", "title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_article_gets_its_topic_first_in_its_language(language: str, title: str, text: str, expected: str) -> None:
    tags = tag_topics(title, text, language=language)
    assert tags and tags[0].code == expected


@pytest.mark.parametrize(("language", "title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_evidence_is_words_of_the_article_in_its_own_language(language: str, title: str, text: str,
                                                              expected: str) -> None:
    article = f"{title} {text}".lower()
    for tag in tag_topics(title, text, language=language, limit=5):
        assert tag.evidence
        for evidence in tag.evidence:
            pieces = evidence.split()
            assert all(piece in article for piece in pieces), (tag.label, evidence)


@pytest.mark.parametrize("language", ["ar", "fa", "ur"])
def test_politics_in_arabic_script_is_not_religion(language: str) -> None:
    [case] = [c for c in CASES if c[0] == language]
    tags = tag_topics(case[1], case[2], language=language, limit=5)
    assert RELIGION not in codes(tags)


@pytest.mark.parametrize(("language", "word", "topic"), NOT_EVIDENCE, ids=[f"{w[0]}-{w[1]}" for w in NOT_EVIDENCE])
def test_common_words_do_not_match_a_stem_of_another_topic(language: str, word: str, topic: str) -> None:
    lex = load_language_lexicon(language)
    index = [d.code for d in read_topic_defs()[0]]
    hits = resolve_language_word(word, lex)[2]
    assert topic not in {index[i] for i, _ in hits}


@pytest.mark.parametrize(("language", "title", "text"), [
    ("ru", "Сегодня в городе", "Жители вышли на улицы, чтобы посмотреть на новый памятник."),
    ("ja", "きょうの出来事", "駅前で人々が待ち合わせをしていた。"),
    ("zh", "今天的新闻", "人们在街上散步。"),
    ("ar", "في المدينة اليوم", "خرج الناس إلى الشوارع في المساء."),
])
def test_text_without_topic_words_gets_no_topic(language: str, title: str, text: str) -> None:
    assert tag_topics(title, text, language=language) == []


def test_russian_protest_gets_the_civil_unrest_subtopic_not_the_election_one() -> None:
    tags = tag_topics("Митинг протеста в центре Москвы", "Полиция задержала десятки участников акции протеста.",
                      language="ru", limit=5)
    assert CIVIL_UNREST in codes(tags) and ELECTION not in codes(tags)


def test_japanese_election_words_are_joined_from_segmenter_tokens() -> None:
    tags = tag_topics("参院選の投開票", "有権者が投票所に足を運んだ。", language="ja", limit=5)
    [election] = [t for t in tags if t.code == ELECTION]
    assert {"参院選", "投開票"} <= set(election.evidence)


def test_chinese_keyword_inside_a_longer_word_matches_and_is_shown_as_that_word() -> None:
    [disaster] = [t for t in tag_topics("中国地震局发布消息", "", language="zh") if t.code == DISASTER]
    assert disaster.evidence == ("中国地震局",)  # jieba keeps the bureau's name whole; 地震 is inside it


def test_inflected_words_match_through_the_stemmer() -> None:
    [economy] = [t for t in tag_topics("Inflation steigt", "Die Europäische Zentralbank erhöhte die Zinsen.",
                                       language="de") if t.code == ECONOMY]
    assert "zentralbank" in economy.evidence and "zinsen" in economy.evidence


def test_german_compound_matches_its_head_word() -> None:
    tags = tag_topics("Landtagswahl in Bayern", "", language="de", limit=5)
    assert codes(tags)[0] == POLITICS and ELECTION in codes(tags)


def test_turkish_capital_dotted_i_is_lowered_the_turkish_way() -> None:
    tags = tag_topics("SEÇİM SONUÇLARI AÇIKLANDI", "", language="tr", limit=5)
    assert ELECTION in codes(tags) and "seçim" in tags[0].evidence


def test_arabic_article_and_conjunction_are_taken_off_before_matching() -> None:
    assert arabic_light_stem("الانتخابات") == arabic_light_stem("انتخابات")
    [politics] = [t for t in tag_topics("والانتخابات البرلمانية", "", language="ar") if t.code == POLITICS]
    assert "والانتخابات" in politics.evidence


def test_english_and_languages_without_a_lexicon_keep_the_english_tagger() -> None:
    english = tag_topics("Central bank raises interest rates", "Inflation climbs.", language="en")
    unknown = tag_topics("Central bank raises interest rates", "Inflation climbs.", language="xx")
    assert codes(english)[0] == codes(unknown)[0] == ECONOMY
    assert "en" not in LEXICON_LANGUAGES


def test_every_registry_language_with_three_outlets_has_a_lexicon() -> None:
    sources = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))["sources"]
    counts: dict[str, int] = {}
    for source in sources:
        counts[source["language"]] = counts.get(source["language"], 0) + 1
    wanted = {lang for lang, n in counts.items() if n >= 3 and lang != "en"} | {"zh"}
    assert wanted <= LEXICON_LANGUAGES


@pytest.mark.parametrize("language", sorted(LEXICON_LANGUAGES))
def test_every_lexicon_loads_and_covers_every_top_level_topic(language: str) -> None:
    data = yaml.safe_load((CONFIG_DIR / f"lexicon_{language}.yaml").read_text(encoding="utf-8"))
    keys = {d.key for d in read_topic_defs()[0]}
    assert set(data["topics"]) == keys
    assert load_language_lexicon(language).exact or load_language_lexicon(language).prefixes


@pytest.mark.parametrize("language", ["zh", "ja"])
def test_chinese_and_japanese_keywords_are_not_split_by_spaces(language: str) -> None:
    data = yaml.safe_load((CONFIG_DIR / f"lexicon_{language}.yaml").read_text(encoding="utf-8"))
    terms = [t for table in data["topics"].values() for t in table]
    assert not [t for t in terms if re.search(r"\s|\*|^=", t)]


def copy_config(tmp_path: Path, lexicon: str) -> Path:
    """A config directory with the shipped taxonomy and one hand-made lexicon, lexicon_xx.yaml."""
    shutil.copy(CONFIG_DIR / "iptc_topics.yaml", tmp_path / "iptc_topics.yaml")
    (tmp_path / "lexicon_xx.yaml").write_text(lexicon, encoding="utf-8")
    return tmp_path


def test_a_lexicon_naming_an_unknown_topic_is_a_config_error(tmp_path: Path) -> None:
    config = copy_config(tmp_path, "language: xx\nstemmer: null\ntopics:\n  gossip:\n    rumour: 1\n")
    with pytest.raises(ConfigError, match="unknown topic key"):
        load_language_lexicon("xx", config)


def test_a_keyword_yaml_reads_as_a_boolean_is_a_config_error(tmp_path: Path) -> None:
    config = copy_config(tmp_path, "language: xx\nstemmer: null\ntopics:\n  sport:\n    no: 1\n")
    with pytest.raises(ConfigError, match="not text"):
        load_language_lexicon("xx", config)


@pytest.mark.parametrize(("language", "title", "text", "expected"), [
    ("ru", "АГНКС «Гомель-1»: станция работать не будет", "АГНКС не будет работать 24.06.", "medtop:04000000"),
    ("ru", "Исследование газомоторного рынка", "Итоги исследования рынка.", "medtop:04000000"),
    ("ru", "Из гостиницы эвакуировали 70 человек", "Поступило сообщение о минировании, сообщили в "
     "правоохранительных органах.", CRIME),
    ("fr", "Vivre à la Maison Blanche", "La Maison Blanche reçoit des artistes.", None),
    ("de", "Wiener wollte in Syrien kämpfen: Drei Jahre Haft", "", CRIME),
    ("pt", "Dow Jones fecha em baixa de 0,68%", "O índice fechou em baixa num pregão nervoso.", ECONOMY),
    ("pt", "Apreensão de 124 mil cigarros na fronteira", "Os cigarros foram apreendidos num táxi.", CRIME),
])
def test_fuel_retail_bomb_hoaxes_and_sentences_get_their_topic(language: str, title: str, text: str,
                                                                   expected: str | None) -> None:
    tags = tag_topics(title, text, language=language)
    if expected is None:
        assert CRIME not in codes(tags)
    else:
        assert [t.code for t in tags if re.fullmatch(r"medtop:\d\d000000", t.code)][:1] == [expected]


SCIENCE, ENVIRONMENT, HUMAN, EDUCATION = "medtop:13000000", "medtop:06000000", "medtop:08000000", "medtop:05000000"
SOCIETY, CULTURE, LABOUR, LIFESTYLE = "medtop:14000000", "medtop:01000000", "medtop:09000000", "medtop:10000000"

# (language, a topic's core news word or phrase, its topic): words the lexicons of many languages lacked
CORE_WORDS = [
    ("es", "ADN", SCIENCE), ("pt", "qualidade do ar", ENVIRONMENT), ("fr", "petits-enfants", HUMAN),
    ("it", "acquazzoni", WEATHER), ("it", "sfratti", SOCIETY), ("de", "Weltkulturerbe", CULTURE),
    ("ru", "близнецы", HUMAN), ("ru", "квантовых", SCIENCE), ("ru", "ливни", WEATHER), ("uk", "вчені", SCIENCE),
    ("uk", "близнюки", HUMAN), ("uk", "дитячий садок", EDUCATION), ("tr", "anneannesi", HUMAN),
    ("tr", "hava kalitesi", ENVIRONMENT), ("tr", "duası", RELIGION), ("ar", "أحفاد", HUMAN), ("ar", "جودة الهواء", ENVIRONMENT),
    ("fa", "نوزادان", HUMAN), ("fa", "کیفیت هوا", ENVIRONMENT), ("ja", "祖母", HUMAN), ("ja", "突風", WEATHER),
    ("zh", "双胞胎", HUMAN), ("zh", "空气质量", ENVIRONMENT), ("zh", "工作时间", LABOUR),
    ("es", "antibióticos", HEALTH), ("es", "llovizna", WEATHER), ("pt", "recifes de coral", ENVIRONMENT),
    ("fr", "heures supplémentaires", LABOUR), ("fr", "trou noir", SCIENCE), ("it", "Quaresima", RELIGION),
    ("it", "tesi di laurea", EDUCATION), ("de", "Korallenriffe", ENVIRONMENT), ("de", "Überstunden", LABOUR),
    ("ru", "трансплантация", HEALTH), ("ru", "аспирантура", EDUCATION), ("uk", "мікропластик", ENVIRONMENT),
    ("uk", "усиновлення", HUMAN), ("tr", "antibiyotik", HEALTH), ("tr", "yayınevi", CULTURE), ("ar", "محو الأمية", EDUCATION),
    ("ar", "الشعاب المرجانية", ENVIRONMENT), ("fa", "اعتیاد", HEALTH), ("fa", "اضافه‌کار", LABOUR), ("ja", "臓器移植", HEALTH),
    ("ja", "霧雨", WEATHER), ("ja", "DNA", SCIENCE), ("zh", "珊瑚礁", ENVIRONMENT), ("zh", "涨薪", LABOUR),
    ("pl", "przeszczepu", HEALTH), ("pl", "jakość powietrza", ENVIRONMENT), ("nl", "luchtkwaliteit", ENVIRONMENT),
    ("nl", "motregen", WEATHER), ("sv", "luftkvalitet", ENVIRONMENT), ("sv", "övertid", LABOUR), ("cs", "těhotná", HUMAN),
    ("cs", "mikroplasty", ENVIRONMENT), ("el", "μεταμόσχευση", HEALTH), ("el", "νεογέννητο", HUMAN),
    ("id", "transplantasi", HEALTH), ("id", "bayi baru lahir", HUMAN), ("vi", "sinh đôi", HUMAN), ("vi", "kháng sinh", HEALTH),
    ("ur", "جڑواں", HUMAN), ("ur", "بوندا باندی", WEATHER),
    ("es", "ornitólogos", ENVIRONMENT), ("fr", "oiseaux", ENVIRONMENT), ("de", "Vogelarten", ENVIRONMENT), ("ru", "птицы", ENVIRONMENT),
    ("tr", "kuşların", ENVIRONMENT), ("ja", "野鳥", ENVIRONMENT), ("zh", "候鸟", ENVIRONMENT), ("it", "linguisti", SCIENCE),
    ("de", "Sprachwissenschaftler", SCIENCE), ("fa", "زبان‌شناسان", SCIENCE), ("fr", "libre-échange", ECONOMY),
    ("de", "TPP", ECONOMY), ("zh", "自由贸易", ECONOMY),
    ("no", "vaksinasjon", HEALTH), ("no", "fuglearter", ENVIRONMENT), ("fi", "elinsiirto", HEALTH), ("fi", "lintulajit", ENVIRONMENT),
    ("fi", "vastasyntynyt", HUMAN), ("sk", "novorodenec", HUMAN), ("sk", "mrholenie", WEATHER), ("ms", "pemindahan organ", HEALTH),
    ("ms", "kualiti udara", ENVIRONMENT), ("ko", "장기이식", HEALTH), ("ko", "쌍둥이", HUMAN), ("ko", "철새", ENVIRONMENT),
    ("he", "עישון", HEALTH), ("he", "בהריון", HUMAN), ("he", "איכות האוויר", ENVIRONMENT), ("hi", "कृत्रिम बुद्धिमत्ता", SCIENCE),
    ("hi", "धूम्रपान", HEALTH), ("hi", "पक्षियों", ENVIRONMENT), ("el", "πουλιά", ENVIRONMENT), ("nl", "vrijhandelsverdrag", ECONOMY),
    ("sv", "fågelarter", ENVIRONMENT), ("cs", "ornitologové", ENVIRONMENT), ("pl", "językoznawcy", SCIENCE),
    ("lt", "naujagimis", HUMAN), ("lt", "oro kokybė", ENVIRONMENT), ("et", "suitsetamine", HEALTH), ("et", "linnuliigid", ENVIRONMENT),
    ("be", "дэменцыя", HEALTH), ("be", "замаразкі", WEATHER), ("az", "mikroplastik", ENVIRONMENT), ("az", "hamilə", HUMAN),
    ("es", "hipertensión", HEALTH), ("fr", "insomnie", HEALTH), ("de", "Bluthochdruck", HEALTH), ("it", "colesterolo", HEALTH),
    ("ru", "астма", HEALTH), ("tr", "alerji", HEALTH), ("ja", "睡眠", HEALTH), ("zh", "维生素", HEALTH), ("fa", "آسم", HEALTH),
    ("pt", "eclipse", SCIENCE), ("de", "Sonnenfinsternis", SCIENCE), ("zh", "流星雨", SCIENCE), ("it", "squali", ENVIRONMENT),
    ("uk", "комахи", ENVIRONMENT), ("ar", "الشوكولاتة", LIFESTYLE), ("tr", "kahvaltı", LIFESTYLE),
    ("kk", "кванттық компьютер", SCIENCE), ("kk", "антибиотиктер", HEALTH), ("kk", "құстардың", ENVIRONMENT),
    ("kk", "егіздер", HUMAN), ("kk", "диссертациясын", EDUCATION), ("ps", "د هوا کیفیت", ENVIRONMENT), ("ps", "سګرټ", HEALTH),
    ("ps", "کارډینالان", RELIGION), ("ps", "نوزادان", HUMAN),
    ("ne", "जुम्ल्याहा", HUMAN), ("ne", "चराहरू", ENVIRONMENT), ("ne", "धूमपानले", HEALTH), ("ne", "विद्यावारिधि", EDUCATION),
    ("bn", "যমজ", HUMAN), ("bn", "ধূমপানের", HEALTH), ("bn", "কৃষ্ণগহ্বর", SCIENCE), ("bn", "অতিথি পাখি", ENVIRONMENT),
    ("bn", "ওভারটাইম", LABOUR),
]


@pytest.mark.parametrize(("language", "word", "topic"), CORE_WORDS,
                         ids=[f"{c[0]}-{c[1]}" for c in CORE_WORDS])
def test_a_topics_core_news_word_gives_that_topic_first(language: str, word: str, topic: str) -> None:
    tags = tag_topics(word, "", language=language)
    assert [t.code for t in tags][:1] == [topic], [(t.code, t.evidence) for t in tags]


@pytest.mark.parametrize(("word", "topic"), [("राजीनामा", POLITICS), ("राजीनामाको", POLITICS), ("राजीनामाले", POLITICS),
                                             ("नायिकाको", CULTURE), ("गायिकाले", CULTURE), ("हजुरआमाले", HUMAN)])
def test_nepali_keywords_ending_like_a_postposition_match_their_inflected_forms(word: str, topic: str) -> None:
    # Snowball's Nepali stemmer keys राजीनामा 'resignation' as राजीना, but राजीनामाको 'of the resignation' as राजीनामा
    tags = tag_topics(word, "", language="ne", limit=1)
    assert [t.code for t in tags] == [topic]


@pytest.mark.parametrize(("language", "title"), [
    ("de", "Kartellamt prüft Verkaufsverbot"),
    ("fr", "Michelin rachète deux usines"),
    ("es", "Las ventas del trimestre suben"),
    ("pt", "Vendas da fábrica sobem no trimestre"),
    ("it", "Vendite in calo nel trimestre per lo stabilimento"),
    ("ru", "Продажи завода выросли"),
    ("uk", "Придбання заводу: продаж завершено"),
    ("tr", "Fabrika satışları ilk çeyreğinde arttı"),
    ("zh", "工厂销量下滑，融资估值受挫"),
    ("ja", "四半期の販売、工場で減少"),
])
def test_company_sales_plants_and_quarters_are_economy(language: str, title: str) -> None:
    """Business news names sales, plants, quarters and buyers rather than the economy itself."""
    assert codes(tag_topics(title, "", language=language))[:1] == ["medtop:04000000"]


@pytest.mark.parametrize(("language", "title"), [
    ("de", "77-Jährige auf Piste zweimal angefahren"),
    ("es", "Muere un hombre atropellado en la avenida"),
    ("pt", "Jovem atropelado na estrada nacional"),
    ("ru", "Водитель сбил пешехода на переходе"),
    ("uk", "Водій збив пішохода на переході"),
    ("it", "Anziana investita da un'auto sulle strisce"),
])
def test_people_hit_by_cars_are_accidents(language: str, title: str) -> None:
    """A road accident is a disaster, accident or emergency, not a ski race or an investment."""
    assert codes(tag_topics(title, "", language=language))[:1] == ["medtop:03000000"]
