#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The governance benchmarks, side by side with their reference:
#   leakage  10 M train IDs against 2 M test IDs (one ID a line, and CSV), vs Python set intersection
#   pii      a 1 GiB JSON-lines notes file through every detector and the contract's `mrn` pattern
# Usage: bench/governance/run.sh [DIR]   (DIR defaults to /tmp/gremlin-bench-governance; inputs are reused)
# Needs a release build (swift build -c release --product gremlin), hyperfine and GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${GREMLIN_BIN:-.build/release/gremlin}"
dir="${1:-/tmp/gremlin-bench-governance}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
[ -x "$bin" ] || { echo "build first: swift build -c release --product gremlin" >&2; exit 2; }
[ -f "$dir/samples/notes.jsonl" ] || python3 bench/governance/gen.py "$dir"

# DIR itself is the audited repository (one commit; the data stay untracked): a manifest and the
# files it names must lie inside the repository.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
if [ ! -d "$dir/.git" ]; then
  git -c init.defaultBranch=main init -q "$dir"
  echo "bench" > "$dir/README.md"
  git -C "$dir" add README.md
  GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com \
    git -C "$dir" commit -q -m "chore: bench"
fi
cat > "$dir/lineage.yaml" <<'YAML'
apiVersion: gremlin/v1
kind: Lineage
nodes:
  - {id: notes, kind: dataset, stage: raw, pii: {status: none}}
  - {id: train, kind: run, inputs: [notes]}
  - {id: model, kind: artifact, produced_by: train, artifact: weights}
YAML
manifest() { # manifest EXT
  cat > "$dir/release-$1.yaml" <<YAML
apiVersion: gremlin/v1
kind: ModelRelease
model: {name: bench, version: 1.0.0}
artifacts:
  - {name: weights, uri: s3://bench/model.pt}
lineage: lineage.yaml
splits: {train: splits/train.$1, test: splits/test.$1, id_column: patient_id}
pii_scan: [samples/notes.jsonl]
YAML
}
manifest txt
manifest csv
cat > "$dir/policy.yaml" <<'YAML'
apiVersion: gremlin/v1
kind: Policy
checks:
  leakage: {normalize: trim, splits: [train, test]}
  pii:
    trusted_certifiers: [text_anchor_date_redaction]
    patterns: {mrn: '\bMRN[:# ]?[0-9]{6,10}\b'}
YAML

audit() { # audit CHECK EXT: the command line that audits one check
  printf '%q ' "$bin" audit --repo "$dir" --manifest "$dir/release-$2.yaml" --policy "$dir/policy.yaml" \
    --only "$1" --out "$dir/out-$1-$2" --quiet
}
peak() { # peak COMMAND: peak RSS in MiB of one run
  /usr/bin/time -f %M -o "$dir/rss" "$@" > /dev/null 2>&1 || true
  echo "$(( $(tail -1 "$dir/rss") / 1024 )) MiB"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "inputs: $(wc -l < "$dir/splits/train.txt") train IDs, $(wc -l < "$dir/splits/test.txt") test IDs, notes $(( $(stat -c %s "$dir/samples/notes.jsonl") >> 20 )) MiB"
cat "$dir/splits/"*.txt "$dir/splits/"*.csv > /dev/null; cat "$dir/samples/notes.jsonl" > /dev/null  # warm the page cache
baseline=(python3 bench/governance/baseline.py "$dir/splits/train.txt" "$dir/splits/test.txt")
echo "python says $("${baseline[@]}") shared IDs"
eval "$(audit leakage txt)" > /dev/null || true
echo "gremlin says $(python3 -c 'import json, sys
report = json.load(open(sys.argv[1]))
print([c["measurements"].get("overlaps") for c in report["checks"] if c["id"] == "leakage"][0])' "$dir/out-leakage-txt/audit.json")"

# -i: a leaking split blocks the audit (exit 1); that is the expected result here.
hyperfine -N -i --style basic --runs "${RUNS:-5}" --warmup 1 --export-json "$dir/leakage.json" \
  --command-name "python set intersection (txt)" "$(printf '%q ' "${baseline[@]}")" \
  --command-name "gremlin leakage (txt)" "$(audit leakage txt)" \
  --command-name "gremlin leakage (csv)" "$(audit leakage csv)"
hyperfine -N -i --style basic --runs "${PII_RUNS:-3}" --export-json "$dir/pii.json" \
  --command-name "gremlin pii (1 GiB jsonl)" "$(audit pii txt)"
# bash -c execs the (quoted) command line, so the peak is gremlin's own.
echo "peak RSS: python $(peak "${baseline[@]}"), leakage txt $(peak bash -c "$(audit leakage txt)")," \
  "csv $(peak bash -c "$(audit leakage csv)"), pii $(peak bash -c "$(audit pii txt)")"
python3 - "$dir" "$(stat -c %s "$dir/samples/notes.jsonl")" <<'PY'
import json, statistics, sys
dir, size = sys.argv[1], int(sys.argv[2])
results = json.load(open(f"{dir}/leakage.json"))["results"] + json.load(open(f"{dir}/pii.json"))["results"]
by = {r["command"]: r for r in results}
print("| command | mean wall | min | CPU (user + sys) |")
print("| --- | ---: | ---: | ---: |")
for r in results:
    print(f"| {r['command']} | {r['mean']:.2f} s | {r['min']:.2f} s | {r['user'] + r['system']:.2f} s |")
python = by["python set intersection (txt)"]["mean"]
print(f"python ÷ gremlin (txt): {python / by['gremlin leakage (txt)']['mean']:.1f}×, (csv): {python / by['gremlin leakage (csv)']['mean']:.1f}×")
pii = by["gremlin pii (1 GiB jsonl)"]
print(f"pii: {size / 1e6 / pii['mean']:.0f} MB/s wall, {size / 1e6 / (pii['user'] + pii['system']):.0f} MB/s per core of CPU time")
PY
