"""Guards for YAML files a person edits: refuse aliases before anything is composed or constructed.

An alias (`*name`) repeats an anchored node; nested aliases expand exponentially ("billion laughs")
and a self-referencing one builds a cyclic structure, so one small file could hang or crash a run.
Scanning the parser's events is linear in the file's size and builds nothing.
"""
from __future__ import annotations

import yaml

ALIAS_HINT = "YAML aliases (*name) are not allowed in {what}; write the value out"


def first_alias_line(text: str) -> int | None:
    """1-based line of the first YAML alias in text, or None; raises yaml.YAMLError on a syntax error."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1 if event.start_mark else 1
    return None
