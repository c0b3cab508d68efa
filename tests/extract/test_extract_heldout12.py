"""General rules that the twelfth held-out batch (tests/fixtures/pages_heldout, part untouched12) led to: a Joomla K2
item's intro joined to its full text, a live page's summary kept as text, an embedded post's attribution line left
out, a live page's host label, two names joined by the word for 'and', a generic date meta tag holding the modified
time passed over, 'most read' headings in more languages and a source credit ending the text."""
from __future__ import annotations

from datetime import date

import pytest

from mediamon.extract.article import clean_article_text, clean_author, extract_article
from mediamon.extract.published import extract_published_at
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

HEADLINE = "Night ferry keeps running for two more summers"
SUMMARY = "The ferry board meets tonight to decide on the night service. Follow the vote here as it happens."


def paragraphs(items: list[str]) -> str:
    """The items as <p> elements."""
    return "".join(f"<p>{p}</p>" for p in items)


def page(body: str, *, lang: str = "en", head: str = "") -> str:
    """An article page with the given markup under its headline."""
    return (f"<html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body><header><a href='/'>Harbour Post</a>"
            f"</header><main><h1>{HEADLINE}</h1>{body}</main><footer>© Harbour Post</footer></body></html>")


def extract(html: str, url: str = "https://post.example/ferry") -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, url, run_date=RUN_DATE)


# --- Joomla K2 ---------------------------------------------------------------------------------------------------

def test_a_k2_items_intro_text_opens_its_full_text() -> None:
    item = (f"<div id='k2Container' class='itemView'><div class='itemHeader'><h2 class='itemTitle'>{HEADLINE}</h2></div>"
            f"<div class='itemBody'><div class='itemIntroText'><p>{PARAGRAPHS[0]}</p></div>"
            f"<div class='itemFullText'>{paragraphs(PARAGRAPHS[1:])}</div><div class='itemHits'>Read 345 times</div></div>"
            "<div class='itemRelated'><h3>Related items</h3><ul><li><a href='/item/1'>Harbour opens</a></li></ul></div></div>")
    html = (f"<html lang='en'><head><title>{HEADLINE} - Harbour Post</title></head><body class='com_k2 view-item'>"
            f"<main id='content'>{item}</main></body></html>")
    assert extract(html).text == "\n".join(PARAGRAPHS)


def test_an_intro_block_without_full_text_after_it_is_left_where_it_is() -> None:
    html = page(f"<div class='introtext'><p>{PARAGRAPHS[0]}</p></div><aside class='fulltext-note'>Full text on paper.</aside>"
                f"<article>{paragraphs(PARAGRAPHS[1:])}</article>")
    assert PARAGRAPHS[0] not in extract(html).text.split("\n")[1:]


# --- live pages --------------------------------------------------------------------------------------------------

def live_page(feed_class: str, entry_class: str) -> str:
    """A live page without LiveBlogPosting: a summary in a lead block under the headline, then timed entries."""
    entries = "".join(f"<div class='{entry_class}'><div class='time'>1{i}:20</div><div class='body'><p>{p}</p></div>"
                      f"<a class='share' href='#e{i}'>Share</a></div>" for i, p in enumerate(PARAGRAPHS))
    return page(f"<div class='article-lead'><p>{SUMMARY}</p></div><div class='{feed_class}'>{entries}</div>")


@pytest.mark.parametrize(("feed_class", "entry_class"), [("live-feed", "post"), ("stream", "live-post"),
                                                         ("liveblog-entries", "entry")])
def test_a_live_pages_summary_under_the_headline_is_its_text(feed_class: str, entry_class: str) -> None:
    assert extract(live_page(feed_class, entry_class)).text == "\n".join([SUMMARY, *PARAGRAPHS])


def test_a_lead_on_a_page_that_is_not_live_is_still_a_standfirst() -> None:
    assert extract(live_page("feed", "post")).text == "\n".join(PARAGRAPHS)


# --- embedded posts ----------------------------------------------------------------------------------------------

POST = "Today the council approved two more summers of the night ferry, a service islanders asked for."


