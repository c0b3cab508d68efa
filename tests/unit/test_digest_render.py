"""Digest renderers: hostile outside strings are shown as text in HTML and Markdown, kept in JSON."""
from __future__ import annotations

import json
import re

import pytest

from mediamon.digest import render
from mediamon.digest.build import two_sentences

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "Evil \u202eTXT.exe\u202c and \u2066isolate\u2069",
    "bell\x07 escape\x1b[31m nul\x00 del\x7f c1\x85",
    "'; DROP TABLE articles; --",
    "[click](javascript:alert(1)) **bold** <b>b</b>",
]


def make_doc(text: str, *, url: str = "https://news.example/a?b=1&c=2") -> dict:
    """A digest document with `text` in every field that comes from the outside world."""
    story = {"event_id": "s1", "story_id": "s1", "article_id": "a1", "title": text, "url": url, "language": "en",
             "outlets": [text, "Plain Outlet"], "outlet_count": 2, "article_count": 3,
             "first_seen_at": "2026-03-31T06:00:00.123456+00:00", "first_seen_source": "published",
             "first_crawled_at": "2026-03-31T06:10:00+00:00", "last_seen_at": "2026-03-31T07:00:00+00:00",
             "is_new": True, "extract": text}
    trend = [{"day": f"2026-03-{d:02d}", "articles": d % 5, "stories": d % 5, "share": 0.1, "baseline": 2.0,
              "z": 0.5, "spike": d == 31, "coverage_gap": d == 20} for d in range(2, 32)]
    return {
        "kind": "country", "key": "KZ", "file_key": "KZ", "label": "Kazakhstan", "run_date": "2026-03-31",
        "watched": True,
        "changes": {"articles": 9, "yesterday": 3, "baseline": 2.0, "z": 4.7, "spike": True, "direction": "up",
                    "new_events": [story], "watches_fired": [{"name": text, "matches": 2}]},
        "volume": {"articles": 9, "stories": 8, "share": 0.25, "day_articles": 36, "baseline": 2.0,
                   "baseline_14": 2.1, "baseline_28": 2.2, "share_baseline_28": 0.1, "baseline_days": 27,
                   "spread": 1.5, "z": 4.7, "spike": True, "coverage_gap": True, "gap_checks": text,
                   "sensitivity": 3.0},
        "top_stories": [story],
        "sources": {"outlets": [{"source_id": "x", "outlet": text, "source_country": "US", "articles": 2,
                                 "stories": 2}],
                    "countries_of_publication": [{"country": "US", "articles": 2}],
                    "languages": [{"language": text, "articles": 2}]},
        "co_mentions": {"countries": [{"key": "RU", "file_key": "RU", "label": text, "articles": 1,
                                       "has_page": True}], "topics": []},
        "trend": trend,
        "quality": {"checks": 2, "checks_failed": 1,
                    "notes": [{"text": text, "severity": "warn", "suite": "batch", "expectation": text,
                               "docs": "gx_docs/batch/index.html"}],
                    "failed": [{"suite": "batch", "expectation": text, "severity": "warn", "success": False,
                                "unexpected_count": None, "observed_value": text}],
                    "quarantine": [{"stage": "extract", "reason": text, "records": 2}], "quarantined": 2,
                    "feeds_down": [{"feed_url": "https://f.example/rss", "source_id": "f", "outlet": text,
                                    "consecutive_failures": 3, "last_error": text, "last_success_at": None}]},
    }


def _tags(html: str) -> list[str]:
    """The names of all HTML tags in the page."""
    return re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_shows_hostile_strings_as_text(text: str) -> None:
    page = render.render(make_doc(text), "html")
    clean_page = render.render(make_doc("Plain headline"), "html")
    assert sorted(set(_tags(page))) == sorted(set(_tags(clean_page)))  # no tag came from the data
    assert "<script" not in page and "<img" not in page
    assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]", page)
    assert "javascript:" not in page.split("<body>")[1].split("href=")[-1].split(">")[0]


def test_cut_lists_say_how_many_they_leave_out() -> None:
    doc = make_doc("Plain headline")
    doc["top_stories_more"] = 2
    doc["co_mentions"]["more"] = {"countries": 23, "topics": 1}
    md, html = render.render(doc, "md"), render.render(doc, "html")
    assert "\n\n… and 2 more events\n" in md and "… and 2 more events</p>" in html
    assert "- Countries: Plain headline (1) … and 23 more countries" in md and "… and 23 more countries" in html
    assert "- Topics: none … and 1 more topic" in md
    doc["top_stories_more"], doc["co_mentions"]["more"] = 0, {"countries": 0, "topics": 0}
    assert " more " not in render.render(doc, "md").split("## Quality")[0]


