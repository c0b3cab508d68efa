"""General rules that the fourteenth held-out batch (tests/fixtures/pages_heldout, part untouched14, twelve languages on
Liferay, Gatsby, SPIP, Contao, DataLife Engine, Wagtail, Sitefinity, SharePoint, Movable Type, Angular Universal and
styled-components pages) led to: a dated page declaring only FAQPage read as an article, the block enclosing a page's
running text taken for its body when no block is named so, footnote calls in <span>s, a photo's italic caption line,
subheadlines in a bare <h2> and standfirst classes in CSS-module and camelCase names, and bylines: labels, site logins,
camelCase and test-id author elements, a name after the date line's time and a signature under <br> lines."""
from __future__ import annotations

import pytest

from mediamon.errors import ExtractError
from mediamon.extract.article import clean_author, extract_article
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

HEADLINE = "Night ferry keeps running for two more summers"
SUBHEADLINE = "The board backs the late service after a summer trial carried more riders than expected"


def paragraphs(items: list[str]) -> str:
    """The items as <p> elements."""
    return "".join(f"<p>{p}</p>" for p in items)


def page(body: str, *, head: str = "", lang: str = "en") -> str:
    """An article page with the given markup under its headline."""
    return (f"<html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body><header><a href='/'>Harbour Post"
            f"</a></header><main><h1>{HEADLINE}</h1>{body}</main><footer>© Harbour Post</footer></body></html>")


def extract(html: str, url: str = "https://post.example/ferry") -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, url, run_date=RUN_DATE)


# --- an explainer declaring only FAQPage ----------------------------------------------------------------------------

FAQ_JSONLD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": '
              '[{"@type": "Question", "name": "When does the last boat leave?"}]}</script>')
QUESTIONS = [("When does the last boat leave?", PARAGRAPHS[0]), ("Who asked for the service?", PARAGRAPHS[1]),
             ("What happens next?", PARAGRAPHS[2])]


def faq_page(date_line: str) -> str:
    """An explainer whose questions and answers are <details> under a short opening."""
    answers = "".join(f"<details><summary>{q}</summary><p>{a}</p></details>" for q, a in QUESTIONS)
    opening = "The night ferry stays, and riders have asked us how the new timetable will work for them this summer."
    return page(f"{date_line}<div class='story-body'><p>{opening}</p><h2>Your questions answered</h2>"
                f"<div class='faq'>{answers}</div></div>", head=FAQ_JSONLD)


def test_a_dated_page_declaring_only_faqpage_is_an_explainer_with_its_questions_as_text() -> None:
    article = extract(faq_page("<p class='meta'>Published: <time datetime='2025-03-12'>12 March 2025</time></p>"))
    assert article.published_at is not None and article.published_at.date().isoformat() == "2025-03-12"
    lines = article.text.split("\n")
    assert lines[lines.index("Your questions answered") + 1:] == [line for pair in QUESTIONS for line in pair]


def test_an_undated_faq_page_without_a_block_of_running_text_is_still_no_article() -> None:
    with pytest.raises(ExtractError) as err:
        extract(faq_page(""))
    assert err.value.reason == "not-article"


# --- a page naming no block as its body --------------------------------------------------------------------------

def test_a_listicle_without_a_named_body_keeps_its_item_headings() -> None:
    items = "".join(f"<div class='liste-madde'><span class='no'>{n}</span><h2>Park number {n} on the shore</h2>"
                    f"<div class='gorsel'><img src='/p{n}.jpg' alt=''></div><div class='metin'><p>{p}</p></div></div>"
                    for n, p in enumerate(PARAGRAPHS, 1))
    html = (f"<html lang='en'><head><title>{HEADLINE}</title></head><body><div class='bar'><p>This site uses cookies "
            f"to measure its audience; read the notice to learn more.</p></div><div class='icerik-sol'><h1>{HEADLINE}</h1>"
            f"{items}</div><div class='icerik-sag'><h3>Prayer times</h3><p>Dawn 05:42</p></div></body></html>")
    article = extract(html)
    assert article.text.split("\n") == [line for n, p in enumerate(PARAGRAPHS, 1)
                                        for line in (f"Park number {n} on the shore", p)]


# --- footnote calls and captions ---------------------------------------------------------------------------------

def test_a_footnote_call_in_a_span_is_left_out_of_the_text() -> None:
    call = ("<span class='spip_note_ref'>&nbsp;[<a href='#nb1' class='spip_note' rel='appendix' id='nh1'>1</a>]"
            "</span>")
    first = PARAGRAPHS[0].removesuffix(".")
    article = extract(page(f"<div class='texte'><p>{first}{call}.</p>{paragraphs(PARAGRAPHS[1:])}</div>"))
    assert article.text == "\n".join(PARAGRAPHS)


def test_a_bracketed_number_linking_elsewhere_stays_in_the_text() -> None:
    first = PARAGRAPHS[0].removesuffix(".")
    linked = f"{first} <span>[<a href='/reports/1'>1</a>]</span>."
    article = extract(page(f"<div class='texte'><p>{linked}</p>{paragraphs(PARAGRAPHS[1:])}</div>"))
    assert article.text.split("\n")[0] == f"{first} [1]."


