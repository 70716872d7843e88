#!/usr/bin/env bash
# Idle CPU of a follower dashboard: `fleetdeck collect` writes a simulated fleet at --speed 1 (a telemetry tick every
# 30 fleet seconds, a snapshot a minute) and a dashboard follows the store in tmux, untouched. Prints the follower's
# CPU over --seconds (after its first frame) as `follower_idle_cpu_percent N` (percent of one core).
# Needs tmux, sqlite3 and a release build: swift build -c release --product fleetdeck
set -euo pipefail
gpus=100000 teams=500 seconds=60 warmup=60
while [ $# -gt 0 ]; do
    case $1 in
        --gpus) gpus=$2; shift 2 ;;
        --teams) teams=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --warmup-minutes) warmup=$2; shift 2 ;;
        *) echo "usage: $0 [--gpus 100000] [--teams 500] [--seconds 60] [--warmup-minutes 60]" >&2; exit 2 ;;
    esac
done
bin=$(pwd)/.build/release/fleetdeck
[ -x "$bin" ] || { echo "no $bin: swift build -c release --product fleetdeck" >&2; exit 2; }
dir=$(mktemp -d)
store=$dir/idle.sqlite
session=fleetdeck-idle-$$
collector=
cleanup() {
    tmux kill-session -t "$session" 2>/dev/null || true
    if [ -n "$collector" ]; then kill "$collector" 2>/dev/null || true; wait "$collector" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT
"$bin" collect --store "$store" --gpus "$gpus" --teams "$teams" --speed 1 --warmup-minutes "$warmup" 2>"$dir/collect.log" &
collector=$!
# The collector's warm-up ends with the first snapshot.
until [ "$(sqlite3 "$store" 'SELECT count(*) FROM snapshots' 2>/dev/null || echo 0)" -gt 0 ]; do
    kill -0 "$collector" 2>/dev/null || { echo "collect exited:" >&2; cat "$dir/collect.log" >&2; exit 1; }
    sleep 1
done
tmux new-session -d -s "$session" -x 160 -y 50 "exec '$bin' --store '$store'"
sleep 15  # open, first frame, settle
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
before=$(cpu_ticks)
sleep "$seconds"
after=$(cpu_ticks)
# The follower's header (control characters removed), to show it drew the fleet.
tmux capture-pane -p -t "$session" | sed -n 1,2p | LC_ALL=C tr -cd '[:print:]\n' >&2
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$seconds" \
    'BEGIN { printf "follower_idle_cpu_percent %.1f\n", 100 * t / hz / s }'
