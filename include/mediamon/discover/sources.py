"""Sources registry: sources.yaml (plus an optional user overlay) in, a validated list[Source] out.

The registry file
-----------------
    schema_version: 1
    sources:
      - id: daily-meridian              # slug: lower-case letters, digits, hyphens; unique
        name: The Daily Meridian
        homepage: https://example.org/
        country: TR                     # ISO 3166-1 alpha-2, where the newsroom is based
        language: en                    # ISO 639-1 language of the feeds
        type: newspaper                 # one of SOURCE_TYPES (optional)
        feeds:                          # URL strings, or mappings with `url` and any other keys
          - https://example.org/feed/
          - {url: https://example.org/world/feed/, found_in: "where the URL was copied from"}
        sitemaps:                       # optional: (Google News) sitemap or sitemap index URLs, as feeds
          - https://example.org/news-sitemap.xml
          - {url: https://example.org/sitemap_index.xml, found_in: https://example.org/robots.txt}
        note: optional free text
        region: optional; derived from the country (include/mediamon/config/regions.yaml) when absent
        enabled: optional; false keeps the source listed but not fetched

A source needs `feeds`, `sitemaps` or both: `feeds` may be left out when `sitemaps` is given.

Every problem is reported at once, each with the line to fix, in one ConfigError:
unknown keys, duplicate keys, duplicate ids, invalid country/language codes (with a
suggestion: 'UK' -> 'GB'), invalid URLs, unknown types, missing fields; a registry with no source, or none enabled, too. YAML aliases (*name) are
refused before the file is built: nested ones would expand exponentially. So is nesting deeper than
MAX_YAML_DEPTH: PyYAML's scanner takes time quadratic in the depth and its composer recurses.

The overlay (a user file; ours is never edited)
-----------------------------------------------
    sources:            # more outlets, same schema; an id that exists in the registry replaces it
      - id: my-local-paper
        ...
    disable:            # selectors; a source matching any of them is disabled
      ids: [rt-news]
      countries: [RU]
      languages: [ru]
      types: [state-affiliated]
      regions: [Oceania]
      all: true         # disable everything, then `enable` only what you want
    enable:             # the same selectors (without `all`); applied after `disable`, so they win
      ids: [meduza]
      countries: [TR]

Disabled sources are returned with enabled=False (they stay in the `sources` table).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mediamon.errors import ConfigError, FetchError, redact_credentials
from mediamon.fetch.netsafety import parse_target
from mediamon.records import Source
from mediamon.settings import CONFIG_DIR
from mediamon.text.yamlsafe import YamlFileError, YamlWording, key_twice_problem, load_checked_yaml

logger = logging.getLogger(__name__)

REGIONS_PATH = CONFIG_DIR / "regions.yaml"
SCHEMA_VERSION = 1
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_CHARS = 64  # an id names files (feeds/<id>.jsonl, logs/feeds-<id>.jsonl): far under a file name's 255 bytes
MAX_PROBLEMS_SHOWN = 50  # a registry's problems listed in its ConfigError; the rest are counted
_URL_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")  # controls, bidi marks
SOURCE_TYPES = ("wire", "public broadcaster", "state-affiliated", "newspaper", "broadcaster", "magazine",
                "digital", "regional", "aggregator")
SELECTORS = ("ids", "countries", "languages", "types", "regions")
WORDING = YamlWording(what="a sources file", needs="a registry needs 5")
# Codes people write that are not ISO 3166-1 alpha-2 / ISO 639-1, and what they mean.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "EN": "GB", "KO": "XK"}
LANGUAGE_ALIASES = {"jp": "ja", "cn": "zh", "gr": "el", "ua": "uk", "dk": "da", "se": "sv", "cz": "cs",
                    "kr": "ko", "ir": "fa", "il": "he", "iw": "he", "in": "id", "ji": "yi", "br": "pt",
                    "si": "sl", "ee": "et", "rs": "sr", "al": "sq", "gb": "en", "us": "en"}


def country_suggestion(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code someone who wrote value most likely meant ('UK' -> 'GB',
    'Germany' -> 'DE'), or None."""
    guess = COUNTRY_ALIASES.get(value.strip().upper())
    if guess is None:
        try:
            guess = pycountry.countries.lookup(value.strip()).alpha_2
        except LookupError:
            guess = None
    return guess


def _country_problem(code: str) -> str | None:
    """Why code is not an ISO 3166-1 alpha-2 code (with a suggestion), or None if it is one."""
    if len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None:
        return None
    guess = country_suggestion(code)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return f"country '{code}' is not ISO 3166-1 alpha-2{hint}"


