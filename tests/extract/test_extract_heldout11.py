"""General rules that the eleventh held-out batch (tests/fixtures/pages_heldout, part untouched11) led to: Elementor
pages read through their text widgets (their author and date too), an article only in JSON-LD articleBody, byline
labels in Georgian, Armenian, Amharic and Icelandic and bylines that name a desk, an author in a table of properties,
Georgian and Ethiopian dates, an <article> whose class says it has a footer, "read also" lines in Tamil and other
languages, footnote marks, pull quotes repeating a paragraph, subtitle classes in Romance languages and a Notion
page's properties."""
from __future__ import annotations

import json
from datetime import date

import pytest

from mediamon.errors import ExtractError
from mediamon.extract.article import clean_article_text, clean_author, extract_article
from mediamon.extract.calendars import ethiopian_to_gregorian
from mediamon.extract.published import date_in_label
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

HEADLINE = "Night ferry keeps running for two more summers"


def paragraphs(items: list[str]) -> str:
    """The items as <p> elements."""
    return "".join(f"<p>{p}</p>" for p in items)


def page(body: str, *, lang: str = "en", head: str = "") -> str:
    """An article page with the given markup under its headline."""
    return (f"<html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body><header><a href='/'>Harbour Post</a>"
            f"</header><main><h1>{HEADLINE}</h1>{body}</main><footer>© Harbour Post</footer></body></html>")


def extract(html: str) -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, "https://post.example/ferry", run_date=RUN_DATE)


# --- Elementor ---------------------------------------------------------------------------------------------------

SUBHEADING = "What the island residents asked for"


def widget(kind: str, inner: str) -> str:
    """One Elementor widget of the given kind."""
    return (f"<div class='elementor-element elementor-widget elementor-widget-{kind}'>"
            f"<div class='elementor-widget-container'>{inner}</div></div>")


def elementor_page() -> str:
    """A post laid out by Elementor's single-post template: title, post-info, text and heading widgets, share buttons."""
    info = ("<ul class='elementor-post-info'><li class='elementor-icon-list-item'><span class='elementor-icon-list-text "
            "elementor-post-info__item elementor-post-info__item--type-author'>Written by Holly Marsh</span></li>"
            "<li class='elementor-icon-list-item'><span class='elementor-icon-list-text elementor-post-info__item "
            "elementor-post-info__item--type-date'>March 12, 2025</span></li></ul>")
    widgets = (widget("theme-post-title", f"<h1 class='elementor-heading-title'>{HEADLINE}</h1>") + widget("post-info", info)
               + widget("text-editor", paragraphs(PARAGRAPHS[:2]))
               + widget("heading", f"<h2 class='elementor-heading-title'>{SUBHEADING}</h2>")
               + widget("text-editor", paragraphs(PARAGRAPHS[2:]))
               + widget("share-buttons", "<div class='elementor-share-btn'>Share</div>"))
    return (f"<html lang='en-GB'><head><title>{HEADLINE}</title></head><body class='single-post elementor-default'>"
            "<div data-elementor-type='header' class='elementor'><a href='/'>Harbour Post</a></div>"
            f"<div data-elementor-type='single-post' class='elementor elementor-location-single'><section "
            f"class='elementor-section'><div class='elementor-widget-wrap'>{widgets}</div></section></div></body></html>")


def test_an_elementor_posts_text_widgets_give_its_text_with_the_subheading() -> None:
    assert extract(elementor_page()).text == "\n".join([*PARAGRAPHS[:2], SUBHEADING, *PARAGRAPHS[2:]])


def test_an_elementor_posts_author_and_date_are_read_from_its_post_info_widget() -> None:
    article = extract(elementor_page())
    assert (article.author, article.published_at.date()) == ("Holly Marsh", date(2025, 3, 12))


# --- an article only in JSON-LD ----------------------------------------------------------------------------------

def app_shell(**extra: object) -> str:
    """A single-page app's markup: a loading screen, and the article only in its JSON-LD."""
    declared = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Night ferry stays",
                "datePublished": "2025-03-12T14:20:00+08:00", "author": {"@type": "Person", "name": "Maria Santos"},
                "articleBody": "\n\n".join(PARAGRAPHS), **extra}
    return ("<html lang='en'><head><title>Night ferry stays | Harbour Post</title><script type='application/ld+json'>"
            f"{json.dumps(declared)}</script></head><body><div id='root'><p class='loading'>Loading...</p></div></body></html>")


