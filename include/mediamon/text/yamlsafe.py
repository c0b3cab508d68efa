"""Guards for YAML files a person edits: refuse deep nesting and aliases before anything is composed or built.

Nesting deeper than MAX_YAML_DEPTH is refused first: PyYAML's pure-Python scanner takes time quadratic in
the depth and its composer and constructor recurse, so `[[[...]]]` 30,000 levels deep costs seconds of CPU
and ends in RecursionError; libyaml reads the events in time linear in the depth.
An alias (`*name`) repeats an anchored node; nested aliases expand exponentially ("billion laughs")
and a self-referencing one builds a cyclic structure, so one small file could hang or crash a run.
Scanning the parser's events is linear in the file's size and builds nothing.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import yaml

ALIAS_HINT = "YAML aliases (*name) are not allowed in {what}; write the value out"
MAX_YAML_DEPTH = 32  # our files nest 5 levels at most (sources.yaml: file, sources, source, feeds, feed)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader when PyYAML has it
MAX_CONFIG_BYTES = 64 * 2**20  # sources.yaml of 193 outlets is 64 KB; a registry of 10,000 outlets 1.5 MB


def read_config_text(path: Path) -> str:
    """The text of a YAML file a person edits; OSError naming the problem when it is no regular file (a FIFO blocks
    the open until a writer comes, /dev/zero never ends) or holds more than MAX_CONFIG_BYTES (a path pointing at a
    log or a dump was read whole before YAML saw it); UnicodeDecodeError when it is not UTF-8."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file: give the path of a YAML file", str(path))
    with open(path, "rb") as fh:
        data = fh.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise OSError(errno.EFBIG, f"over {MAX_CONFIG_BYTES // 2**20} MB, far more than a config file holds: check "
                      "the path", str(path))
    return data.decode("utf-8")


def yaml_too_deep_line(text: str, max_depth: int = MAX_YAML_DEPTH) -> int | None:
    """1-based line where text's collections nest deeper than max_depth, else None; yaml.YAMLError on a syntax
    error. Read with libyaml when present: linear in the depth; its own refusal of more than 1,000 flow levels
    (it scans ahead of the events) counts as too deep, at its line."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as err:
        if "nesting depth" not in (err.problem or ""):
            raise
        return err.problem_mark.line + 1 if err.problem_mark else 1
    return None


def first_alias_line(text: str) -> int | None:
    """1-based line of the first YAML alias in text, or None; raises yaml.YAMLError on a syntax error. Read with
    libyaml when present (a twentieth of the pure-Python parser's time on sources.yaml)."""
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1 if event.start_mark else 1
    return None


def first_duplicate_key(text: str) -> tuple[int, str] | None:
    """1-based line and text of the first mapping key given twice in one mapping, or None (YAML would keep the last
    value silently: a second `watches:` emptied the list, a second `enabled:` overrode the first); raises
    yaml.YAMLError on a syntax error. Reads the parser's events, linear in the file's size."""
    maps: list[tuple[set[str], list[bool]] | None] = []  # per open collection: a mapping's keys and whether a key is next
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            maps.append((set(), [True]) if isinstance(event, yaml.MappingStartEvent) else None)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            maps.pop()
        elif isinstance(event, yaml.ScalarEvent) and maps and maps[-1] is not None and maps[-1][1][0]:
            if event.value in maps[-1][0]:
                return (event.start_mark.line + 1 if event.start_mark else 1), event.value[:80]
            maps[-1][0].add(event.value)
        if isinstance(event, yaml.NodeEvent | yaml.CollectionEndEvent) and maps and maps[-1] is not None:
            maps[-1][1][0] = not maps[-1][1][0]
    return None


def unbuildable_scalar(root: yaml.Node | None, err: ValueError) -> tuple[int | None, str]:
    """The 1-based line of the first scalar under root that YAML reads as a value Python cannot build (a date of
    month 13, an integer past Python's 4,300 digits) and what to fix; err's text when none is found again."""
    loader = SAFE_LOADER("")
    nodes: list[yaml.Node] = [root] if root is not None else []
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            except ValueError as found:
                kind, why = node.tag.rpartition(":")[2], str(found).split(":")[0][:100]
                return node.start_mark.line + 1, f"{node.value[:40]!r} cannot be read as YAML's {kind} ({why}); quote it"
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            nodes.extend(part for pair in reversed(node.value) for part in reversed(pair))
    return None, f"a value YAML cannot build: {str(err)[:160]}"
