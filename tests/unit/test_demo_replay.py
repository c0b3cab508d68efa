"""The demo replay calendar: every bundled item once, real dates kept, the spike on the last day, per-day feeds."""
from __future__ import annotations

import email.utils
import re
from collections import Counter
from datetime import date, timedelta

import pytest

from mediamon.demo.replay import (
    DEMO_SITE_DIR,
    SPIKE_SLUGS,
    feed_for_day,
    read_items,
    replay_calendar,
    replay_days,
    replay_note,
)
from mediamon.errors import ConfigError

LAST = date(2026, 1, 15)


def test_replay_days_end_on_the_last_day_after_the_history():
    days = replay_days(LAST, 28)
    assert (len(days), days[0], days[-1]) == (29, LAST - timedelta(days=28), LAST)


def test_a_history_too_short_for_a_baseline_is_refused():
    with pytest.raises(ConfigError, match="at least 7"):
        replay_days(LAST, 6)


@pytest.mark.parametrize("history_days", [7, 28])
def test_every_bundled_item_is_published_once_within_the_replay(history_days):
    calendar = replay_calendar(LAST, history_days)
    days = set(replay_days(LAST, history_days))
    assert len(calendar) == len(read_items()) == len({item.link for item in calendar})
    assert {item.day for item in calendar} == days  # every day has news
    assert all(item.published_at.date() <= item.day for item in calendar)


def test_dated_items_keep_their_weekday_and_spacing():
    published = [item for item in replay_calendar(LAST, 28) if item.basis == "published"]
    assert len(published) == 15
    shifts = {item.day - item.published_at.date() for item in published}
    assert len(shifts) == 1 and next(iter(shifts)).days % 7 == 0
    assert max(item.day for item in published) == LAST  # Thursday 11 June 2009 is a Thursday in the replay


def test_the_spike_items_are_all_on_the_last_day_and_nothing_else_undated_is_left_out():
    calendar = replay_calendar(LAST, 28)
    spike = [item for item in calendar if item.basis == "spike"]
    assert sorted(item.link.split("/")[-1].removesuffix(".html") for item in spike) == sorted(SPIKE_SLUGS)
    assert {item.day for item in spike} == {LAST}
    per_day = Counter(item.day for item in calendar if item.basis == "assigned")
    assert max(per_day.values()) - min(per_day.values()) <= 1  # assigned round-robin


def test_a_days_feed_holds_only_that_days_items_each_with_a_pubdate():
    calendar = replay_calendar(LAST, 28)
    feed = "wikinews/feeds/part-01.xml"
    body = feed_for_day((DEMO_SITE_DIR / feed).read_text(encoding="utf-8"), feed, LAST, calendar)
    links = re.findall(r"<link>__BASE_URL__/(wikinews/[^<]+)</link>", body)
    expected = [item.link for item in calendar if item.feed == feed and item.day == LAST]
    assert links == expected and expected
    dates = [email.utils.parsedate_to_datetime(d).date() for d in re.findall(r"<pubDate>([^<]+)</pubDate>", body)]
    assert dates == [LAST] * len(expected)
    assert body.startswith("<?xml") and body.rstrip().endswith("</rss>")


def test_real_pubdates_are_kept_in_the_days_feed():
    calendar = replay_calendar(LAST, 28)
    body = feed_for_day((DEMO_SITE_DIR / "gv/feed.xml").read_text(encoding="utf-8"), "gv/feed.xml", LAST, calendar)
    assert re.findall(r"<pubDate>([^<]+)</pubDate>", body) == [
        "Thu, 11 Jun 2009 17:15:44 +0000", "Thu, 11 Jun 2009 10:57:00 +0000"]


def test_the_note_names_the_replay_days_and_what_was_assigned():
    note = replay_note(LAST, 7)
    assert (note["first_day"], note["last_day"]) == ("2026-01-08", "2026-01-15")
    assert note["articles"] == {"published": 15, "assigned": 227 - len(SPIKE_SLUGS), "spike": len(SPIKE_SLUGS)}
    assert "2026-01-08 to 2026-01-15" in note["text"] and "assigned by the demo" in note["text"]


def test_the_site_serves_each_feed_as_of_the_replays_day():
    import requests

    from mediamon.demo.site import Replay, serve_demo_site

    calendar = replay_calendar(LAST, 7)
    with serve_demo_site(replay=Replay(calendar, LAST)) as server:
        last = requests.get(server.url("wikinews/feeds/part-01.xml"), timeout=5)
        server.replay.day = LAST - timedelta(days=1)
        before = requests.get(server.url("wikinews/feeds/part-01.xml"), timeout=5,
                              headers={"If-None-Match": last.headers["ETag"]})
    expected = {server.url(i.link) for i in calendar if i.feed == "wikinews/feeds/part-01.xml" and i.day == LAST}
    assert set(re.findall(r"<link>([^<]+\.html)</link>", last.text)) == expected
    assert before.status_code == 200 and before.headers["ETag"] != last.headers["ETag"]
    assert last.headers["Last-Modified"] == "Thu, 15 Jan 2026 23:59:59 GMT"


def test_a_busy_port_is_refused_naming_the_port_and_demo_port():
    from mediamon.demo.site import serve_demo_site

    with serve_demo_site() as first:
        with pytest.raises(ConfigError, match=rf"127\.0\.0\.1:{first.port} .*DEMO_PORT"):
            serve_demo_site(port=first.port)