def test_an_app_whose_article_is_only_in_json_ld_gives_its_article_body() -> None:
    article = extract(app_shell())
    assert (article.text, article.author, article.method) == ("\n".join(PARAGRAPHS), "Maria Santos", "jsonld")


def test_a_paywalled_article_body_in_json_ld_is_not_shown_as_the_text() -> None:
    with pytest.raises(ExtractError):
        extract(app_shell(isAccessibleForFree="False"))


# --- bylines -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "name"), [
    ("Հեղինակ՝ Անի Պետրոսյան", "Անի Պետրոսյան"), ("ავტორი: ნინო ბერიძე", "ნინო ბერიძე"),
    ("ዘጋቢ፦ ሰላም ታደሰ", "ሰላም ታደሰ"), ("Höfundur: Guðrún Jónsdóttir", "Guðrún Jónsdóttir"),
])
def test_georgian_armenian_amharic_and_icelandic_byline_labels_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


def test_an_icelandic_umsjon_line_under_the_headline_names_the_author() -> None:
    html = page("<div class='hofundur'>Umsjón: <a href='/h/gj'>Guðrún Jónsdóttir</a></div>" + paragraphs(PARAGRAPHS), lang="is")
    assert extract(html).author == "Guðrún Jónsdóttir"


@pytest.mark.parametrize("byline", ["சென்னை செய்தியாளர்", "নিজস্ব প্রতিবেদক", "Our Correspondent", "Special Correspondent"])
def test_a_byline_that_names_a_desk_names_no_author(byline: str) -> None:
    assert clean_author(byline) is None


def test_a_name_before_a_role_is_still_read() -> None:
    assert clean_author("Priya Raman, Correspondent") == "Priya Raman"


@pytest.mark.parametrize("table", [
    "<dl class='facts'><dt>Author</dt><dd>Sam Whitlock</dd><dt>Published</dt><dd>March 12, 2025</dd></dl>",
    "<table><tr><th>Author:</th><td>Sam Whitlock</td></tr></table>",
    "<div class='notion-page__properties'><div class='notion-page__property'><div class='notion-page__property-name'>"
    "<span>Author</span></div><div class='notion-property notion-property__person'><span>Sam Whitlock</span></div></div></div>",
])
def test_an_author_label_in_a_table_of_properties_names_the_author(table: str) -> None:
    assert extract(page(table + paragraphs(PARAGRAPHS))).author == "Sam Whitlock"


# --- dates -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "day"), [
    ("12 მარტი 2025, 14:20", date(2025, 3, 12)), ("2025 წლის 3 აპრილს", date(2025, 4, 3)),
    ("1 დეკემბრის, 2024", date(2024, 12, 1)), ("5 იანვრის 2025", date(2025, 1, 5)),
    ("መጋቢት 3 ቀን 2017 ዓ.ም.", date(2025, 3, 12)), ("3 መጋቢት 2017", date(2025, 3, 12)),
    ("ጳጉሜን 6 ቀን 2015", date(2023, 9, 11)),
])
def test_georgian_and_ethiopian_dates_are_read(label: str, day: date) -> None:
    found = date_in_label(label)
    assert found is not None and found.date() == day


@pytest.mark.parametrize(("ethiopian", "gregorian"), [
    ((2017, 1, 1), date(2024, 9, 11)), ((2016, 1, 1), date(2023, 9, 12)), ((2016, 13, 5), date(2024, 9, 10)),
    ((2012, 1, 1), date(2019, 9, 12)),
])
def test_ethiopian_dates_convert_by_their_arithmetic(ethiopian: tuple[int, int, int], gregorian: date) -> None:
    assert ethiopian_to_gregorian(*ethiopian) == gregorian


@pytest.mark.parametrize("day", [(2016, 13, 6), (2017, 2, 31), (2017, 14, 1)])
def test_days_the_ethiopian_calendar_has_not_are_refused(day: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="no Ethiopian date"):
        ethiopian_to_gregorian(*day)


