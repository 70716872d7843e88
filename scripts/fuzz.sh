#!/usr/bin/env bash
# libFuzzer + AddressSanitizer on every parser of outside input (Fuzz/Targets/FleetFuzz.swift), under a 1 GB memory
# limit and a 10 s per-input limit.
#
#   scripts/fuzz.sh --list                  the targets
#   scripts/fuzz.sh TARGET SECONDS [args]   one target (extra arguments go to libFuzzer, e.g. -jobs=2)
#   scripts/fuzz.sh --all SECONDS           every target, sharing SECONDS between them, seed 1 (CI: 240)
#
# Seeds come from ../shared/data (when present), the repository's example files and Fuzz/corpus/TARGET/ (committed
# seeds, and every crash found so far as a regression input). A crash, hang or memory blow-up exits non-zero and
# leaves the input in .build-fuzz/crashes/; commit it to Fuzz/corpus/TARGET/ with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no   # let ASan/libFuzzer report crashes, not the Swift backtracer
TARGETS=(slurm-json slurm-text kueue nvidia-smi-csv nvidia-smi-xml prometheus-api alertmanager http-request policy theme focus trace exposition)
# The shared real files, beside the checkout or beside one of its ancestors (as the tests look for them).
DATA=${FLEETDECK_SHARED_DATA:-}
if [ -z "$DATA" ]; then
  dir=$PWD
  while [ "$dir" != / ] && [ ! -d "$dir/shared/data" ]; do dir=$(dirname "$dir"); done
  DATA=$dir/shared/data
fi
OUT=.build-fuzz

seeds() {  # the seed files of target $1, one per line
  case "$1" in
    slurm-json) find "$DATA/slurm" -name '*.json' ;;
    slurm-text) find "$DATA/slurm" -name '*.txt' ;;
    kueue) find "$DATA/kueue" \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) ;;
    nvidia-smi-csv) find "$DATA/telemetry/nvidia-smi-captures" -name '*.csv' ;;
    nvidia-smi-xml) find "$DATA/telemetry/nvidia-smi-xml" "$DATA/telemetry/nvidia-smi-captures" -name '*.xml' ;;
    alertmanager) find "$DATA/alerts" -name '*.json' ;;
    policy) echo policy.example.yaml ;;
    theme) find themes -name '*.theme' ;;
    focus) find "$DATA/cost" -name '*.csv' ;;
    trace) find "$DATA/traces" -name '*.csv' ;;
    *) ;;
  esac 2>/dev/null || true
}

build() {
  FLEETDECK_FUZZ=1 swift build --product FleetFuzz --scratch-path "$OUT" -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -Ev '^\[|Cannot export local symbol' || true
  test -x "$OUT/release/FleetFuzz" || { echo "fuzz build failed" >&2; exit 1; }
}

run_one() {  # target, seconds, libFuzzer args...
  local target=$1 seconds=$2; shift 2
  if [ "$target" = exposition ]; then scripts/fuzz-exposition.sh "$seconds" -rss_limit_mb=1024 "$@"; return; fi
  local corpus="$OUT/corpus/$target"
  mkdir -p "$corpus" "$OUT/crashes"
  # Seeds over 1 MiB are cut by -max_len anyway; copying them would only slow the start.
  while IFS= read -r f; do
    [ -n "$f" ] && [ "$(stat -c %s "$f")" -le 1048576 ] && cp -n "$f" "$corpus/$(echo "$f" | tr '/' '_')" || true
  done < <(seeds "$target")
  [ -d "Fuzz/corpus/$target" ] && cp -n Fuzz/corpus/"$target"/* "$corpus/" 2>/dev/null || true
  echo "== $target: $seconds s, $(ls "$corpus" | wc -l) corpus files"
  # Leaks are not looked for (Foundation's XMLParser keeps a few bytes per document); crashes, hangs and memory are.
  local log="$OUT/fuzz-$target.log" status=0
  ASAN_OPTIONS=detect_leaks=0 FLEETDECK_FUZZ_TARGET=$target "$OUT/release/FleetFuzz" -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=1024 -timeout="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 -artifact_prefix="$OUT/crashes/$target-" "$@" "$corpus" >"$log" 2>&1 \
    || status=$?
  grep -E '^(==[0-9]+== ?ERROR|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)|Done [0-9]+ runs|Test unit written|DEDUP' "$log" || true
  return "$status"
}

case "${1:-}" in
  --list) printf '%s\n' "${TARGETS[@]}" ;;
  --all)
    budget=${2:?usage: scripts/fuzz.sh --all SECONDS}
    share=$(( budget / ${#TARGETS[@]} )); [ "$share" -ge 5 ] || share=5
    build
    failed=()
    # A fixed seed makes the shared run repeatable (same corpus, same inputs tried); slow CI machines get 25 s per input.
    for t in "${TARGETS[@]}"; do FUZZ_TIMEOUT=25 run_one "$t" "$share" -seed=1 || failed+=("$t"); done
    if [ ${#failed[@]} -gt 0 ]; then echo "fuzzing found problems in: ${failed[*]} (inputs in $OUT/crashes/)" >&2; exit 1; fi
    echo "fuzzing: ${#TARGETS[@]} targets, $share s each, no crash" ;;
  ""|-h|--help) sed -n '2,11p' "$0" ;;
  *)
    target=$1; seconds=${2:-60}; shift; shift || true
    printf '%s\n' "${TARGETS[@]}" | grep -qx "$target" || { echo "unknown target $target; see --list" >&2; exit 2; }
    [ "$target" = exposition ] || build
    run_one "$target" "$seconds" "$@" ;;
esac
