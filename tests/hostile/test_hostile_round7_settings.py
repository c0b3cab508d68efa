"""Path variables set but empty, seventh round (a compose file's `MEDIAMON_DATA_DIR=${DATA_DIR}` with DATA_DIR unset):
an empty MEDIAMON_DATA_DIR moved the warehouse `mediamon run` writes to ./mediamon.duckdb in whatever folder the
command ran from, while the data directory and every reading command stayed on data/; an empty MEDIAMON_DB beside a
MEDIAMON_DATA_DIR put the warehouse in the checkout's data/ instead of the data directory. An empty path variable
now counts as unset, as the other variables do, so the warehouse written is the one read."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.settings import Settings, is_db_configured, reading_db_path, settings_from_env


@pytest.mark.parametrize("env", [{"MEDIAMON_DATA_DIR": ""}, {"MEDIAMON_DATA_DIR": "", "MEDIAMON_DB": ""},
                                 {"MEDIAMON_DB": ""}])
def test_empty_path_variables_are_as_unset(env: dict[str, str]) -> None:
    settings, unset = settings_from_env(env), Settings()
    assert (settings.db_path, settings.data_dir) == (unset.db_path, unset.data_dir)
    assert settings.db_path.is_absolute()
    assert not is_db_configured(env)


def test_an_empty_warehouse_variable_beside_a_data_directory_puts_the_warehouse_in_it(tmp_path: Path) -> None:
    env = {"MEDIAMON_DATA_DIR": str(tmp_path / "data"), "MEDIAMON_DB": ""}
    settings = settings_from_env(env)
    assert settings.data_dir == tmp_path / "data"
    assert settings.db_path == tmp_path / "data" / "mediamon.duckdb"
    assert reading_db_path(env) == settings.db_path  # the warehouse `run` writes is the one `query` reads


def test_set_path_variables_still_name_the_warehouse(tmp_path: Path) -> None:
    env = {"MEDIAMON_DATA_DIR": str(tmp_path / "data"), "MEDIAMON_DB": str(tmp_path / "wh.duckdb")}
    assert settings_from_env(env).db_path == tmp_path / "wh.duckdb" == reading_db_path(env)
    env = {"MEDIAMON_DATA_DIR": str(tmp_path / "data")}
    assert settings_from_env(env).db_path == tmp_path / "data" / "mediamon.duckdb" == reading_db_path(env)