def _language_problem(code: str) -> str | None:
    """Why code is not an ISO 639-1 code (with a suggestion), or None if it is one."""
    if len(code) == 2 and code.islower() and pycountry.languages.get(alpha_2=code) is not None:
        return None
    base = re.split(r"[-_]", code, maxsplit=1)[0].lower()
    guess = LANGUAGE_ALIASES.get(base)
    if guess is None:
        try:
            guess = getattr(pycountry.languages.lookup(base), "alpha_2", None)
        except LookupError:
            guess = None
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return f"language '{code}' is not ISO 639-1{hint}"


def _url_problem(field: str, url: str) -> str | None:
    """Why url is not an absolute http(s) URL, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"\s", url):
        return f"{field} '{url[:200]}' is not an absolute http(s) URL"
    if (bad := _URL_FORBIDDEN.search(url)) is not None:
        return (f"{field} '{url[:200]}' holds {bad.group(0)!r} at character {bad.start() + 1}: a URL has no control "
                "or direction characters (percent-encode them)")
    try:
        parse_target(url)
    except FetchError as err:  # an impossible port or host, or a URL longer than any request: refused at every run
        return f"{field} can never be fetched: {err.detail}"
    return None


class FeedEntry(BaseModel):
    """A feed given as a mapping: `url` plus provenance or any other keys."""

    model_config = ConfigDict(extra="allow")
    url: str

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if problem := _url_problem("feed", value):
            raise ValueError(problem)
        return value


class SitemapEntry(BaseModel):
    """A sitemap given as a mapping: `url` plus provenance or any other keys."""

    model_config = ConfigDict(extra="allow")
    url: str

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if problem := _url_problem("sitemap", value):
            raise ValueError(problem)
        return value


def _as_url_mappings(value: Any) -> Any:
    """A list of URL strings or mappings as a list of mappings (anything else is left for pydantic to refuse)."""
    if isinstance(value, list):
        return [{"url": item} if isinstance(item, str) else item for item in value]
    return value


class SourceEntry(BaseModel):
    """One source as written in the file; validators phrase errors for a person to fix."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str = Field(min_length=1)
    homepage: str
    country: str
    language: str
    type: str | None = None
    feeds: Annotated[list[FeedEntry], Field(min_length=1)] | None = None
    sitemaps: Annotated[list[SitemapEntry], Field(min_length=1)] | None = None
    note: str | None = None
    region: str | None = None
    enabled: bool = True

    @field_validator("feeds", "sitemaps", mode="before")
    @classmethod
    def _urls_as_mappings(cls, value: Any) -> Any:
        return _as_url_mappings(value)

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not SLUG.fullmatch(value):
            raise ValueError(f"id '{value[:MAX_ID_CHARS]}' is not a slug (lower-case letters, digits and single "
                             "hyphens)")
        if len(value) > MAX_ID_CHARS:
            raise ValueError(f"id '{value[:MAX_ID_CHARS]}...' is {len(value)} characters long: an id names files, "
                             f"keep it to {MAX_ID_CHARS}")
        return value

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str) -> str:
        if problem := _country_problem(value):
            raise ValueError(problem)
        return value

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if problem := _language_problem(value):
            raise ValueError(problem)
        return value

    @field_validator("type")
    @classmethod
    def _check_type(cls, value: str | None) -> str | None:
        if value is not None and value not in SOURCE_TYPES:
            raise ValueError(f"type '{value}' is not one of: {', '.join(SOURCE_TYPES)}")
        return value

    @field_validator("homepage")
    @classmethod
    def _check_homepage(cls, value: str) -> str:
        if problem := _url_problem("homepage", value):
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _check_feeds_or_sitemaps(self) -> SourceEntry:
        if self.feeds is None and self.sitemaps is None:
            raise ValueError(f"source '{self.id}' has no `feeds` and no `sitemaps`: give at least one feed "
                             "or sitemap URL")
        return self

    def feed_urls(self) -> tuple[str, ...]:
        """The feed URLs, whichever form they were given in."""
        return tuple(feed.url for feed in self.feeds or ())

    def sitemap_urls(self) -> tuple[str, ...]:
        """The sitemap URLs, whichever form they were given in (none when the key is absent)."""
        return tuple(sitemap.url for sitemap in self.sitemaps or ())


