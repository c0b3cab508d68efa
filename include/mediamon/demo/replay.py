"""The demo's replay calendar: on which day the demo site publishes each bundled feed item.

Reads the bundled feeds under site/ (never the network); writes nothing. `make demo` replays the
bundled articles over `history_days` days before the last day, then the last day itself:

- Global Voices items keep their real `pubDate` (5-11 June 2009); each is replayed on its real
  day moved forward by whole weeks, so their spacing and weekdays stay true, and the last of them
  falls in the replay's last week (an outlet that seemed to stop would read as a coverage gap);
- the Wikinews excerpts carry no date (see README.md), so the demo assigns each a day, in the
  feeds' order, round-robin over every replay day, and its feed item carries that day as `pubDate`;
- the items of SPIKE_SLUGS, reports on the 2009 swine-flu outbreak that began in Mexico, are all
  published on the last day: the spike (Mexico) the digest should find.

`feed_for_day` turns a bundled feed into the feed of one replay day: only that day's items, each
with a `pubDate`.
"""
from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from mediamon.errors import ConfigError
from mediamon.settings import DEMO_DIR

DEMO_SITE_DIR = DEMO_DIR / "site"
FEED_PATHS = ("gv/feed.xml", *(f"wikinews/feeds/part-{n:02d}.xml" for n in range(1, 9)))
DEFAULT_HISTORY_DAYS = 28  # a full baseline window of the digests' spike rule
MIN_HISTORY_DAYS = 7       # the digests need 7 baseline days before they call a spike
SPIKE_SLUGS = (            # Wikinews reports on the H1N1 swine-flu outbreak that began in Mexico in April 2009
    "at-least-71-deaths-in-mexico-likely-linked-to-swine-flu-outbreak",
    "us-declares-public-health-emergency-over-spread-of-swine-flu",
    "swine-flu-reported-in-more-countries-who-warns-of-possible-pandemic-risk",
    "swine-flu-worldwide-update",
    "who-director-pandemic-alert-level-will-not-be-raised",
    "swine-flu-recent-developments-worldwide",
    "swine-flu-in-depth-worldwide-report",
    "mutated-strain-of-h1n1-virus-detected-in-us-and-norway",
)
SPIKE_COUNTRY = "MX"
ASSIGNED_HOUR_UTC = 6  # assigned items are published from 06:00 UTC on their day, 5 minutes apart
ITEM_RE = re.compile(r"<item>.*?</item>", re.S)
LINK_RE = re.compile(r"<link>\s*__BASE_URL__/([^<\s]+)\s*</link>")
PUBDATE_RE = re.compile(r"<pubDate>([^<]+)</pubDate>")


@dataclass(frozen=True)
class ReplayItem:
    """One feed item of the bundled site and the day the replay publishes it."""

    feed: str            # site path of its feed, e.g. wikinews/feeds/part-01.xml
    link: str            # site path of its page, e.g. wikinews/ebola-outbreak-in-congo.html
    day: date            # the replay day it is published on
    basis: str           # 'published' (real pubDate, moved by whole weeks), 'assigned' or 'spike'
    published_at: datetime  # the pubDate its replay feed item carries


def replay_days(last_day: date, history_days: int) -> list[date]:
    """The replay's days, oldest first: history_days days before last_day, then last_day."""
    if history_days < MIN_HISTORY_DAYS:
        raise ConfigError(f"history days {history_days} is too few: the digests need at least "
                          f"{MIN_HISTORY_DAYS} days before the last day to call a spike")
    return [last_day - timedelta(days=n) for n in range(history_days, -1, -1)]


def read_items(root: Path = DEMO_SITE_DIR) -> list[tuple[str, str, datetime | None]]:
    """(feed, link, real pubDate or None) of every item of the bundled feeds, in feed order."""
    items = []
    for feed in FEED_PATHS:
        for block in ITEM_RE.findall((root / feed).read_text(encoding="utf-8")):
            link = LINK_RE.search(block)
            if link is None:
                raise ConfigError(f"{root / feed}: an item has no <link>__BASE_URL__/...</link>")
            pub = PUBDATE_RE.search(block)
            items.append((feed, link.group(1), email.utils.parsedate_to_datetime(pub.group(1)) if pub else None))
    return items


def replay_calendar(last_day: date, history_days: int, root: Path = DEMO_SITE_DIR) -> list[ReplayItem]:
    """Every bundled item with its replay day (see the module docstring for the rule)."""
    days = replay_days(last_day, history_days)
    items = read_items(root)
    dated = [pub.date() for _, _, pub in items if pub is not None]
    shift = timedelta(weeks=(days[-1] - max(dated)).days // 7) if dated else timedelta(0)
    calendar: list[ReplayItem] = []
    assigned, per_day = 0, dict.fromkeys(days, 0)
    for feed, link, pub in items:
        if pub is not None:
            calendar.append(ReplayItem(feed, link, max(days[0], pub.date() + shift), "published", pub))
            continue
        is_spike = Path(link).stem in SPIKE_SLUGS
        day = days[-1] if is_spike else days[assigned % len(days)]
        assigned += 0 if is_spike else 1
        per_day[day] += 1
        at = datetime.combine(day, time(ASSIGNED_HOUR_UTC), timezone.utc) + timedelta(minutes=5 * per_day[day])
        calendar.append(ReplayItem(feed, link, day, "spike" if is_spike else "assigned", at))
    return calendar


def feed_for_day(body: str, feed: str, day: date, calendar: list[ReplayItem]) -> str:
    """The bundled feed `body` as published on `day`: that day's items only, each with a pubDate."""
    mine = {item.link: item for item in calendar if item.feed == feed and item.day == day}
    blocks = ITEM_RE.findall(body)
    if not blocks:
        return body
    head, tail = body[:body.index(blocks[0])], body[body.rindex(blocks[-1]) + len(blocks[-1]):]
    kept = []
    for block in blocks:
        link = LINK_RE.search(block)
        item = mine.get(link.group(1)) if link else None
        if item is None:
            continue
        if not PUBDATE_RE.search(block):
            stamp = email.utils.format_datetime(item.published_at, usegmt=True)
            block = block.replace("</item>", f"  <pubDate>{stamp}</pubDate>\n  </item>")
        kept.append(block)
    return head + "\n  ".join(kept) + tail


def replay_note(last_day: date, history_days: int, root: Path = DEMO_SITE_DIR) -> dict:
    """What the digests should say about the replay: which days and dates the demo assigned."""
    days = replay_days(last_day, history_days)
    calendar = replay_calendar(last_day, history_days, root)
    counts = {basis: sum(1 for i in calendar if i.basis == basis) for basis in ("published", "assigned", "spike")}
    text = (f"Demo data: {len(calendar)} bundled articles replayed over {len(days)} days, {days[0]} to {days[-1]}. "
            f"These run days are assigned by the demo. The {counts['published']} Global Voices articles keep "
            "their real publication dates (5-11 June 2009) and are replayed on those weekdays; the "
            f"{counts['assigned'] + counts['spike']} Wikinews excerpts carry no date, so the demo assigns each "
            f"a day and publishes it with that date. The {counts['spike']} reports on the 2009 swine-flu outbreak "
            f"that began in Mexico are all published on {days[-1]}, the spike to look for.")
    return {"kind": "demo-replay", "text": text, "first_day": str(days[0]), "last_day": str(days[-1]),
            "history_days": history_days, "articles": counts,
            "assigned_dates": "Wikinews articles: published_at is the replay day the demo assigned"}
