"""General rules that the fifteenth held-out batch (tests/fixtures/pages_heldout, part untouched15, twelve languages on
the Next.js App Router, Tilda, uCoz, a Daum-style portal, Craft CMS, Neos, Umbraco, Laravel Livewire, TE Bilişim,
Tribun- and VCCorp-style portals and a-blog cms) led to: a block of <br> lines opening with a paragraph, a table of one
column laying out the article, a comments section under a heading with its count, counters and reading times opening
the text, credit lines ('Текст: …', '（取材・文／…）', 'Laporan Wartawan …', '(Site.com/…)') naming the author and left out
of the text, a headline shown in a title-classed element or an <h3>, and bylines: Arabic and Japanese labels, 'Texto
de' in a line of credits, a date run into the name, host names and newsroom roles that name nobody."""
from __future__ import annotations

import pytest

from mediamon.extract.article import clean_author, extract_article
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

HEADLINE = "Night ferry keeps running for two more summers"


def paragraphs(items: list[str]) -> str:
    """The items as <p> elements."""
    return "".join(f"<p>{p}</p>" for p in items)


def page(body: str, *, head: str = "", lang: str = "en", title: str = HEADLINE, headline: str | None = None) -> str:
    """An article page with the given markup under its headline (an h1 unless headline gives other markup)."""
    shown = f"<h1>{HEADLINE}</h1>" if headline is None else headline
    return (f"<html lang='{lang}'><head><title>{title}</title>{head}</head><body><header><a href='/'>Harbour Post"
            f"</a></header><main>{shown}{body}</main><footer>© Harbour Post</footer></body></html>")


def extract(html: str, url: str = "https://post.example/ferry") -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, url, run_date=RUN_DATE)


# --- the body: blocks of <br> lines, layout tables, comments, counters ----------------------------------------------

def test_a_block_of_br_lines_opening_with_a_paragraph_is_read_in_paragraphs() -> None:
    # a site builder's text records: the second holds one paragraph, <br><br> and another, after a sign-up record
    def record(inner: str) -> str:
        return f"<div class='r t-rec'><div class='t004'><div class='t-container'><div class='t-col'>{inner}</div></div></div></div>"
    more = [PARAGRAPHS[0].replace("county", "island"), PARAGRAPHS[1].replace("Island", "Town")]
    body = (record(f"<div class='t-text'>{'<br><br>'.join(PARAGRAPHS)}</div>")
            + record("<div class='t651__title'>Subscribe to our letter</div><a href='#s'>Subscribe</a>")
            + record(f"<div class='t-text'>{more[0]}<br><br>{more[1]}</div>"))
    article = extract(page(body))
    assert article.text.split("\n") == [*PARAGRAPHS, *more]


def ucoz_page(comments: str = "") -> str:
    """A uCoz news entry: a table of one column (title row, message row in <br> lines, details row)."""
    message = "<br><br>".join(PARAGRAPHS)
    return page(f"<table class='eBlock'><tr><td class='eTitle'>{HEADLINE}</td></tr><tr><td class='eMessage'>{message}"
                "</td></tr><tr><td class='eDetails'>Category: <a href='/news/1'>Town</a> | Views: 412</td></tr></table>"
                f"{comments}", title=f"{HEADLINE} - 12 March 2025 - Harbour Post", headline="")


def test_a_table_of_one_column_laying_out_the_article_is_read_in_paragraphs_under_its_title_cell() -> None:
    article = extract(ucoz_page())
    assert article.text == "\n".join(PARAGRAPHS) and article.title == HEADLINE


def test_a_table_of_several_columns_with_data_stays_a_table() -> None:
    table = ("<table><tr><th>Sailing</th><th>Riders</th></tr><tr><td>Monday 23:40</td><td>118</td></tr>"
             "<tr><td>Tuesday 23:40</td><td>131</td></tr></table>")
    article = extract(page(paragraphs(PARAGRAPHS) + table))
    assert "Monday 23:40 | 118" in article.text


@pytest.mark.parametrize("heading", ["Всього коментарів: 2", "12 Comments", "Comentarios (2)", "Yorumlar (2)"])
def test_comments_under_a_heading_with_their_count_are_not_article_text(heading: str) -> None:
    comments = (f"<table><tr><td>{heading}</td></tr></table><div id='allEntries'><table class='cBlock1'><tr><td>"
                "<div class='cTop'><b>1</b> <b>Oksana</b> (12.03.2025 10:02)</div><div class='cMessage'>At last, thanks to "
                "everyone who wrote to the council about it!</div></td></tr></table></div>")
    article = extract(ucoz_page(comments))
    assert article.text == "\n".join(PARAGRAPHS)


def test_a_subheading_naming_one_comment_and_a_number_does_not_end_the_text() -> None:
    sections = ["Public comment 1", PARAGRAPHS[1], "Public comment 2", PARAGRAPHS[2]]
    article = extract(page(f"<div class='entry-content'>{paragraphs([PARAGRAPHS[0], *sections])}</div>"))
    assert article.text.endswith(PARAGRAPHS[2]) and "Public comment 2" in article.text


@pytest.mark.parametrize("counter", ["Lesezeit: 3 Minuten", "Lectura de 4 min", "Okunma: 2.345 · 3 dk okuma süresi",
                                     "Thời gian đọc: 3 phút", "5 min read", "Views: 1,204"])
def test_counters_and_reading_times_opening_the_text_are_dropped(counter: str) -> None:
    article = extract(page(f"<div class='entry-content'><p>{counter}</p>{paragraphs(PARAGRAPHS)}</div>"))
    assert article.text == "\n".join(PARAGRAPHS)


