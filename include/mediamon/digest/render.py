"""Renderers: a digest document to HTML, Markdown or JSON, the day index (HTML and Markdown), the
watches page, the date index, the inline SVG charts, and the text hygiene every outside string goes
through (escaping, control characters and bidi overrides). Dates, counts and names are worded by
mediamon.digest.wording."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from mediamon.digest.wording import (
    BADGES,
    DIRECTION_WORDS,
    UNCOMPARED,
    baseline_text,
    country_name,
    human_day,
    human_published,
    human_time,
    language_name,
    more_text,
    plural,
    ratio_text,
)
from mediamon.text.titles import without_lone_surrogates

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Bidi embeddings/overrides/isolates and marks: they can reorder the text a reader sees.
BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # lone surrogates cannot be written as UTF-8
# Unicode tag characters spell ASCII that no reader sees (U+E0049 is an invisible 'I') but a tool reading the page takes
# in; the only text that uses them is an emoji flag of a region (U+1F3F4, tags, U+E007F: England's flag), kept whole.
TAG_RE = re.compile("(\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F)|[\U000E0000-\U000E007F]")
# Letters and symbols that draw nothing: Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the blank braille cell.
BLANK_CHARS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Markdown escapes, only where the character would be read as markup: these anywhere (| splits a table row,
# ~ strikes through), & before an entity's name, _ beside a non-letter (inside a word it is only a letter),
# and at the start (after a list marker or in a table cell) what opens a block: >, a heading's #, a list's -
# or +, a setext =, an ordered list's "1." or "1)". Brackets escaped, no "(" can follow a link's text.
MD_ALWAYS_RE = re.compile(r"[\\`*\[\]<|~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")
MD_START_RE = re.compile(r"^(?:>|[#+=-]+(?=\s|$)|(?P<n>\d{1,9})[.)](?=\s|$))")
FILE_KEY_RE = re.compile(r"[^A-Za-z0-9_-]")
REPLACEMENT = "\ufffd"
UNTITLED = "(untitled)"
SVG_W, SVG_H, SVG_PAD = 640, 140, 22
SPARK_W, SPARK_H = 168, 28
OUTLETS_LISTED = 15     # outlets in a page's sources table (the JSON lists them all)
MATCHES_LISTED = 5      # matches per watch on the day index (the watches page lists them all)


def clean_text(value: str) -> str:
    """Text safe to show: bidi controls and tag characters (but an emoji flag's) removed, other control characters and
    lone surrogates made visible as U+FFFD, line breaks and tabs folded to spaces, Unicode normalised (NFC)."""
    if type(value) is str and value.isascii() and value.isprintable():  # nothing to change: most strings
        return value
    text = BIDI_RE.sub("", unicodedata.normalize("NFC", str(value)))
    text = CONTROL_RE.sub(REPLACEMENT, text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return TAG_RE.sub(lambda match: match.group(1) or "", text)


def headline(value: object) -> str:
    """A title to show, cleaned; '(untitled)' when none of it would be seen (nothing, spaces, bidi controls,
    zero-width or other format characters, Hangul fillers or blank braille cells alone): such a title made a link
    whose text no reader could see."""
    text = clean_text(str(value or ""))
    seen = any(unicodedata.category(char)[0] in "LNPS" and char not in BLANK_CHARS for char in text)
    return text if seen else UNTITLED


def md_escape(value: object) -> str:
    """clean_text, then backslash-escape the punctuation Markdown (CommonMark with tables) would read as markup
    or inline HTML where it stands: 'lead-paint', '2025-12-18' and '(WHO)' stay as they are."""
    text = MD_ALWAYS_RE.sub(lambda m: "\\" + m.group(0), clean_text(str(value)).lstrip())  # 4 spaces: code
    return MD_START_RE.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match) -> str:
    """The escaped form of what would open a block at the start of a line: '\\# x', '1\\. x'."""
    number = match.group("n")
    return f"{number}\\{match.group(0)[-1]}" if number else "\\" + match.group(0)


def md_label(item: dict) -> str:
    """A country's name with its code, 'Kazakhstan (KZ)', escaped; a topic's name alone (as the HTML shows it), and
    the name alone when it is the code."""
    if item["label"] == item["key"] or item.get("kind") == "topic":
        return md_escape(item["label"])
    return f"{md_escape(item['label'])} ({md_escape(item['key'])})"


def safe_url(url: object) -> str:
    """An http(s) URL with quotes, spaces, brackets and parentheses percent-encoded; '' otherwise."""
    text = clean_text(str(url or "")).strip()
    if urlsplit(text).scheme.lower() not in ("http", "https"):
        return ""
    return quote(text, safe=":/?#@!$&*+,;=%~[]")


def file_key(key: str) -> str:
    """The filesystem-safe form of a key: medtop:11000000 -> medtop-11000000, KZ -> KZ."""
    return FILE_KEY_RE.sub("-", key)


def country_label(code: object) -> str:
    """A country of publication for display: its short name, 'unknown' when missing ('??')."""
    return "unknown" if code in (None, "", "??") else country_name(str(code))


def fmt_number(value: object, digits: int = 1) -> str:
    """A number for display ('–' when missing)."""
    if value is None:
        return "–"
    if isinstance(value, bool) or isinstance(value, int):
        return str(int(value))
    return f"{float(value):.{digits}f}"


def fmt_share(value: object) -> str:
    """A share as a percentage ('–' when missing)."""
    return "–" if value is None else f"{100 * float(value):.1f}%"


def _finalize(value: object) -> object:
    """Jinja finalize: every printed string is cleaned before autoescaping (markup passes through)."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_text(value)
    return value


class DocumentEnvironment(Environment):
    """Jinja's environment, reading `a.b` of a plain dict as its item `b` first: the documents are dicts, and
    Jinja's own order (the attribute, then the item) raises and catches an AttributeError per lookup, a fifth
    of a page's HTML time. A key named like a dict method (items, get) would hide that method; no document
    has one."""

    def getattr(self, obj: object, attribute: str) -> object:
        """obj[attribute] for a dict that has it, else Jinja's lookup."""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _environment() -> Environment:
    """The template environment: autoescape on, strict undefined, the helpers as filters."""
    env = DocumentEnvironment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, finalize=_finalize,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(num=fmt_number, share=fmt_share, url=safe_url, when=human_time, published=human_published,
                       day=human_day, anchor=file_key, headline=headline,
                       country=country_label, language=language_name)
    env.globals.update(trend_svg=trend_svg, spark_svg=spark_svg, plural=plural, ratio=ratio_text, badges=BADGES,
                       direction_words=DIRECTION_WORDS, uncompared=UNCOMPARED, more=more_text,
                       baseline_text=baseline_text, watch_filters=watch_filters_text, events_scope=events_scope,
                       outlets_listed=OUTLETS_LISTED, matches_listed=MATCHES_LISTED)
    return env



def watch_filters_text(filters: object) -> str:
    """A watch's filters in words, 'only articles naming Kazakhstan or Uzbekistan, in Russian'; '' without filters
    (countries and languages by name, topics by their IPTC label in quotes, sources by id)."""
    if not isinstance(filters, dict):
        return ""
    from mediamon.watches.config import topic_labels

    labels = topic_labels()
    words = {"countries": ("naming", country_name), "topics": ("tagged", lambda v: f"“{labels.get(v, v)}”"),
             "languages": ("in", language_name), "sources": ("from", str)}
    parts = [f"{verb} {_either([name(str(v)) for v in filters[field]])}"
             for field, (verb, name) in words.items() if isinstance(filters.get(field), list) and filters[field]]
    return f"only articles {', '.join(parts)}" if parts else ""


def events_scope(doc: dict) -> str:
    """What a page's event counts cover: every article of the event up to the day, not only the key's own (so they
    may add up to more than the page's articles)."""
    own = "naming" if doc.get("kind") == "country" else "tagged with"
    return (f"Outlets and articles of each event count all its articles up to this day, not only those {own} "
            f"{doc.get('label') or doc.get('key')}.")


def _either(values: list[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def render(doc: dict, fmt: str) -> str:
    """A digest document in one format: html, md or json."""
    if fmt == "html":
        return _ENV.get_template("digest.html.j2").render(d=doc)
    if fmt == "md":
        return to_markdown(doc)
    # Compact: json's C encoder runs only without indent, and a page of a busy key lists thousands of outlets.
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    return without_lone_surrogates(text)  # a lone surrogate would make the file unwritable as UTF-8


def day_index_html(summary: dict) -> str:
    """The day's index page: every key with counts and badges, and the quality footer."""
    return _ENV.get_template("day_index.html.j2").render(s=summary)


def day_index_markdown(summary: dict) -> str:
    """The day's index as Markdown: quality banner, what changed, countries and topics, watches."""
    lines = [f"# Media digests — {human_day(summary['run_date'], weekday=True)}", ""]
    lines += _md_banner(summary["quality"]) + [""] + _md_data_note(summary)
    if summary.get("day_articles") is not None:
        lines += [f"{plural(summary['day_articles'], 'article')} stored today.", ""]
    if summary.get("coverage_gap"):
        lines += ["**Coverage gap**: a batch check failed today (see Data quality above); counts may be low.", ""]
    lines += ["## What changed since yesterday", ""]
    lines += _md_day_changes(summary["changes"])
    for kind, title in (("country", "Countries"), ("topic", "Topics")):
        lines += ["", f"## {title}", "", f"| {kind} | articles | yesterday | baseline | z | badges |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {md_label(r)} | {r['articles']} | "
                  f"{fmt_number(r['yesterday'], 0)} | {fmt_number(r['baseline'])} | {fmt_number(r['z'], 2)} | "
                  f"{_md_badges(r)} |" for r in summary[kind]]
    lines += ["", "## Watches", ""] + _md_watches(summary["watches"])
    return "\n".join(lines + ["", "## Quality", ""] + _md_quality(summary["quality"]) + ["", _md_legend()]) + "\n"


def watches_html(summary: dict, *, prefix: str = "") -> str:
    """The day's watches page: every saved search with its matches today and its last days."""
    return _ENV.get_template("watches.html.j2").render(s=summary, prefix=prefix)


def app_watches_html(*, dates: list[str], selected: str | None, summary: dict | None,
                     problem: str | None = None) -> str:
    """The UI plugin's watches page: each watch with its matches on the chosen day and its last 28 days; problem
    says why the chosen day's summary could not be read."""
    return _ENV.get_template("app_watches.html.j2").render(dates=dates, selected=selected, s=summary, problem=problem)


def dates_index_html(dates: list[str]) -> str:
    """The top-level page listing the days that have digests, newest first."""
    return _ENV.get_template("dates_index.html.j2").render(dates=dates)


def app_home_html(*, dates: list[str], selected: str | None, summary: dict | None,
                  gx_docs: list[tuple[str, str]], problem: str | None = None) -> str:
    """The UI plugin's home page: date picker, quality banner, what changed, country and topic lists with
    badges; gx_docs are the quality reports' pages that exist, as (path under the app, name); problem says why the
    chosen day's summary could not be read."""
    return _ENV.get_template("app_home.html.j2").render(dates=dates, selected=selected, s=summary, gx_docs=gx_docs,
                                                        problem=problem)


def spark_svg(daily: list[dict]) -> Markup:
    """A tiny bar chart of a watch's daily matches (numbers and dates only, no outside text)."""
    if not daily:
        return Markup("")
    top = max([d["matches"] for d in daily] + [1])
    step = SPARK_W / len(daily)
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{SPARK_H - (SPARK_H - 2) * d["matches"] / top:.1f}" '
        f'width="{max(step - 1, 1):.1f}" height="{(SPARK_H - 2) * d["matches"] / top:.1f}" '
        f'fill="{"#c0392b" if i == len(daily) - 1 else "#4a78b5"}">'
        f'<title>{escape(human_day(d["day"]))}: {escape(plural(d["matches"], "match"))}</title></rect>'
        for i, d in enumerate(daily))
    return Markup(f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{SPARK_W}" height="{SPARK_H}" '
                  f'viewBox="0 0 {SPARK_W} {SPARK_H}" role="img" aria-label="matches per day, last {plural(len(daily), "day")}">'
                  f'<line x1="0" y1="{SPARK_H - 0.5}" x2="{SPARK_W}" y2="{SPARK_H - 0.5}" stroke="#ccd3db"/>'
                  f'{bars}</svg>')


def trend_svg(trend: list[dict]) -> Markup:
    """A small static bar chart of daily articles with the baseline as a line; spikes in red, coverage
    gaps hatched. Built from numbers and dates only (no outside text)."""
    if not trend:
        return Markup('<p class="muted">No history yet.</p>')
    top = max([t["articles"] for t in trend] + [t["baseline"] or 0 for t in trend] + [1])
    step = (SVG_W - 2 * SVG_PAD) / len(trend)
    y = lambda v: SVG_H - SVG_PAD - (SVG_H - 2 * SVG_PAD) * float(v) / top  # noqa: E731
    parts = [f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="{SVG_W}" height="{SVG_H}" '
             f'viewBox="0 0 {SVG_W} {SVG_H}" role="img" aria-label="daily articles, last {plural(len(trend), "day")}">',
             '<defs><pattern id="gap" width="4" height="4" patternUnits="userSpaceOnUse">'
             '<path d="M0,4 L4,0" stroke="#999" stroke-width="1"/></pattern></defs>']
    for i, t in enumerate(trend):
        x, h = SVG_PAD + i * step, (SVG_H - 2 * SVG_PAD) * t["articles"] / top
        cls = "spike" if t["spike"] else "bar"
        fill = "url(#gap)" if t["coverage_gap"] else ("#c0392b" if t["spike"] else "#4a78b5")
        tip = f'{human_day(t["day"])}: {plural(t["articles"], "article")}, baseline {fmt_number(t["baseline"])}' + (
            ", coverage gap" if t["coverage_gap"] else "") + (", spike" if t["spike"] else "")
        parts.append(f'<rect class="{cls}" x="{x + 1:.1f}" y="{SVG_H - SVG_PAD - h:.1f}" width="{max(step - 2, 1):.1f}" '
                     f'height="{h:.1f}" fill="{fill}"><title>{escape(tip)}</title></rect>')
    points = " ".join(f"{SVG_PAD + (i + 0.5) * step:.1f},{y(t['baseline']):.1f}"
                      for i, t in enumerate(trend) if t["baseline"] is not None)
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="#e67e22" stroke-width="2"/>')
    parts.append(f'<text x="{SVG_PAD}" y="{SVG_H - 5}" font-size="10">{escape(human_day(trend[0]["day"]))}</text>'
                 f'<text x="{SVG_W - SVG_PAD}" y="{SVG_H - 5}" font-size="10" text-anchor="end">'
                 f'{escape(human_day(trend[-1]["day"]))}</text>'
                 f'<text x="2" y="{SVG_PAD - 6}" font-size="10">max {top}</text>')
    return Markup("".join(parts) + "</svg>")


def to_markdown(doc: dict) -> str:
    """A digest document as Markdown; every outside string is escaped."""
    v = doc["volume"]
    day = human_day(doc["run_date"], weekday=True)
    lines = [f"# {md_label(doc)} — {day}", ""]
    lines += _md_banner(doc["quality"]) + [""] + _md_data_note(doc)
    if v["spike"]:
        lines.append(f"**SPIKE**: z = {fmt_number(v['z'], 2)} (sensitivity {v['sensitivity']})")
    if v["coverage_gap"]:
        lines.append("**Coverage gap**: a batch check failed that day (see Data quality above); counts may be low.")
    if v["spike"] or v["coverage_gap"]:
        lines.append("")
    lines += ["## What changed since yesterday", ""] + _md_key_changes(doc["changes"])
    lines += ["", "## Volume", "",
              f"- Articles {'naming it' if doc['kind'] == 'country' else 'tagged with it'}: {v['articles']} "
              f"({fmt_share(v['share'])} of {v['day_articles']} stored that day; an article counts for every "
              f"{doc['kind']} it {'names' if doc['kind'] == 'country' else 'is tagged with'})",
              f"- Stories: {v['stories']}",
              *_md_baseline(v, doc["run_date"]), "", "## Top events", ""]
    lines += [md_escape(events_scope(doc)), "", *_md_stories(doc["top_stories"])] if doc["top_stories"] else [
        "No events that day."]
    lines += _md_more(doc.get("top_stories_more"), "event")
    lines += ["", "## Sources", ""] + _md_sources(doc["sources"])
    lines += ["", "## Co-mentions", ""]
    for co_kind, name in (("country", "countries"), ("topic", "topics")):
        items = ", ".join(f"{md_escape(c['label'])} ({c['articles']})" for c in doc["co_mentions"][name])
        more = more_text(doc["co_mentions"].get("more", {}).get(name), co_kind)
        lines.append(f"- {name.capitalize()}: {items or 'none'}{' ' + more if more else ''}")
    lines += ["", "## Last days", "", "| day | articles | stories | baseline | z | badges |",
              "|---|---|---|---|---|---|"]
    for t in doc["trend"]:
        flags = " ".join(f for f, on in (("spike", t["spike"]), ("gap", t["coverage_gap"])) if on)
        lines.append(f"| {human_day(t['day'], weekday=True)} | {t['articles']} | {t['stories']} | "
                     f"{fmt_number(t['baseline'])} | {fmt_number(t['z'], 2)} | {flags} |")
    return "\n".join(lines + ["", "## Quality", ""] + _md_quality(doc["quality"]) + ["", _md_legend()]) + "\n"


def _md_baseline(v: dict, run_date: str) -> list[str]:
    """Markdown lines for the baseline (which median, over how many days) and the z-score, or one saying there
    is no history to compare with."""
    if v["baseline"] is None:
        return [f"- Baseline: – ({'no history yet' if v.get('loaded', True) else 'no run was loaded for this day'})"]
    method = baseline_text(v, run_date)
    return [f"- Baseline: {fmt_number(v['baseline'])}{f', the {method}' if method else ''}; "
            f"14-day mean {fmt_number(v['baseline_14'])}; 28-day mean {fmt_number(v['baseline_28'])}; "
            f"28-day share {fmt_share(v['share_baseline_28'])}",
            f"- z-score: {fmt_number(v['z'], 2)}, its spread from {plural(v['baseline_days'] or 0, 'day')} of history"]


def first_seen_text(event: dict) -> str:
    """'first published 3 Dec 2026, 12:24 UTC' (the day alone for a date without a time), or 'first seen …
    (crawl time)' without a publication time."""
    if not event.get("first_seen_at"):
        return "first seen: unknown"
    if event.get("first_seen_source") == "published":
        return f"first published {human_published(event['first_seen_at'])}"
    return f"first seen {human_time(event['first_seen_at'])} (no publication time; when first crawled)"


def event_counts(event: dict) -> str:
    """'1 outlet · 1 article', '2 outlets · 3 articles'."""
    return f"{plural(event['outlet_count'], 'outlet')} · {plural(event['article_count'], 'article')}"


def _md_stories(stories: list[dict]) -> list[str]:
    """Markdown list items for the top events."""
    lines = []
    for i, s in enumerate(stories, 1):
        title = md_escape(headline(s["title"]))
        url = safe_url(s["url"])
        head = f"[{title}]({url})" if url else title
        new = " **new**" if s.get("is_new") else ""
        lines.append(f"{i}. **{head}**{new} — {event_counts(s)}, {first_seen_text(s)}")
        lines.append(f"   Outlets: {md_escape(', '.join(s['outlets']))}")
        if s["extract"]:
            lines.append(f"   > {md_escape(s['extract'])}")
    return lines


def _md_data_note(doc: dict) -> list[str]:
    """The note about where the data comes from, as a paragraph, when there is one."""
    note = doc.get("data_note")
    return [f"*About this data:* {md_escape(note)}", ""] if note else []


def _md_banner(q: dict) -> list[str]:
    """The quality banner: each failed check in plain words, or one line saying all passed (or, with no check
    recorded, that no run was loaded for the day, as _banner.html.j2 says)."""
    if not q.get("checks") and not q.get("notes"):
        return ["**No run was loaded for this day:** no data quality checks were recorded."]
    if not q.get("notes"):
        return [f"Data quality: all {plural(q['checks'], 'check')} passed."]
    lines = [f"**Data quality: {plural(len(q['notes']), 'check')} failed today** (details under Quality)"]
    for n in q["notes"]:
        lines.append(f"- {md_escape(n['text'])} ({md_escape(n['severity'] or '')})")
    return lines


def _md_change_row(r: dict) -> str:
    """'Kazakhstan (KZ): 22 articles, yesterday 3, ×8.8 baseline 2.5, z 10.45, spike'."""
    spike = ", spike" if r.get("spike") else ""
    ratio = ratio_text(r["articles"], r["baseline"])
    return (f"- {md_label(r)}: {plural(r['articles'], 'article')}, "
            f"yesterday {fmt_number(r.get('yesterday'), 0)}, baseline {fmt_number(r['baseline'])}"
            f"{f' ({ratio})' if ratio else ''}, z {fmt_number(r['z'], 2)}{spike}")


def _md_day_changes(c: dict) -> list[str]:
    """Markdown lines for the day's rises, falls, new events and watches that fired."""
    none = "- none" if c.get("with_history", 1) else (
        f"- not enough history yet (a usual range needs {c.get('min_baseline_days')} days of articles)")
    lines = ["Biggest rises against baseline:"] + ([_md_change_row(r) for r in c["rises"]] or [none])
    lines += _md_more(c.get("rises_more"), "rise", [_md_change_row(r) for r in c.get("rises_rest", [])])
    lines += ["", "Biggest falls against baseline:"] + ([_md_change_row(r) for r in c["falls"]] or [none])
    lines += _md_more(c.get("falls_more"), "fall", [_md_change_row(r) for r in c.get("falls_rest", [])])
    lines += ["", "New events:"] + [_md_new_event(e) for e in c["new_events"]]
    rest = c.get("new_events_rest", [])
    lines += _md_more(c.get("new_events_more"), "new event", [_md_new_event(e) for e in rest]) \
        if c["new_events"] else ["- none"]
    if rest and c.get("new_events_more", 0) > len(rest):
        lines += ["", f"{more_text(c['new_events_more'] - len(rest), 'new event')} not listed (all in each "
                      "country's and topic's top events)"]
    lines += ["", "Watches that fired:"] + ([f"- {md_escape(w['name'])}: {plural(w['matches_today'], 'match')} today, "
                                             f"{w['matches_window']} in {plural(len(w['daily']), 'day')}"
                                             for w in c["watches_fired"]] or ["- none"])
    return lines


def _md_more(count: object, noun: str, rest: list[str] | None = None) -> list[str]:
    """A paragraph saying how many items the list above leaves out ('… and 2 more events'), then those of them
    given (rest: their Markdown lines), or none."""
    text = more_text(count, noun)
    if not text:
        return []
    return ["", f"{text}:", *rest] if rest else ["", text]


def _md_new_event(e: dict) -> str:
    """One new event of the day as a Markdown list item: title, counts, countries, first seen."""
    where = ", ".join(md_escape(x["label"]) for x in e["countries"])
    return (f"- {md_escape(headline(e['title']))} — {event_counts(e)}" + (f", {where}" if where else "")
            + f", {first_seen_text(e)}")


def _md_key_changes(c: dict) -> list[str]:
    """Markdown lines for one key: today against yesterday and baseline, new events, watches that fired."""
    compared = "" if c["direction"] in ("quiet", "empty", "unloaded") else f" (yesterday {fmt_number(c['yesterday'], 0)})"
    if c["direction"] not in UNCOMPARED:
        compared += f", baseline {fmt_number(c['baseline'])}"
    z = f" (z {fmt_number(c['z'], 2)})" if c["z"] is not None and c["direction"] not in UNCOMPARED else ""
    lines = [f"- {plural(c['articles'], 'article')} today{compared}: {DIRECTION_WORDS[c['direction']]}{z}"
             + (", spike" if c["spike"] else "")]
    lines += [f"- New event: {md_escape(headline(e['title']))} — {event_counts(e)}" for e in c["new_events"]]
    if more := more_text(c.get("new_events_more"), "new event"):
        lines.append(f"- {more} in Top events below")
    lines += [f"- Watch {md_escape(w['name'])} matched {plural(w['matches'], 'article')}" for w in c["watches_fired"]]
    return lines


def _md_badges(r: dict) -> str:
    """The badges of a key row as words."""
    return " ".join(b for b, on in (("spike", r["spike"]), ("watched", r["watched"])) if on)


def _md_watches(watches: list[dict]) -> list[str]:
    """Markdown lines for each watch: its query, today's matches with evidence, its last days."""
    if not watches:
        return ["No watches configured (watches.yaml)."]
    lines = []
    for w in watches:
        if lines:
            lines.append("")
        lines.append(f"### {md_escape(w['name'])} — {plural(w['matches_today'], 'match')} today, "
                     f"{w['matches_window']} in {plural(len(w['daily']), 'day')}")
        if w.get("query"):
            only = watch_filters_text(w.get("filters"))
            lines.append(f"Query: `{clean_text(w['query']).replace('`', '')}`" + (f" — {md_escape(only)}" if only else ""))
        for m in w["matches"]:
            title, url = md_escape(headline(m["title"])), safe_url(m["url"])
            lines.append(f"- {f'[{title}]({url})' if url else title} ({md_escape(m['outlet'] or '?')}): "
                         f"{md_escape(', '.join(m['matched_terms']))} in {md_escape(m['matched_in'])} — "
                         f"“{md_escape(m['snippet'] or '')}”")
    return lines


def _md_legend() -> str:
    """The badges' legend as one Markdown paragraph."""
    return "Badges: " + "; ".join(f"**{name}**: {meaning}" for name, meaning in BADGES.items()) + "."


def _md_sources(sources: dict) -> list[str]:
    """Markdown lines for outlets, countries of publication and languages."""
    outlets = ", ".join(f"{md_escape(o['outlet'])} ({md_escape(country_label(o['source_country']))}, {o['articles']})"
                        for o in sources["outlets"][:OUTLETS_LISTED])
    if len(sources["outlets"]) > OUTLETS_LISTED:
        outlets += f" and {plural(len(sources['outlets']) - OUTLETS_LISTED, 'more outlet')} (all in the JSON)"
    countries = ", ".join(f"{md_escape(country_label(c['country']))} {c['articles']}"
                          for c in sources["countries_of_publication"])
    langs = ", ".join(f"{md_escape(language_name(lang['language']))} {lang['articles']}" for lang in sources["languages"])
    return [f"- Outlets: {outlets or 'none'}", f"- Countries of publication: {countries or 'none'}",
            f"- Languages: {langs or 'none'}"]


def _md_quality(q: dict) -> list[str]:
    """Markdown lines for the quality footer."""
    lines = [f"- Checks: {q['checks']} run, {q['checks_failed']} failed"]
    lines += [f"  - {md_escape(f['suite'])} / {md_escape(f['expectation'])} ({md_escape(f['severity'])})"
              for f in q["failed"]]
    lines.append(f"- Quarantined records: {q['quarantined']}"
                 + "".join(f"; {md_escape(r['stage'])}/{md_escape(r['reason'])} {r['records']}" for r in q["quarantine"]))
    lines.append(f"- Feeds down: {len(q['feeds_down'])}"
                 + "".join(f"; {md_escape(f['outlet'])} ({f['consecutive_failures']}× {md_escape(f['last_error'] or '')})"
                           for f in q["feeds_down"]))
    gaps = q.get("feed_gaps", [])
    lines.append(f"- Possible gaps (items may have left a feed before it was read): {len(gaps)}"
                 + "".join(f"; {md_escape(g['outlet'])}" for g in gaps))
    return lines


_ENV = _environment()  # templates are read once; the environment holds no run state