def test_sources_name_countries_and_languages_not_codes() -> None:
    doc = make_doc("Plain headline")
    doc["sources"] = {"outlets": [{"source_id": "gv", "outlet": "Global Voices", "source_country": "NL", "articles": 1,
                                   "stories": 1},
                                  {"source_id": "x", "outlet": "Nowhere", "source_country": None, "articles": 1,
                                   "stories": 1}],
                      "countries_of_publication": [{"country": "NL", "articles": 1}, {"country": "??", "articles": 1}],
                      "languages": [{"language": "en", "articles": 1}, {"language": None, "articles": 1}]}
    md, html = render.render(doc, "md"), render.render(doc, "html")
    assert "- Outlets: Global Voices (Netherlands, 1), Nowhere (unknown, 1)" in md
    assert "- Countries of publication: Netherlands 1, unknown 1" in md
    assert "- Languages: English 1, unknown 1" in md and "Languages: English 1, unknown 1" in html


def test_a_name_that_is_its_code_is_shown_once() -> None:
    doc = {**make_doc("Plain headline"), "key": "QQ", "file_key": "QQ", "label": "QQ"}
    assert render.render(doc, "md").startswith("# QQ — Tue 31 Mar 2026")
    page = render.render(doc, "html")
    assert '<h1>QQ<span class="badge spike">' in page and '<span class="muted">QQ</span>' not in page
    row = {"kind": "country", "key": "QQ", "file_key": "QQ", "label": "QQ", "articles": 1, "yesterday": None,
           "share": 0.5, "baseline": None, "z": None, "spike": False, "watched": False, "has_page": False}
    html = render._ENV.get_template("_key_table.html.j2").render(rows=[row], kind="country", prefix="")
    assert "<td>QQ</td>" in html and '<span class="muted">QQ</span>' not in html
    assert render.render(make_doc("Plain headline"), "md").startswith("# Kazakhstan (KZ) — ")


@pytest.mark.parametrize("weekday, days, label", [
    (True, 4, "median over 4 Tuesdays"), (False, 20, "median over 20 days (fewer than 3 Tuesdays)")])
def test_the_baseline_label_names_the_median_used(weekday: bool, days: int, label: str) -> None:
    doc = make_doc("Plain headline")
    doc["volume"].update(baseline_weekday=weekday, baseline_n=days)
    md, html = render.render(doc, "md"), render.render(doc, "html")
    assert f"- Baseline: 2.0, the {label}; 14-day mean 2.1" in md and f"baseline: {label}</div>" in html
    assert "same-weekday median)" not in md + html


def test_script_title_is_visible_as_escaped_text() -> None:
    page = render.render(make_doc("<script>alert(1)</script>"), "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rlo_is_removed_and_control_characters_made_visible() -> None:
    assert render.clean_text("abc\u202eexe.txt") == "abcexe.txt"
    assert render.clean_text("bell\x07") == "bell\ufffd"
    assert render.clean_text("two\nlines\tand tab") == "two lines and tab"


def test_markdown_escapes_markup_and_links() -> None:
    text = render.to_markdown(make_doc("<script>x</script> [a](javascript:b)"))
    assert not re.search(r"(?<!\\)<script", text)
    assert r"\<script>x\</script>" in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)   # an escaped bracket starts no link
    assert "[\\<script>" in text and "(https://news.example/a?b=1&c=2)" in text


MARKDOWN_TEXTS = [
    "World Health Organisation (WHO)", "lead-paint", "2025-12-18", "# head", "- item", "-5 degrees", "1. first",
    "2024) x", "> quote", "snake_case _emph_ a*b*", "AT&T &amp; x", "<script>x</script> [a](javascript:b)",
    "a|b ~~s~~", "---", "===", "+ plus", "foo__bar", "é_é", "`code`", "\\ back", "* star", "![img](x)",
    "<http://a.example>", "a\\*b", "    indented", "&#x41;", "[x]: http://a.example", "#hashtag", "**b** __b__",
]


@pytest.mark.parametrize("text", MARKDOWN_TEXTS)
def test_markdown_shows_outside_text_as_itself_in_a_list_and_a_table(text: str) -> None:
    from markdown_it import MarkdownIt
    from markdown_it.common.utils import escapeHtml
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    assert md.render(f"- {render.md_escape(text)}\n") == f"<ul>\n<li>{escapeHtml(text.strip())}</li>\n</ul>\n"
    assert f"<td>{escapeHtml(text.strip())}</td>" in md.render(f"| h |\n|---|\n| {render.md_escape(text)} |\n")


def test_markdown_escapes_only_what_would_be_markup() -> None:
    for text in ("World Health Organisation (WHO)", "lead-paint", "2025-12-18", "snake_case", "-5 degrees", "AT&T"):
        assert render.md_escape(text) == text
    assert render.md_escape("# 1. _x_") == r"\# 1. \_x\_"


