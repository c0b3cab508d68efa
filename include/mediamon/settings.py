"""One Settings object built from MEDIAMON_* environment variables, with offline defaults."""
from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from mediamon.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_DIR = PACKAGE_DIR / "config"  # registry, gazetteer, topic model, thresholds: shipped with the package
SQL_DIR = PACKAGE_DIR / "sql"
DEMO_DIR = PACKAGE_DIR / "demo"


def _default_data_dir() -> Path:
    """data/ of the source checkout the package runs from (an editable install), else ./data."""
    checkout = PACKAGE_DIR.parents[1]
    return checkout / "data" if (checkout / "pyproject.toml").is_file() else Path("data").resolve()


DEFAULT_DATA_DIR = _default_data_dir()
DEFAULT_DB_PATH = DEFAULT_DATA_DIR / "mediamon.duckdb"
DEMO_DB_PATH = DEFAULT_DATA_DIR / "demo" / "mediamon.duckdb"  # where `make demo` loads the bundled site

VERSION = "0.1.0"
CONTACT_URL = "https://github.com/mediamon/mediamon"
MAX_CONTACT_CHARS = 200  # of MEDIAMON_CONTACT_URL: the User-Agent is sent with every request

FETCH_CONNECT_TIMEOUT_S = 10.0
FETCH_READ_TIMEOUT_S = 30.0
FETCH_DEADLINE_S = 60.0
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_TRIES = 3
# A page whose fetch failed for a temporary reason (http 5xx or 429, or warehouse.state.TEMPORARY_ERRORS) is asked
# again by the retry queue on the runs of RETRY_DAYS run days after its last failure, whatever its feed answers, on
# RETRY_ATTEMPTS runs in all (its first failure included); the last failure's outcome says the retries gave up.
RETRY_DAYS = 3
RETRY_ATTEMPTS = 3
HOST_DELAY_S = 1.0
HOST_CONCURRENCY = 2
FETCH_WORKERS = 16
SHARDS = 4
MIN_ARTICLE_WORDS = 50
ITEM_CPU_BUDGET_S = 4.0  # per item and stage; a real page takes 5-50 ms to extract and 1-5 ms to tag
MAX_FEED_ITEMS = 500  # items of one feed or news sitemap planned at a time; the newest are kept

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
# Whole-number variables: the Settings field and the least and most values a run can work with (0 fetch workers
# or shards is no run; 10**11 shards built a list per shard and exhausted memory; a retry window past the
# warehouse's INTEGER stopped the plan stage).
WHOLE_NUMBERS = {"MEDIAMON_RETRY_DAYS": ("retry_days", 0, 3650), "MEDIAMON_RETRY_ATTEMPTS": ("retry_attempts", 1, 1000),
                 "MEDIAMON_SHARDS": ("shards", 1, 1024), "MEDIAMON_FETCH_WORKERS": ("fetch_workers", 1, 1024),
                 "MEDIAMON_MAX_BODY_BYTES": ("max_body_bytes", 1024, 2**30),
                 "MEDIAMON_MAX_FEED_ITEMS": ("max_feed_items", 1, 10**7)}
# Seconds variables: the field, whether 0 is allowed (a delay of 0 asks at once, a CPU budget of 0 turns it off) and
# the most (an infinite or NaN host delay held every host's second request for ever; a CPU budget past the
# timer's range or NaN failed every item; a timeout past the socket's range failed every request).
SECONDS = {"MEDIAMON_HOST_DELAY_S": ("host_delay_s", True, 600.0),
           "MEDIAMON_ITEM_CPU_BUDGET_S": ("item_cpu_budget_s", True, 3600.0),
           "MEDIAMON_CONNECT_TIMEOUT_S": ("connect_timeout_s", False, 3600.0),
           "MEDIAMON_READ_TIMEOUT_S": ("read_timeout_s", False, 3600.0),
           "MEDIAMON_DEADLINE_S": ("deadline_s", False, 86400.0)}
