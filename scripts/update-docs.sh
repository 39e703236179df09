#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Regenerates what is generated from the check descriptors: policies/policy.schema.json and the
# README's policy reference (between the POLICY-REFERENCE markers) and input-format reference (between
# the FORMAT-REFERENCE markers). Tests fail when they drift.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${GREMLIN_BIN:-.build/debug/gremlin}"
"$bin" checks --schema > policies/policy.schema.json
python3 - "$bin" <<'PY'
import subprocess, sys
reference = subprocess.run([sys.argv[1], "checks", "--markdown"], check=True, capture_output=True, text=True).stdout
text = open("README.md", encoding="utf-8").read()
begin, end = "<!-- POLICY-REFERENCE -->", "<!-- /POLICY-REFERENCE -->"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1] if end in rest else rest
text = head + begin + "\n" + reference + end + tail
formats = subprocess.run([sys.argv[1], "checks", "--formats"], check=True, capture_output=True, text=True).stdout
begin, end = "<!-- FORMAT-REFERENCE -->", "<!-- /FORMAT-REFERENCE -->"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1] if end in rest else rest
open("README.md", "w", encoding="utf-8").write(head + begin + "\n" + formats + end + tail)
PY
