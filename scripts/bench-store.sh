#!/usr/bin/env bash
# Shared-store benchmark (issue #15 figures): starts a throwaway PostgreSQL 15 on loopback (scripts/postgres-up.sh),
# runs `fleetbench store` against its empty database in release mode, and stops the server.
#
#   scripts/bench-store.sh [--bin PATH] [fleetbench store options: --pending N --rounds N --events N --gpus N
#                          --watchers N --cpu-seconds N]
#       --bin   fleetbench binary (default .build/release/fleetbench, built here with the shared build lock)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-}
ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --bin=*) BIN=${1#*=}; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
if [ -z "$BIN" ]; then
  BIN=.build/release/fleetbench
  flock /tmp/fleetdeck-build.lock swift build -c release --product fleetbench >/dev/null
fi
DIR=$(mktemp -d /tmp/fleetdeck-bench-pg.XXXXXX)
trap 'scripts/postgres-down.sh "$DIR" >/dev/null; rm -rf "$DIR"' EXIT
# Durable as a real server (the test clusters run with fsync off); each following dashboard holds two connections (its
# queries and its LISTEN), so 50 of them need more than the default 100.
OPTIONS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=300"
URL=$(POSTGRES_SERVER_OPTIONS="$OPTIONS" scripts/postgres-up.sh "$DIR" 2>/dev/null | tail -n 1)
echo "server: PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1) on $URL ($OPTIONS)"
"$BIN" store --store "$URL" "${ARGS[@]}"