class Selector(BaseModel):
    """Which sources an overlay's `disable` or `enable` block applies to."""

    model_config = ConfigDict(extra="forbid")
    ids: list[str] = []
    countries: list[str] = []
    languages: list[str] = []
    types: list[str] = []
    regions: list[str] = []
    all: bool = False


class RegistryFile(BaseModel):
    """The top level of a registry or overlay file."""

    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1] = SCHEMA_VERSION
    sources: list[Any] = []
    disable: Selector | None = None
    enable: Selector | None = None


@dataclass
class Problems:
    """Problems found so far, each as 'file line N: message'."""

    messages: list[str]
    unlisted: int = 0  # problems found after MAX_PROBLEMS_SHOWN: counted, not listed

    @property
    def full(self) -> bool:
        """True once MAX_PROBLEMS_SHOWN problems are listed (later ones are only counted)."""
        return len(self.messages) >= MAX_PROBLEMS_SHOWN

    def add(self, path: Path, line: int | None, message: str) -> None:
        if self.full:
            self.unlisted += 1
            return
        where = f"{path.name} line {line}" if line else path.name
        self.messages.append(f"{where}: {message}")

    @property
    def count(self) -> int:
        """Problems found, listed or not."""
        return len(self.messages) + self.unlisted


def load_sources(path: Path, *, overlay: Path | None = None) -> list[Source]:
    """Validated sources of the registry, with the overlay's additions and enable/disable applied."""
    problems = Problems([])
    regions = load_regions()
    entries, _ = _load_file(path, problems, regions, allow_selectors=False)
    disable = enable = None
    if overlay is not None:
        extra, (disable, enable) = _load_file(overlay, problems, regions, allow_selectors=True)
        entries = _merge(entries, extra)
        _check_selectors(overlay, (disable, enable), entries, regions, problems)
    sources = [] if problems.messages else [_apply_selectors(_to_source(e, regions), disable, enable)
                                            for e, _ in entries]
    if not problems.messages:
        _check_some_enabled(path, sources, problems)
        sources = _without_shared_urls(sources)
    if problems.messages:
        problems.messages.sort(key=_message_order)
        more = f"\n  ... and {problems.unlisted} more (fix these and run again)" if problems.unlisted else ""
        raise ConfigError(f"{problems.count} problem(s) in the sources registry:\n  "
                          + "\n  ".join(problems.messages) + more)
    logger.info("sources path=%s overlay=%s sources=%d enabled=%d", path, overlay, len(sources),
                sum(s.enabled for s in sources))
    return sources


SHARED_URL_SOURCES_NAMED = 5  # a warning about a URL several sources list names this many of the later ones


def _without_shared_urls(sources: list[Source]) -> list[Source]:
    """The sources with each feed or sitemap URL an earlier enabled source lists too left out of the later one, with
    one warning a URL naming the first source and the others (one URL is fetched and logged once a run: read for two
    sources, its fetch log and health rows were staged twice and the day's load refused them)."""
    first: dict[str, str] = {}
    later: dict[tuple[str, str], list[str]] = {}
    out = []
    for source in sources:
        if not source.enabled:
            out.append(source)
            continue
        kept = {}
        for field in ("feeds", "sitemaps"):
            urls = []
            for url in getattr(source, field):
                if url in first:
                    later.setdefault((field[:-1], url), []).append(source.source_id)
                    continue
                first[url] = source.source_id
                urls.append(url)
            kept[field] = tuple(urls)
        out.append(replace(source, **kept) if kept != {"feeds": source.feeds, "sitemaps": source.sitemaps}
                   else source)
    for (kind, url), others in later.items():
        _warn_shared_url(kind, url, first[url], others)
    return out


def _warn_shared_url(kind: str, url: str, owner: str, others: list[str]) -> None:
    """One warning for a feed or sitemap URL that later sources list too: read once, for the first."""
    named = ", ".join(others[:SHARED_URL_SOURCES_NAMED])
    more = f" and {len(others) - SHARED_URL_SOURCES_NAMED} more" if len(others) > SHARED_URL_SOURCES_NAMED else ""
    logger.warning("sources: %s %s of %s is also listed by %s: read once, for %s; remove it from %s",
                   kind, redact_credentials(url), named + more, owner, owner,
                   "one of them" if len(others) == 1 else "the others")


def _check_some_enabled(path: Path, sources: list[Source], problems: Problems) -> None:
    """A registry with no source, or with every source disabled, gives a run nothing to fetch: a problem."""
    if not sources:
        problems.add(path, None, "the registry lists no source: add at least one under `sources:` (id, name, feeds, "
                                 "homepage, country, language), as the shipped config/sources.yaml does")
    elif not any(s.enabled for s in sources):
        problems.add(path, None, f"every source is disabled ({len(sources)} listed): enable at least one (remove its "
                                 "`enabled: false`, or name it under an overlay's `enable:`)")


