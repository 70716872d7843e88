#!/usr/bin/env bash
# Installs Debian packages for commands that are missing: scripts/apt-ensure.sh COMMAND:PACKAGE ...
# e.g. scripts/apt-ensure.sh prometheus:prometheus promtool:prometheus curl:curl /usr/bin/time:time
#
# Services the packages ship (the Debian prometheus package starts one) are kept from starting by a
# temporary /usr/sbin/policy-rc.d that answers 101 ("action not allowed"); the file is removed after,
# unless it was there before. Needs root or sudo; the only network use is apt.
set -euo pipefail
need=()
for spec in "$@"; do
  cmd=${spec%%:*} pkg=${spec#*:}
  if [[ $cmd == /* ]]; then [ -x "$cmd" ] && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
  [[ " ${need[*]-} " == *" $pkg "* ]] || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
echo "apt-ensure: installing ${need[*]}" >&2
own_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
  $sudo_cmd chmod 755 /usr/sbin/policy-rc.d
  own_policy=1
fi
cleanup() { [ $own_policy = 1 ] && $sudo_cmd rm -f /usr/sbin/policy-rc.d; return 0; }
trap cleanup EXIT
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
