"""extract_dates: each evidence kind, its order, and the dates that must never be taken."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from mediamon.extract.published import date_in_label, extract_published_at

RUN_DATE = date(2024, 4, 25)
BODY = "<p>Body text of the article that says what happened.</p>"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _found(html: str, url: str = "https://example.org/news/story") -> tuple[str, str] | None:
    found = extract_published_at(html, url, run_date=RUN_DATE)
    return (found[0].date().isoformat(), found[1]) if found else None


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-14T08:30:00+01:00", datetime(2024, 3, 14, 8, 30, tzinfo=datetime.fromisoformat("2024-01-01T00:00+01:00").tzinfo)),
    ("2019-11-18 17:19:53 GMT", datetime(2019, 11, 18, 17, 19, 53, tzinfo=timezone.utc)),
    ("November 18th, 2019 at 5:30 pm", datetime(2019, 11, 18, 17, 30, tzinfo=timezone.utc)),
    ("publiziert am 25. September 2018", datetime(2018, 9, 25, tzinfo=timezone.utc)),
    ("12 de março de 2024", datetime(2024, 3, 12, tzinfo=timezone.utc)),
    ("2018년 8월 25일", datetime(2018, 8, 25, tzinfo=timezone.utc)),
    ("05/10/2018", datetime(2018, 10, 5, tzinfo=timezone.utc)),
    ("November 2019", None),
    ("2019", None),
])
def test_date_in_label_needs_year_month_and_day(text: str, expected: datetime | None) -> None:
    assert date_in_label(text) == expected


def test_month_first_for_us_pages() -> None:
    assert date_in_label("05/10/2018", dayfirst=False) == datetime(2018, 5, 10, tzinfo=timezone.utc)


def test_jsonld_wins_over_meta_time_and_url() -> None:
    head = ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-14T08:00:00Z"}</script>'
            '<meta property="article:published_time" content="2024-03-10T08:00:00Z">')
    body = f'<article><h1>Headline of the story</h1><time datetime="2024-03-11">x</time>{BODY}</article>'
    assert _found(_page(head, body), "https://example.org/2024/01/02/story/") == ("2024-03-14", "jsonld")


def test_invalid_jsonld_still_gives_its_date_published() -> None:
    head = '<script type="application/ld+json">{"@type":"NewsArticle","description":"a "quoted" word","datePublished":"2024-03-14"}</script>'
    assert _found(_page(head, BODY)) == ("2024-03-14", "jsonld")


def test_meta_tag_is_used_without_jsonld() -> None:
    head = '<meta property="article:published_time" content="2024-03-10T08:00:00+00:00">'
    assert _found(_page(head, BODY)) == ("2024-03-10", "meta")


def test_header_today_date_and_sidebar_dates_are_ignored() -> None:
    body = ('<div class="top-bar"><time datetime="2024-04-25">Thursday, April 25, 2024</time></div>'
            '<aside class="widget"><time datetime="2024-04-24">April 24, 2024</time></aside>'
            f'<article><h1>Headline of the story</h1><time datetime="2024-03-02">March 2</time>{BODY}</article>'
            '<div id="comments"><time datetime="2024-03-03">March 3</time></div>')
    assert _found(_page("", body)) == ("2024-03-02", "time")


def test_comment_dates_alone_give_no_date() -> None:
    body = (f'<article><h1>Headline of the story</h1>{BODY}</article>'
            '<ol class="comment-list"><li class="comment"><time datetime="2024-03-03">March 3, 2024</time></li></ol>')
    assert _found(_page("", body)) is None


def test_url_date_is_the_last_resort() -> None:
    assert _found(_page("", BODY), "https://example.org/2024/03/05/story/") == ("2024-03-05", "url")


def test_utc_timestamp_one_day_after_the_url_day_gives_the_url_day() -> None:
    head = '<meta property="article:published_time" content="2019-11-19T03:05:46Z">'
    assert _found(_page(head, BODY), "https://example.org/2019/11/18/story/") == ("2019-11-18", "url")


@pytest.mark.parametrize("stamp", ["2024-05-01T00:00:00Z", "1994-12-31T00:00:00Z"])
def test_future_and_pre_1995_dates_are_refused(stamp: str) -> None:
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert _found(_page(head, BODY)) is None


def test_refused_date_falls_through_to_next_evidence() -> None:
    head = '<meta property="article:published_time" content="2030-01-01T00:00:00Z">'
    assert _found(_page(head, BODY), "https://example.org/2024/03/05/story/") == ("2024-03-05", "url")


def test_date_in_the_article_footer_is_found() -> None:
    body = ('<article class="post"><header class="entry-header"><h1>Headline of the story</h1></header>'
            f'<div class="entry-content">{BODY}</div><footer class="entry-footer">Posted on '
            '<time class="entry-date published" datetime="2024-03-07T10:00:00+00:00">March 7, 2024</time>'
            '<time class="updated" datetime="2024-04-01T10:00:00+00:00">April 1, 2024</time></footer></article>'
            '<footer class="site-footer"><time datetime="2024-04-25">April 25, 2024</time></footer>')
    assert _found(_page("", body)) == ("2024-03-07", "time")


def test_published_microformat_title_attribute_is_read() -> None:
    body = ('<div class="hentry"><h2 class="entry-title">Headline of the story</h2>'
            '<abbr class="published" title="2024-02-20T09:00:00+01:00">20 Feb</abbr>'
            f'<div class="entry-content">{BODY}</div></div>')
    assert _found(_page("<title>Headline of the story</title>", body)) == ("2024-02-20", "time")


@pytest.mark.parametrize("name", ["publication_date", "pub_date", "published_at", "date_published"])
def test_more_published_date_meta_names_are_read(name: str) -> None:
    assert _found(_page(f'<meta name="{name}" content="2024-03-11">', BODY)) == ("2024-03-11", "meta")


def test_comment_footer_dates_inside_the_article_are_still_ignored() -> None:
    body = (f'<article><h1>Headline of the story</h1>{BODY}<section id="comments"><article class="comment">'
            '<footer class="comment-meta"><time datetime="2024-03-03">March 3, 2024</time></footer></article>'
            '</section></article>')
    assert _found(_page("", body)) is None


PROSE = ("<p>Peruvians living near the site of a release of mercury are preparing to sue a mining company, "
         "announcing last Saturday that they will bring their case before a Denver judge. On June 2, 2000, a "
         "serious accident in the province of Cajamarca poisoned many residents with mercury.</p>")


def test_date_in_the_body_prose_is_not_a_dateline() -> None:
    body = f"<article><h1>Peruvians sue mining company over mercury poisoning</h1>{PROSE}</article>"
    assert _found(_page("", body)) is None


def test_date_in_a_quoted_sentence_is_not_a_dateline() -> None:
    quote = ('<p>"We exposed a base camp population to a water source that was not treated," reads a '
             "July 15, 2005 memo by the company's official in charge of water quality in Iraq.</p>")
    body = f"<article><h1>Democrats highlight water quality issues</h1><p>Former employees spoke.</p>{quote}</article>"
    assert _found(_page("", body)) is None


def test_emphasised_date_inside_a_sentence_is_not_a_dateline() -> None:
    body = ("<article><h1>Peruvians sue mining company over mercury poisoning</h1><p>A serious accident "
            "happened on <b>June 2, 2000</b>, when a truck of the company dumped two canisters of mercury "
            "along an Andean highway.</p></article>")
    assert _found(_page("", body)) is None


def test_date_in_the_headline_is_not_a_dateline() -> None:
    body = f"<article><h1>UK news shorts: December 23, 2009</h1>{BODY}</article>"
    assert _found(_page("", body)) is None


@pytest.mark.parametrize("dateline", [
    "<p>Thursday, March 17, 2005</p>",
    "<div><strong>Thursday, March 17, 2005</strong></div>",
    "Thursday, March 17, 2005<br>",
])
def test_a_date_on_a_line_of_its_own_is_a_dateline(dateline: str) -> None:
    body = f"<article><h1>Peruvians sue mining company over mercury poisoning</h1>{dateline}{PROSE}</article>"
    assert _found(_page("", body)) == ("2005-03-17", "time")


def test_a_date_opening_a_paragraph_before_a_dash_is_a_dateline() -> None:
    body = ("<article><h1>Peruvians sue mining company over mercury poisoning</h1><p>LIMA, March 17, 2005 — "
            "Peruvians living near the site of a release of mercury are preparing to sue a mining company, "
            "announcing that they will bring their case before a Denver judge.</p></article>")
    assert _found(_page("", body)) == ("2005-03-17", "time")


def test_feed_date_wins_over_a_date_in_the_body() -> None:
    from mediamon.extract.article import extract_article
    from mediamon.records import FeedItem

    html = _page("<title>Peruvians sue mining company over mercury poisoning</title>",
                 f"<article><h1>Peruvians sue mining company over mercury poisoning</h1>{PROSE}</article>")
    item = FeedItem(source_id="s", feed_url="https://example.org/feed", url="https://example.org/news/story",
                    title="t", summary=None, published_at=datetime(2024, 3, 8, 6, tzinfo=timezone.utc))
    article = extract_article(html, "https://example.org/news/story", feed_item=item, min_words=20, run_date=RUN_DATE)
    assert (article.published_at, article.date_source) == (item.published_at, "feed")
