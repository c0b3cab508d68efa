"""General rules that the seventh held-out batch (tests/fixtures/pages_heldout, part untouched7) led to: Solar
Hijri dates, byline labels in more languages, a headline under a logo h1, social-media embeds and press-release
furniture."""
from __future__ import annotations

from datetime import date

import pytest

from mediamon.extract.article import clean_article_text, clean_author, extract_article
from mediamon.extract.calendars import gregorian_solar_hijri_dates, solar_hijri_to_gregorian
from mediamon.extract.published import date_in_label
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

# --- Solar Hijri dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("solar", "gregorian"), [
    ((1403, 1, 1), date(2024, 3, 20)),  # Nowruz of a year after a Gregorian leap day
    ((1404, 1, 1), date(2025, 3, 21)),
    ((1399, 1, 1), date(2020, 3, 20)),
    ((1400, 1, 1), date(2021, 3, 21)),
    ((1403, 12, 30), date(2025, 3, 20)),  # 1403 is a leap year: Esfand has 30 days
    ((1357, 11, 22), date(1979, 2, 11)),
    ((1375, 1, 1), date(1996, 3, 20)),
    ((1403, 9, 12), date(2024, 12, 2)),
    ((1403, 10, 12), date(2025, 1, 1)),
    ((1404, 5, 10), date(2025, 8, 1)),
])
def test_solar_hijri_days_convert_to_their_gregorian_days(solar: tuple[int, int, int], gregorian: date) -> None:
    assert solar_hijri_to_gregorian(*solar) == gregorian


@pytest.mark.parametrize("solar", [(1404, 12, 30), (1403, 7, 31), (1403, 13, 1), (1403, 0, 5)])
def test_solar_hijri_days_that_do_not_exist_are_refused(solar: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="no Solar Hijri day"):
        solar_hijri_to_gregorian(*solar)


@pytest.mark.parametrize(("label", "day"), [
    ("۱۴۰۳/۰۹/۱۲ - ۰۹:۴۰", date(2024, 12, 2)),  # Persian digits
    ("1403/09/12", date(2024, 12, 2)),
    ("سه‌شنبه ۱۳ آذر ۱۴۰۳", date(2024, 12, 3)),  # Iranian month name
    ("۱۲ دي ۱۴۰۳", date(2025, 1, 1)),  # written with the Arabic ي
    ("۵ غویی ۱۴۰۴", date(2025, 4, 25)),  # Pashto month name
    ("۵ ثور ۱۴۰۴", date(2025, 4, 25)),  # Dari month name
])
def test_solar_hijri_labels_are_read_as_their_gregorian_day(label: str, day: date) -> None:
    found = date_in_label(label)
    assert found is not None and found.date() == day


@pytest.mark.parametrize("text", [
    "1446/05/30",  # a lunar Hijri year is not read as Solar Hijri
    "۱۲ آذر ۱۳۰۲",  # a Solar Hijri year before any news site
    "۳۱ مهر ۱۴۰۳",  # Mehr has 30 days
    "الاثنين 30 جمادى الأولى 1446 هـ",
])
def test_other_years_and_impossible_days_are_left_as_written(text: str) -> None:
    assert gregorian_solar_hijri_dates(text) == text


def test_an_arabic_page_with_a_lunar_hijri_and_a_gregorian_date_gives_the_gregorian_day() -> None:
    html = ("<html lang='ar' dir='rtl'><body><h1>افتتاح سوق للأسماك</h1><div class='info'><span class='by'>كتب: خالد "
            "العمري</span><span class='article-date'>الاثنين 30 جمادى الأولى 1446 هـ - 2 ديسمبر 2024 م</span></div>"
            f"<div class='content'><p>{'افتتحت البلدية صباح الاثنين سوق الأسماك القديم في قلب المدينة. ' * 8}</p></div>"
            "</body></html>")
    article = extract_article(html, "https://news.example/souq", run_date=RUN_DATE)
    assert (article.published_at.date(), article.author) == (date(2024, 12, 2), "خالد العمري")


def test_a_persian_page_dated_only_in_the_solar_hijri_calendar_gets_its_day() -> None:
    html = ("<html lang='fa' dir='rtl'><head><title>بازگشایی پل تاریخی</title></head><body><h1>بازگشایی پل تاریخی</h1>"
            "<div class='news-meta'><span class='news-date'>۱۴۰۳/۰۹/۱۲ - ۰۹:۴۰</span></div><div class='body'>"
            f"<p>{'پل عابر پیاده قدیمی محله پس از دو سال مرمت دوباره باز شد و اهالی از آن استقبال کردند. ' * 4}</p>"
            "</div></body></html>")
    article = extract_article(html, "https://news.example/pol", run_date=RUN_DATE)
    assert article.published_at is not None and article.published_at.date() == date(2024, 12, 2)


def test_a_nepali_bikram_sambat_date_is_not_read_as_any_day() -> None:
    assert date_in_label("२०८२ बैशाख १ गते ११:२०") is None


