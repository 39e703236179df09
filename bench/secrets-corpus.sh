#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Recall and false alarms of `gremlin secrets` and `detect-secrets scan` on the same planted corpus:
# every rule's true-positive examples under planted/ and its false-positive examples (decoys:
# placeholders, low entropy, wrong shapes) under decoys/, one file each, written by the test
# suite's generator (the examples live in the rule table, built at run time so no secret-shaped
# literal is committed) and committed to a fresh repository.
#
#   bench/secrets-corpus.sh GREMLIN DIR   (DIR is replaced)
set -euo pipefail
gremlin=$1
dir=$2
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
(cd "$root" && swift build --build-tests >&2 \
    && GREMLIN_BENCH_CORPUS="$dir/repo" swift test --skip-build --filter writePlantedCorpus > "$dir/generator.log" 2>&1) \
    || { cat "$dir/generator.log" >&2; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git -c init.defaultBranch=main init -q "$dir/repo"
git -C "$dir/repo" add .
GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com \
    git -C "$dir/repo" commit -q -m "test: planted corpus"

printf '%s\n' "apiVersion: gremlin/v1" "kind: Policy" "name: bench" "checks:" \
    "  security: {scan_history: false, baseline: .gremlin/none.json}" > "$dir/policy.yaml"
"$gremlin" secrets --policy "$dir/policy.yaml" --repo "$dir/repo" > "$dir/gremlin.txt" || [ $? -eq 1 ]
(cd "$dir/repo" && detect-secrets scan . > "$dir/detect-secrets.json")

python3 - "$dir" <<'PY'
import collections, json, os, sys
dir = sys.argv[1]
def rule_of(name):  # planted/github-pat-0.txt -> github-pat
    return os.path.basename(name).rsplit("-", 1)[0]
files = {folder: sorted(os.listdir(f"{dir}/repo/{folder}")) for folder in ("planted", "decoys")}
gremlin = collections.defaultdict(set)   # path -> rule ids reported
for line in open(f"{dir}/gremlin.txt").read().splitlines()[:-1]:
    path, rest = line.split(":", 1)
    gremlin[path].add(rest.split(": ", 1)[1].split(" ", 1)[0])
detect = collections.defaultdict(set)    # path -> detect-secrets plugin types
for path, found in json.load(open(f"{dir}/detect-secrets.json"))["results"].items():
    detect[path.removeprefix("./")] |= {item["type"] for item in found}

rules = sorted({rule_of(name) for name in files["planted"]})
print("| rule | planted | gremlin found | detect-secrets found (as) | decoys | gremlin alarms | detect-secrets alarms |")
print("| --- | ---: | ---: | --- | ---: | ---: | ---: |")
total = collections.Counter()
for rule in rules:
    planted = [f"planted/{n}" for n in files["planted"] if rule_of(n) == rule]
    decoys = [f"decoys/{n}" for n in files["decoys"] if rule_of(n) == rule]
    g = sum(rule in gremlin[p] for p in planted)
    d = sum(bool(detect[p]) for p in planted)
    kinds = sorted(set().union(*(detect[p] for p in planted)))
    ga = sum(bool(gremlin[p]) for p in decoys)
    da = sum(bool(detect[p]) for p in decoys)
    total.update(planted=len(planted), g=g, d=d, decoys=len(decoys), ga=ga, da=da)
    print(f"| {rule} | {len(planted)} | {g} | {d} ({', '.join(kinds) or '—'}) | {len(decoys)} | {ga} | {da} |")
print(f"| **all** | {total['planted']} | **{total['g']}** | **{total['d']}** | {total['decoys']} | **{total['ga']}** | **{total['da']}** |")
print(f"recall: gremlin {total['g']}/{total['planted']}, detect-secrets {total['d']}/{total['planted']}; "
      f"false alarms on decoys: gremlin {total['ga']}/{total['decoys']}, detect-secrets {total['da']}/{total['decoys']}")
PY
