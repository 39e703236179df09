#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Runs bench/headers.sh on the default set: swift-protobuf, swift-nio, swift-syntax and
# swift-crypto, cloned from the local package mirror into BENCH_REPOS when missing.
set -euo pipefail

mirror=${MIRROR:-/opt/swift-packages/apple}
repos=${BENCH_REPOS:-/tmp/gremlin-bench/repos}
mkdir -p "$repos"
paths=()
for name in swift-protobuf swift-nio swift-syntax swift-crypto; do
    if [ ! -d "$repos/$name/.git" ]; then
        git clone -q "$mirror/$name.git" "$repos/$name"
    fi
    paths+=("$repos/$name")
done
exec "$(dirname "$0")/headers.sh" "${paths[@]}"
