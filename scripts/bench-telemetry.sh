#!/usr/bin/env bash
# Telemetry benchmark (issue figures): parse + apply a 20,000-GPU × 20-metric DCGM exposition into fleet state,
# against `promtool check metrics` on the same file in the same run.
#
#   scripts/bench-telemetry.sh [GPUS]      (default 20000; the file is generated once under /tmp/fleetdeck-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
GPUS=${1:-20000}
DIR=/tmp/fleetdeck-bench
FILE=$DIR/dcgm-$GPUS.prom
mkdir -p "$DIR"
scripts/apt-ensure.sh promtool:prometheus /usr/bin/time:time
[ -s "$FILE" ] || python3 scripts/gen-dcgm.py --gpus "$GPUS" --metrics 20 --seed 1 "$FILE"
echo "file: $FILE, $(du -m "$FILE" | cut -f1) MB, $(grep -vc '^#' "$FILE") samples"
swift build -c release --product fleetbench >/dev/null
OUT=$(.build/release/fleetbench telemetry "$FILE" --rounds 7)
echo "$OUT"
OURS=$(echo "$OUT" | sed -n 's/^telemetry_parse_apply_seconds=//p')
# promtool exits 3 on lint findings (DCGM's camelCase labels); its time is what matters here.
/usr/bin/time -o "$DIR/promtool.time" -f '%e %M' promtool check metrics < "$FILE" >/dev/null 2>&1 || true
read -r PT_S PT_KB < <(tail -1 "$DIR/promtool.time")
echo "promtool check metrics: ${PT_S} s, $((PT_KB / 1024)) MB resident"
python3 -c "print('ratio: %.1fx (promtool / fleetdeck parse+apply)' % ($PT_S / $OURS))"
