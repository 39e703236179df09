#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# scripts/install.sh against a local HTTP server (loopback only) serving dist/: a good install,
# a wrong checksum (refused, nothing installed), an unreachable URL and a missing version.
# Usage: install_test.sh DIST_TARBALL
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tarball="$1"
name="$(basename "$tarball" .tar.gz)"
version="$(echo "$name" | sed 's/^gremlin-\(.*\)-linux-[^-]*$/\1/')"
work="$(mktemp -d)"
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/good" "$work/bad"
cp "$tarball" "$tarball.sha256" "$work/good/"
cp "$tarball" "$work/bad/"
echo "0000000000000000000000000000000000000000000000000000000000000000  $name.tar.gz" >"$work/bad/$name.tar.gz.sha256"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/good/$name.tar.gz.sha256" >/dev/null 2>&1 && break
  sleep 0.1
done

fail=0
check() { # check DESCRIPTION EXPECTED_STATUS PREFIX env…
  local description="$1" expected="$2" prefix="$3"
  shift 3
  set +e
  env -i PATH="$PATH" HOME="$work" GREMLIN_VERSION="$version" GREMLIN_PREFIX="$prefix" "$@" \
    sh "$root/scripts/install.sh" >"$work/out" 2>&1
  local status=$?
  set -e
  if [ "$status" -ne "$expected" ]; then
    echo "FAIL: install.sh $description exited $status, expected $expected" >&2
    sed 's/^/    /' "$work/out" >&2
    fail=1
  else
    echo "[install] $description: exit $status — $(tail -1 "$work/out")" >&2
  fi
}

started=$(date +%s%N)
check "from the local server" 0 "$work/p1" GREMLIN_BASE_URL="http://127.0.0.1:$port/good"
elapsed=$((($(date +%s%N) - started) / 1000000))
if [ -x "$work/p1/bin/gremlin" ] && "$work/p1/bin/gremlin" --version | grep -q "^$version (commit "; then
  echo "[install] installed and ran in $elapsed ms" >&2
else
  echo "FAIL: no working gremlin under the prefix" >&2
  fail=1
fi
check "with a pinned GREMLIN_SHA256" 0 "$work/p2" GREMLIN_BASE_URL="http://127.0.0.1:$port/bad" \
  GREMLIN_SHA256="$(cut -d' ' -f1 "$tarball.sha256")"
check "with a wrong checksum" 2 "$work/p3" GREMLIN_BASE_URL="http://127.0.0.1:$port/bad"
grep -q "checksum mismatch" "$work/out" || { echo "FAIL: the mismatch is not named" >&2; fail=1; }
[ ! -e "$work/p3/bin/gremlin" ] || { echo "FAIL: a bundle with a wrong checksum was installed" >&2; fail=1; }
check "from an unreachable URL" 2 "$work/p4" GREMLIN_BASE_URL="http://127.0.0.1:1/nothing"
grep -q "cannot download" "$work/out" || { echo "FAIL: the download failure is not named" >&2; fail=1; }
check "without GREMLIN_VERSION" 2 "$work/p5" GREMLIN_VERSION=
check "from a local file" 0 "$work/p6" GREMLIN_BUNDLE_FILE="$tarball"
[ "$fail" -eq 0 ] && echo "install test: passed" >&2
exit "$fail"
