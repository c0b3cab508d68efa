"""Path variables set but empty, seventh round (a compose file's `MEDIAMON_DATA_DIR=${DATA_DIR}` with DATA_DIR unset):
an empty MEDIAMON_DATA_DIR moved the warehouse `mediamon run` writes to ./mediamon.duckdb in whatever folder the
command ran from, while the data directory and every reading command stayed on data/; an empty MEDIAMON_DB beside a
MEDIAMON_DATA_DIR put the warehouse in the checkout's data/ instead of the data directory. An empty path variable
now counts as unset, as the other variables do, so the warehouse written is the one read.

Switches spelt neither on nor off: MEDIAMON_ALLOW_PRIVATE_HOSTS=ture or MEDIAMON_REFRESH=enabled meant off, silently,
though settings_from_env promises a ConfigError for an unknown value; now each is one, naming the spellings taken."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import ConfigError
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


SWITCHES = {"MEDIAMON_ALLOW_PRIVATE_HOSTS": "allow_private_hosts", "MEDIAMON_REFRESH": "refresh"}


@pytest.mark.parametrize("var", SWITCHES)
@pytest.mark.parametrize("value", ["ture", "enabled", "2", "y e s", "-1", "false!"])
def test_a_switch_that_is_neither_on_nor_off_is_a_config_error_naming_it(var: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_env({var: value})
    message = str(caught.value)
    assert message.startswith(f"{var}={value!r}") and "1, true, yes, on" in message and "0, false, no, off" in message


@pytest.mark.parametrize("var", SWITCHES)
@pytest.mark.parametrize(("value", "on"), [("1", True), ("TRUE", True), (" yes ", True), ("On", True), ("0", False),
                                           ("false", False), ("No", False), ("OFF", False), ("", False)])
def test_the_spellings_of_on_and_off_still_switch(var: str, value: str, on: bool) -> None:
    assert getattr(settings_from_env({var: value}), SWITCHES[var]) is on