def _message_order(message: str) -> tuple[str, int]:
    """Sort key: file name, then line number."""
    where = message.split(":", 1)[0]
    name, _, line = where.partition(" line ")
    return name, int(line) if line.isdigit() else 0


def load_regions(path: Path = REGIONS_PATH) -> dict[str, str]:
    """Country code -> region name, from include/mediamon/config/regions.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(code): region for region, codes in data.items() for code in codes}


def _load_file(path: Path, problems: Problems, regions: dict[str, str], *, allow_selectors: bool
               ) -> tuple[list[tuple[SourceEntry, int]], tuple[Selector | None, Selector | None]]:
    """Valid entries of one file with their lines, and its selectors; problems are collected."""
    try:
        checked = load_checked_yaml(path, WORDING, keys_twice_allowed=True)
    except YamlFileError as err:
        problems.add(path, err.line, err.problem)
        return [], (None, None)
    data, root = checked.data, checked.root
    for line, key in checked.keys_twice:
        problems.add(path, line, key_twice_problem(key, WORDING))
    top = _validate_top(data, root, path, problems, allow_selectors)
    if top is None:
        return [], (None, None)
    entries = _validate_entries(top.sources, root, path, problems, regions)
    return entries, (top.disable, top.enable)


def _validate_top(data: Any, root: yaml.Node | None, path: Path, problems: Problems,
                  allow_selectors: bool) -> RegistryFile | None:
    """The top-level mapping, or None (with problems added) when it is unusable."""
    if not isinstance(data, dict):
        problems.add(path, 1, "the file must be a mapping with a `sources:` list")
        return None
    if not allow_selectors:
        for key in ("disable", "enable"):
            if key in data:
                problems.add(path, _line_of(root, [key]), f"`{key}` belongs in an overlay file, not the registry "
                             "(name the overlay with --sources-overlay or MEDIAMON_SOURCES_OVERLAY)")
        data = {k: v for k, v in data.items() if k not in ("disable", "enable")}
    try:
        return RegistryFile.model_validate(data)
    except ValidationError as err:
        for error in err.errors():
            if error["loc"][:1] == ("sources",) and len(error["loc"]) > 1:
                continue
            _add_pydantic_error(error, [], root, path, problems)
        clean: dict[str, Any] = {"sources": data["sources"]} if isinstance(data.get("sources"), list) else {}
        for block in ("disable", "enable"):
            if isinstance(data.get(block), dict):
                known = {k: v for k, v in data[block].items() if k in Selector.model_fields}
                try:
                    clean[block] = Selector.model_validate(known)
                except ValidationError:
                    pass  # already reported above
        return RegistryFile.model_validate(clean)


def _validate_entries(raw: list[Any], root: yaml.Node | None, path: Path, problems: Problems,
                      regions: dict[str, str]) -> list[tuple[SourceEntry, int]]:
    """Each valid source entry with its line; every invalid field and duplicate id is reported."""
    entries: list[tuple[SourceEntry, int]] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(raw):
        line = _line_of(root, ["sources", index]) or 0
        source_id = item.get("id") if isinstance(item, dict) else None
        duplicate = isinstance(source_id, str) and source_id in first_line
        if duplicate:
            problems.add(path, _line_of(root, ["sources", index, "id"]),
                         f"duplicate id '{source_id}' (first defined at line {first_line[source_id]})")
        elif isinstance(source_id, str):
            first_line[source_id] = _line_of(root, ["sources", index, "id"]) or line
        try:
            entry = SourceEntry.model_validate(item)
        except ValidationError as err:
            for error in err.errors():
                _add_pydantic_error(error, ["sources", index], root, path, problems)
            continue
        if _entry_fields_ok(entry, index, root, path, problems, regions) and not duplicate:
            entries.append((entry, line))
    return entries


def _entry_fields_ok(entry: SourceEntry, index: int, root: yaml.Node | None, path: Path,
                     problems: Problems, regions: dict[str, str]) -> bool:
    """Checks that need the region table."""
    ok = True
    if entry.region is not None and entry.region not in set(regions.values()):
        problems.add(path, _line_of(root, ["sources", index, "region"]),
                     f"region '{entry.region}' is not one of: {', '.join(sorted(set(regions.values())))}")
        ok = False
    return ok


def _add_pydantic_error(error: dict[str, Any], prefix: list[Any], root: yaml.Node | None, path: Path,
                        problems: Problems) -> None:
    """One pydantic error as a message for a person, at the line of the field it concerns."""
    if problems.full:  # finding the line of each of 50,000 unknown keys would take minutes
        problems.add(path, None, "")
        return
    loc = list(error["loc"])
    field = ".".join(str(part) for part in loc) or "entry"
    if error["type"] == "extra_forbidden":
        message = f"unknown key '{loc[-1]}'"
    elif error["type"] == "missing":
        message = f"missing required key '{field}'"
        loc = loc[:-1]
    elif error["type"] == "too_short":
        message = f"{field} is empty: give at least one"
    elif error["type"] == "value_error":
        message = str(error["ctx"]["error"])
    else:
        shown = repr(error.get("input"))
        message = f"{field}: {error['msg']} (got {shown[:200] + '...' if len(shown) > 200 else shown})"
    problems.add(path, _line_of(root, prefix + loc, key=error["type"] == "extra_forbidden"), message)


def _line_of(node: yaml.Node | None, loc: list[Any], *, key: bool = False) -> int | None:
    """1-based line of the node at loc (mapping keys and list indexes); the deepest one found."""
    line = node.start_mark.line + 1 if node is not None else None
    for depth, part in enumerate(loc):
        child = None
        if isinstance(node, yaml.MappingNode):
            want_key = key and depth == len(loc) - 1
            child = next(((k if want_key else v) for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _merge(base: list[tuple[SourceEntry, int]],
           extra: list[tuple[SourceEntry, int]]) -> list[tuple[SourceEntry, int]]:
    """Registry entries with the overlay's: same id replaces, new ids are appended."""
    replacements = {entry.id: (entry, line) for entry, line in extra}
    merged = [replacements.pop(entry.id, (entry, line)) for entry, line in base]
    return merged + list(replacements.values())


