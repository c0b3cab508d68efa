"""`mediamon extract`: extract and enrich one page, from a file or a URL, into the contract JSON."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mediamon.errors import FetchError
from mediamon.records import FetchRequest, to_json_dict
from mediamon.settings import Settings


def extract_one(target: str, *, url: str | None, settings: Settings) -> dict[str, Any]:
    """Extract and enrich one page (a file or a URL) into the `mediamon extract` JSON."""
    from mediamon.budget import cpu_budget
    from mediamon.enrich.countries import tag_countries
    from mediamon.enrich.topics import tag_topics
    from mediamon.extract.article import extract_article

    if target[:8].lower().startswith(("http://", "https://")):  # schemes are case-insensitive (RFC 3986 3.1)
        html, page_url = _download(target, settings), target
    else:
        html, page_url = Path(target).read_bytes(), url or Path(target).resolve().as_uri()
    with cpu_budget(settings.item_cpu_budget_s, "extract"):
        article = extract_article(html, page_url, min_words=settings.min_article_words)
    with cpu_budget(settings.item_cpu_budget_s, "enrich"):
        tags = tag_countries(article.title, article.text)
        topics = tag_topics(article.title, article.text, language=article.language, url=page_url)
    out = to_json_dict(article)
    out.update(countries=[{"code": c.code, "mentions": c.mentions} for c in tags.countries],
               focus_country=tags.focus,
               topics=[{"code": t.code, "label": t.label, "score": round(t.score, 3)} for t in topics])
    return out


def _download(url: str, settings: Settings) -> bytes:
    """The body of one page, fetched with the fetch stage's politeness and safety rules."""
    from mediamon.fetch import fetch_one

    result = fetch_one(FetchRequest(url=url, source_id="cli"), settings)
    if result.error is not None or result.body is None:
        raise FetchError(result.error or "no-body", f"could not fetch {url}", url=url)
    return result.body
