"""Red-team cases on watches.yaml and digest.yaml: a key given twice in one mapping (YAML keeps the last one
silently: a second `watches:` emptied the list, a second `enabled:` overrode the first) is an error at its line,
and a digest.yaml of megabytes is read in bounded time."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from mediamon.digest.config import DIGEST_CONFIG_PATH, load_digest_config
from mediamon.errors import ConfigError
from mediamon.watches.config import load_watches

# --- watches.yaml and digest.yaml: keys given twice, and megabytes -----------------------------------------------


WATCH = "watches:\n  - name: a\n    query: protest\n"


@pytest.mark.parametrize(("text", "line", "key"), [
    (WATCH + "watches: []\n", 4, "watches"),                                     # emptied every watch above it
    (WATCH + "    query: NOT football\n", 4, "query"),
    (WATCH + "    countries: [KZ]\n    countries: [GB]\n", 5, "countries"),
    (WATCH + "    alert: true\n    alert: false\n", 5, "alert"),
    (WATCH + "  - name: b\n    query: riot\n    name: c\n", 6, "name"),
])
def test_a_watch_key_given_twice_is_a_config_error_at_its_line(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = tmp_path / "watches.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"watches.yaml line {line}: key '{key}' is given twice"):
        load_watches(path)


def test_watches_sharing_key_names_still_load(tmp_path: Path) -> None:
    path = tmp_path / "watches.yaml"
    path.write_text(WATCH + "  - name: b\n    query: riot\n    countries: [KZ]\n  - name: c\n    query: strike\n"
                    "    countries: [KZ]\n", encoding="utf-8")
    assert [w.name for w in load_watches(path)] == ["a", "b", "c"]


@pytest.mark.parametrize(("text", "line", "key"), [
    ("alerts:\n  enabled: true\n  enabled: false\n", 3, "enabled"),
    ("spikes:\n  sensitivity: 3\nspikes:\n  sensitivity: 9\n", 3, "spikes"),
    ("watch:\n  countries: [KZ]\n  topics: []\n  countries: []\n", 4, "countries"),
    ("top_stories: 10\ntrend_days: 30\ntop_stories: 1\n", 3, "top_stories"),
])
def test_a_digest_key_given_twice_is_a_config_error_at_its_line(tmp_path: Path, text: str, line: int,
                                                                key: str) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"line {line}: key '{key}' is given twice"):
        load_digest_config(path)


def test_the_shipped_digest_settings_have_no_key_twice() -> None:
    assert load_digest_config(DIGEST_CONFIG_PATH).top_stories >= 1


def test_a_digest_yaml_of_ten_megabytes_is_read_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text("# " + "x" * 10_000_000 + "\nwatch_days: 7\n", encoding="utf-8")
    started = time.process_time()
    assert load_digest_config(path).watch_days == 7
    assert time.process_time() - started < 2.5  # PyYAML's pure-Python loader took 3.6 s, libyaml's 0.2 s


# --- MEDIAMON_CONTACT_URL: it goes into every request's User-Agent ----------------------------------------------


@pytest.mark.parametrize("value", ["https://ops.example/\r\nX-Injected: 1", "https://ops\x00.example/", "https://ops.example/\t/x",
                                  "https://ops.example/\u202e", "https://opé.example/", "https://" + "a" * 100_000,
                                  "javascript:alert(1)", "ops@example.org", "https://", "https://ops.example/a b"])
def test_a_contact_url_no_header_can_carry_is_refused_naming_the_variable(value: str) -> None:
    from mediamon.settings import settings_from_env

    with pytest.raises(ConfigError) as caught:
        settings_from_env({"MEDIAMON_CONTACT_URL": value})
    message = str(caught.value)
    assert message.startswith("MEDIAMON_CONTACT_URL=") and "User-Agent" in message and len(message) < 400


@pytest.mark.parametrize("value", ["https://your.site/crawler", "http://ops.example/bot?x=1%20y", "mailto:ops@example.org",
                                   " https://your.site/crawler "])
def test_a_contact_url_a_header_can_carry_goes_into_the_user_agent(value: str) -> None:
    from mediamon.settings import settings_from_env

    agent = settings_from_env({"MEDIAMON_CONTACT_URL": value}).user_agent
    assert agent.endswith(f"(+{value.strip()})") and agent.isascii() and agent.isprintable()

