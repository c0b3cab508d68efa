"""Extraction on pages of CMSs and languages the extractor was not tuned on: the general rules each held-out
miss led to, and floors on the whole held-out set (tests/fixtures/pages_heldout)."""
from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import lxml.html
import pytest

from mediamon.errors import ExtractError
from mediamon.extract.article import clean_article_text, clean_author, extract_article

PROJECT = Path(__file__).resolve().parents[2]
PAGES = PROJECT / "tests" / "fixtures" / "pages_heldout"
RUN_DATE = date(2025, 8, 1)
PARAGRAPHS = [
    "The county board voted on Monday to keep the night ferry running for two more summers after a trial "
    "that carried more passengers than the operator had expected.",
    "Island residents had collected more than a thousand signatures, many of them from nurses and hotel staff "
    "whose late shifts ended after the last boat of the evening.",
    "The operator will publish monthly passenger counts, and the board will review the service again before "
    "the timetable for the following year is drawn up.",
]


def page(body: str, *, head: str = "") -> str:
    """A small article page: a headline, the given body markup and a footer."""
    return (f"<html lang='en'><head><title>Night ferry stays</title>{head}</head><body><nav><a href='/'>Home</a>"
            f"</nav><article><h1>Night ferry stays</h1><div class='entry-content'>{body}</div></article>"
            "<footer>Contact us</footer></body></html>")


@pytest.mark.parametrize("line", [
    "Lee también: El puerto bate su récord de cruceros",
    "Leia também: Preço do café sobe pelo terceiro mês",
    "Lesen Sie auch: Wohnungsmarkt: Mieten steigen weiter",
    "Czytaj też: Remont dworca potrwa do jesieni",
    "Zobacz też: Nowa linia tramwajowa na Bielany",
    "Читайте также: Тарифы ЖКХ вырастут с июля",
    "Leggi anche: Il mercato del sabato cambia sede",
    "À lire aussi : le conseil municipal vote le budget",
    "Читайте також: Уряд ухвалив новий бюджет",
    "यह भी पढ़ें: संसद में बजट पर बहस",
    "Citește și: Guvernul a aprobat bugetul",
    "بیشتر بخوانید: بودجه تصویب شد",
    "Čtěte také: Vláda schválila rozpočet",
    "Διαβάστε επίσης: Ψηφίστηκε ο προϋπολογισμός",
    "Share Facebook X WhatsApp Email Copy link",
    "Teilen Facebook WhatsApp Link kopieren",
    "Get new stories by email",
    "No spam. Unsubscribe anytime.",
])
def test_read_also_share_and_signup_lines_are_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


@pytest.mark.parametrize("line", [
    "X marks the spot where the treasure lay for years.",
    "Leggi regionali e decreti",
    "Line managers met on Facebook to plan the depot.",
    "यह भी पढ़ें कि सरकार ने क्या कहा",
])
def test_short_lines_that_only_start_like_boilerplate_are_kept(line: str) -> None:
    assert clean_article_text(line, None) == line


def test_newsletter_box_between_paragraphs_is_not_article_text() -> None:
    signup = ("<div class='kg-card kg-signup-card'><h2>Get new stories by email</h2><p>Essays about the coast and "
              "the people who live on it, sent once a fortnight to your inbox.</p><form><input type='email' "
              "placeholder='Your email'><button>Subscribe</button></form><p>We will never share your address.</p></div>")
    html = page(f"<p>{PARAGRAPHS[0]}</p>{signup}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    article = extract_article(html, "https://news.example/ferry", run_date=RUN_DATE)
    assert article.text == "\n".join(PARAGRAPHS)


def test_comment_section_named_among_other_classes_is_not_article_text() -> None:
    comments = ("<section class='field field--name-comment field--type-comment comment-wrapper'><h2>Kommentare</h2>"
                "<article class='js-comment'><p>Das hätte man schon vor zehn Jahren machen müssen, sagen alle hier.</p>"
                "</article></section>")
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS) + comments)
    article = extract_article(html, "https://news.example/ferry", run_date=RUN_DATE)
    assert article.text == "\n".join(PARAGRAPHS)


