#!/usr/bin/env bash
# libFuzzer on the exposition parser and DCGM mapping (Fuzz/ExpositionFuzz.swift), with AddressSanitizer.
#
#   scripts/fuzz-exposition.sh [SECONDS] [libFuzzer args...]    CI: 20 s; longer: scripts/fuzz-exposition.sh 3600 -jobs=2
#
# The parser sources and FleetCore (stdlib only) are compiled as one module with the fuzz entry (their
# `import FleetCore` lines dropped), because swiftc -sanitize=fuzzer builds one executable without SwiftPM.
# Exits non-zero when the fuzzer finds a crash; the crashing input is left in .build-fuzz-exposition/.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no   # let ASan/libFuzzer report crashes, not the Swift backtracer
SECONDS_TO_RUN=${1:-20}
shift || true
OUT=.build-fuzz-exposition
rm -rf "$OUT/src" && mkdir -p "$OUT/src" "$OUT/corpus"
for f in Sources/FleetCore/*.swift Sources/FleetCore/*/*.swift Sources/FleetFeeds/Telemetry/Exposition/*.swift \
         Sources/FleetFeeds/Telemetry/{DCGMAccumulator,DCGMAccumulator+Readings,IdentityLabels,TelemetryMetric,ByteKeyTable,GPUReading,InferenceMetric}.swift \
         Fuzz/ExpositionFuzz.swift; do
  sed '/^import FleetCore$/d' "$f" > "$OUT/src/$(echo "$f" | tr '/' '_')"
done
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FuzzExposition "$OUT"/src/*.swift -o "$OUT/fuzz-exposition"
cp -n Fuzz/corpus/exposition/* "$OUT/corpus/" 2>/dev/null || true
cd "$OUT"
./fuzz-exposition -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -print_final_stats=1 "$@" corpus
