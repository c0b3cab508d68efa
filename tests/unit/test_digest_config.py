"""load_digest_config: the shipped digest.yaml, and YAML aliases refused before anything is built."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.digest.config import load_digest_config
from mediamon.errors import ConfigError


def test_shipped_digest_settings_load() -> None:
    config = load_digest_config()
    assert "KZ" in config.countries and "medtop:11000000" in config.topics and config.sensitivity > 0


@pytest.mark.parametrize(("text", "line"), [
    ("spikes: &s {sensitivity: 2.0}\nother: *s\n", 2),
    ("watch: &w {countries: *w}\n", 1),
    ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nwatch: {countries: *b}\n", 2),
])
def test_yaml_aliases_are_refused_with_their_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"digest.yaml line {line}: YAML aliases \(\*name\) are not allowed"):
        load_digest_config(path)


def test_one_watched_code_may_stand_alone(tmp_path: Path) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text("watch:\n  countries: kz\n  topics: medtop:11000000\n", encoding="utf-8")
    config = load_digest_config(path)
    assert (config.countries, config.topics) == ({"KZ"}, {"medtop:11000000"})   # not K and Z


@pytest.mark.parametrize("value", ["5", "{KZ: 1}", "true"])
def test_a_watch_list_of_the_wrong_shape_is_a_config_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text(f"watch:\n  countries: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="watch countries must be a list of codes like"):
        load_digest_config(path)
