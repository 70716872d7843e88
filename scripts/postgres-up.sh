#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's packages) on loopback, for tests and demos.
#
#   scripts/postgres-up.sh DIR        stop it with: scripts/postgres-down.sh DIR
#
# DIR/data           the cluster (initdb --no-sync, trust authentication: loopback and the socket only)
# DIR/run            the unix socket (.s.PGSQL.PORT)
# DIR/port           the TCP port on 127.0.0.1, a free one picked at start
# DIR/url            the connection URL of database `fleetdeck` (also the last line printed)
# DIR/postgres.pid   the postmaster's PID (what postgres-down.sh stops), DIR/server.log its log
#
# POSTGRES_SERVER_OPTIONS adds server options (e.g. "-c max_connections=300" for a benchmark with many clients).
#
# With POSTGRES_OWNER_PID set (a test process), a watchdog (DIR/watchdog.pid) runs postgres-down.sh DIR once that
# process is gone, so a crashed or killed test run leaves no server behind.
#
# initdb and postgres refuse to run as root: as root the cluster runs as the `postgres` user (runuser) and the
# URL's user is postgres; otherwise it runs as the current user. Needs the binaries (scripts/install-deps.sh
# installs them); exits 3 with a message when they are absent. Idempotent: a running cluster of DIR is reused,
# anything else left in DIR is stopped and recreated. The postmaster gets its own session (pg_ctl detaches it
# with its output in DIR/server.log), so a caller that waits for this script's exit never waits for the server.
set -euo pipefail
DIR=${1:?usage: scripts/postgres-up.sh DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
T0=$(date +%s%N)
ts() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%3d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*" >&2; }

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "postgres-up: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin: run scripts/install-deps.sh" >&2
  exit 3
fi

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ "$(id -u)" -eq 0 ]; then
  USER_NAME=postgres
  as_db() { (cd / && runuser -u postgres -- "$@"); }   # runuser keeps the cwd, which postgres may not reach
  chown postgres:postgres "$DIR"
else
  USER_NAME=$(id -un)
  as_db() { "$@"; }
fi
chmod 700 "$DIR"

# Already up? (the recorded PID is a live postmaster of DIR/data)
if [ -s "$DIR/url" ] && [ -s "$DIR/port" ] && as_db "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1 \
   && as_db "$BIN/pg_isready" -q -h "$DIR/run" -p "$(cat "$DIR/port")" -t 2; then
  ts "already running: $(cat "$DIR/url")"
  cat "$DIR/url"
  exit 0
fi
"$HERE/postgres-down.sh" "$DIR" >/dev/null 2>&1 || true
as_db rm -rf "$DIR/data" "$DIR/run"
rm -f "$DIR/url" "$DIR/port" "$DIR/postgres.pid"
as_db mkdir -m 700 "$DIR/data" "$DIR/run"

as_db "$BIN/initdb" -D "$DIR/data" -U "$USER_NAME" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
  || { tail -n 20 "$DIR/initdb.log" >&2; echo "postgres-up: initdb failed (log: $DIR/initdb.log)" >&2; exit 1; }
ts "initdb"

# listening PORT: something listens on 127.0.0.1 or any address at PORT (from /proc, no extra tools).
listening() {
  local hex; hex=$(printf ':%04X ' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$hex" '$4 == "0A" && index($2 " ", p) { found = 1 } END { exit !found }'
}
PORT=""
for _ in 1 2 3 4 5 6 7 8; do
  candidate=$(( 20000 + RANDOM % 40000 ))
  listening "$candidate" && continue
  # Durability is the test's least concern: fsync off makes a test cluster as fast as tmpfs.
  if as_db "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start -o "-p $candidate -k $DIR/run \
      -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${POSTGRES_SERVER_OPTIONS:-}" \
      >/dev/null 2>&1; then
    PORT=$candidate
    break
  fi
  ts "port $candidate: start failed, trying another"
  as_db "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w -t 5 stop >/dev/null 2>&1 || true
done
if [ -z "$PORT" ]; then
  tail -n 20 "$DIR/server.log" >&2 || true
  echo "postgres-up: the server did not start (log: $DIR/server.log)" >&2
  exit 1
fi
head -n 1 "$DIR/data/postmaster.pid" > "$DIR/postgres.pid"
echo "$PORT" > "$DIR/port"
ts "pg_ctl start: pid $(cat "$DIR/postgres.pid"), 127.0.0.1:$PORT, socket $DIR/run"

as_db "$BIN/psql" -X -q -h "$DIR/run" -p "$PORT" -U "$USER_NAME" -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE fleetdeck" >/dev/null
ts "createdb fleetdeck"
echo "postgresql://$USER_NAME@127.0.0.1:$PORT/fleetdeck?sslmode=disable" > "$DIR/url"
if [ -n "${POSTGRES_OWNER_PID:-}" ]; then
  OWNER=$POSTGRES_OWNER_PID
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 0.5; done; exec "$2/postgres-down.sh" "$3"' \
    watchdog "$OWNER" "$HERE" "$DIR" </dev/null >"$DIR/watchdog.log" 2>&1 &
  echo $! > "$DIR/watchdog.pid"
  ts "watchdog (pid $!) stops the server when process $OWNER exits"
fi
cat "$DIR/url"
