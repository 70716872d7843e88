#!/usr/bin/env bash
# Installs the system packages fleetdeck needs to build and test (Debian/Ubuntu). Safe to run again.
set -euo pipefail
need=()
dpkg -s libncurses-dev >/dev/null 2>&1 || need+=(libncurses-dev)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
# A PostgreSQL server for the shared-store tests (scripts/postgres-up.sh starts throwaway clusters on loopback);
# apt-ensure keeps the package's own service from starting.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  "$(dirname "$0")/apt-ensure.sh" /usr/lib/postgresql/15/bin/initdb:postgresql
fi
