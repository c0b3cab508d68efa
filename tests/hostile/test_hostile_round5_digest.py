"""Red-team digest and alert text of the fifth round: titles that hold nothing a reader sees (a bidi override,
zero-width spaces, a soft hyphen: the digests drew a link with no visible text), titles built to inject markup into the Markdown
digest as a CommonMark reader renders it, line separators in the JSON digest, and the plain-text alert mails, which
printed a title's U+202E (showing the URL after it reversed), escape sequences and line breaks as they came."""
from __future__ import annotations

import json
import re

import pytest
from markdown_it import MarkdownIt

from mediamon.digest import render
from mediamon.digest.alerts import Alert, Story, WatchAlert, WatchHit
from tests.unit.test_digest_render import make_doc

INVISIBLE_TITLES = ["   ", "\u202e", "\u200b\u200b", "\u2066\u2069", "\u00ad", "\ufeff", "\u200e \u200f", "\u034f"]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
URL = "https://news.example/a?b=1&c=2"


def commonmark(text: str) -> str:
    """Markdown as a CommonMark reader with tables renders it."""
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def story_link_text(html: str) -> str:
    """The text of the link to the top story's URL in rendered HTML."""
    found = re.search(r'<a href="https://news\.example/a\?b=1&amp;c=2"[^>]*>(.*?)</a>', html, re.S)
    assert found is not None, html[:500]
    return found.group(1)


# --- titles nobody can see ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", INVISIBLE_TITLES)
def test_an_invisible_title_is_linked_as_untitled_in_the_html_digest(title: str) -> None:
    assert story_link_text(render.render(make_doc(title), "html")) == "(untitled)"


@pytest.mark.parametrize("title", INVISIBLE_TITLES)
def test_an_invisible_title_is_linked_as_untitled_in_the_markdown_digest(title: str) -> None:
    assert story_link_text(commonmark(render.render(make_doc(title), "md"))) == "(untitled)"


@pytest.mark.parametrize("title", [".", "٣", "—", "€", "\ufffd", "a\u200bb"])
def test_a_title_of_one_visible_character_is_shown_as_it_is(title: str) -> None:
    shown = story_link_text(render.render(make_doc(title), "html"))
    assert shown == render.clean_text(title) and shown != "(untitled)"


def test_the_json_digest_keeps_an_invisible_title_as_it_came() -> None:
    assert json.loads(render.render(make_doc("\u202e"), "json"))["top_stories"][0]["title"] == "\u202e"


# --- markup in titles, as a Markdown reader sees it --------------------------------------------------------------

MARKUP_TITLES = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "![pixel](https://evil.example/t.gif)",
                 "<https://evil.example>", "[a]: https://evil.example", "**](javascript:x)", "`</a><img src=x>`",
                 "<img src=x onerror=alert(1)>", "\\<b\\>", "&lt;script&gt;", "a | b | c", "1. list\n2. more"]


@pytest.mark.parametrize("title", MARKUP_TITLES)
def test_markup_in_a_title_gives_no_tag_link_or_image_in_the_rendered_markdown(title: str) -> None:
    html = commonmark(render.render(make_doc(title), "md"))
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.split('href="')[-1][:20]
    assert re.findall(r'<a href="([^"]*)"', html) == ["https://news.example/a?b=1&amp;c=2"]
    assert story_link_text(html) == render.clean_text(title).strip().replace("&", "&amp;").replace(
        "<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_a_url_with_brackets_quotes_and_spaces_stays_one_link_in_the_markdown() -> None:
    url = 'https://news.example/a (b) "c" [d] <e>'
    html = commonmark(render.render(make_doc("Harbour reopens", url=url), "md"))
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    assert len(links) == 1 and links[0][1] == "Harbour reopens"
    assert links[0][0].startswith("https://news.example/a%20%28b%29%20%22c%22%20") and links[0][0].endswith("%3Ce%3E")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_in_a_title_keep_every_format_whole(separator: str) -> None:
    title = f"Harbour{separator}reopens"
    assert json.loads(render.render(make_doc(title), "json"))["top_stories"][0]["title"] == title
    md = render.render(make_doc(title), "md")
    assert len([line for line in md.splitlines() if "Harbour" in line and "reopens" in line]) >= 1
    assert "\x85" not in render.render(make_doc(title), "html")


# --- the alert mails --------------------------------------------------------------------------------------------


def spike(title: str, url: str = "https://news.example/a") -> Alert:
    """A spike alert whose one top story has this title and URL."""
    return Alert("country", "KZ", "Kazakhstan", "2026-03-31", 9, 2.0, 4.7, False, "2026-03-31/country/KZ.html",
                 (Story(title, url, 2),))


@pytest.mark.parametrize("title", ["Evil \u202egnp.exe", "\x1b]0;owned\x07 title", "two\r\nBcc: x", "\u2067rtl"])
def test_a_spike_alert_mail_shows_a_hostile_title_without_its_controls(title: str) -> None:
    body = spike(title).body()
    assert not UNSAFE.search(body.replace("\n", "")), repr(body)
    story = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(story) == 1 and story[0].endswith("(2 outlets) https://news.example/a")


def test_a_spike_alert_mail_names_an_invisible_title_untitled() -> None:
    assert "- (untitled) (2 outlets) https://news.example/a" in spike("\u200b\u202e").body()


def test_a_watch_alert_mail_shows_hostile_outside_text_on_its_own_lines() -> None:
    hit = WatchHit("t\x1b[2J", "https://news.example/b", "Out\u202elet", ("prot\u202eest",), "snip\r\npet\x07")
    body = WatchAlert("protests", None, "2026-03-31", 1, (hit,)).body()
    assert not UNSAFE.search(body.replace("\n", "")), repr(body)
    assert body.splitlines()[2:] == ["- t\ufffd[2J (Outlet) https://news.example/b", "  terms: protest",
                                     "  snip  pet\ufffd"]


def test_the_alert_payload_keeps_the_title_whole() -> None:
    assert spike("Evil \u202egnp.exe").payload()["top_stories"][0]["title"] == "Evil \u202egnp.exe"