def test_an_ethiopian_year_outside_news_years_is_left_unread() -> None:
    assert date_in_label("መጋቢት 3 ቀን 1950 ዓ.ም.") is None


def test_an_article_whose_class_says_it_has_a_footer_is_not_the_pages_footer() -> None:
    html = (f"<html lang='en'><head><title>{HEADLINE}</title></head><body><main><div class='page-header'><h1>{HEADLINE}</h1>"
            "</div><article class='notion-root has-footer'><div class='props'><span class='date'>March 12, 2025</span></div>"
            f"{paragraphs(PARAGRAPHS)}</article></main></body></html>")
    assert extract(html).published_at.date() == date(2025, 3, 12)


# --- text --------------------------------------------------------------------------------------------------------

def test_a_tamil_read_also_line_between_paragraphs_is_dropped() -> None:
    line = ("<p><b>இதையும் படிக்க:</b> <a href='/metro'>மெட்ரோ ரயில் இரண்டாம் கட்டப் பணிகள் விரைவில் நிறைவு</a></p>")
    assert extract(page(paragraphs(PARAGRAPHS[:2]) + line + paragraphs(PARAGRAPHS[2:]), lang="ta")).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("line", [
    "Կարդացեք նաև", "ასევე წაიკითხეთ:", "இதையும் படிக்க: மெட்ரோ ரயில் பணிகள்", "हेही वाचा: मेट्रोचा नवा मार्ग",
    "Llegiu també: El mercat canvia d'ubicació", "Прочитајте повеќе",
])
def test_read_also_labels_in_more_languages_are_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


def test_footnote_marks_do_not_run_into_the_words_before_them() -> None:
    marked = PARAGRAPHS[0].replace("summers", "summers<sup class='ref'><a href='#note-1'>1</a></sup>")
    notes = "<h2>Notes</h2><ol><li id='note-1'>Board minutes, 3 March 2025.</li></ol>"
    assert extract(page(f"<article><p>{marked}</p>{paragraphs(PARAGRAPHS[1:])}{notes}</article>")).text.split("\n")[0] == PARAGRAPHS[0]


def test_a_pull_quote_repeating_a_paragraph_is_dropped() -> None:
    quote = "<blockquote class='pull'><p>«Many of them nurses and hotel staff whose late shifts ended after the last boat»</p></blockquote>"
    body = paragraphs(PARAGRAPHS[:2]) + quote + paragraphs(PARAGRAPHS[2:])
    assert extract(page(f"<article>{body}</article>")).text == "\n".join(PARAGRAPHS)


def test_a_quotation_that_says_something_else_is_kept() -> None:
    quote = "Nobody on the island wants to sleep on a bench at the harbour again, the petition said."
    body = paragraphs(PARAGRAPHS[:2]) + f"<blockquote><p>{quote}</p></blockquote>" + paragraphs(PARAGRAPHS[2:])
    assert extract(page(f"<article>{body}</article>")).text == "\n".join([*PARAGRAPHS[:2], quote, *PARAGRAPHS[2:]])


@pytest.mark.parametrize("name", ["subtitol", "subtitulo", "sottotitolo", "entradeta", "bajada"])
def test_a_subtitle_named_in_a_romance_language_is_a_standfirst(name: str) -> None:
    subtitle = f"<h2 class='{name}'>El ple aprova un projecte que conservarà la nau i la xemeneia</h2>"
    assert extract(page(subtitle + paragraphs(PARAGRAPHS))).text == "\n".join(PARAGRAPHS)


def test_a_notion_pages_properties_are_not_text() -> None:
    rows = "".join(f"<div class='notion-page__property'><div class='notion-page__property-name'><span>{name}</span></div>"
                   f"<div class='notion-property'><span>{value}</span></div></div>"
                   for name, value in (("Author", "Sam Whitlock"), ("Published", "March 12, 2025"), ("Status", "Final")))
    blocks = "".join(f"<div class='notion-text-block'><span class='notion-semantic-string'>{p}</span></div>" for p in PARAGRAPHS)
    html = page(f"<article class='notion-root'><div class='notion-page__properties'>{rows}</div>{blocks}</article>")
    assert extract(html).text == "\n".join(PARAGRAPHS)
