#!/usr/bin/env bash
# make demo: replay the bundled site over DEMO_HISTORY_DAYS days before DEMO_DATE in-process
# (mediamon.demo.run), then run DEMO_DATE through Airflow (`airflow dags test` media_ingest and
# media_digest, embedded SQLite metadata), and print where the results are. Days already in the
# warehouse are skipped, so a second run adds nothing.
#   bash scripts/airflow_demo.sh [--history-days N]      (or DEMO_HISTORY_DAYS=N; DEMO_PORT, default 8765)
set -euo pipefail
source "$(dirname "$0")/airflow_env.sh"
if [[ "${1:-}" == "--history-days" ]]; then DEMO_HISTORY_DAYS="$2"; fi
mkdir -p "$MEDIAMON_DATA_DIR" "$AIRFLOW_HOME"
start=$(date +%s)
port="${DEMO_PORT:-8765}"
demo=(python -m mediamon.demo.run --data-dir "$MEDIAMON_DATA_DIR" --date "$DEMO_DATE" --history-days "$DEMO_HISTORY_DAYS")
echo "Airflow home: $AIRFLOW_HOME (SQLite)"
airflow db migrate > "$AIRFLOW_HOME/db-migrate.log" 2>&1 &
migrate=$!
echo "Replaying $DEMO_HISTORY_DAYS history days before $DEMO_DATE in-process (demo site on 127.0.0.1:$port) ..."
"${demo[@]}" history || { kill "$migrate" 2>/dev/null || true; exit 1; }
wait "$migrate" || { tail -20 "$AIRFLOW_HOME/db-migrate.log"; exit 1; }
set +e; "${demo[@]}" pending; pending=$?; set -e
if (( pending != 0 && pending != 3 )); then exit 1; fi  # 3: the last day is loaded already
if (( pending == 0 )); then
  python -m mediamon.demo.site --port "$port" --write-sources "$MEDIAMON_SOURCES" > /dev/null 2>&1 \
    || { echo "could not write $MEDIAMON_SOURCES"; exit 1; }
  python -m mediamon.demo.site --port "$port" --replay-day "$DEMO_DATE" --history-days "$DEMO_HISTORY_DAYS" \
    > "$MEDIAMON_DATA_DIR/demo-site.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT  # the port is free when the script ends
  python - "$port" "$server" <<'PY' || { cat "$MEDIAMON_DATA_DIR/demo-site.log"; echo "demo site did not start"; exit 1; }
import os, sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/robots.txt", timeout=1)
        sys.exit(0)
    except OSError:
        try:
            os.kill(int(sys.argv[2]), 0)
        except OSError:
            sys.exit(1)
        time.sleep(0.1)
sys.exit(1)
PY
  for dag in media_ingest media_digest; do
    echo "Running $dag for $DEMO_DATE through Airflow ..."
    log="$MEDIAMON_DATA_DIR/$dag.log"
    if ! airflow dags test "$dag" "$DEMO_DATE" > "$log" 2>&1; then
      tail -40 "$log"; echo "$dag failed: full log in $log"; exit 1
    fi
  done
else
  echo "$DEMO_DATE is loaded already: nothing to add (delete $MEDIAMON_DATA_DIR to replay from scratch)"
fi
"${demo[@]}" summary
echo "Demo finished in $(( $(date +%s) - start )) s. See the runs and the Digests page in the Airflow UI with: make airflow"
