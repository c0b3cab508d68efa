"""General rules that the eighth held-out batch (tests/fixtures/pages_heldout, part untouched8) led to: a
'Site | Section' title under a logo h1, text behind a 'continue reading' button, share links ending a live
blog's entries, Arc list and correction blocks, Kazakh dates in Latin letters and byline labels."""
from __future__ import annotations

import json
from datetime import date

import pytest

from mediamon.extract.article import clean_author, extract_article
from mediamon.extract.islands import island_article
from mediamon.extract.published import date_in_label
from tests.extract.test_extract_heldout10 import HEADLINE, paragraphs
from tests.unit.test_extract_heldout import PARAGRAPHS as SHARED_PARAGRAPHS
from tests.unit.test_extract_heldout import RUN_DATE

FERRY_CREWS = ("Ferry crews said the late crossings were the busiest of the week, with queues of cars on summer "
               "Fridays stretching back past the harbour office.")
PARAGRAPHS = [*SHARED_PARAGRAPHS, FERRY_CREWS]


# --- a 'Site | Section' title under a logo h1 ---------------------------------------------------------------

def section_page(title: str) -> str:
    """A page whose h1 is the logo, whose headline is an h2 and whose <title> is the given one."""
    return (f"<html lang='en'><head><title>{title}</title></head><body><header><h1 class='brand'><a href='/'>"
            "Harbour Post</a></h1><nav><a href='/news'>News</a> <a href='/transport'>Transport</a></nav></header>"
            f"<main><h2 class='headline'>{HEADLINE}</h2><div class='meta'><span>By <a href='/s/jp'>Jordan Pike</a>"
            f"</span> | <span>June 3, 2025</span></div><div class='body'>{paragraphs(PARAGRAPHS)}</div></main>"
            "<footer>© Harbour Post</footer></body></html>")


def test_a_title_naming_the_site_and_a_section_the_page_links_to_is_no_headline() -> None:
    article = extract_article(section_page("Harbour Post | Transport"), "https://post.example/t/ferry",
                              run_date=RUN_DATE)
    assert (article.title, article.author) == (HEADLINE, "Jordan Pike")


def test_a_short_title_that_no_link_shows_is_still_the_headline() -> None:
    article = extract_article(section_page("Harbour Post | Ferry reprieve"), "https://post.example/t/ferry",
                              run_date=RUN_DATE)
    assert article.title == "Ferry reprieve"


# --- text behind a 'continue reading' button ------------------------------------------------------------

def gated_page(button: str, hidden: str) -> str:
    """An article whose last paragraphs sit in a hidden block after the given button block."""
    return (f"<html lang='en'><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<div class='body'><div>{paragraphs(PARAGRAPHS[:2])}</div>{button}<div {hidden}>"
            f"{paragraphs(PARAGRAPHS[2:])}</div></div></article></body></html>")


@pytest.mark.parametrize("hidden", ["style='display:none'", "hidden", "aria-hidden='true' style='display: none;'"])
def test_text_behind_a_continue_reading_button_is_part_of_the_article(hidden: str) -> None:
    html = gated_page("<div class='gate'><button type='button'>Continue reading</button></div>", hidden)
    assert extract_article(html, "https://post.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_a_hidden_block_after_a_box_of_other_text_stays_hidden() -> None:
    box = ("<div class='box'><p>Our reporters cover the islands every day of the week.</p>"
           "<button type='button'>Show transcript</button></div>")
    text = extract_article(gated_page(box, "style='display:none'"), "https://post.example/ferry",
                           run_date=RUN_DATE).text
    assert PARAGRAPHS[2] not in text and PARAGRAPHS[0] in text


# --- share links ending a live blog's entries -------------------------------------------------------------

@pytest.mark.parametrize("share", ["Share", "Eintrag teilen", "Chia sẻ", "Condividi"])
def test_the_last_live_entry_ending_with_a_share_link_is_kept(share: str) -> None:
    entries = "".join(f"<div class='live-item'><span class='time'>{10 + i}:00</span><div class='content'><p>{p}</p></div>"
                      f"<div class='actions'><a href='#'>{share}</a></div></div>" for i, p in enumerate(PARAGRAPHS))
    html = (f"<html lang='en'><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<div class='stream'>{entries}</div></article><footer>© Harbour Post</footer></body></html>")
    text = extract_article(html, "https://post.example/live", run_date=RUN_DATE).text
    assert text == "\n".join(PARAGRAPHS)


def test_a_link_that_only_names_a_part_is_not_taken_for_a_share_link() -> None:
    html = (f"<html lang='en'><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<div class='body'>{paragraphs(PARAGRAPHS)}<p><a href='/part-2'>Shared costs of the ferry</a> explain "
            "the board's budget, which the operator and the county will split evenly from next spring.</p></div>"
            "</article></body></html>")
    assert "Shared costs of the ferry" in extract_article(html, "https://post.example/f", run_date=RUN_DATE).text


# --- Arc XP list and correction blocks --------------------------------------------------------------------

def test_arc_list_blocks_give_their_items_and_corrections_are_not_text() -> None:
    content = {"type": "story", "headlines": {"basic": HEADLINE}, "content_elements": [
        {"type": "text", "content": PARAGRAPHS[0]},
        {"type": "list", "list_type": "unordered", "items": [{"type": "text", "content": p} for p in PARAGRAPHS[1:3]]},
        {"type": "text", "content": PARAGRAPHS[3]},
        {"type": "correction", "text": "An earlier version of this story gave the wrong day for the vote."}]}
    found = island_article(json.dumps(content))
    assert found is not None and found.paragraphs == tuple(PARAGRAPHS)


def test_a_related_list_block_gives_no_items() -> None:
    content = {"content_elements": [{"type": "text", "content": p} for p in PARAGRAPHS[:2]] + [
        {"type": "related_list", "items": [{"type": "text", "content": "Harbour dredging delayed again this year"}]}]}
    found = island_article(json.dumps(content))
    assert found is not None and found.paragraphs == tuple(PARAGRAPHS[:2])


# --- Kazakh dates in Latin letters and byline labels ------------------------------------------------------

@pytest.mark.parametrize(("label", "day"), [
    ("14 nauryz 2025, 10:30", date(2025, 3, 14)),
    ("3 qañtar 2025", date(2025, 1, 3)),
    ("21 qyrküiek 2024", date(2024, 9, 21)),
    ("14 наурыз 2025", date(2025, 3, 14)),
])
def test_kazakh_month_names_in_latin_and_cyrillic_letters_are_read(label: str, day: date) -> None:
    assert (found := date_in_label(label)) is not None and found.date() == day


@pytest.mark.parametrize(("byline", "name"), [
    ("लेखक: राकेश वर्मा", "राकेश वर्मा"),
    ("संवाददाता: नेहा सिंह", "नेहा सिंह"),
    ("Avtor: Aigerım Sadyqova", "Aigerım Sadyqova"),
    ("Muallif: Dilnoza Karimova", "Dilnoza Karimova"),
])
def test_byline_labels_in_more_languages_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name
