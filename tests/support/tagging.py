"""An item's focus, mentioned countries and top topic, as the tagging tests read them."""
from __future__ import annotations

from mediamon.enrich.countries import tag_countries
from mediamon.enrich.topics import tag_topics
from tests.support.countries import codes


def focus(title: str, text: str = "") -> str | None:
    """The focus country the tagger gives an item."""
    return tag_countries(title, text).focus


def mentioned(title: str, text: str = "") -> set[str]:
    """Every country the tagger finds in an item."""
    return codes(text, title)


def top_topic(title: str, text: str, language: str) -> str | None:
    """The first topic code the topic tagger gives an item."""
    topics = tag_topics(title, text, language=language)
    return topics[0].code if topics else None
