#!/usr/bin/env bash
# Stops or starts again, keeping its data and port, a server that scripts/postgres-up.sh DIR started: for fault tests
# (clients see the server go away and come back at the same address).
#
#   scripts/postgres-restart.sh DIR stop     pg_ctl stop -m fast (clients are disconnected at once)
#   scripts/postgres-restart.sh DIR start    pg_ctl start on DIR/port, as postgres-up.sh started it
#   scripts/postgres-restart.sh DIR freeze   SIGSTOP the server and its backends: connections stay open and nothing
#                                            answers, as when the network drops packets (calls wait for their deadline)
#   scripts/postgres-restart.sh DIR thaw     SIGCONT them
set -euo pipefail
DIR=$(cd "${1:?usage: scripts/postgres-restart.sh DIR stop|start}" && pwd)
ACTION=${2:?usage: scripts/postgres-restart.sh DIR stop|start|freeze|thaw}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$BIN" ] || { echo "postgres-restart: no PostgreSQL server binaries" >&2; exit 3; }
[ -s "$DIR/port" ] || { echo "postgres-restart: $DIR was not started by postgres-up.sh" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then as_db() { (cd / && runuser -u postgres -- "$@"); }; else as_db() { "$@"; }; fi
case "$ACTION" in
  stop) as_db "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 10 stop >/dev/null ;;
  start)
    as_db "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start -o "-p $(cat "$DIR/port") -k $DIR/run \
      -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    head -n 1 "$DIR/data/postmaster.pid" > "$DIR/postgres.pid" ;;
  freeze|thaw)
    SERVER=$(head -n 1 "$DIR/data/postmaster.pid")
    SIGNAL=$([ "$ACTION" = freeze ] && echo STOP || echo CONT)
    # The postmaster first (it forks no new backend while stopped), then its children, by their ids.
    kill "-$SIGNAL" "$SERVER"
    for CHILD in $(pgrep -P "$SERVER"); do kill "-$SIGNAL" "$CHILD" 2>/dev/null || true; done ;;
  *) echo "postgres-restart: stop, start, freeze or thaw, not $ACTION" >&2; exit 2 ;;
esac
