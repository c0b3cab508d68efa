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
