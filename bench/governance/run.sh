#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The governance benchmarks, side by side with their reference:
#   leakage  10 M train IDs against 2 M test IDs (one ID a line, and CSV), vs Python set intersection
#   pii      a 1 GiB JSON-lines notes file through every detector and the contract's `mrn` pattern
# Usage: bench/governance/run.sh [DIR]   (DIR defaults to /tmp/gremlin-bench-governance; inputs are reused)
# Needs a release build: swift build -c release --product gremlin
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${GREMLIN_BIN:-.build/release/gremlin}"
dir="${1:-/tmp/gremlin-bench-governance}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
[ -x "$bin" ] || { echo "build first: swift build -c release --product gremlin" >&2; exit 2; }
[ -f "$dir/samples/notes.jsonl" ] || python3 bench/governance/gen.py "$dir"

# A one-commit repository to audit, and a manifest beside the data.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
if [ ! -d "$dir/repo/.git" ]; then
  git -c init.defaultBranch=main init -q "$dir/repo"
  echo "bench" > "$dir/repo/README.md"
  git -C "$dir/repo" add README.md
  GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com \
    git -C "$dir/repo" commit -q -m "chore: bench"
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

measure() { # measure LABEL COMMAND...: wall seconds and peak RSS
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KiB peak" "$@" > "$dir/last.out" 2> "$dir/last.err" || true
  tail -1 "$dir/last.err"
}
audit() { # audit CHECK EXT: the command line that audits one check
  echo "$bin" audit --repo "$dir/repo" --manifest "$dir/release-$2.yaml" --policy "$dir/policy.yaml" --only "$1" \
    --out "$dir/out-$1-$2" --quiet
}

echo "inputs: $(wc -l < "$dir/splits/train.txt") train IDs, $(wc -l < "$dir/splits/test.txt") test IDs, notes $(( $(stat -c %s "$dir/samples/notes.jsonl") >> 20 )) MiB"
cat "$dir/splits/"*.txt > /dev/null; cat "$dir/samples/notes.jsonl" > /dev/null  # warm the page cache
measure "python set intersection (txt)" python3 bench/governance/baseline.py "$dir/splits/train.txt" "$dir/splits/test.txt"
echo "  python says $(cat "$dir/last.out") shared IDs"
measure "gremlin leakage (txt)" $(audit leakage txt)
overlaps() { python3 -c 'import json, sys
report = json.load(open(sys.argv[1]))
print([c["measurements"].get("overlaps") for c in report["checks"] if c["id"] == "leakage"][0])' "$1"; }
echo "  gremlin says $(overlaps "$dir/out-leakage-txt/audit.json")"
measure "gremlin leakage (csv)" $(audit leakage csv)
measure "gremlin pii (1 GiB jsonl)" $(audit pii txt)