def test_article_held_only_in_next_data_is_extracted_with_its_metadata() -> None:
    data = {"props": {"pageProps": {
        "nav": [{"label": "Politics", "href": "/politics"}],
        "article": {"headline": "Night ferry stays", "byline": [{"name": "Jordan Pike"}],
                    "publishedAt": "2025-06-03T14:00:00.000Z",
                    "body": [{"type": "paragraph", "content": PARAGRAPHS[0]},
                             {"type": "related", "title": "Harbour dredging delayed again", "url": "/r0"},
                             {"type": "paragraph", "content": f"<b>{PARAGRAPHS[1]}</b>"},
                             {"type": "paragraph", "content": PARAGRAPHS[2]}]}}}}
    html = ("<html><head><title>Night ferry stays | Capital Wire</title></head><body><div id='__next'>"
            "<header>Capital Wire</header><main><div class='skeleton'></div></main></div>"
            f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script></body></html>")
    article = extract_article(html, "https://capital.example/politics/ferry", run_date=RUN_DATE)
    assert (article.text, article.author, article.published_at.date(), article.language) == (
        "\n".join(PARAGRAPHS), "Jordan Pike", date(2025, 6, 3), "en")


def test_next_data_date_after_the_run_date_is_not_taken() -> None:
    data = {"props": {"pageProps": {"story": {"title": "Night ferry stays", "date": "2031-01-01",
                                              "blocks": [{"text": p} for p in PARAGRAPHS]}}}}
    html = ("<html><head><title>Night ferry stays</title></head><body><div id='__next'></div>"
            f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script></body></html>")
    article = extract_article(html, "https://capital.example/ferry", run_date=RUN_DATE)
    assert (article.text, article.published_at) == ("\n".join(PARAGRAPHS), None)


def blogger_page(footer: str) -> str:
    """A blog post as Blogger marks it up: the post inside a 'widget Blog' block, its byline and time in the post's footer."""
    body = "".join(f"<div>{p}</div><div><br /></div>" for p in PARAGRAPHS)
    return ("<html><head><title>Plot 17: Night ferry stays</title><meta property='og:title' content='Night ferry stays'>"
            "</head><body><header><h1 class='title'>Plot 17</h1></header><div class='main section'>"
            "<div class='widget Blog' id='Blog1'><div class='blog-posts hfeed'><h2 class='date-header'><span>Tuesday, "
            "3 September 2024</span></h2><div class='post hentry' itemscope itemtype='http://schema.org/BlogPosting'>"
            "<h3 class='post-title entry-title'>Night ferry stays</h3><div class='post-body entry-content'>"
            f"{body}</div><div class='post-footer'>{footer}</div></div></div></div></div>"
            "<div class='widget PopularPosts'><h2>Popular Posts</h2><span class='post-author'>By Ann Other</span>"
            "<abbr class='published' title='2023-01-05T10:00:00Z'>10:00</abbr></div></body></html>")


def test_blog_post_wrapped_in_a_widget_block_keeps_its_byline_and_time() -> None:
    footer = ("<span class='post-author vcard'>Posted by <span class='fn' itemprop='author'>Gwen Pritchard</span></span> "
              "<span class='post-timestamp'>at <abbr class='published' itemprop='datePublished' "
              "title='2024-09-03T21:14:00+01:00'>21:14</abbr></span>")
    article = extract_article(blogger_page(footer), "https://plot17.example/2024/09/ferry.html", run_date=RUN_DATE)
    assert (article.author, article.published_at.date()) == ("Gwen Pritchard", date(2024, 9, 3))


@pytest.mark.parametrize(("byline", "name"), [
    ("Pubblicato da Francesca Moretti", "Francesca Moretti"),
    ("Haber: Mehmet Yılmaz", "Mehmet Yılmaz"),
    ("كتبت: ليلى حداد", "ليلى حداد"),
    ("作者：陈晓燕", "陈晓燕"),
    ("（佐藤美咲）", "佐藤美咲"),
    ("Veröffentlicht von Anna Schmidt am Mi, 09.04.2025 - 16:42", "Anna Schmidt"),
    ("Submitted by Jane Roe on Tue, 03/12/2024 - 10:15", "Jane Roe"),
])
def test_byline_labels_of_other_languages_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


def test_byline_in_a_writer_element_is_the_author() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", "<h1>Night ferry stays</h1><span class='writer'>كتبت: ليلى حداد</span>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == "ليلى حداد"


def test_drupal_node_promoted_to_the_front_page_keeps_its_submitted_line() -> None:
    html = ("<html lang='de'><head><title>Schwimmkurse | Rundschau</title></head><body><div class='region region-content'>"
            "<div class='block-page-title-block'><h1 class='page-title'>Schwimmkurse</h1></div>"
            "<article class='node node--type-article node--promoted node--view-mode-full'><footer class='node__meta'>"
            "<div class='node__submitted'>Veröffentlicht von <span class='field field--name-uid'>Anna Schmidt</span> am "
            "<span class='field field--name-created'>Mi, 09.04.2025 - 16:42</span></div></footer><div class='node__content'>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></article></div></body></html>")
    article = extract_article(html, "https://rundschau.example/node/5521", run_date=RUN_DATE)
    assert (article.author, article.published_at.date()) == ("Anna Schmidt", date(2025, 4, 9))


@pytest.mark.parametrize(("line", "kept"), [
    ("A giant heron led the procession across the old bridge. Photo: Tom Hale/Riverside Gazette",
     "A giant heron led the procession across the old bridge."),
    ("Musicians played from a boat below the walls. (Foto: Anna Schmidt/dpa)", "Musicians played from a boat below the walls."),
    ("Photo: Staff photographer", ""),
    ("Фото: пресс-служба", ""),
    ("The photo: a heron over the bridge, taken by a child at dawn", "The photo: a heron over the bridge, taken by a child at dawn"),
])
def test_photo_credits_are_not_article_text(line: str, kept: str) -> None:
    assert clean_article_text(line, None) == kept


def test_live_blog_updates_keep_their_headlines() -> None:
    updates = [("Ferries cancelled", PARAGRAPHS[0]), ("Power restored in Westhaven", PARAGRAPHS[1]),
               ("Coast road closed", PARAGRAPHS[2])]
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Storm live",
          "liveBlogUpdate": [{"@type": "BlogPosting", "headline": h, "articleBody": b} for h, b in updates]}
    posts = "".join(f"<article class='lb-post'><header><time>1{i}:00</time></header><h2>{h}</h2><p>{b}</p>"
                    "<footer><button>Share this post</button></footer></article>" for i, (h, b) in enumerate(updates))
    html = (f"<html><head><title>Storm live</title><script type='application/ld+json'>{json.dumps(ld)}</script>"
            f"</head><body><main><h1>Storm live</h1><div class='live-feed'>{posts}</div></main></body></html>")
    text = extract_article(html, "https://news.example/storm-live", run_date=RUN_DATE).text
    assert text == "\n".join(line for pair in updates for line in pair)


@pytest.mark.parametrize(("info", "name"), [
    ("2025-02-18 09:12&nbsp;&nbsp;来源：江城日报&nbsp;&nbsp;作者：陈晓燕&nbsp;&nbsp;字号：大 中 小", "陈晓燕"),
    ("12 мая 2025 · Автор: Иван Петров", "Иван Петров"),
    ("Autor: Jan Kowalski | PAP", "Jan Kowalski"),
])
def test_labelled_byline_in_the_line_under_the_headline_is_the_author(info: str, name: str) -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", f"<h1>Night ferry stays</h1><div class='info'>{info}</div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == name


@pytest.mark.parametrize(("dateline", "day"), [
    ("Aktualisiert: 15.03.2025, 09:00 Uhr | Erstveröffentlichung: 14.03.2025, 18:30 Uhr", date(2025, 3, 14)),
    ("Updated March 5, 2025 · Published March 3, 2025", date(2025, 3, 3)),
    ("Publié le 12 mars 2025, mis à jour le 13 mars 2025", date(2025, 3, 12)),
])
def test_dateline_gives_the_first_publication_not_the_update(dateline: str, day: date) -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", f"<h1>Night ferry stays</h1><div class='dateline'>{dateline}</div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).published_at.date() == day


