"""load_sources: the shipped registry, every error at once with its line, and the overlay."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from mediamon.discover.sources import load_regions, load_sources, sources_to_rows
from mediamon.errors import ConfigError
from mediamon.settings import CONFIG_DIR

REGISTRY = CONFIG_DIR / "sources.yaml"

BROKEN = """\
schema_version: 1
sources:
- id: daily-meridian
  name: The Daily Meridian
  homepage: https://example.org/
  country: UK
  language: en
  feeds: [https://example.org/feed/]
- id: daily-meridian
  name: Meridian again
  homepage: https://example.com/
  country: TR
  language: english
  feeds:
  - url: ftp://example.com/feed
    found_in: nowhere
- id: harbour-times
  name: Harbour Times
  homepage: harbour times dot com
  country: TR
  language: tr
  colour: blue
  feeds: [https://harbour.example/rss]
"""

SMALL = """\
sources:
- id: a-paper
  name: A Paper
  homepage: https://a.example/
  country: TR
  language: tr
  type: newspaper
  feeds: [https://a.example/rss]
- id: b-wire
  name: B Wire
  homepage: https://b.example/
  country: RU
  language: ru
  type: state-affiliated
  feeds:
  - url: https://b.example/rss
    found_in: a test
- id: c-radio
  name: C Radio
  homepage: https://c.example/
  country: AU
  language: en
  type: public broadcaster
  feeds: [https://c.example/feed]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_registry_loads_without_errors() -> None:
    sources = load_sources(REGISTRY)
    assert len(sources) == 193 and len({s.country for s in sources}) == 76
    assert sum(len(s.feeds) for s in sources) == 202
    assert all(isinstance(feed, str) and feed.startswith("http") for s in sources for feed in s.feeds)
    assert Counter(s.region for s in sources)["Europe"] == 72 and all(s.enabled for s in sources)


def test_shipped_registry_keeps_provenance_comments() -> None:
    text = REGISTRY.read_text(encoding="utf-8")
    assert "None was typed from memory" in text and text.count("found_in:") == 202


def test_broken_registry_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_sources(write(tmp_path, "sources.yaml", BROKEN))
    lines = str(caught.value).splitlines()[1:]
    assert [line.strip() for line in lines] == [
        "sources.yaml line 6: country 'UK' is not ISO 3166-1 alpha-2 (did you mean 'GB'?)",
        "sources.yaml line 9: duplicate id 'daily-meridian' (first defined at line 3)",
        "sources.yaml line 13: language 'english' is not ISO 639-1 (did you mean 'en'?)",
        "sources.yaml line 15: feed 'ftp://example.com/feed' is not an absolute http(s) URL",
        "sources.yaml line 19: homepage 'harbour times dot com' is not an absolute http(s) URL",
        "sources.yaml line 22: unknown key 'colour'",
    ]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id", "Bad_Slug", "id 'Bad_Slug' is not a slug"),
    ("country", "TUR", "country 'TUR' is not ISO 3166-1 alpha-2 (did you mean 'TR'?)"),
    ("language", "tr-TR", "language 'tr-TR' is not ISO 639-1 (did you mean 'tr'?)"),
    ("type", "blog", "type 'blog' is not one of"),
    ("region", "Atlantis", "region 'Atlantis' is not one of"),
])
def test_single_field_errors_name_the_fix(tmp_path: Path, field: str, value: str, message: str) -> None:
    original = {"id": "id: a-paper", "country": "country: TR", "language": "language: tr",
                "type": "type: newspaper", "region": "type: newspaper"}[field]
    added = f"{original}\n  {field}: {value}" if field == "region" else f"{field}: {value}"
    text = SMALL.replace(original, added, 1)
    with pytest.raises(ConfigError) as caught:
        load_sources(write(tmp_path, "s.yaml", text))
    assert message in str(caught.value) and "s.yaml line " in str(caught.value)


def test_duplicate_yaml_key_is_reported(tmp_path: Path) -> None:
    text = SMALL.replace("  name: A Paper\n", "  name: A Paper\n  name: Another\n")
    with pytest.raises(ConfigError, match=r"s.yaml line 4: key 'name' is given twice"):
        load_sources(write(tmp_path, "s.yaml", text))


# Nine levels of nine aliases each: 9**9 leaves once expanded, from a file of a few hundred bytes.
NESTED_ALIASES = "schema_version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
) + "sources: *i\n"

LOAD_AND_REPORT = """\
import sys
from pathlib import Path
from mediamon.errors import ConfigError
from mediamon.discover.sources import load_sources
try:
    load_sources(Path(sys.argv[1]))
except ConfigError as err:
    print(err)
"""


def test_nested_yaml_aliases_are_refused_without_expanding_them(tmp_path: Path) -> None:
    path = write(tmp_path, "sources.yaml", NESTED_ALIASES)
    # In a child process, so a loader that expands the aliases fails the test instead of hanging it.
    done = subprocess.run([sys.executable, "-c", LOAD_AND_REPORT, str(path)], capture_output=True, text=True,
                          timeout=60, check=True)
    assert "sources.yaml line 3: YAML aliases (*name) are not allowed in a sources file" in done.stdout


@pytest.mark.parametrize("text", ["schema_version: 1\nsources: &a [*a]\n",
                                  "sources:\n- &entry {id: a-paper, feeds: [*entry]}\n"])
def test_recursive_yaml_alias_is_a_config_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match=r"s.yaml line \d+: YAML aliases \(\*name\) are not allowed"):
        load_sources(write(tmp_path, "s.yaml", text))


