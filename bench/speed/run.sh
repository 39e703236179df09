#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Issue 14's four workloads, each side by side with what a user would otherwise run, in one run:
#   evaluate   `gremlin evaluate cohort.csv --bootstrap 0 --json`, n = 10^6, vs lifelines
#              `concordance_index` (the call alone, CSV read not counted, median of RUNS calls;
#              and the whole process)
#   bootstrap  `gremlin evaluate candidate.csv --baseline baseline.csv --bootstrap 1000 --json`,
#              n = 10^5, vs bench/evaluate_python.py (lifelines + numpy paired loop), whose
#              1000-replicate time is extrapolated from 2 and 12 replicates (a full run takes ~40 min)
#   leakage    `gremlin audit --only leakage`, 10 M train × 2 M test IDs (.txt), 200,000 shared,
#              vs Python set intersection (bench/governance/baseline.py)
#   headers    `gremlin headers` on apache/kafka (*.java, *.scala; the ASF header via `copyright:`)
#              vs `grep -L` over the checked-out files (the floor) and `reuse lint`
# Medians of RUNS (default 3) whole-process runs after one warm-up; peak RSS from GNU time.
#
#   bench/speed/run.sh [DIR]      DIR holds the generated inputs (default /tmp/gremlin-bench-speed)
#   KAFKA=/path/to/kafka          a checkout of apache/kafka (default: DIR/kafka, cloned when absent)
# Needs: a release build (.build/release/gremlin or GREMLIN_BIN), hyperfine, GNU time, python3
# with lifelines/pandas/numpy, reuse (optional).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
bin="$(realpath "${GREMLIN_BIN:-.build/release/gremlin}")"
dir="${1:-/tmp/gremlin-bench-speed}"
runs="${RUNS:-3}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd -P)"
[ -x "$bin" ] || { echo "build first: swift build -c release --product gremlin" >&2; exit 2; }

# Inputs: seeded, reused when present.
[ -f "$dir/cohort.csv" ] || python3 bench/speed/gen.py "$dir"
[ -f "$dir/gov/splits/test.txt" ] || python3 bench/governance/gen.py "$dir/gov" --overlap 200000 --notes-mib 0
kafka="${KAFKA:-$dir/kafka}"
if [ ! -d "$kafka/.git" ]; then
  git clone -q "${KAFKA_URL:-https://github.com/apache/kafka.git}" "$kafka"
fi

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
gov="$(cd "$dir/gov" && pwd -P)"  # real paths: the audit compares them with the repository's
repo="$gov/leakage-repo"  # the manifest and its split files must lie inside the audited repository
if [ ! -d "$repo/.git" ]; then
  git -c init.defaultBranch=main init -q "$repo"
  mkdir -p "$repo/splits"
  cat > "$repo/lineage.yaml" <<'YAML'
apiVersion: gremlin/v1
kind: Lineage
nodes:
  - {id: ids, kind: dataset, stage: raw, pii: {status: none}}
  - {id: train, kind: run, inputs: [ids]}
  - {id: model, kind: artifact, produced_by: train, artifact: weights}
YAML
  cat > "$repo/release.yaml" <<'YAML'
