"""Watches evaluated on enriched rows (as the enrich shards do) and gathered when the run is staged: the
same matches as evaluating the staged articles, kept through the rows' JSON, evaluated again when the
watches changed since, never staged for an article validate did not keep; watches.yaml read once per version."""
from __future__ import annotations

import json
import os

import duckdb
import pytest

from mediamon.errors import ConfigError
from mediamon.rundir import Plan, RunDir
from mediamon.watches.enriched import (
    CONFIG_FIELD,
    MATCHES_FIELD,
    add_row_matches,
    article_doc,
    row_matches,
    shard_watch_set,
    watch_set,
)
from mediamon.watches.matcher import match_articles
from mediamon.watches.staging import stage_watches

WATCHES = """\
watches:
  - name: protests
    query: protest* NOT football
  - name: kz-only
    query: almaty OR astana
    countries: [KZ]
"""

ROWS = [
    {"article_id": "a1", "title": "Protests in Almaty", "text": "Hundreds protested in Almaty on Sunday.",
     "language": "en", "source_id": "s1", "countries": [{"code": "KZ"}], "topics": []},
    {"article_id": "a2", "title": "Football", "text": "Fans protested after the football match in Astana.",
     "language": "en", "source_id": "s1", "countries": [{"code": "KZ"}], "topics": []},
    {"article_id": "a3", "title": "Weather", "text": "Rain in Almaty.", "language": "en", "source_id": "s2",
     "countries": [], "topics": []},
    {"article_id": "a4", "title": "Протест", "text": "Protesters met in Bishkek.", "language": "en",
     "source_id": "s2", "countries": [{"code": "KG"}], "topics": []},
]


@pytest.fixture
def watches_file(tmp_path):
    path = tmp_path / "watches.yaml"
    path.write_text(WATCHES, encoding="utf-8")
    return path


def _shard_rows(path, rows=ROWS):
    """The rows as an enrich shard writes them: matches added, then through JSON."""
    found = watch_set(path)
    copies = [dict(r) for r in rows]
    for row in copies:
        add_row_matches(row, found)
    return [json.loads(json.dumps(r, ensure_ascii=False)) for r in copies]


def _key(matches):
    return [(m.watch_name, m.article_id, m.matched_terms, m.snippet, m.matched_in) for m in matches]


def test_matches_kept_on_the_rows_equal_those_evaluated_from_the_articles(watches_file):
    rows = _shard_rows(watches_file)
    expected = match_articles(watch_set(watches_file).watches, [article_doc(r) for r in ROWS])
    gathered = []
    for row in rows:
        found, kept = row_matches(row, watch_set(watches_file))
        assert kept
        gathered.extend(found)
    assert _key(gathered) == _key(expected)
    assert [(m.watch_name, m.article_id) for m in gathered] == [("protests", "a1"), ("kz-only", "a1"),
                                                                 ("kz-only", "a2"), ("protests", "a4")]


def test_a_row_enriched_with_other_watches_is_evaluated_again(watches_file):
    rows = _shard_rows(watches_file)
    watches_file.write_text(WATCHES.replace("protest* NOT football", "protest*"), encoding="utf-8")
    os.utime(watches_file, ns=(1, 1))  # a new version even within the file system's time resolution
    changed = watch_set(watches_file)
    assert changed.fingerprint != rows[1][CONFIG_FIELD]
    found, kept = row_matches(rows[1], changed)
    assert not kept
    assert [m.watch_name for m in found] == ["protests", "kz-only"]   # football no longer excluded


def test_a_row_enriched_before_the_shards_evaluated_watches_is_evaluated(watches_file):
    found, kept = row_matches(dict(ROWS[0]), watch_set(watches_file))
    assert not kept
    assert [m.watch_name for m in found] == ["protests", "kz-only"]


def test_a_bad_watches_file_leaves_the_shard_rows_without_matches(tmp_path):
    bad = tmp_path / "watches.yaml"
    bad.write_text("watches:\n  - name: x\n    query: '(protest'\n", encoding="utf-8")
    assert shard_watch_set(bad) is None
    row = dict(ROWS[0])
    add_row_matches(row, None)
    assert MATCHES_FIELD not in row and CONFIG_FIELD not in row