@pytest.mark.parametrize("line", ["Noticias relacionadas El puerto bate su récord de cruceros",
                                  "Articles similaires", "Notizie correlate: Il mercato cambia sede"])
def test_related_news_labels_of_other_languages_are_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}", None) == PARAGRAPHS[0]


def test_gallery_slide_counters_are_dropped_but_recipe_fractions_are_kept() -> None:
    slides = "1 / 3 Children carried paper fish.\n2 / 3 A giant heron led the parade.\n3 / 3 The lanterns stayed."
    recipe = "1/2 cup of flour, mixed with water until smooth.\n1/2 cup of sugar goes in next."
    assert (clean_article_text(slides, None), clean_article_text(recipe, None)) == (
        "Children carried paper fish.\nA giant heron led the parade.\nThe lanterns stayed.", recipe)


def test_next_data_publication_date_under_another_key_name_is_read() -> None:
    data = {"props": {"pageProps": {"Story:991": {
        "title": "Night ferry stays", "authors": [{"name": "Julien Mercier"}], "displayDate": "2025-06-20T08:00:00+02:00",
        "publicationDate": "2025-06-19T07:30:00+02:00", "blocks": [{"html": f"<p>{p}</p>"} for p in PARAGRAPHS]}}}}
    html = ("<html><head><title>Night ferry stays</title></head><body><div id='__next'></div>"
            f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script></body></html>")
    article = extract_article(html, "https://capital.example/ferry", run_date=RUN_DATE)
    assert (article.author, article.published_at.date()) == ("Julien Mercier", date(2025, 6, 19))


def test_indonesian_read_also_line_is_dropped() -> None:
    line = "Baca Juga: Pemkot siapkan dana darurat untuk korban banjir"
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}", None) == PARAGRAPHS[0]


def test_korean_byline_with_the_reporter_title_after_the_name_is_the_author() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", "<h1>Night ferry stays</h1><ul class='infomation'><li>김민지 기자</li><li>입력 2025.04.28 15:20</li></ul>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == "김민지"


@pytest.mark.parametrize("name", ["bitrix-ru-most", "ko-news-doseogwan"])
def test_article_written_in_br_separated_lines_keeps_every_line(name: str) -> None:
    truth = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    text = extract_article(html, truth["url"], run_date=RUN_DATE).text
    assert [paragraph for paragraph in truth["paragraphs"] if paragraph not in text.split("\n")] == []


def test_br_lines_of_a_quote_box_inside_an_article_of_paragraphs_stay_one_block() -> None:
    from mediamon.extract.prune import paragraphs_from_breaks
    from mediamon.extract.tree import load_tree

    quote = "<br>".join(PARAGRAPHS[1:])
    tree = load_tree(f"<html><body><div class='entry'><p>{PARAGRAPHS[0]}</p><div class='translation'>{quote}</div></div></body></html>")
    assert paragraphs_from_breaks(tree).find(".//div[@class='translation']").find("p") is None


