"""`mediamon watch test` and `mediamon watch list` as a user runs them (a real subprocess) on a real
DuckDB warehouse: the matches with their evidence, and a bad query's column, caret and exit code 2."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mediamon import warehouse

ARTICLES = [  # article_id, run_date, title, text, countries
    ("kz1", "2026-03-31", "Rally in Almaty", "Hundreds of protesters rallied in Almaty over fuel prices.", ["KZ"]),
    ("kz2", "2026-03-30", "Митинг в Алматы", "В Алматы прошёл митинг против роста цен на топливо.", ["KZ"]),
    ("ge1", "2026-03-31", "Tbilisi protests", "Protesters gathered in Tbilisi for a third night.", ["GE"]),
    ("old", "2026-03-01", "Old rally in Almaty", "A protest in Almaty a month ago.", ["KZ"]),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A warehouse with four articles on three days, one watch match counted by `watch list`."""
    path = tmp_path_factory.mktemp("watchcli") / "wh.duckdb"
    with warehouse.connect(path) as con:
        for article_id, day, title, text, countries in ARTICLES:
            con.execute("INSERT INTO articles (article_id, url, source_id, title, text, word_count, text_source, "
                        "first_seen_at, run_date, loaded_at) VALUES (?, ?, 'wire', ?, ?, 9, 'body', now(), ?, now())",
                        [article_id, f"https://wire.example/{article_id}", title, text, day])
            for code in countries:
                con.execute("INSERT INTO article_countries (article_id, country_code, mentions, is_focus) "
                            "VALUES (?, ?, 1, true)", [article_id, code])
        con.execute("INSERT INTO watch_matches VALUES ('kz-protests', 'kz1', '2026-03-31', ['protest*'], 's', 'text')")
    return path


def mediamon(*args: str, watches: Path | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would; its output and exit code."""
    env = {**os.environ, **({"MEDIAMON_WATCHES": str(watches)} if watches else {})}
    return subprocess.run([sys.executable, "-m", "mediamon", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_watch_test_prints_each_match_with_its_terms_and_snippet(db: Path) -> None:
    done = mediamon("watch", "test", "protest* (almaty OR алматы) OR митинг", "--days", "7", "--db", str(db))
    assert done.returncode == 0, done.stderr
    blocks = done.stdout.strip().split("\n\n")
    assert blocks[0].splitlines()[0] == "2026-03-31  wire  Rally in Almaty"
    assert "  terms: protest*, almaty  (text)" in blocks[0]
    assert "Hundreds of protesters rallied in Almaty" in blocks[0]
    assert blocks[1].splitlines()[0] == "2026-03-30  wire  Митинг в Алматы"
    assert blocks[-1] == "2 of 3 articles matched over the 7 days up to 2026-03-31 (the latest loaded day)"  # 'old': outside


def test_watch_test_filters_by_country_and_prints_json(db: Path) -> None:
    done = mediamon("watch", "test", "protest*", "--country", "GE", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert [(h["title"], h["match"]["matched_terms"]) for h in hits] == [("Tbilisi protests", ["protest*"])]
    done = mediamon("watch", "test", "protest*", "--country", "KZ", "--country", "GE", "--db", str(db))
    assert done.stdout.strip().splitlines()[-1].startswith("2 of 3 articles about KZ, GE matched over the 7 days up to ")


def test_a_bad_query_points_at_its_column_and_exits_2(db: Path) -> None:
    done = mediamon("watch", "test", 'kazakhstan AND  "almaty', "--db", str(db))
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == ["mediamon: watch test: unbalanced quote at column 17",
                                        '  kazakhstan AND  "almaty', "  " + " " * 16 + "^"]


def test_a_bad_country_is_a_clean_error(db: Path) -> None:
    done = mediamon("watch", "test", "rally", "--country", "UK", "--db", str(db))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "'UK' is not an ISO 3166-1 alpha-2 code" in done.stderr


def test_watch_list_shows_each_watch_with_its_matches(db: Path, tmp_path: Path) -> None:
    watches = tmp_path / "watches.yaml"
    watches.write_text("watches:\n  - name: kz-protests\n    query: protest*\n    countries: [KZ]\n    alert: true\n"
                       "  - name: quiet\n    query: zyzzyva\n", encoding="utf-8")
    done = mediamon("watch", "list", "--db", str(db), watches=watches)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["name", "matches_28d", "last_match", "alert", "filters", "query"]
    assert lines[1].split() == ["kz-protests", "1", "2026-03-31", "True", "countries=KZ", "protest*"]
    assert lines[2].split() == ["quiet", "0", "False", "zyzzyva"]


def test_watch_list_names_the_watch_and_field_of_a_bad_file(db: Path, tmp_path: Path) -> None:
    watches = tmp_path / "watches.yaml"
    watches.write_text("watches:\n  - name: kz\n    query: '(protest'\n", encoding="utf-8")
    done = mediamon("watch", "list", "--db", str(db), watches=watches)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "watch 'kz' field query: unbalanced parenthesis" in done.stderr
