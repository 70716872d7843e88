#!/usr/bin/env bash
# Forecast backtest (issue 17): `fleetbench forecast-eval` runs a rolling-origin backtest (24 origins over the last
# third of each series, refitting on the last 8 weeks at each, horizons 1 h / 24 h / 7 d) of the fleetdeck engine
# and seasonal naive (daily, weekly) on the openb trace's GPUs held per hour, the GenAI trace's summed duty cycle
# (5-minute steps: the trace spans 23 hours) and the simulator's demand; scripts/forecast_baselines.py then runs
# statsforecast AutoETS and MSTL and statsmodels ExponentialSmoothing on exactly the same origins and prints one
# combined table. Python packages go into a venv under .build/ (git-ignored); without them only Swift's table shows.
#
#   scripts/bench-forecast.sh [--bin PATH] [--series FILE]... [--cap SECONDS]
#       --bin     fleetbench binary (default .build/release/fleetbench, built here)
#       --series  an hourly one-column CSV to backtest too (repeatable)
#       --cap     each Python method's time budget per series (default 120 s; past it, after 8 origins, the rest are
#                 skipped and the table says so). One thread each: the figures are per-core, like fleetdeck's.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=""
EXTRA=()
CAP=120
DATA=../shared/data/traces
while [ $# -gt 0 ]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --series) EXTRA+=(--series "$2"); shift 2 ;;
    --cap) CAP=$2; shift 2 ;;
    *) echo "bench-forecast: unknown argument $1" >&2; exit 2 ;;
  esac
done
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
ARGS=()
[ -f "$DATA/alibaba-v2023_openb_pod_list_default.csv" ] && ARGS+=(--trace "$DATA/alibaba-v2023_openb_pod_list_default.csv")
if [ -f "$DATA/alibaba-v2026-genai_pod_gpu_duty_cycle.tar.gz" ]; then
  tar -xzf "$DATA/alibaba-v2026-genai_pod_gpu_duty_cycle.tar.gz" -C "$DIR"
  ARGS+=(--genai "$DIR/pod_gpu_duty_cycle_anon.csv")
fi
[ ${#ARGS[@]} -gt 0 ] || echo "bench-forecast: no traces under $DATA; simulator and --series only" >&2
VENV=.build/forecast-venv
PY=""
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import statsforecast, statsmodels' 2>/dev/null; then
  PY=$VENV/bin/python
elif python3 -m venv "$VENV" >/dev/null 2>&1 && "$VENV/bin/pip" install --quiet statsforecast statsmodels >"$DIR/pip.log" 2>&1; then
  PY=$VENV/bin/python
else
  echo "bench-forecast: could not install statsforecast/statsmodels (see below); showing the Swift methods only" >&2
  tail -3 "$DIR/pip.log" >&2 || true
fi
if [ -z "$BIN" ]; then
  BIN=.build/release/fleetbench
  swift build -c release --product fleetbench >/dev/null
fi
"$BIN" forecast-eval "${ARGS[@]}" ${EXTRA[@]+"${EXTRA[@]}"} --out "$DIR"
[ -z "$PY" ] || OMP_NUM_THREADS=1 NUMBA_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  "$PY" scripts/forecast_baselines.py "$DIR" --cap "$CAP"
