"""General rules that the sixth held-out batch (tests/fixtures/pages_heldout, part untouched6) led to: rich-text
data islands, lists of live entries, byline labels and dates in more languages and calendars."""
from __future__ import annotations

import json
from datetime import date

import lxml.html
import pytest

from mediamon.extract.article import clean_article_text, clean_author, extract_article
from mediamon.extract.islands import island_article
from mediamon.extract.prune import entry_lists_as_blocks
from mediamon.extract.published import date_in_label, yearless_weekday_date
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE


def portable_text_block(text: str, style: str = "normal") -> dict[str, object]:
    """One Portable Text block (Sanity) whose text is split over two spans, the second in bold."""
    cut = text.index(" ", len(text) // 2)
    return {"_type": "block", "style": style, "markDefs": [],
            "children": [{"_type": "span", "text": text[:cut], "marks": []},
                         {"_type": "span", "text": text[cut:], "marks": ["strong"]}]}


def skeleton_page(island: dict[str, object]) -> str:
    """A Next.js page whose HTML shows a loading skeleton and whose article is only in __NEXT_DATA__."""
    return ("<html lang='en'><head><title>Night ferry stays | Gazette</title></head><body><div id='__next'>"
            "<header>Gazette</header><main><p>Loading the story…</p></main></div>"
            f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(island)}</script></body></html>")


def test_portable_text_blocks_in_next_data_are_the_article() -> None:
    body = [portable_text_block(PARAGRAPHS[0]),
            {"_type": "image", "caption": "The night ferry at the island pier last summer", "asset": {"_ref": "i1"}},
            portable_text_block("What the nurses say", "h2"),
            portable_text_block(PARAGRAPHS[1]),
            {"_type": "relatedArticle", "article": {"title": "Harbour dredging delayed again for a year"}},
            portable_text_block(PARAGRAPHS[2])]
    island = {"props": {"pageProps": {"article": {
        "title": "Night ferry stays", "publishedAt": "2025-06-02T05:30:00Z", "author": {"name": "Lucía Ferrer"},
        "body": body}}}, "page": "/articles/[slug]"}
    article = extract_article(skeleton_page(island), "https://gazette.example/ferry", run_date=RUN_DATE)
    assert (article.text, article.author, article.published_at.date(), article.method) == (
        "\n".join([PARAGRAPHS[0], "What the nurses say", *PARAGRAPHS[1:]]), "Lucía Ferrer", date(2025, 6, 2),
        "data-island")


def test_contentful_rich_text_takes_headline_and_date_from_the_entry_around_it() -> None:
    def paragraph(text: str) -> dict[str, object]:
        cut = text.index(" ", len(text) // 2)
        head, tail = text[:cut], text[cut:]
        return {"nodeType": "paragraph", "content": [
            {"nodeType": "text", "value": head},
            {"nodeType": "hyperlink", "data": {"uri": "/ferry"}, "content": [{"nodeType": "text", "value": tail}]}]}
    entry = {"fields": {"headline": "Night ferry stays", "publishDate": "2025-06-02",
                        "body": {"nodeType": "document", "content": [
                            paragraph(PARAGRAPHS[0]),
                            {"nodeType": "embedded-entry-block", "data": {"target": {"sys": {"id": "promo"}}},
                             "content": []},
                            paragraph(PARAGRAPHS[1]), paragraph(PARAGRAPHS[2])]}}}
    found = island_article(json.dumps({"props": {"pageProps": {"entry": entry}}}))
    assert found is not None
    assert (found.paragraphs, found.headline, found.published) == (tuple(PARAGRAPHS), "Night ferry stays", "2025-06-02")


def test_a_menu_of_one_word_items_is_not_a_text_block() -> None:
    menu = {"menu": [{"title": "World", "children": [{"text": "Europe"}, {"text": "Asia"}]},
                     {"title": "Sport", "children": [{"text": "Football"}, {"text": "Tennis"}]}]}
    assert island_article(json.dumps(menu)) is None


@pytest.mark.parametrize(("byline", "name"), [
    ("Пише: Марко Јовић", "Марко Јовић"),
    ("Piše: Ana Kovačević", "Ana Kovačević"),
    ("Napisala: Ivana Horvat", "Ivana Horvat"),
    ("ผู้เขียน: ณัฐวุฒิ ศรีสุข", "ณัฐวุฒิ ศรีสุข"),
    ("ข่าวโดย: สุดา แก้วมณี", "สุดา แก้วมณี"),
    ("Mwandishi: Juma Hamisi", "Juma Hamisi"),
    ("Na Li", "Na Li"),
    ("Na Young Kim", "Na Young Kim"),
])
def test_byline_labels_in_more_languages_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


def test_swahili_byline_in_a_mwandishi_element_names_the_author() -> None:
    html = ("<html lang='sw'><head><title>Mradi wa maji</title></head><body><article><h1>Mradi wa maji</h1>"
            "<div class='meta'><span class='mwandishi'>Na Amina Juma</span> <span>Jumatano</span></div>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    assert extract_article(html, "https://habari.example/maji", run_date=RUN_DATE).author == "Amina Juma"


@pytest.mark.parametrize("lang", ["en", "ko", ""])
def test_na_is_a_surname_in_a_byline_of_a_page_not_declared_swahili(lang: str) -> None:
    html = (f"<html lang='{lang}'><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>"
            "<div class='meta'><span class='byline'>Na Young Kim</span></div>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    assert extract_article(html, "https://news.example/harbour", run_date=RUN_DATE).author == "Na Young Kim"


def test_labelled_serbian_byline_under_the_headline_names_the_author() -> None:
    html = ("<html lang='sr'><head><title>Night ferry stays</title></head><body><div class='article'>"
            "<h1>Night ferry stays</h1><div class='info'><span>Пише: Марко Јовић</span> <span>12.03.2025. 14:20</span>"
            "</div><div class='body'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div></body></html>")
    assert extract_article(html, "https://vesti.example/trajekt", run_date=RUN_DATE).author == "Марко Јовић"


@pytest.mark.parametrize(("label", "day"), [
    ("12 มี.ค. 2568 10:35 น.", date(2025, 3, 12)),
    ("12 มี.ค. 68", date(2025, 3, 12)),
    ("วันพุธที่ 12 มีนาคม พ.ศ. 2568", date(2025, 3, 12)),
    ("1 ม.ค.2568", date(2025, 1, 1)),
    ("๓ ธ.ค. ๒๕๖๗", date(2024, 12, 3)),
    ("5 ธันวาคม ค.ศ. 2024", date(2024, 12, 5)),
    ("Jumatano, 12 Machi 2025", date(2025, 3, 12)),
    ("Ijumaa, 1 Agosti 2025", date(2025, 8, 1)),
])
def test_thai_buddhist_era_and_swahili_dates_are_read(label: str, day: date) -> None:
    found = date_in_label(label)
    assert found is not None and found.date() == day


def test_a_thai_month_without_a_year_gives_no_date() -> None:
    assert date_in_label("12 มี.ค.") is None


def test_date_only_in_a_time_element_without_datetime_is_read_in_swahili() -> None:
    html = ("<html lang='sw'><head><title>Mradi wa maji</title></head><body><article><h1>Mradi wa maji</h1>"
            "<div class='meta'><time>Jumatano, 12 Machi 2025</time></div>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    article = extract_article(html, "https://habari.example/maji", run_date=RUN_DATE)
    assert article.published_at is not None and article.published_at.date() == date(2025, 3, 12)


def test_thai_date_line_under_the_headline_is_read_in_the_common_era() -> None:
    html = ("<html lang='th'><head><title>Night ferry stays</title></head><body><div class='news'><h1>Night ferry stays</h1>"
            "<div class='info'><span>12 มี.ค. 2568 10:35 น.</span></div><div class='content'>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div></body></html>")
    article = extract_article(html, "https://khao.example/ferry", run_date=RUN_DATE)
    assert article.published_at is not None and article.published_at.date() == date(2025, 3, 12)


def live_list(entries: list[str], *, ad_after: int | None = None) -> str:
    """A live blog's <ol> of entries: each a time, the entry's paragraph and a share link; an ad item after one."""
    items = []
    for number, text in enumerate(entries):
        items.append(f"<li class='entry'><span class='time'>1{number}:40</span><div class='entry-text'><p>{text}</p></div>"
                     f"<a class='share' href='#e{number}'>Share</a></li>")
        if number == ad_after:
            items.append("<li class='entry entry-ad'><span>Advertisement</span><div id='slot-1'></div></li>")
    return f"<ol class='live'>{''.join(items)}</ol>"


def test_live_blog_entries_in_a_list_are_paragraphs_without_times_and_share_links() -> None:
    html = ("<html lang='en'><head><title>Night ferry: live</title></head><body><main><h1>Night ferry: live</h1>"
            f"{live_list(PARAGRAPHS, ad_after=0)}<section class='more'><h2>More news</h2><ul><li><a href='/a'>Harbour "
            "dredging delayed again</a></li><li><a href='/b'>Bus timetable changes</a></li></ul></section></main></body></html>")
    article = extract_article(html, "https://gazette.example/live", run_date=RUN_DATE)
    assert article.text == "\n".join(PARAGRAPHS)


def test_a_list_of_entries_becomes_blocks_and_keeps_what_its_paragraphs_say() -> None:
    tree = lxml.html.fromstring(f"<div>{live_list(PARAGRAPHS)}</div>")
    entry_lists_as_blocks(tree)
    assert [el.tag for el in tree.iter("ol", "ul", "li", "a", "span")] == []
    assert tree[0].get("class") == "live" and all(item.get("class") is None for item in tree[0])
    assert [" ".join(p.text_content().split()) for p in tree.iter("p")] == PARAGRAPHS


@pytest.mark.parametrize("markup", [
    "<ul><li><a href='/a'>Harbour dredging delayed</a> for a year</li><li><a href='/b'>Bus timetable</a> changes</li>"
    "<li><span>12:40</span> Ferry fares</li></ul>",
    f"<ol><li><p>{PARAGRAPHS[0]}</p><a href='/a'>More</a></li><li>Short item</li><li>Another</li><li>Third</li></ol>",
    "<ul class='related'>" + "".join(f"<li><a href='/r{n}'><h3>Another ferry story</h3></a><p>{text}</p></li>"
                                     for n, text in enumerate(PARAGRAPHS)) + "</ul>",
    "<ul>" + "".join(f"<li><a href='/r{n}'>Another story about the ferry</a><p>{text}</p></li>"
                     for n, text in enumerate(PARAGRAPHS)) + "</ul>",
])
def test_bullet_lists_and_lists_with_one_paragraph_stay_lists(markup: str) -> None:
    tree = lxml.html.fromstring(f"<div>{markup}</div>")
    before = lxml.html.tostring(tree)
    entry_lists_as_blocks(tree)
    assert lxml.html.tostring(tree) == before


@pytest.mark.parametrize(("month", "day", "weekday", "today", "found"), [
    (2, 20, 3, date(2025, 8, 1), date(2025, 2, 20)),   # 20 February 2025 was a Thursday
    (12, 30, 0, date(2025, 1, 5), date(2024, 12, 30)),  # last year's 30 December, a Monday
    (2, 20, 2, date(2025, 8, 1), None),                 # no 20 February of the past year fell on a Wednesday
    (8, 5, 1, date(2025, 8, 1), None),                  # 5 August 2025 is after the run date
    (2, 29, 3, date(2025, 8, 1), None),                 # no 29 February in the past year
])
def test_yearless_date_is_placed_by_its_weekday_within_the_past_year(
        month: int, day: int, weekday: int, today: date, found: date | None) -> None:
    got = yearless_weekday_date(month, day, weekday, today)
    assert (got.date() if got else None) == found


def yearless_page(stamp: str) -> str:
    """A Japanese portal's article page whose only date is a <time> without year under the headline."""
    return ("<html lang='ja'><head><title>温泉旅館がカフェに</title></head><body><div class='article'><header>"
            f"<h1>温泉旅館がカフェに</h1><p><time>{stamp}</time>配信</p></header><div class='body'>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div></body></html>")


@pytest.mark.parametrize(("stamp", "found"), [
    ("2/20(木) 18:05", date(2025, 2, 20)),
    ("2月20日（木）", date(2025, 2, 20)),
    ("2.20(목) 18:05", date(2025, 2, 20)),
    ("2/20(水) 18:05", None),  # the weekday does not match: no date rather than a guess
    ("2/20 18:05", None),      # no weekday, no year: no date
])
def test_time_without_year_is_dated_only_when_its_weekday_fixes_the_year(stamp: str, found: date | None) -> None:
    article = extract_article(yearless_page(stamp), "https://news.example/onsen", run_date=RUN_DATE)
    assert (article.published_at.date() if article.published_at else None) == found


@pytest.mark.parametrize("line", [
    "Share This Story, Choose Your Platform!",
    "¡Comparte esta historia, elige tu plataforma!",
    "Partagez cet article, choisissez votre plateforme !",
    "Teilen Sie diesen Beitrag, wählen Sie Ihre Plattform!",
    "Condividi questa storia, scegli la tua piattaforma!",
])
def test_share_prompts_with_a_call_to_pick_a_network_are_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


def test_a_sentence_of_the_text_opening_with_share_this_story_is_kept() -> None:
    line = "Share this story with the people who need to hear it most, the ferry captain told the meeting."
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}", None) == f"{PARAGRAPHS[0]}\n{line}"
