"""Event stems of Thai, Lao and Burmese runs read as character pairs, the pair feature of different towns of one
country, the towns' stems kept between runs, and the shape of the fifth written set."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from mediamon.enrich import events
from mediamon.enrich.events import EventArticle, assign_events, event_columns, stems
from tests.support.written_events import assert_written_set_shape, read_set

DATA = Path(__file__).resolve().parents[1] / "data"
WRITTEN4 = DATA / "event_labels_written4.tsv"
WRITTEN5 = DATA / "event_labels_written5.tsv"
LANGUAGE_COUNTRY = {"fr": "FR", "fi": "FI", "pt": "BR", "fa": "IR", "uk": "UA", "ha": "NG"}


def articles(rows: list[dict[str, str]]) -> list[EventArticle]:
    """The rows as articles, each naming its language's country (LANGUAGE_COUNTRY) as the tagger would."""
    out = []
    for n, row in enumerate(rows):
        when = datetime.fromisoformat(row["published"])
        country = LANGUAGE_COUNTRY.get(row["language"])
        out.append(EventArticle(article_id=str(n), story_id=str(n), source_id=row["source"], title=row["title"],
                                lead=row["summary"], first_seen=when, published=when, language=row["language"],
                                focus_country=country, countries=(country,) if country else ()))
    return out


def test_a_thai_run_is_read_as_character_pairs_without_its_vowel_signs() -> None:
    """Two reports of a flood in Chiang Mai whose runs begin differently share the pairs of เชียงใหม่ (read as
    เชยงใหม); a run's first six letters, as a stem, shared nothing."""
    first, second = stems("น้ำปิงล้นตลิ่ง ท่วมตัวเมืองเชียงใหม่"), stems("ผู้ว่าฯ เชียงใหม่ประกาศเขตภัยพิบัติ 3 อำเภอ")
    assert {"เช", "ชย", "ยง", "งใ", "ให", "หม"} <= set(first) & set(second)
    assert stems("กนง. ลดดอกเบี้ยเหลือ 1.25% Thai PBS") == ["กน", "นง", "ลด", "ดด", "ดอ", "อก", "กเ", "เบ", "บย", "ยเ",
                                                          "เห", "หล", "ลอ", "1.25", "thai", "pbs"]
    assert stems("ນ້ຳຖ້ວມວຽງຈັນ") == ["ນາ", "າຖ", "ຖວ", "ວມ", "ມວ", "ວຽ", "ຽງ", "ງຈ", "ຈນ"]  # Lao


def test_reports_naming_other_towns_of_one_country_stay_apart() -> None:
    """Written4's French items: the three reports of the fire at the Croix-Rousse in Lyon make one event, and the
    fire in Marseille the same night, sharing 'incendie dans un immeuble' and France, joins none of them."""
    rows = read_set(WRITTEN4)
    found = assign_events(articles(rows))
    lyon = {found[str(n)] for n, row in enumerate(rows) if row["event"] == "fr-lyon-incendie"}
    marseille = [found[str(n)] for n, row in enumerate(rows) if "Marseille" in row["title"]]
    assert len(lyon) == 1 and len(marseille) == 1 and marseille[0] not in lyon


def test_reports_naming_one_town_in_other_forms_are_not_told_apart() -> None:
    """Espoossa and Espoon, Oulussa, Ouluun and Oulun are forms of two towns: no pair of the Finnish reports of
    Nokia's cuts names other towns; Lyon and Marseille do, and a report naming no town names none."""
    items = [EventArticle(article_id=str(n), story_id=str(n), source_id="s", title=title, lead=lead,
                          first_seen=datetime(2026, 3, 7), countries=(country,))
             for n, (title, lead, country) in enumerate([
                 ("Nokia vähentää satoja työpaikkoja Espoossa ja Oulussa", "", "FI"),
                 ("Nokian irtisanomiset osuvat Ouluun", "Isku Oulun teknologiakeskittymälle", "FI"),
                 ("Lyon : un incendie dans un immeuble", "", "FR"),
                 ("Marseille : incendie dans un immeuble", "", "FR"),
                 ("Un incendie dans un immeuble", "", "FR")])]
    columns = event_columns(items)
    nodes = events._nodes({c: columns[c] for c in (*events.EVENT_COLUMNS, events.SOURCE_COLUMN)})
    rows, cols = np.array([0, 2, 2, 3]), np.array([1, 3, 4, 4])
    assert events._other_places(nodes, rows, cols).tolist() == [False, True, False, False]


def test_the_towns_are_built_from_the_gazetteer_once_and_read_back(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A town's stem with its first letters' id and its country; a name two countries' towns share, a region, a country
    and a name of three letters are left out; the file kept for the table is read the next time, and an earlier
    table's file is removed."""
    table = tmp_path / "gazetteer.tsv"
    table.write_text("surface\tcode\tkind\tsuffix\tendings\thomonyms\tsource\n"
                     "Lyon\tFR\tcity\t0\t\t\tg\nLyonnais\tFR\tregion\t0\t\t\tg\nMarseille\tFR\tcity\t0\t\t\tg\n"
                     "Paris\tFR\tcapital\t0\t\t\tg\nParis\tUS\tcity@en\t0\t\t\tg\nKano\tNG\tcity\t0\t\t\tg\n"
                     "Ede\tNL\tcity\t0\t\t\tg\nFrance\tFR\tcountry\t0\t\t\tg\n", encoding="utf-8")
    monkeypatch.setattr(events, "PLACE_CACHE_DIR", tmp_path / "kept")
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "towns-1-2-3-4.npy").write_bytes(b"of an earlier table")
    keys, prefixes, countries = events._place_table(table)
    names = ["kano", "lyon", "marsei"]
    expected = events._words(np.arange(3), events.object_array(names))[0][1]
    order = np.argsort(expected)
    assert keys.tolist() == expected[order].tolist()
    country = dict(zip(np.array(names)[order].tolist(), countries.tolist()))
    assert country["lyon"] == country["marsei"] != country["kano"]
    assert len(set(prefixes.tolist())) == 3
    assert [p.name for p in (tmp_path / "kept").iterdir()] != ["towns-1-2-3-4.npy"]
    assert len(list((tmp_path / "kept").iterdir())) == 1  # the earlier table's file removed
    kept = next((tmp_path / "kept").glob("towns-*.npy"))
    np.save(kept, np.stack([keys, prefixes.astype(np.uint64), np.zeros(3, dtype=np.uint64)]))  # told apart below
    events._place_table.cache_clear()
    again = events._place_table(table)
    assert again[0].tolist() == keys.tolist() and again[2].tolist() == [0, 0, 0]
    events._place_table.cache_clear()


def test_the_fifth_written_set_has_several_outlets_per_happening_and_a_negative_beside_each() -> None:
    assert_written_set_shape(WRITTEN5, ["ar", "ca", "fa", "ha", "hr", "ja", "pt", "th", "tl", "uk"], negatives=3,
                             labels_name_language=True)