def test_an_opening_line_about_minutes_and_reading_stays() -> None:
    opening = "Pupils read the tide tables for 5 minutes before the ferry left the pier on Monday night."
    article = extract(page(f"<div class='entry-content'><p>{opening}</p>{paragraphs(PARAGRAPHS)}</div>"))
    assert article.text.split("\n")[0] == opening


def test_short_sentences_holding_a_reading_word_and_a_count_stay() -> None:
    # 'read' inside 'Already' and 'readout', 'min' opening 'ministers': no reading time
    first, last = "Already 3 ministers have resigned.", "The readout took 20 minutes."
    article = extract(page(f"<div class='entry-content'><p>{first}</p>{paragraphs(PARAGRAPHS)}<p>{last}</p></div>"))
    assert article.text == "\n".join([first, *PARAGRAPHS, last])


# --- credit lines ----------------------------------------------------------------------------------------------------

def test_a_credit_line_in_brackets_under_the_text_names_the_author_and_is_dropped() -> None:
    article = extract(page(f"<div class='entry-column'>{paragraphs(PARAGRAPHS)}<p>（取材・文／山本彩）</p></div>", lang="ja"))
    assert article.author == "山本彩" and article.text == "\n".join(PARAGRAPHS)


def test_a_reporters_credit_line_opening_the_text_and_the_site_credit_closing_it_are_dropped() -> None:
    body = (f"<div class='txt-article'><p><strong>Laporan Wartawan Harbourpost.com, Rina Marlina</strong></p>"
            f"{paragraphs(PARAGRAPHS)}<p><em>(Harbourpost.com/Rina Marlina)</em></p></div>")
    article = extract(page(body, head="<meta name='author' content='Harbourpost.com'>", lang="id"))
    assert article.author == "Rina Marlina" and article.text == "\n".join(PARAGRAPHS)


def test_a_labelled_credit_block_apart_from_the_headline_names_the_author() -> None:
    body = (f"<div class='t-text'>{'<br><br>'.join(PARAGRAPHS)}</div>"
            "<div class='t-text t-text_sm'>Текст: Алина Воронцова<br>Фото: Денис Гуров</div>")
    article = extract(page(body, lang="ru"))
    assert article.author == "Алина Воронцова" and article.text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("credit", ["写真／田中一郎", "撮影／田中一郎"])
def test_a_photo_credit_alone_names_no_author(credit: str) -> None:
    article = extract(page(f"<div class='entry-column'>{paragraphs(PARAGRAPHS)}<p>{credit}</p></div>", lang="ja"))
    assert article.author is None


def test_a_credit_line_in_a_box_of_other_stories_names_no_author() -> None:
    body = (f"<div class='entry-content'>{paragraphs(PARAGRAPHS)}</div><div class='related'><a href='/x'>Tide tables "
            "explained</a><span>Текст: Иван Петров</span></div>")
    assert extract(page(body, lang="ru")).author is None


def test_the_authors_name_alone_ending_the_text_is_dropped() -> None:
    body = (f"<div class='detail-content'>{paragraphs(PARAGRAPHS)}<div class='related-box'><a href='/x'>Buses to the "
            "industrial park</a></div><p style='text-align:right;'><b>Minh Anh</b></p></div>")
    article = extract(page(body, head="<meta name='author' content='Minh Anh'>", lang="vi"))
    assert article.author == "Minh Anh" and article.text == "\n".join(PARAGRAPHS)


def test_a_portals_h3_headline_gives_the_reporter_and_date_of_its_info_line() -> None:
    head = "<meta property='og:title' content='Night ferry keeps running for two more summers'>"
    headline = (f"<div class='head_view'><h3 class='tit_view'>{HEADLINE}</h3><span class='info_view'><span class='txt_info'>"
                "김민지 기자</span><span class='txt_info'>입력 <span class='num_date'>2025. 3. 12. 14:20</span></span></span></div>")
    article = extract(page(f"<div class='article_view'>{paragraphs(PARAGRAPHS)}</div>", head=head, headline=headline,
                           lang="ko"))
    assert article.author == "김민지"
    assert article.published_at is not None and article.published_at.date().isoformat() == "2025-03-12"


def test_texto_de_in_a_line_of_credits_under_the_headline_names_the_author() -> None:
    credits = ("<p class='entry__credits'>Texto de <a href='/a/mf'>Marta Figueiredo</a> · Fotografia de "
               "<a href='/a/rp'>Rui Pacheco</a></p>")
    article = extract(page(f"{credits}<div class='rich-text'>{paragraphs(PARAGRAPHS)}</div>", lang="pt"))
    assert article.author == "Marta Figueiredo"


# --- names ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "name"), [
    ("متابعة: سارة الخطيب", "سارة الخطيب"),
    ("（取材・文／山本彩）", "山本彩"),
    ("Laporan Wartawan Tribunserayu.com, Rina Marlina", "Rina Marlina"),
    ("Laporan Wartawan Tribun Serayu, Rina Marlina", "Rina Marlina"),
    ("Por EFE11 de marzo de 2025 · 12:40 h", "EFE"),
    ("Von Tobias Wendel 12. März 2025", "Tobias Wendel"),
])
def test_labels_and_run_in_dates_are_left_out_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


@pytest.mark.parametrize("byline", ["redaktor", "Редактор", "Redaksi", "Tribunserayu.com", "news.example.co"])
def test_newsroom_roles_and_host_names_name_no_author(byline: str) -> None:
    assert clean_author(byline) is None