# --- bylines ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "name"), [
    ("Της Ελένης Κωνσταντίνου", "Ελένης Κωνσταντίνου"),  # Greek bylines put the name in the genitive after 'of'
    ("Του Γιώργου Παπαδόπουλου", "Γιώργου Παπαδόπουλου"),
    ("Intervjueeris Kadri Lepp", "Kadri Lepp"),
    ("Autorė Rūta Jankauskienė", "Rūta Jankauskienė"),
    ("Autorius Jonas Petraitis", "Jonas Petraitis"),
    ("لیکوال: احمد ولي سلطاني", "احمد ولي سلطاني"),
])
def test_byline_labels_in_more_languages_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


@pytest.mark.parametrize("name", ["Tess Morgan", "Τουλάκης Νίκος", "Autoriaus Vardas"])
def test_names_without_such_a_label_are_kept_whole(name: str) -> None:
    assert clean_author(name) == name


# --- a headline under a logo h1 --------------------------------------------------------------------------

def logo_page(title: str) -> str:
    """A page whose h1 is the site's logo and whose headline is an h2, with a sidebar of headed lists."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html lang='en'><head><title>{title}</title></head><body><div class='top'><h1 class='logo'><a href='/'>"
            "Island Gazette</a></h1></div><div class='story'><h2 class='story-title'>Night ferry stays for two more "
            f"summers</h2><div class='story-text'>{paragraphs}</div></div><div class='side'><h2>Most read</h2><ol><li>"
            "<a href='/a'>Harbour dredging delayed again</a></li></ol></div></body></html>")


@pytest.mark.parametrize("title", ["Island Gazette", "ISLAND GAZETTE"])
def test_the_headline_under_a_logo_h1_is_the_title_when_the_page_title_is_the_site_name(title: str) -> None:
    article = extract_article(logo_page(title), "https://gazette.example/ferry", run_date=RUN_DATE)
    assert (article.title, article.text) == ("Night ferry stays for two more summers", "\n".join(PARAGRAPHS))


def test_a_declared_headline_still_wins_over_the_h2() -> None:
    html = logo_page("Ferry stays open | Island Gazette")
    article = extract_article(html, "https://gazette.example/ferry", run_date=RUN_DATE)
    assert article.title == "Ferry stays open"


# --- press releases and embeds ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "PRESS RELEASE", "FOR IMMEDIATE RELEASE", "KENYATAAN MEDIA", "Pressemitteilung", "COMUNICADO DE PRENSA",
    "– TAMAT –", "- ENDS -", "— ENDE —", "-30-", "###",
    "For more information, please contact:", "Untuk maklumat lanjut, sila hubungi:", "Media contact:",
    "View this post on Instagram", "A post shared by Harbour Museum (@harbourmuseum)",
])
def test_press_release_labels_end_marks_and_embed_chrome_are_dropped(line: str) -> None:
    text = f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}"
    assert clean_article_text(text, None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


@pytest.mark.parametrize("line", [
    "The press release said the ferry would keep its winter timetable.",
    "Ende",
    "Media contacts at the ministry declined to comment on the ferry.",
])
def test_sentences_and_words_that_only_resemble_them_are_kept(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}", None) == f"{PARAGRAPHS[0]}\n{line}"


def release_page(contact_class: str) -> str:
    """A press release whose media contact (label, desk, phone, e-mail) sits in a box of the given class."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return ("<html lang='en'><head><title>Night ferry stays</title></head><body><div class='release'>"
            f"<p class='kind'>PRESS RELEASE</p><h1>Night ferry stays</h1><div class='release-text'>{paragraphs}"
            "<p>– ENDS –</p>"
            f"<div class='{contact_class}'><p><strong>Ferry desk</strong></p><p>Communications unit<br>Tel: 0123 456 789"
            "<br>press@ferry.example</p></div></div></div></body></html>")


@pytest.mark.parametrize("contact_class", ["media-contact", "press_contacts", "box mediacontact"])
def test_a_press_releases_media_contact_box_label_and_end_mark_are_not_text(contact_class: str) -> None:
    article = extract_article(release_page(contact_class), "https://ferry.example/press/1", run_date=RUN_DATE)
    assert article.text == "\n".join(PARAGRAPHS)


def test_an_embedded_tweet_stays_in_the_text_as_the_dev_benchmark_counts_it() -> None:
    tweet = ("<blockquote class='twitter-tweet'><p lang='en'>The night ferry is staying, and the nurses on late shifts "
             "can finally get home without a taxi.</p>&mdash; Island Nurses (@islandnurses) <a href='https://x.example/"
             "s/1'>June 9, 2025</a></blockquote>")
    html = (f"<html lang='en'><body><article><h1>Night ferry stays</h1><p>{PARAGRAPHS[0]}</p>{tweet}<p>{PARAGRAPHS[1]}"
            f"</p><p>{PARAGRAPHS[2]}</p></article></body></html>")
    article = extract_article(html, "https://news.example/ferry", run_date=RUN_DATE)
    assert "can finally get home without a taxi" in article.text and article.text.endswith(PARAGRAPHS[2])
