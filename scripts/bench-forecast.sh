#!/usr/bin/env bash
# Forecast benchmark (issue figures): Holt-Winters on a real demand series — GPUs in use per 10 minutes in the
# Alibaba openb trace — fitted on the first 80 % and scored (MASE, in-sample seasonal-naive scale) on the last
# 20 %, against statsmodels' ExponentialSmoothing (additive trend and season, same period) in the same run.
#
#   scripts/bench-forecast.sh [--bin PATH] [TRACE]
#       TRACE  default ../shared/data/traces/alibaba-v2023_openb_pod_list_default.csv
#       --bin  fleetbench binary (default .build/release/fleetbench, built here)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-}
TRACE=../shared/data/traces/alibaba-v2023_openb_pod_list_default.csv
while [ $# -gt 0 ]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --bin=*) BIN=${1#*=}; shift ;;
    *) TRACE=$1; shift ;;
  esac
done
[ -f "$TRACE" ] || { echo "bench-forecast: no trace at $TRACE" >&2; exit 2; }
python3 -c 'import statsmodels' 2>/dev/null || pip install --quiet statsmodels
if [ -z "$BIN" ]; then
  BIN=.build/release/fleetbench
  swift build -c release --product fleetbench >/dev/null
fi
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
OUT=$("$BIN" forecast "$TRACE" --bucket 600 --period 144 --csv "$DIR/series.csv")
echo "$OUT"
OURS_S=$(echo "$OUT" | sed -n 's/^forecast_fit_seconds=//p')
OURS_MASE=$(echo "$OUT" | sed -n 's/^forecast_mase=//p')
python3 - "$DIR/series.csv" "$OURS_S" "$OURS_MASE" <<'PY'
import sys, time, warnings
import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing
warnings.filterwarnings("ignore")
y = np.loadtxt(sys.argv[1])
split = len(y) * 8 // 10
train, test, m = y[:split], y[split:], 144
times = []
for _ in range(3):
    t = time.perf_counter()
    fit = ExponentialSmoothing(train, trend="add", seasonal="add", seasonal_periods=m).fit()
    times.append(time.perf_counter() - t)
fc = fit.forecast(len(test))
scale = np.mean(np.abs(train[m:] - train[:-m]))
mase = np.mean(np.abs(fc - test)) / scale
ours_s, ours_mase = float(sys.argv[2]), float(sys.argv[3])
print("statsmodels ExponentialSmoothing(add, add, %d): fit %.3f s (best of 3), MASE %.4f" % (m, min(times), mase))
print("fleetdeck Holt-Winters (add, add):         fit %.4f s (median of 5), MASE %.4f" % (ours_s, ours_mase))
print("fit speed: %.0fx; MASE %s statsmodels (%.4f vs %.4f)" % (min(times) / ours_s, "no worse than" if ours_mase <= mase else "WORSE than", ours_mase, mase))
PY
