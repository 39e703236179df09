#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Times `gremlin secrets` (HEAD's tree through libgit2) against `detect-secrets scan` (PyPI) on the
# same work tree and against the libgit2 read floor (bench/floor.c --all), then measures recall
# and false alarms of both tools on the planted corpus (bench/secrets-corpus.sh).
#
#   bench/secrets.sh [REPO…]   (default: the header benchmark's repositories, see bench/run.sh)
#
# Environment: BENCH_OUT (default /tmp/gremlin-bench-secrets), RUNS (10) and WARMUP (2) for
# gremlin and the floor, DS_RUNS (1) for detect-secrets (minutes per repository),
# SKIP_DETECT_SECRETS=1 to time gremlin and the floor only.
set -euo pipefail

for tool in hyperfine detect-secrets gcc pkg-config python3 git /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine gcc pkg-config time; pip install detect-secrets)" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-/tmp/gremlin-bench-secrets}
runs=${RUNS:-10}
warmup=${WARMUP:-2}
ds_runs=${DS_RUNS:-1}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ $# -eq 0 ]; then
    mirror=${MIRROR:-/opt/swift-packages/apple}
    repos=${BENCH_REPOS:-/tmp/gremlin-bench/repos}
    mkdir -p "$repos"
    for name in swift-protobuf swift-nio swift-syntax swift-crypto; do
        [ -d "$repos/$name/.git" ] || git clone -q "$mirror/$name.git" "$repos/$name"
        set -- "$@" "$repos/$name"
    done
fi

echo "== building gremlin (release) and the floor" >&2
(cd "$root" && swift build -c release --product gremlin >&2)
gremlin="$(cd "$root" && swift build -c release --show-bin-path)/gremlin"
floor="$out/floor"
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
gcc -O2 -o "$floor" "$root/bench/floor.c" $(pkg-config --cflags --libs libgit2)

# Outside the repositories, so they stay untouched: the tree only, no history, no baseline.
policy="$out/policy.yaml"
printf '%s\n' "apiVersion: gremlin/v1" "kind: Policy" "name: bench" "checks:" \
    "  security: {scan_history: false, baseline: .gremlin/none.json}" > "$policy"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "detect-secrets $(detect-secrets --version), $(hyperfine --version)"
for repo in "$@"; do
    repo=$(cd "$repo" && pwd)
    name=$(basename "$repo")
    scan=("$gremlin" secrets --policy "$policy" --repo "$repo")
    # detect-secrets scans the files git tracks, as read from the work tree.
    detect=(detect-secrets scan "$repo")

    set +e
    "${scan[@]}" > "$out/$name.gremlin.txt"; status=$?
    set -e
    if [ "$status" -gt 1 ]; then
        echo "bench: gremlin failed on $repo (exit $status)" >&2
        exit 1
    fi
    echo
    echo "== $name ($(git -C "$repo" rev-parse --short HEAD), $(git -C "$repo" ls-files | wc -l) tracked files)"
    echo "gremlin: $(tail -n 1 "$out/$name.gremlin.txt")"
    echo "floor:   $("$floor" --all "$repo")"

    hyperfine -N -i --warmup "$warmup" --runs "$runs" --style none --export-json "$out/$name.json" \
        --command-name "gremlin secrets" "$(printf '%q ' "${scan[@]}")" \
        --command-name "floor (libgit2, every blob whole)" "$(printf '%q ' "$floor" --all "$repo")" \
        >"$out/$name.hyperfine.log" 2>&1 || { cat "$out/$name.hyperfine.log" >&2; exit 1; }
    /usr/bin/time -o "$out/$name.rss" -f %M "${scan[@]}" >/dev/null 2>&1 || true

    # detect-secrets takes minutes per repository and depends only on the tree: its timing and
    # findings are kept per commit and reused (DS_FRESH=1 runs it again).
    ds="$out/$name-$(git -C "$repo" rev-parse --short HEAD)"
    if [ "${SKIP_DETECT_SECRETS:-0}" = 1 ]; then
        ds="$out/$name-none"
        echo '{"results": []}' > "$ds.ds.json"
    elif [ "${DS_FRESH:-0}" = 1 ] || [ ! -s "$ds.detect-secrets.json" ]; then
        # One run is minutes long: no warm-up beyond the page cache the runs above filled.
        (cd "$repo" && hyperfine -N -i --runs "$ds_runs" --style none --export-json "$ds.ds.json" \
            --command-name "detect-secrets scan" "$(printf '%q ' "${detect[@]}")" >"$ds.ds.log" 2>&1) \
            || { cat "$ds.ds.log" >&2; exit 1; }
        (cd "$repo" && "${detect[@]}" > "$ds.detect-secrets.json")
    else
        echo "detect-secrets: reusing $ds.ds.json (measured $(date -r "$ds.ds.json" -u +%FT%TZ))"
    fi

    python3 - "$out" "$name" "$ds" <<'PY'
import json, os, statistics, sys
out, name, ds = sys.argv[1:]
results = json.load(open(f"{out}/{name}.json"))["results"] + json.load(open(f"{ds}.ds.json"))["results"]
median = {r["command"]: statistics.median(r["times"]) for r in results}
cpu = {r["command"]: r["user"] + r["system"] for r in results}  # hyperfine's means
gremlin = median["gremlin secrets"]
print("| command | median wall | min … max | mean CPU (user + sys) | ÷ gremlin secrets |")
print("| --- | ---: | ---: | ---: | ---: |")
for r in results:
    times = r["times"]
    print(f"| {r['command']} | {median[r['command']]*1000:,.0f} ms | {min(times)*1000:,.0f} … {max(times)*1000:,.0f} ms "
          f"| {cpu[r['command']]*1000:,.0f} ms | {median[r['command']]/gremlin:.2f}× |")
floor = median["floor (libgit2, every blob whole)"]
print(f"gremlin ÷ floor {gremlin/floor:.2f}× wall, {cpu['gremlin secrets']/cpu['floor (libgit2, every blob whole)']:.2f}× CPU")
if "detect-secrets scan" in median:
    print(f"detect-secrets ÷ gremlin {median['detect-secrets scan']/gremlin:,.0f}×")
    found = json.load(open(f"{ds}.detect-secrets.json"))["results"]
    print(f"detect-secrets findings: {sum(len(v) for v in found.values())} in {len(found)} files")
lines = open(f"{out}/{name}.gremlin.txt").read().splitlines()
rules = {}
for line in lines[:-1]:
    rule = line.split(": ", 1)[1].split(" ", 1)[0]
    rules[rule] = rules.get(rule, 0) + 1
print(f"gremlin findings: {len(lines) - 1} {dict(sorted(rules.items()))}")
print(f"peak RSS gremlin secrets: {int(open(f'{out}/{name}.rss').read().split()[-1])/1024:.1f} MiB")
PY
done

echo
echo "== planted corpus"
"$root/bench/secrets-corpus.sh" "$gremlin" "$out/corpus"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results in $out"
