"""More hostile pages: invisible characters that split or reorder the words of a title or byline."""
from __future__ import annotations

import pytest

from mediamon.extract.article import extract_article
from tests.support.hostile_inputs import PAGE_URL, article_paragraphs, html_page

INVISIBLE = ["&shy;", "&#x200b;", "&#x2060;", "&#xfeff;", "&#x202e;", "&#x2066;", "&#x180e;"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_inside_title_and_author_words_are_dropped(char: str) -> None:
    title = f"Pro{char}test in Ka{char}zakhstan"
    page = html_page(f"<article><h1>{title}</h1>{article_paragraphs()}</article>", title=title,
                     head=f'<meta name="author" content="Jane {char}Doe">')
    article = extract_article(page, PAGE_URL)
    assert (article.title, article.author) == ("Protest in Kazakhstan", "Jane Doe")


def test_joiners_that_persian_words_need_are_kept_in_the_title() -> None:
    title = "می\u200cخواهم"  # ZWNJ: part of the word's spelling
    page = html_page(f"<article><h1>{title}</h1>{article_paragraphs()}</article>", title=title)
    assert extract_article(page, PAGE_URL).title == title
