"""An English demonym right before the word "language" names the language, not the country ("Portuguese-language
edition", "the French language"); the demonym alone, or before "languages", still counts."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries


def codes(title: str) -> list[str]:
    """The country codes tagged in a title."""
    return [c.code for c in tag_countries(title, "").countries]


@pytest.mark.parametrize(("title", "expected"), [
    ("The Portuguese-language edition sold out in Angola", ["AO"]),
    ("The French language is taught in Vietnamese schools", ["VN"]),
    ("Russian-language media in Latvia face a ban", ["LV"]),
    ("Spanish\u2011language radio returns to Miami", ["US"]),
])
def test_a_demonym_before_language_names_the_language(title: str, expected: list[str]) -> None:
    assert codes(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("French troops leave Mali", ["FR", "ML"]),
    ("French languages minister quits", ["FR"]),
    ("Chinese companies in Kenya expand", ["CN", "KE"]),
])
def test_other_demonyms_still_count(title: str, expected: list[str]) -> None:
    assert sorted(codes(title)) == sorted(expected)
