"""Names two countries share (rules.json "shared_names"), a demonym that opens the title, Slovak and Czech adjectives."""
from __future__ import annotations

import re

import pytest

from mediamon.enrich.countries import (
    Hit,
    SharedName,
    load_gazetteer,
    parse_shared_name,
    resolve_shared_name,
    tag_countries,
)
from mediamon.errors import ConfigError


def test_the_shared_names_are_data_of_the_gazetteer_rules() -> None:
    shared = {(s.default, s.other): s for s in load_gazetteer().rules.shared_names}
    assert set(shared) >= {("GE", "US"), ("CD", "CG")}
    assert "georgia" in shared["GE", "US"].names and {"congo", "congolese", "конго"} <= shared["CD", "CG"].names


def hits(*pairs: tuple[str, str, str]) -> list[Hit]:
    """Hits one after another, from (surface, code, kind)."""
    out, start = [], 0
    for surface, code, kind in pairs:
        out.append(Hit(start, start + len(surface), surface, code, kind))
        start += len(surface) + 1
    return out


TOY = SharedName(names=frozenset({"ruritania"}), default="AA", other="BB", other_kind="state",
                 other_kinds=frozenset({"city"}), other_cues=re.compile(r"(?<!\w)(?:Strelsau)(?!\w)"),
                 default_cues=None)


@pytest.mark.parametrize(("found", "doc", "moved"), [
    (hits(("Ruritania", "AA", "country")), "Ruritania", False),                          # no evidence: the default
    (hits(("Ruritania", "AA", "country")), "Ruritania near Strelsau", True),             # a cue of the other
    (hits(("Ruritania", "AA", "country"), ("Zenda", "BB", "city")), "Ruritania Zenda", True),   # its city
    (hits(("Ruritania", "AA", "country"), ("Bee", "BB", "country")), "Ruritania Bee", False),  # not a kind listed
    (hits(("Ruritania", "AA", "country"), ("Zenda", "BB", "city"), ("Alpha", "AA", "capital")),
     "Ruritania Zenda Alpha", False),                                                     # a tie keeps the default
])
def test_a_shared_name_moves_only_when_the_other_country_has_more_evidence(found: list[Hit], doc: str,
                                                                           moved: bool) -> None:
    out = resolve_shared_name(found, doc, TOY)
    assert (out[0].code, out[0].kind) == (("BB", "state") if moved else ("AA", "country"))
    assert out[1:] == found[1:]


def test_a_shared_name_entry_without_its_countries_is_refused() -> None:
    with pytest.raises(ConfigError, match="lacks other"):
        parse_shared_name({"names": ["Ruritania"], "default": "AA"})


@pytest.mark.parametrize(("title", "text", "focus"), [
    ("Guatemalská polícia použila slzotvorný plyn proti migrantom smerujúcim do USA", "", "GT"),
    ("South Korean police clash with protesters over US beef", "", "KR"),
    ("Ruská armáda postupuje", "Jednotky postupujú k mestu, uviedol Kyjev.", "RU"),
])
def test_a_demonym_opening_the_title_counts_as_a_full_mention(title: str, text: str, focus: str) -> None:
    assert tag_countries(title, text).focus == focus


def test_a_demonym_later_in_the_title_still_counts_half() -> None:
    assert tag_countries("Protesters in the USA clash with Guatemalan police", "").focus == "US"


@pytest.mark.parametrize(("text", "code"), [
    ("Mexická vláda oznámila nové opatrenia.", "MX"),
    ("V kanadskom meste Toronto sa konal festival.", "CA"),
    ("Brazilští fotbalisté vyhráli turnaj.", "BR"),
    ("Nigérijská armáda oslobodila rukojemníkov.", "NG"),
    ("Juhoafrický prezident vystúpil v parlamente.", "ZA"),
])
def test_slovak_and_czech_adjectives_of_nationality_name_their_country(text: str, code: str) -> None:
    assert [c.code for c in tag_countries(None, text).countries] == [code]


@pytest.mark.parametrize(("text", "code"), [
    ("Японскі ўрад абвясціў новыя меры.", "JP"),
    ("Турэцкая армія правяла вучэнні.", "TR"),
    ("Прэзідэнт сустрэўся з казахстанскімі калегамі.", "KZ"),
    ("Балгарскія фермеры пратэстуюць.", "BG"),
])
def test_belarusian_adjectives_of_nationality_name_their_country(text: str, code: str) -> None:
    assert [c.code for c in tag_countries(None, text).countries] == [code]