def test_yaml_alias_in_the_overlay_is_refused_too(tmp_path: Path) -> None:
    overlay = write(tmp_path, "mine.yaml", "disable: &d {ids: [b-wire]}\nenable: *d\n")
    with pytest.raises(ConfigError, match=r"mine.yaml line 2: YAML aliases"):
        load_sources(write(tmp_path, "s.yaml", SMALL), overlay=overlay)


def test_overlay_adds_sources_and_disables_by_type_and_region(tmp_path: Path) -> None:
    overlay = write(tmp_path, "mine.yaml", """\
sources:
- id: d-local
  name: D Local
  homepage: https://d.example/
  country: GB
  language: en
  feeds: [https://d.example/rss]
disable:
  types: [state-affiliated]
  regions: [Oceania]
""")
    sources = {s.source_id: s for s in load_sources(write(tmp_path, "s.yaml", SMALL), overlay=overlay)}
    assert {sid: s.enabled for sid, s in sources.items()} == {
        "a-paper": True, "b-wire": False, "c-radio": False, "d-local": True}
    assert sources["d-local"].region == "Europe"


def test_overlay_disable_all_then_enable_wins(tmp_path: Path) -> None:
    overlay = write(tmp_path, "mine.yaml", "disable: {all: true}\nenable: {countries: [TR], ids: [c-radio]}\n")
    sources = load_sources(write(tmp_path, "s.yaml", SMALL), overlay=overlay)
    assert [s.source_id for s in sources if s.enabled] == ["a-paper", "c-radio"]


def test_overlay_source_with_existing_id_replaces_it(tmp_path: Path) -> None:
    overlay = write(tmp_path, "mine.yaml", SMALL.split("- id: b-wire")[0].replace("A Paper", "A Paper (mine)"))
    sources = load_sources(write(tmp_path, "s.yaml", SMALL), overlay=overlay)
    assert [s.name for s in sources] == ["A Paper (mine)", "B Wire", "C Radio"]


def test_overlay_typos_are_errors_too(tmp_path: Path) -> None:
    overlay = write(tmp_path, "mine.yaml", "disable:\n  ids: [no-such-source]\n  countries: [UK]\n  typos: [x]\n")
    with pytest.raises(ConfigError) as caught:
        load_sources(write(tmp_path, "s.yaml", SMALL), overlay=overlay)
    message = str(caught.value)
    assert "disable.ids: 'no-such-source' is not a known id" in message
    assert "disable.countries: country 'UK' is not ISO 3166-1 alpha-2 (did you mean 'GB'?)" in message
    assert "mine.yaml line 4: unknown key 'typos'" in message


