#!/usr/bin/env bash
# Stops what scripts/prometheus-up.sh DIR started: the PIDs recorded in DIR/run/*.pid (never by name).
# TERM, up to 10 s to exit, then KILL. Removes only the pid files; data, logs and ports stay. Idempotent.
set -euo pipefail
DIR=${1:?usage: scripts/prometheus-down.sh DIR}
T0=$(date +%s%N)
DIR=$(cd "$DIR" 2>/dev/null && pwd) || { echo "nothing running in $1 (no such directory)"; exit 0; }
# running PID TEXT: the process exists, is not a zombie, and its command line contains TEXT.
running() {
  [ -r "/proc/$1/cmdline" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] \
    && { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -qF -- "$2"
}
stopped=0
for name in prometheus exporter; do   # prometheus first: it should not see its target vanish while running
  f=$DIR/run/$name.pid
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  case $name in prometheus) mark=$DIR/prometheus.yml ;; *) mark=$DIR/static ;; esac
  if [ -n "$pid" ] && running "$pid" "$mark"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do running "$pid" "$mark" || break; sleep 0.1; done
    if running "$pid" "$mark"; then echo "$name ($pid) did not stop in 10 s: KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    echo "stopped $name (pid $pid)"
    stopped=$((stopped + 1))
  fi
  rm -f "$f"
done
ms=$(( ($(date +%s%N) - T0) / 1000000 ))
[ $stopped -gt 0 ] || echo "nothing running in $DIR"
printf 'down in %d.%03d s\n' $((ms / 1000)) $((ms % 1000))
