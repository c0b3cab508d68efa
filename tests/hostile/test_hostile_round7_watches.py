"""watches.yaml entries whose unknown keys YAML builds as values of different types, seventh round: `5:`, `~:` or
`2026-01-15:` beside a misspelt `qeury:`. Sorting them to name the first ended in a TypeError ('<' not supported
between 'int' and 'str') that named neither the file nor the watch; now each is a ConfigError naming the watch and
an unknown field, and a watch of known fields beside it still loads."""
from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from mediamon.watches.config import FIELDS, load_watches

GOOD = "  - name: kz-protests\n    query: protest* AND (almaty OR astana)\n    countries: [KZ]\n"


def watches_file(tmp_path: Path, extra_keys: str) -> Path:
    """A watches.yaml of one good watch and one holding these extra key lines."""
    path = tmp_path / "watches.yaml"
    path.write_text(f"watches:\n{GOOD}  - name: floods\n    query: flood*\n{extra_keys}", encoding="utf-8")
    return path


@pytest.mark.parametrize("extra_keys, named", [
    ("    5: x\n    qeury: y\n", ("5", "qeury")),
    ("    ~: x\n    qeury: y\n", ("None", "qeury")),
    ("    2026-01-15: x\n    qeury: y\n", ("2026-01-15", "qeury")),
    ("    1.5: x\n    ~: y\n    true: z\n", ("1.5", "None", "True")),
])
def test_unknown_keys_of_mixed_types_are_a_config_error_naming_the_watch(tmp_path: Path, extra_keys: str,
                                                                         named: tuple[str, ...]) -> None:
    with pytest.raises(ConfigError) as caught:
        load_watches(watches_file(tmp_path, extra_keys))
    message = str(caught.value)
    assert message.startswith("watches.yaml: watch 'floods' field ")
    assert "unknown field" in message and ", ".join(FIELDS) in message
    assert message.split(" field ", 1)[1].split(":", 1)[0] in named


def test_a_watch_of_known_fields_still_loads(tmp_path: Path) -> None:
    watches = load_watches(watches_file(tmp_path, "    alert: true\n"))
    assert [(w.name, w.query, w.countries, w.alert) for w in watches] == [
        ("kz-protests", "protest* AND (almaty OR astana)", ("KZ",), False), ("floods", "flood*", (), True)]
