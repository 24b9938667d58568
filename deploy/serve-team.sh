#!/usr/bin/env bash
# Serve IA Planner to a team: two Streamlit processes on one PostgreSQL workspace,
# behind nginx (deploy/nginx.conf). Stops all of them when it is stopped, or when
# one of them ends. docs/serving.md explains each setting.
#
#   IA_PLANNER_DB=postgresql://ia@db.clinic.example/ia PUBLIC_NAME=ia.clinic.example \
#     deploy/serve-team.sh
set -euo pipefail

: "${IA_PLANNER_DB:?set IA_PLANNER_DB to the team workspace, postgresql://user@host/db}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
APP_PORTS="${APP_PORTS:-8501 8502}"
PROXY_PORT="${PROXY_PORT:-8080}"
LISTEN="${LISTEN:-0.0.0.0}"
RUN_DIR="${RUN_DIR:-${TMPDIR:-/tmp}/ia-planner-team}"
# The name people open (besides localhost); the app refuses others (DNS rebinding).
PUBLIC_NAME="${PUBLIC_NAME:-}"
export IA_PLANNER_DB
export STREAMLIT_SERVER_ALLOWED_HOSTS="localhost 127.0.0.1 ::1 ${PUBLIC_NAME}"

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/temp"
: >"$RUN_DIR/upstreams.conf"
for port in $APP_PORTS; do
  echo "server 127.0.0.1:${port};" >>"$RUN_DIR/upstreams.conf"
done
sed -e "s|@RUN_DIR@|${RUN_DIR}|g" -e "s|@LISTEN@|${LISTEN}|g" \
  -e "s|@PROXY_PORT@|${PROXY_PORT}|g" "$HERE/nginx.conf" >"$RUN_DIR/nginx.conf"

pids=()
stop() {
  trap - EXIT INT TERM
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 0' INT TERM

# Each process listens on loopback only: people reach it through nginx.
cd "$ROOT"
for port in $APP_PORTS; do
  "$PYTHON" -m streamlit run app.py --server.headless true \
    --server.address 127.0.0.1 --server.port "$port" \
    >"$RUN_DIR/logs/app-${port}.log" 2>&1 &
  pids+=($!)
done
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
pids+=($!)
echo "IA Planner for the team: http://${PUBLIC_NAME:-localhost}:${PROXY_PORT}/ (logs in $RUN_DIR/logs)"

# One process ending (a refused start, a crash) stops the others, and says why.
status=0
wait -n "${pids[@]}" || status=$?
echo "A process of the team server ended (status ${status}); its log's last lines:" >&2
tail -n 2 "$RUN_DIR"/logs/*.log >&2 || true
exit "$status"
