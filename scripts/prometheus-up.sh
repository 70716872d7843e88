#!/usr/bin/env bash
# Starts a real Prometheus on loopback that scrapes a static DCGM-exporter exposition, for tests and demos.
#
#   scripts/prometheus-up.sh DIR        stop it with: scripts/prometheus-down.sh DIR
#
# DIR/static/metrics      the exposition, served by `python3 -m http.server` on a free loopback port;
#                         written with scripts/gen-dcgm.py (2 hosts x 4 GPUs, seed 1) when absent.
#                         Rewrite it at any time: the next scrape (every second) picks it up.
# DIR/prometheus.port     Prometheus's port (http://127.0.0.1:PORT), a free one picked at start
# DIR/exporter.port       the exposition's port (http://127.0.0.1:PORT/metrics), job="dcgm"
# DIR/prometheus.yml, DIR/data (TSDB, recreated on each start), DIR/log/*.log, DIR/run/*.pid
#
# Returns once Prometheus is ready and `count(DCGM_FI_DEV_GPU_UTIL)` over the target is > 0 (so set up
# DIR/static/metrics with GPU_UTIL series); fails with a message after a timeout otherwise.
# Idempotent: if both processes of DIR are running and ready it only prints where they are; anything
# else left over in DIR is stopped first. Installs the Debian packages prometheus and curl when
# missing (root or sudo; apt is the only network use). Processes are stopped by their recorded PIDs.
#
# Environment: PROMETHEUS_SCRAPE_INTERVAL (default 1s), PROMETHEUS_WAIT_S (default 60).
set -euo pipefail
DIR=${1:?usage: scripts/prometheus-up.sh DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3; [ -x "$PY" ] || PY=$(command -v python3)
INTERVAL=${PROMETHEUS_SCRAPE_INTERVAL:-1s}
WAIT_S=${PROMETHEUS_WAIT_S:-60}
T0=$(date +%s%N)
ts() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%3d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"; }
exec 3>&2   # die() reaches the terminal even from inside wait_for's silenced checks
STARTED=0
die() {
  ts "ERROR: $*" >&3
  [ $STARTED = 1 ] && "$HERE/prometheus-down.sh" "$DIR" >&3   # leave nothing running; logs stay in DIR/log
  exit 1
}

# wait_for SECONDS WHAT COMMAND...: retries COMMAND every 0.2 s.
wait_for() {
  local t=$1 what=$2; shift 2
  local end=$(( $(date +%s) + t ))
  GIVEUP=0
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$end" ] || [ "$GIVEUP" = 1 ] && return 1
    sleep 0.2
  done
  ts "ready: $what"
}
# alive PIDFILE TEXT: the recorded process runs and its command line contains TEXT (guards against PID reuse).
alive() {
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$2"
}
query() { curl -sf --max-time 2 --get "http://127.0.0.1:$PPORT/api/v1/query" --data-urlencode "query=$1"; }
# has_gpus: the readiness query returns a positive number.
has_gpus() { query "count(DCGM_FI_DEV_GPU_UTIL{job=\"dcgm\"})" | grep -Eq '"value":\[[0-9.e+]+,"[1-9]'; }

"$HERE/apt-ensure.sh" prometheus:prometheus promtool:prometheus curl:curl
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

# Already up?
if alive "$DIR/run/prometheus.pid" "$DIR/prometheus.yml" && alive "$DIR/run/exporter.pid" "$DIR/static" \
   && PPORT=$(cat "$DIR/prometheus.port" 2>/dev/null) && curl -sf --max-time 2 "http://127.0.0.1:$PPORT/-/ready" >/dev/null; then
  ts "already running: prometheus http://127.0.0.1:$PPORT (pid $(cat "$DIR/run/prometheus.pid")), exporter http://127.0.0.1:$(cat "$DIR/exporter.port")/metrics"
  exit 0
fi
"$HERE/prometheus-down.sh" "$DIR" >/dev/null

mkdir -p "$DIR"/{static,log,run}
rm -rf "$DIR/data"   # a previous run's series would otherwise show for 5 minutes next to the new ones
if [ ! -s "$DIR/static/metrics" ]; then
  "$PY" "$HERE/gen-dcgm.py" --gpus 8 --gpus-per-host 4 --seed 1 "$DIR/static/metrics"
  ts "wrote default exposition $DIR/static/metrics (2 hosts x 4 GPUs)"
fi

# Two distinct free loopback ports (bound with port 0, then released).
read -r PPORT EPORT < <("$PY" - <<'PY'
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))
PY
)
STARTED=1
echo "$EPORT" > "$DIR/exporter.port"

