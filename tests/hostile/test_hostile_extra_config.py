"""More hostile sources.yaml and watches.yaml: names that would become bad file names, look-alike Unicode in ids
and codes, URLs carrying control or direction characters, and files that make thousands of problems."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from mediamon.discover.sources import MAX_ID_CHARS, MAX_PROBLEMS_SHOWN, load_sources
from mediamon.errors import ConfigError
from mediamon.watches.config import MAX_NAME_CHARS, load_watches


def registry(*, source_id: str = "daily-meridian", country: str = "GB", language: str = "en",
             feed: str = "https://news.example.org/feed.xml", extra: str = "") -> str:
    """A registry of one source, its fields as given (YAML text)."""
    return (f"schema_version: 1\nsources:\n- id: {source_id}\n  name: Daily\n  homepage: https://news.example.org/\n"
            f"  country: {country}\n  language: {language}\n  type: newspaper\n  feeds:\n  - {feed}\n{extra}")


def problem(tmp_path: Path, text: str) -> str:
    """The ConfigError message of a registry with this text."""
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    return str(caught.value)


def test_an_id_too_long_for_a_file_name_is_refused_naming_the_limit(tmp_path: Path) -> None:
    message = problem(tmp_path, registry(source_id="a" * 300))
    assert "line 3" in message and "300 characters" in message and str(MAX_ID_CHARS) in message
    assert "a" * 301 not in message


def test_an_id_at_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(registry(source_id="a" * MAX_ID_CHARS), encoding="utf-8")
    assert [s.source_id for s in load_sources(path)] == ["a" * MAX_ID_CHARS]


@pytest.mark.parametrize("source_id", ["../../etc", "'..'", "'a/b'", "ｄaily", "daily\u2011meridian", "d\u0130ly",
                                       "\u212aelvin", "'daily\u200bmeridian'", "'daily-meridian '"])
def test_ids_with_paths_or_look_alike_letters_are_not_slugs(tmp_path: Path, source_id: str) -> None:
    assert "is not a slug" in problem(tmp_path, registry(source_id=source_id))


@pytest.mark.parametrize(("country", "shown"), [("ＧＢ", "'ＧＢ'"), ('"G\u200bB"', "'G\u200bB'"), ("gb", "did you mean 'GB'")])
def test_look_alike_country_codes_are_refused(tmp_path: Path, country: str, shown: str) -> None:
    message = problem(tmp_path, registry(country=country))
    assert "line 6" in message and shown in message


@pytest.mark.parametrize(("feed", "shown"), [('"https://news.example.org/\\0feed"', "'\\x00'"),
                                             ('"https://news.example.org/\u202efeed"', "'\\u202e'"),
                                             ('"https://news.example.org/\u200bfeed"', "'\\u200b'"),
                                             ('"https://news.example.org/\\x7ffeed"', "'\\x7f'")])
def test_a_feed_url_with_control_or_direction_characters_is_refused_at_its_line(tmp_path: Path, feed: str,
                                                                                 shown: str) -> None:
    message = problem(tmp_path, registry(feed=feed))
    assert "line 10" in message and shown in message and "percent-encode" in message


def test_a_feed_url_with_a_line_break_is_not_an_absolute_url(tmp_path: Path) -> None:
    message = problem(tmp_path, registry(feed='"https://news.example.org/a\\r\\nX-Injected: 1"'))
    assert "line 10" in message and "not an absolute http(s) URL" in message


def test_fifty_thousand_unknown_keys_list_the_first_problems_and_count_the_rest_in_seconds(tmp_path: Path) -> None:
    start = time.process_time()
    message = problem(tmp_path, registry() + "".join(f"  k{i}: 1\n" for i in range(50_000)))
    assert time.process_time() - start < 20.0  # finding each key's line made this take three minutes
    assert message.startswith("50000 problem(s)") and message.count("unknown key") == MAX_PROBLEMS_SHOWN
    assert f"and {50_000 - MAX_PROBLEMS_SHOWN} more" in message and "line 11: unknown key 'k0'" in message


def test_a_20_mb_value_is_shown_cut_in_the_problem(tmp_path: Path) -> None:
    message = problem(tmp_path, "schema_version: 1\nsources: " + "x" * 20_000_000 + "\n")
    assert "line 2" in message and "should be a valid list" in message and len(message) < 1_000


def test_ten_thousand_sources_load_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("schema_version: 1\nsources:\n" + "".join(
        f"- id: s{i}\n  name: S\n  homepage: https://s{i}.example.org/\n  country: GB\n  language: en\n"
        f"  type: newspaper\n  feeds:\n  - https://s{i}.example.org/feed\n" for i in range(10_000)), encoding="utf-8")
    start = time.process_time()
    assert len(load_sources(path)) == 10_000
    assert time.process_time() - start < 15.0  # the pure-Python YAML parser, run twice, took 27 s


def test_a_yaml_merge_key_is_an_alias_and_refused(tmp_path: Path) -> None:
    assert "aliases" in problem(tmp_path, registry(extra="x: &a {b: 1}\ny:\n  <<: *a"))


def watches_file(tmp_path: Path, text: str) -> Path:
    """A watches.yaml with this text."""
    path = tmp_path / "watches.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_watch_name_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = watches_file(tmp_path, f"watches:\n- name: {'a' * 300}\n  query: protest\n")
    with pytest.raises(ConfigError, match=f"300 characters long; keep a name to {MAX_NAME_CHARS}"):
        load_watches(path)


@pytest.mark.parametrize("name", ["../../x", "ｋz", "'kz\u200b'", "'kz/../x'", "'.'"])
def test_watch_names_with_paths_or_look_alike_letters_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match="field name"):
        load_watches(watches_file(tmp_path, f"watches:\n- name: {name}\n  query: protest\n"))


@pytest.mark.parametrize("country", ["ＧＢ", '"G\u200bB"'])
def test_look_alike_watch_countries_are_refused(tmp_path: Path, country: str) -> None:
    with pytest.raises(ConfigError, match="field countries"):
        load_watches(watches_file(tmp_path, f"watches:\n- name: kz\n  query: protest\n  countries: [{country}]\n"))
