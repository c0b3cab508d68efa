"""When the feed's text stands in for a page that could not be downloaded (stages._extract_item)."""
from __future__ import annotations

from mediamon.records import FeedItem
from mediamon.rundir import Plan
from mediamon.settings import Settings
from mediamon.stages import _asked_again, _extract_item

LONG = " ".join(["The council voted on Tuesday to extend the water rationing in the capital for another month."] * 6)
SHORT = ("The council voted on Tuesday to extend the water rationing in the capital for another month, officials said. "
         "Reservoirs stand at a third of their usual level after the driest autumn in decades.")  # 33 words


def _plan() -> Plan:
    source = {"source_id": "gv", "name": "Global Voices", "homepage": "https://globalvoices.org/", "country": "NL",
              "language": "en", "type": "digital", "enabled": True}
    return Plan(run_id="r1", run_date="2026-01-15", started_at="2026-01-15T06:00:00+00:00", sources=[source], feeds=[])


def _item(summary: str) -> FeedItem:
    return FeedItem(source_id="gv", feed_url="https://globalvoices.org/feed", url="https://globalvoices.org/water",
                    title="Capital extends water rationing", summary=summary)


def test_a_temporary_failure_waits_for_the_retry_queue_instead_of_storing_the_feed_text(settings: Settings):
    row = _extract_item(_item(LONG), None, "http-503", _plan(), settings, retried_later=True)
    assert (row["stage"], row["reasons"]) == ("fetch", ["http-503"])


def test_the_feed_text_stands_in_on_the_last_attempt_or_after_a_lasting_failure(settings: Settings):
    last = _extract_item(_item(LONG), None, "timeout: read", _plan(), settings, retried_later=False)
    gone = _extract_item(_item(LONG), None, "http-404", _plan(), settings, retried_later=True)
    assert last["text_source"] == gone["text_source"] == "feed"


def test_a_feed_text_below_the_articles_word_floor_keeps_the_fetch_reason(settings: Settings):
    row = _extract_item(_item(SHORT), None, "http-503", _plan(), settings, retried_later=False)
    assert (row["stage"], row["reasons"]) == ("fetch", ["http-503"])


def test_only_an_attempt_before_the_last_is_asked_again(settings: Settings):
    three = settings.with_overrides(retry_attempts=3)
    assert _asked_again({}, three) and not _asked_again({}, three.with_overrides(retry_attempts=1))
    assert _asked_again({"retry_attempt": 2, "retry_attempts": 3}, three)
    assert not _asked_again({"retry_attempt": 3, "retry_attempts": 3}, three)
