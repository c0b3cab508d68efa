"""Story clustering: copies join one story, different articles on the same event do not."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mediamon.enrich.stories import (
    KnownStory,
    StoryInput,
    StorySignature,
    assign_stories,
    signature,
    summarise_stories,
)

T0 = datetime(2026, 2, 17, 8, 0, tzinfo=timezone.utc)

COMMENTARY = (
    "Cities across Europe are rethinking how much street space they give to parked cars. In Vienna, "
    "planners have turned hundreds of parking bays into small parks, shaded benches and bicycle racks, "
    "arguing that the change cools neighbourhoods during summer heat and makes streets safer for children. "
    "Shopkeepers were sceptical at first, fearing that customers who drive would stay away, but footfall "
    "surveys published last month suggest the opposite: people linger longer when the pavement is wider. "
    "The city now plans to convert another two thousand spaces by the end of the decade, paying for the "
    "work from parking fees that were raised in the inner districts two years ago."
)
CREDIT = "This commentary was first published by Example Review and is republished with permission."
SAME_EVENT = (
    "Vienna will remove two thousand more parking spaces by 2030, the city council decided on Tuesday. "
    "The Greens welcomed the vote while the opposition called it an attack on drivers and local shops. "
    "Council officials said the budget comes from higher parking fees introduced in the inner districts, "
    "and that earlier conversions had been popular with residents who now use the new green spaces."
)


def article(article_id: str, title: str | None, text: str, minutes: int = 0, source: str = "s1") -> StoryInput:
    """A StoryInput seen `minutes` after T0."""
    return StoryInput(article_id, title, text, T0 + timedelta(minutes=minutes), source)


def test_republished_commentary_with_credit_and_new_casing_joins_the_original() -> None:
    original = article("orig", "Vienna swaps parking for green space", COMMENTARY, 0, "review")
    copy = article("copy", "VIENNA SWAPS PARKING FOR GREEN SPACE", COMMENTARY + "\n" + CREDIT, 90, "blog")
    assert assign_stories([copy, original], []) == {"orig": "orig", "copy": "orig"}


def test_different_article_on_the_same_event_stays_a_separate_story() -> None:
    original = article("orig", "Vienna swaps parking for green space", COMMENTARY)
    other = article("other", "Vienna to scrap 2,000 more parking spaces", SAME_EVENT, 30, "daily")
    assert assign_stories([original, other], []) == {"orig": "orig", "other": "other"}


def test_story_id_is_the_earliest_member_with_ties_broken_by_article_id() -> None:
    a = article("b-second", "Headline", COMMENTARY, 5)
    b = article("a-first", "Headline", COMMENTARY, 5)
    c = article("c-later", "Headline", COMMENTARY, 60)
    assert set(assign_stories([c, a, b], []).values()) == {"a-first"}


def test_a_signature_given_with_the_article_is_used_instead_of_one_computed_from_its_text() -> None:
    original = article("orig", "Vienna swaps parking for green space", COMMENTARY)
    stored = StoryInput("other", "Vienna to scrap 2,000 more parking spaces", SAME_EVENT, T0 + timedelta(minutes=30),
                        "daily", signature=signature(original.title, original.text))
    assert assign_stories([original, stored], []) == {"orig": "orig", "other": "orig"}


def test_a_long_text_gives_the_signature_of_its_first_600_words_title_included() -> None:
    words = " ".join(f"w{i}" for i in range(2000))
    assert signature("T", words) == signature("T", " ".join(words.split()[:599]))
    assert signature("T", words) != signature("T", " ".join(words.split()[:598]))


def test_article_copying_a_known_story_takes_its_story_id() -> None:
    known = [KnownStory("yesterday-1", "yesterday-1", signature("Vienna swaps parking", COMMENTARY))]
    today = [article("today-1", "Republished: Vienna swaps parking", CREDIT + "\n" + COMMENTARY, 24 * 60)]
    assert assign_stories(today, known) == {"today-1": "yesterday-1"}


def test_article_unlike_any_known_story_starts_its_own() -> None:
    known = [KnownStory("yesterday-1", "yesterday-1", signature("Vienna swaps parking", COMMENTARY))]
    assert assign_stories([article("today-2", "Council vote", SAME_EVENT)], known) == {"today-2": "today-2"}


def test_signature_survives_json_round_trip_and_ignores_casing_and_punctuation() -> None:
    sig = signature("Vienna swaps parking", COMMENTARY)
    assert StorySignature.from_json(sig.to_json()) == sig
    assert signature("VIENNA SWAPS PARKING!", COMMENTARY.upper()) == sig


def test_signature_with_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 64"):
        StorySignature.from_json('{"n": 3, "h": [1, 2, 3]}')


def test_empty_articles_never_join() -> None:
    result = assign_stories([article("e1", None, ""), article("e2", None, "")], [])
    assert result == {"e1": "e1", "e2": "e2"}


def test_summary_counts_outlets_and_first_seen() -> None:
    items = [article("x1", "T", COMMENTARY, 10, "a"), article("x2", "T", COMMENTARY + CREDIT, 0, "b"),
             article("x3", "T", COMMENTARY, 20, "a")]
    [summary] = summarise_stories(items, assign_stories(items, []))
    assert (summary.story_id, summary.article_count, summary.outlet_count, summary.first_seen) == ("x2", 3, 2, T0)
    assert summary.representative_article_id in {"x1", "x3"}