def test_sources_to_rows() -> None:
    rows = sources_to_rows(load_sources(REGISTRY))
    assert rows[0] == {"source_id": "bbc-news", "name": "BBC News", "homepage": "https://www.bbc.com/news",
                       "country": "GB", "language": "en", "type": "public broadcaster", "region": "Europe",
                       "enabled": True}


def test_every_country_has_exactly_one_region() -> None:
    regions = load_regions()
    assert sorted(regions) == sorted(country.alpha_2 for country in pycountry.countries)


# --- sitemaps --------------------------------------------------------------------------------------

SITEMAP_ONLY = """\
sources:
- id: a-paper
  name: A Paper
  homepage: https://a.example/
  country: TR
  language: tr
  sitemaps: [https://a.example/news-sitemap.xml]
- id: b-wire
  name: B Wire
  homepage: https://b.example/
  country: RU
  language: ru
  feeds: [https://b.example/rss]
  sitemaps:
  - {url: https://b.example/sitemap_index.xml, found_in: https://b.example/robots.txt}
  - https://b.example/news-sitemap.xml.gz
"""


def test_sitemaps_are_optional_and_may_stand_in_for_feeds(tmp_path: Path) -> None:
    a_paper, b_wire = load_sources(write(tmp_path, "s.yaml", SITEMAP_ONLY))
    assert (a_paper.feeds, a_paper.sitemaps) == ((), ("https://a.example/news-sitemap.xml",))
    assert b_wire.feeds == ("https://b.example/rss",)
    assert b_wire.sitemaps == ("https://b.example/sitemap_index.xml", "https://b.example/news-sitemap.xml.gz")
    assert all(s.sitemaps == () for s in load_sources(write(tmp_path, "small.yaml", SMALL)))


def test_a_source_with_neither_feeds_nor_sitemaps_is_reported_at_its_line(tmp_path: Path) -> None:
    text = SITEMAP_ONLY.replace("  sitemaps: [https://a.example/news-sitemap.xml]\n", "")
    with pytest.raises(ConfigError, match=r"s.yaml line 2: source 'a-paper' has no `feeds` and no `sitemaps`: "
                                          r"give at least one feed or sitemap URL"):
        load_sources(write(tmp_path, "s.yaml", text))


@pytest.mark.parametrize(("value", "line", "message"), [
    ("ftp://b.example/sitemap.xml", 16, "sitemap 'ftp://b.example/sitemap.xml' is not an absolute http(s) URL"),
    ("/news-sitemap.xml", 16, "sitemap '/news-sitemap.xml' is not an absolute http(s) URL"),
    ("https://b.example/a sitemap.xml", 16, "sitemap 'https://b.example/a sitemap.xml' is not an absolute http(s) URL"),
    ("{url: 'ftp://b.example/s.xml', found_in: robots.txt}", 16, "sitemap 'ftp://b.example/s.xml' is not an"),
    ("42", 16, "sitemaps.1: Input should be a valid dictionary"),
])
def test_a_bad_sitemap_url_is_reported_at_its_line(tmp_path: Path, value: str, line: int, message: str) -> None:
    text = SITEMAP_ONLY.replace("https://b.example/news-sitemap.xml.gz", value)
    with pytest.raises(ConfigError) as caught:
        load_sources(write(tmp_path, "s.yaml", text))
    assert f"s.yaml line {line}: {message}" in str(caught.value)


def test_an_empty_sitemaps_list_is_reported(tmp_path: Path) -> None:
    text = SITEMAP_ONLY.replace("sitemaps: [https://a.example/news-sitemap.xml]", "feeds: [https://a.example/rss]\n"
                                "  sitemaps: []")
    with pytest.raises(ConfigError, match=r"s.yaml line 8: sitemaps is empty: give at least one"):
        load_sources(write(tmp_path, "s.yaml", text))