def test_itemprop_headline_gives_the_title_where_the_page_has_no_h1() -> None:
    html = ("<html><head><title>Riapre il teatro comunale - Gazzetta della Valle</title></head><body>"
            "<div class='item-page' itemscope itemtype='https://schema.org/Article'><div class='page-header'>"
            "<h2 itemprop='headline'>Riapre il teatro comunale</h2></div><div itemprop='articleBody'>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div></body></html>")
    assert extract_article(html, "https://gazzetta.example/teatro", run_date=RUN_DATE).title == "Riapre il teatro comunale"


def test_chinese_republishing_disclaimer_is_dropped() -> None:
    line = "新浪声明：此消息系转载自合作媒体，转载目的在于传递更多信息，并不代表本网赞同其观点和对其真实性负责。"
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}", None) == PARAGRAPHS[0]


# --- the whole held-out set ---------------------------------------------------------------------------

FLOORS = {  # pages, and measured figures rounded down; raise them when the extractor improves, never lower them silently
    # the whole set's dates: the Nepali page of untouched7 is dated in Bikram Sambat only, which is left unread; its
    # authors: the Spanish page of untouched12 names its agency (EFE) alone, which is kept as the author (see below),
    # and the Gulf page of untouched13 its 'Staff Report' byline, and two pages of untouched15 their agencies alone
    "all": {"pages": 210, "f1": 0.995, "title": 1.0, "author": 0.97, "date": 0.99, "invented": 0, "language": 1.0},
    "dev": {"pages": 50, "f1": 0.99, "title": 1.0, "author": 0.98, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched": {"pages": 8, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched3": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched4": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched5": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched6": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched7": {"pages": 12, "f1": 0.985, "title": 1.0, "author": 1.0, "date": 0.91, "invented": 0, "language": 1.0},
    "untouched8": {"pages": 8, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched9": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    # untouched10: a reporter's e-mail line before a Korean copyright line (the dev truths keep that line), a letters
    # invitation and a tip-line prompt are kept
    "untouched10": {"pages": 12, "f1": 0.98, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    # untouched11: an affiliate disclosure (the dev truths keep ZDNet's) and a Notion callout are kept
    "untouched11": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    # untouched12: an agency named alone as the author ('EFE') is kept, as the dev truths name 'Reuters'; a Globo-style
    # 'Veja mais notícias da região no g1 …' line is kept
    "untouched12": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 0.91, "date": 1.0, "invented": 0, "language": 1.0},
    # untouched13: a 'Staff Report' byline is kept as the author, as the dev truths name 'Staff Reports'; a wire story's
    # '___' rule line is kept, as the dev truths keep it
    "untouched13": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 0.91, "date": 1.0, "invented": 0, "language": 1.0},
    "untouched14": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 1.0, "date": 1.0, "invented": 0, "language": 1.0},
    # untouched15: agencies named alone as the author ('Por EFE', 'Par Belga') are kept, as in untouched12; a Korean
    # reporter's e-mail line and the copyright line under it are kept, as the dev truths keep them
    "untouched15": {"pages": 12, "f1": 0.99, "title": 1.0, "author": 0.83, "date": 1.0, "invented": 0, "language": 1.0},
}