apiVersion: gremlin/v1
kind: ModelRelease
model: {name: bench, version: 1.0.0}
artifacts:
  - {name: weights, uri: s3://bench/model.pt}
lineage: lineage.yaml
splits: {train: splits/train.txt, test: splits/test.txt}
YAML
  git -C "$repo" add lineage.yaml release.yaml
  GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com \
    git -C "$repo" commit -q -m "chore: bench"
fi
for split in train test; do  # untracked copies (hard links when possible) of the generated ID files
  [ -f "$repo/splits/$split.txt" ] || cp -l "$gov/splits/$split.txt" "$repo/splits/" 2>/dev/null \
    || cp "$gov/splits/$split.txt" "$repo/splits/"
done
cat > "$dir/leakage-policy.yaml" <<'YAML'
apiVersion: gremlin/v1
kind: Policy
checks:
  leakage: {normalize: trim, splits: [train, test]}
YAML
cat > "$dir/kafka-policy.yaml" <<'YAML'
apiVersion: gremlin/v1
kind: Policy
checks:
  ip:
    include: ["**/*.java", "**/*.scala"]
    copyright: 'Licensed to the Apache Software Foundation \(ASF\)'
YAML

q() { printf '%q ' "$@"; }
evaluate=$(q "$bin" evaluate "$dir/cohort.csv" --bootstrap 0 --json)
lifelines=$(q python3 bench/speed/cindex.py "$dir/cohort.csv")
paired=$(q "$bin" evaluate "$dir/pair/candidate.csv" --baseline "$dir/pair/baseline.csv" --bootstrap 1000 --json)
leakage=$(q "$bin" audit --repo "$repo" --manifest "$repo/release.yaml" --policy "$dir/leakage-policy.yaml" \
  --only leakage --out "$dir/out-leakage" --quiet)
pyset=$(q python3 bench/governance/baseline.py "$gov/splits/train.txt" "$gov/splits/test.txt")
headers=$(q "$bin" headers --policy "$dir/kafka-policy.yaml" --repo "$kafka")
# The floor: the files a checkout holds, searched for the header text by grep (no git, no parsing).
grepfloor="cd $(q "$kafka") && git ls-files -z -- '*.java' '*.scala' | xargs -0 grep -L 'Licensed to the Apache Software Foundation (ASF)'"
reuse=$(q reuse --root "$kafka" lint)

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gremlin: $("$bin" --version), $bin"
echo "kafka: $(git -C "$kafka" rev-parse --short HEAD), $(git -C "$kafka" ls-files -- '*.java' '*.scala' | wc -l) .java/.scala files"
cat "$dir/cohort.csv" "$dir/pair/"*.csv "$gov/splits/"*.txt > /dev/null  # warm the page cache

# Agreement before timing: the same C-index, the same number of shared IDs, the same files flagged.
read -r c_lifelines t_call < <(python3 bench/speed/cindex.py "$dir/cohort.csv" "$runs" | paste -sd' ')
c_gremlin=$(eval "$evaluate" | python3 -c 'import json, sys; print(repr(json.load(sys.stdin)["candidate"]["c_index"]["value"]))')
python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'C-index: gremlin {a!r}, lifelines {b!r}, |diff| {abs(a - b):.1e}'); sys.exit(abs(a - b) > 1e-12)" "$c_gremlin" "$c_lifelines"
eval "$leakage" > /dev/null || true
shared_python=$(eval "$pyset")
shared_gremlin=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print([c["measurements"].get("overlaps", {}).get("train/test") for c in r["checks"] if c["id"] == "leakage"][0])' "$dir/out-leakage/audit.json")
echo "shared IDs: python $shared_python, gremlin $shared_gremlin"
[ "$shared_python" = "$shared_gremlin" ] || { echo "the leakage audit disagrees: see $dir/out-leakage/audit.md" >&2; exit 1; }
echo "files without the header: grep $(bash -c "$grepfloor" | wc -l), gremlin exit $(eval "$headers" > "$dir/headers.txt" 2>&1; echo $?), $(wc -l < "$dir/headers.txt") lines of output"

hf() { # hf NAME JSON COMMAND...: hyperfine over name/command pairs
  local json="$1"; shift
  hyperfine -N -i --style basic --runs "$runs" --warmup 1 --export-json "$dir/$json" "$@" > "$dir/${json%.json}.log"
}
hf evaluate.json -n "gremlin evaluate n=1e6" "$evaluate" -n "lifelines process n=1e6" "$lifelines"
hf paired.json -n "gremlin paired bootstrap n=1e5 x1000" "$paired"
hyperfine --style basic --runs 1 --export-json "$dir/python-paired.json" \
  -n "python paired x2" "$(q python3 bench/evaluate_python.py "$dir/pair/candidate.csv" "$dir/pair/baseline.csv" 2)" \
  -n "python paired x12" "$(q python3 bench/evaluate_python.py "$dir/pair/candidate.csv" "$dir/pair/baseline.csv" 12)" \
  > "$dir/python-paired.log"
