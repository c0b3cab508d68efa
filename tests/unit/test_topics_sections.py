"""Topic tagging with the article's URL: sections named in its path (config/topics/sections.tsv) as evidence."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mediamon.enrich.topics import (
    SECTIONS_FILE,
    load_sections,
    load_topic_model,
    section_topic,
    tag_topics,
    url_sections,
)
from mediamon.errors import ConfigError

CULTURE, CRIME, ECONOMY, EDUCATION = "medtop:01000000", "medtop:02000000", "medtop:04000000", "medtop:05000000"
SCIENCE, SPORT = "medtop:13000000", "medtop:15000000"
REVIEW = ("Nocturnal Animals : meurtres sous vide", "")  # a film review whose one strong word is a crime word
REVIEW_URL = "http://www.lefigaro.fr/cinema/2017/01/03/03002-20170103ARTFIG00192--nocturnal-animals-meurtres.php"


def codes(tags) -> list[str]:
    """The topic codes of a tag_topics answer, in order."""
    return [t.code for t in tags]


def test_section_of_the_url_settles_a_weak_item() -> None:
    assert codes(tag_topics(*REVIEW, language="fr"))[0] == CRIME
    assert codes(tag_topics(*REVIEW, language="fr", url=REVIEW_URL))[0] == CULTURE


def test_section_is_shown_as_evidence_of_its_topic() -> None:
    [culture] = [t for t in tag_topics(*REVIEW, language="fr", url=REVIEW_URL) if t.code == CULTURE]
    assert "url section /cinema/" in culture.evidence


def test_strong_text_evidence_wins_over_the_section() -> None:
    title = "Meurtre à Lyon : le suspect mis en examen pour assassinat"
    text = "Le tribunal a placé en détention provisoire l'homme arrêté par la police après le meurtre."
    tags = tag_topics(title, text, language="fr", url="https://www.example.fr/culture/2024/05/12/meurtre-lyon")
    assert codes(tags)[0] == CRIME
    assert CULTURE not in codes(tags)  # the section alone is too weak a second subject beside such evidence


@pytest.mark.parametrize("url", [
    "https://www.example.fr/news/2024/05/12/article-123456.html",
    "https://www.example.fr/world/europe/story/987654/",
    "https://www.example.fr/local/ile-de-france/",
    "https://www.example.fr/",
    "https://www.example.fr",
    "https://news.example.org/yandsearch?cl4url=example.ru%2Fsport%2F1",  # a section in the query is not read
])
def test_uninformative_url_changes_nothing(url: str) -> None:
    assert tag_topics(*REVIEW, language="fr", url=url) == tag_topics(*REVIEW, language="fr")
    assert tag_topics("Shares fall", "Markets slid.", url=url) == tag_topics("Shares fall", "Markets slid.")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/" + "sport/" * 100_000, [SPORT]),  # long: only its first segments are read, once
    ("https://example.org/" + "a" * 1_000_000 + "/sport/", []),
    ("https://example.org/%zz%C3%/%E0%A4/%%%/sport%", []),  # broken percent-encoding
    ("https://example.org/%00%0a%2F..%2F/", []),
    ("http://[::1", []),  # a broken host
    ("file:///home/sport/page.html", []),  # not a web address: its path names no section
    ("sport", []),
    ("//example.org/sport/", []),
    ("", []),
    (None, []),
])
def test_hostile_url_does_not_crash(url: str | None, expected: list[str]) -> None:
    model = load_topic_model()
    assert [model.topics[i].code for _, i in url_sections(url, "fr", model)] == expected
    assert codes(tag_topics("Le match", "", language="fr", url=url))[:1] == (expected or [SPORT])[:1]


@pytest.mark.parametrize(("url", "language", "expected"), [
    ("https://ria.example/%D1%81%D0%BF%D0%BE%D1%80%D1%82/2024/1", "ru", SPORT),  # /спорт/ percent-encoded
    ("https://www.bbc.example/news/business-68012345", "ur", ECONOMY),  # BBC: the section before the story id
    ("https://www.example.de/Wirtschaft/unternehmen/", "de", ECONOMY),  # upper case
    ("https://www.example.no/%C3%B8konomi/", "no", ECONOMY),  # økonomi, ø folded
    ("https://www.example.com.br/sa%C3%BAde/", "pt", "medtop:07000000"),  # saúde, accent removed
    ("https://www.example.com.tr/bilim/", "tr", SCIENCE),  # the same word names another topic in Kazakh
    ("https://www.example.kz/bilim/", "kk", EDUCATION),
])
def test_section_names_are_read_in_their_forms(url: str, language: str, expected: str) -> None:
    model = load_topic_model()
    assert [model.topics[i].code for _, i in url_sections(url, language, model)] == [expected]


def test_language_bound_section_is_not_read_for_other_languages() -> None:
    assert url_sections("https://www.example.fr/bilim/", "fr", load_topic_model()) == []


def test_section_alone_tags_an_item_with_no_keyword() -> None:
    assert codes(tag_topics("Le point du samedi", "", language="fr", url="https://example.fr/sport/x"))[0] == SPORT
    assert codes(tag_topics("Saturday notes", "", url="https://example.com/sport/x"))[0] == SPORT


def test_uninformative_names_are_not_in_the_table() -> None:
    table = load_sections()
    assert not {"news", "world", "local", "home", "article", "story", "national", "international"} & set(table)
    assert table["musique"] == (("culture", frozenset({"fr"})),)


def test_bad_row_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "sections.tsv"
    path.write_text(SECTIONS_FILE.read_text(encoding="utf-8") + "kino\tfilm\tde\n", encoding="utf-8")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ConfigError, match=f"line {lines}: .*'kino\\\\tfilm\\\\tde'"):
        load_sections(path)


@pytest.mark.parametrize(("title", "text", "language"), [
    (None, "", None), ("", "", "en"), (None, "  \n ", "fr"), ("", "", "ru"), (None, "", "de"),
])
def test_url_alone_tags_no_empty_article(title: str | None, text: str, language: str | None) -> None:
    assert tag_topics(title, text, language=language, url="https://x.example/sport/a") == []


def test_section_of_a_topic_the_model_lacks_is_a_clear_error() -> None:
    model = load_topic_model()
    without_sport = dataclasses.replace(model, topics=tuple(d for d in model.topics if d.key != "sport"))
    with pytest.raises(ConfigError, match="topic key 'sport'"):
        url_sections("https://www.example.fr/sport/", "fr", without_sport)


def test_every_section_names_a_topic_of_the_model() -> None:
    model = load_topic_model()
    for entries in load_sections().values():
        for key, _ in entries:
            assert model.topics[section_topic(model, key)].key == key
