"""Watch alerts: the day's matches of the watches marked `alert: true`, read from a real DuckDB warehouse
and POSTed through the notifier to a real webhook receiver on 127.0.0.1."""
from __future__ import annotations

from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from mediamon import warehouse
from mediamon.digest.alerts import MAX_MATCHES_IN_ALERT, notify, read_watch_alerts
from tests.support.webhook import webhook_sink

RUN_DATE = "2026-03-31"


@pytest.fixture
def hook_sink() -> Iterator[ThreadingHTTPServer]:
    """A local webhook receiver (tests.support.webhook); received requests are in .received."""
    with webhook_sink() as server:
        yield server


def _article(con: duckdb.DuckDBPyConnection, article_id: str, title: str, day: str = RUN_DATE) -> None:
    con.execute("INSERT INTO articles (article_id, url, source_id, title, text, word_count, text_source, "
                "first_seen_at, run_date, loaded_at, published_at) VALUES (?, ?, 'wire', ?, 'text', 1, 'body', "
                "now(), ?, now(), ?::TIMESTAMPTZ)",
                [article_id, f"https://wire.example/{article_id}", title, day, f"{day} 0{len(article_id) % 9}:00Z"])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A warehouse with two watches (one alerting) and their matches on two days."""
    path = tmp_path / "wh.duckdb"
    with warehouse.connect(path) as con:
        con.execute("INSERT INTO sources (source_id, name, homepage, country, language, type, region, enabled) "
                    "VALUES ('wire', 'The Wire', 'https://wire.example/', 'KZ', 'en', 'wire', 'Central Asia', true)")
        con.execute("INSERT INTO watches VALUES ('kz-protests', 'protest* almaty', ['KZ'], [], [], [], "
                    "'Protests in Kazakhstan', true, ?), ('quiet', 'fuel', [], [], [], [], NULL, false, ?)",
                    [RUN_DATE, RUN_DATE])
        for i in range(12):
            _article(con, f"a{i:02d}", f"Protest {i} in Almaty")
            con.execute("INSERT INTO watch_matches VALUES ('kz-protests', ?, ?, ['protest*', 'almaty'], ?, 'text')",
                        [f"a{i:02d}", RUN_DATE, f"…thousands protested in Almaty ({i})…"])
        con.execute("INSERT INTO watch_matches VALUES ('quiet', 'a00', ?, ['fuel'], 'fuel prices', 'text')", [RUN_DATE])
        _article(con, "old", "An older protest", "2026-03-30")
        con.execute("INSERT INTO watch_matches VALUES ('kz-protests', 'old', '2026-03-30', ['protest*'], 's', 'text')")
    return path


def test_a_watch_alert_reaches_the_webhook_with_its_evidence(db: Path, hook_sink: ThreadingHTTPServer) -> None:
    alerts = read_watch_alerts(db, RUN_DATE)
    assert [(a.watch, a.matches, len(a.hits)) for a in alerts] == [("kz-protests", 12, MAX_MATCHES_IN_ALERT)]
    sent = notify(alerts, webhook_url=f"http://127.0.0.1:{hook_sink.server_port}/hook", timeout_s=5.0)
    assert sent == 1
    payload = hook_sink.received[0][1]
    assert payload["kind"] == "watch" and payload["watch"] == "kz-protests" and payload["matches"] == 12
    assert payload["text"] == "[mediamon] watch kz-protests: 12 new articles on 2026-03-31"
    first = payload["articles"][0]
    assert first["matched_terms"] == ["protest*", "almaty"] and first["outlet"] == "The Wire"
    assert "protested in Almaty" in first["snippet"] and first["url"].startswith("https://wire.example/a")


def test_a_watch_alert_body_lists_each_article_and_how_many_more(db: Path) -> None:
    body = read_watch_alerts(db, RUN_DATE)[0].body()
    assert body.startswith("Watch kz-protests matched 12 article(s) loaded on 2026-03-31.\nProtests in Kazakhstan\n")
    assert body.count("  terms: protest*, almaty") == MAX_MATCHES_IN_ALERT
    assert "... and 2 more" in body


def test_a_day_without_matches_of_alerting_watches_sends_nothing(db: Path, hook_sink: ThreadingHTTPServer) -> None:
    assert read_watch_alerts(db, "2026-03-29") == []
    assert notify(read_watch_alerts(db, "2026-03-29"),
                  webhook_url=f"http://127.0.0.1:{hook_sink.server_port}/hook") == 0
    assert hook_sink.received == []


def test_the_airflow_notifier_sends_the_days_watch_alerts_beside_the_spikes(db: Path, tmp_path: Path,
                                                                           hook_sink: ThreadingHTTPServer,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("airflow.sdk")
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "dags"))
    from mediamon_notifier import SpikeAlertNotifier

    day = tmp_path / "digests" / RUN_DATE
    day.mkdir(parents=True)
    (day / "alerts.json").write_text("[]", encoding="utf-8")  # no spike that day
    monkeypatch.setenv("MEDIAMON_DB", str(db))
    monkeypatch.setenv("AIRFLOW_CONN_MEDIAMON_ALERTS", f"http://127.0.0.1:{hook_sink.server_port}/hook")
    SpikeAlertNotifier(str(day / "index.html")).notify({})
    assert [(p["kind"], p["watch"], p["matches"]) for _, p, _ in hook_sink.received] == [("watch", "kz-protests", 12)]
