"""General rules that the thirteenth held-out batch (tests/fixtures/pages_heldout, part untouched13, English-language
outlets) led to: Adobe Experience Manager's core components read as text (not as a consent platform's box), a pull
quote standing as a component of its own, a live page's entries in <article>s, sub-headline and camelCase standfirst
classes, a sponsor's box inside the text, and desk and staff credits that name no person."""
from __future__ import annotations

from mediamon.extract.article import clean_author, extract_article
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

HEADLINE = "Night ferry keeps running for two more summers"
STANDFIRST = "The board backs the late service after a summer trial carried more riders than expected"


def paragraphs(items: list[str]) -> str:
    """The items as <p> elements."""
    return "".join(f"<p>{p}</p>" for p in items)


def page(body: str, *, head: str = "") -> str:
    """An article page with the given markup under its headline."""
    return (f"<html lang='en'><head><title>{HEADLINE}</title>{head}</head><body><header><a href='/'>Harbour Post</a>"
            f"</header><main><h1>{HEADLINE}</h1>{body}</main><footer>© Harbour Post</footer></body></html>")


def extract(html: str, url: str = "https://post.example/ferry") -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, url, run_date=RUN_DATE)


# --- Adobe Experience Manager --------------------------------------------------------------------------------------

def aem_page(quote: str = "") -> str:
    """A page laid out in AEM's grid: each paragraph a text component ('cmp-text'), a quote component after the first."""
    column = "aem-GridColumn aem-GridColumn--default--12"
    texts = [f"<div class='text {column}'><div class='cmp-text'><p>{p}</p></div></div>" for p in PARAGRAPHS]
    quote_block = f"<div class='quote {column}'><blockquote class='cmp-quote'>{quote}</blockquote></div>" if quote else ""
    grid = texts[0] + quote_block + "".join(texts[1:])
    return (f"<html lang='en'><head><title>{HEADLINE}</title></head><body class='page basicpage'><div class='root "
            f"responsivegrid'><div class='aem-Grid aem-Grid--12'><div class='title {column}'><div class='cmp-title'>"
            f"<h1 class='cmp-title__text'>{HEADLINE}</h1></div></div>{grid}</div></div></body></html>")


def test_aem_text_components_are_the_article_not_a_consent_box() -> None:
    assert extract(aem_page()).text == "\n".join(PARAGRAPHS)


def test_a_consent_platforms_cmp_box_is_still_dropped() -> None:
    banner = "<div class='cmp-banner'><p>We and our partners use cookies to store and access data on your device.</p></div>"
    assert "cookies" not in extract(page(f"<article>{paragraphs(PARAGRAPHS)}{banner}</article>")).text


def test_a_quote_component_repeating_the_paragraph_beside_it_is_a_pull_quote() -> None:
    quote = "many of them from nurses and hotel staff whose late shifts ended after the last boat"
    assert extract(aem_page(quote)).text == "\n".join(PARAGRAPHS)


def test_a_quote_component_of_its_own_words_is_text() -> None:
    quote = "We asked for this boat for ten years, and now our children can come home at night."
    assert quote in extract(aem_page(quote)).text.split("\n")


# --- live pages ----------------------------------------------------------------------------------------------------

ENTRIES = [(heading, f"{PARAGRAPHS[i]} {PARAGRAPHS[(i + 1) % 3]}")  # each entry longer than trafilatura's minimum
           for i, heading in enumerate(["Ferry board meets tonight", "Islanders hand in petition", "Operator to publish counts"])]


def live_page(entry_class: str) -> str:
    """A live page whose entries are <article>s of the given class, each with a time, a heading and a share link."""
    entries = "".join(f"<article class='{entry_class}'><time>1{i}:20</time><h2>{heading}</h2><p>{text}</p>"
                      f"<a href='#e{i}'>Copy link</a></article>" for i, (heading, text) in enumerate(ENTRIES))
    return page(f"<div class='feed'>{entries}</div>")


def test_a_live_pages_entries_in_articles_are_all_its_text() -> None:
    text = extract(live_page("live-post")).text
    assert all(body in text.split("\n") for _heading, body in ENTRIES)


def test_articles_not_named_live_entries_keep_the_first_as_the_body() -> None:
    lines = extract(live_page("teaser-card")).text.split("\n")
    assert ENTRIES[0][1] in lines and ENTRIES[2][1] not in lines


# --- standfirsts ---------------------------------------------------------------------------------------------------

def test_a_sub_headline_under_the_headline_is_a_standfirst() -> None:
    html = page(f"<article class='article-body-wrapper'><div class='overline'><a href='/local'>Local</a></div><h1>{HEADLINE}</h1>"
                f"<h2 class='sub-headline'>{STANDFIRST}</h2><div class='byline'>By Ann Lee</div>"
                f"<div class='article-body'>{paragraphs(PARAGRAPHS)}</div></article>").replace(f"<h1>{HEADLINE}</h1>", "", 1)
    assert extract(html).text == "\n".join(PARAGRAPHS)


def test_a_camel_case_lead_block_opening_the_body_is_a_standfirst() -> None:
    html = page(f"<div class='articleBody'><div class='leadText'><p><b>{STANDFIRST}</b></p></div>"
                f"<div class='bodyText'>{paragraphs(PARAGRAPHS)}</div></div>")
    assert extract(html).text == "\n".join(PARAGRAPHS)


def test_a_body_opening_with_a_block_of_another_name_keeps_it() -> None:
    html = page(f"<div class='articleBody'><div class='introBox'><p>{STANDFIRST}</p></div>"
                f"<div class='bodyText'>{paragraphs(PARAGRAPHS)}</div></div>")
    assert extract(html).text.split("\n")[0] == STANDFIRST


# --- sponsors' boxes -----------------------------------------------------------------------------------------------

def test_a_sponsors_box_inside_the_text_is_dropped() -> None:
    box = "<div class='sponsor-block'><p>Today's issue is brought to you by Harbour Bakery. Use code FERRY for 10% off.</p></div>"
    html = page(f"<article>{paragraphs(PARAGRAPHS[:2])}{box}{paragraphs(PARAGRAPHS[2:])}</article>")
    assert extract(html).text == "\n".join(PARAGRAPHS)


def test_a_sponsored_articles_body_is_no_box() -> None:
    html = page(f"<div class='sponsored-content'>{paragraphs(PARAGRAPHS * 2)}</div>")
    assert PARAGRAPHS[0] in extract(html).text


# --- bylines -------------------------------------------------------------------------------------------------------

def test_desk_bylines_with_two_qualifiers_name_no_author() -> None:
    assert [clean_author(name) for name in ("Our Staff Reporter", "From Our Correspondent", "Our Special Correspondent")] \
        == [None, None, None]


def test_a_reporters_name_before_a_role_is_kept() -> None:
    assert clean_author("Anna Maria Reporter") == "Anna Maria Reporter"


def test_an_outlets_staff_credit_names_no_author() -> None:
    assert [clean_author(name) for name in ("Gulf Daily Monitor Staff", "Harbour Post Desk")] == [None, None]


def test_a_staff_credit_in_the_author_meta_tag_gives_way_to_the_byline() -> None:
    html = page(f"<div class='byline'>By Ann Lee</div><article>{paragraphs(PARAGRAPHS)}</article>",
                head="<meta name='author' content='Harbour Post Staff'>")
    assert extract(html).author == "Ann Lee"