hf leakage.json -n "gremlin leakage 10M x 2M" "$leakage" -n "python set intersection" "$pyset"
hf headers.json -n "gremlin headers kafka" "$headers" -n "grep -L floor" "bash -c $(q "$grepfloor")"
if command -v reuse > /dev/null; then
  hyperfine -N -i --style basic --runs 1 --export-json "$dir/reuse.json" -n "reuse lint kafka" "$reuse" > "$dir/reuse.log"
fi

peak() { # peak COMMAND-LINE: peak RSS in MiB (bash -c execs the command, so it is the tool's own)
  /usr/bin/time -f %M -o "$dir/rss" bash -c "$1" > /dev/null 2>&1 || true
  echo $(( $(tail -1 "$dir/rss") / 1024 ))
}
{
  echo "evaluate $(peak "$evaluate") $(peak "$lifelines")"
  echo "paired $(peak "$paired") $(peak "$(q python3 bench/evaluate_python.py "$dir/pair/candidate.csv" "$dir/pair/baseline.csv" 12)")"
  echo "leakage $(peak "$leakage") $(peak "$pyset")"
  echo "headers $(peak "$headers") $(peak "$grepfloor")"
} > "$dir/peaks.txt"

python3 - "$dir" "$t_call" <<'PY'
import json, os, statistics, sys
d, t_call = sys.argv[1], float(sys.argv[2])
def med(name):
    for f in ("evaluate", "paired", "leakage", "headers", "python-paired", "reuse"):
        p = f"{d}/{f}.json"
        if os.path.exists(p):
            for r in json.load(open(p))["results"]:
                if r["command"] == name:
                    return statistics.median(r["times"])
    return None
peaks = {l.split()[0]: l.split()[1:] for l in open(f"{d}/peaks.txt")}
x2, x12 = med("python paired x2"), med("python paired x12")
py1000 = x2 + (x12 - x2) / 10 * 998
def fmt(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"
rows = [
    ("evaluate, n = 10^6, `--bootstrap 0`", med("gremlin evaluate n=1e6"), peaks["evaluate"][0],
     f"lifelines `concordance_index` alone {fmt(t_call)} (process {fmt(med('lifelines process n=1e6'))}, {peaks['evaluate'][1]} MiB)",
     t_call, "≥ 30× lifelines", lambda g: t_call / g >= 30),
    ("paired bootstrap, n = 10^5, 1000 replicates", med("gremlin paired bootstrap n=1e5 x1000"), peaks["paired"][0],
     f"lifelines + numpy loop ≈ {fmt(py1000)} (extrapolated from 2 and 12 replicates, {peaks['paired'][1]} MiB)",
     py1000, "< 10 s", lambda g: g < 10),
    ("`audit --only leakage`, 10 M × 2 M IDs, 200,000 shared", med("gremlin leakage 10M x 2M"), peaks["leakage"][0],
     f"Python set intersection {fmt(med('python set intersection'))} ({peaks['leakage'][1]} MiB)",
     med("python set intersection"), "< 0.5 s and < 1 GiB", lambda g: g < 0.5 and int(peaks["leakage"][0]) < 1024),
    ("`gremlin headers`, apache/kafka", med("gremlin headers kafka"), peaks["headers"][0],
     f"`grep -L` floor {fmt(med('grep -L floor'))}" + (f"; `reuse lint` {fmt(med('reuse lint kafka'))}" if med("reuse lint kafka") else ""),
     med("grep -L floor"), "≤ 2× grep", lambda g: g <= 2 * med("grep -L floor")),
]
print("| work | gremlin (median) | peak RSS | alternative (median) | alternative ÷ gremlin | target | met |")
print("| --- | ---: | ---: | --- | ---: | --- | --- |")
for name, g, rss, alt, alt_s, target, ok in rows:
    print(f"| {name} | {fmt(g)} | {rss} MiB | {alt} | {alt_s / g:.2f}× | {target} | {'yes' if ok(g) else '**no**'} |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw hyperfine JSON in $dir"
