# Sourced by the scripts beside it: a project-local, embedded Airflow (SQLite) and the demo settings.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$ROOT/airflow_home}"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__CORE__PLUGINS_FOLDER="$ROOT/plugins"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=20
export PYTHONPATH="$ROOT/include:$ROOT/dags${PYTHONPATH:+:$PYTHONPATH}"
export MEDIAMON_DATA_DIR="${MEDIAMON_DATA_DIR:-$ROOT/data/demo}"
export MEDIAMON_DB="${MEDIAMON_DB:-$MEDIAMON_DATA_DIR/mediamon.duckdb}"
# The demo's site is on 127.0.0.1 and fast: its sources alone get the private-address guard off and a short host
# delay; sources of your own keep the product's defaults (guard on, 1 s between requests to a host).
if [ -z "${MEDIAMON_SOURCES:-}" ] || [ "$MEDIAMON_SOURCES" = "$MEDIAMON_DATA_DIR/demo_sources.yaml" ]; then
  export MEDIAMON_SOURCES="$MEDIAMON_DATA_DIR/demo_sources.yaml"
  export MEDIAMON_ALLOW_PRIVATE_HOSTS="${MEDIAMON_ALLOW_PRIVATE_HOSTS:-1}"
  export MEDIAMON_HOST_DELAY_S="${MEDIAMON_HOST_DELAY_S:-0.02}"
fi
export DEMO_DATE="${DEMO_DATE:-2026-01-15}"
export DEMO_HISTORY_DAYS="${DEMO_HISTORY_DAYS:-28}"
