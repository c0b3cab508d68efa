"""Tests for topic words of the small registry languages: Swedish skiing results and Hebrew pilgrimage."""
from __future__ import annotations

from mediamon.enrich.topics import tag_topics

SPORT = "medtop:15000000"
RELIGION = "medtop:12000000"


def top_topic(title: str, text: str, language: str) -> str | None:
    """The first top-level topic the tagger gives, or None."""
    topics = tag_topics(title, text, language=language)
    return topics[0].code if topics else None


def test_a_swedish_ski_race_result_is_sport() -> None:
    title = "Norsk dubbelseger i femmilen"
    text = "Segraren gick ifrån i den sista backen och vann med två sekunder. Bästa svensk blev sexa."
    assert top_topic(title, text, "sv") == SPORT


def test_swedish_skiers_are_sport() -> None:
    assert top_topic("Svenska åkarna missade pallen", "Skidåkare från tolv länder deltog.", "sv") == SPORT


def test_hebrew_pilgrims_at_a_festival_are_religion() -> None:
    title = "מיליוני עולי רגל בפסטיבל"
    text = "הינדים טבלו היום בנהר ביום המרכזי של הפסטיבל."
    assert top_topic(title, text, "he") == RELIGION