# The background processes get their own session (setsid) so that a CI step's end does not signal them;
# setsid is not a group leader here, so it execs and $! is the server's own PID.
setsid "$PY" -m http.server "$EPORT" --bind 127.0.0.1 --directory "$DIR/static" \
  </dev/null >"$DIR/log/exporter.log" 2>&1 3>&- &
echo $! > "$DIR/run/exporter.pid"
wait_for "$WAIT_S" "exporter http://127.0.0.1:$EPORT/metrics" curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$EPORT/metrics" \
  || die "exposition server did not answer on 127.0.0.1:$EPORT within $WAIT_S s; see $DIR/log/exporter.log"

cat > "$DIR/prometheus.yml" <<YML
# Written by scripts/prometheus-up.sh
global:
  scrape_interval: $INTERVAL
  scrape_timeout: $INTERVAL
  evaluation_interval: $INTERVAL
scrape_configs:
  - job_name: dcgm
    static_configs:
      - targets: ['127.0.0.1:$EPORT']
YML
promtool check config "$DIR/prometheus.yml" >/dev/null || die "promtool rejects $DIR/prometheus.yml"
start_prometheus() {
  echo "$PPORT" > "$DIR/prometheus.port"
  setsid prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
    --web.listen-address="127.0.0.1:$PPORT" --web.enable-lifecycle --log.level=info \
    </dev/null >"$DIR/log/prometheus.log" 2>&1 3>&- &
  echo $! > "$DIR/run/prometheus.pid"
}
# running PID: the process this script started has not exited. Its command line is not checked here: right after
# the fork it is still this script's own until setsid and prometheus exec, and a loaded machine (CI running tests
# in parallel) gets there late enough for such a check to call a starting Prometheus dead.
running() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
ready() {
  running "$(cat "$DIR/run/prometheus.pid")" || { GIVEUP=1; return 1; }
  curl -sf --max-time 2 "http://127.0.0.1:$PPORT/-/ready"
}
# The free port was released before Prometheus binds it, so another process may take it meanwhile: up to three tries.
for attempt in 1 2 3; do
  start_prometheus
  wait_for "$WAIT_S" "prometheus http://127.0.0.1:$PPORT/-/ready" ready && break
  if [ "$GIVEUP" = 1 ] && [ "$attempt" -lt 3 ] && grep -q "address already in use" "$DIR/log/prometheus.log"; then
    PPORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ts "port taken before prometheus bound it; trying 127.0.0.1:$PPORT"
    continue
  fi
  tail -n 20 "$DIR/log/prometheus.log" >&3
  [ "$GIVEUP" = 1 ] && die "prometheus exited; log above: $DIR/log/prometheus.log"
  die "prometheus not ready on 127.0.0.1:$PPORT within $WAIT_S s (log above: $DIR/log/prometheus.log)"
done
wait_for "$WAIT_S" "count(DCGM_FI_DEV_GPU_UTIL) > 0" has_gpus || {
  query 'up{job="dcgm"}' >&2 || true; echo >&2
  die "no DCGM_FI_DEV_GPU_UTIL series scraped from 127.0.0.1:$EPORT within $WAIT_S s (does $DIR/static/metrics have any?)"; }
ts "UP: prometheus http://127.0.0.1:$PPORT (pid $(cat "$DIR/run/prometheus.pid")), exporter http://127.0.0.1:$EPORT/metrics (pid $(cat "$DIR/run/exporter.pid"))"
