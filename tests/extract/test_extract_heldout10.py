"""General rules that the tenth held-out batch (tests/fixtures/pages_heldout, part untouched10) led to: Web Components
pages read through their custom elements, bylines in a custom element, a columnist's card, a Chinese dateline, a
role run into the name and the Slovene 'Avtorica:'; Norwegian written 'nb'; dates of a change log and of a life left
out, a 'datum' class; galleries built of list items, guestbooks, photographers' credits, notes that the text goes on
under an ad, an AMP story's ad page and its byline line, and a Scandinavian 'ingress' left out of the text."""
from __future__ import annotations

from datetime import date

import pytest

from mediamon.extract.article import clean_article_text, clean_author, extract_article
from mediamon.extract.language import detect_language
from tests.unit.test_extract_heldout import PARAGRAPHS, RUN_DATE

HEADLINE = "Night ferry keeps running for two more summers"


def paragraphs(items: list[str]) -> str:
    """The items as <p> elements."""
    return "".join(f"<p>{p}</p>" for p in items)


def page(body: str, *, lang: str = "en", head: str = "") -> str:
    """An article page with the given markup under its headline."""
    return (f"<html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body><header><a href='/'>Harbour Post</a>"
            f"</header><main><h1>{HEADLINE}</h1>{body}</main><footer>© Harbour Post</footer></body></html>")


def extract(html: str) -> object:
    """extract_article on a page of the test site."""
    return extract_article(html, "https://post.example/ferry", run_date=RUN_DATE)


# --- Web Components ----------------------------------------------------------------------------------------------

def web_components_page(byline: str = "") -> str:
    """A page built of custom elements: a consent dialog, the story's blocks, a share bar and a sign-up box."""
    blocks = "".join(f"<hp-text-block>{p}</hp-text-block>" for p in PARAGRAPHS)
    return ("<html lang='en'><head><title>Night ferry stays</title></head><body>"
            "<hp-cookie-consent><hp-dialog><span slot='body'>We use cookies to measure our audience and show relevant "
            "advertising.</span><hp-button>Accept</hp-button></hp-dialog></hp-cookie-consent><hp-story-page>"
            f"<hp-story-header><h1>Night ferry stays</h1>{byline}</hp-story-header><hp-story-body>{blocks}</hp-story-body>"
            "<hp-share-bar><hp-share network='facebook'>Share on Facebook</hp-share><hp-share network='email'>Email"
            "</hp-share></hp-share-bar><hp-newsletter-signup><h2>The morning briefing</h2><span>The day's news from the "
            "harbour and the town, every weekday at seven.</span><input type='email'><hp-button>Sign up</hp-button>"
            "</hp-newsletter-signup></hp-story-page></body></html>")


def test_custom_elements_are_read_as_blocks_without_their_consent_share_and_signup_boxes() -> None:
    assert extract(web_components_page()).text == "\n".join(PARAGRAPHS)


def test_a_custom_byline_element_names_the_author() -> None:
    byline = ("<hp-byline><hp-author-name>Priya Raman</hp-author-name><hp-author-role>Environment reporter"
              "</hp-author-role></hp-byline>")
    assert extract(web_components_page(byline)).author == "Priya Raman"


# --- bylines -----------------------------------------------------------------------------------------------------

def test_a_columnists_card_above_the_headline_names_the_author() -> None:
    card = ("<div class='columnist-card'><img src='/c.png'><a class='columnist-card__name' href='/p/ho'>Harriet Okafor</a>"
            "<p class='columnist-card__bio'>Harriet Okafor writes about housing and towns.</p></div>")
    html = page(paragraphs(PARAGRAPHS)).replace(f"<main><h1>{HEADLINE}</h1>", f"<main>{card}<h1>{HEADLINE}</h1>")
    assert extract(html).author == "Harriet Okafor"


@pytest.mark.parametrize(("opening", "names"), [
    ("新华社杭州3月12日电（记者林雨晨）随着气温回升，湿地公园近日迎来候鸟迁徙高峰，每天在此停歇觅食的水鸟超过一万只。", "林雨晨"),
    ("本报讯（记者 张明 王芳 通讯员 李强）全市首批十座口袋公园日前建成开放，附近居民可以就近散步休息。", "张明, 王芳"),
])
def test_a_chinese_dateline_names_the_reporters(opening: str, names: str) -> None:
    rest = ["公园管理处工作人员介绍，今年监测到的鸟类已有八十余种，其中包括多种国家重点保护野生动物，为减少干扰设置了临时围栏。",
            "近年来当地持续开展湿地修复工作，拆除了沿岸的养殖塘，恢复浅滩和芦苇荡，为候鸟提供了更多栖息空间和食物来源。"]
    assert extract(page(paragraphs([opening, *rest]), lang="zh")).author == names


@pytest.mark.parametrize(("byline", "name"), [
    ("Ingrid HauglandJournalist", "Ingrid Haugland"), ("Ingrid HauglandReporter", "Ingrid Haugland"),
    ("Avtorica: Maja Kovač", "Maja Kovač"), ("Autorica: Ana Horvat", "Ana Horvat"),
])
def test_a_role_run_into_the_name_and_the_slovene_and_croatian_labels_are_not_part_of_it(byline: str, name: str) -> None:
    assert clean_author(byline) == name


def test_an_avtor_class_names_the_byline() -> None:
    html = page("<div class='clanek-podatki'><span class='avtor'>Avtorica: Maja Kovač</span></div>"
                + paragraphs(PARAGRAPHS))
    assert extract(html).author == "Maja Kovač"


