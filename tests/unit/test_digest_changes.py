"""What changed since yesterday: which rises and falls are listed, and how a key's day is described."""
from __future__ import annotations

from mediamon.digest.changes import ChangeRules, day_changes, direction, key_changes, rises_and_falls

RULES = ChangeRules(top=2, min_z=2.0, min_difference=2, min_baseline_days=7)


def row(key: str, articles: int, baseline: float | None, z: float | None, *, days: int = 27) -> dict:
    """One key's day as the summary holds it."""
    return {"kind": "country", "key": key, "articles": articles, "baseline": baseline, "z": z,
            "baseline_days": days, "spike": bool(z and z >= 3)}


def test_rises_and_falls_are_the_biggest_moves_with_enough_history() -> None:
    rows = [row("KZ", 22, 2.5, 10.4), row("FR", 9, 3.0, 3.1), row("US", 8, 3.0, 2.6), row("DE", 0, 6.0, -3.2),
            row("UA", 1, 4.0, -2.1), row("RU", 4, 3.0, 0.4),
            row("CN", 3, 1.0, 2.5),              # a move (two articles above baseline), below the top 2
            row("IN", 2, 1.0, 2.1),              # one article above baseline: noise
            row("BR", 30, 1.0, 9.0, days=3)]     # too little history
    rises, falls = rises_and_falls(rows, RULES)
    assert [r["key"] for r in rises] == ["KZ", "FR", "US", "CN"]  # highest z first
    assert [r["key"] for r in falls] == ["DE", "UA"]              # lowest z first
    block = day_changes(rows, [], [], RULES)
    assert [r["key"] for r in block["rises"]] == ["KZ", "FR"] and block["rises_more"] == 2   # top 2 listed
    assert block["falls_more"] == 0


def test_direction_words() -> None:
    assert direction(row("KZ", 22, 2.5, 10.4), RULES) == "up"
    assert direction(row("DE", 0, 6.0, -3.2), RULES) == "down"
    assert direction(row("RU", 4, 3.0, 0.4), RULES) == "steady"
    assert direction(row("BR", 30, 1.0, 9.0, days=3), RULES) == "new"
    assert direction(row("BR", 0, None, None, days=0), RULES) == "empty"   # nothing stored: no usual range
    assert direction(row("BR", 0, 0.0, -0.4, days=3), RULES) == "new"
    assert direction({**row("KZ", 0, 0.0, None), "yesterday": 0}, RULES) == "quiet"   # watched, nobody writes on it
    assert direction({**row("KZ", 0, 0.0, None), "yesterday": 2}, RULES) == "steady"


def test_day_and_key_blocks() -> None:
    watches = [{"name": "a", "description": None, "matches_today": 2, "matches_window": 5, "days_with_matches": 3,
                "daily": [], "matches": [{"title": "x"}]},
               {"name": "b", "description": None, "matches_today": 0, "matches_window": 0, "days_with_matches": 0,
                "daily": [], "matches": []}]
    events = [{"event_id": str(i), "is_new": i % 2 == 0} for i in range(8)]
    block = day_changes([row("KZ", 22, 2.5, 10.4)], events, watches, RULES)
    assert [w["name"] for w in block["watches_fired"]] == ["a"] and "matches" not in block["watches_fired"][0]
    assert len(block["new_events"]) == 2 and block["new_events_more"] == 6
    assert [e["event_id"] for e in block["new_events_rest"]] == ["2", "3", "4", "5", "6", "7"]  # listed, folded
    assert day_changes([], events, [], RULES, new_event_count=13)["new_events_more"] == 11
    key = key_changes({**row("KZ", 22, 2.5, 10.4), "yesterday": 3}, events, [{"name": "a", "matches": 2}], RULES)
    assert (key["yesterday"], key["direction"], key["spike"]) == (3, "up", True)
    assert [e["event_id"] for e in key["new_events"]] == ["0", "2", "4"]
    assert key["new_events_more"] == 1  # event 6: named among the key's top stories, counted here


def test_a_key_page_says_how_many_new_events_its_block_leaves_out() -> None:
    from mediamon.digest import render

    events = [{"event_id": str(i), "is_new": True, "title": f"Event {i}", "url": None, "outlet_count": 1,
               "article_count": 1} for i in range(5)]
    block = key_changes({**row("KZ", 22, 2.5, 10.4), "yesterday": 3}, events, [], RULES)
    assert block["new_events_more"] == 2
    assert "- … and 2 more new events in Top events below" in render._md_key_changes(block)


def test_a_day_without_enough_history_says_so_instead_of_no_moves() -> None:
    from mediamon.digest import render

    young = day_changes([row("KZ", 9, 1.0, 8.0, days=3), row("FR", 2, None, None, days=0)], [], [], RULES)
    assert young["with_history"] == 0 and young["rises"] == []
    lines = render._md_day_changes(young)
    assert "- not enough history yet (a usual range needs 7 days of articles)" in lines
    grown = day_changes([row("KZ", 3, 2.5, 0.4)], [], [], RULES)
    assert grown["with_history"] == 1 and "- none" in render._md_day_changes(grown)


def test_new_events_about_a_spiking_country_lead_among_equals() -> None:
    from mediamon.digest.build import _with_spikes_first

    def event(name: str, outlets: int, articles: int, *countries: str) -> dict:
        return {"event_id": name, "outlet_count": outlets, "article_count": articles,
                "countries": [{"key": c} for c in countries]}

    ranked = _with_spikes_first([event("big", 3, 4, "FR"), event("late", 1, 1, "NG"), event("flu", 1, 1, "MX", "US"),
                                 event("other", 1, 1, "US"), event("quiet", 1, 1)], {"MX", "US"})
    assert [e["event_id"] for e in ranked] == ["big", "flu", "other", "late", "quiet"]
