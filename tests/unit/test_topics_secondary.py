"""Beside the best topic, another is reported only when it is a real second subject (topics.reported)."""
from __future__ import annotations

from mediamon.enrich.topics import SECONDARY_MIN_SCORE, load_topic_model, reported
from mediamon.records import TopicScore

HEALTH, CRIME, CONFLICT, UNREST = "medtop:07000000", "medtop:02000000", "medtop:16000000", "medtop:20000065"


def score(code: str, value: float) -> TopicScore:
    return TopicScore(code=code, label=code, score=value)


def test_a_weak_second_topic_is_dropped_and_a_real_one_kept() -> None:
    model = load_topic_model()
    weak = reported(model, [score(HEALTH, 0.36), score(CRIME, 0.09), score(CONFLICT, 0.14)], 3)
    assert [s.code for s in weak] == [HEALTH]                       # a bird-flu story is no crime story
    real = reported(model, [score(HEALTH, 0.31), score(CONFLICT, 0.27), score(CRIME, 0.12)], 3)
    assert [s.code for s in real] == [HEALTH, CONFLICT]            # a soldier's Ebola test: both subjects
    small = reported(model, [score(HEALTH, 0.6), score(CONFLICT, SECONDARY_MIN_SCORE + 0.05)], 3)
    assert [s.code for s in small] == [HEALTH]                      # under half of the best one


def test_a_second_level_topic_goes_with_its_parent() -> None:
    model = load_topic_model()
    parent_of_unrest = next(t.parent for t in model.topics if t.code == UNREST)
    kept = reported(model, [score(parent_of_unrest, 0.5), score(UNREST, 0.4), score(HEALTH, 0.1)], 3)
    assert [s.code for s in kept] == [parent_of_unrest, UNREST]
    dropped = reported(model, [score(HEALTH, 0.6), score(parent_of_unrest, 0.1), score(UNREST, 0.09)], 3)
    assert [s.code for s in dropped] == [HEALTH]


def test_the_parent_map_is_built_once_per_model_and_covers_every_topic() -> None:
    model = load_topic_model()
    parents = model.parent_codes
    assert parents is model.parent_codes                             # not rebuilt per article
    assert parents[UNREST] == CONFLICT and parents[HEALTH] is None
    assert set(parents) == {t.code for t in model.topics}
