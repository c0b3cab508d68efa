"""Topic lexicons of every non-English registry language: short items in everyday news words get their topic
first from their language's lexicon alone."""
from __future__ import annotations

import pytest

from mediamon.enrich.topics import tag_topics

CULTURE, HEALTH, HUMAN, LABOUR, LIFESTYLE = ("medtop:01000000", "medtop:07000000", "medtop:08000000",
                                             "medtop:09000000", "medtop:10000000")
EDUCATION, ENVIRONMENT, SCIENCE, SOCIETY, SPORT = ("medtop:05000000", "medtop:06000000", "medtop:13000000",
                                                  "medtop:14000000", "medtop:15000000")
RELIGION, WEATHER, DISASTER, ECONOMY = "medtop:12000000", "medtop:17000000", "medtop:03000000", "medtop:04000000"

# (language, title, text, expected first topic): short items written for this test, in no labelled set.
CASES = [
    ("es", "Reencuentro entrañable de dos gemelas", "Las gemelas, separadas al nacer, se abrazaron ayer.", HUMAN),
    ("es", "Una casa rural con spa para desconectar", "Senderismo, maridaje y brunch en la sierra.", LIFESTYLE),
    ("pt", "Avó e neta celebram juntas", "A idosa fez cem anos e recebeu a família.", HUMAN),
    ("pt", "Escapadinha de fim de semana", "Uma caminhada pela trilha da serra e dicas para o almoço.", LIFESTYLE),
    ("fr", "Retrouvailles entre une mamie et son labrador", "Le chien avait disparu il y a un an.", HUMAN),
    ("fr", "Bricolage : nos astuces", "Un gîte à rénover sans se ruiner.", LIFESTYLE),
    ("it", "Gratta e vinci, la nonna fa festa", "I nipoti l'hanno saputo per primi.", HUMAN),
    ("it", "Trekking e agriturismo nel weekend", "Sentieri facili e pernottamento in rifugio.", LIFESTYLE),
    ("de", "Slalom: Titelverteidigerin fährt Bestzeit", "Im Weltcup liegt sie nun vorn.", SPORT),
    ("de", "Opa und Oma feiern Wiedersehen mit ihrem Enkel", "Zwillinge auf Reisen: eine rührende Geschichte.",
     HUMAN),
    ("nl", "Tuinexperts: snoei nog niet", "Bloembollen kunnen nu de grond in.", LIFESTYLE),
    ("nl", "Ruimtesonde bereikt planetoïde", "Het zonnestelsel krijgt zo een nieuw gezicht.", SCIENCE),
    ("sv", "Hundraåring firade med tårta", "Barnbarnen och mormor kom på besök.", HUMAN),
    ("sv", "Vargstammen räknas", "Ornitologer och en inventering av havsörn visar nya siffror.", ENVIRONMENT),
    ("no", "Fastlegekrisen forverres", "Allmennleger slutter og legeforeningen slår alarm.", HEALTH),
    ("no", "Lakselus truer villaks", "Oppdrettsnæringen får nye regler.", ENVIRONMENT),
    ("fi", "Lukiolaiset saavat oppikirjat", "Opetushallitus julkaisee ohjeet.", EDUCATION),
    ("fi", "Mummo ja vaari juhlivat", "Lapsenlapset järjestivät yllätyksen.", HUMAN),
    ("et", "Perearstide juures on järjekorrad", "Gripi tõttu kutsub terviseamet vaktsineerima.", HEALTH),
    ("et", "Vanaema sai sünnipäevaks üllatuse", "Lapselapsed tulid kaugelt.", HUMAN),
    ("lt", "Miškų kirtimai kelia nerimą", "Gamtininkai saugo retų paukščių buveines.", ENVIRONMENT),
    ("lt", "Kur keliauti rudenį", "Pažintiniai takai ir maršrutai šeimoms.", LIFESTYLE),
    ("pl", "Bocian wrócił do gniazda", "Babcia i wnuki czekały na niego od marca.", HUMAN),
    ("pl", "Kolejki do specjalistów", "Pacjenci czekają miesiącami, NFZ obiecuje zmiany.", HEALTH),
    ("cs", "Dědeček a vnoučata", "Babička slavila stoleté narozeniny.", HUMAN),
    ("cs", "Odboráři hrozí stávkou", "Zaměstnavatelé odmítají růst mezd.", LABOUR),
    ("sk", "Medvede pri obciach", "Ochranári odmietajú odstrel.", ENVIRONMENT),
    ("sk", "Učitelia dostanú nové učebnice", "Riaditelia škôl hlásia nedostatok pedagógov.", EDUCATION),
    ("el", "Η γιαγιά και τα εγγόνια", "Μια συγκινητική ιστορία από το χωριό.", HUMAN),
    ("el", "Ελλείψεις φαρμάκων", "Ο ιατρικός σύλλογος ζητά αντιβιοτικά για τα παιδιά.", HEALTH),
    ("tr", "Madende göçük", "Kurtarma ekipleri mahsur kalan işçilere ulaşmaya çalışıyor.", DISASTER),
    ("tr", "Kira artışları sürüyor", "Büyük şehirlerde barınacak yer bulmak zorlaştı.", SOCIETY),
    ("az", "Nənə nəvələri ilə", "Yüz yaşlı qadın ad gününü qeyd etdi.", HUMAN),
    ("az", "Ekoloqlar narahatdır", "Suitilər və balıq ehtiyatları azalır.", ENVIRONMENT),
    ("ru", "Пенсионерка растрогала соседей", "Спустя годы она вернула владельцу потерянную вещь.", HUMAN),
    ("be", "Юбіляр расказаў пра даўгалецце", "Праўнукі і ўнукі прыехалі да бабулі.", HUMAN),
    ("kk", "Әже мен немерелер", "Көпбалалы отбасы мерекеде.", HUMAN),
    ("ur", "رکشہ ڈرائیور کی خوشی کے آنسو", "غریب گھرانے کی کہانی۔", HUMAN),
    ("ps", "د اختر میلې", "خلک پارکونو ته د تفریح لپاره ورغلل.", LIFESTYLE),
    ("he", "נופש בצפון", "חבילות נופש לזוגות.", LIFESTYLE),
    ("hi", "रसोई में हलवा", "शेफ ने पकवान का स्वाद बताया।", LIFESTYLE),
    ("ne", "हजुरबुबा र हजुरआमा", "नातिनातिनाको सपना पूरा भयो।", HUMAN),
    ("zh", "老爷爷的暖心举动", "让人感动。", HUMAN),
    ("zh", "穿搭和小吃", "温泉之旅。", LIFESTYLE),
    ("ja", "長寿の秘訣", "常連客とのほっこりした会話。", HUMAN),
    ("ja", "アウトドアの楽しみ", "週末の過ごし方。", LIFESTYLE),
    ("ko", "할머니의 훈훈한 사연", "평생 모은 돈을 내놓았다.", HUMAN),
    ("vi", "Cụ ông và cụ bà", "Câu chuyện được chia sẻ.", HUMAN),
    ("id", "Penginapan murah", "Pilihan untuk akhir pekan.", LIFESTYLE),
    ("ms", "Nenek masih berniaga", "Kisahnya tular di media sosial.", HUMAN),
    ("ru", "В метро пустят новые поезда", "Перевозчик обещает, что электрички станут ходить чаще.", ECONOMY),
    ("uk", "Укрзалізниця додає потяги", "Перевізник обіцяє більше місць у вагонах.", ECONOMY),
    ("de", "Deutsche Bahn stellt den neuen Fahrplan vor", "Im Nahverkehr fahren mehr Züge.", ECONOMY),
    ("pt", "Novos comboios na linha do Norte", "A rede ferroviária e os transportes públicos ganham horários.", ECONOMY),
    ("it", "Trenitalia aggiunge corse", "Il trasporto pubblico regionale cambia orari.", ECONOMY),
    ("pt", "IRS: reembolsos chegam mais cedo", "O fisco devolve o imposto a milhares de contribuintes.", ECONOMY),
    ("es", "La Agencia Tributaria adelanta los plazos", "Los contribuyentes presentarán la declaración de la renta.", ECONOMY),
    ("fr", "La TVA baisse sur les factures", "Les contribuables paieront moins au fisc.", ECONOMY),
    ("it", "Irpef, cosa cambia", "I contribuenti pagheranno meno Iva e Imu.", ECONOMY),
]


@pytest.mark.parametrize(("language", "title", "text", "expected"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_everyday_news_words_give_the_topic(language: str, title: str, text: str, expected: str) -> None:
    """Each short item gets its topic first, not a neighbouring one or none."""
    topics = tag_topics(title, text, language=language)
    assert topics, f"{language}: no topic for {title!r}"
    assert topics[0].code == expected, f"{language}: {title!r} gave {[(t.code, t.score) for t in topics]}"
