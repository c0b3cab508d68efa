"""Tests for the people fallback of mediamon.enrich.countries (curated/people.tsv): leaders are
evidence of their country only when an article names no place at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.enrich.countries import GAZETTEER_TABLE, compose_document, load_tagger, read_people, tag_countries

PEOPLE = GAZETTEER_TABLE.parent / "curated" / "people.tsv"


def test_merkel_alone_is_germany() -> None:
    title = "EU-Experten: Merkel als Zielscheibe aggressiver Propaganda"
    tags = tag_countries(title, "Die Kanzlerin sei das Hauptziel, sagten die Fachleute am Montag.")
    assert tags.focus == "DE"
    doc, _ = compose_document(title, "Die Kanzlerin sei das Hauptziel, sagten die Fachleute am Montag.")
    (mention,) = tags.countries
    assert [(doc[s:e], surface) for s, e, surface in mention.spans] == [("Merkel", "Merkel")]  # explainable span


@pytest.mark.parametrize(("title", "text", "expected"), [
    (None, "Erdoğan sprach am Dienstag vor der Fraktion.", "TR"),
    (None, "Erdoğans Sprecher wies die Vorwürfe zurück.", "TR"),            # German genitive
    (None, "Президент Эрдоган заявил, что переговоры продолжатся.", "TR"),
    ("Ibope: Bolsonaro perde de Haddad", "", "BR"),
    (None, "Pellegrini pripúšťa referendovú kampaň.", "SK"),
    (None, "Встреча с Путиным прошла за закрытыми дверями.", "RU"),         # Cyrillic case ending
    (None, "习近平主持召开会议。", "CN"),
    (None, "윤석열은 이날 회의에서 말했다.", "KR"),                              # Korean particle
    (None, "مودی نے کہا کہ مذاکرات جاری رہیں گے۔", "IN"),
])
def test_a_leader_alone_gives_the_focus(title: str | None, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_a_named_place_keeps_the_focus() -> None:
    text = "In Wien traf Kanzler Kurz am Montag Erdoğan und Merkel; Wien sei ein guter Ort, hieß es."
    tags = tag_countries(None, text)
    assert tags.focus == "AT"
    assert {m.code for m in tags.countries} == {"AT"}  # people are not counted beside places


def test_places_are_tagged_as_without_the_list() -> None:
    text = "Putin and Macron spoke by phone about Ukraine on Tuesday."
    assert {m.code for m in tag_countries(None, text).countries} == {"UA"}


@pytest.mark.parametrize("text", [
    "In May the committee met again.",             # Theresa May: full name only
    "The trump card was played late in the game.",  # case-sensitive: the common word is not the surname
    "Tusk and Duda were absent.",                  # Latin surnames under 5 letters are never bare
    "Die Sitzung war kurz und sachlich.",          # Kurz: full name only
    "Conte chiede chiarimenti.",                   # Conte: full name only
])
def test_common_words_that_are_surnames_do_not_match(text: str) -> None:
    assert tag_countries(None, text).countries == ()


def test_full_names_still_match_where_the_surname_alone_does_not() -> None:
    assert tag_countries(None, "Theresa May spoke to reporters.").focus == "GB"
    assert tag_countries(None, "Donald Tusk spoke to reporters.").focus == "PL"


def test_loader_drops_short_ambiguous_and_place_forms(tmp_path: Path) -> None:
    gazetteer = load_tagger().gazetteer
    table = tmp_path / "people.tsv"
    table.write_text("# test\n"
                     "XX\t2015\t-\tAnna Example\tExam|Examplova\n"     # Exam: under 5 letters
                     "YY\t2015\t2020\tBob Same\tSamename\n"
                     "ZZ\t2016\t-\tCarl Other\tSamename|Georgia\n",  # listed twice; a place name
                     encoding="utf-8")
    people = read_people(table, gazetteer.names, gazetteer.rules, {"endings": {}})
    assert set(people) == {"Anna Example", "Examplova", "Bob Same", "Carl Other"}
    assert people["Examplova"].code == "XX" and people["Examplova"].kind == "person"


def test_bad_year_is_an_error(tmp_path: Path) -> None:
    table = tmp_path / "people.tsv"
    table.write_text("XX\tsince\t-\tAnna Example\t\n", encoding="utf-8")
    gazetteer = load_tagger().gazetteer
    with pytest.raises(ValueError, match="line 1"):
        read_people(table, gazetteer.names, gazetteer.rules, {"endings": {}})


def test_committed_list_has_years_for_every_row() -> None:
    rows = [ln.split("\t") for ln in PEOPLE.read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    assert len({r[0] for r in rows}) >= 60
    for code, start, end, full, _surnames in rows:
        assert 1980 <= int(start) <= 2026 and (end == "-" or int(start) <= int(end) <= 2026), code
        assert full, code


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("امامعلی رحمان از نیروگاه راغون بازدید کرد", "", "TJ"),               # Persian script
    (None, "Эмомали Рахмон провёл совещание.", "TJ"),
    ("Il Papa: la pace non è un'utopia", "Leone XIV ha parlato all'Angelus.", "VA"),  # the Holy See's head of state
    (None, "Ο Μητσοτάκης ανακοίνωσε νέα μέτρα.", "GR"),                       # Greek script
    (None, "נתניהו בירך על ההצבעה.", "IL"),                                   # Hebrew script
    (None, "Maia Sandu a cerut reforme.", "MD"),
])
def test_leaders_in_their_own_and_neighbouring_scripts(title: str | None, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_a_short_surname_marked_kept_matches_bare(tmp_path: Path) -> None:
    assert tag_countries(None, "Merz kündigt ein Sparpaket an.").focus == "DE"
    assert tag_countries(None, "Lula sanciona a lei do salário mínimo.").focus == "BR"
    table = tmp_path / "people.tsv"
    table.write_text("DE\t2025\t-\tFriedrich Merz\tMerz!\nPL\t2023\t-\tDonald Tusk\tTusk\n", encoding="utf-8")
    tagger = load_tagger()
    people = read_people(table, tagger.gazetteer.names, tagger.gazetteer.rules, {"endings": {}})
    assert "Merz" in people and "Merz!" not in people and "Tusk" not in people
