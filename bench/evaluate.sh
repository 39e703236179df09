#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Wall time of `gremlin evaluate CANDIDATE --baseline BASELINE` (1000 paired bootstrap replicates)
# against the same job written in Python (bench/evaluate_python.py: lifelines concordance_index and
# CoxPHFitter, a 1000-replicate paired bootstrap of the C-index difference in numpy), on
#   example  the bundled GBSG2 example (examples/cl_unimodal_v2/models/cl_unimodal_v2/eval, n = 275)
#   flchain  scikit-survival's flchain (n = 7874): candidate = FLC sum (kappa + lambda), baseline = age
#            (Tests/GremlinKitTests/Fixtures/stats/flchain.csv, written by Tests/reference/make_stats_refs.py)
# gremlin computes more than the Python does (four metrics, each with a paired bootstrap, and
# the Cox fits inside every replicate); the ratio is still the honest "what you replace" figure.
#
#   bench/evaluate.sh [--runs N] [--replicates R]      needs: python3 with lifelines, numpy, pandas
#   GREMLIN_BIN=path/to/gremlin bench/evaluate.sh      (default .build/release/gremlin, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
replicates=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --replicates) replicates="$2"; shift 2 ;;
    *) echo "usage: bench/evaluate.sh [--runs N] [--replicates R]" >&2; exit 2 ;;
  esac
done
bin="${GREMLIN_BIN:-.build/release/gremlin}"
if [ ! -x "$bin" ]; then
  swift build -c release --product gremlin >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/example" "$work/flchain"
cp examples/cl_unimodal_v2/models/cl_unimodal_v2/eval/candidate.csv examples/cl_unimodal_v2/models/cl_unimodal_v2/eval/production.csv "$work/example/"
python3 - "$work/flchain" <<'PY'
import csv, sys
from pathlib import Path
out = Path(sys.argv[1])
rows = list(csv.DictReader(open("Tests/GremlinKitTests/Fixtures/stats/flchain.csv")))
for name, column in [("candidate", "score"), ("production", "score2")]:
    with open(out / f"{name}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["patient_id", "time", "event", "score"])
        for i, r in enumerate(rows):
            w.writerow([f"F{i + 1:05d}", r["time"], r["event"], r[column]])
PY

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %6s %6s  %12s  %12s  %14s  %8s\n' dataset n events "gremlin (s)" "python (s)" "python calc (s)" ratio
for dataset in example flchain; do
  dir="$work/$dataset"
  times=()
  for _ in $(seq "$runs"); do
    start=$(now)
    "$bin" evaluate "$dir/candidate.csv" --baseline "$dir/production.csv" --bootstrap "$replicates" --json > "$dir/gremlin.json"
    times+=("$(echo "$(now) - $start" | bc -l)")
  done
  gremlin=$(printf '%s\n' "${times[@]}" | median)
  start=$(now)
  python3 bench/evaluate_python.py "$dir/candidate.csv" "$dir/production.csv" "$replicates" > "$dir/python.txt"
  python=$(echo "$(now) - $start" | bc -l)
  calc=$(tail -1 "$dir/python.txt")
  n=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['n'], d['events'])" "$dir/gremlin.json")
  printf '%-8s %6s %6s  %12.3f  %12.3f  %14.3f  %7.1fx\n' "$dataset" ${n} "$gremlin" "$python" "$calc" "$(echo "$python / $gremlin" | bc -l)"
  echo "  python:  $(head -1 "$dir/python.txt")" >&2
  echo "  gremlin: $(python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
c=d['candidate']['c_index']; b=d['baseline']['c_index']; x=d['delta']['c_index']
h=d['candidate']['hazard_ratio_per_sd']['value']; g=d['baseline']['hazard_ratio_per_sd']['value']
print(f\"c_index {c['value']:.4f} vs {b['value']:.4f} delta {x['value']:+.4f} [{x['ci'][0]:+.4f}, {x['ci'][1]:+.4f}] hr_per_sd {h:.3f} vs {g:.3f}\")
" "$dir/gremlin.json")" >&2
done
echo "threads: $(nproc) cores; gremlin: median of $runs runs; python: one run; ratio = python wall / gremlin wall" >&2
