"""Topic tagging: IPTC codes, scores, evidence, second-level topics, and the labelled references."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

from mediamon.enrich.topics import (
    TOPICS,
    is_top_level,
    is_topic_code,
    lexicon_hits,
    load_topic_model,
    score_topics,
    tag_topics,
    with_classifier,
)
from mediamon.errors import ConfigError

LABELS = Path(__file__).resolve().parents[1] / "data" / "topic_labels.tsv"

CASES = [
    ("Arsenal beat Chelsea in Premier League derby", "The striker scored twice before the final whistle.",
     "medtop:15000000"),
    ("Earthquake kills dozens in eastern Turkey", "Rescuers searched collapsed buildings after the quake.",
     "medtop:03000000"),
    ("Central bank raises interest rates as inflation climbs", "Markets fell and the currency weakened.",
     "medtop:04000000"),
    ("Man charged with murder after stabbing", "Police arrested the suspect, who appears in court on Monday.",
     "medtop:02000000"),
    ("Troops and rebels agree ceasefire", "Shelling stopped along the front line after the peace talks.",
     "medtop:16000000"),
    ("Measles outbreak fills hospital wards", "Doctors urged parents to vaccinate children against the disease.",
     "medtop:07000000"),
]


def codes(tags) -> list[str]:
    """The codes of a tag list, in order."""
    return [t.code for t in tags]


@pytest.mark.parametrize(("title", "text", "expected"), CASES)
def test_article_gets_its_topic_first(title: str, text: str, expected: str) -> None:
    assert codes(tag_topics(title, text))[0] == expected


def test_scores_are_between_0_and_1_highest_first_and_limited() -> None:
    tags = tag_topics("Parliament votes on budget", "The finance minister defended tax rises.", limit=2)
    assert len(tags) <= 2
    assert all(0.0 <= t.score <= 1.0 for t in tags)
    assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)


def test_evidence_names_words_of_the_article() -> None:
    title, text = CASES[0][:2]
    [sport] = [t for t in tag_topics(title, text) if t.code == "medtop:15000000"]
    words = set(re.findall(r"\w+", f"{title} {text}".lower()))
    assert sport.evidence and all(set(e.split()) <= words for e in sport.evidence)
    assert "premier league" in sport.evidence


def test_empty_article_gets_no_topic() -> None:
    assert tag_topics(None, "") == []


def test_election_subtopic_needs_election_words() -> None:
    vote = tag_topics("Opposition wins election landslide", "Voters cast ballots; the party's candidate won.")
    cabinet = tag_topics("Prime minister reshuffles cabinet", "The government named a new finance minister.")
    assert "medtop:20000574" in codes(vote)
    assert "medtop:20000574" not in codes(cabinet) and "medtop:11000000" in codes(cabinet)


def test_civil_unrest_subtopic_for_protests_not_for_war() -> None:
    protest = tag_topics("Protesters clash with police", "Thousands rallied in the capital; riot police fired tear gas.")
    war = tag_topics("Missile strikes hit the front line", "Troops and artillery pushed the offensive.")
    assert "medtop:20000065" in codes(protest)
    assert "medtop:20000065" not in codes(war) and codes(war)[0] == "medtop:16000000"


def test_energy_subtopic_for_oil_news_not_for_bank_news() -> None:
    oil = tag_topics("Oil prices jump as OPEC cuts output", "Brent crude rose to $90 a barrel.", limit=4)
    bank = tag_topics("Bank profits rise", "The lender reported higher earnings and revenue.", limit=4)
    assert "medtop:20000256" in codes(oil)
    assert "medtop:20000256" not in codes(bank)


def test_german_text_is_tagged_from_the_lexicon() -> None:
    tags = tag_topics("Bundesliga: Bayern gewinnt", "Der Trainer lobte die Mannschaft nach dem Spiel in der Saison.",
                      language="de")
    assert codes(tags)[0] == "medtop:15000000"


def test_topic_codes_are_the_17_top_level_plus_second_level() -> None:
    assert sum(map(is_top_level, TOPICS)) == 17
    assert is_topic_code("medtop:11000000") and is_topic_code("medtop:20000065")
    assert not is_topic_code("medtop:99999999") and not is_topic_code("politics")


def test_labelled_references_use_known_codes_and_resolve_in_the_feeds(shared_dir: Path) -> None:
    import feedparser

    lines = [ln for ln in LABELS.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) >= 500 and all(is_topic_code(r["code"]) for r in rows)
    feeds = {}
    for row in rows:
        if row["feed_file"] not in feeds:
            raw = (shared_dir / "corpus" / "feeds" / row["feed_file"]).read_bytes()
            feeds[row["feed_file"]] = feedparser.parse(raw).entries
        assert (feeds[row["feed_file"]][int(row["entry_index"])].get("link") or "") == row["link"]


def test_phrase_ending_in_a_stem_matches_any_ending() -> None:
    [sci] = [t for t in tag_topics("Video games sell well", "Players bought new video gamers' kits.", limit=17)
             if t.code == "medtop:13000000"]
    assert "video games" in sci.evidence


def test_stems_do_not_match_unrelated_common_words() -> None:
    lexicon = load_topic_model().lexicon
    words = ["authorities", "general", "important", "churchill", "example", "colleagues", "petition", "monkey"]
    assert {w: lexicon_hits(w, lexicon) for w in words} == {w: () for w in words}


def word_bag_model(word: str, topic_code: str, weight: float):
    """The shipped model with a classifier that knows only one bag word, pushing one topic."""
    model = load_topic_model()
    column = [model.topics[i].code for i in model.top_level].index(topic_code)
    word_weights = np.zeros((1, len(model.top_level)), dtype=np.float32)
    word_weights[0, column] = weight
    return with_classifier(model, {"weights": np.zeros((len(model.top_level), model.vectors.shape[1])),
                                   "bias": np.zeros(len(model.top_level)), "words": np.array([word]),
                                   "word_weights": word_weights})


def test_a_bag_word_raises_its_topic_and_is_named_as_evidence() -> None:
    model = word_bag_model("zorbing", "medtop:15000000", 8.0)
    tags = score_topics(model, "Zorbing club opens", "Members met on Saturday.", language="en", limit=3)
    assert tags[0].code == "medtop:15000000" and "zorbing" in tags[0].evidence
    plain = score_topics(word_bag_model("zorbing", "medtop:15000000", 0.0), "Zorbing club opens",
                         "Members met on Saturday.", language="en", limit=17)
    plain_sport = next((t.score for t in plain if t.code == "medtop:15000000"), 0.0)  # below MIN_SCORE: not listed
    assert plain_sport < tags[0].score


def test_classifier_words_and_word_weights_must_match() -> None:
    model = load_topic_model()
    n = len(model.top_level)
    with pytest.raises(ConfigError, match="retrain"):
        with_classifier(model, {"weights": np.zeros((n, model.vectors.shape[1])), "bias": np.zeros(n),
                                "words": np.array(["a", "b"]), "word_weights": np.zeros((1, n))})


def test_shipped_classifier_has_a_word_bag() -> None:
    model = load_topic_model()
    assert len(model.word_index) > 1000 and model.word_weights.shape == (len(model.word_index), len(model.top_level))


def test_a_word_longer_than_bert_limit_is_one_unknown_token() -> None:
    from mediamon.enrich.topics import MAX_WORD_CHARS, word_pieces

    vocab = load_topic_model().vocab
    assert word_pieces("elections", vocab)
    assert word_pieces("e" * MAX_WORD_CHARS, vocab)  # at the limit it is still split
    assert word_pieces("e" * (MAX_WORD_CHARS + 1), vocab) == []


def test_one_pass_features_equal_the_trainers_token_counts_and_word_bag() -> None:
    from collections import Counter

    from mediamon.enrich.topics import article_features, article_words, token_counts, word_bag
    model = load_topic_model()
    words = article_words("Central bank raises rates", "The central bank raised rates again; the bank's "
                          "governor said inflation, at 4.5%, was too high. Zorbing-mad savers cheered.")
    features = article_features(words, model)
    ids, weights, origin = token_counts(Counter(words), model)
    assert features.ids.tolist() == ids.tolist() and features.weights.tolist() == weights.tolist()
    assert features.origin == origin
    bag = word_bag(Counter(words), model.word_index)
    assert features.bag[0] == bag[0] and features.bag[1].tolist() == bag[1].tolist()
    assert np.allclose(features.bag[2], bag[2])
    assert features.lexicon.max() > 0 and any(features.evidence)


@pytest.mark.parametrize("text", ["it's a well-known 2024 fact", "rock'n'roll --- x-ray 3d", "naïve café’s “quote”"])
def test_ascii_fast_path_finds_the_words_of_the_unicode_pattern(text: str) -> None:
    from mediamon.enrich.topics import WORD_RE, find_words
    assert find_words(text) == WORD_RE.findall(text)


def test_a_word_whose_start_begins_no_stem_skips_the_stems_and_a_stem_word_still_matches() -> None:
    lexicon = load_topic_model().lexicon
    stem = next(iter(lexicon.stems))
    assert lexicon_hits(stem + "ing", lexicon)  # any ending of a stem matches
    assert lexicon_hits("qqqqqqqqq", lexicon) == ()
    assert all(s[:lexicon.stem_lengths[0]] in lexicon.stem_heads for s in lexicon.stems)
