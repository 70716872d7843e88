#!/usr/bin/env bash
# Stops what scripts/postgres-up.sh DIR started, by the PID it recorded (never by name): `pg_ctl stop -m fast`,
# then TERM and KILL of that PID if it is still a postmaster of DIR/data after 10 s. Removes the cluster
# (DIR/data, DIR/run) unless --keep; logs stay. Idempotent.
#
#   scripts/postgres-down.sh DIR [--keep]
set -euo pipefail
DIR=${1:?usage: scripts/postgres-down.sh DIR [--keep]}
KEEP=${2:-}
DIR=$(cd "$DIR" 2>/dev/null && pwd) || { echo "nothing running in $1 (no such directory)"; exit 0; }
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ "$(id -u)" -eq 0 ]; then as_db() { (cd / && runuser -u postgres -- "$@"); }; else as_db() { "$@"; }; fi
# running PID: the process exists, is not a zombie, and is a postgres of DIR/data.
running() {
  [ -r "/proc/$1/cmdline" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] \
    && { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -qF -- "$DIR/data"
}
pid=$(cat "$DIR/postgres.pid" 2>/dev/null || true)
[ -n "$pid" ] || pid=$(head -n 1 "$DIR/data/postmaster.pid" 2>/dev/null || true)
if [ -n "$pid" ] && running "$pid"; then
  if [ -n "$BIN" ]; then as_db "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 10 stop >/dev/null 2>&1 || true; fi
  if running "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
  if running "$pid"; then echo "postgres ($pid) did not stop in 10 s: KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  echo "stopped postgres (pid $pid)"
else
  echo "nothing running in $DIR"
fi
# The watchdog of an owner process (postgres-up.sh with POSTGRES_OWNER_PID), unless it is what runs this script.
wpid=$(cat "$DIR/watchdog.pid" 2>/dev/null || true)
if [ -n "$wpid" ] && [ "$wpid" != "$$" ] && [ -r "/proc/$wpid/cmdline" ] \
   && { tr '\0' ' ' < "/proc/$wpid/cmdline"; } 2>/dev/null | grep -qF -- "$DIR"; then
  kill -TERM "$wpid" 2>/dev/null || true
fi
rm -f "$DIR/postgres.pid" "$DIR/url" "$DIR/port" "$DIR/watchdog.pid"
if [ "$KEEP" != --keep ]; then rm -rf "$DIR/data" "$DIR/run"; fi
