"""Hostile sources.yaml, watches.yaml and digest.yaml: deep nesting, Python object tags, wrong types; each ends in one
ConfigError naming the file and line, fast, before anything is built or run."""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mediamon.digest.config import load_digest_config
from mediamon.discover.sources import load_sources
from mediamon.errors import ConfigError
from mediamon.text.yamlsafe import MAX_YAML_DEPTH
from mediamon.watches.config import load_watches

BUDGET_S = 10.0  # CPU seconds; every case here takes milliseconds once refused up front


def flow(key: str, depth: int) -> str:
    """One list item nested depth levels deep as flow sequences: `[[[...]]]` (2 bytes a level)."""
    return f"{key}:\n  - " + "[" * depth + "]" * depth + "\n"


def flow_mappings(key: str, depth: int) -> str:
    """One list item nested depth levels deep as flow mappings: `{a: {a: ...}}`."""
    return f"{key}:\n  - " + "{a: " * depth + "1" + "}" * depth + "\n"


def block(key: str, depth: int) -> str:
    """One list item nested depth levels deep as block sequences, one level a line."""
    return f"{key}:\n" + "".join("  " * (level + 1) + "-\n" for level in range(depth))


def config_error(load: Callable[[Path], object], path: Path) -> str:
    """The ConfigError message of load(path), which must come within the CPU budget."""
    started = time.process_time()
    with pytest.raises(ConfigError) as caught:
        load(path)
    took = time.process_time() - started
    assert took < BUDGET_S, f"took {took:.1f} s of CPU"
    return str(caught.value)


@pytest.mark.parametrize("build", [flow, flow_mappings, block], ids=["flow-sequences", "flow-mappings", "block"])
@pytest.mark.parametrize("depth", [400, 30_000])
def test_sources_nested_past_the_limit_are_a_config_error_at_once(tmp_path: Path, build: Callable[[str, int], str],
                                                                  depth: int) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(build("sources", min(depth, 3_000) if build is block else depth), encoding="utf-8")
    message = config_error(load_sources, path)
    assert "sources.yaml line" in message and "nested deeper than 32 levels" in message


@pytest.mark.parametrize("build", [flow, flow_mappings, block], ids=["flow-sequences", "flow-mappings", "block"])
def test_watches_nested_past_the_limit_are_a_config_error_at_once(tmp_path: Path,
                                                                  build: Callable[[str, int], str]) -> None:
    path = tmp_path / "watches.yaml"
    path.write_text(build("watches", 3_000 if build is block else 30_000), encoding="utf-8")
    message = config_error(load_watches, path)
    assert "watches.yaml" in message and "nested deeper than 32 levels" in message


@pytest.mark.parametrize("build", [flow, flow_mappings, block], ids=["flow-sequences", "flow-mappings", "block"])
@pytest.mark.parametrize("depth", [400, 30_000])
def test_digest_settings_nested_past_the_limit_are_a_config_error_at_once(tmp_path: Path,
                                                                          build: Callable[[str, int], str],
                                                                          depth: int) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text(build("top_stories", min(depth, 3_000) if build is block else depth), encoding="utf-8")
    message = config_error(load_digest_config, path)
    line = 2 if build is not block else MAX_YAML_DEPTH + 1  # a block sequence opens one level a line
    assert f"digest.yaml line {line}: nested deeper than {MAX_YAML_DEPTH} levels" in message


def test_digest_settings_nested_to_the_limit_still_load(tmp_path: Path) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text("watch:\n  countries: [KZ]\n  topics:\n    - medtop:11000000\nspikes: {sensitivity: 2.5}\n",
                    encoding="utf-8")
    config = load_digest_config(path)
    assert config.countries == {"KZ"} and config.topics == {"medtop:11000000"} and config.sensitivity == 2.5


@pytest.mark.parametrize(("text", "named"), [
    ("[1, 2]\n", "not [1, 2]"), ("just text\n", "not 'just text'"), ("spikes: [1]\n", "`spikes: [1]`"),
    ("watch: [KZ]\n", "`watch: ['KZ']`"), ("alerts: on\n", "`alerts: True`"),
    ("changes: 5\nspikes: x\n", "`spikes: 'x'`, `changes: 5`"),
])
def test_digest_settings_of_the_wrong_shape_are_a_config_error_naming_the_key(tmp_path: Path, text: str,
                                                                             named: str) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text(text, encoding="utf-8")
    assert named in config_error(load_digest_config, path)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system [\"touch {marker}\"]",
                                 "!!python/object/new:os.system [\"touch {marker}\"]",
                                 "!!python/name:os.system"])
def test_python_tags_in_sources_or_watches_run_nothing(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    value = tag.format(marker=marker)
    (tmp_path / "sources.yaml").write_text(f"sources:\n  - {value}\n", encoding="utf-8")
    (tmp_path / "watches.yaml").write_text(f"watches:\n  - {value}\n", encoding="utf-8")
    assert "sources.yaml line 2" in config_error(load_sources, tmp_path / "sources.yaml")
    assert "watches.yaml" in config_error(load_watches, tmp_path / "watches.yaml")
    assert not marker.exists()


def test_a_registry_with_feeds_as_mappings_still_loads(tmp_path: Path) -> None:
    feeds = "[{url: https://news.example.org/feed/, found_in: https://news.example.org/}]"
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - id: news\n    name: News\n    homepage: https://news.example.org/\n"
                    f"    country: GB\n    language: en\n    feeds: {feeds}\n", encoding="utf-8")
    assert [source.source_id for source in load_sources(path)] == ["news"]


@pytest.mark.parametrize("value, says", [("2024-13-45", "timestamp (month must be in 1..12)"),
                                         ("9" * 5000, "int (Exceeds the limit")])
def test_a_digest_setting_yaml_cannot_build_is_a_config_error_at_its_line(tmp_path: Path, value: str,
                                                                         says: str) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text(f"spikes:\n  sensitivity: 3.0\nchanges:\n  since: {value}\n", encoding="utf-8")
    message = config_error(load_digest_config, path)
    assert f"digest.yaml line 4: '{value[:40]}' cannot be read as YAML's {says}" in message
    assert "quote it" in message and len(message) < 400
