#!/usr/bin/env bash
# A dashboard on a PostgreSQL store while its server is away (issue #15): how long a key takes to reach the screen. The
# dashboard (the writer, or a follower of a collector) runs in tmux; '?' toggles the help overlay every 0.3 s while the
# server runs, after it stopped (pg_ctl stop -m fast: connections refused) and while it is frozen (SIGSTOP: connections
# stay open and nothing answers, as when a network drops packets, so every call waits for its deadline).
#
#   scripts/bench-outage-keys.sh [--bin PATH] [--role writer|follower] [--seconds N]
#       --bin      fleetdeck binary (default .build/release/fleetdeck)
#       --role     writer: the dashboard runs the simulator itself; follower: a collector writes (default writer)
#       --seconds  how long each phase is measured (default 15)
# Prints per phase the number of keys, the median and the slowest key → screen time in ms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/fleetdeck ROLE=writer PHASE_SECONDS=15
while [ $# -gt 0 ]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --role) ROLE=$2; shift 2 ;;
    --seconds) PHASE_SECONDS=$2; shift 2 ;;
    *) echo "bench-outage-keys: unknown option $1" >&2; exit 2 ;;
  esac
done
DIR=$(mktemp -d /tmp/fleetdeck-outage.XXXXXX)
SOCKET=fleetdeck-outage-$$
COLLECTOR=
cleanup() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  [ -n "$COLLECTOR" ] && kill "$COLLECTOR" 2>/dev/null || true
  scripts/postgres-restart.sh "$DIR" thaw 2>/dev/null || true
  scripts/postgres-down.sh "$DIR" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
URL=$(scripts/postgres-up.sh "$DIR" 2>/dev/null | tail -n 1)
"$BIN" store init "$URL" >/dev/null
FEEDS=(--gpus 64 --speed 60 --warmup-minutes 30)
if [ "$ROLE" = follower ]; then
  "$BIN" collect --store "$URL" "${FEEDS[@]}" 2>"$DIR/collect.log" &
  COLLECTOR=$!
  for _ in $(seq 300); do grep -q "status=ok" "$DIR/collect.log" && break; sleep 0.2; done
fi
tmux -L "$SOCKET" new-session -d -s board -x 200 -y 45 "LANG=C.UTF-8 $BIN --store '$URL' ${FEEDS[*]}"
screen() { tmux -L "$SOCKET" capture-pane -p -t board; }
for _ in $(seq 600); do screen | grep -q "64 GPUs" && break; sleep 0.1; done
screen | grep -q "64 GPUs" || { echo "bench-outage-keys: the dashboard shows no fleet" >&2; screen >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Toggles the overlay for PHASE_SECONDS and prints "PHASE keys N median_ms M max_ms X".
measure() {
  local phase=$1 end=$(( $(date +%s) + PHASE_SECONDS )) times=()
  while [ "$(date +%s)" -lt "$end" ]; do
    local shown=0
    screen | grep -q "fleetdeck help" && shown=1
    local sent; sent=$(now_ms)
    tmux -L "$SOCKET" send-keys -t board "?"
    while true; do
      local now_shown=0
      screen | grep -q "fleetdeck help" && now_shown=1
      [ "$now_shown" != "$shown" ] && break
      [ $(( $(now_ms) - sent )) -gt 60000 ] && break
      sleep 0.01
    done
    times+=($(( $(now_ms) - sent )))
    sleep 0.3
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  echo "$ROLE $phase keys ${#times[@]} median_ms $(echo "$sorted" | sed -n "$(( (${#times[@]} + 1) / 2 ))p") max_ms $(echo "$sorted" | tail -n 1)"
}
measure running
scripts/postgres-restart.sh "$DIR" stop
measure stopped
scripts/postgres-restart.sh "$DIR" start
sleep 5
scripts/postgres-restart.sh "$DIR" freeze
measure frozen
scripts/postgres-restart.sh "$DIR" thaw
sleep 5
screen | grep -q "STORE STALE" && echo "$ROLE after thaw: still STALE" || echo "$ROLE after thaw: live"
