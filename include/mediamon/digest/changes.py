"""What changed since yesterday, the first thing a digest shows: the biggest rises and falls against
baseline, the new events and the watches that fired, for the whole day and for one country or topic.
Pure functions over the day's summary rows and documents the build assembled."""
from __future__ import annotations

from dataclasses import dataclass

KEY_NEW_EVENTS = 3  # new events named in a country's or topic's "What changed" block (all are in its top stories)


@dataclass(frozen=True)
class ChangeRules:
    """How big a move must be to be listed, and how many are listed."""

    top: int = 5               # rises, falls, new events listed on the day index
    min_z: float = 2.0         # |z| a key's day must reach against its baseline
    min_difference: int = 2    # and |articles - baseline| in articles (a move of one article is noise)
    min_baseline_days: int = 7  # days of history a baseline needs before a move counts


def has_history(row: dict, rules: ChangeRules) -> bool:
    """True when the key's day has a baseline taken over enough days to be compared with."""
    return row.get("baseline") is not None and (row.get("baseline_days") or 0) >= rules.min_baseline_days


def is_move(row: dict, rules: ChangeRules) -> bool:
    """True when the key's day is far enough from its baseline, with enough history, to be listed."""
    if row.get("z") is None or not has_history(row, rules):
        return False
    return abs(row["z"]) >= rules.min_z and abs(row["articles"] - row["baseline"]) >= rules.min_difference


def rises_and_falls(rows: list[dict], rules: ChangeRules) -> tuple[list[dict], list[dict]]:
    """All the rises (highest z first) and falls (lowest z first) among the day's key rows; the lists show the
    first rules.top."""
    moves = [r for r in rows if is_move(r, rules)]
    rises = sorted((r for r in moves if r["z"] > 0), key=lambda r: (-r["z"], -r["articles"], r["key"]))
    falls = sorted((r for r in moves if r["z"] < 0), key=lambda r: (r["z"], -r["baseline"], r["key"]))
    return rises, falls


def direction(row: dict, rules: ChangeRules) -> str:
    """'up', 'down' or 'steady' against the baseline; 'unloaded' when no run was loaded for the day (loaded: False),
    'new' when there is too little history for one, 'empty'
    when the key has no article stored in the window at all (nothing to compare with), 'quiet' when it has none
    today, yesterday or in its baseline (a watched key nobody writes about)."""
    if row.get("loaded") is False:
        return "unloaded"
    if row.get("baseline") is None and not row.get("articles"):
        return "empty"
    if not has_history(row, rules):
        return "new"
    if not row.get("articles") and not row.get("yesterday") and row.get("baseline") == 0:
        return "quiet"
    if not is_move(row, rules):
        return "steady"
    return "up" if row["z"] > 0 else "down"


def day_changes(rows: list[dict], new_events: list[dict], watches: list[dict], rules: ChangeRules, *,
                new_event_count: int | None = None) -> dict:
    """The day index's "What changed" block: rises, falls, new events (of new_event_count in all, default the
    list's length), watches that fired (with_history: how many keys have a baseline of enough days to be
    compared with; none in a warehouse's first days); each list's first rules.top, *_more says how many it leaves out and *_rest
    lists them (the new events read: new_events_more may count more than new_events_rest holds)."""
    rises, falls = rises_and_falls(rows, rules)
    fired = [{k: w[k] for k in ("name", "description", "matches_today", "matches_window", "days_with_matches", "daily")}
             for w in watches if w["matches_today"] > 0]
    shown = new_events[:rules.top]
    total = len(new_events) if new_event_count is None else new_event_count
    return {"with_history": sum(1 for r in rows if has_history(r, rules)), "min_baseline_days": rules.min_baseline_days,
            "rises": rises[:rules.top], "rises_more": max(len(rises) - rules.top, 0), "rises_rest": rises[rules.top:],
            "falls": falls[:rules.top], "falls_more": max(len(falls) - rules.top, 0), "falls_rest": falls[rules.top:],
            "new_events": shown, "new_events_more": max(total - len(shown), 0),
            "new_events_rest": new_events[rules.top:], "watches_fired": fired}


def key_changes(row: dict, events: list[dict], watches: list[dict], rules: ChangeRules) -> dict:
    """One country or topic page's "What changed" block: today against yesterday and the baseline,
    its new events (the first KEY_NEW_EVENTS of its top stories; new_events_more counts the others), the watches
    that matched its articles."""
    new = [e for e in events if e.get("is_new")]
    return {"articles": row["articles"], "yesterday": row.get("yesterday"), "baseline": row.get("baseline"),
            "z": row.get("z"), "spike": bool(row.get("spike")), "direction": direction(row, rules),
            "new_events": new[:KEY_NEW_EVENTS], "new_events_more": max(len(new) - KEY_NEW_EVENTS, 0),
            "watches_fired": watches}
