#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Gremlin gates itself: headers and commit hygiene over the commits from the one that
# introduced policies/self.yaml onward.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  git fetch --quiet --unshallow || { echo "self-audit: cannot unshallow this clone" >&2; exit 2; }
fi
first=$(git log --diff-filter=A --format=%H -- policies/self.yaml | tail -n 1)
if [ -z "$first" ]; then
  echo "self-audit: policies/self.yaml is not committed yet" >&2
  exit 2
fi
base_args=()
if git rev-parse --verify --quiet "$first^" >/dev/null; then
  base_args=(--base "$first^")
fi
exec .build/debug/gremlin audit --policy policies/self.yaml --only ip,commits "${base_args[@]}" --out out/self