SHOWN_VALUE_CHARS = 40  # a bad value is shown this long in its error
# Object stores MEDIAMON_DATA_URL may name (through fsspec; s3 and gs need their backend package installed).
DATA_URL_SCHEMES = ("s3", "gs", "gcs", "az", "abfs", "file")


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; pass it explicitly, never read it from globals."""

    sources_path: Path = CONFIG_DIR / "sources.yaml"
    sources_overlay_path: Path | None = None  # a user's overlay on the registry (discover.sources: more outlets,
    # enable/disable selectors), so the registry itself is never edited
    watches_path: Path = CONFIG_DIR / "watches.yaml"  # saved searches evaluated on every run (mediamon.watches)
    db_path: Path = DEFAULT_DB_PATH
    data_dir: Path = DEFAULT_DATA_DIR
    data_url: str | None = None  # shared data directory on object storage (s3://, gs://, file://); see mediamon.storage
    allow_private_hosts: bool = False
    contact_url: str = CONTACT_URL
    host_delay_s: float = HOST_DELAY_S
    host_concurrency: int = HOST_CONCURRENCY
    fetch_workers: int = FETCH_WORKERS
    connect_timeout_s: float = FETCH_CONNECT_TIMEOUT_S
    read_timeout_s: float = FETCH_READ_TIMEOUT_S
    deadline_s: float = FETCH_DEADLINE_S
    max_body_bytes: int = MAX_BODY_BYTES
    max_redirects: int = MAX_REDIRECTS
    max_tries: int = MAX_TRIES
    retry_days: int = RETRY_DAYS  # run days after a temporary page failure on which the retry queue asks it again
    retry_attempts: int = RETRY_ATTEMPTS  # runs that ask a temporarily failing page, in all (1: no retry queue)
    shards: int = SHARDS
    min_article_words: int = MIN_ARTICLE_WORDS
    item_cpu_budget_s: float = ITEM_CPU_BUDGET_S  # extract, and tag, each item within this CPU time
    max_feed_items: int = MAX_FEED_ITEMS  # items of one feed planned at a time (discover.feeds.cap_items)
    refresh: bool = False  # re-download article URLs already in the warehouse
    replay_warc: Path | None = None  # answer requests from these WARC files instead of the network

    @property
    def user_agent(self) -> str:
        """Descriptive User-Agent: product, version and where to complain."""
        return f"mediamon/{VERSION} (+{self.contact_url})"

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def settings_from_env(env: dict[str, str] | None = None) -> Settings:
    """Build Settings from MEDIAMON_* variables; unknown values raise ConfigError."""
    env = dict(os.environ if env is None else env)
    base = Settings()
    changes: dict[str, object] = {}
    paths = {"MEDIAMON_SOURCES": "sources_path", "MEDIAMON_SOURCES_OVERLAY": "sources_overlay_path",
             "MEDIAMON_DB": "db_path", "MEDIAMON_DATA_DIR": "data_dir", "MEDIAMON_WATCHES": "watches_path"}
    for var, name in paths.items():
        if env.get(var):
            changes[name] = Path(env[var]).expanduser()
    if env.get("MEDIAMON_DATA_DIR") and not env.get("MEDIAMON_DB"):  # set but empty is unset, as for every variable
        changes["db_path"] = Path(env["MEDIAMON_DATA_DIR"]).expanduser() / "mediamon.duckdb"
    changes["allow_private_hosts"] = _switch(env, "MEDIAMON_ALLOW_PRIVATE_HOSTS")
    changes["refresh"] = _switch(env, "MEDIAMON_REFRESH")
    for var, (name, least, most) in WHOLE_NUMBERS.items():
        if env.get(var):
            changes[name] = _whole_number(env, var, least, getattr(base, name), most)
    for var, (name, zero_ok, most) in SECONDS.items():
        if env.get(var):
            changes[name] = _seconds(env, var, getattr(base, name), zero_ok=zero_ok, most=most)
    if env.get("MEDIAMON_REPLAY_WARC"):
        changes["replay_warc"] = Path(env["MEDIAMON_REPLAY_WARC"]).expanduser()
    if env.get("MEDIAMON_DATA_URL"):
        changes["data_url"] = _data_url(env["MEDIAMON_DATA_URL"])
    if env.get("MEDIAMON_CONTACT_URL"):
        changes["contact_url"] = _contact_url(env["MEDIAMON_CONTACT_URL"])
    return check_paths(replace(base, **changes))


def check_paths(settings: Settings) -> Settings:
    """settings unchanged, or ConfigError when the warehouse names something that exists but is no file (a folder, a
    FIFO, a device: DuckDB blocked forever opening a FIFO) or the data directory something that is no folder."""
    db_kind = _kind_of(settings.db_path)
    if db_kind not in (None, "file"):
        raise ConfigError(f"the warehouse {settings.db_path} is a {db_kind}, not a DuckDB file: give the path of a "
                          ".duckdb file (created when missing) with --db or MEDIAMON_DB")
    data_kind = _kind_of(settings.data_dir)
    if data_kind not in (None, "folder"):
        raise ConfigError(f"the data directory {settings.data_dir} is a {data_kind}, not a folder: give a folder "
                          "(created when missing) with --data-dir or MEDIAMON_DATA_DIR")
    return settings


def _kind_of(path: Path) -> str | None:
    """'file', 'folder', 'FIFO', 'device' or 'socket' for what path names (links followed); None when nothing."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return None  # unreadable or looping: the open that follows says why
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    return "socket" if stat.S_ISSOCK(mode) else "device"


