"""The per-feed item cap: the newest items of a feed are planned, the rest come back as over_cap
(discover.feeds.read_feed / cap_items, sitemaps.expand_index, polling.apply_result, MEDIAMON_MAX_FEED_ITEMS)."""
from __future__ import annotations

import email.utils
import random
from datetime import datetime, timedelta, timezone

import pytest

from mediamon.discover.feeds import OVER_FEED_CAP, cap_items, over_cap_reason, parse_feed, read_feed
from mediamon.discover.polling import FeedState, apply_result
from mediamon.discover.sitemaps import expand_index
from mediamon.errors import ConfigError
from mediamon.records import FeedItem, FetchResult
from mediamon.settings import MAX_FEED_ITEMS, settings_from_env

FEED_URL = "https://news.example.org/feed.xml"
NEWEST = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def item(n: int, published_at: datetime | None) -> FeedItem:
    """A FeedItem numbered n."""
    return FeedItem(source_id="news", feed_url=FEED_URL, url=f"https://news.example.org/a/{n}", title=f"Story {n}",
                    summary=None, published_at=published_at)


def feed(numbers: list[int], *, dated: bool = True) -> bytes:
    """An RSS feed listing stories in this order; story n is published n minutes before NEWEST."""
    def entry(n: int) -> str:
        when = email.utils.format_datetime(NEWEST - timedelta(minutes=n), usegmt=True)
        date = f"<pubDate>{when}</pubDate>" if dated else ""
        return (f"<item><title>Story {n}</title><link>https://news.example.org/a/{n}</link>"
                f"<description>Summary &amp; more of {n}</description>{date}</item>")
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
            f'{"".join(entry(n) for n in numbers)}</channel></rss>').encode()


def numbers_of(items: list[FeedItem]) -> list[int]:
    """The story numbers of items, in their order."""
    return [int(i.url.rsplit("/", 1)[1]) for i in items]


def test_a_2000_item_feed_plans_its_500_newest_and_returns_the_rest_as_over_cap() -> None:
    order = list(range(2000))
    random.Random(7).shuffle(order)  # the feed lists them in no particular order
    read = read_feed(feed(order), FEED_URL, source_id="news", max_items=500)
    assert sorted(numbers_of(read.items)) == list(range(500))  # stories 0..499 are the newest
    assert numbers_of(read.items) == [n for n in order if n < 500]  # kept in feed order
    assert numbers_of(read.over_cap) == [n for n in order if n >= 500]
    assert read.listed == 2000
    assert [i.title for i in read.items] == [f"Story {n}" for n in numbers_of(read.items)]
    assert all(i.summary and i.summary.startswith("Summary & more") for i in read.items)
    assert all(i.title is None and i.summary is None and i.published_at for i in read.over_cap)


def test_parse_feed_has_no_cap_and_read_feed_under_the_cap_returns_everything() -> None:
    assert len(parse_feed(feed(list(range(600))), FEED_URL, source_id="news")) == 600
    read = read_feed(feed(list(range(500))), FEED_URL, source_id="news", max_items=500)
    assert len(read.items) == 500 and read.over_cap == []


def test_an_undated_feed_keeps_its_first_items_in_feed_order() -> None:
    read = read_feed(feed(list(range(30)), dated=False), FEED_URL, source_id="news", max_items=10)
    assert numbers_of(read.items) == list(range(10))
    assert numbers_of(read.over_cap) == list(range(10, 30))


def test_dated_items_go_before_undated_ones_and_equal_dates_keep_feed_order() -> None:
    same = NEWEST - timedelta(days=1)
    items = [item(0, None), item(1, same), item(2, NEWEST), item(3, same), item(4, None), item(5, same)]
    kept, over = cap_items(items, 3)
    assert numbers_of(kept) == [1, 2, 3] and numbers_of(over) == [0, 4, 5]
    kept, over = cap_items(items, 5)
    assert numbers_of(kept) == [0, 1, 2, 3, 5] and numbers_of(over) == [4]


