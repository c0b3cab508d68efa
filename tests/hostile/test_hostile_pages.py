"""extract_article on hostile pages: deep nesting, a million nodes, bad links; bounded, recorded, no crash.

Time budgets are generous (a shared 2-core machine); benchmarks/hostile.py measures time and memory.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from mediamon.errors import REASONS, ExtractError
from mediamon.extract.article import MAX_PAGE_ELEMENTS, extract_article
from mediamon.records import Article
from mediamon.text.html_budget import MAX_TAG_ATTRIBUTES, most_crowded_tag
from tests.support.hostile_inputs import (
    HOSTILE_PAGES,
    PAGE_URL,
    article_paragraphs,
    bad_links_page,
    crowded_tag_page,
    deep_nesting_page,
    html_page,
    long_word_title_page,
    many_nodes_page,
    nested_jsonld_page,
)

T = TypeVar("T")
BUDGET_S = 30.0
ARTICLE_WORDS = 4 * 41  # article_paragraphs(): 4 paragraphs of 40 words and "reopened."


def timed(budget_s: float, extract: Callable[[], T]) -> T:
    """extract()'s result or error if it comes within the budget; the test fails otherwise."""
    start = time.perf_counter()
    try:
        return extract()
    finally:
        elapsed = time.perf_counter() - start
        assert elapsed < budget_s, f"took {elapsed:.1f} s (budget {budget_s} s)"


def extract(html: str | bytes) -> Article:
    """extract_article on the hostile page URL."""
    return extract_article(html, PAGE_URL)


def test_an_article_before_100000_nested_divs_is_extracted() -> None:
    article = timed(BUDGET_S, lambda: extract(deep_nesting_page(100_000)))
    assert article.word_count == ARTICLE_WORDS and article.text.startswith("harbour0w0 harbour0w1")


@pytest.mark.parametrize("tag", ["div", "b", "table", "li"])
def test_an_article_inside_100000_nested_elements_gives_no_recursion_error(tag: str) -> None:
    try:
        article = timed(BUDGET_S, lambda: extract(deep_nesting_page(100_000, tag=tag, article_first=False)))
    except ExtractError as err:  # nesting stops at 255 levels (the text inside is lost); <li> nest as siblings
        assert err.reason in {"no-text", "too-large"} and PAGE_URL in str(err)
    else:
        assert article.word_count > 0


def test_a_page_of_a_million_nodes_is_refused_as_too_large() -> None:
    html = many_nodes_page(1_000_000)
    assert len(html) < 10 * 2**20  # under the fetch body cap: a server can really send this
    with pytest.raises(ExtractError) as caught:
        timed(BUDGET_S, lambda: extract(html))
    assert caught.value.reason == "too-large" and str(MAX_PAGE_ELEMENTS) in str(caught.value)


def test_a_page_just_under_the_node_cap_is_extracted() -> None:
    article = timed(BUDGET_S, lambda: extract(many_nodes_page(MAX_PAGE_ELEMENTS - 1_000)))
    assert article.word_count == ARTICLE_WORDS


def test_json_ld_nested_too_deep_is_skipped_and_the_article_kept() -> None:
    article = timed(BUDGET_S, lambda: extract(nested_jsonld_page(100_000)))
    assert article.word_count == ARTICLE_WORDS


@pytest.mark.parametrize("link", ["javascript:alert(document.cookie)", "JAVASCRIPT:alert(1)",
                                  "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "http://[::1",
                                  "https://[not-an-ip]/x", "vbscript:msgbox(1)"])
def test_script_data_file_and_broken_links_never_become_the_canonical_url_or_image(link: str) -> None:
    article = timed(BUDGET_S, lambda: extract(bad_links_page(link)))
    assert article.canonical_url == PAGE_URL and article.image is None
    assert article.word_count >= ARTICLE_WORDS


def test_relative_canonical_and_image_links_are_made_absolute() -> None:
    article = extract(html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>",
                                head='<link rel="canonical" href="javascript:void(0)">'
                                     '<meta property="og:url" content="/2024/03/05/harbour">'
                                     '<meta property="og:image" content="/img/harbour.jpg">'))
    assert article.canonical_url == "https://news.example.org/2024/03/05/harbour"
    assert article.image == "https://news.example.org/img/harbour.jpg"


@pytest.mark.parametrize("body", [b"%PDF-1.7\n" + bytes(range(256)) * 100, b"\x89PNG\r\n\x1a\n" + bytes(5000),
                                  bytes(range(256)) * 40_000, "plain text, no markup at all " * 1000, b""],
                         ids=["pdf", "png", "10mb-binary", "plain-text", "empty"])
def test_binary_and_markup_free_bodies_are_not_html(body: str | bytes) -> None:
    with pytest.raises(ExtractError) as caught:
        timed(BUDGET_S, lambda: extract(body))
    assert caught.value.reason == "not-html"


def test_good_pages_beside_hostile_ones_are_all_extracted() -> None:
    good = html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>")
    batch = [good, many_nodes_page(1_000_000), bad_links_page("javascript:x"), b"%PDF-1.4", good]
    articles, rejected = [], []
    for html in batch:  # the per-item boundary of the extract stage
        try:
            articles.append(extract(html))
        except ExtractError as err:
            rejected.append(err.reason)
    assert len(articles) == 3 and rejected == ["too-large", "not-html"]
    assert len(articles) + len(rejected) == len(batch)


@pytest.mark.parametrize("name", sorted(set(HOSTILE_PAGES) - {"just-under-node-cap"}))
def test_every_hostile_page_gives_an_article_or_an_extract_error_in_time(name: str) -> None:
    html = HOSTILE_PAGES[name]()
    try:
        article = timed(BUDGET_S, lambda: extract(html))
    except ExtractError as err:
        assert err.reason in REASONS and err.url == PAGE_URL
    else:
        assert article.canonical_url.startswith("https://") and (article.image or "https://").startswith("https://")


@pytest.mark.parametrize("name", ["crowded-tag-200k-attributes", "crowded-tag-quoted-gt", "crowded-tag-no-spaces",
                                  "crowded-tag-bare"])
def test_a_tag_with_hundreds_of_thousands_of_attributes_is_refused_before_parsing(name: str) -> None:
    with pytest.raises(ExtractError) as caught:
        timed(BUDGET_S, lambda: extract(HOSTILE_PAGES[name]()))
    assert caught.value.reason == "too-large" and "attribute separators" in str(caught.value)


def test_real_pages_with_long_scripts_are_not_taken_for_crowded_tags() -> None:
    script = "<script>" + " ".join(f"if (a<b{i}) c = d / e;" for i in range(3_000)) + "</script>"
    page = html_page(f"<article><h1>Harbour reopens after the storm</h1>{article_paragraphs()}</article>", head=script)
    assert most_crowded_tag(page) < MAX_TAG_ATTRIBUTES
    assert extract(page).word_count == ARTICLE_WORDS


def test_a_tag_under_the_attribute_budget_still_parses() -> None:
    assert extract(crowded_tag_page(1_000)).word_count == ARTICLE_WORDS


def test_a_page_with_a_16000_letter_title_word_is_extracted_and_tagged_within_budget() -> None:
    from mediamon.budget import cpu_budget
    from mediamon.enrich.countries import tag_countries
    from mediamon.enrich.topics import tag_topics

    with cpu_budget(10.0, "extract and enrich"):
        article = extract(long_word_title_page(16_000))
        tag_countries(article.title, article.text)
        topics = tag_topics(article.title, article.text, language=article.language)
    assert topics and article.word_count >= ARTICLE_WORDS