def _contact_url(value: str) -> str:
    """MEDIAMON_CONTACT_URL as it goes into every request's User-Agent: an http(s) or mailto: URL of at most
    MAX_CONTACT_CHARS printable ASCII characters; ConfigError otherwise. A line break, a character past Latin-1 or a
    header of kilobytes failed every request (robots.txt first, so every page was held back as robots-unreachable)."""
    text = value.strip()
    scheme = text.partition(":")[0].lower()
    if (len(text) <= MAX_CONTACT_CHARS and text.isascii() and text.isprintable() and " " not in text
            and scheme in ("http", "https", "mailto") and len(text) > len(scheme) + 3):
        return text
    raise ConfigError(f"MEDIAMON_CONTACT_URL={value[:80]!r}{'...' if len(value) > 80 else ''} cannot go into the "
                      f"User-Agent header: give an http(s) URL or a mailto: address of at most {MAX_CONTACT_CHARS} "
                      "printable ASCII characters, e.g. https://your.site/crawler (percent-encode other characters)")


def _data_url(value: str) -> str:
    """MEDIAMON_DATA_URL without its trailing '/': a URL of one of DATA_URL_SCHEMES; ConfigError naming them."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in DATA_URL_SCHEMES or not rest.strip("/"):
        raise ConfigError(f"MEDIAMON_DATA_URL={value!r} is not a data URL: give one such as s3://bucket/prefix or "
                          f"file:///mnt/shared (schemes: {', '.join(s + '://' for s in DATA_URL_SCHEMES)}), or unset "
                          "it to keep the data directory on this machine (MEDIAMON_DATA_DIR)")
    return value.rstrip("/")


def _seconds(env: dict[str, str], var: str, default: float, *, zero_ok: bool, most: float) -> float:
    """The finite number of seconds env[var], above 0 (or 0 itself when zero_ok) and at most `most`; ConfigError
    naming the variable otherwise (NaN and infinity included)."""
    try:
        value = float(env[var])
    except ValueError:
        value = math.nan
    shown = _shown(env[var])
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        floor = "of 0 or more" if zero_ok else "above 0"
        raise ConfigError(f"{var}={shown} is not a number of seconds {floor} (default {default:g})")
    if value > most:
        raise ConfigError(f"{var}={shown} is more than {most:g} seconds: give at most {most:g} (default {default:g})")
    return value


def _whole_number(env: dict[str, str], var: str, least: int, default: int, most: int) -> int:
    """The whole number env[var], from `least` to `most`; ConfigError naming the variable otherwise."""
    span = f"from {least} to {most}"
    try:
        value = int(env[var])
    except ValueError as err:
        raise ConfigError(f"{var}={_shown(env[var])} is not a whole number: give a whole number {span} "
                          f"(default {default})") from err
    if value < least:
        raise ConfigError(f"{var}={_shown(env[var])} is below {least}: give a whole number {span} (default {default})")
    if value > most:
        raise ConfigError(f"{var}={_shown(env[var])} is above {most}: give a whole number {span} (default {default})")
    return value


def _switch(env: dict[str, str], var: str) -> bool:
    """True or False for an on/off variable (unset or empty is off); ConfigError naming the spellings for any other
    value: 'ture' or 'enabled' meant off, silently."""
    value = env.get(var, "").strip().lower()
    if value in _TRUE:
        return True
    if not value or value in _FALSE:
        return False
    raise ConfigError(f"{var}={_shown(env[var])} is neither on ({', '.join(_TRUE)}) nor off ({', '.join(_FALSE)}, or "
                      "unset)")


def _shown(value: str) -> str:
    """A variable's value as an error shows it: quoted, cut to SHOWN_VALUE_CHARS characters."""
    return repr(value) if len(value) <= SHOWN_VALUE_CHARS else f"{value[:SHOWN_VALUE_CHARS]!r}... ({len(value)} characters)"


def is_db_configured(env: dict[str, str] | None = None) -> bool:
    """Whether MEDIAMON_DB or MEDIAMON_DATA_DIR names the warehouse."""
    env = dict(os.environ if env is None else env)
    return bool(env.get("MEDIAMON_DB") or env.get("MEDIAMON_DATA_DIR"))


def reading_db_path(env: dict[str, str] | None = None) -> Path:
    """The warehouse read commands open: the configured one; with none configured, the default one, or
    the demo's (DEMO_DB_PATH) when only that one exists."""
    env = dict(os.environ if env is None else env)
    if is_db_configured(env):
        return settings_from_env(env).db_path
    return DEFAULT_DB_PATH if DEFAULT_DB_PATH.is_file() or not DEMO_DB_PATH.is_file() else DEMO_DB_PATH