def test_no_cap_keeps_everything() -> None:
    items = [item(n, None) for n in range(5)]
    assert cap_items(items, None) == (items, [])


def test_the_over_cap_reason_names_its_code_the_counts_and_the_setting() -> None:
    reason = over_cap_reason(2000, 500)
    assert reason.startswith(f"{OVER_FEED_CAP}: ") and OVER_FEED_CAP == "over-feed-cap"
    assert "2000" in reason and "500" in reason and "MEDIAMON_MAX_FEED_ITEMS" in reason


def test_the_cap_is_a_setting_with_a_default_of_500() -> None:
    assert MAX_FEED_ITEMS == 500 and settings_from_env({}).max_feed_items == 500
    assert settings_from_env({"MEDIAMON_MAX_FEED_ITEMS": "50"}).max_feed_items == 50


@pytest.mark.parametrize("value", ["0", "-3", "many", "2.5"])
def test_a_cap_that_is_not_a_whole_number_of_one_or_more_is_a_config_error(value: str) -> None:
    with pytest.raises(ConfigError, match="MEDIAMON_MAX_FEED_ITEMS"):
        settings_from_env({"MEDIAMON_MAX_FEED_ITEMS": value})


def news_sitemap(numbers: list[int]) -> bytes:
    """A news sitemap of stories; story n is published n minutes before NEWEST."""
    urls = "".join(f"<url><loc>https://news.example.org/a/{n}</loc><news:news><news:title>Story {n}</news:title>"
                   f"<news:publication_date>{(NEWEST - timedelta(minutes=n)).isoformat()}</news:publication_date>"
                   f"</news:news></url>" for n in numbers)
    return (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls.encode() + b"</urlset>")


def test_a_news_sitemap_over_the_cap_plans_its_newest_items() -> None:
    order = list(range(300))[::-1]  # oldest first
    body = news_sitemap(order)
    sitemap = expand_index("https://news.example.org/news.xml", lambda url: body, source_id="news",
                           run_date=NEWEST.date(), max_items=100)
    assert sorted(numbers_of(sitemap.items)) == list(range(100))
    assert sorted(numbers_of(sitemap.over_cap)) == list(range(100, 300))
    uncapped = expand_index("https://news.example.org/news.xml", lambda url: body, source_id="news",
                            run_date=NEWEST.date())
    assert len(uncapped.items) == 300 and uncapped.over_cap == []


def test_a_poll_stages_new_items_among_the_newest_only_and_counts_the_rest() -> None:
    items = [item(n, NEWEST - timedelta(minutes=n)) for n in range(1200)]
    result = FetchResult(url=FEED_URL, source_id="news", fetched_at=NEWEST, status=200, bytes=1, elapsed_ms=1,
                         error=None, body=b"<rss/>", kind="feed")
    state = FeedState(feed_url=FEED_URL, source_id="news")
    outcome = apply_result(state, result, NEWEST, lambda r: items, max_items=500)
    assert numbers_of(outcome.new_items) == list(range(500)) and outcome.over_cap == 700
    assert state.over_cap_items == 700 and state.over_cap_polls == 1 and state.recent_over_cap[-1]["listed"] == 1200
    assert "https://news.example.org/a/499" in state.seen and "https://news.example.org/a/500" not in state.seen
    later = NEWEST + timedelta(hours=1)
    again = apply_result(state, result, later, lambda r: items, max_items=500)  # the same 1,200 items
    assert again.new_items == [] and again.over_cap == 700 and state.over_cap_polls == 2
    fresh = [item(-n, later - timedelta(minutes=n)) for n in range(1, 101)]  # 100 newer stories
    outcome = apply_result(state, result, later + timedelta(hours=1), lambda r: fresh + items, max_items=500)
    assert sorted(numbers_of(outcome.new_items)) == list(range(-100, 0))  # the older ones never come in
    assert outcome.over_cap == 700 and state.over_cap_items == 700