def test_a_date_without_a_time_is_shown_without_one() -> None:
    event = {"first_seen_at": "2005-07-15T00:00:00+00:00", "first_seen_source": "published"}
    assert render.first_seen_text(event) == "first published 15 Jul 2005"
    doc = make_doc("Plain headline")
    doc["top_stories"][0]["first_seen_at"] = "2005-07-15T00:00:00+00:00"
    assert "first published 15 Jul 2005 ·" in render.render(doc, "html")
    assert render.first_seen_text({**event, "first_seen_at": "2005-07-15T00:01:00+00:00"}) == \
        "first published 15 Jul 2005, 00:01 UTC"
    crawled = {"first_seen_at": "2005-07-15T00:00:00+00:00", "first_seen_source": "crawled"}
    assert "15 Jul 2005, 00:00 UTC" in render.first_seen_text(crawled)   # a crawl time is a time


def test_chart_labels_count_days_in_words() -> None:
    day = {"day": "2026-03-31", "articles": 2, "stories": 2, "share": 0.1, "baseline": None, "z": None,
           "spike": False, "coverage_gap": False}
    assert 'aria-label="daily articles, last 1 day"' in str(render.trend_svg([day]))
    assert 'aria-label="matches per day, last 1 day"' in str(render.spark_svg([{"day": "2026-03-31", "matches": 1}]))


def test_non_http_links_are_dropped() -> None:
    page = render.render(make_doc("Headline", url="javascript:alert(1)"), "html")
    assert "javascript:" not in page
    assert render.safe_url("data:text/html,x") == ""
    assert render.safe_url('https://a.example/x"onmouseover=1') == "https://a.example/x%22onmouseover=1"


def test_json_keeps_the_original_text() -> None:
    text = "<script>\u202e'; DROP TABLE x; --"
    data = json.loads(render.render(make_doc(text), "json"))
    assert data["top_stories"][0]["title"] == text
    assert data["volume"]["z"] == 4.7


def test_file_keys_are_filesystem_safe() -> None:
    assert render.file_key("medtop:11000000") == "medtop-11000000"
    assert render.file_key("KZ") == "KZ"
    assert render.file_key("../../etc/passwd") == "------etc-passwd"


def test_trend_svg_marks_spikes_and_gaps() -> None:
    doc = make_doc("x")
    svg = str(render.trend_svg(doc["trend"]))
    assert svg.count("<rect") == 30
    assert svg.count('class="spike"') == 1
    assert svg.count('fill="url(#gap)"') == 1
    assert "<polyline" in svg
    assert "2 Mar 2026" in svg and "31 Mar 2026" in svg and "2026-03-02" not in svg


def test_digest_html_has_every_section() -> None:
    page = render.render(make_doc("Plain headline"), "html")
    for heading in ("What changed since yesterday", "Volume", "Top events", "Sources", "Co-mentions", "Data quality"):
        assert f">{heading}<" in page
    assert 'class="badge spike"' in page and "coverage may be incomplete" in page
    assert '<a href="../country/RU.html">' in page
    assert '<a href="../../../gx_docs/batch/index.html">report</a>' in page   # the banner links the GX report


@pytest.mark.parametrize("text, expected", [
    ("One. Two! Three? Four.", "One. Two!"),
    ("Dr. Smith arrived. He spoke. Then left.", "Dr. Smith arrived. He spoke."),
    ("No end mark here", "No end mark here"),
    ("Talks resumed in the U.S. Capitol today. Update 7. Later text.", "Talks resumed in the U.S. Capitol today. Update 7."),
    ("“Quoted.” Next one. Third.", "“Quoted.” Next one."),
    # an end is found from the word before the mark, also an empty one, a number or a word with '_' or accents
    ("Wait... What now? Yes.", "Wait... What now?"),
    ("Route A1. Then B_2! Done.", "Route A1. Then B_2!"),
    ("Naïve café. Über alles. Fin.", "Naïve café. Über alles."),
    ("It ended (see the note.) Next one. More.", "It ended (see the note.) Next one."),
])
def test_two_sentence_extract(text: str, expected: str) -> None:
    assert two_sentences(text) == expected


def test_templates_read_a_document_key_and_still_call_dict_methods() -> None:
    template = render._environment().from_string(
        '{{ d.title }}|{{ d.get("missing", "none") }}|{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}'
        '|{{ d.nothing is defined }}')
    assert template.render(d={"title": "T", "n": 2}) == "T|none|title=Tn=2|False"


def test_the_markdown_banner_of_a_day_with_no_run_says_so() -> None:
    from mediamon.digest.render import _md_banner

    assert _md_banner({"checks": 0, "notes": []}) == [
        "**No run was loaded for this day:** no data quality checks were recorded."]
    assert _md_banner({"checks": 12, "notes": []}) == ["Data quality: all 12 checks passed."]