def test_an_italic_line_under_a_photo_paragraph_is_its_caption() -> None:
    photo = ("<p style='text-align:center'><img src='/seed.jpg' alt=''></p><p style='text-align:center'><em>Officials "
             "hand out seed rice to farmers in Tan Thanh</em></p>")
    article = extract(page(f"<div class='ms-rtestate-field'><p>{PARAGRAPHS[0]}</p>{photo}"
                           f"{paragraphs(PARAGRAPHS[1:])}</div>"))
    assert article.text == "\n".join(PARAGRAPHS)


def test_an_italic_paragraph_that_follows_no_photo_stays_text() -> None:
    aside = "Editor's note: the board met again on Friday and confirmed the timetable."
    article = extract(page(f"<div class='body'>{paragraphs(PARAGRAPHS)}<p><em>{aside}</em></p></div>"))
    assert article.text == "\n".join([*PARAGRAPHS, aside])


# --- standfirsts -------------------------------------------------------------------------------------------------------

def test_a_subheadline_in_a_bare_h2_under_the_headline_is_a_standfirst() -> None:
    info = "<p class='info'><time datetime='2025-03-12T09:30:00+01:00'>12.03.2025 09:30</time></p>"
    article = extract(page(f"{info}<h2>{SUBHEADLINE}</h2><div class='ce_text'>{paragraphs(PARAGRAPHS)}</div>"))
    assert article.text == "\n".join(PARAGRAPHS)


def test_a_subheading_after_the_opening_paragraph_stays_text() -> None:
    body = f"<p>{PARAGRAPHS[0]}</p><h2>What the riders said about it</h2>{paragraphs(PARAGRAPHS[1:])}"
    article = extract(page(f"<div class='ce_text'>{body}</div>"))
    assert article.text.split("\n") == [PARAGRAPHS[0], "What the riders said about it", *PARAGRAPHS[1:]]


@pytest.mark.parametrize("block", [
    f"<p class='article-module--linhaFina--3JpXw'>{SUBHEADLINE}</p>",  # a CSS module's name, in camelCase
    f"<div class='haber-ozet'><h2>{SUBHEADLINE}</h2></div>",  # Turkish 'özet' (summary), a block holding only an h2
])
def test_standfirst_named_in_css_modules_and_turkish_is_left_out(block: str) -> None:
    meta = "<div class='meta'><span>Por Thiago Nascimento</span></div>"
    html = (f"<html lang='en'><head><title>{HEADLINE}</title></head><body><main><article><div class='header'>"
            f"<h1>{HEADLINE}</h1>{block}{meta}</div><div class='article-module--body--3xK2a'>{paragraphs(PARAGRAPHS)}"
            "</div></article></main></body></html>")
    assert extract(html).text == "\n".join(PARAGRAPHS)


# --- bylines --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "name"), [
    ("Авторка: Олена Гнатюк", "Олена Гнатюк"),
    ("रिपोर्ट: प्रिया शर्मा", "प्रिया शर्मा"),
    ("كتب - سالم بن خميس الهنائي", "سالم بن خميس الهنائي"),
    ("Tin, ảnh: Hoàng Lan", "Hoàng Lan"),
    ("Bài và ảnh: Minh Tâm", "Minh Tâm"),
])
def test_byline_labels_are_left_out_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


@pytest.mark.parametrize("login", ["redaktor2", "news_admin", "kei_eno"])
def test_a_site_login_names_no_author(login: str) -> None:
    assert clean_author(login) is None


def test_names_without_digits_or_underscores_are_kept() -> None:
    assert clean_author("Anna Kowalska") == "Anna Kowalska" and clean_author("jane") == "jane"


@pytest.mark.parametrize("byline", [
    "<div class='sfnewsAuthorAndDate'><span class='sfnewsAuthor'>Salem Al Hinai</span> <span>12 March 2025</span></div>",
    "<div class='sc-gqjmRU jDmNbR'><a class='sc-jzJRlG fYqHgN' data-qa-id='author-name' href='/@salem'>Salem Al Hinai"
    "</a><span class='sc-cSHVUG'>12 March 2025</span></div>",
    "<p class='info'><time datetime='2025-03-12T09:30'>12.03.2025 09:30</time> von Salem Al Hinai</p>",
])
def test_author_from_camelcase_classes_test_ids_and_a_name_after_the_time(byline: str) -> None:
    article = extract(page(f"{byline}<div class='body'>{paragraphs(PARAGRAPHS)}</div>"))
    assert article.author == "Salem Al Hinai" and article.text == "\n".join(PARAGRAPHS)


def test_a_signature_under_br_lines_names_the_author_when_the_byline_is_a_login() -> None:
    lines = "<br><br>".join(PARAGRAPHS)
    body = (f"<div class='story-info'><span class='author'><a href='/user/redaktor2/'>redaktor2</a></span></div>"
            f"<div class='full-text'>{lines}<br><br><div style='text-align:right;'><b>Irina Sokolova</b></div></div>")
    article = extract(page(body))
    assert article.author == "Irina Sokolova" and article.text == "\n".join(PARAGRAPHS)