def test_the_watches_file_is_read_once_per_version(watches_file):
    first = watch_set(watches_file)
    assert watch_set(watches_file) is first
    watches_file.write_text(WATCHES + "  - name: more\n    query: more\n", encoding="utf-8")
    assert [w.name for w in watch_set(watches_file).watches] == ["protests", "kz-only", "more"]


def _staged(path):
    with duckdb.connect() as con:
        return con.execute("SELECT watch_name, article_id, matched_terms, snippet, matched_in, run_date::VARCHAR "
                           "FROM read_parquet($p) ORDER BY ALL", {"p": str(path)}).fetchall()


def test_staging_gathers_only_the_clean_articles_and_equals_evaluating_them(tmp_path, watches_file):
    run = RunDir(tmp_path / "run")
    run.validated.mkdir(parents=True)
    with duckdb.connect() as con:  # validate kept a1, a2 and a3; a4 was quarantined
        con.execute("COPY (SELECT unnest(['a1', 'a2', 'a3']) AS article_id) TO $p (FORMAT parquet)",
                    {"p": str(run.staged("articles.parquet"))})
    _, from_rows = stage_watches(run, "2026-01-05", watches_file, _shard_rows(watches_file))
    gathered = _staged(from_rows)
    assert [(r[0], r[1]) for r in gathered] == [("kz-only", "a1"), ("kz-only", "a2"), ("protests", "a1")]
    _, evaluated = stage_watches(run, "2026-01-05", watches_file, [dict(r) for r in ROWS])
    assert _staged(evaluated) == gathered


def test_staged_matches_are_in_article_then_watch_order_on_the_callers_connection(tmp_path, watches_file):
    run = RunDir(tmp_path / "run")
    run.validated.mkdir(parents=True)
    rows = _shard_rows(watches_file)[::-1]
    rows[2][CONFIG_FIELD] = "other watches"  # a2: evaluated now
    with duckdb.connect() as con:
        con.execute("COPY (SELECT unnest(['a4', 'a3', 'a2', 'a1']) AS article_id) TO $p (FORMAT parquet)",
                    {"p": str(run.staged("articles.parquet"))})
        _, path = stage_watches(run, "2026-01-05", watches_file, rows, con=con)
        in_file = con.execute("SELECT watch_name, article_id FROM read_parquet($p)", {"p": str(path)}).fetchall()
    assert in_file == [("protests", "a1"), ("kz-only", "a1"), ("kz-only", "a2"), ("protests", "a4")]


def test_the_plan_the_caller_holds_names_the_registry(tmp_path):
    run = RunDir(tmp_path / "run")  # no plan.json
    run.validated.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute("COPY (SELECT 'a1' AS article_id) TO $p (FORMAT parquet)", {"p": str(run.staged("articles.parquet"))})
    watches = tmp_path / "watches.yaml"
    watches.write_text("watches:\n  - name: kz\n    query: almaty\n    sources: [s2]\n", encoding="utf-8")
    plan = Plan(run_id="r", run_date="2026-01-05", started_at="2026-01-05T06:00:00+00:00", feeds=[],
                sources=[{"source_id": "s1"}, {"source_id": "s3"}])
    stage_watches(run, "2026-01-05", watches, [dict(r) for r in ROWS])  # no plan: any source
    with pytest.raises(ConfigError, match="'s2' is not a source of the registry"):
        stage_watches(run, "2026-01-05", watches, [dict(r) for r in ROWS], plan=plan)
    watches.write_text("watches:\n  - name: kz\n    query: almaty\n    sources: [s1]\n", encoding="utf-8")
    _, path = stage_watches(run, "2026-01-05", watches, [dict(r) for r in ROWS], plan=plan)
    assert [(r[0], r[1]) for r in _staged(path)] == [("kz", "a1")]
