#!/usr/bin/env bash
# Slurm benchmark (issue figures): parse + apply a 50,000-job `squeue --json` (Slurm 24.05, data_parser
# v0.0.41, every field of a real job: ~7 kB a job, ~350 MB) into fleet state, against Python's json.load
# (C parser, no apply) on the same file in the same run.
#
#   scripts/bench-slurm.sh [--jobs N] [--bin PATH]
#       --jobs  job records (default 50000; the file is generated once under /tmp/fleetdeck-bench)
#       --bin   fleetbench binary (default .build/release/fleetbench, built here; BIN=... works too)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=50000
BIN=${BIN:-}
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) JOBS=$2; shift 2 ;;
    --jobs=*) JOBS=${1#*=}; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --bin=*) BIN=${1#*=}; shift ;;
    *) echo "usage: $0 [--jobs N] [--bin PATH]" >&2; exit 2 ;;
  esac
done
DIR=/tmp/fleetdeck-bench
FILE=$DIR/squeue-$JOBS.json
mkdir -p "$DIR"
[ -s "$FILE" ] || python3 scripts/gen-squeue.py --jobs "$JOBS" --seed 1 --out "$FILE"
BYTES=$(stat -c %s "$FILE")
echo "file: $FILE, $((BYTES / 1048576)) MB, $JOBS jobs"

# Baseline: best of 3 json.load in one process (the document is dropped between rounds), peak RSS.
read -r PY_S PY_RSS < <(python3 - "$FILE" <<'EOF'
import gc, json, resource, sys, time
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    with open(sys.argv[1], "rb") as f:
        doc = json.load(f)
    best = min(best, time.perf_counter() - t)
    del doc
    gc.collect()
print("%.3f %d" % (best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
EOF
)
echo "python3 json.load: ${PY_S} s (best of 3), $((PY_RSS / 1048576)) MB resident"

if [ -z "$BIN" ]; then
  BIN=.build/release/fleetbench
  swift build -c release --product fleetbench >/dev/null
fi
OUT=$("$BIN" slurm "$FILE" --rounds 3)
echo "$OUT"
OURS=$(echo "$OUT" | sed -n 's/^slurm_parse_apply_seconds=//p')
RSS=$(echo "$OUT" | sed -n 's/^peak_rss_bytes=//p')
if [ -z "$OURS" ] || [ -z "$RSS" ]; then
  echo "bench-slurm: $BIN printed no slurm_parse_apply_seconds= / peak_rss_bytes= line" >&2
  exit 1
fi
python3 -c "print('ratio: %.1fx (python json.load / fleetdeck parse+apply)' % ($PY_S / $OURS))"
python3 -c "print('rss: %.2fx file size (fleetdeck), %.2fx (python)' % ($RSS / $BYTES, $PY_RSS / $BYTES))"
