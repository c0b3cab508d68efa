"""Event clustering: different articles on one happening share an event; other happenings, other days do not."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from mediamon.enrich.events import (
    LEAD_CHARS,
    EventArticle,
    article_stems,
    assign_events,
    event_article,
    event_columns,
    fresh_event_columns,
    known_snapshot,
    stems,
)
from mediamon.warehouse.load import write_event_stems

DAY = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)

# Written for these tests: two outlets on one vote in Lima, and other news of the same country and days.
VOTE_A = ("Lawmakers in Lima vote to remove interim president Ramos",
          "Congress voted on Tuesday to remove interim president Ana Ramos over secret meetings with a "
          "mining contractor, four months after she took office. The motion passed 88 to 21.")
VOTE_B = ("Peru's interim president Ramos ousted by Congress over secret meetings",
          "Ana Ramos was removed as interim president after Congress backed the motion 88 to 21, "
          "citing undisclosed meetings with a mining contractor in Lima.")
QUAKE = ("Earthquake damages homes near Arequipa in southern Peru",
         "A magnitude 6.1 earthquake shook the Arequipa region early on Tuesday, damaging homes and "
         "roads in three mountain villages; rescue teams reached the area by helicopter.")
FOOTBALL = ("Alianza Lima beat Universitario in the Lima derby",
            "Alianza Lima won the derby 2-1 at Matute on Tuesday night with a late header from its captain, "
            "moving three points clear at the top of the league table.")
HARBOUR = ("Harbour strike halts container traffic in Rotterdam",
           "Dock workers walked out at the port of Rotterdam on Tuesday over a pay offer, leaving container "
           "ships waiting at anchor off the Dutch coast.")
VOTE_C = ("Peru's Congress ousts interim president Ana Ramos",
          "Congress ousted interim president Ana Ramos on Tuesday by 88 votes to 21 after reports of secret meetings "
          "with a mining contractor; the speaker of Congress takes over until a new vote.")
VOTE_D = ("Ramos removed as Peru's interim president after 88-21 vote",
          "Peru's Congress removed interim president Ana Ramos in a late session in Lima, the fourth head of state "
          "to fall in five years, after she admitted meeting a mining contractor in private.")
# a broad article around the vote: it shares a few words with each report (Congress, Lima, mining), not the story
BROAD = ("Who leads Peru now? What to know after the vote",
         "The speaker of Congress becomes the country's fifth leader in five years; markets in Lima fell and "
         "mining companies asked for calm as lawmakers weigh an early election.")
FESTIVAL = ("Film festival in Busan names its jury",
            "The Busan film festival named an actor and two directors to its jury for the autumn edition, "
            "its organisers said at a press event in Seoul.")


def article(article_id: str, text: tuple[str, str], *, hours: float = 0, countries: tuple[str, ...] = ("PE",),
            topics: tuple[str, ...] = ("medtop:11000000",), story_id: str | None = None,
            event_id: str | None = None) -> EventArticle:
    """An article first seen `hours` after DAY."""
    seen = DAY + timedelta(hours=hours)
    return EventArticle(article_id=article_id, story_id=story_id or article_id, source_id=f"src-{article_id}",
                        title=text[0], lead=text[1], first_seen=seen, published=seen, language="en",
                        focus_country=countries[0] if countries else None, countries=countries, topics=topics,
                        event_id=event_id)


def day_batch() -> list[EventArticle]:
    """The vote twice (two outlets), and four other happenings."""
    return [article("vote-a", VOTE_A), article("vote-b", VOTE_B, hours=3),
            article("quake", QUAKE, hours=1, topics=("medtop:03000000",)),
            article("derby", FOOTBALL, hours=2, topics=("medtop:15000000",)),
            article("harbour", HARBOUR, countries=("NL",), topics=("medtop:04000000",)),
            article("festival", FESTIVAL, countries=("KR",), topics=("medtop:01000000",))]


def test_two_outlets_on_one_happening_share_an_event_named_by_the_earlier_story() -> None:
    events = assign_events(day_batch(), [])
    assert events["vote-a"] == events["vote-b"] == "vote-a"


def test_other_happenings_in_the_same_country_and_day_stay_apart() -> None:
    events = assign_events(day_batch(), [])
    assert len({events["vote-a"], events["quake"], events["derby"]}) == 3
    assert events["quake"] == "quake" and events["derby"] == "derby"  # a lone story is its own event


def test_the_same_happening_days_apart_is_two_events() -> None:
    batch = [*day_batch()[2:], article("vote-a", VOTE_A), article("vote-b", VOTE_B, hours=24 * 4)]
    events = assign_events(batch, [])
    assert events["vote-a"] != events["vote-b"]


def test_copies_of_one_story_share_its_event() -> None:
    batch = [*day_batch(), article("vote-a-copy", VOTE_A, hours=5, story_id="vote-a")]
    events = assign_events(batch, [])
    assert events["vote-a-copy"] == events["vote-a"] == events["vote-b"]


def test_an_article_joins_a_known_event_of_an_earlier_day() -> None:
    yesterday = [replace(a, first_seen=a.first_seen - timedelta(hours=20), published=a.published - timedelta(hours=20),
                         event_id=f"event-{a.article_id}") for a in day_batch() if a.article_id != "vote-b"]
    events = assign_events([article("vote-b", VOTE_B)], yesterday)
    assert events == {"vote-b": "event-vote-a"}


def test_stories_seen_at_the_same_time_name_their_event_by_the_first_story_id() -> None:
    events = assign_events([article("vote-z", VOTE_A), article("vote-m", VOTE_B)], [])
    assert events == {"vote-z": "vote-m", "vote-m": "vote-m"}


def test_an_empty_batch_and_articles_without_words_give_no_shared_event() -> None:
    assert assign_events([], []) == {}
    wordless = [article("a", ("", "")), article("b", ("Go", "An ox")), article("c", ("", ""), story_id="a")]
    assert assign_events(wordless, []) == {"a": "a", "b": "b", "c": "a"}


def test_known_articles_keep_their_event_and_two_known_events_never_merge() -> None:
    known = [article("vote-a", VOTE_A, event_id="first"), article("vote-b", VOTE_B, hours=1, event_id="second")]
    events = assign_events([article("vote-a", VOTE_A), article("vote-c", VOTE_B, hours=2)], known)
    assert events["vote-a"] == "first"
    assert events["vote-c"] in {"first", "second"}


def test_a_broad_article_joins_a_big_event_it_scores_moderately_with_but_not_a_small_one() -> None:
    reports = [article("vote-a", VOTE_A), article("vote-b", VOTE_B, hours=3), article("vote-c", VOTE_C, hours=4),
               article("vote-d", VOTE_D, hours=5)]
    broad = article("broad", BROAD, hours=6)
    big = assign_events([*reports, broad, *day_batch()[2:]], [])
    small = assign_events([*reports[:2], broad, *day_batch()[2:]], [])
    assert big["broad"] == big["vote-d"] == "vote-a" and big["quake"] == "quake"
    assert small["broad"] == "broad" and small["vote-b"] == "vote-a"


def test_rerunning_a_batch_gives_the_same_events() -> None:
    first = assign_events(day_batch(), [])
    again = assign_events(list(reversed(day_batch())), [])
    assert first == again


def test_stems_fold_case_accents_and_inflections_and_keep_short_numbers() -> None:
    assert stems("Jerí IMPEACHED, impeachment: 88 votes in 2026") == ["jeri", "impeac", "impeac", "88", "votes", "2026"]
    assert stems("北京举行") == ["北京", "京举", "举行"]


def test_rows_of_the_run_become_articles_and_columns_alike() -> None:
    row = {"article_id": "a1", "source_id": "s", "title": "T", "text": "x" * 1000, "language": "en",
           "first_seen_at": "2026-03-10T08:00:00+00:00", "published_at": None, "focus_country": "PE",
           "countries": [{"code": "CL", "mentions": 1}, {"code": "PE", "mentions": 4}],
           "topics": [{"code": "medtop:2", "score": 0.2}, {"code": "medtop:1", "score": 0.9}]}
    fresh = event_article(row, "story-1")
    assert (fresh.story_id, fresh.countries, fresh.topics, fresh.published) == (
        "story-1", ("PE", "CL"), ("medtop:1", "medtop:2"), None)
    assert len(fresh.lead) == LEAD_CHARS
    columns = fresh_event_columns([row], {"a1": "story-1"})
    alike = event_columns([fresh])
    for name, values in columns.items():
        if name == "countries":  # read as a set
            assert [sorted(c) for c in values.tolist()] == [sorted(c) for c in alike[name].tolist()]
        else:
            assert values.tolist() == alike[name].tolist(), name
    assert columns["seconds"].tolist() == [DAY.timestamp()] and columns["topic"].tolist() == ["medtop:1"]


def test_stems_kept_at_enrich_give_the_same_events_as_the_text(tmp_path) -> None:
    def kept(a: EventArticle) -> EventArticle:
        found = article_stems(a.title, a.lead)
        return replace(a, lead="", stems=(found["title"].split(), found["lead"].split()))

    known = [replace(a, event_id=f"event-{a.article_id}") for a in day_batch()[2:]]
    batch = [article("vote-a", VOTE_A), article("vote-b", VOTE_B, hours=3), article("quake-2", QUAKE, hours=4)]
    from_text = assign_events(batch, known)
    assert from_text["quake-2"] == "event-quake" and from_text["vote-a"] == from_text["vote-b"]
    assert assign_events([kept(a) for a in batch], [kept(a) for a in known]) == from_text
    staged = write_event_stems(tmp_path / "event_stems.parquet", event_columns([kept(batch[0]), batch[1]]))
    with duckdb.connect() as con:
        cur = con.execute("SELECT * FROM read_parquet($p)", {"p": str(staged)})
        rows = [dict(zip([d[0] for d in cur.description], row)) for row in cur.fetchall()]
    assert [r["article_id"] for r in rows] == ["vote-a", "vote-b"]
    title_b = set(stems(VOTE_B[0]))
    assert rows[1]["lead_stems"] == " ".join(dict.fromkeys(s for s in stems(VOTE_B[1]) if s not in title_b))
    assert rows[0]["title_stems"] == " ".join(dict.fromkeys(stems(VOTE_A[0])))
    enriched = {"article_id": "a1", "source_id": "s", "title": "T", "text": "x", "first_seen_at": "2026-03-10T08:00:00+00:00",
                "event_stems": {"title": "lawmak", "lead": ""}}
    assert event_article(enriched, "a1").stems == (["lawmak"], [])
    assert fresh_event_columns([enriched], {})["title_stems"].tolist() == ["lawmak"]


def test_the_snapshot_keeps_one_story_per_event_and_every_story_keeps_its_event() -> None:
    yesterday = [replace(a, first_seen=a.first_seen - timedelta(hours=20), published=a.published - timedelta(hours=20),
                         event_id="vote-a") for a in (article("vote-a", VOTE_A), article("vote-b", VOTE_B, hours=1))]
    snapshot = known_snapshot(yesterday)
    assert snapshot["story_id"].tolist() == ["vote-a", "vote-b"] and snapshot["event_id"].tolist() == ["vote-a"] * 2
    assert snapshot["title_stems"].tolist()[1] is None  # only the story the event is named by is compared
    copy = article("vote-b-copy", VOTE_B, hours=2, story_id="vote-b")  # today's copy of the second story
    other = article("vote-c", VOTE_B, hours=2)  # another outlet's article like the second story
    assert assign_events([copy, other], snapshot) == {"vote-b-copy": "vote-a", "vote-c": "vote-a"}


def test_an_event_named_by_an_older_article_is_joined_by_copies_only() -> None:
    """Its naming story left the recent days: a later story of it is not compared, so no chain grows."""
    recent = [replace(a, first_seen=a.first_seen - timedelta(hours=20), published=a.published - timedelta(hours=20),
                      event_id="vote-0") for a in (article("vote-a", VOTE_A), article("vote-b", VOTE_B, hours=1))]
    snapshot = known_snapshot(recent)
    assert snapshot["event_id"].tolist() == ["vote-0"] * 2
    assert snapshot["title_stems"].tolist() == [None, None]
    other = article("vote-c", VOTE_B, hours=2)
    assert assign_events([other], snapshot) == {"vote-c": "vote-c"}
    copy = article("vote-b-copy", VOTE_B, hours=2, story_id="vote-b")  # a copy still joins (and today's articles
    assert assign_events([copy], snapshot) == {"vote-b-copy": "vote-0"}  # like it may join it through it)


def test_an_event_whose_naming_story_was_quarantined_is_named_by_its_earliest_clean_article() -> None:
    import pandas as pd

    from mediamon.enrich.events import name_events_by_clean_stories

    at = pd.to_datetime(["2026-03-10T09:00Z", "2026-03-10T08:00Z", "2026-03-10T07:00Z", "2026-03-10T10:00Z"])
    clean = pd.DataFrame({"article_id": ["b", "c", "k", "z"], "story_id": ["b", "c", "k", "z"],
                          # "a" (the vote's first story) was quarantined; "old" is an event of an earlier run
                          "event_id": ["a", "a", "old", "z"], "first_seen_at": at, "published_at": [None, None, None, None]})
    named = name_events_by_clean_stories(clean, {"old"})
    assert named["event_id"].tolist() == ["c", "c", "old", "z"]
    assert name_events_by_clean_stories(named, {"old"})["event_id"].tolist() == ["c", "c", "old", "z"]
    copy = clean.assign(story_id=["s", "s", "k", "z"], event_id=["a", "a", "old", "b"])  # "b" names an event
    assert name_events_by_clean_stories(copy, {"old"})["event_id"].tolist() == ["c", "c", "old", "b"]
    story = clean.assign(story_id=["s", "s", "k", "z"], event_id=["s", "s", "old", "z"])  # story s's first article out
    assert name_events_by_clean_stories(story, {"old"})["event_id"].tolist() == ["c", "c", "old", "z"]


def test_a_new_event_is_never_named_after_a_story_of_an_earlier_run() -> None:
    # "old-story" began days ago, outside the known events; today's copies of it join no known event: their event
    # is named after the earliest copy, not after the story (an earlier run may have named another event so).
    copies = [article("copy-2", VOTE_B, hours=2, story_id="old-story"), article("copy-1", VOTE_A, story_id="old-story")]
    events = assign_events([*copies, article("festival", FESTIVAL, countries=("KR",))], [])
    assert events == {"copy-2": "copy-1", "copy-1": "copy-1", "festival": "festival"}


def test_a_story_alone_near_one_report_of_an_event_only_stays_alone() -> None:
    # the fourth report comes 40 hours after the first three, the broad article 48 hours after it: within the two
    # days of that one report only, so it does not join the event on one pair
    reports = [article("r0", VOTE_A), article("r1", VOTE_B, hours=1), article("r2", VOTE_C, hours=2),
               article("r3", VOTE_D, hours=40)]
    events = assign_events([*reports, article("broad", BROAD, hours=88), *day_batch()[2:]], [])
    assert {events[r.article_id] for r in reports} == {"r0"}
    assert events["broad"] == "broad"


def test_each_story_has_one_entry_per_word_with_the_title_weight_when_the_title_names_it() -> None:
    import random

    import numpy as np

    from mediamon.enrich import events

    rng = random.Random(7)
    title = [(rng.randrange(30), rng.randrange(50)) for _ in range(400)]
    lead = [(rng.randrange(30), rng.randrange(50)) for _ in range(2000)]
    (text_rows, text_ids, factors), (title_rows, title_ids, title_factors) = events._word_entries(
        *(np.array(c, dtype=np.int64) for pairs in (title, lead) for c in zip(*pairs)))
    expected_text = sorted(set(title) | set(lead))
    assert list(zip(text_rows.tolist(), text_ids.tolist())) == expected_text
    assert factors.tolist() == [events.TITLE_WEIGHT if key in set(title) else 1.0 for key in expected_text]
    assert list(zip(title_rows.tolist(), title_ids.tolist())) == sorted(set(title))
    assert set(title_factors.tolist()) == {1.0}


def test_a_copy_whose_stems_repeat_its_story_s_adds_no_words_and_changes_no_event() -> None:
    import numpy as np

    from mediamon.enrich import events

    node = np.array([0, 1, 0, 1, 2], dtype=np.int64)
    values = np.array(["a b", "a b", "a b", "c", "a b"], dtype=object)
    ((rows, keys, dotted),) = events._words(node, values)
    assert not dotted.any()
    assert rows.tolist() == [0, 0, 1, 1, 0, 0, 1, 2, 2]
    assert keys[:2].tolist() == keys[2:4].tolist() == keys[4:6].tolist() == keys[7:].tolist()
    assert keys[6] not in keys[:2] and keys[0] != keys[1]
    batch = [article("a1", VOTE_A), article("b1", VOTE_B, hours=2), article("q1", QUAKE, hours=1)]
    copies = [article("a2", VOTE_A, hours=3, story_id="a1"), article("q2", QUAKE, hours=4, story_id="q1")]
    alone = assign_events(batch)
    with_copies = assign_events(batch + copies)
    assert {a: e for a, e in with_copies.items() if a in alone} == alone
    assert with_copies["a2"] == alone["a1"] and with_copies["q2"] == alone["q1"]


def test_stems_are_told_apart_by_all_their_bytes_in_every_row_and_column() -> None:
    import numpy as np

    from mediamon.enrich import events

    stems = ["ab", "abc", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefgh" + "x" * 9, "abcdefgh" + "x" * 10, "москва",
             "москвы", "東京", "京東", "12"]
    node = np.array([5, 6, 7, 8], dtype=np.int64)
    title = np.array([" ".join(stems), "", None, " ".join(reversed(stems))], dtype=object)
    lead = np.array(["ab", None, "москвы 12", ""], dtype=object)
    (title_rows, title_keys, title_dotted), (lead_rows, lead_keys, lead_dotted) = events._words(node, title, lead)
    assert title_rows.tolist() == [5] * len(stems) + [8] * len(stems) and lead_rows.tolist() == [5, 7, 7]
    assert len(set(title_keys[:len(stems)].tolist())) == len(stems)
    assert title_keys[len(stems):].tolist() == title_keys[:len(stems)].tolist()[::-1]
    key = dict(zip(stems, title_keys.tolist()))
    assert lead_keys.tolist() == [key["ab"], key["москвы"], key["12"]]
    assert not title_dotted.any() and not lead_dotted.any()
    ((_, _, dotted),) = events._words(node[:1], np.array(["ab 5.9 12 0.25"], dtype=object))
    assert dotted.tolist() == [False, True, False, True]  # the decimal numbers, the stems holding a point


@pytest.mark.parametrize("width", [5, 70, 600])
def test_pairs_sharing_a_country_or_outlet_are_found_as_by_the_sparse_product(width: int) -> None:
    import numpy as np
    from scipy import sparse

    from mediamon.enrich import events

    rng = np.random.default_rng(width)
    n = 300
    counts = rng.choice([0, 1, 1, 1, 2, 3], size=n)
    rows = np.repeat(np.arange(n), counts)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, rng.integers(0, width, size=len(rows)))), shape=(n, width))
    matrix.data[:] = 1.0  # an article naming a country twice still counts it once
    first, second = rng.integers(0, n, size=5000), rng.integers(0, n, size=5000)
    found = events._any_in_both(matrix, first, second)
    assert found.tolist() == (events._in_both(matrix, first, second) > 0).tolist()
    assert 0 < found.sum() < len(found)


def _groups_of(topics: list[int], pairs: dict[tuple[int, int], float], event_ids: list[str | None] | None = None
               ) -> list[int]:
    """The groups _cluster gives stories of these topic ids (-1: none) and scored pairs (i < j)."""
    import numpy as np

    from mediamon.enrich import events

    n = len(topics)
    nodes = events._Nodes(story_ids=[f"s{k}" for k in range(n)], when=np.zeros(n), topic=np.array(topics),
                          countries=None, sources=None, event_ids=event_ids or [None] * n, text=(), title=())
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    probability = np.array([p for _, p in ranked])
    first, second = (np.array([key[k] for key, _ in ranked], dtype=np.int64) for k in (0, 1))
    return events._cluster(nodes, probability, first, second).tolist()


def test_two_groups_of_several_stories_on_different_topics_need_a_higher_average_to_merge() -> None:
    from mediamon.enrich import events

    # two tight pairs of stories linked by one strong and one middling cross pair: a cross average of 0.375,
    # above MIN_AVERAGE_SCORE and below BRIDGE_MIN_AVERAGE
    pairs = {(0, 1): 0.95, (2, 3): 0.95, (0, 2): 0.9, (1, 3): 0.6}
    assert events.MIN_AVERAGE_SCORE <= (0.9 + 0.6) / 4 < events.BRIDGE_MIN_AVERAGE
    apart = _groups_of([1, 1, 2, 2], pairs)  # say an attack and the talks it happened beside
    assert apart[0] == apart[1] != apart[2] == apart[3]
    assert len(set(_groups_of([1, 1, 1, 1], pairs))) == 1  # one topic: the average as before
    assert len(set(_groups_of([1, 2, 1, 2], pairs))) == 1  # each pair splits its topics: they share a leading one
    stronger = {**pairs, (0, 3): 0.5, (1, 2): 0.5}  # a cross average of 0.625
    assert len(set(_groups_of([1, 1, 2, 2], stronger))) == 1
    assert len(set(_groups_of([-1, -1, -1, -1], pairs))) == 1  # no topics: nothing says they differ
    assert len(set(_groups_of([1, 1, -1, -1], pairs))) == 1  # one group without a topic: the usual average


def test_a_single_story_and_a_known_event_join_a_group_on_the_usual_average_whatever_their_topic() -> None:
    from mediamon.enrich import events

    pairs = {(0, 1): 0.95, (0, 2): 0.5, (1, 2): 0.4}  # story 2 averages 0.45 with the group of 0 and 1
    assert events.MIN_AVERAGE_SCORE <= 0.45 < events.BRIDGE_MIN_AVERAGE
    assert len(set(_groups_of([1, 1, 2], pairs))) == 1
    known = _groups_of([1, 1, 2, 2], {(0, 1): 0.95, (0, 2): 0.9, (1, 2): 0.6}, [None, None, "known", "known"])
    assert len(set(known)) == 1  # a known event's stories start as one group: the topic rule leaves it out


def _weighted_rows(n: int, width: int, seed: int):
    """A random CSR matrix of n rows with a few positive entries each (sorted columns), as _matrices makes."""
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(seed)
    dense = np.where(rng.random((n, width)) < 0.08, rng.random((n, width)), 0.0)
    return sparse.csr_matrix(dense)


@pytest.mark.parametrize("one_pass", [True, False])
def test_a_product_of_row_ranges_keeps_the_entries_at_the_threshold_or_more_with_scipys_sums(
        monkeypatch: pytest.MonkeyPatch, one_pass: bool) -> None:
    import numpy as np

    from mediamon.enrich import events

    if not one_pass:  # a scipy without its one-pass routine: the public product
        monkeypatch.setattr(events, "_csr_matmat", None)
    matrix = _weighted_rows(80, 40, 1)
    block = matrix[50:70].T.tocsr()
    product = (matrix[10:60] @ block).toarray()
    spare: list = []
    rows, cols, values = events._above(matrix, 10, 60, block, 0.5, spare)
    expected = np.argwhere(product >= 0.5)
    assert sorted(zip(rows.tolist(), cols.tolist())) == [(i + 10, j) for i, j in expected.tolist()]
    assert values.tolist() == product[rows - 10, cols].tolist()  # the same sums, bit for bit
    assert 0 < len(expected) < np.count_nonzero(product)  # some entries are below the threshold
    inner = (rows >= 20) & (rows < 40)
    again = events._above(matrix, 20, 40, block, 0.5, spare)  # into the first call's room
    assert sorted(zip(*(part.tolist() for part in again))) == sorted(
        zip(rows[inner].tolist(), cols[inner].tolist(), values[inner].tolist()))


@pytest.mark.parametrize("block", [7, 1000])
def test_near_pairs_are_every_new_pair_within_the_window_whose_product_may_reach_the_attach_score(
        monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    import numpy as np

    from mediamon.enrich import events

    monkeypatch.setattr(events, "NEAR_BLOCK", block)  # several blocks, or one
    n = 60
    weighted = _weighted_rows(n, 30, 2) * 6.0  # products around the threshold
    rng = np.random.default_rng(3)
    is_new = rng.random(n) < 0.6
    when = rng.integers(0, 4 * 86400, size=n).astype(np.float64)  # known and new stories over four days
    rows, cols, values = events._near_pairs(weighted, is_new, when)
    window = events.EVENT_WINDOW.total_seconds()
    low = events.ATTACH_MIN_LOGIT - events.PAIR_BIAS - events.PAIR_COUNTRY - events.PAIR_TOPIC - 1e-6
    product = (weighted @ weighted.T).toarray()
    near = {(min(i, j), max(i, j)) for i in range(n) for j in range(n)
            if i != j and (is_new[i] or is_new[j]) and product[i, j] >= low}
    within = {(i, j) for i, j in near if abs(when[i] - when[j]) <= window}
    found = [(min(i, j), max(i, j)) for i, j in zip(rows.tolist(), cols.tolist())]
    assert len(found) == len(set(found))  # each pair once
    assert within <= set(found) <= near and len(within) > 10
    assert values.tolist() == [product[i, j] for i, j in zip(rows.tolist(), cols.tolist())]


@pytest.mark.parametrize("one_pass", [True, False])
def test_in_both_counts_the_columns_two_rows_share(monkeypatch: pytest.MonkeyPatch, one_pass: bool) -> None:
    import numpy as np
    from scipy import sparse

    from mediamon.enrich import events

    if not one_pass:  # a scipy without its routine: the public product
        monkeypatch.setattr(events, "_csr_elmul_csr", None)
    rng = np.random.default_rng(4)
    dense = (rng.random((50, 30)) < 0.3).astype(float)
    matrix = sparse.csr_matrix(dense)
    rows, cols = rng.integers(0, 50, size=400), rng.integers(0, 50, size=400)
    counts = events._in_both(matrix, rows, cols)
    assert counts.tolist() == (dense[rows] * dense[cols]).sum(axis=1).tolist()
    assert len(set(counts.tolist())) > 3 and events._in_both(matrix, rows[:0], cols[:0]).tolist() == []


def test_an_article_keeps_each_stem_once_and_its_opening_only_the_stems_its_title_lacks() -> None:
    found = article_stems("Floods hit Lima as floods spread", "Floods in Lima: rescuers reach Lima's flooded districts.")
    assert found["title"].split() == ["floods", "hit", "lima", "spread"]
    assert found["lead"].split() == ["rescue", "reach", "floode", "distri"]

