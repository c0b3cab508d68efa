"""Validate and load of the sixth round: a fixture day (the site on 127.0.0.1, the real stages, real Great
Expectations, a real DuckDB file) whose enriched shards are then damaged on disk: lines cut short or not objects,
rows lacking a field the warehouse requires or holding a value of another type (a list as title, a number as text,
a 10 MB title, NaN and infinite numbers, tags of the wrong shape, a date that is none), codes outside ISO 3166 or
IPTC, and one article in two shards. Every bad row is quarantined with its fault and the fix named, the rest of
the day loads, and staged files cut short or of another schema fail the load naming the file and the fix, with
nothing of the run written."""
from __future__ import annotations

import dataclasses
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from mediamon import stages
from mediamon.errors import WarehouseError
from mediamon.settings import Settings
from mediamon.warehouse.load import load_staged
from tests.support.watched_day import watched_day

WATCHES = "watches:\n  - name: water\n    query: water\n  - name: protests\n    query: protest*\n"
GOOD_COPIES = 8


def first_shard(run: Path) -> Path:
    """The run's first enriched shard, as the day wrote it."""
    return sorted((run / "enriched").glob("shard-*.jsonl"))[0]


def rows_of(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def variant(row: dict[str, Any], name: str, **changes: Any) -> dict[str, Any]:
    """A copy of an enriched row as another article named name, with changes (a value of DROP removes the field)."""
    copy = {**row, "article_id": f"bad-{name}", "url": f"{row['url']}?v={name}", "item_id": None,
            "title": f"{row['title']} ({name})", "watch_matches": None, "watch_config": None}
    for field, value in changes.items():
        if value is DROP:
            copy.pop(field, None)
        else:
            copy[field] = value
    return copy


DROP = object()
NOT_TEXT = "where text is due"
BAD_ROWS: dict[str, tuple[dict[str, Any], str]] = {
    "title-list": ({"title": ["Water", "deal"]}, "title: a list where text is due"),
    "title-object": ({"title": {"en": "Water"}}, "title: an object where text is due"),
    "text-number": ({"text": 42}, "text: the number 42 where text is due"),
    "title-10mb": ({"title": "flood " * 1_700_000}, "title: 10,200,000 characters, over the 1,000"),
    "url-missing": ({"url": DROP}, "url: missing"),
    "source-missing": ({"source_id": DROP}, "source_id: missing"),
    "first-seen-missing": ({"first_seen_at": DROP}, "first_seen_at: missing"),
    "first-seen-garbage": ({"first_seen_at": "yesterday"}, "first_seen_at: 'yesterday' is no ISO 8601 date"),
    "published-garbage": ({"published_at": "next tuesday"}, "published_at: 'next tuesday' is no ISO 8601 date"),
    "words-infinite": ({"word_count": float("inf")}, "word_count: an infinite number where a whole number"),
    "words-text": ({"word_count": "126"}, "word_count: the text '126' where a whole number"),
    "words-missing": ({"word_count": DROP}, "word_count: nothing where a whole number"),
    "confidence-nan": ({"language_confidence": float("nan")}, "language_confidence: NaN where a number from 0 to 1"),
    "confidence-big": ({"language_confidence": 7}, "language_confidence: the number 7 where a number from 0 to 1"),
    "countries-text": ({"countries": "KZ"}, "countries: the text 'KZ' where a list is due"),
    "countries-numbers": ({"countries": [1, 2]}, "countries[0]: the number 1 where an object is due"),
    "country-no-code": ({"countries": [{"mentions": 1}]}, "countries[0].code: nothing where str is due"),
    "topic-score-nan": ({"topics": [{"code": "medtop:20000763", "label": "x", "score": float("nan")}]},
                        "topics[0].score: NaN where float is due"),
    "signature-missing": ({"signature": DROP}, "signature: missing"),
    "stems-list": ({"event_stems": ["a"]}, "event_stems: a list where an object with title and lead is due"),
    "language-number": ({"language": 1}, "language: the number 1 where text is due"),
}
SUITE_ROWS: dict[str, tuple[dict[str, Any], str]] = {
    "country-xx": ({"countries": [{"code": "XX", "mentions": 1, "spans": []}]}, "country_code"),
    "country-lower": ({"countries": [{"code": "kz", "mentions": 1, "spans": []}]}, "country_code"),
    "topic-not-iptc": ({"topics": [{"code": "medtop:99999999", "label": "x", "score": 0.5, "evidence": []}]},
                       "topic_code"),
    "title-missing": ({"title": DROP}, "not_be_null(title)"),
}
DAMAGED_LINES = {"cut": 3, "list": 4, "number": 5, "latin-1": 6}


def damage(run: Path) -> None:
    """Write a second enriched shard holding the bad rows, damaged lines, good copies and one duplicate article."""
    good = rows_of(first_shard(run))
    base = good[0]
    lines = [json.dumps(variant(base, name, **changes)) for name, (changes, _) in {**BAD_ROWS, **SUITE_ROWS}.items()]
    lines += [json.dumps(variant(base, f"good-{i}", title=f"Good copy {i} about water")) for i in range(GOOD_COPIES)]
    later = {**good[1], "first_seen_at": "2099-12-31T00:00:00+00:00", "item_url": good[1]["url"] + "?dup",
             "item_id": None}
    lines.append(json.dumps(later))
    body = "\n".join(lines).encode() + b"\n"
    cut = json.dumps(variant(base, "cut")).encode()[:300]
    damaged = b"\n".join([b"", cut, b"[1, 2]", b"42", '{"title": "Bogot\xe1"}'.encode("latin-1")]) + b"\n"
    head = json.dumps(variant(base, "first")).encode()
    (run / "enriched" / "damaged.jsonl").write_bytes(head + b"\n" + json.dumps(variant(base, "second")).encode()
                                                      + damaged + body)
    (run / "stories.jsonl").unlink()  # the stories stage reads the damaged shard too


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Path]]:
    """The fixture day run to its load, with the site still serving."""
    with watched_day(tmp_path_factory.mktemp("round6-day"), WATCHES) as found:
        yield found


