"""The spike-alert notifier: off without its connection, posts to a webhook on 127.0.0.1 with one."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.support.server import RunningSite, Site

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dags"))

ALERT = {"kind": "country", "key": "KZ", "label": "Kazakhstan", "run_date": "2026-01-15", "articles": 14,
         "baseline": 2.0, "z": 6.1, "coverage_gap": False, "page": "2026-01-15/country/KZ.html",
         "top_stories": [{"title": "Protests in <b>Almaty</b>", "url": "https://example.org/a", "outlet_count": 3}]}


@pytest.fixture
def day_index(tmp_path):
    day = tmp_path / "digests" / "2026-01-15"
    day.mkdir(parents=True)
    (day / "alerts.json").write_text(json.dumps([ALERT]), encoding="utf-8")
    return day / "index.html"


def test_without_the_connection_nothing_is_sent(day_index, monkeypatch):
    from mediamon_notifier import SpikeAlertNotifier

    monkeypatch.delenv("AIRFLOW_CONN_MEDIAMON_ALERTS", raising=False)
    with RunningSite(Site()) as sink:
        SpikeAlertNotifier(str(day_index)).notify({})
        assert sink.requests == []


def test_a_webhook_connection_receives_each_spike_with_its_top_stories(day_index, monkeypatch):
    from mediamon_notifier import SpikeAlertNotifier

    with RunningSite(Site()) as sink:
        monkeypatch.setenv("AIRFLOW_CONN_MEDIAMON_ALERTS", f"http://127.0.0.1:{sink.port}/hook")
        SpikeAlertNotifier(str(day_index)).notify({})
        posts = [r for r in sink.requests if r[0] == "POST"]
    assert [p[1] for p in posts] == ["/hook"]
    payload = json.loads(posts[0][2]["body"])
    assert "KZ" in json.dumps(payload) and "Protests in <b>Almaty</b>" in json.dumps(payload)


def test_an_unsupported_connection_type_is_a_clear_error(day_index, monkeypatch):
    from mediamon_notifier import SpikeAlertNotifier

    from mediamon.digest.alerts import AlertError

    monkeypatch.setenv("AIRFLOW_CONN_MEDIAMON_ALERTS", "ftp://127.0.0.1:21/x")
    with pytest.raises(AlertError, match="use http, https or smtp"):
        SpikeAlertNotifier(str(day_index)).notify({})


def _digest_config(tmp_path: Path, alerts: str) -> str:
    """A digest.yaml whose alerts section is `alerts` (the shipped one otherwise)."""
    from mediamon.digest.config import DIGEST_CONFIG_PATH

    text = DIGEST_CONFIG_PATH.read_text(encoding="utf-8").split("\nalerts:")[0] + "\nalerts:\n" + alerts
    path = tmp_path / "digest.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_alerts_disabled_in_digest_yaml_send_nothing_even_with_the_connection(day_index, monkeypatch, tmp_path):
    from mediamon_notifier import SpikeAlertNotifier

    config = _digest_config(tmp_path, "  enabled: false\n")
    with RunningSite(Site()) as sink:
        monkeypatch.setenv("AIRFLOW_CONN_MEDIAMON_ALERTS", f"http://127.0.0.1:{sink.port}/hook")
        SpikeAlertNotifier(str(day_index), config_path=config).notify({})
        assert sink.requests == []


def test_the_connection_digest_yaml_names_receives_the_alerts(day_index, monkeypatch, tmp_path):
    from mediamon_notifier import SpikeAlertNotifier

    config = _digest_config(tmp_path, "  connection_id: newsroom_hook\n")
    with RunningSite(Site()) as sink:
        monkeypatch.delenv("AIRFLOW_CONN_MEDIAMON_ALERTS", raising=False)
        monkeypatch.setenv("AIRFLOW_CONN_NEWSROOM_HOOK", f"http://127.0.0.1:{sink.port}/newsroom")
        SpikeAlertNotifier(str(day_index), config_path=config).notify({})
        posts = [r[1] for r in sink.requests if r[0] == "POST"]
    assert posts == ["/newsroom"]


def test_a_bad_alerts_setting_is_refused_naming_it(tmp_path):
    from mediamon.digest.config import load_digest_config
    from mediamon.errors import ConfigError

    with pytest.raises(ConfigError, match="alerts: enabled is 'no': write true or false"):
        load_digest_config(Path(_digest_config(tmp_path, "  enabled: 'no'\n")))
    with pytest.raises(ConfigError, match="connection_id 'my hook' is not an Airflow connection id"):
        load_digest_config(Path(_digest_config(tmp_path, "  connection_id: my hook\n")))
