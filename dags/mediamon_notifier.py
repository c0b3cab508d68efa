"""SpikeAlertNotifier: sends the digest's spike alerts and the day's watch alerts to the Airflow connection
digest.yaml names (`alerts: connection_id`, default `mediamon_alerts`), unless `alerts: enabled` is false."""
from __future__ import annotations

import logging
from pathlib import Path

from airflow.sdk import BaseHook, BaseNotifier

logger = logging.getLogger(__name__)


class SpikeAlertNotifier(BaseNotifier):
    """Reads <day>/alerts.json beside a digest index; off unless the connection exists and digest.yaml's alerts
    are enabled. connection_id and config_path (default: the digest settings) override digest.yaml's."""

    template_fields = ("index_path",)

    def __init__(self, index_path: str, *, connection_id: str | None = None, config_path: str | None = None) -> None:
        super().__init__()
        self.index_path = index_path
        self.connection_id = connection_id
        self.config_path = config_path

    def notify(self, context) -> None:
        """Send one message per watched key that spiked and per alerting watch that matched, to the
        connection's webhook or mailbox."""
        from airflow.exceptions import AirflowNotFoundException

        from mediamon.digest.alerts import notify, read_alerts, read_watch_alerts, targets_from_connection
        from mediamon.digest.config import DIGEST_CONFIG_PATH, load_digest_config
        from mediamon.settings import settings_from_env

        cfg = load_digest_config(Path(self.config_path) if self.config_path else DIGEST_CONFIG_PATH)
        if not cfg.alerts_enabled:
            logger.info("alerts off: digest.yaml sets alerts: enabled: false")
            return
        connection_id = self.connection_id or cfg.alerts_connection_id
        day_dir, db = Path(self.index_path).parent, settings_from_env().db_path
        watched = read_watch_alerts(db, day_dir.name) if db.is_file() else []  # no warehouse: no watch matched
        alerts = [*read_alerts(day_dir), *watched]
        try:
            conn = BaseHook.get_connection(connection_id)
        except AirflowNotFoundException:
            logger.info("alerts off: no connection %s (%s spiking keys)", connection_id, len(alerts))
            return
        webhook, smtp = targets_from_connection(conn.conn_type, host=conn.host, port=conn.port, schema=conn.schema,
                                                login=conn.login, password=conn.password, extra=conn.extra_dejson)
        if alerts:
            notify(alerts, webhook_url=webhook, smtp=smtp)
