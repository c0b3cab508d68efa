"""Renderers: a digest document to HTML, Markdown or JSON, the day and date index pages, the inline
SVG trend chart, and the text hygiene every outside string goes through (escaping, control
characters and bidi overrides)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Bidi embeddings/overrides/isolates and marks: they can reorder the text a reader sees.
BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~&])")
FILE_KEY_RE = re.compile(r"[^A-Za-z0-9_-]")
REPLACEMENT = "\ufffd"
SVG_W, SVG_H, SVG_PAD = 640, 140, 22


def clean_text(value: str) -> str:
    """Text safe to show: bidi controls removed, other control characters made visible as U+FFFD,
    line breaks and tabs folded to spaces, Unicode normalised (NFC)."""
    text = BIDI_RE.sub("", unicodedata.normalize("NFC", str(value)))
    text = CONTROL_RE.sub(REPLACEMENT, text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return text


def md_escape(value: object) -> str:
    """clean_text, then backslash-escape Markdown and inline-HTML punctuation (CommonMark escapes)."""
    return MD_SPECIAL_RE.sub(r"\\\1", clean_text(str(value)))


def safe_url(url: object) -> str:
    """An http(s) URL with quotes, spaces, brackets and parentheses percent-encoded; '' otherwise."""
    text = clean_text(str(url or "")).strip()
    if urlsplit(text).scheme.lower() not in ("http", "https"):
        return ""
    return quote(text, safe=":/?#@!$&*+,;=%~[]")


def file_key(key: str) -> str:
    """The filesystem-safe form of a key: medtop:11000000 -> medtop-11000000, KZ -> KZ."""
    return FILE_KEY_RE.sub("-", key)


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


def _environment() -> Environment:
    """The template environment: autoescape on, strict undefined, the helpers as filters."""
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, finalize=_finalize,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(num=fmt_number, share=fmt_share, url=safe_url)
    env.globals.update(trend_svg=trend_svg)
    return env



def render(doc: dict, fmt: str) -> str:
    """A digest document in one format: html, md or json."""
    if fmt == "html":
        return _ENV.get_template("digest.html.j2").render(d=doc)
    if fmt == "md":
        return to_markdown(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def day_index_html(summary: dict) -> str:
    """The day's index page: every key with counts and badges, and the quality footer."""
    return _ENV.get_template("day_index.html.j2").render(s=summary)


def dates_index_html(dates: list[str]) -> str:
    """The top-level page listing the days that have digests, newest first."""
    return _ENV.get_template("dates_index.html.j2").render(dates=dates)


def app_home_html(*, dates: list[str], selected: str | None, summary: dict | None, has_gx_docs: bool) -> str:
    """The UI plugin's home page: date picker, country and topic lists with spike badges."""
    return _ENV.get_template("app_home.html.j2").render(dates=dates, selected=selected, s=summary,
                                                       has_gx_docs=has_gx_docs)


def trend_svg(trend: list[dict]) -> Markup:
    """A small static bar chart of daily articles with the baseline as a line; spikes in red, coverage
    gaps hatched. Built from numbers and dates only (no outside text)."""
    if not trend:
        return Markup('<p class="muted">No history yet.</p>')
    top = max([t["articles"] for t in trend] + [t["baseline"] or 0 for t in trend] + [1])
    step = (SVG_W - 2 * SVG_PAD) / len(trend)
    y = lambda v: SVG_H - SVG_PAD - (SVG_H - 2 * SVG_PAD) * float(v) / top  # noqa: E731
    parts = [f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="{SVG_W}" height="{SVG_H}" '
             f'viewBox="0 0 {SVG_W} {SVG_H}" role="img" aria-label="daily articles, last {len(trend)} days">',
             '<defs><pattern id="gap" width="4" height="4" patternUnits="userSpaceOnUse">'
             '<path d="M0,4 L4,0" stroke="#999" stroke-width="1"/></pattern></defs>']
    for i, t in enumerate(trend):
        x, h = SVG_PAD + i * step, (SVG_H - 2 * SVG_PAD) * t["articles"] / top
        cls = "spike" if t["spike"] else "bar"
        fill = "url(#gap)" if t["coverage_gap"] else ("#c0392b" if t["spike"] else "#4a78b5")
        tip = f'{t["day"]}: {t["articles"]} articles, baseline {fmt_number(t["baseline"])}' + (
            ", coverage gap" if t["coverage_gap"] else "") + (", spike" if t["spike"] else "")
        parts.append(f'<rect class="{cls}" x="{x + 1:.1f}" y="{SVG_H - SVG_PAD - h:.1f}" width="{max(step - 2, 1):.1f}" '
                     f'height="{h:.1f}" fill="{fill}"><title>{escape(tip)}</title></rect>')
    points = " ".join(f"{SVG_PAD + (i + 0.5) * step:.1f},{y(t['baseline']):.1f}"
                      for i, t in enumerate(trend) if t["baseline"] is not None)
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="#e67e22" stroke-width="2"/>')
    parts.append(f'<text x="{SVG_PAD}" y="{SVG_H - 5}" font-size="10">{escape(trend[0]["day"])}</text>'
                 f'<text x="{SVG_W - SVG_PAD}" y="{SVG_H - 5}" font-size="10" text-anchor="end">'
                 f'{escape(trend[-1]["day"])}</text><text x="2" y="{SVG_PAD - 6}" font-size="10">max {top}</text>')
    return Markup("".join(parts) + "</svg>")


