"""Country tagging as the tests read it."""
from __future__ import annotations

from mediamon.enrich.countries import tag_countries


def codes(text: str, title: str | None = None) -> set[str]:
    """The set of country codes tagged in a text (and its title)."""
    return {c.code for c in tag_countries(title, text).countries}
