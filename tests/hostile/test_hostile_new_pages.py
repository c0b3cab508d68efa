"""Hostile pages of the second round that reach mediamon.extract: links longer than any URL fetched, a base href to
a private host, giant metadata and attributes."""
from __future__ import annotations

import pytest

from mediamon.extract.article import extract_article
from mediamon.fetch.netsafety import MAX_URL_CHARS
from tests.support.hostile_inputs import article_paragraphs, html_page

PAGE_URL = "https://news.example.org/2024/03/05/harbour-reopens"
ARTICLE = f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>"
LONG_PATH = "https://news.example.org/" + "a" * 2_000_000


def test_a_canonical_link_longer_than_any_url_fetched_is_not_the_articles_url() -> None:
    article = extract_article(html_page(ARTICLE, head=f'<link rel="canonical" href="{LONG_PATH}">'), PAGE_URL)
    assert len(article.canonical_url) <= MAX_URL_CHARS


def test_an_image_url_longer_than_any_url_fetched_is_dropped() -> None:
    article = extract_article(html_page(ARTICLE, head=f'<meta property="og:image" content="{LONG_PATH}">'), PAGE_URL)
    assert article.image is None or len(article.image) <= MAX_URL_CHARS


def test_a_base_href_to_a_private_host_moves_no_link_off_the_pages_site() -> None:
    page = html_page(ARTICLE, head='<base href="http://127.0.0.1/"><meta property="og:image" content="/og.jpg">'
                                   '<link rel="canonical" href="/canonical">')
    article = extract_article(page, PAGE_URL)
    assert article.canonical_url == "https://news.example.org/canonical"
    assert article.image == "https://news.example.org/og.jpg"


@pytest.mark.parametrize("head", ['<meta name="description" content="' + "word " * 1_800_000 + '">',
                                  "<style>" + "a{b:c}" * 1_500_000 + "</style>",
                                  "<script>" + "var a=1;" * 1_100_000 + "</script>"])
def test_a_nine_megabyte_head_element_leaves_the_article_as_it_is(head: str) -> None:
    article = extract_article(html_page(ARTICLE, head=head), PAGE_URL)
    assert article.title == "Harbour reopens after the storm" and article.word_count == 164


def test_a_class_or_id_of_megabytes_is_cut_and_the_article_still_extracted() -> None:
    from mediamon.extract.article import MAX_NAME_CHARS, parse_page

    page = html_page(ARTICLE.replace("<article>", '<article id="' + "i " * 4_500_000 + '" class="' + "c " * 400 + '">'))
    tree = parse_page(page, PAGE_URL)
    article_element = tree.find(".//article")
    assert len(article_element.get("id")) == MAX_NAME_CHARS and len(article_element.get("class")) == 800  # a shorter one stays
    assert extract_article(page, PAGE_URL).text == extract_article(html_page(ARTICLE), PAGE_URL).text
