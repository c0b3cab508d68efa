"""Tests for the institutions fallback of mediamon.enrich.countries (curated/institutions.tsv):
national institutions are evidence of their country only when an article names no place at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.enrich.countries import GAZETTEER_TABLE, compose_document, load_tagger, read_institutions, tag_countries

INSTITUTIONS = GAZETTEER_TABLE.parent / "curated" / "institutions.tsv"


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Zahlen geschönt? FBI-Untersuchung gegen Tesla", "Das FBI ermittelt strafrechtlich.", "US"),
    (None, "A GNR registou mais acidentes na Operação Ano Novo.", "PT"),
    (None, "Poslanci OĽANO navrhujú zmenu zákona.", "SK"),
    (None, "ÖSYM sınav sonuçlarını açıkladı.", "TR"),            # the Turkish İ/Ö letters stay as written
    (None, "Президент компанії Енергоатому заявив про зміни.", "UA"),  # Cyrillic case ending
    (None, "ҰБТ нәтижесі жарияланды.", "KZ"),
    (None, "2024年高考今日开考。", "CN"),                          # Han: no word boundary needed
    (None, "夏の甲子園、決勝進出。", "JP"),
])
def test_an_institution_alone_gives_the_focus(title: str | None, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected


def test_the_span_names_the_institution() -> None:
    title, text = "Das FBI ermittelt", ""
    (mention,) = tag_countries(title, text).countries
    doc, _ = compose_document(title, text)
    assert [doc[s:e] for s, e, _ in mention.spans] == ["FBI"]


def test_a_named_place_keeps_the_focus() -> None:
    text = "Das FBI und die CIA ermitteln in Wien; Wien bestätigte die Ermittlungen."
    tags = tag_countries(None, text)
    assert tags.focus == "AT"
    assert {m.code for m in tags.countries} == {"AT"}  # institutions are not counted beside places


@pytest.mark.parametrize("text", [
    "Real Madrid beat Manchester United 2-1.",     # clubs are not listed
    "Die NS-Zeit wird im Museum dokumentiert.",    # NS (Nederlandse Spoorwegen) is not listed bare
    "The fbi file was lost.",                      # case-sensitive
    "The FBIX and CIAO programmes ended.",         # whole words: FBIX is not FBI
])
def test_other_organisations_and_words_do_not_match(text: str) -> None:
    assert tag_countries(None, text).focus is None


def test_loader_rejects_places_and_doubles(tmp_path: Path) -> None:
    gazetteer = load_tagger().gazetteer
    table = tmp_path / "institutions.tsv"
    table.write_text("# test\nXX\tExample Agency|EXA\n", encoding="utf-8")
    found = read_institutions(table, gazetteer.names, gazetteer.people, {"endings": {}})
    assert set(found) == {"Example Agency", "EXA"} and found["EXA"].kind == "institution"
    for bad in ("XX\tGeorgia\n", "XX\tEXA\nYY\tEXA\n", "XX\tAngela Merkel\n", "Xx\tEXA\n", "# a\nXX EXA\n"):
        table.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match="line [12]"):
            read_institutions(table, gazetteer.names, gazetteer.people, {"endings": {}})


def test_committed_list_reads_and_covers_the_registry_countries() -> None:
    institutions = load_tagger().gazetteer.institutions
    assert {"US", "DE", "FR", "ES", "PT", "BR", "RU", "UA", "TR", "JP", "CN"} <= {n.code for n in institutions.values()}
    assert INSTITUTIONS.exists()