def to_markdown(doc: dict) -> str:
    """A digest document as Markdown; every outside string is escaped."""
    v = doc["volume"]
    lines = [f"# {md_escape(doc['label'])} ({md_escape(doc['key'])}) — {doc['run_date']}", ""]
    if v["spike"]:
        lines.append(f"**SPIKE**: z = {fmt_number(v['z'])} (sensitivity {v['sensitivity']})")
    if v["coverage_gap"]:
        lines.append(f"**Coverage gap**: a batch check failed that day ({md_escape(v['gap_checks'] or '')}); "
                     "counts may be low.")
    lines += ["", "## Volume", "",
              f"- Articles: {v['articles']} ({fmt_share(v['share'])} of {v['day_articles']} stored that day)",
              f"- Stories: {v['stories']}",
              f"- Baseline (same-weekday median): {fmt_number(v['baseline'])}; "
              f"14-day mean {fmt_number(v['baseline_14'])}; 28-day mean {fmt_number(v['baseline_28'])}; "
              f"28-day share {fmt_share(v['share_baseline_28'])}",
              f"- z-score: {fmt_number(v['z'], 2)} over {v['baseline_days'] or 0} baseline days", "",
              "## Top stories", ""]
    lines += _md_stories(doc["top_stories"]) or ["No stories that day."]
    lines += ["", "## Sources", ""] + _md_sources(doc["sources"])
    lines += ["", "## Co-mentions", ""]
    for name in ("countries", "topics"):
        items = ", ".join(f"{md_escape(c['label'])} ({c['articles']})" for c in doc["co_mentions"][name])
        lines.append(f"- {name.capitalize()}: {items or 'none'}")
    lines += ["", "## Last days", "", "| day | articles | stories | baseline | z | flags |", "|---|---|---|---|---|---|"]
    for t in doc["trend"]:
        flags = " ".join(f for f, on in (("spike", t["spike"]), ("gap", t["coverage_gap"])) if on)
        lines.append(f"| {t['day']} | {t['articles']} | {t['stories']} | {fmt_number(t['baseline'])} | "
                     f"{fmt_number(t['z'], 2)} | {flags} |")
    return "\n".join(lines + ["", "## Quality", ""] + _md_quality(doc["quality"])) + "\n"


def _md_stories(stories: list[dict]) -> list[str]:
    """Markdown list items for the top stories."""
    lines = []
    for i, s in enumerate(stories, 1):
        title = md_escape(s["title"] or "(untitled)")
        url = safe_url(s["url"])
        head = f"[{title}]({url})" if url else title
        lines.append(f"{i}. **{head}** — {s['outlet_count']} outlets, {s['article_count']} copies, "
                     f"first seen {s['first_seen_at']}")
        lines.append(f"   Outlets: {md_escape(', '.join(s['outlets']))}")
        if s["extract"]:
            lines.append(f"   > {md_escape(s['extract'])}")
    return lines


def _md_sources(sources: dict) -> list[str]:
    """Markdown lines for outlets, countries of publication and languages."""
    outlets = ", ".join(f"{md_escape(o['outlet'])} ({md_escape(o['source_country'] or '?')}, {o['articles']})"
                        for o in sources["outlets"])
    countries = ", ".join(f"{md_escape(c['country'])} {c['articles']}" for c in sources["countries_of_publication"])
    langs = ", ".join(f"{md_escape(lang['language'] or '?')} {lang['articles']}" for lang in sources["languages"])
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
