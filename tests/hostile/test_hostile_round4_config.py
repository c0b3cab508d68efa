"""Red-team cases on watches.yaml and digest.yaml: a key given twice in one mapping (YAML keeps the last one
silently: a second `watches:` emptied the list, a second `enabled:` overrode the first) is an error at its line,
and a digest.yaml of megabytes is read in bounded time."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
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



# --- config paths that are no YAML file: a FIFO, /dev/zero, a folder, a file of megabytes ----------------------------


def load_in_time(load: Callable[[Path], object], path: Path) -> BaseException | None:
    """What load(path) raised (None if it returned), in a daemon thread that must end within 10 s: a FIFO blocked
    the open until a writer came, and /dev/zero was read until memory ran out."""
    caught: list[BaseException | None] = []

    def run() -> None:
        try:
            load(path)
            caught.append(None)
        except BaseException as err:
            caught.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    assert caught, f"loading {path} did not end within 10 s"
    return caught[0]


def load_sources_file(path: Path) -> object:
    """The sources registry of path."""
    from mediamon.discover.sources import load_sources

    return load_sources(path)


LOADERS = {"watches": load_watches, "digest": load_digest_config, "sources": load_sources_file}


def no_yaml_file(tmp_path: Path, kind: str) -> Path:
    """A path that is no YAML file of the given kind."""
    if kind == "fifo":
        os.mkfifo(tmp_path / "config.yaml")
        return tmp_path / "config.yaml"
    if kind == "dev-zero":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        return Path("/dev/zero")
    if kind == "folder":
        return tmp_path
    path = tmp_path / "config.yaml"
    with path.open("wb") as fh:
        fh.truncate(65 * 2**20)  # sparse: no disk space taken
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "65-mb"])
@pytest.mark.parametrize("loader", LOADERS)
def test_a_config_path_that_is_no_yaml_file_is_a_config_error_in_bounded_time(tmp_path: Path, loader: str,
                                                                               kind: str) -> None:
    err = load_in_time(LOADERS[loader], no_yaml_file(tmp_path, kind))
    assert isinstance(err, ConfigError), err
    assert ("over 64 MB" if kind == "65-mb" else "not a regular file") in str(err)


@pytest.mark.parametrize("loader", LOADERS)
def test_a_config_file_of_a_megabyte_of_comments_still_loads(tmp_path: Path, loader: str) -> None:
    text = {"watches": "watches: []\n", "digest": "watch_days: 7\n",
            "sources": "sources:\n  - id: daily\n    name: Daily\n    homepage: https://news.example.org/\n"
                       "    country: GB\n    language: en\n    feeds: [https://news.example.org/feed.xml]\n"}[loader]
    path = tmp_path / "config.yaml"
    path.write_text("# " + "x" * 2**20 + "\n" + text, encoding="utf-8")
    err = load_in_time(LOADERS[loader], path)
    assert err is None, err
