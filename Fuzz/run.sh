#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Builds the libFuzzer harnesses (Fuzz/Package.swift) with -sanitize=fuzzer,address and runs each
# target for FUZZ_SECONDS (default 60). Fails when a target crashes (a trap or a memory error), times
# out (10 s an input) or runs out of memory (2 GB); the reproducer is left in .build-fuzz/crashes/<target>/.
#
#   make fuzz                                  every target, 60 s each
#   FUZZ_SECONDS=5 make fuzz                   a quick smoke
#   FUZZ_TARGETS="pickle zip" make fuzz        some targets
#   FUZZ_ARGS="-jobs=2" make fuzz              extra libFuzzer flags
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SWIFT=${SWIFT:-swift}
SCRATCH=${FUZZ_SCRATCH:-$ROOT/.build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
ALL="policy manifest predictions split openlineage lineage approvals metrics pickle zip sshsig"
TARGETS=${FUZZ_TARGETS:-$ALL}
FIX=$ROOT/Tests/GremlinKitTests/Fixtures

if [[ -z ${FUZZ_SKIP_BUILD:-} ]]; then
    "$SWIFT" build --package-path Fuzz --scratch-path "$SCRATCH" --product gremlin-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fi
BIN=${FUZZ_BIN:-}
[[ -n $BIN ]] || BIN=$("$SWIFT" build --package-path Fuzz --scratch-path "$SCRATCH" --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)/gremlin-fuzz
# A Swift trap reaches libFuzzer as a plain signal (the Swift backtracer would trip ASan first).
# Leak checks are off: LeakSanitizer flags the runtime's lazily built globals and Foundation's
# read buffers at exit, which are not the parsers' to fix.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# The seed files of one target: the committed Fuzz/seeds/<target>/ plus the test fixtures.
seeds() {
    local dir=$ROOT/Fuzz/seeds/$1
    [[ -d $dir ]] && find "$dir" -type f
    case $1 in
        policy) ls "$ROOT"/policies/*.yaml "$FIX"/contract/policies/*.yaml "$FIX"/release/policy.yaml ;;
        manifest) ls "$FIX"/contract/release.yaml "$FIX"/release/release.yaml \
            "$ROOT"/examples/cl_unimodal_v2/models/cl_unimodal_v2/release.yaml ;;
        predictions) ls "$FIX"/evaluate/*.csv "$FIX"/stats/lung.csv "$FIX"/stats/veterans.csv ;;
        openlineage) ls "$FIX"/contract/lineage.openlineage.jsonl ;;
        lineage) ls "$FIX"/contract/lineage.yaml "$ROOT"/examples/*/models/cl_unimodal_v2/lineage.yaml ;;
        approvals) ls "$FIX"/contract/approvals.yaml "$ROOT"/examples/cl_unimodal_v2/models/cl_unimodal_v2/approvals.yaml ;;
        metrics) ls "$FIX"/contract/metrics-*.json ;;
        pickle) ls "$FIX"/security/*.pkl ;;
        zip) ls "$FIX"/security/*.pt ;;
    esac
}

failed=()
for target in $TARGETS; do
    corpus=$SCRATCH/corpus/$target
    artifacts=$SCRATCH/crashes/$target
    mkdir -p "$corpus" "$artifacts"
    # Split seeds start with the mode byte the harness reads (layout and normalisation).
    n=0
    while IFS= read -r seed; do
        n=$((n + 1))
        name=$n-$(basename "$seed")
        if [[ $target == split && $seed != "$ROOT"/Fuzz/seeds/* ]]; then
            { printf '\001'; head -c 16384 "$seed"; } > "$corpus/seed-$name"
        else
            head -c 16384 "$seed" > "$corpus/seed-$name"
        fi
    done < <(seeds "$target"; [[ $target == split ]] && ls "$ROOT"/examples/cl_unimodal_v2/models/cl_unimodal_v2/splits/*.csv)
    echo "== $target: ${SECONDS_EACH}s"
    # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
    if ! GREMLIN_FUZZ_TARGET=$target "$BIN" "$corpus" -max_total_time="$SECONDS_EACH" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-}; then
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    echo "fuzz: crashes in: ${failed[*]} (reproducers in $SCRATCH/crashes/)" >&2
    exit 1
fi
echo "fuzz: no crash in: $TARGETS"