def with_embed(quote: str) -> str:
    """The article with an embedded post between its second and third paragraphs."""
    return page(f"<article>{paragraphs(PARAGRAPHS[:2])}{quote}{paragraphs(PARAGRAPHS[2:])}</article>")


@pytest.mark.parametrize("quote", [
    f"<div class='fb-post'><blockquote cite='https://www.facebook.com/harbour/posts/1' class='fb-xfbml-parse-ignore'><p>{POST}"
    "</p>Pubblicato da <a href='https://www.facebook.com/harbour'>Comune di Bari</a> su mercoledì 12 marzo 2025</blockquote></div>",
    f"<blockquote class='telegram-post' data-telegram-post='harbour/1824'><p>{POST}</p>"
    "<a href='https://t.me/harbour/1824'>Harbour Council on Telegram</a></blockquote>",
])
def test_an_embedded_posts_words_are_text_and_its_attribution_is_not(quote: str) -> None:
    assert extract(with_embed(quote)).text == "\n".join([*PARAGRAPHS[:2], POST, *PARAGRAPHS[2:]])


# --- bylines -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "name"), [
    ("Стрічку веде Олена Коваль", "Олена Коваль"), ("Трансляцию ведёт Анна Соколова", "Анна Соколова"),
    ("Giulia Romano e Luca Ferri", "Giulia Romano, Luca Ferri"), ("Ali Yılmaz ve Ayşe Demir", "Ali Yılmaz, Ayşe Demir"),
    ("Ана Ли и Иван Лис", "Ана Ли, Иван Лис"), ("Par Claire Dubois et Marc Lefèvre", "Claire Dubois, Marc Lefèvre"),
])
def test_live_host_labels_and_names_joined_by_and_are_read(byline: str, name: str) -> None:
    assert clean_author(byline) == name


@pytest.mark.parametrize("name", ["Maria da Silva e Souza", "José Ortega y Gasset"])
def test_a_name_holding_the_word_for_and_stays_one_name(name: str) -> None:
    assert clean_author(name) == name


# --- dates -------------------------------------------------------------------------------------------------------

def dated_page(date_meta: str) -> str:
    """A page whose generic 'date' meta tag holds date_meta, beside a modified-time tag, with a published line."""
    head = (f"<meta name='date' content='{date_meta}'><meta property='article:modified_time' content='2025-03-13T07:10:00+01:00'>")
    return page(f"<div class='publish-date'>Published 12.03.2025</div>{paragraphs(PARAGRAPHS)}", head=head)


def test_a_generic_date_meta_tag_holding_the_modified_time_is_not_the_publication_date() -> None:
    found = extract_published_at(dated_page("2025-03-13T07:10:00+01:00"), "https://post.example/ferry", run_date=RUN_DATE)
    assert found is not None and found[0].date() == date(2025, 3, 12)


def test_a_generic_date_meta_tag_of_another_time_is_still_read() -> None:
    found = extract_published_at(dated_page("2025-03-11T09:00:00+01:00"), "https://post.example/ferry", run_date=RUN_DATE)
    assert found is not None and (found[0].date(), found[1]) == (date(2025, 3, 11), "meta")


# --- text --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Meistgelesen", "Lo más visto", "I più letti", "En Çok Okunanlar", "الأكثر قراءة",
                                  "アクセスランキング", "Najczęściej czytane", "Mais lidas"])
def test_a_most_read_heading_alone_on_its_line_is_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


@pytest.mark.parametrize("credit", ["Kaynak: AA", "Quelle: dpa", "SOURCE: News agencies", "Fuente: Europa Press"])
def test_a_source_credit_ending_the_text_is_dropped(credit: str) -> None:
    html = page(f"<article>{paragraphs([*PARAGRAPHS, credit])}</article>")
    assert extract(html).text == "\n".join(PARAGRAPHS)


def test_a_source_line_with_more_words_is_text() -> None:
    line = "Source: the operator's passenger counts for last summer"
    assert extract(page(f"<article>{paragraphs([*PARAGRAPHS, line])}</article>")).text.endswith(line)
