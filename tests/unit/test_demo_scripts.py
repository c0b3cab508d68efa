"""What `make airflow` and `make demo` print and suggest matches the plugin and the installed commands."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mediamon import cli
from mediamon.demo.run import EXAMPLE_QUERIES, summary
from mediamon.settings import DEMO_DB_PATH, reading_db_path

PROJECT = Path(__file__).resolve().parents[2]


def _plugin_routes() -> list[str]:
    """The url_route of every external view in plugins/mediamon_ui.py, read from its source."""
    tree = ast.parse((PROJECT / "plugins" / "mediamon_ui.py").read_text(encoding="utf-8"))
    routes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            pairs = {k.value: v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)}
            if isinstance(pairs.get("url_route"), ast.Constant):
                routes.append(pairs["url_route"].value)
    return routes


def test_make_airflow_prints_the_plugins_page_urls():
    script = (PROJECT / "scripts" / "airflow_standalone.sh").read_text(encoding="utf-8")
    printed = re.findall(r"\$AIRFLOW__API__BASE_URL(/plugin/[\w-]+)", script)
    assert _plugin_routes() == ["media-digests", "media-watches"]
    assert printed == [f"/plugin/{route}" for route in _plugin_routes()]


def test_the_demo_summary_suggests_mediamon_query_not_a_duckdb_command(tmp_path):
    text = summary(tmp_path, "2026-01-15")
    assert "duckdb -readonly" not in text
    assert text.count(f'MEDIAMON_DB={tmp_path / "mediamon.duckdb"} mediamon query "') == len(EXAMPLE_QUERIES)


@pytest.fixture
def demo_only(tmp_path, monkeypatch) -> Path:
    """A machine where `make demo` ran and no default warehouse exists: the demo's warehouse file."""
    from mediamon import settings, warehouse

    demo, default = tmp_path / "demo" / "mediamon.duckdb", tmp_path / "default" / "mediamon.duckdb"
    demo.parent.mkdir()
    with warehouse.connect(demo):
        pass
    monkeypatch.setattr(settings, "DEMO_DB_PATH", demo)
    monkeypatch.setattr(settings, "DEFAULT_DB_PATH", default)
    monkeypatch.delenv("MEDIAMON_DB", raising=False)
    monkeypatch.delenv("MEDIAMON_DATA_DIR", raising=False)
    return demo


def test_a_configured_warehouse_is_read_even_when_the_demos_exists(demo_only, tmp_path):
    assert reading_db_path({}) == demo_only
    assert reading_db_path({"MEDIAMON_DB": str(tmp_path / "wh.duckdb")}) == tmp_path / "wh.duckdb"
    assert reading_db_path({"MEDIAMON_DATA_DIR": str(tmp_path)}) == tmp_path / "mediamon.duckdb"


def test_query_without_a_warehouse_names_the_demos(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEDIAMON_DB", str(tmp_path / "missing.duckdb"))
    assert cli.main(["query", "SELECT 1"]) == 2
    err = capsys.readouterr().err
    assert f"no warehouse at {tmp_path / 'missing.duckdb'}" in err and f"MEDIAMON_DB={DEMO_DB_PATH}" in err


@pytest.mark.parametrize("command", [["query", "SELECT 1"], ["search", "flu"], ["watch", "test", "flu"],
                                     ["watch", "list"]])
def test_read_commands_fall_back_to_the_demos_warehouse_and_say_so(command, demo_only, capsys):
    assert cli.main(command) == 0
    assert f"reading the demo's warehouse {demo_only}" in capsys.readouterr().err


def test_pending_tells_a_foreign_database_from_a_loaded_day(tmp_path, capsys):
    import duckdb

    from mediamon.demo.run import LOADED_ALREADY, main

    assert main(["pending", "--data-dir", str(tmp_path)]) == 0  # nothing loaded yet
    with duckdb.connect(str(tmp_path / "mediamon.duckdb")) as con:
        con.execute("CREATE TABLE notes (line VARCHAR)")  # a DuckDB file, but not a warehouse
    code = main(["pending", "--data-dir", str(tmp_path)])
    assert code not in (0, LOADED_ALREADY)  # the script stops instead of skipping the day
    assert "runs" in capsys.readouterr().err
