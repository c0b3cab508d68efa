"""General rules that the ninth held-out batch (tests/fixtures/pages_heldout, part untouched9) led to: an article
written in several blocks read from the block enclosing them, in the page's order; byline boxes with the name in
its own element, photo credits and middle dots after the name, the Latvian label 'Autors:'; Latvian dates; an
episode's chapter list, a 'Sources' list, a licence line, a share row labelled 'Share this:' and a transcript's
note left out."""
from __future__ import annotations

from datetime import date

import pytest

from mediamon.extract.article import clean_article_text, clean_author, extract_article
from mediamon.extract.published import date_in_label
from tests.extract.test_extract_heldout10 import page, paragraphs
from tests.unit.test_extract_heldout import PARAGRAPHS as SHARED_PARAGRAPHS
from tests.unit.test_extract_heldout import RUN_DATE

FERRY_CREWS = ("Ferry crews said the late crossings were the busiest of the week, with queues of cars on summer "
               "Fridays stretching back past the harbour office.")
PARAGRAPHS = [*SHARED_PARAGRAPHS, FERRY_CREWS]
SHORT = ["The night ferry stays for two more summers.", "Crews welcomed the vote on Monday evening.",
         "Islanders had asked for it for years.", "Counts will be published every month."]


def extract(html: str) -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, "https://post.example/ferry", run_date=RUN_DATE)


# --- an article written in several blocks --------------------------------------------------------------------

def test_a_short_body_block_gives_way_to_the_block_holding_the_whole_article_in_order() -> None:
    body = (f"<div class='detail'><div class='summary'>{paragraphs(PARAGRAPHS[:2])}</div>"
            f"<div class='content'><h2>What the crews say</h2><div class='body-text'>{paragraphs(SHORT[:2])}</div>"
            f"</div>{paragraphs(PARAGRAPHS[2:])}</div>")
    text = extract(page(body)).text
    assert text.split("\n") == [*PARAGRAPHS[:2], "What the crews say", *SHORT[:2], *PARAGRAPHS[2:]]


def test_a_short_first_article_element_gives_way_to_the_page_holding_the_summary_before_it() -> None:
    entries = "".join(f"<article class='entry'><h3>Update {i}</h3><p>{p}</p></article>" for i, p in enumerate(SHORT))
    body = f"<div class='story'><div class='summary'>{paragraphs(PARAGRAPHS)}</div><section>{entries}</section></div>"
    text = extract(page(body)).text
    assert text.split("\n") == [*PARAGRAPHS, *(line for i, p in enumerate(SHORT) for line in (f"Update {i}", p))]


def test_a_body_block_long_enough_is_read_alone() -> None:
    body = (f"<div class='detail'><div class='article-body'>{paragraphs(PARAGRAPHS)}</div>"
            "<div class='promo'><p>Our reporters cover the islands and their ferries every day of the week.</p></div></div>")
    assert extract(page(body)).text == "\n".join(PARAGRAPHS)


# --- bylines ---------------------------------------------------------------------------------------------------

def test_a_byline_box_is_read_from_its_name_element_not_run_into_the_place() -> None:
    byline = ("<div class='contributor'><span class='contributor-name'>Nadia Rahman</span>"
              "<span class='contributor-location'>Rajshahi</span></div>")
    assert extract(page(byline + f"<div class='story'>{paragraphs(PARAGRAPHS)}</div>")).author == "Nadia Rahman"


def test_a_byline_box_with_two_name_elements_gives_both_names() -> None:
    byline = ("<div class='byline'>By <a class='author-link'>Nadia Rahman</a> and "
              "<a class='author-link'>Tom Ellery</a></div>")
    assert extract(page(byline + f"<div class='story'>{paragraphs(PARAGRAPHS)}</div>")).author == "Nadia Rahman, Tom Ellery"