def _check_selectors(path: Path, selectors: tuple[Selector | None, Selector | None],
                     entries: list[tuple[SourceEntry, int]], regions: dict[str, str],
                     problems: Problems) -> None:
    """Every value named in disable/enable must exist, so a typo never silently selects nothing."""
    known = {"ids": {e.id for e, _ in entries}, "types": set(SOURCE_TYPES), "regions": set(regions.values())}
    for block, selector in zip(("disable", "enable"), selectors):
        if selector is None:
            continue
        if block == "enable" and selector.all:
            problems.add(path, None, "enable.all is not supported: list what to enable, or use disable.all")
        for name in SELECTORS:
            for value in getattr(selector, name):
                problem = _selector_problem(name, value, known)
                if problem:
                    problems.add(path, None, f"{block}.{name}: {problem}")


def _selector_problem(name: str, value: str, known: dict[str, set[str]]) -> str | None:
    """Why one selector value cannot match, or None."""
    if name == "countries":
        return _country_problem(value)
    if name == "languages":
        return _language_problem(value)
    if value not in known[name]:
        return f"'{value}' is not a known {name[:-1] if name != 'countries' else 'country'}"
    return None


def _to_source(entry: SourceEntry, regions: dict[str, str]) -> Source:
    """The record the pipeline uses."""
    return Source(source_id=entry.id, name=entry.name, homepage=entry.homepage, country=entry.country,
                  language=entry.language, feeds=entry.feed_urls(), type=entry.type,
                  region=entry.region or regions.get(entry.country), enabled=entry.enabled,
                  sitemaps=entry.sitemap_urls())


def _matches(source: Source, selector: Selector) -> bool:
    """True when the source is named by any of the selector's lists."""
    return (selector.all or source.source_id in selector.ids or source.country in selector.countries
            or source.language in selector.languages or source.type in selector.types
            or source.region in selector.regions)


def _apply_selectors(source: Source, disable: Selector | None, enable: Selector | None) -> Source:
    """The source with enabled set by the overlay: disable first, then enable wins."""
    enabled = source.enabled
    if disable is not None and _matches(source, disable):
        enabled = False
    if enable is not None and _matches(source, enable.model_copy(update={"all": False})):
        enabled = True
    return replace(source, enabled=enabled)


def sources_to_rows(sources: list[Source]) -> list[dict[str, Any]]:
    """Rows for the DuckDB `sources` table."""
    return [{"source_id": s.source_id, "name": s.name, "homepage": s.homepage, "country": s.country,
             "language": s.language, "type": s.type, "region": s.region, "enabled": s.enabled}
            for s in sources]
