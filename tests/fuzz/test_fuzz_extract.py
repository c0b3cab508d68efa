"""Property-based tests of mediamon.extract.article.extract_article: any page gives an Article or an ExtractError."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from mediamon.errors import REASONS, ExtractError
from mediamon.extract.article import count_words, extract_article
from mediamon.records import Article, FeedItem
from tests.support.hostile_inputs import PAGE_URL, article_paragraphs, html_page, nested_jsonld_page

DATE_SOURCES = {"jsonld", "meta", "time", "url", "feed"}
TAGS = ("div", "p", "span", "article", "section", "header", "footer", "aside", "nav", "h1", "h2", "time", "a",
        "script", "style", "table", "tr", "td", "ul", "li", "b", "br", "img", "main", "figure", "noscript")
CLASSES = ("", "byline", "date", "published", "comment", "sidebar", "related", "title", "headline", "author-name",
           "entry-meta", "footer", "nav")
LINKS = ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "http://[::1", "https://[x]/", "/relative",
         "https://news.example.org/other", "", "   ", "//cdn.example/x.png")
META_NAMES = ("og:title", "og:url", "og:image", "og:site_name", "article:published_time", "author", "date",
              "twitter:image", "article:content_tier", "content-language", "description")
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
date_texts = st.one_of(words, st.sampled_from(("2024-03-05T10:00:00Z", "5 March 2024", "03/05/2024", "2024-02-30",
                                               "1970-01-01", "2999-01-01", "March 2024", "+99:99")))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), words,
                                     date_texts),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.sampled_from(
                                                       ("@type", "@graph", "mainEntity", "headline", "author", "name",
                                                        "image", "url", "publisher", "datePublished", "dateCreated",
                                                        "isAccessibleForFree")), inner, max_size=4)),
                           max_leaves=12)
types = st.sampled_from(("NewsArticle", "Article", "ImageGallery", "CollectionPage", "Comment", "Event", 7, None))


@st.composite
def jsonld(draw: st.DrawFn) -> str:
    """A ld+json script: random JSON, often an Article-like object, sometimes invalid JSON."""
    value = draw(json_values)
    if isinstance(value, dict) and draw(st.booleans()):
        value["@type"] = draw(types)
    text = json.dumps(value) if draw(st.booleans()) else json.dumps(value)[:draw(st.integers(0, 30))]
    script = text.replace("</", "<\\/")  # JSON's escaped slash keeps "</script>" out of the text
    return f'<script type="application/ld+json">{script}</script>'


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    """A random element with a class, a link-like attribute, text and children."""
    tag = draw(st.sampled_from(TAGS))
    attrs = f' class="{draw(st.sampled_from(CLASSES))}" href="{draw(st.sampled_from(LINKS))}"'
    if tag == "time":
        attrs += f' datetime="{draw(date_texts)}"'
    children = "".join(draw(st.lists(elements(depth + 1), max_size=3))) if depth < 4 else ""
    text = draw(st.one_of(words, date_texts, st.just(article_paragraphs(1, 60))))
    return f"<{tag}{attrs}>{text}{children}</{tag}>{draw(words)}"


@st.composite
def pages(draw: st.DrawFn) -> str:
    """A page of random head metadata (meta tags, JSON-LD, canonical link) and a random body."""
    metas = "".join(f'<meta property="{draw(st.sampled_from(META_NAMES))}" content="{draw(st.one_of(date_texts, st.sampled_from(LINKS)))}">'
                    for _ in range(draw(st.integers(0, 4))))
    head = metas + "".join(draw(st.lists(jsonld(), max_size=2)))
    head += f'<link rel="canonical" href="{draw(st.sampled_from(LINKS))}">' if draw(st.booleans()) else ""
    body = "".join(draw(st.lists(elements(), max_size=5)))
    return html_page(body, head=head, title=draw(words).replace("<", ""))


def extract_or_error(html: str | bytes, **options: object) -> Article | ExtractError:
    """extract_article's Article, or the ExtractError it raised (any other exception fails the test)."""
    try:
        return extract_article(html, PAGE_URL, **options)
    except ExtractError as err:
        return err


def check_article(result: Article | ExtractError, min_words: int) -> None:
    """An ExtractError with a known reason, or an Article whose fields are what the warehouse expects."""
    if isinstance(result, ExtractError):
        assert result.reason in REASONS and result.url == PAGE_URL
        return
    assert result.word_count == count_words(result.text) >= min(min_words, 20)
    assert result.published_at is None or result.published_at.tzinfo is not None
    assert result.date_source is None or result.date_source in DATE_SOURCES
    assert (result.canonical_url or PAGE_URL).startswith(("http://", "https://"))
    assert result.image is None or result.image.startswith(("http://", "https://"))


@given(st.one_of(st.binary(max_size=3000), st.text(max_size=3000)))
@example(b"%PDF-1.7 binary")
@example("<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "</body></html>")
@example(nested_jsonld_page(5_000))  # json.loads raised RecursionError
@example(html_page(article_paragraphs(3), head='<link rel="canonical" href="http://[">'))  # urljoin raised ValueError
def test_any_body_gives_an_article_or_an_extract_error(html: str | bytes) -> None:
    check_article(extract_or_error(html), 50)


@given(pages(), st.integers(1, 60), st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 1, 1))))
@example(html_page(article_paragraphs(3), head='<meta property="og:image" content="javascript:alert(1)">'), 50, None)
def test_random_pages_give_an_article_or_an_extract_error(html: str, min_words: int, run_date: date | None) -> None:
    check_article(extract_or_error(html, min_words=min_words, run_date=run_date), min_words)


@given(pages(), st.text(max_size=400), st.one_of(st.none(), st.datetimes(timezones=st.just(timezone.utc))))
def test_feed_fallback_gives_an_article_or_an_extract_error(html: str, content: str,
                                                            published: datetime | None) -> None:
    item = FeedItem(source_id="fuzz", feed_url="https://news.example.org/feed", url=PAGE_URL, title="t",
                    summary=content[:80] or None, content=content or None, published_at=published, author=content[:30])
    result = extract_or_error(html, feed_item=item, run_date=date(2024, 3, 5))
    check_article(result, 20)
    if isinstance(result, Article) and result.date_source == "feed":
        assert published is not None and abs(result.published_at - published) < timedelta(seconds=1)
