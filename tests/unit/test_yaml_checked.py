"""load_checked_yaml: a YAML file a person edits is parsed once, every check runs on that one pass, and each problem
is a ConfigError at its line; digest.yaml, watches.yaml and sources.yaml are each parsed once through it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mediamon.digest.config import load_digest_config
from mediamon.discover.sources import load_sources
from mediamon.errors import ConfigError
from mediamon.settings import CONFIG_DIR
from mediamon.text import yamlsafe
from mediamon.text.yamlsafe import MAX_YAML_DEPTH, YamlFileError, YamlWording, load_checked_yaml
from mediamon.watches.config import load_watches

WORDING = YamlWording(what="the test file", needs="a test needs 2", twice_hint=" (hint)", read_hint="; set X")
SOURCE = ("sources:\n- id: daily\n  name: Daily\n  homepage: https://news.example.org/\n  country: GB\n"
          "  language: en\n  feeds: [https://news.example.org/feed.xml]\n")


def write(tmp_path: Path, text: str, name: str = "conf.yaml") -> Path:
    """A file of this text."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts libyaml is given to parse while the test runs, one entry a parse."""
    texts: list[str] = []

    class Counting(yamlsafe.SAFE_LOADER):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            if stream:
                texts.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(yamlsafe, "SAFE_LOADER", Counting)
    return texts


@pytest.mark.parametrize("name", ["sources.yaml", "digest.yaml", "watches.yaml", "regions.yaml"])
def test_a_shipped_file_reads_as_yaml_reads_it(name: str) -> None:
    path = CONFIG_DIR / name
    checked = load_checked_yaml(path, WORDING)
    assert checked.data == yaml.safe_load(path.read_text(encoding="utf-8"))
    assert checked.root is not None and checked.root.start_mark.line == yaml.compose(path.read_text()).start_mark.line
    assert checked.keys_twice == ()


@pytest.mark.parametrize("text", [SOURCE, "a: 1\na: 2\n", "a: [\n", "a: &x 1\nb: *x\n", "a: 2024-13-45\n"])
def test_a_file_is_parsed_once_whatever_it_holds(tmp_path: Path, parsed: list[str], text: str) -> None:
    try:
        load_checked_yaml(write(tmp_path, text), WORDING)
    except ConfigError:
        pass
    assert parsed == [text]


def test_each_reader_parses_its_file_once(tmp_path: Path, parsed: list[str]) -> None:
    digest = "watch:\n  countries: [KZ]\nspikes: {sensitivity: 2.5}\n"
    watches = "watches:\n- name: kz\n  query: protest\n"
    assert load_digest_config(write(tmp_path, digest, "digest.yaml")).sensitivity == 2.5
    assert [w.name for w in load_watches(write(tmp_path, watches, "watches.yaml"))] == ["kz"]
    assert [s.source_id for s in load_sources(write(tmp_path, SOURCE, "sources.yaml"))] == ["daily"]
    assert [parsed.count(text) for text in (digest, watches, SOURCE)] == [1, 1, 1]