@pytest.fixture(scope="module")
def damaged(day: tuple[Settings, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    """A copy of the day's run with its shards damaged, validated and loaded into a new warehouse: the warehouse,
    the run directory, and the load's figures."""
    settings, run_dir = day
    tmp = tmp_path_factory.mktemp("round6-damaged")
    run = tmp / "data" / "runs" / run_dir.parent.name / run_dir.name
    shutil.copytree(run_dir, run)
    shutil.rmtree(run / "validated")
    damage(run)
    mine = dataclasses.replace(settings, db_path=tmp / "wh.duckdb", data_dir=tmp / "data")
    stages.validate_run(run, mine)
    return mine.db_path, run, stages.load_run(run, mine)


def query(db: Path, sql: str, *params: Any) -> list[tuple]:
    """Rows of a read-only query."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def quarantined(db: Path, key: str) -> list[str]:
    """The reasons the quarantine holds for a record key (stage articles)."""
    rows = query(db, "SELECT reasons FROM quarantine WHERE stage = 'articles' AND record_key = ?", key)
    return json.loads(rows[0][0]) if rows else []


# --- bad rows quarantined, named, never loaded ----------------------------------------------------------------------

@pytest.mark.parametrize("name", BAD_ROWS)
def test_a_row_of_the_wrong_shape_is_quarantined_naming_its_field_and_the_fix(damaged: tuple, name: str) -> None:
    db, _, _ = damaged
    reasons = quarantined(db, f"bad-{name}")
    assert any(BAD_ROWS[name][1] in reason for reason in reasons), reasons
    assert all("re-run the day" in reason for reason in reasons)
    assert query(db, "SELECT count(*) FROM articles WHERE article_id = ?", f"bad-{name}") == [(0,)]


@pytest.mark.parametrize("name", SUITE_ROWS)
def test_a_code_outside_iso_or_iptc_is_quarantined_by_the_suites(damaged: tuple, name: str) -> None:
    db, _, _ = damaged
    reasons = quarantined(db, f"bad-{name}")
    assert any(SUITE_ROWS[name][1] in reason for reason in reasons), reasons
    assert query(db, "SELECT count(*) FROM articles WHERE article_id = ?", f"bad-{name}") == [(0,)]


@pytest.mark.parametrize("kind", DAMAGED_LINES)
def test_a_damaged_line_is_quarantined_by_its_file_and_line(damaged: tuple, kind: str) -> None:
    db, _, _ = damaged
    reasons = quarantined(db, f"enriched/damaged.jsonl line {DAMAGED_LINES[kind]}")
    assert len(reasons) == 1 and reasons[0].startswith("enriched-line: ") and "re-run the day" in reasons[0]


def test_the_rows_beside_the_damage_load(damaged: tuple) -> None:
    db, _, figures = damaged
    ids = {r[0] for r in query(db, "SELECT article_id FROM articles")}
    assert {f"bad-good-{i}" for i in range(GOOD_COPIES)} | {"bad-first", "bad-second"} <= ids
    assert len(ids) == 3 + GOOD_COPIES + 2 == figures["new_articles"]


def test_nothing_is_dropped_silently(damaged: tuple) -> None:
    db, _, _ = damaged
    keys = {r[0] for r in query(db, "SELECT record_key FROM quarantine WHERE stage = 'articles'")}
    expected = {f"bad-{name}" for name in {**BAD_ROWS, **SUITE_ROWS}}
    expected |= {f"enriched/damaged.jsonl line {line}" for line in DAMAGED_LINES.values()}
    assert expected <= keys, expected - keys


def test_an_article_in_two_shards_is_stored_once_from_its_first_sighting(day: tuple, damaged: tuple) -> None:
    db, run, _ = damaged
    first = rows_of(first_shard(run))[1]
    assert query(db, "SELECT count(*), min(first_seen_at) < TIMESTAMPTZ '2099-01-01' FROM articles "
                     "WHERE article_id = ?", first["article_id"]) == [(1, True)]
    assert quarantined(db, first["article_id"]) == []


def test_a_10_mb_title_is_kept_cut_in_the_quarantine_payload(damaged: tuple) -> None:
    db, _, _ = damaged
    (payload,) = query(db, "SELECT payload FROM quarantine WHERE record_key = 'bad-title-10mb'")[0]
    assert len(payload) < 30_000 and "[cut: 10,200,000 characters]" in payload


def test_quarantined_rows_have_no_watch_matches_and_good_copies_have(damaged: tuple) -> None:
    db, _, _ = damaged
    matched = {r[0] for r in query(db, "SELECT article_id FROM watch_matches WHERE watch_name = 'water'")}
    assert {f"bad-good-{i}" for i in range(GOOD_COPIES)} <= matched
    assert not {f"bad-{name}" for name in BAD_ROWS} & matched


# --- staged files damaged, loads racing or failing --------------------------------------------------------------------

@pytest.fixture()
def staged(damaged: tuple, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the validated run and a new warehouse path."""
    _, run, _ = damaged
    copy = tmp_path / "run"
    shutil.copytree(run, copy, ignore=shutil.ignore_patterns("warc", "extracted", "shards"))
    return copy, tmp_path / "wh.duckdb"


def counts(db: Path) -> tuple:
    """Articles, watch matches, runs and quarantine rows stored."""
    return query(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM watch_matches), "
                     "(SELECT count(*) FROM runs), (SELECT count(*) FROM quarantine)")[0]


@pytest.mark.parametrize(("name", "cut"), [("articles", 0.5), ("article_topics", 0), ("search_terms", 0.3),
                                            ("quarantine", 0.9)])
def test_a_staged_file_cut_short_fails_the_load_naming_it_and_the_fix(staged: tuple, name: str, cut: float) -> None:
    run, db = staged
    path = run / "validated" / f"{name}.parquet"
    path.write_bytes(path.read_bytes()[:int(path.stat().st_size * cut)])
    with pytest.raises(WarehouseError) as caught:
        load_staged(run, db)
    message = str(caught.value)
    assert "validate stage of this run again" in message and "Traceback" not in message
    assert str(path) in message or "staged files" in message
    assert not db.exists() or counts(db)[0] == 0


def test_a_staged_file_of_another_schema_rolls_the_load_back_naming_the_step(staged: tuple) -> None:
    run, db = staged
    load_staged(run, db)
    before = counts(db)
    with duckdb.connect() as con:
        con.execute("COPY (SELECT 1 AS a, 'x' AS b) TO ? (FORMAT parquet)",
                    [str(run / "validated" / "watch_matches.parquet")])
    with pytest.raises(WarehouseError) as caught:
        load_staged(run, db)  # the re-load clears the run's rows first: all of it must be undone
    assert "watches_matches_insert" in str(caught.value) and "validate stage of this run again" in str(caught.value)
    assert counts(db) == before


def test_a_staged_articles_file_of_another_schema_is_a_clear_error(staged: tuple) -> None:
    run, db = staged
    with duckdb.connect() as con:
        con.execute("COPY (SELECT 1 AS a) TO ? (FORMAT parquet)", [str(run / "validated" / "articles.parquet")])
    with pytest.raises(WarehouseError, match="validate stage of this run again"):
        load_staged(run, db)


def test_a_run_loaded_twice_at_once_is_stored_once(staged: tuple) -> None:
    run, db = staged
    outcomes: list[Any] = []

    def load() -> None:
        try:
            outcomes.append(load_staged(run, db)["new_articles"])
        except WarehouseError as err:
            outcomes.append(str(err))
    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and all(o == 3 + GOOD_COPIES + 2 or "let it finish" in str(o) for o in outcomes)
    stored = counts(db)
    assert (stored[0], stored[2]) == (3 + GOOD_COPIES + 2, 1)
    assert query(db, "SELECT count(*) - count(DISTINCT article_id) FROM articles") == [(0,)]
    assert query(db, "SELECT count(*) FROM (SELECT watch_name, article_id FROM watch_matches GROUP BY ALL "
                     "HAVING count(*) > 1)") == [(0,)]
