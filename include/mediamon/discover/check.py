"""`mediamon sources check`: fetch and parse every feed of a sources file, one status row per feed."""
from __future__ import annotations

from typing import Any

from mediamon.records import FetchRequest
from mediamon.settings import Settings


def check_sources(settings: Settings) -> list[dict[str, Any]]:
    """Fetch and parse every feed of the enabled sources; one status row per feed (over_feed_cap: the items
    a run would not plan, beyond MEDIAMON_MAX_FEED_ITEMS; items_skipped and skipped: the entries that give no
    item, and why, as '3 items skipped: no-link 1, bad-scheme 2')."""
    from mediamon.discover.feeds import feed_summary, read_feed, skipped_note
    from mediamon.discover.sources import load_sources
    from mediamon.fetch import fetch_all

    sources = [s for s in load_sources(settings.sources_path, overlay=settings.sources_overlay_path) if s.enabled]
    requests = [FetchRequest(url=f, source_id=s.source_id, kind="feed") for s in sources for f in s.feeds]
    finals = {r.url: r for r in fetch_all(requests, settings)}
    report = []
    for request in requests:
        result = finals[request.url]
        row = {"source_id": request.source_id, "feed_url": request.url, "status": result.status,
               "items": 0, "items_dated": 0, "newest": None, "over_feed_cap": 0, "items_skipped": 0,
               "skipped": None, "error": result.error}
        if result.error is None and result.body is not None:
            try:
                read = read_feed(result.body, result.final_url or request.url, source_id=request.source_id,
                                 content_type=result.content_type, max_items=settings.max_feed_items)
                row.update(feed_summary(read.items + read.over_cap), over_feed_cap=len(read.over_cap),
                           items_skipped=len(read.skipped), skipped=skipped_note(read.skipped))
            except Exception as err:
                row["error"] = getattr(err, "reason", None) and str(err) or f"unexpected-error: {err}"
        report.append(row)
    return report
