"""Parquet export of one day from a real warehouse filled by a whole day against the fixture site."""
from __future__ import annotations

import duckdb
import pytest

from mediamon.cli import main
from mediamon.errors import ConfigError
from mediamon.stages import run_day
from mediamon.warehouse.export import EXPORT_TABLES, export_day, partition_path
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The fixture day (three articles) loaded into a real warehouse."""
    from mediamon.settings import Settings

    tmp = tmp_path_factory.mktemp("export")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "wh.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)
        run_day(settings, RUN_DATE)
    return settings.db_path


def _warehouse(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _exported(out, table: str, sql: str = "SELECT * FROM t ORDER BY ALL") -> list[tuple]:
    con = duckdb.connect()
    con.read_parquet(str(out / table / "*" / "*.parquet"), hive_partitioning=True).create_view("t")
    return con.execute(sql).fetchall()


def test_each_table_is_written_under_its_day_partition(db, tmp_path):
    paths = export_day(db, RUN_DATE, tmp_path / "export")
    assert paths == [tmp_path / "export" / t / f"run_date={RUN_DATE}" / "data.parquet" for t in EXPORT_TABLES]
    assert all(p.is_file() for p in paths)
    assert sorted(p.name for p in tmp_path.glob("export/*/*/*")) == ["data.parquet"] * 3


def test_exported_rows_are_the_days_rows(db, tmp_path):
    out = tmp_path / "export"
    export_day(db, RUN_DATE, out)
    assert _exported(out, "articles", "SELECT article_id, url, title, text, run_date::VARCHAR FROM t ORDER BY 1") == \
        _warehouse(db, "SELECT article_id, url, title, text, run_date::VARCHAR FROM articles ORDER BY 1")
    assert _exported(out, "article_countries", "SELECT article_id, country_code, mentions, is_focus FROM t ORDER BY ALL") == \
        _warehouse(db, "SELECT article_id, country_code, mentions, is_focus FROM article_countries ORDER BY ALL")
    assert _exported(out, "article_topics", "SELECT article_id, topic_code, score FROM t ORDER BY ALL") == \
        _warehouse(db, "SELECT article_id, topic_code, score FROM article_topics ORDER BY ALL")
    assert len(_exported(out, "articles")) == 3


def test_the_day_is_in_the_path_not_in_the_file(db, tmp_path):
    path = export_day(db, RUN_DATE, tmp_path / "export")[0]
    columns = [r[0] for r in duckdb.connect().execute("DESCRIBE SELECT * FROM read_parquet($p, hive_partitioning = false)",
                                                      {"p": str(path)}).fetchall()]
    assert "run_date" not in columns and "article_id" in columns and "published_at" in columns


def test_exporting_again_replaces_the_files(db, tmp_path):
    out = tmp_path / "export"
    first = export_day(db, RUN_DATE, out)
    first[0].write_bytes(b"not parquet")
    again = export_day(db, RUN_DATE, out)
    assert again == first
    assert len(_exported(out, "articles")) == 3
    assert list(out.rglob("*.tmp")) == []


def test_a_day_without_articles_gives_empty_files_with_the_columns(db, tmp_path):
    out = tmp_path / "export"
    export_day(db, "2026-01-20", out)
    path = partition_path(out, "article_topics", "2026-01-20")
    con = duckdb.connect()
    assert con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(path)}).fetchall() == [(0,)]
    assert [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($p, hive_partitioning = false)",
                                      {"p": str(path)}).fetchall()] == \
        ["article_id", "topic_code", "topic_label", "score", "evidence"]


def test_a_bad_date_is_refused_before_anything_is_written(db, tmp_path):
    with pytest.raises(ConfigError, match="2026-13-01 is not a calendar day"):
        export_day(db, "2026-13-01", tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_cli_export_writes_under_the_data_dir(db, tmp_path, capsys):
    assert main(["export", "--db", str(db), "--date", RUN_DATE, "--data-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(partition_path(tmp_path / "export", t, RUN_DATE)) for t in EXPORT_TABLES]
