#!/usr/bin/env bash
# make airflow: Airflow standalone on the demo's AIRFLOW_HOME, so the demo's runs and the Digests
# page show in the UI. The DAGs stay paused: the demo site is served only while `make demo` runs.
set -euo pipefail
source "$(dirname "$0")/airflow_env.sh"
export AIRFLOW__API__PORT="${AIRFLOW_PORT:-8080}"
export AIRFLOW__API__BASE_URL="http://localhost:$AIRFLOW__API__PORT"
mkdir -p "$AIRFLOW_HOME"
airflow db migrate > "$AIRFLOW_HOME/db-migrate.log" 2>&1
airflow pools set http 8 "Concurrent HTTP work" > /dev/null
airflow pools set duckdb_writer 1 "The one DuckDB writer" > /dev/null
echo "Airflow UI: $AIRFLOW__API__BASE_URL  (user admin; password in $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated)"
echo "Digests page: $AIRFLOW__API__BASE_URL/plugin/media-digests"
echo "Watches page: $AIRFLOW__API__BASE_URL/plugin/media-watches   Stop with Ctrl-C."
echo "The DAGs stay paused. To run for real, point MEDIAMON_SOURCES, MEDIAMON_DB and MEDIAMON_DATA_DIR at your"
echo "files and run: airflow dags unpause media_ingest && airflow dags unpause feed_poll"
exec python -c 'import os, signal; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp("airflow", ["airflow", "standalone"])'
