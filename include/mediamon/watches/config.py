"""Read watches.yaml: every watch checked (name, query, filters), errors naming the watch and the field."""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pycountry
import yaml

from mediamon.errors import ConfigError
from mediamon.settings import CONFIG_DIR
from mediamon.text.yamlsafe import SAFE_LOADER, YamlWording, load_checked_yaml
from mediamon.watches.matcher import Watch
from mediamon.watches.query import QueryError, parse_query

TOPICS_PATH = CONFIG_DIR / "topics" / "iptc_topics.yaml"
NAME_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MAX_NAME_CHARS = 64  # a watch's name heads its digest section, alert and page: a short label
SOURCE_ID_RE = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
FIELDS = ("name", "query", "description", "countries", "topics", "languages", "sources", "alert")
LIST_FIELDS = ("countries", "topics", "languages", "sources")
WORDING = YamlWording(what="watches.yaml", needs="a watch needs 4", twice_hint=" (a second watch starts with '- name:')",
                      read_hint="; set MEDIAMON_WATCHES to an existing file")
# A `keywords:` block mapping and the lines under it (more indented, blank or comments): the topics' lexicons,
# nine tenths of the topics file, which the watches never look at (topic_codes leaves them out before parsing).
KEYWORDS_BLOCK_RE = re.compile(r"^(?P<indent>[ ]*)keywords:[ \t]*(?:#.*)?\n"
                               r"(?:(?:(?P=indent)[ ]+\S.*|[ \t]*(?:#.*)?)(?:\n|\Z))*", re.MULTILINE)


def load_watches(path: Path, *, source_ids: Collection[str] | None = None) -> list[Watch]:
    """The watches of a watches.yaml file ([] when it lists none); ConfigError naming watch and field.
    With source_ids (the registry's), a watch naming any other source is an error too."""
    raw = _read_yaml(path)
    topics = topic_codes(TOPICS_PATH) if any(isinstance(e, dict) and e.get("topics") for e in raw) else {}
    watches, names = [], set()
    for index, entry in enumerate(raw, start=1):
        watch = parse_watch(entry, index, topics, where=path.name, source_ids=source_ids)
        if watch.name in names:
            raise ConfigError(f"{path.name}: watch '{watch.name}' field name: the name is used twice; "
                              "give each watch its own name")
        names.add(watch.name)
        watches.append(watch)
    return watches


def _read_yaml(path: Path) -> list[Any]:
    """The list under `watches:`; ConfigError when the file is missing or not shaped so."""
    data = load_checked_yaml(path, WORDING).data or {}
    if not isinstance(data, dict) or set(data) - {"watches"}:
        raise ConfigError(f"{path.name}: the file must hold one key, `watches:`, with a list of watches")
    watches = data.get("watches") or []
    if not isinstance(watches, list):
        raise ConfigError(f"{path.name}: `watches:` must be a list of watches (`- name: ...`)")
    return watches


def parse_watch(entry: Any, index: int, topics: dict[str, str], *, where: str = "watches.yaml",
                source_ids: Collection[str] | None = None) -> Watch:
    """One watch from its YAML mapping, every field checked (its sources against source_ids when given)."""
    label = f"{where}: watch #{index}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{label}: a watch is a mapping with at least `name` and `query`")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise ConfigError(f"{label} field name: {name!r} must be lower-case letters, digits, '-' or '_' "
                          "(e.g. kz-protests)")
    if len(name) > MAX_NAME_CHARS:
        raise ConfigError(f"{label} field name: '{name[:MAX_NAME_CHARS]}...' is {len(name)} characters long; keep "
                          f"a name to {MAX_NAME_CHARS} (the query holds the words)")
    label = f"{where}: watch '{name}'"
    if unknown := sorted((key for key in entry if key not in FIELDS), key=str):  # YAML keys: text, numbers, dates
        raise ConfigError(f"{label} field {unknown[0]}: unknown field; use {', '.join(FIELDS)}")
    query = entry.get("query")
    if not isinstance(query, str):
        raise ConfigError(f"{label} field query: a query (text) is required")
    try:
        parse_query(query)
    except QueryError as err:
        raise ConfigError(f"{label} field query: {err}\n{err.pointer()}") from None
    lists = {f: _string_list(entry.get(f), f, label) for f in LIST_FIELDS}
    description, alert = entry.get("description"), entry.get("alert", False)
    if description is not None and not isinstance(description, str):
        raise ConfigError(f"{label} field description: must be text")
    if not isinstance(alert, bool):
        raise ConfigError(f"{label} field alert: must be true or false, not {alert!r}")
    return Watch(name=name, query=query, description=description, alert=alert,
                 countries=tuple(_country(c, label) for c in lists["countries"]),
                 topics=tuple(_topic(t, topics, label) for t in lists["topics"]),
                 languages=tuple(_language(c, label) for c in lists["languages"]),
                 sources=tuple(_source(s, label, source_ids) for s in lists["sources"]))


