"""One-off commands: extract and enrich a single page, check every feed of a sources file."""
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
    from mediamon.extract import extract_article

    if target.startswith(("http://", "https://")):
        html, page_url = _download(target, settings), target
    else:
        html, page_url = Path(target).read_bytes(), url or Path(target).resolve().as_uri()
    with cpu_budget(settings.item_cpu_budget_s, "extract"):
        article = extract_article(html, page_url, min_words=settings.min_article_words)
    with cpu_budget(settings.item_cpu_budget_s, "enrich"):
        tags = tag_countries(article.title, article.text)
        topics = tag_topics(article.title, article.text, language=article.language)
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


def check_sources(settings: Settings) -> list[dict[str, Any]]:
    """Fetch and parse every feed of the enabled sources; one status row per feed."""
    from mediamon.feeds import feed_summary, parse_feed
    from mediamon.fetch import fetch_all
    from mediamon.sources import load_sources

    sources = [s for s in load_sources(settings.sources_path) if s.enabled]
    requests = [FetchRequest(url=f, source_id=s.source_id, kind="feed") for s in sources for f in s.feeds]
    finals = {r.url: r for r in fetch_all(requests, settings)}
    report = []
    for request in requests:
        result = finals[request.url]
        row = {"source_id": request.source_id, "feed_url": request.url, "status": result.status,
               "items": 0, "items_dated": 0, "newest": None, "error": result.error}
        if result.error is None and result.body is not None:
            try:
                row.update(feed_summary(parse_feed(result.body, result.final_url or request.url,
                                                   source_id=request.source_id, content_type=result.content_type)))
            except Exception as err:  # noqa: BLE001 - the report names every broken feed
                row["error"] = getattr(err, "reason", None) and str(err) or f"unexpected-error: {err}"
        report.append(row)
    return report
