"""`mediamon sources check`: fetch and parse every feed and news sitemap of a sources file, one status row each."""
from __future__ import annotations

from typing import Any

from mediamon.records import FetchRequest, FetchResult, Source
from mediamon.settings import Settings


def check_sources(settings: Settings) -> list[dict[str, Any]]:
    """Fetch and parse every feed and news sitemap of the enabled sources; one status row each (kind: feed or
    sitemap; over_feed_cap: the items a run would not plan, beyond MEDIAMON_MAX_FEED_ITEMS; items_skipped and
    skipped: the entries that give no item, and why, as '3 items skipped: no-link 1, bad-scheme 2')."""
    from mediamon.discover.feeds import feed_summary, read_feed, skipped_note
    from mediamon.discover.sources import load_sources
    from mediamon.fetch import fetch_all

    sources = [s for s in load_sources(settings.sources_path, overlay=settings.sources_overlay_path) if s.enabled]
    requests = [FetchRequest(url=f, source_id=s.source_id, kind="feed") for s in sources for f in s.feeds]
    finals = {r.url: r for r in fetch_all(requests, settings)}
    report = []
    for request in requests:
        result = finals[request.url]
        row = _row(request.source_id, request.url, "feed", result)
        if result.error is None and result.body is not None:
            try:
                read = read_feed(result.body, result.final_url or request.url, source_id=request.source_id,
                                 content_type=result.content_type, max_items=settings.max_feed_items)
                row.update(feed_summary(read.items + read.over_cap), over_feed_cap=len(read.over_cap),
                           items_skipped=len(read.skipped), skipped=skipped_note(read.skipped))
            except Exception as err:
                row["error"] = getattr(err, "reason", None) and str(err) or f"unexpected-error: {err}"
        report.append(row)
    return report + [_sitemap_row(source, url, settings) for source in sources for url in source.sitemaps]


def _row(source_id: str, url: str, kind: str, result: FetchResult | None) -> dict[str, Any]:
    """A status row before parsing: the fetch's status and error."""
    return {"source_id": source_id, "feed_url": url, "kind": kind, "status": result.status if result else None,
            "items": 0, "items_dated": 0, "newest": None, "over_feed_cap": 0, "items_skipped": 0, "skipped": None,
            "error": result.error if result else None}


def _sitemap_row(source: Source, url: str, settings: Settings) -> dict[str, Any]:
    """One news sitemap's row, read as a run reads it (an index with the sitemaps it lists): its items, the entries
    refused and why, or the error that stops it (the fetch's, or the parser's with its detail)."""
    from mediamon.discover.feeds import feed_summary
    from mediamon.discover.sitemaps import expand_index, parse_sitemap
    from mediamon.errors import FeedError
    from mediamon.fetch import fetch_one

    def fetch(asked: str) -> bytes | None:
        """The body of a sitemap the index lists (the first one's from the fetch above), None on a failed fetch."""
        if asked == url:
            return first.body
        result = fetch_one(FetchRequest(url=asked, source_id=source.source_id, kind="sitemap"), settings)
        return result.body if result.error is None else None

    first = fetch_one(FetchRequest(url=url, source_id=source.source_id, kind="sitemap"), settings)
    row = _row(source.source_id, url, "sitemap", first)
    if first.error is not None or first.body is None:
        return row
    try:
        parse_sitemap(first.body, first.final_url or url, source_id=source.source_id, site_url=source.homepage,
                      content_type=first.content_type)
        sitemap = expand_index(url, fetch, source_id=source.source_id, site_url=source.homepage,
                               max_items=settings.max_feed_items)
    except FeedError as err:
        row["error"] = str(err)
        return row
    reasons = [reason for _, reason in sitemap.refused]
    counts = ", ".join(f"{reason} {reasons.count(reason)}" for reason in dict.fromkeys(reasons))
    row.update(feed_summary(sitemap.items + sitemap.over_cap), over_feed_cap=len(sitemap.over_cap),
               items_skipped=len(reasons),
               skipped=f"{len(reasons)} entr{'ies' if len(reasons) != 1 else 'y'} refused: {counts}" if reasons else None)
    return row
