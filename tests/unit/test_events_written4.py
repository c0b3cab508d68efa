"""Event stems of a match's score, read alike from the winner's side and the loser's (2-1 and 1-2), and the shape of
the fourth written set."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mediamon.enrich.events import EventArticle, assign_events, stems
from tests.support.written_events import assert_written_set_shape, read_set

WRITTEN = Path(__file__).resolve().parents[1] / "data" / "event_labels_written.tsv"
WRITTEN4 = WRITTEN.with_name("event_labels_written4.tsv")


def test_a_score_is_one_word_whichever_side_reports_it() -> None:
    assert stems("Bayern siegt im Klassiker gegen Dortmund 3:1") == ["bayern", "siegt", "klassi", "gegen", "dortmu",
                                                                     "3x1"]
    assert stems("BVB verliert 1:3 in München")[2] == "3x1"
    assert "2x1" in stems("Galatasaray, Fenerbahçe'yi 2-1 mağlup etti") and "2x1" in stems("1-2 kaybedilen maçta")
    assert "2x0" in stems("Dinamo a cedat cu 0 – 2 în fața FCSB") and "2x0" in stems("Spartak won 2-0.")


def test_times_ranges_and_decimals_are_no_score() -> None:
    assert stems("um 18:30 Uhr") == ["18", "30", "uhr"]
    assert stems("zwischen 2-10 Grad") == ["zwisch", "10", "grad"]
    assert stems("Inflation 1.2-3 Prozent") == ["inflat", "1.2", "prozen"]
    assert stems("Code 3-1-1 gilt") == ["code", "gilt"]


def test_a_text_giving_several_scores_reads_none() -> None:
    """A tennis match's sets or a round's results do not name one match: 6-3 of one final and of another must not meet."""
    assert stems("Nishikori wins 7-6 (7-3), 6-3 in Brisbane") == ["nishik", "wins", "brisba"]
    assert stems("Pliskova beats Cornet 6-3 6-4") == ["plisko", "beats", "cornet"]


def test_three_reports_of_a_match_giving_its_score_share_an_event_and_another_match_stays_apart() -> None:
    """The written set's Italian items (each naming Italy) among all its items: the three reports of Inter-Juventus
    (2-1 in two of them) make one event, and Inter's 1-1 in Barcelona, sharing Inter and Lautaro, stays apart."""
    rows = read_set(WRITTEN)
    batch = []
    for n, row in enumerate(rows):
        when = datetime.fromisoformat(row["published"])
        italy = ("IT",) if row["language"] == "it" else ()
        batch.append(EventArticle(article_id=str(n), story_id=str(n), source_id=row["source"], title=row["title"],
                                  lead=row["summary"], first_seen=when, published=when, language=row["language"],
                                  focus_country=italy[0] if italy else None, countries=italy))
    events = assign_events(batch)
    derby = {events[str(n)] for n, row in enumerate(rows) if row["event"] == "it-inter-juve"}
    barcelona = [events[str(n)] for n, row in enumerate(rows) if "Barcellona" in row["title"]]
    assert len(derby) == 1 and len(barcelona) == 1 and barcelona[0] not in derby


def test_the_fourth_written_set_has_several_outlets_per_happening_and_a_negative_beside_each() -> None:
    assert_written_set_shape(WRITTEN4, ["de", "en", "es", "fr", "hu", "it", "ro", "ru", "sw", "tr"], negatives=3)
