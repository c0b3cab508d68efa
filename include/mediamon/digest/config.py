"""The digest settings from include/mediamon/config/digest.yaml: watch-list, spike sensitivity, what
counts as a change since yesterday, list sizes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from mediamon.errors import ConfigError
from mediamon.settings import CONFIG_DIR
from mediamon.text.yamlsafe import YamlWording, load_checked_yaml

DIGEST_CONFIG_PATH = CONFIG_DIR / "digest.yaml"
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
TOPIC_RE = re.compile(r"^medtop:\d{8}$")
SECTIONS = ("watch", "spikes", "changes", "alerts")  # the keys that hold `key: value` lines
WORDING = YamlWording(what="the digest settings", needs="the digest settings need 3", by_path=True)


@dataclass(frozen=True)
class DigestConfig:
    """What to build in full and how sensitive spikes are."""

    countries: frozenset[str] = field(default_factory=frozenset)
    topics: frozenset[str] = field(default_factory=frozenset)
    build_spiking: bool = True
    sensitivity: float = 3.0
    min_baseline_days: int = 7
    min_articles: int = 3
    top_stories: int = 10
    trend_days: int = 30
    co_mentions: int = 10
    alerts_enabled: bool = True    # alerts go to the connection below when it exists
    alerts_connection_id: str = "mediamon_alerts"
    changes_top: int = 5           # rises, falls and new events listed under "What changed"
    changes_min_z: float = 2.0     # |z| against baseline a key must reach to be listed as a rise or fall
    changes_min_difference: int = 2  # and |articles - baseline|
    watch_days: int = 28           # days of matches shown per watch

    def is_watched(self, kind: str, key: str) -> bool:
        """True when the key is on the watch-list (an empty watch-list watches everything)."""
        if not self.countries and not self.topics:
            return True
        return key in (self.countries if kind == "country" else self.topics)

    def with_watch(self, watch: dict | None) -> DigestConfig:
        """A copy whose watch-list is {'countries': [...], 'topics': [...]} (None keeps this one)."""
        if watch is None:
            return self
        countries, topics = _watch_lists(watch, "watch argument")
        return replace(self, countries=countries, topics=topics)


def load_digest_config(path: Path = DIGEST_CONFIG_PATH) -> DigestConfig:
    """Read and check digest.yaml; a wrong value raises ConfigError naming the key."""
    raw = load_checked_yaml(path, WORDING).data or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the digest settings must be `key: value` lines (watch:, spikes:, ...), "
                          f"not {raw!r:.40}")
    sections = {key: raw.get(key) or {} for key in SECTIONS}
    if bad := [f"`{key}: {value!r:.40}`" for key, value in sections.items() if not isinstance(value, dict)]:
        raise ConfigError(f"{path}: {', '.join(bad)}: each of {', '.join(SECTIONS)} holds indented `key: value` lines")
    countries, topics = _watch_lists(sections["watch"], str(path))
    spikes, changes = sections["spikes"], sections["changes"]
    try:
        return DigestConfig(
            countries=countries, topics=topics, build_spiking=bool(raw.get("build_spiking", True)),
            sensitivity=float(spikes.get("sensitivity", 3.0)),
            min_baseline_days=int(spikes.get("min_baseline_days", 7)),
            min_articles=int(spikes.get("min_articles", 3)), top_stories=int(raw.get("top_stories", 10)),
            trend_days=int(raw.get("trend_days", 30)), co_mentions=int(raw.get("co_mentions", 10)),
            alerts_enabled=_flag(sections["alerts"].get("enabled", True), f"{path}: alerts: enabled"),
            alerts_connection_id=_connection_id(sections["alerts"].get("connection_id", "mediamon_alerts"), path),
            changes_top=int(changes.get("top", 5)), changes_min_z=float(changes.get("min_z", 2.0)),
            changes_min_difference=int(changes.get("min_difference", 2)),
            watch_days=int(raw.get("watch_days", 28)))
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{path}: a spikes or list-size value is not a number ({err})") from err


def _flag(value: object, where: str) -> bool:
    """A yes/no setting; ConfigError for anything but true or false."""
    if not isinstance(value, bool):
        raise ConfigError(f"{where} is {value!r:.40}: write true or false")
    return value


def _connection_id(value: object, path: Path) -> str:
    """The alerts connection's id: a non-empty name of letters, digits, '_', '-' or '.'."""
    if not isinstance(value, str) or not re.fullmatch(r"[\w.-]+", value):
        raise ConfigError(f"{path}: alerts: connection_id {value!r:.40} is not an Airflow connection id "
                          "(letters, digits, '_', '-' or '.'; e.g. mediamon_alerts)")
    return value


def _watch_lists(watch: dict, where: str) -> tuple[frozenset[str], frozenset[str]]:
    """Validated (countries, topics) from a watch mapping (one code may stand alone: `countries: KZ`)."""
    countries = frozenset(str(c).upper() for c in _codes(watch, "countries", where))
    topics = frozenset(str(t) for t in _codes(watch, "topics", where))
    bad = sorted(c for c in countries if not COUNTRY_RE.match(c))
    bad += sorted(t for t in topics if not TOPIC_RE.match(t))
    if bad:
        raise ConfigError(f"{where}: watch-list entries {bad} are not ISO 3166-1 alpha-2 codes "
                          "or IPTC codes like medtop:11000000")
    return countries, topics


def _codes(watch: dict, name: str, where: str) -> list:
    """The codes listed under `name` in a watch mapping: a list, one code alone, or nothing."""
    value = watch.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: watch {name} must be a list of codes like [KZ, FR] or one code, "
                          f"not {value!r:.40}")
    return value
