"""Guards for YAML files a person edits: refuse deep nesting and aliases before anything is composed or built.

Nesting deeper than MAX_YAML_DEPTH is refused first: PyYAML's pure-Python scanner takes time quadratic in
the depth and its composer and constructor recurse, so `[[[...]]]` 30,000 levels deep costs seconds of CPU
and ends in RecursionError; libyaml reads the events in time linear in the depth.
An alias (`*name`) repeats an anchored node; nested aliases expand exponentially ("billion laughs")
and a self-referencing one builds a cyclic structure, so one small file could hang or crash a run.
Scanning the parser's events is linear in the file's size and builds nothing.
load_checked_yaml parses a file once: one pass over libyaml's events runs every check (nesting, aliases, keys
given twice), and the same events are then composed and built, so no check reads the text again.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from mediamon.errors import ConfigError

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


@dataclass(frozen=True)
class YamlWording:
    """How one reader names its file and what it needs, in the ConfigError messages of load_checked_yaml."""

    what: str              # what the file holds, for the alias hint: 'the digest settings'
    needs: str             # the nesting it needs: 'the digest settings need 3'
    by_path: bool = False  # name the file by its whole path (else by its name)
    twice_hint: str = ""   # after the key-given-twice message: " (a second watch starts with '- name:')"
    read_hint: str = ""    # after the cannot-read message: '; set MEDIAMON_WATCHES to an existing file'


class YamlFileError(ConfigError):
    """A YAML file a person edits cannot be used: its line (when known) and what to fix."""

    def __init__(self, where: str, line: int | None, problem: str) -> None:
        super().__init__(f"{where}{f' line {line}' if line else ''}: {problem}")
        self.line, self.problem = line, problem


@dataclass(frozen=True)
class CheckedYaml:
    """A YAML file read once and checked: its value, its node tree and every key given twice (file order)."""

    data: Any
    root: yaml.Node | None
    keys_twice: tuple[tuple[int, str], ...]


class _ScanResult(NamedTuple):
    """What one pass over a file's parser events found."""

    events: list[yaml.Event]
    deep_line: int | None
    alias_line: int | None
    keys_twice: list[tuple[int, str]]


class _ReplayLoader(Composer, SafeConstructor, Resolver):
    """Composes and builds a document from parser events already read, so a checked file is parsed once."""

    def __init__(self, events: list[yaml.Event]) -> None:
        self._events, self._next = events, 0
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def check_event(self, *choices: type) -> bool:
        """True when an event is left (of one of choices, when given)."""
        if self._next >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self) -> yaml.Event:
        """The next event, left in place."""
        return self._events[self._next]

    def get_event(self) -> yaml.Event:
        """The next event."""
        self._next += 1
        return self._events[self._next - 1]


def _line(event: yaml.Event) -> int:
    """1-based line where event starts."""
    return event.start_mark.line + 1 if event.start_mark else 1


def _scan(text: str, max_depth: int = MAX_YAML_DEPTH) -> _ScanResult:
    """text's parser events with the line where nesting first passes max_depth (the scan stops there), of the first
    alias and every mapping key given twice; yaml.YAMLError on a syntax error. One pass with libyaml when present."""
    events: list[yaml.Event] = []
    alias_line: int | None = None
    keys_twice: list[tuple[int, str]] = []
    maps: list[tuple[set[str], list[bool]] | None] = []  # per open collection: a mapping's keys and whether a key is next
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            events.append(event)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(maps) >= max_depth:
                    return _ScanResult(events, _line(event), alias_line, keys_twice)
                maps.append((set(), [True]) if isinstance(event, yaml.MappingStartEvent) else None)
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                maps.pop()
            elif isinstance(event, yaml.AliasEvent) and alias_line is None:
                alias_line = _line(event)
            elif isinstance(event, yaml.ScalarEvent) and maps and maps[-1] is not None and maps[-1][1][0]:
                if event.value in maps[-1][0]:
                    keys_twice.append((_line(event), event.value[:80]))
                maps[-1][0].add(event.value)
            if isinstance(event, yaml.NodeEvent | yaml.CollectionEndEvent) and maps and maps[-1] is not None:
                maps[-1][1][0] = not maps[-1][1][0]
    except yaml.MarkedYAMLError as err:
        if "nesting depth" not in (err.problem or ""):
            raise
        return _ScanResult(events, err.problem_mark.line + 1 if err.problem_mark else 1, alias_line, keys_twice)
    return _ScanResult(events, None, alias_line, keys_twice)


def _yaml_problem(err: yaml.YAMLError) -> tuple[int | None, str]:
    """The line of a YAML error (when marked) and what it says, on one line."""
    mark = getattr(err, "problem_mark", None)
    said = "; ".join(part for part in (getattr(err, "context", None), getattr(err, "problem", None)) if part)
    return (mark.line + 1 if mark else None), f"is not valid YAML: {said or err}"


def key_twice_problem(key: str, wording: YamlWording) -> str:
    """What to fix about a key given twice in one mapping."""
    return f"key '{key}' is given twice in one mapping; YAML would keep only the last: write it once{wording.twice_hint}"


def load_checked_yaml(path: Path, wording: YamlWording, *, keys_twice_allowed: bool = False) -> CheckedYaml:
    """A YAML file a person edits, read and parsed once: nesting past MAX_YAML_DEPTH, an alias, a key given twice in
    one mapping (unless keys_twice_allowed: then they are returned for the caller to report), a file that cannot be
    read, is not UTF-8 or not YAML, and a value YAML cannot build each raise YamlFileError naming the line to fix."""
    where = str(path) if wording.by_path else path.name
    try:
        text = read_config_text(path)
    except OSError as err:
        raise YamlFileError(where, None, f"cannot read the file ({err}){wording.read_hint}") from err
    except UnicodeDecodeError as err:
        raise YamlFileError(where, None, f"is not UTF-8 text (byte {err.start}: {err.reason}); save it as UTF-8"
                            ) from None
    try:
        scan = _scan(text)
    except yaml.YAMLError as err:
        raise YamlFileError(where, *_yaml_problem(err)) from err
    if scan.deep_line is not None:
        raise YamlFileError(where, scan.deep_line, f"nested deeper than {MAX_YAML_DEPTH} levels ({wording.needs})")
    if scan.alias_line is not None:
        raise YamlFileError(where, scan.alias_line, ALIAS_HINT.format(what=wording.what))
    if scan.keys_twice and not keys_twice_allowed:
        line, key = scan.keys_twice[0]
        raise YamlFileError(where, line, key_twice_problem(key, wording))
    return _build(scan, where)


def _build(scan: _ScanResult, where: str) -> CheckedYaml:
    """The value and node tree of a scanned file, composed from its events; YamlFileError when YAML cannot build
    it (more than one document, an unknown tag, a date of month 13, an integer past Python's 4,300 digits)."""
    loader = _ReplayLoader(scan.events)
    root = None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as err:
        raise YamlFileError(where, *_yaml_problem(err)) from err
    except ValueError as err:
        raise YamlFileError(where, *unbuildable_scalar(root, err)) from None
    return CheckedYaml(data, root, tuple(scan.keys_twice))
