"""Tests for gazetteers 2026.63 to 2026.66: names, case forms and demonyms of the registry's thinly covered languages
(Lithuanian, Estonian, Hebrew, Kazakh, Greek, Dutch, Indonesian, Malay, Nepali, Pashto, Bengali, Korean, Chinese,
Finnish, Swedish, Hindi) from a probe of the countries most in the news, their capitals and largest towns, and the words of
those languages that stay no place."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries


def focus(title: str, text: str = "") -> str | None:
    """The focus country the tagger gives an item."""
    return tag_countries(title, text).focus


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Pietų Korėjos prezidentas lankėsi Vašingtone", "Derybos truko dvi dienas.", "KR"),
    ("Jeruzalėje vėl susirėmė policija ir protestuotojai", "Sužeisti keli žmonės.", "IL"),
    ("Šiauliuose atidarytas naujas tiltas", "Statybos kainavo 12 mln. eurų.", "LT"),
    ("Ispanai laimėjo rungtynes prieš olandus", "Įvartį pelnė puolėjas.", "ES"),
    ("Didžiojoje Britanijoje streikuoja traukinių mašinistai", "Eismas sutrikęs visoje šalyje.", "GB"),
    ("Jaapanis tõusis riigivõlg rekordini", "Valitsus lubab kulusid kärpida.", "JP"),
    ("Iisraelist saabus uus relvasaadetis", "Leping sõlmiti eelmisel aastal.", "IL"),
    ("Viinis algasid tuumakõnelused", "Delegatsioonid kohtuvad homme uuesti.", "AT"),
    ("Hiinlased ostavad rohkem elektriautosid", "Müük kasvas 30 protsenti.", "CN"),
    ("ראש הממשלה נפגש עם נשיא דרום קוריאה", "השניים דנו בשיתוף פעולה ביטחוני.", "KR"),
    ("פיגוע ירי ברמאללה", "שני פצועים פונו לבית החולים.", "PS"),
    ("שר החוץ ביקר בסעודיה", "הביקור נמשך יומיים.", "SA"),
    ("Оңтүстік Кореяда сайлау өтті", "Сайлаушылардың белсенділігі жоғары болды.", "KR"),
    ("Израильдің әуе шабуылы", "Бірнеше ғимарат қирады.", "IL"),
    ("Немістер көлік өндірісін қысқартады", "Зауыттар жұмысшыларды қысқартуда.", "DE"),
    ("Σεισμός στη Λέσβο", "Δεν αναφέρθηκαν ζημιές.", "GR"),
    ("Εκλογές στη Βρετανία τον Ιούλιο", "Οι δημοσκοπήσεις δείχνουν αλλαγή.", "GB"),
    ("Ο πρόεδρος της Νότιας Κορέας παραιτήθηκε", "Η βουλή θα ψηφίσει την Παρασκευή.", "KR"),
    ("Nieuwe brug in Zwolle geopend", "De bouw duurde drie jaar.", "NL"),
    ("Kernoverleg in Wenen hervat", "De delegaties zitten maandag weer aan tafel.", "AT"),
    ("Overstromingen in Gelderland", "Honderden woningen zijn ontruimd.", "NL"),
    ("Presiden Korsel kunjungi Jakarta", "Kedua negara membahas kerja sama.", "KR"),
    ("Jemaah haji tiba di Mekkah", "Suhu udara mencapai 45 derajat.", "SA"),
    ("Pelancong membanjiri Langkawi", "Hotel hampir penuh sepanjang cuti.", "MY"),
    ("मस्कोमा ठूलो विस्फोट", "कम्तीमा पाँच जनाको मृत्यु भयो।", "RU"),
    ("क्यानडामा नेपाली विद्यार्थीको संख्या बढ्यो", "भिसा नियम कडा भएको छ।", "CA"),
    ("پیښور کې چاودنه", "لږ تر لږه درې کسان ووژل شول.", "PK"),
    ("د هندوستان بهرنیو چارو وزیر", "دوه اړخیزې اړیکې به پراخې شي.", "IN"),
    ("যুক্তরাষ্ট্রে তুষারঝড়ে ১২ জনের মৃত্যু", "বিমান চলাচল বন্ধ রয়েছে।", "US"),
    ("কক্সবাজারে পাহাড়ধসে নিহত ৩", "ভারী বর্ষণ অব্যাহত আছে।", "BD"),
    ("호주 산불로 주민 대피", "강풍이 이어지고 있다.", "AU"),
    ("基辅遭大规模空袭", "多处能源设施受损。", "UA"),
    ("Rovaniemellä ennätysmäärä matkailijoita", "Joulusesonki alkoi vilkkaana.", "FI"),
    ("Ny bosättning planeras på Västbanken", "Beslutet kritiseras av FN.", "PS"),
    ("फ्रांस में पेंशन सुधार के खिलाफ हड़ताल", "रेल सेवाएं ठप रहीं।", "FR"),
    ("गाजा में राहत सामग्री पहुंची", "संयुक्त राष्ट्र ने ट्रकों की संख्या बढ़ाने की मांग की।", "PS"),
    ("Kiniečiai perka daugiau lietuviško pieno", "Eksportas išaugo trečdaliu.", "CN"),
    ("Ekspor batu bara ke Negeri Tirai Bambu turun", "Permintaan melemah sejak awal tahun.", "CN"),
    ("Drama dari Negeri Ginseng kembali merajai layar kaca", "Penontonnya didominasi remaja.", "KR"),
])
def test_probe_names_and_forms(title: str, text: str, expected: str) -> None:
    """A name or form the probe found missing now gives its country."""
    assert focus(title, text) == expected


@pytest.mark.parametrize(("title", "text"), [
    ("Indai sudužo per audrą", "Virtuvėje liko tik šukės."),
    ("Viin ja õlu kallinevad", "Aktsiisi tõstetakse jaanuaris."),
    ("Kinderen wenen om hun hond", "De buren helpen zoeken."),
    ("שדרות חדשות נפתחו במרכז העיר", "העירייה שתלה עצים."),
    ("गाँजासहित दुई पक्राउ", "प्रहरीले अनुसन्धान थालेको छ।"),
    ("Solo karier penyanyi itu melesat", "Albumnya terjual laris."),
    ("गाजी मियां की दरगाह पर उर्स शुरू", "हजारों जायरीन पहुंचे।"),
    ("गांजा तस्करी में दो गिरफ्तार", "पुलिस ने 20 किलो बरामद किया।"),
])
def test_probe_common_words_stay_no_place(title: str, text: str) -> None:
    """Ordinary words the probe left out (dishes, vodka, weeping, avenues, cannabis, solo) and the title Ghazi beside
    Gaza's stem name no country."""
    assert focus(title, text) is None

