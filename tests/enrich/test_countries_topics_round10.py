"""Tests for the country tagger's precedents ('After Poland and Lithuania, Latvia ...'), national teams by their
nicknames, seats of power in the registry languages' own forms, and national companies and agencies as fallback
evidence (gazetteer 2026.58), country names read as words or first names (2026.59), and the topic lexicons' words
for storm outages, arrests, illegal logging, promulgation, national treasures, corporate tax, steel, ski sprints,
border controls and overturned buses, and the Polish premiere that is no prime minister."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import Hit, compared_starts, compose_document, tag_countries
from mediamon.enrich.topics import tag_topics


def focus(title: str, text: str = "") -> str | None:
    """The focus country the tagger gives an item."""
    return tag_countries(title, text).focus


def codes(title: str, text: str = "") -> set[str]:
    """The country codes the tagger finds in an item."""
    return {m.code for m in tag_countries(title, text).countries}


@pytest.mark.parametrize(("title", "expected"), [
    ("После Эстонии и Латвии Литва ограничила транзит грузов", "LT"),
    ("Після Німеччини та Австрії Чехія посилює контроль на кордоні", "CZ"),
    ("Tras Francia y Alemania, Italia sube el impuesto a los billetes de avión", "IT"),
    ("Après la Suède et la Norvège, la Finlande relève ses taux", "FI"),
    ("Dopo Spagna e Portogallo, anche la Francia vieta i voli brevi", "FR"),
    ("Depois do Chile e do Peru, a Colômbia aumenta tarifas", "CO"),
    ("Po Litwie i Łotwie także Estonia buduje umocnienia", "EE"),
    ("Almanya ve Fransa'dan sonra İspanya da faizi düşürdü", "ES"),
    ("بعد مصر والأردن، العراق يرفع أسعار الوقود", "IQ"),
    ("پس از ترکیه و ارمنستان، گرجستان مرز را بست", "GE"),
    ("ایران اور ترکی کے بعد عراق میں بھی زلزلہ", "IQ"),
    ("中国、インドに続き　インドネシアが輸出規制", "ID"),
    ("After Norway, Denmark raises its defence budget", "DK"),
])
def test_the_subject_outweighs_the_countries_a_title_names_as_its_precedent(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("After Germany beat France, fans celebrate in Berlin", "DE"),   # 'after' opens a clause, not a precedent
    ("Nach Polen reist der Kanzler am Montag", "PL"),                # one country: nothing to compare
    ("Russia and China sign an energy deal", "RU"),                  # no 'after': the first named still wins a tie
    ("Germany and France after the vote: Spain waits", "DE"),
])
def test_titles_without_a_precedent_keep_the_first_named_country(title: str, expected: str) -> None:
    assert focus(title) == expected


def test_compared_starts_are_the_precedents_only() -> None:
    title = "Вслед за Казахстаном и Узбекистаном Киргизия запретила вейпы"
    doc, body_start = compose_document(title, "")
    tags = tag_countries(title, "")
    hits = sorted((Hit(s, e, surface, m.code, "country") for m in tags.countries for s, e, surface in m.spans),
                  key=lambda h: h.start)
    assert {h.code for h in hits if h.start in compared_starts(hits, doc, body_start)} == {"KZ", "UZ"}


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Gli azzurri battono la Norvegia a San Siro", "", "IT"),
    ("Les Bleus s'inclinent face à l'Espagne", "", "FR"),
    ("La Albirroja empata con Brasil en el Defensores del Chaco", "", "PY"),
    ("Die Nati verliert gegen Schweden", "Der Trainer war nach dem Spiel enttäuscht über die Chancenverwertung.", "CH"),
    ("ÖFB-Team schlägt Norwegen", "", "AT"),
    ("Biało-Czerwoni przegrali z Holandią", "", "PL"),
    ("أسود الأطلس تتأهل على حساب مصر", "", "MA"),
    ("サムライブルー、韓国と引き分け", "", "JP"),
])
def test_a_national_team_by_its_nickname_is_its_country(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


@pytest.mark.parametrize(("title", "text"), [
    ("Una modella dagli occhi azzurri", "Il ritratto è esposto da ieri."),   # azzurri without the article: 'blue'
    ("Nati per correre: la mostra", "Il catalogo è disponibile da oggi."),   # Italian 'born', not the Swiss team
])
def test_nickname_words_in_their_ordinary_sense_name_no_country(title: str, text: str) -> None:
    assert codes(title, text) == set()


@pytest.mark.parametrize(("title", "expected"), [
    ("Hofburg: Bundespräsident lädt zu Gesprächen", "AT"),
    ("Верховная рада приняла бюджет", "UA"),
    ("Belweder: prezydent podpisał ustawę", "PL"),
    ("Кнесет ухвалив закон про призов", "IL"),
    ("کنست قانون جدید را تصویب کرد", "IL"),
    ("Elysejský palác oznámil nové jmenování", "FR"),
    ("Квиринал подписал указ", "IT"),
])
def test_seats_of_power_in_the_registry_languages_forms(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("İBB'de yeni ihale skandalı", "Belediye meclisinde tartışma çıktı.", "TR"),
    ("PF faz operação contra fraude em licitações", "Os agentes cumpriram mandados em três cidades.", "BR"),
    ("CD Projekt obniża prognozę", "Spółka zwolni część pracowników.", "PL"),
    ("Volkswagen streicht Stellen", "Der Betriebsrat kündigt Widerstand an.", "DE"),
    ("نیب نے نیا ریفرنس دائر کر دیا", "سماعت اگلے ہفتے ہوگی۔", "PK"),
])
def test_a_national_company_or_agency_is_fallback_evidence(title: str, text: str, expected: str) -> None:
    assert focus(title, text) == expected


def test_fallback_companies_yield_to_named_places() -> None:
    assert focus("Volkswagen baut ein Werk in Ungarn", "Die Produktion soll in Debrecen beginnen.") == "HU"


def test_the_brazilian_federal_police_abbreviation_holds_in_portuguese_text_only() -> None:
    assert codes("PF and CF rates", "The index rose.") == set()


@pytest.mark.parametrize(("title", "text"), [
    ("کرم ضد چین و چروک جدید", "فروش آن از هفته آینده آغاز می‌شود."),          # Persian 'wrinkle'
    ("دامن‌های چین‌دار دوباره مد شد", "طراحان رنگ‌های روشن را ترجیح می‌دهند."),    # 'pleated'
    ("مہنگائی سے عوام بے چین", "بازاروں میں خریدار کم ہو گئے۔"),                 # Urdu 'restless'
    ("Mısır fiyatları geriledi", "Hasat sezonunun sonunda arz arttı."),           # Turkish 'maize'
    ("Peru assado é o prato mais vendido", "As encomendas dobraram na última semana."),  # Portuguese 'turkey'
])
def test_country_names_in_the_compounds_that_make_them_words_name_no_country(title: str, text: str) -> None:
    assert codes(title, text) == set()


@pytest.mark.parametrize(("title", "expected"), [
    ("چین نرخ بهره را کاهش داد", "CN"),
    ("Mısır'ın başkenti Kahire'de protesto", "EG"),
    ("Peru elege um novo presidente", "PE"),
])
def test_the_same_names_as_countries_stay(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Kuba Novák vyhrál závod v Brně", "CZ"),         # Czech and Polish Kuba is Jakub
    ("Kuba Wojewódzki wraca do telewizji w Warszawie", "PL"),
    ("Kuba zavádí nová vízová pravidla", "CU"),        # the country before a lower-case verb
    ("Na Kubě vypadl proud", "CU"),
])
def test_kuba_before_a_surname_is_a_person_in_titles_too(title: str, expected: str) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("الوزير مصر على موقفه من الضرائب في بيروت", "LB"),      # 'the minister insists on ...'
    ("فوز مصر على غانا في التصفيات", "EG"),                  # Egypt's win over Ghana
    ("اليوم مصر على موعد مع التاريخ", "EG"),                # 'Egypt has a date with history'
    ("أكد الوزير أن مصر على استعداد للتعاون", "EG"),
])
def test_arabic_insisting_is_not_egypt(title: str, expected: str) -> None:
    assert focus(title) == expected


def top_topic(language: str, title: str, text: str) -> str | None:
    """The first top-level IPTC code the topic tagger gives an item."""
    codes = [s.code for s in tag_topics(title, text, language=language) if s.code.endswith("000000")]
    return codes[0] if codes else None


@pytest.mark.parametrize(("language", "title", "text", "expected"), [
    ("fr", "Orages : 30 000 foyers privés d'électricité en Alsace", "Les équipes sont mobilisées pour rétablir le courant.",
     "medtop:03000000"),
    ("pt", "Polícia prende prefeito suspeito de desvio de verbas", "A investigação apura contratos superfaturados.",
     "medtop:02000000"),
    ("pt", "Fiscais flagram abate ilegal de árvores no Pará", "Foram apreendidos motosserras e caminhões.",
     "medtop:06000000"),
    ("pt", "Presidente promulga lei das eleições autárquicas", "O diploma entra em vigor em janeiro.", "medtop:11000000"),
    ("ja", "国宝の絵巻、初の海外展示へ", "博物館が所蔵する作品が来年、欧州で公開される。", "medtop:01000000"),
    ("ja", "政府、法人税の優遇策で工場誘致へ", "半導体メーカーの新工場を地方に呼び込む狙い。", "medtop:04000000"),
    ("de", "Stahlkonzerne fordern billigeren Industriestrom", "Die Branche warnt vor dem Abbau tausender Stellen.",
     "medtop:04000000"),
    ("cs", "Češka ovládla sprint Světového poháru v běhu na lyžích", "Běžkyně porazila favoritky z Norska.",
     "medtop:15000000"),
    ("cs", "Vláda prodloužila kontroly na hranicích se Slovenskem", "Opatření platí do konce měsíce.", "medtop:11000000"),
    ("be", "Пад Мінскам перакулілася маршрутка", "Шасцёра пасажыраў паранены, кіроўцу шпіталізавалі.",
     "medtop:03000000"),
])
def test_lexicon_words_of_the_round(language: str, title: str, text: str, expected: str) -> None:
    assert top_topic(language, title, text) == expected


def test_a_polish_premiere_is_not_the_prime_minister() -> None:
    assert top_topic("pl", "Studio zapowiada premierę nowej gry na wiosnę", "Gra trafi do sklepów w marcu.") \
        != "medtop:11000000"
    assert top_topic("pl", "Premier zapowiada rekonstrukcję rządu", "Zmiany obejmą pięć ministerstw.") == "medtop:11000000"


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Сустрэча міністраў прайшла ў Рызе", "Бакі дамовіліся пра супрацоўніцтва.", "LV"),       # Belarusian Рыга
    ("Выстава беларускіх мастакоў адкрылася ў Празе", "Яна працуе да канца месяца.", "CZ"),
    ("Переговори у Відні завершилися без угоди", "Сторони домовилися зустрітися знову.", "AT"),  # Ukrainian Відень
    ("Summit ve Vídni skončil bez dohody", "Jednání bude pokračovat příští měsíc.", "AT"),       # Czech Vídeň
    ("Stávka v Plzni ochromila dopravu", "Autobusy nevyjely celé dopoledne.", "CZ"),
    ("Ankarada nazirlərin görüşü keçirilib", "Tərəflər əməkdaşlığı müzakirə ediblər.", "TR"),  # Azerbaijani endings
    ("İrəvanda etiraz aksiyası keçirilib", "Polis bir neçə nəfəri saxlayıb.", "AM"),
])
def test_capitals_in_the_case_forms_of_belarusian_ukrainian_czech_and_azerbaijani(title: str, text: str,
                                                                                    expected: str) -> None:
    assert focus(title, text) == expected


def test_polish_czad_opening_a_headline_is_carbon_monoxide() -> None:
    assert focus("Czad zabił trzy osoby w Gdańsku", "Strażacy apelują o czujniki.") == "PL"
    assert focus("Zamach stanu w Czadzie", "Wojsko przejęło władzę w stolicy.") == "TD"


@pytest.mark.parametrize(("title", "expected"), [
    ("Jordan Bardella en tête des sondages", None),          # a sentence-case title: Jordan is his first name
    ("Jordan Peace Talks Resume", "JO"),                     # a title-case headline capitalises every word
    ("Jordan reopens its border with Syria", "JO"),
    ("Jordan Valley settlers attack a village", "JO"),
])
def test_jordan_before_a_surname_in_a_sentence_case_title_is_a_person(title: str, expected: str | None) -> None:
    assert focus(title) == expected


@pytest.mark.parametrize("title", ["Guinea pig study shows new vaccine promise", "Brazil nut harvest falls",
                                   "Chiles en nogada, el platillo de septiembre"])
def test_animals_and_foods_named_after_a_country_name_no_country(title: str) -> None:
    assert codes(title) == set()
