"""The item cap in a poll pass against 127.0.0.1: a 2,000-item feed stages its newest MEDIAMON_MAX_FEED_ITEMS
items, the rest are counted on the feed, and the other feed of the pass is staged in full."""
from __future__ import annotations

import email.utils
import json
from datetime import datetime, timedelta, timezone

from mediamon.discover.polling import poll_dir, poll_once, read_state
from mediamon.fetch import fetch_all
from mediamon.settings import Settings
from tests.support.server import Site, send

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def rss(site: Site, name: str, numbers: list[int]) -> str:
    """An RSS feed of stories; story n was published n minutes before NOW."""
    items = "".join(f"<item><title>{name} {n}</title><link>{site.url(f'/{name}/{n}.html')}</link><pubDate>"
                    f"{email.utils.format_datetime(NOW - timedelta(minutes=n), usegmt=True)}</pubDate></item>"
                    for n in numbers)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'


def serve(site: Site, name: str, body: str) -> None:
    """Serve body as /<name>/feed.xml."""
    site.routes[f"/{name}/feed.xml"] = lambda handler: send(handler, 200, body.encode(),
                                                              content_type="application/rss+xml")


def test_a_2000_item_feed_stages_its_newest_items_and_the_other_feed_all_of_its_own(site: Site,
                                                                                  settings: Settings) -> None:
    order = list(range(1000, 2000)) + list(range(1000))  # the newest half listed last
    serve(site, "hostile", rss(site, "hostile", order))
    serve(site, "calm", rss(site, "calm", list(range(20))))
    settings.sources_path.write_text("sources:\n" + "".join(
        f"  - id: {name}\n    name: {name}\n    homepage: {site.url('/')}\n    country: GB\n    language: en\n"
        f"    feeds: [{site.url(f'/{name}/feed.xml')}]\n" for name in ("hostile", "calm")), encoding="utf-8")
    settings = settings.with_overrides(max_feed_items=500, max_tries=1)

    summary = poll_once(settings, now=NOW, fetch=fetch_all)

    rows = [json.loads(line) for path in (poll_dir(settings.data_dir) / "items").rglob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()]
    staged = {(r["source_id"], int(r["url"].rsplit("/", 1)[1].split(".")[0])) for r in rows}
    assert {n for s, n in staged if s == "hostile"} == set(range(500))  # the 500 newest
    assert {n for s, n in staged if s == "calm"} == set(range(20))
    assert summary.new_items == 520 and summary.over_cap_items == 1500 and summary.errors == 0
    state = read_state(settings.data_dir)[site.url("/hostile/feed.xml")]
    assert state.over_cap_items == 1500 and state.recent_over_cap[-1]["listed"] == 2000
    assert read_state(settings.data_dir)[site.url("/calm/feed.xml")].over_cap_items == 0

    serve(site, "hostile", rss(site, "hostile", [-1, *order]))  # one newer story; the older ones never come in
    later = poll_once(settings, now=NOW + timedelta(days=1), fetch=fetch_all)  # every feed due again
    assert later.feeds_due == 2 and later.new_items == 1 and later.over_cap_items == 1500