def load_heldout_benchmark(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """benchmarks/extraction_heldout.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("extraction_heldout_under_test",
                                                  PROJECT / "benchmarks" / "extraction_heldout.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_heldout_pages_meet_their_floors(part: str, monkeypatch: pytest.MonkeyPatch) -> None:
    heldout = load_heldout_benchmark(monkeypatch)
    bench = heldout.load_extraction_benchmark()
    if not (bench.DATA_DIR / "evaluate.py").is_file():
        pytest.skip(f"the body scorer {bench.DATA_DIR / 'evaluate.py'} is missing: put the shared folder beside the project")
    pages = [p for p in heldout.load_pages() if part == "all" or p.part == part]
    floors = FLOORS[part]
    assert len(pages) == floors["pages"], f"{part} holds {len(pages)} pages, not {floors['pages']}"
    figures = heldout.score(pages, heldout.run_all(pages, heldout.run_ours), bench)
    assert figures["invented"] <= floors["invented"], "a date was invented: run benchmarks/extraction_heldout.py"
    low = {k: round(figures[k], 4) for k in ("f1", "title", "author", "date", "language") if figures[k] < floors[k]}
    assert not low, f"below the held-out floors {floors}: {low}; run benchmarks/extraction_heldout.py --worst 8"


# --- rules from the third untouched batch (part untouched3) ----------------------------------------------

def test_article_held_only_in_fusion_global_content_is_extracted_without_its_link_and_html_blocks() -> None:
    content = {"type": "story", "headlines": {"basic": "Night ferry stays"},
               "credits": {"by": [{"type": "author", "name": "Lucía Ferrer"}]},
               "first_publish_date": "2025-06-02T05:30:00.000Z",
               "content_elements": [{"type": "text", "content": PARAGRAPHS[0]},
                                    {"type": "interstitial_link", "content": "Harbour dredging delayed again for a year",
                                     "url": "/r0"},
                                    {"type": "raw_html", "content": "<div>Get the morning briefing in your inbox every day</div>"},
                                    {"type": "text", "content": f"<b>{PARAGRAPHS[1]}</b>"},
                                    {"type": "text", "content": PARAGRAPHS[2]}]}
    script = ('window.Fusion=window.Fusion||{};Fusion.arcSite="capital";Fusion.globalContent='
              f'{json.dumps(content)};Fusion.globalContentConfig={{"source":"content-api"}};')
    html = ("<html lang='en'><head><title>Night ferry stays | Capital</title></head><body><div id='fusion-app'>"
            f"<header>Capital</header><main><div class='skeleton'></div></main></div><script id='fusion-metadata'>{script}"
            "</script></body></html>")
    article = extract_article(html, "https://capital.example/ferry", run_date=RUN_DATE)
    assert (article.text, article.author, article.published_at.date(), article.method) == (
        "\n".join(PARAGRAPHS), "Lucía Ferrer", date(2025, 6, 2), "data-island")


@pytest.mark.parametrize("as_bytes", [False, True])
def test_zero_width_non_joiners_inside_persian_words_are_kept(as_bytes: bool) -> None:
    words = ["باغ گیاه\u200cشناسی شهر پس از هفت سال دوباره برای بازدید\u200cکنندگان باز شد و مردم آمدند.",
             "گلخانه\u200cهای قدیمی با شیشه\u200cهای دوجداره و گرمایش خورشیدی دوباره ساخته شده\u200cاند.",
             "ساعت بازدید هر روز از هشت صبح تا شش عصر است و ورود برای دانش\u200cآموزان رایگان است."]
    html = ("<html lang='fa' dir='rtl'><head><meta charset='utf-8'><title>باغ</title></head><body><article><h1>باغ</h1>"
            "<div class='item-text'>" + "".join(f"<p>{line}</p>" for line in [*words, *PARAGRAPHS]) + "</div></article></body></html>")
    text = extract_article(html.encode("utf-8") if as_bytes else html, "https://news.example/fa/1", run_date=RUN_DATE).text
    assert text.split("\n")[:3] == words


@pytest.mark.parametrize("line", [
    "<b>Читайте також:</b> <a href='/a'>Міст через Південний Буг закриють на ремонт</a>",
    "<strong>यह भी पढ़ें: <a href='/b'>गोमती किनारे बनेगा नया पार्क</a></strong>",
    "<em>Citește și: <a href='/c'>Primăria pregătește bugetul pe 2026</a></em>",
    "<strong>بیشتر بخوانید:</strong> <a href='/d'>کاشت ده هزار نهال در حاشیه بزرگراه</a>",
])
def test_read_also_line_of_a_label_and_a_linked_headline_is_dropped_in_any_language(line: str) -> None:
    html = page(f"<p>{PARAGRAPHS[0]}</p><p>{line}</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("line", [
    "Source: <a href='/r'>Reuters</a>",
    "The report is online: <a href='/r'>read the county's full ferry review</a> and its appendix.",
    "Residents wrote to <a href='/r'>the county board and the operator</a> for two years.",
])
def test_lines_with_a_link_that_are_not_read_also_lines_are_kept(line: str) -> None:
    html = page(f"<p>{PARAGRAPHS[0]}</p><p>{line}</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    kept = lxml.html.fromstring(f"<p>{line}</p>").text_content()
    assert kept in extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text.split("\n")


def test_list_of_dated_teasers_after_the_article_is_not_article_text() -> None:
    teasers = "".join(f"<p class='news-item'><span class='news-date-time'>1{i}.05.2025</span> <a href='/n{i}'><b>{headline}</b>"
                      f"</a><br>{preview}</p>" for i, (headline, preview) in enumerate([
                          ("Harbour dredging delayed again", "Work will not start before the autumn, the port said."),
                          ("New lamps for the promenade", "More than a hundred lamps will light the sea front by July."),
                          ("Bus 14 changes its route", "From June the bus will stop at the new estate by the mill.")]))
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS) + f"<h2>Other news</h2><div class='news-list'>{teasers}</div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


GALLERY = ["Children from the primary school carried paper fish along the quay.",
           "A giant heron built from willow led the procession across the bridge.",
           "Musicians played from a boat moored below the old town walls."]


def test_captions_of_a_photo_gallery_are_article_text_without_their_credits() -> None:
    figures = "".join(f"<figure class='gallery__item'><img src='/{i}.jpg'><figcaption><span class='counter'>{i + 1} / 3"
                      f"</span> {caption} <span class='gallery__credit'>Φωτογραφία: Νίκος Παππάς</span></figcaption></figure>"
                      for i, caption in enumerate(GALLERY))
    html = page(f"<p>{PARAGRAPHS[0]}</p><div class='gallery'>{figures}</div><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    text = extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text
    assert text == "\n".join([PARAGRAPHS[0], *GALLERY, *PARAGRAPHS[1:]])


def test_captions_of_photos_set_between_paragraphs_stay_out() -> None:
    body = "".join(f"<p>{p}</p><figure class='article__media'><img src='/{i}.jpg'><figcaption>{GALLERY[i]}</figcaption></figure>"
                   for i, p in enumerate(PARAGRAPHS))
    assert extract_article(page(body), "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_bold_name_signed_right_aligned_under_the_article_is_its_author_not_its_text() -> None:
    body = "".join(f"<p class='Normal'>{p}</p>" for p in PARAGRAPHS) + (
        "<p class='Normal' style='text-align:right;'><strong>Minh Anh</strong></p>")
    article = extract_article(page(body), "https://news.example/ferry", run_date=RUN_DATE)
    assert (article.author, article.text) == ("Minh Anh", "\n".join(PARAGRAPHS))


@pytest.mark.parametrize(("info", "name"), [
    ("کد خبر: ۴۸۲۹۱۳ نویسنده: سارا کریمی", "سارا کریمی"),
    ("Publicerad 3 juni 2025 kl. 07.15 · Av Karin Lindqvist", "Karin Lindqvist"),
])
def test_byline_at_the_end_of_the_line_under_the_headline_is_the_author(info: str, name: str) -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", f"<h1>Night ferry stays</h1><div class='info'>{info}</div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == name


def test_line_under_the_headline_ending_in_by_and_lower_case_words_names_nobody() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", "<h1>Night ferry stays</h1><div class='info'>Photos · by the harbour office</div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author is None


def test_byline_class_in_turkish_names_the_author() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", "<h1>Night ferry stays</h1><div class='haber-bilgi'><span class='muhabir'>Elif Şahin"
        "</span> <span class='tarih'>11.12.2024 - 15:20</span></div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == "Elif Şahin"


@pytest.mark.parametrize("lead", ["<p class='lead'>{}</p>", "<div class='art_lead'><p>{}</p></div>",
                                  "<h2 class='subhead'>{}</h2>", "<p class='artigo-lead'><strong>{}</strong></p>"])
def test_standfirst_under_the_headline_is_not_article_text(lead: str) -> None:
    standfirst = "The board keeps the late boat for two more summers after a busy trial."
    html = ("<html lang='en'><head><title>Night ferry stays</title></head><body><nav><a href='/'>Home</a></nav><main>"
            f"<article><h1>Night ferry stays</h1>{lead.format(standfirst)}<div class='meta'>By Jordan Pike</div>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></main><footer>Contact us</footer></body></html>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_live_blog_summary_under_the_headline_stays_article_text() -> None:
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Night ferry stays"}
    html = (f"<html lang='en'><head><title>Night ferry stays</title><script type='application/ld+json'>{json.dumps(ld)}"
            f"</script></head><body><main><article><h1>Night ferry stays</h1><div class='live-summary'><p>{PARAGRAPHS[0]}</p>"
            "</div>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:]) + "</article></main></body></html>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_date_in_a_bar_under_the_headline_is_the_publication_date() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace(
        "<h1>Night ferry stays</h1>", "<h1>Night ferry stays</h1><div class='top-bar-wrap'><div class='top-bar'>"
        "<span class='date'>2025年03月12日 10:05</span> <a class='source'>华东新闻网</a></div></div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).published_at.date() == date(2025, 3, 12)


def test_article_held_only_in_an_initial_state_store_is_extracted() -> None:
    state = {"ui": {"menu": ["News", "Sport"]}, "article": {"entities": {"4411": {
        "title": "Night ferry stays", "author": {"name": "Jordan Pike"}, "publishedAt": "2025-06-03T14:00:00Z",
        "blocks": [{"type": "paragraph", "text": p} for p in PARAGRAPHS]}}}}
    html = ("<html><head><title>Night ferry stays</title></head><body><div id='app'></div>"
            f"<script>window.__INITIAL_STATE__ = {json.dumps(state)};window.__ENV__ = {{}};</script></body></html>")
    article = extract_article(html, "https://capital.example/ferry", run_date=RUN_DATE)
    assert (article.text, article.author, article.published_at.date()) == ("\n".join(PARAGRAPHS), "Jordan Pike", date(2025, 6, 3))


def test_state_store_written_as_a_javascript_literal_gives_no_text() -> None:
    html = ("<html><head><title>Night ferry stays</title></head><body><div id='app'></div><script>window.__INITIAL_STATE__ = "
            f"{{article: {{blocks: {json.dumps(PARAGRAPHS)}}}}};</script></body></html>")
    with pytest.raises(ExtractError) as raised:
        extract_article(html, "https://capital.example/ferry", run_date=RUN_DATE)
    assert raised.value.reason == "no-text"


def test_a_links_language_mark_is_dropped_but_bracketed_words_stay() -> None:
    text = ("Protesters burned buildings [es], as the blog Leite de Cobra [pt] and Tierra Incognita [pl] wrote [pt-BR]. "
            "Smith said [he] would resign, and [it] was footnote [1].")
    assert clean_article_text(text, None) == (
        "Protesters burned buildings, as the blog Leite de Cobra and Tierra Incognita wrote. "
        "Smith said [he] would resign, and [it] was footnote [1].")


# --- rules from the fourth untouched batch (part untouched4) ----------------------------------------------

@pytest.mark.parametrize("box", [
    "<section id='comentarios' class='comentarios'><h3>Comentarios (2)</h3><div class='comentario'><p>Mi abuelo fue jefe de "
    "esa estación durante veinte años, ojalá pongan su foto.</p></div></section>",
    "<div class='komentar'><h3>Komentar</h3><div class='komentar__item'><b>budi</b><p>Semoga parkirnya benar-benar diatur, "
    "dulu macet sekali di depan pasar setiap pagi.</p></div></div>",
    "<div id='didomi-host'><div class='didomi-popup-notice'><p>Utilizamos cookies propias y de terceros para mejorar "
    "nuestros servicios y mostrarle publicidad.</p><button>Aceptar</button></div></div>",
])
def test_comments_named_in_other_languages_and_consent_platform_banners_are_not_article_text(box: str) -> None:
    html = page(f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>{box}")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("photo", [
    "<p class='f_center'><img src='/bus.jpg'><br>夜间公交车在火车东站待发。（资料图）</p>",
    "<div class='my-8'><img class='w-full' src='/pipes.jpg'><p class='mt-2 text-xs'>Replacement pipes stacked at the "
    "utility yard. (Dana Welk / Creekside Ledger)</p></div>",
])
def test_lone_photo_with_its_caption_outside_a_figure_is_not_article_text(photo: str) -> None:
    html = page(f"<p>{PARAGRAPHS[0]}</p>{photo}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_lone_photo_with_its_caption_between_br_lines_is_not_article_text() -> None:
    photo = ("<span class='end_photo_org'><div class='nbd_im_w'><div class='nbd_a'><img src='/salt.jpg'></div></div>"
             "<em class='img_desc'>Villagers rake salt on the restored pans. [Photo: Hanbit Daily]</em></span>")
    html = page(f"{PARAGRAPHS[0]}<br><br>{photo}<br><br>{PARAGRAPHS[1]}<br><br>{PARAGRAPHS[2]}")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_paragraph_opening_with_an_inline_image_stays_article_text() -> None:
    html = page(f"<p><img src='/flag.png'>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_lone_paragraph_next_to_the_headline_apart_from_the_body_is_a_standfirst() -> None:
    standfirst = "Crews will start near the elementary school in October, the general manager told the board."
    html = ("<html lang='en'><head><title>Night ferry stays</title></head><body><div class='mx-auto grid max-w-6xl'>"
            f"<div class='lg:col-span-8'><h1 class='text-4xl'>Night ferry stays</h1><p class='mt-4 text-xl'>{standfirst}</p>"
            "<div class='mt-6 text-sm'>Jul 18, 2025</div><div class='max-w-none'>"
            + "".join(f"<p class='mb-6 text-lg'>{p}</p>" for p in PARAGRAPHS) + "</div></div></div></body></html>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_first_paragraph_next_to_the_headline_among_the_body_paragraphs_stays() -> None:
    html = ("<html lang='en'><head><title>Night ferry stays</title></head><body><article><h1>Night ferry stays</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<div class='tags'><a href='/t'>Ferries</a></div></article></body></html>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("notes", [
    ["Jordan Pike covers transport and the islands for the Gazette.", "Reach him at jordan@gazette.example."],
    ["Press Office, press@county.example, 0100 555 0199"],
])
def test_contact_and_author_notes_at_the_end_are_not_article_text(notes: list[str]) -> None:
    html = page("".join(f"<p>{p}</p>" for p in [*PARAGRAPHS, *notes])).replace(
        "<h1>Night ferry stays</h1>", "<h1>Night ferry stays</h1><div class='byline'>By Jordan Pike</div>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_long_last_paragraph_with_an_address_stays_article_text() -> None:
    last = ("Residents who want to keep the late boat can still write to the county board at ferry@county.example "
            "before the end of the month, when the board closes its consultation and publishes every reply.")
    html = page("".join(f"<p>{p}</p>" for p in [*PARAGRAPHS, last]))
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join([*PARAGRAPHS, last])


def test_headline_copy_under_a_kicker_is_not_article_text() -> None:
    assert clean_article_text(f"Culture · Entretien\nNight ferry stays\n{PARAGRAPHS[0]}", "Night ferry stays") == PARAGRAPHS[0]


@pytest.mark.parametrize(("byline", "name"), [
    ("<span class='article__auteur'>Propos recueillis par <a>Camille Vasseur</a></span>", "Camille Vasseur"),
    ("<div class='text-block-author'>Words by</div><div class='post-author-name'>Maren Solberg</div>", "Maren Solberg"),
    ("<em class='media_end_head_journalist_name'>오하늘 기자</em>", "오하늘"),
    ("<span class='byline_s'>오하늘 기자 (haneul.oh@hanbit.example)</span>", "오하늘"),
    ("<div class='post_author'>本文来源：江城晚报 作者：周晓雯 <br>责任编辑：王芳_NN0987</div>", "周晓雯"),
])
def test_bylines_of_interviews_portals_and_site_builders_name_the_author(byline: str, name: str) -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS) + byline)  # under the text, as the portals set it
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == name


def test_content_author_meta_tag_names_the_author() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS), head="<meta name='content_author' content='Dimas Prasetyo'>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).author == "Dimas Prasetyo"


# --- rules from the fifth untouched batch (part untouched5) ----------------------------------------------

def test_amp_ad_slots_and_their_placeholders_are_not_article_text() -> None:
    ad = ("<amp-ad width='300' height='250' type='doubleclick' data-slot='/1/amp_1'><div placeholder><p>A cikk a "
          "hirdetés után folytatódik</p></div><div fallback></div></amp-ad>")
    html = page(f"<p>{PARAGRAPHS[0]}</p>{ad}<p>{PARAGRAPHS[1]}</p>{ad}<p>{PARAGRAPHS[2]}</p>")
    assert extract_article(html, "https://news.example/ferry/amp", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("label", ["פרסומת", "Advertisement", "ANZEIGE", "Publicidad", "Mainos", "اشتهار", "광고"])
def test_an_ad_slots_label_alone_on_its_line_is_dropped(label: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{label}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


@pytest.mark.parametrize("line", ["|  | Utskriven 2025-08-01 09:41 |", "12.03.2025", "Stand: 12.03.2025 14:05 Uhr"])
def test_a_date_stamp_alone_on_its_line_is_dropped(line: str) -> None:
    assert clean_article_text(f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", None) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"


@pytest.mark.parametrize("line", ["Advertisement sales fell by a third", "On 12.03.2025 the county board met again",
                                  "Mainos tuo rahaa lehdelle"])
def test_lines_that_only_hold_an_ad_word_or_a_date_stay(line: str) -> None:
    assert clean_article_text(line, None) == line


SIDEBAR = ("<div class='sivupalkki'><div class='luetuimmat'><h3>Luetuimmat</h3><ol><li><a href='/1'>Torin parkkipaikat "
           "vähenevät kesällä</a></li><li><a href='/2'>Koulukeskuksen suunnitelma hyväksyttiin</a></li></ol></div>"
           "<div class='tilaa'><h3>Tilaa Harjulan Sanomat</h3><p>Digilehti ja paperilehti kotiin kannettuna alkaen "
           "19,90 € kuukaudessa.</p></div></div>")


def test_a_column_of_headed_boxes_beside_the_article_is_not_article_text() -> None:
    html = ("<html lang='fi'><head><title>Night ferry stays</title></head><body><div id='content'><div class='uutinen'>"
            "<h1>Night ferry stays</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + f"</div>{SIDEBAR}</div></body></html>")
    assert extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text == "\n".join(PARAGRAPHS)


def test_headed_sections_of_running_text_after_the_article_block_stay() -> None:
    more = ("<div class='jatko'><div><h3>Night boats in winter</h3><p>" + PARAGRAPHS[2] + "</p></div>"
            "<div><h3>What the islanders say</h3><p>" + PARAGRAPHS[1] + " " + PARAGRAPHS[0] + "</p></div></div>")
    html = ("<html lang='en'><head><title>Night ferry stays</title></head><body><div id='content'><div class='uutinen'>"
            f"<h1>Night ferry stays</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>{more}</div></body></html>")
    text = extract_article(html, "https://news.example/ferry", run_date=RUN_DATE).text
    assert "What the islanders say" in text and f"{PARAGRAPHS[1]} {PARAGRAPHS[0]}" in text


@pytest.mark.parametrize(("byline", "name"), [
    ("מאת רון אלמוג", "רון אלמוג"), ("Texto de Rita Menezes", "Rita Menezes"), ("Teksti: Aino Lehtonen", "Aino Lehtonen"),
    ("Szerző: Kovács Eszter", "Kovács Eszter"), ("تحریر: عمران شیخ", "عمران شیخ"), ("Skrevet af Signe Mølgaard", "Signe Mølgaard"),
])
def test_byline_labels_of_more_languages_are_not_part_of_the_name(byline: str, name: str) -> None:
    assert clean_author(byline) == name


def dated_page(label: str, lang: str) -> str:
    """A page whose only date is the given label in a date bar under the headline."""
    return (f"<html lang='{lang}'><head><title>Night ferry stays</title></head><body><div class='header'><h1>Night ferry "
            f"stays</h1><span class='date'>{label}</span></div><div class='body'>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></body></html>")


@pytest.mark.parametrize("label", ["פורסם: 12.03.25, 13:20", "12.03.25 | 13:20", "Stand 12.03.25"])
def test_a_date_label_with_a_two_digit_year_gives_the_day(label: str) -> None:
    article = extract_article(dated_page(label, "he"), "https://news.example/ferry", run_date=RUN_DATE)
    assert article.published_at.date() == date(2025, 3, 12)


@pytest.mark.parametrize(("label", "lang"), [("12.03.25, 13:20", "en-US"), ("1.2.25 million", "de"), ("31.02.25", "de")])
def test_two_digit_years_are_not_read_month_first_inside_amounts_or_as_impossible_days(label: str, lang: str) -> None:
    assert extract_article(dated_page(label, lang), "https://news.example/ferry", run_date=RUN_DATE).published_at is None