@pytest.mark.parametrize(("byline", "name"), [
    ("Rui ValenteFotografia: Ana Pires", "Rui Valente"),
    ("Texto: Rui Valente Fotos: Ana Pires", "Rui Valente"),
    ("By Fiona Gault · Photographs by Sam Okafor", "Fiona Gault"),
    ("By Dana Whitfield · June 2, 2025 · 38 min", "Dana Whitfield"),
    ("Autors: Ilze Kalniņa", "Ilze Kalniņa"),
    ("Marc Col·lell", "Marc Col·lell"),
])
def test_photo_credits_middle_dots_and_latvian_labels_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


# --- Latvian dates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "day"), [
    ("2025. gada 12. martā, 14:20", date(2025, 3, 12)),
    ("Publicēts 2024. gada 3. janvārī", date(2024, 1, 3)),
    ("2025. gada 9. maijā", date(2025, 5, 9)),
    ("2025. gada 28. aprīlis", date(2025, 4, 28)),
])
def test_latvian_dates_are_read(label: str, day: date) -> None:
    assert (found := date_in_label(label)) is not None and found.date() == day


def test_a_name_that_is_a_latvian_month_form_elsewhere_is_no_month() -> None:
    assert (found := date_in_label("Marta Kowalska, 12.04.2025")) is not None and found.date() == date(2025, 4, 12)


# --- chapters, sources, licence, share row, transcript note ------------------------------------------------

def test_an_episode_chapter_list_with_its_heading_is_not_text() -> None:
    chapters = "".join(f"<li><button data-seek='{i}'>{t}</button> {n}</li>" for i, (t, n) in enumerate(
        [("00:00", "Introduction"), ("01:35", "The line on the wall"), ("10:40", "What the hydrologist found")]))
    body = (f"<section class='notes'>{paragraphs(PARAGRAPHS[:2])}</section><section class='chapters'><h2>Chapters</h2>"
            f"<ol>{chapters}</ol></section><section class='transcript'>{paragraphs(PARAGRAPHS[2:])}</section>")
    assert extract(page(body)).text == "\n".join(PARAGRAPHS)


def test_a_list_whose_links_hold_a_time_and_a_headline_is_kept() -> None:
    items = "".join(f"<li><a href='#e{i}'>1{i}:00 {p}</a></li>" for i, p in enumerate(PARAGRAPHS[2:]))
    text = extract(page(f"<div class='story'>{paragraphs(PARAGRAPHS[:2])}<ul>{items}</ul></div>")).text
    assert PARAGRAPHS[3] in text


def test_a_sources_list_with_its_heading_is_not_text() -> None:
    sources = ("<div class='mw-heading'><h2 id='Sources'>Sources</h2><span class='mw-editsection'>[<a href='/e'>edit"
               "</a>]</span></div><ul><li>“Drivers back deal” — Vellmar Abendblatt, May 13, 2025</li>"
               "<li>“Service restart announced” — Vellmar Transport Authority, May 13, 2025</li></ul>")
    text = extract(page(f"<div class='story'>{paragraphs(PARAGRAPHS)}{sources}</div>")).text
    assert text == "\n".join(PARAGRAPHS)


def test_a_list_under_another_heading_is_kept() -> None:
    listed = "<h2>Sources of the delay</h2><ul>" + "".join(f"<li>{p}</li>" for p in PARAGRAPHS[2:]) + "</ul>"
    text = extract(page(f"<div class='story'>{paragraphs(PARAGRAPHS[:2])}{listed}</div>")).text
    assert PARAGRAPHS[3] in text


@pytest.mark.parametrize("line", [
    "| Share this: Facebook X Reddit |",
    "This text is released under the Creative Commons Attribution 2.5 License.",
    "Licensed under CC BY-SA 4.0",
    "This transcript was produced with automatic speech recognition and edited for clarity. Please check the audio "
    "before quoting.",
    "This transcript has been edited for length and clarity.",
])
def test_share_rows_licence_lines_and_transcript_notes_are_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


@pytest.mark.parametrize("line", [
    "The transcript was released by the court on Monday and runs to more than four hundred pages.",
    "Share this year's harvest with the food bank, the growers were told at the meeting.",
    "Released under the bridge at dawn, the otters swam off towards the estuary.",
])
def test_lines_that_only_start_like_those_notes_are_kept(line: str) -> None:
    assert clean_article_text(line, None) == line
