#!/usr/bin/env bash
# Two app processes behind nginx on this machine, sharing accounts and sessions in PostgreSQL.
# Everything listens on 127.0.0.1 only and stops by itself after --seconds (default 900) or Ctrl-C.
#
#   bash deploy/run_local_replicas.sh [--seconds 900]
#   -> http://127.0.0.1:8510  (nginx)  ->  127.0.0.1:8511 and 127.0.0.1:8512  (streamlit)
#
# Uses a private copy of data/ with the demo survey built into it, a throwaway PostgreSQL
# (tests/pg_server.py) and Debian's nginx and postgresql (installed with apt-get when missing).
# Demo sign-ins: the printed demo_accounts.csv. Kill one app process (its pid is printed) and the
# browsers on it carry on through nginx on the other one, still signed in.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
SECONDS_TO_RUN=900
[ "${1:-}" = "--seconds" ] && SECONDS_TO_RUN="${2:?--seconds needs a value}"
PORTS=(8511 8512)
PROXY_PORT=8510

need() {  # need BINARY DEBIAN_PACKAGE
  if ! command -v "$1" >/dev/null && ! ls /usr/lib/postgresql/*/bin/"$1" >/dev/null 2>&1; then
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing Debian's $2 ..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
  fi
}
need nginx nginx
need initdb postgresql
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

WORK="$(mktemp -d /tmp/dgr-replicas.XXXXXX)"
chmod 711 "$WORK"   # nginx workers (nobody) reach their temp dirs below
PIDS=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  echo "stopped; removed $WORK"
}
trap cleanup EXIT INT TERM

# 1. results and demo accounts: a private data dir (like the tests), SQLite accounts at first
DATA="$WORK/data"
mkdir -p "$DATA"
for sub in framework reference demo geo; do
  [ -d "$ROOT/data/$sub" ] && cp -r "$ROOT/data/$sub" "$DATA/$sub"
done
echo "building the demo survey into $DATA ..."
DGR_DATA_DIR="$DATA" DGR_ACCOUNTS_PATH="$DATA/accounts.sqlite" "$PY" -m dgcore demo >/dev/null

# 2. PostgreSQL, and the demo accounts moved into it
"$PY" "$ROOT/tests/pg_server.py" --seconds "$((SECONDS_TO_RUN + 60))" >"$WORK/pg.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q '^DSN=' "$WORK/pg.out" && break; sleep 0.1; done
DSN="$(sed -n 's/^DSN=//p' "$WORK/pg.out")"
[ -n "$DSN" ] || { cat "$WORK/pg.out"; echo "PostgreSQL did not start"; exit 1; }
"$PY" -m dgcore.accounts.postgres copy "$DATA/accounts.sqlite" "$DSN"

# 3. the app processes: same cookie secret, same cookie key, same results, same account store
COOKIE_SECRET="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
COOKIE_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
for port in "${PORTS[@]}"; do
  DGR_DATA_DIR="$DATA" DGR_RESULTS_DIR="$DATA/results" DGR_ACCOUNTS_PATH="$DSN" \
  DGR_COOKIE_KEY="$COOKIE_KEY" STREAMLIT_SERVER_COOKIE_SECRET="$COOKIE_SECRET" \
    "$PY" -m streamlit run "$ROOT/app.py" --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true \
      --server.allowedHosts 127.0.0.1 --server.allowedHosts localhost \
      >"$WORK/app-$port.log" 2>&1 &
  PIDS+=($!)
  echo "app process on 127.0.0.1:$port: pid $!"
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1 && break; sleep 0.1
  done
  curl -fsS "http://127.0.0.1:$port/_stcore/health" >/dev/null || {
    tail -20 "$WORK/app-$port.log"; echo "app on $port did not start"; exit 1; }
done

# 4. nginx in front (config: deploy/nginx.conf; logs and temp files under $WORK/nginx)
mkdir -p "$WORK/nginx"
chmod 711 "$WORK/nginx"
"$NGINX" -p "$WORK/nginx/" -c "$ROOT/deploy/nginx.conf" -e stderr -g "daemon off;" \
  >"$WORK/nginx.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PROXY_PORT/_stcore/health" >/dev/null 2>&1 && break; sleep 0.1
done
curl -fsS "http://127.0.0.1:$PROXY_PORT/_stcore/health" >/dev/null || {
  cat "$WORK/nginx.out"; echo "nginx did not start"; exit 1; }
metrics="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROXY_PORT/_stcore/metrics")"

cat <<EOF

  open      http://127.0.0.1:$PROXY_PORT   (nginx; /_stcore/metrics answers $metrics)
  sign in   $DATA/demo_accounts.csv
  accounts  ${DSN%%:*}://…@${DSN##*@}
  logs      $WORK/{app-8511.log,app-8512.log,nginx/access.log}
  stops by itself in $SECONDS_TO_RUN s, or press Ctrl-C
EOF
sleep "$SECONDS_TO_RUN" &
PIDS+=($!)
wait $! || true