@pytest.mark.parametrize(("text", "says"), [
    ("a: 1\nb: 2\nc: [\n", "conf.yaml line 4: is not valid YAML: while parsing a flow node"),
    ("a: &x [1]\nb: *x\n", "conf.yaml line 2: YAML aliases (*name) are not allowed in the test file; write the value out"),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", "conf.yaml line 4: key 'b' is given twice in one mapping; YAML would keep only the "
                                    "last: write it once (hint)"),
    ("a: 1\nwhen: 2024-13-45\n", "conf.yaml line 2: '2024-13-45' cannot be read as YAML's timestamp (month must be in "
                                 "1..12); quote it"),
    ("a: !!python/object/apply:os.system [echo]\n", "conf.yaml line 1: is not valid YAML: could not determine a "
                                                      "constructor for the tag"),
    ("--- 1\n--- 2\n", "conf.yaml line 2: is not valid YAML: expected a single document in the stream"),
])
def test_each_problem_is_a_config_error_at_its_line(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(YamlFileError) as caught:
        load_checked_yaml(write(tmp_path, text), WORDING)
    assert str(caught.value).startswith(says)
    assert isinstance(caught.value, ConfigError) and "\n" not in str(caught.value)


def test_nesting_past_the_limit_comes_before_an_earlier_alias_and_a_later_syntax_error(tmp_path: Path) -> None:
    text = "a: &x 1\nb: *x\nc: " + "[" * (MAX_YAML_DEPTH + 1) + "\nd: [\n"
    with pytest.raises(YamlFileError) as caught:
        load_checked_yaml(write(tmp_path, text), WORDING)
    assert str(caught.value) == f"conf.yaml line 3: nested deeper than {MAX_YAML_DEPTH} levels (a test needs 2)"


def test_a_syntax_error_comes_before_an_earlier_alias_and_key_given_twice(tmp_path: Path) -> None:
    with pytest.raises(YamlFileError, match="line 5: is not valid YAML"):  # the end of the text
        load_checked_yaml(write(tmp_path, "a: &x 1\nb: *x\nb: 2\nc: [\n"), WORDING)


def test_an_alias_comes_before_a_key_given_twice_and_a_key_given_twice_before_a_value_yaml_cannot_build(
        tmp_path: Path) -> None:
    with pytest.raises(YamlFileError, match="line 3: YAML aliases"):
        load_checked_yaml(write(tmp_path, "a: 1\na: 2\nb: &x [*x]\n"), WORDING)
    with pytest.raises(YamlFileError, match="line 2: key 'a' is given twice"):
        load_checked_yaml(write(tmp_path, "a: 1\na: 2024-13-45\n"), WORDING)


def test_nesting_to_the_limit_still_loads(tmp_path: Path) -> None:
    depth = MAX_YAML_DEPTH - 1  # under the top-level mapping
    assert load_checked_yaml(write(tmp_path, "a: " + "[" * depth + "1" + "]" * depth + "\n"), WORDING).data["a"]


def test_keys_given_twice_may_be_returned_every_one_in_file_order(tmp_path: Path) -> None:
    text = "a: 1\nlist:\n- {k: 1, k: 2}\n- k: 3\n  k: 4\na: 5\nother: {a: 1}\n"
    checked = load_checked_yaml(write(tmp_path, text), WORDING, keys_twice_allowed=True)
    assert checked.keys_twice == ((3, "k"), (5, "k"), (6, "a"))
    assert checked.data == yaml.safe_load(text)


def test_a_missing_file_names_its_path_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(YamlFileError) as caught:
        load_checked_yaml(tmp_path / "absent.yaml", WORDING)
    message = str(caught.value)
    assert message.startswith("absent.yaml: cannot read the file (") and str(tmp_path / "absent.yaml") in message
    assert message.endswith("; set X") and caught.value.line is None


def test_a_file_that_is_not_utf8_says_which_byte(tmp_path: Path) -> None:
    path = tmp_path / "conf.yaml"
    path.write_bytes("a: Protestë\n".encode("cp1252"))
    with pytest.raises(YamlFileError, match=r"^conf.yaml: is not UTF-8 text \(byte 10: invalid continuation byte\); save it"):
        load_checked_yaml(path, WORDING)


def test_a_reader_naming_files_by_path_gets_the_whole_path(tmp_path: Path) -> None:
    with pytest.raises(YamlFileError) as caught:
        load_checked_yaml(write(tmp_path, "a: [\n"), YamlWording(what="x", needs="y", by_path=True))
    assert str(caught.value).startswith(f"{tmp_path / 'conf.yaml'} line 2: ")
    assert caught.value.line == 2 and caught.value.problem.startswith("is not valid YAML")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_file_is_none(tmp_path: Path, text: str) -> None:
    checked = load_checked_yaml(write(tmp_path, text), WORDING)
    assert checked.data is None and (checked.root is None) == (yaml.compose(text) is None)
