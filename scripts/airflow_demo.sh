#!/usr/bin/env bash
# make demo: serve the bundled site on 127.0.0.1, run media_ingest then media_digest with
# `airflow dags test` (embedded SQLite metadata), and print where the results are.
set -euo pipefail
source "$(dirname "$0")/airflow_env.sh"
mkdir -p "$MEDIAMON_DATA_DIR" "$AIRFLOW_HOME"
start=$(date +%s)
echo "Airflow home: $AIRFLOW_HOME (SQLite)"
airflow db migrate > "$AIRFLOW_HOME/db-migrate.log" 2>&1 || { tail -20 "$AIRFLOW_HOME/db-migrate.log"; exit 1; }
port=$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python -m mediamon.demo.site --port "$port" --write-sources "$MEDIAMON_SOURCES" > /dev/null
python -m mediamon.demo.site --port "$port" > "$MEDIAMON_DATA_DIR/demo-site.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
python - "$port" <<'PY' || { echo "demo site did not start: see $MEDIAMON_DATA_DIR/demo-site.log"; exit 1; }
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/robots.txt", timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
for dag in media_ingest media_digest; do
  echo "Running $dag for $DEMO_DATE ..."
  log="$MEDIAMON_DATA_DIR/$dag.log"
  if ! airflow dags test "$dag" "$DEMO_DATE" > "$log" 2>&1; then
    tail -40 "$log"; echo "$dag failed: full log in $log"; exit 1
  fi
done
python - <<PY
from pathlib import Path
from mediamon.demo.run import summary
print(summary(Path("$MEDIAMON_DB"), Path("$MEDIAMON_DATA_DIR") / "digests" / "$DEMO_DATE" / "index.html"))
PY
echo "Demo finished in $(( $(date +%s) - start )) s. See the runs in the Airflow UI with: make airflow"