def _string_list(value: Any, field: str, label: str) -> list[str]:
    """A filter's values: a list of strings (a single string is a list of one)."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{label} field {field}: must be a list of non-empty strings, e.g. [KZ, UZ]")
    return [v.strip() for v in values]


def _country(code: str, label: str) -> str:
    """An ISO 3166-1 alpha-2 code, or ConfigError with a suggestion."""
    from mediamon.discover.sources import country_suggestion

    if len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None:
        return code
    guess = country_suggestion(code)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    raise ConfigError(f"{label} field countries: '{code}' is not an ISO 3166-1 alpha-2 code{hint}")


def _language(code: str, label: str) -> str:
    """An ISO 639-1 code, or ConfigError with a suggestion."""
    if len(code) == 2 and code.islower() and pycountry.languages.get(alpha_2=code) is not None:
        return code
    try:
        hint = f" (did you mean '{pycountry.languages.lookup(code).alpha_2}'?)"
    except (LookupError, AttributeError):
        hint = ""
    raise ConfigError(f"{label} field languages: '{code}' is not an ISO 639-1 code{hint}")


def _source(source_id: str, label: str, known: Collection[str] | None) -> str:
    """A source_id as sources.yaml spells them, and one of the registry's when it is known."""
    if not SOURCE_ID_RE.fullmatch(source_id):
        raise ConfigError(f"{label} field sources: '{source_id}' is not a source_id (lower-case, as in sources.yaml)")
    if known is None or source_id in known:
        return source_id
    close = difflib.get_close_matches(source_id, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else " (use the `id:` of one of its sources)"
    raise ConfigError(f"{label} field sources: '{source_id}' is not a source of the registry (sources.yaml){hint}")


def _topic(value: str, topics: dict[str, str], label: str) -> str:
    """The IPTC code of a topic given by code, short key or English label (any case)."""
    code = topics.get(value.lower())
    if code is None:
        raise ConfigError(f"{label} field topics: '{value}' is not an IPTC code, key or label of "
                          f"{TOPICS_PATH.name} (e.g. medtop:11000000 or politics)")
    return code


def topic_codes(path: Path = TOPICS_PATH) -> dict[str, str]:
    """Lower-cased IPTC code, key and label of every topic the tagger emits -> its code."""
    found = {}
    for topic in _topics(path):
        for alias in (topic["code"], topic.get("key"), topic.get("label")):
            if alias:
                found[str(alias).lower()] = topic["code"]
    return found


def topic_labels(path: Path = TOPICS_PATH) -> dict[str, str]:
    """IPTC code -> label of every topic the tagger emits ('medtop:20000065' -> 'civil unrest')."""
    return {topic["code"]: topic.get("label") or topic["code"] for topic in _topics(path)}


@functools.cache
def _topics(path: Path) -> tuple[dict[str, Any], ...]:
    """The topics of iptc_topics.yaml, read once per process (the keyword lexicons are left out unparsed: reading
    the rest takes a fifteenth of the time; the whole file is parsed when the rest does not parse alone)."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(KEYWORDS_BLOCK_RE.sub(r"\g<indent>keywords: {}\n", text), Loader=SAFE_LOADER)
    except yaml.YAMLError:  # a layout the shortcut does not cover (an anchor in a keyword list used elsewhere)
        data = yaml.load(text, Loader=SAFE_LOADER)
    return tuple(data["topics"])