# --- language ----------------------------------------------------------------------------------------------------

NORWEGIAN = ("Statens vegvesen stenger fergeleiet på øya i seks uker fra april mens kaien og klaffen byttes ut. I perioden "
             "går fergen i stedet fra et annet kai, som ligger tolv kilometer lenger nord. For pendlerne betyr det en "
             "lengre kjøretur hver morgen, og mange må beregne tjue minutter ekstra hver vei, sier prosjektlederen.")


@pytest.mark.parametrize("hint", [None, "no", "nb-NO"])
def test_norwegian_is_written_nb(hint: str | None) -> None:
    assert detect_language(NORWEGIAN, hint=hint)[0] == "nb"


# --- dates -------------------------------------------------------------------------------------------------------

def test_a_date_in_the_pages_change_log_is_not_its_publication_date() -> None:
    history = ("<div class='page-updates'><dl><dt>Last updated</dt><dd>20 March 2025</dd></dl><ol id='full-history' hidden>"
               "<li><time datetime='2025-03-20'>20 March 2025</time> Added a list.</li><li><time datetime='2025-03-03'>"
               "3 March 2025</time> First published.</li></ol></div>")
    html = page("<dl class='metadata'><dt>Published</dt><dd>3 March 2025</dd></dl>" + paragraphs(PARAGRAPHS) + history)
    assert extract(html).published_at.date() == date(2025, 3, 3)


def test_a_span_of_years_is_a_life_not_the_publication_date() -> None:
    dates = "<div class='obit-dates'>July 2, 1938 – March 8, 2025</div><div class='obit-posted'>Published March 11, 2025</div>"
    assert extract(page(dates + paragraphs(PARAGRAPHS))).published_at.date() == date(2025, 3, 11)


def test_a_date_in_a_datum_classed_element_is_read() -> None:
    meta = ("<div class='clanek-podatki'><span class='avtor'>Maja Kovač</span> <span class='datum'>sreda, 12. 3. 2025 ob 14.20"
            "</span> <span><a href='#k'>12 komentarjev</a></span></div>")
    assert extract(page(meta + paragraphs(PARAGRAPHS), lang="sl")).published_at.date() == date(2025, 3, 12)


# --- text --------------------------------------------------------------------------------------------------------

CAPTIONS = ["Crews load the first cars onto the night ferry at the island quay.",
            "Nurses coming off the late shift board the boat at half past eleven.",
            "The ferry's captain greets passengers on the last crossing of the evening."]


def test_a_gallery_of_list_items_gives_its_captions_without_credits_and_counters() -> None:
    items = "".join(f"<li class='gallery-item'><img src='/{i}.jpg'><p class='gallery-caption'>{c}</p>"
                    f"<span class='gallery-credit'>Photo: Harbour Post</span><span class='gallery-count'>{i} / 3</span></li>"
                    for i, c in enumerate(CAPTIONS, 1))
    html = page(paragraphs(PARAGRAPHS[:2]) + f"<div class='photo-gallery'><ul>{items}</ul></div>" + paragraphs(PARAGRAPHS[2:]))
    assert extract(html).text == "\n".join([*PARAGRAPHS[:2], *CAPTIONS, *PARAGRAPHS[2:]])


def test_a_guestbook_under_the_text_is_not_article_text() -> None:
    guestbook = ("<section id='guestbook' class='guestbook'><h2>Guestbook</h2><div class='guestbook-entry'><p>She read us a "
                 "chapter every Friday afternoon and I still remember her voices for every character.</p><p>Declan Murphy · "
                 "Posted March 12, 2025</p></div></section>")
    assert extract(page(paragraphs(PARAGRAPHS) + guestbook)).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("line", [
    "3月11日，一群白琵鹭在湿地浅滩觅食。新华社记者 陈思远 摄",
    "Članek se nadaljuje pod oglasom",
    "The article continues below the advertisement",
    "Der Artikel wird unter der Anzeige fortgesetzt",
    "La suite après cette publicité",
    "Dalsza część artykułu pod reklamą",
])
def test_a_photographers_credit_line_and_a_note_that_the_text_goes_on_under_an_ad_are_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


def test_an_amp_storys_ad_page_and_its_byline_line_are_not_article_text() -> None:
    def story_page(text: str, ad: bool = False) -> str:
        return f"<amp-story-page{' ad' if ad else ''}><amp-story-grid-layer template='vertical'><p>{text}</p></amp-story-grid-layer></amp-story-page>"
    story = ("<html lang='en'><head><title>Night ferry stays</title><meta name='author' content='Beatriz Nogueira'></head><body>"
             "<amp-story standalone title='Night ferry stays'><amp-story-page id='cover'><amp-story-grid-layer template='vertical'>"
             "<h1>Night ferry stays</h1><p>By Beatriz Nogueira</p></amp-story-grid-layer></amp-story-page>"
             + story_page(PARAGRAPHS[0]) + story_page("Weekly offers at the harbour supermarket, open late every day", ad=True)
             + story_page(PARAGRAPHS[1]) + story_page(PARAGRAPHS[2]) + "</amp-story></body></html>")
    assert extract(story).text == "\n".join(PARAGRAPHS)


def test_an_ingress_under_the_headline_is_a_standfirst() -> None:
    ingress = "<p class='ingress'>Pendlere må kjøre til en annen kai mens kaien bygges om i april og mai.</p>"
    assert extract(page(ingress + paragraphs(PARAGRAPHS))).text == "\n".join(PARAGRAPHS)
