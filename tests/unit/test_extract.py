"""extract: fixtures pages (WordPress themes, non-English) against their expected JSON, and edge cases."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import lxml.html
import pytest

from mediamon.errors import ExtractError
from mediamon.extract.article import (
    article_from_feed_item,
    byline_name,
    clean_author,
    count_words,
    extract_article,
    extract_text,
    largest_group_words,
    parse_page,
    running_blocks,
    strip_site_name,
)
from mediamon.records import FeedItem, to_json_dict

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
DEMO_GV = Path(__file__).resolve().parents[2] / "include" / "mediamon" / "demo" / "site" / "gv"
FIXTURES = sorted(p.stem for p in PAGES.glob("*.html"))
FIELDS = ("title", "author", "site_name", "published_at", "date_source", "language", "canonical_url", "image")
PARAGRAPHS = " ".join(
    f"Paragraph {i} of a long enough article body tells readers what happened at the harbour today." for i in range(8)
)


def _expected(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))


def _extract(name: str):
    expected = _expected(name)
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return extract_article(html, expected["url"], run_date=date.fromisoformat(expected["run_date"]), min_words=20)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_page_metadata_matches_expected_json(name: str) -> None:
    record = to_json_dict(_extract(name))
    expected = _expected(name)
    assert {k: record[k] for k in FIELDS} == {k: expected[k] for k in FIELDS}


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_page_text_holds_every_paragraph_and_no_boilerplate(name: str) -> None:
    article = _extract(name)
    expected = _expected(name)
    for paragraph in expected["paragraphs"]:
        assert paragraph in article.text
    for phrase in expected["absent"]:
        assert phrase not in article.text
    assert article.word_count >= sum(len(p.split()) for p in expected["paragraphs"])
    assert article.text_source == "page" and article.method == expected.get("method", "trafilatura")


def test_wordpress_theme_takes_jsonld_date_not_header_or_comment_date() -> None:
    article = _extract("wordpress-news-theme")
    assert article.published_at == datetime.fromisoformat("2024-03-14T08:30:00+01:00")
    assert article.date_source == "jsonld"


def test_pdf_body_is_rejected_as_not_html() -> None:
    with pytest.raises(ExtractError) as err:
        extract_article(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "https://example.org/report.pdf")
    assert err.value.reason == "not-html"


def test_plain_text_body_is_rejected_as_not_html() -> None:
    with pytest.raises(ExtractError) as err:
        extract_article("just some words, no markup at all", "https://example.org/a.txt")
    assert err.value.reason == "not-html"


def test_gallery_page_is_rejected_as_not_article() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "ImageGallery", "name": "Photos"}</script>'
            f'</head><body><h1>Photos</h1><p>{PARAGRAPHS}</p></body></html>')
    with pytest.raises(ExtractError) as err:
        extract_article(html, "https://example.org/gallery/")
    assert err.value.reason == "not-article"


def test_short_page_is_rejected_as_no_text() -> None:
    html = "<html><body><h1>Title</h1><p>Only a few words here.</p></body></html>"
    with pytest.raises(ExtractError) as err:
        extract_article(html, "https://example.org/short")
    assert err.value.reason == "no-text"


def test_paywall_stub_is_rejected_as_not_article() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Deal",'
            ' "isAccessibleForFree": "False"}</script></head><body><article><h1>Deal</h1>'
            "<p>Subscribe to read the rest of this story about the merger.</p></article></body></html>")
    with pytest.raises(ExtractError) as err:
        extract_article(html, "https://example.org/deal")
    assert err.value.reason == "not-article"


def test_short_page_falls_back_to_feed_content() -> None:
    item = FeedItem(source_id="s", feed_url="https://example.org/feed", url="https://example.org/short",
                    title="Feed title", summary="short", content=PARAGRAPHS,
                    published_at=datetime(2024, 3, 1, tzinfo=timezone.utc), author="By Jane Doe")
    html = "<html><body><h1>Title</h1><p>Only a few words here.</p></body></html>"
    article = extract_article(html, item.url, feed_item=item)
    assert (article.text_source, article.date_source, article.method) == ("feed", "feed", "feed")
    assert article.text == PARAGRAPHS and article.author == "Jane Doe"


def test_feed_item_with_too_little_text_is_no_text() -> None:
    item = FeedItem(source_id="s", feed_url="f", url="https://example.org/x", title="t", summary="two words")
    with pytest.raises(ExtractError) as err:
        article_from_feed_item(item)
    assert err.value.reason == "no-text"


def test_page_without_date_uses_feed_date_and_refuses_a_future_one() -> None:
    html = f"<html><body><article><h1>Harbour news today</h1><p>{PARAGRAPHS}</p></article></body></html>"
    past = FeedItem(source_id="s", feed_url="f", url="https://example.org/n", title="t", summary=None,
                    published_at=datetime(2024, 3, 1, tzinfo=timezone.utc))
    future = FeedItem(source_id="s", feed_url="f", url="https://example.org/n", title="t", summary=None,
                      published_at=datetime(2024, 3, 9, tzinfo=timezone.utc))
    dated = extract_article(html, past.url, feed_item=past, run_date=date(2024, 3, 5))
    undated = extract_article(html, future.url, feed_item=future, run_date=date(2024, 3, 5))
    assert (dated.published_at, dated.date_source) == (past.published_at, "feed")
    assert (undated.published_at, undated.date_source) == (None, None)


@pytest.mark.parametrize(("title", "site", "expected"), [
    ("Harbour Bridge Repairs Finish | Coastline Daily", "Coastline Daily", "Harbour Bridge Repairs Finish"),
    ("Coastline Daily - Harbour Bridge Repairs Finish", "Coastline Daily", "Harbour Bridge Repairs Finish"),
    ("Neue Buslinie verbindet Altstadt – Talbote", "Talbote", "Neue Buslinie verbindet Altstadt"),
    ("Spider-Man - the new trailer is out today", None, "Spider-Man - the new trailer is out today"),
])
def test_site_name_is_stripped_from_title(title: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, site) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("By Jane Doe", "Jane Doe"), ("Posted by: jdoe", "jdoe"), ("Von Jonas Berger", "Jonas Berger"),
    ("By Jane Doe | Reuters", "Jane Doe"), ("news@example.org", None), ("https://example.org/jane", None),
    ("Posted by Sam Okafor on 2 April 2025", "Sam Okafor"), ("Jane DoeMonday, November 18, 2019", "Jane Doe"),
    ("By JANE DOE and JOHN ROE, Associated Press", "Jane Doe, John Roe"), ("JANE DOE, AP Sports Writer", "Jane Doe"),
    ("Analysis by Jane Doe, CNN Editor-at-large", "Jane Doe"), ("Jane Doe, Business Insider", "Jane Doe"),
    ("Jane L. Doe, example.com", "Jane L. Doe"), ("Jane Doe. Harbour News International", "Jane Doe"),
    ("Текст: Анна Петрова", "Анна Петрова"), ("Jane Doe - 2019-04-10", "Jane Doe"),
])
def test_author_is_cleaned_of_byline_words(raw: str, expected: str | None) -> None:
    assert clean_author(raw) == expected


@pytest.mark.parametrize("label", ["Authors", "Author:", "By", "Posted by", "Written by:", "Staff", "STAFF WRITER",
                                   "admin", "Editorial", "Redaktion", "Автор"])
def test_a_generic_label_is_never_an_author(label: str) -> None:
    assert clean_author(label) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Thursday, June\n11th,\n2009 @ 10:57 UTC\nby Diego Casaes", "by Diego Casaes"),
    ("Jane Doe\nSenior reporter", "Jane Doe"),
    ("By\nJane Doe", "Jane Doe"),
    ("Authors", None),
])
def test_byline_name_prefers_the_line_opening_with_by(text: str, expected: str | None) -> None:
    assert byline_name(text) == expected


def test_author_tab_label_is_skipped_for_the_posted_by_byline() -> None:
    html = ('<html><head><title>Peru: Clashes break out in the Amazon region</title></head><body>'
            '<ul id="tablabels"><li class="authorstabbutton"><a href="#"><span>Authors</span></a></li></ul>'
            '<h2 class="post-title">Peru: Clashes break out in the Amazon region</h2>'
            f'<div class="entry"><p>{PARAGRAPHS}</p></div>'
            '<div class="author">Posted by <a href="/author/juan-arellano/">Juan Arellano</a></div></body></html>')
    assert extract_article(html, "https://example.org/2009/06/05/peru-clashes/").author == "Juan Arellano"


def test_faq_page_with_an_article_body_is_an_article() -> None:
    article = _extract("faq-guide-article")  # its only JSON-LD is FAQPage
    assert article.title == "How to store winter tyres over the summer" and article.word_count > 200


def test_faq_page_without_running_text_is_still_not_an_article() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "FAQPage", "mainEntity": []}</script></head>'
            "<body><h1>Questions</h1><ul>" + "".join(f"<li><p>{PARAGRAPHS[:120]}</p></li>" for _ in range(3))
            + "</ul></body></html>")
    with pytest.raises(ExtractError) as err:
        extract_article(html, "https://example.org/faq/")
    assert err.value.reason == "not-article"


def test_body_written_in_divs_is_not_cut_after_the_first_paragraph() -> None:
    article = _extract("div-body-story")
    assert article.text.count("\n") == 6 and article.text.endswith("if the rota stayed in place.")


def test_text_cut_by_precision_mode_is_restored_by_trafilatura_default_mode() -> None:
    article = _extract("precision-cut-review")
    assert (article.method, article.word_count) == ("trafilatura-recall", 299)
    assert "By Ines Varga" not in article.text  # the byline a readability fallback would keep


def test_no_fallback_runs_when_the_text_holds_the_largest_group_of_running_text(monkeypatch) -> None:
    import readability
    import trafilatura

    story = "".join(f"<p>The harbour board said on Monday that berth {i} would reopen after the storm repairs were "
                    "finished by the crews.</p>" for i in range(6))
    teasers = "".join(f'<div class="card"><p>Another story number {i} about the town council meeting and the new '
                      "cycle lanes on the main road.</p></div>" for i in range(12))
    html = (f"<html><head><title>Harbour berths reopen</title></head><body><article><h1>Harbour berths reopen</h1>"
            f"{story}</article><section>{teasers}</section></body></html>")
    tree = parse_page(html, "https://example.org/harbour")
    blocks = running_blocks(tree)  # twelve teasers hold more running text than the story, each under its own parent
    assert sum(words for _, words in blocks) > 2 * largest_group_words(blocks)
    calls: list[str] = []
    extract, summary = trafilatura.extract, readability.Document.summary
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **kw: calls.append("trafilatura") or extract(*a, **kw))
    monkeypatch.setattr(readability.Document, "summary",
                        lambda self, *a, **kw: calls.append("readability") or summary(self, *a, **kw))
    text, method = extract_text(tree, "https://example.org/harbour")
    assert (method, calls) == ("trafilatura", ["trafilatura"])
    assert "berth 5" in text and "Another story" not in text and count_words(text) >= largest_group_words(blocks)


@pytest.mark.parametrize("name", [*FIXTURES, "fallback-page"])
def test_text_read_pruning_the_tree_in_place_is_the_text_read_from_a_copy(name: str) -> None:
    if name == "fallback-page":  # trafilatura keeps a tiny text: the fallbacks run on a tree parsed again
        url = "https://example.org/fallback"
        html = (f"<html><body><div class='x'><span>{PARAGRAPHS}</span><br><span>{PARAGRAPHS}</span></div>"
                "</body></html>")
    else:
        url, html = _expected(name)["url"], (PAGES / f"{name}.html").read_text(encoding="utf-8")
    tree = parse_page(html, url)
    copied = extract_text(tree, url)
    assert extract_text(tree, url) == copied  # without html the tree is left as it was
    assert extract_text(parse_page(html, url), url, html=html) == copied


def test_a_page_trafilatura_refuses_in_place_is_left_to_the_fallbacks(monkeypatch) -> None:
    import mediamon.extract.article as article_module

    def refuse(*args, **kwargs):
        raise ValueError("refused")

    monkeypatch.setattr(article_module, "_precision_sequence", refuse)
    url, html = _expected("wordpress-news-theme")["url"], (PAGES / "wordpress-news-theme.html").read_text(encoding="utf-8")
    text, _ = extract_text(parse_page(html, url), url, html=html)
    assert count_words(text) >= 50


def test_visible_headline_wins_over_a_social_og_title_and_the_site_logo() -> None:
    article = _extract("headline-social-title")
    assert article.title == "Council votes to close harbour car park to cars in summer"
    assert article.author == "Marta Keller, Jonas Berg"


@pytest.mark.parametrize("page", sorted(DEMO_GV.glob("index_*.html")), ids=lambda p: p.stem)
def test_demo_global_voices_page_is_titled_by_its_headline_not_the_site_name(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    article = extract_article(html, f"https://globalvoicesonline.org/{page.stem}/", run_date=date(2026, 1, 15))
    page_title = lxml.html.document_fromstring(html).findtext(".//title")  # "Global Voices Online » <headline>"
    assert article.title == " ".join(page_title.split("»", 1)[1].split())
    assert "Global Voices" not in article.title


@pytest.mark.parametrize("page", sorted(DEMO_GV.glob("index_*.html"))[:3], ids=lambda p: p.stem)
def test_demo_page_served_from_an_address_keeps_its_headline(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    article = extract_article(html, f"http://127.0.0.1:8765/gv/{page.name}", run_date=date(2026, 1, 15))
    assert "Global Voices" not in article.title and len(article.title.split()) >= 4


@pytest.mark.parametrize(("title", "expected"), [
    ("Harbour Herald » Ferry timetable changes for the winter", "Ferry timetable changes for the winter"),
    ("Ferry timetable » Winter changes on the north route", "Ferry timetable » Winter changes on the north route"),
])
def test_site_name_shown_by_the_logo_heading_leaves_the_title(title: str, expected: str) -> None:
    html = (f'<html><head><title>{title}</title></head><body>'
            f'<h1><a href="/">Harbour Herald</a></h1><div class="post"><p>{PARAGRAPHS}</p></div>'
            "</body></html>")
    assert extract_article(html, "http://10.0.0.7:8080/ferry").title == expected


def test_author_given_as_a_jsonld_graph_reference_is_resolved() -> None:
    html = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "Article", "headline": "Harbour",'
            ' "author": {"@id": "https://example.org/#/person/1"}}, {"@type": "Person",'
            ' "@id": "https://example.org/#/person/1", "name": "Marta Keller"}]}</script></head>'
            f"<body><article><h1>Harbour</h1><p>{PARAGRAPHS}</p></article></body></html>")
    assert extract_article(html, "https://example.org/harbour").author == "Marta Keller"
