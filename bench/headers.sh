#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Times `gremlin headers` and `gremlin audit --only ip` against `reuse lint` and the libgit2 floor
# (bench/floor.c) on each repository given, side by side in one hyperfine run per repository.
#
#   bench/headers.sh REPO [REPO…]
#
# Environment: BENCH_OUT (results folder, default /tmp/gremlin-bench), RUNS (10), WARMUP (2),
# COPYRIGHT (a copyright regex to require as well, e.g. for ASF headers without SPDX).
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: bench/headers.sh REPO [REPO…]" >&2
    exit 2
fi
for tool in hyperfine reuse gcc pkg-config python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine reuse gcc pkg-config python3 time)" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-/tmp/gremlin-bench}
runs=${RUNS:-10}
warmup=${WARMUP:-2}
mkdir -p "$out"

echo "== building gremlin (release) and the floor" >&2
(cd "$root" && swift build -c release --product gremlin >&2)
gremlin="$(cd "$root" && swift build -c release --show-bin-path)/gremlin"
floor="$out/floor"
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
gcc -O2 -o "$floor" "$root/bench/floor.c" $(pkg-config --cflags --libs libgit2)

# The policy lives outside the repositories so they stay untouched.
policy="$out/policy.yaml"
{
    echo "apiVersion: gremlin/v1"
    echo "kind: Policy"
    echo "name: bench"
    echo "checks:"
    echo "  ip:"
    echo "    include: ['**/*.swift', '**/*.c', '**/*.h', '**/*.py', '**/*.java', '**/*.go', '**/*.rs', '**/*.js', '**/*.ts']"
    echo "    within_lines: 20"
    echo "    spdx: [Apache-2.0, MIT, BSD-3-Clause]"
    if [ -n "${COPYRIGHT:-}" ]; then echo "    copyright: '${COPYRIGHT//\'/\'\'}'"; fi
} > "$policy"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for repo in "$@"; do
    repo=$(cd "$repo" && pwd)
    name=$(basename "$repo")
    audit_out="$out/$name-audit"
    headers=("$gremlin" headers --policy "$policy" --repo "$repo")
    audit=("$gremlin" audit --quiet --policy "$policy" --repo "$repo" --only ip --out "$audit_out")

    # A sanity pass: gremlin must judge the tree (exit 0 pass or 1 findings), never error out.
    set +e
    summary=$("${headers[@]}" | tail -n 1); status=$?
    "${audit[@]}" >/dev/null; audit_status=$?
    set -e
    if [ "$status" -gt 1 ] || [ "$audit_status" -gt 1 ]; then
        echo "bench: gremlin failed on $repo (headers exit $status, audit exit $audit_status)" >&2
        exit 1
    fi
    echo
    echo "== $name ($(git -C "$repo" rev-parse --short HEAD), $(git -C "$repo" ls-files | wc -l) tracked files)"
    echo "gremlin: $summary"
    echo "floor:   $("$floor" "$repo")"

    # -N: no intermediate shell, so a 50 ms command is not measured with a shell's start-up.
    # -i: `reuse lint` and gremlin exit non-zero on a non-compliant tree; that is a result, not a failure.
    hyperfine -N -i --warmup "$warmup" --runs "$runs" --style none --export-json "$out/$name.json" \
        --command-name "gremlin headers" "$(printf '%q ' "${headers[@]}")" \
        --command-name "gremlin audit --only ip" "$(printf '%q ' "${audit[@]}")" \
        --command-name "reuse lint" "reuse --root $(printf '%q' "$repo") lint" \
        --command-name "floor (libgit2, whole blobs)" "$(printf '%q ' "$floor" "$repo")" >"$out/$name.hyperfine.log" 2>&1 \
        || { cat "$out/$name.hyperfine.log" >&2; exit 1; }

    # Peak resident set (KiB) over three runs of each gremlin command.
    peak() {
        local most=0 kib
        for _ in 1 2 3; do
            /usr/bin/time -o "$out/rss" -f %M "$@" >/dev/null 2>&1 || true
            kib=$(tail -n 1 "$out/rss")
            [ "$kib" -gt "$most" ] && most=$kib
        done
        echo "$most"
    }
    rss_headers=$(peak "${headers[@]}")
    rss_audit=$(peak "${audit[@]}")

    python3 - "$out/$name.json" "$rss_headers" "$rss_audit" <<'PY'
import json, statistics, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
median = {name: statistics.median(r["times"]) for name, r in results.items()}
gremlin = median["gremlin headers"]
print(f"| command | median | min … max | stddev | ÷ gremlin headers |")
print(f"| --- | ---: | ---: | ---: | ---: |")
for name, r in results.items():
    times = r["times"]
    print(f"| {name} | {median[name]*1000:.0f} ms | {min(times)*1000:.0f} … {max(times)*1000:.0f} ms "
          f"| {statistics.stdev(times)*1000:.0f} ms | {median[name]/gremlin:.2f}× |")
print(f"reuse/gremlin {median['reuse lint']/gremlin:.1f}×, floor/gremlin "
      f"{median['floor (libgit2, whole blobs)']/gremlin:.1f}×, "
      f"reuse/audit {median['reuse lint']/median['gremlin audit --only ip']:.1f}×, "
      f"floor/audit {median['floor (libgit2, whole blobs)']/median['gremlin audit --only ip']:.1f}×")
print(f"peak RSS: gremlin headers {int(sys.argv[2])/1024:.1f} MiB, gremlin audit {int(sys.argv[3])/1024:.1f} MiB")
PY
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results in $out"
