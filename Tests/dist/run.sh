#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The release bundle's tests, run by `make test`: build dist/ once, then install.sh against a
# loopback HTTP server, then the bundle inside a minimal Debian root (as root only).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
started=$(date +%s)
export GREMLIN_DIST_ALLOW_DIRTY="${GREMLIN_DIST_ALLOW_DIRTY:-1}"
tarball="$(scripts/dist.sh)"
built=$(date +%s)
echo "[dist] $tarball: $(du -k "$tarball" | cut -f1) KiB, built in $((built - started)) s" >&2
bash Tests/dist/install_test.sh "$root/$tarball"
bash Tests/dist/chroot_test.sh "$root/$tarball"
echo "[dist] bundle tests took $(($(date +%s) - started)) s" >&2
