#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The README's first command runs this (after installing and building): it builds the two
# bundled example repositories and audits each with policies/production.yaml.
#   out/cl_unimodal_v2/  the READY example's artifacts (exit 0 expected)
#   out/blocked/         the BLOCKED example's artifacts (exit 1 expected)
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${GREMLIN_BIN:-.build/debug/gremlin}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1733151600}"

audit() { # audit EXAMPLE EXPECTED_EXIT
  local name="$1" expected="$2" repo="out/repos/$1"
  ./examples/build-repo.sh "$name" "$repo" >/dev/null || return 2
  echo
  echo "=== gremlin audit: example '$name' ==="
  "$bin" audit --repo "$repo" --manifest "$repo/models/cl_unimodal_v2/release.yaml" \
    --policy "$repo/policies/production.yaml" --out "out/$name"
  local status=$?
  echo "exit code $status (expected $expected); reports in out/$name/: audit.md junit.xml audit.json gremlin.sarif"
  [ "$status" -eq "$expected" ]
}

ok=0
audit cl_unimodal_v2 0 || ok=1
audit blocked 1 || ok=1
if [ "$ok" -eq 0 ]; then
  echo
  echo "Demo complete: the ready example passed the gate, the blocked one was stopped. Read out/cl_unimodal_v2/audit.md."
fi
exit "$ok"
