#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The release bundle as a user's machine sees it: takes the tarball scripts/dist.sh built, makes a minimal
# Debian root (debootstrap --variant=minbase, cached under .build/debootstrap/), installs into it
# only the runtime packages the bundle's README names, unpacks the bundle there and, with no Swift
# toolchain in sight, runs `gremlin --version` and full audits of the bundled example (READY, exit
# 0) and of the blocked example (exit 1). Needs root; skips loudly where debootstrap cannot run.
# Usage: chroot_test.sh DIST_TARBALL
set -euo pipefail
tarball="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
suite="${GREMLIN_CHROOT_SUITE:-bookworm}"

skip() {
  echo "" >&2
  echo "#### SKIPPED: release-bundle chroot test — $1" >&2
  echo "" >&2
  exit 0
}
[ "$(uname -s)" = Linux ] || skip "needs Linux"
[ "$(id -u)" -eq 0 ] || skip "needs root for debootstrap, chroot and mounting /proc (run make test as root)"
if ! command -v debootstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
    || skip "debootstrap is not installed and cannot be (apt-get install debootstrap)"
fi
started=$(date +%s)
[ -f "$tarball" ] && [ -f "$tarball.sha256" ] || { echo "FAIL: no bundle at $tarball" >&2; exit 1; }

# 1. The bundle.
name="$(basename "$tarball" .tar.gz)"
version="$(echo "$name" | sed 's/^gremlin-\(.*\)-linux-[^-]*$/\1/')"
runtime="$(tar -xzOf "$tarball" "$name/RUNTIME-PACKAGES")"
echo "[chroot] bundle $(basename "$tarball"): $(du -k "$tarball" | cut -f1) KiB, runtime packages: $runtime" >&2

# 2. A minimal Debian root with only those packages, cached per package list.
mirror="$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | sed -n 's/^URIs: *//p; s/^deb \(http[^ ]*\) .*/\1/p' | grep -v security | head -1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
key="$(printf '%s %s' "$suite" "$runtime" | sha256sum | cut -c1-12)"
cache="$root/.build/debootstrap/$suite-minbase-$key"
if [ ! -f "$cache/.gremlin-ready" ]; then
  rm -rf "$cache"
  mkdir -p "$(dirname "$cache")"
  echo "[chroot] debootstrap --variant=minbase $suite from $mirror (first run; cached afterwards)" >&2
  debootstrap --variant=minbase "$suite" "$cache" "$mirror" >"$cache.log" 2>&1 \
    || { tail -20 "$cache.log" >&2; skip "debootstrap $suite failed (network or mirror?); see $cache.log"; }
  # shellcheck disable=SC2086
  chroot "$cache" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get install -y -qq --no-install-recommends $runtime" >>"$cache.log" 2>&1 \
    || { tail -20 "$cache.log" >&2; echo "FAIL: cannot install $runtime in the root" >&2; exit 1; }
  touch "$cache/.gremlin-ready"
fi
rooted=$(date +%s)
if chroot "$cache" /bin/sh -c 'command -v swift swiftc' >/dev/null 2>&1; then
  echo "FAIL: the root has a Swift toolchain" >&2
  exit 1
fi

# 3. Install the bundle with install.sh from a local file (the root has no curl), and put the two
#    example repositories into the root.
rm -rf "$cache/usr/local/lib/gremlin-"* "$cache/usr/local/bin/gremlin" "$cache/work" "$cache/tmp/dist"
mkdir -p "$cache/work" "$cache/tmp/dist"
cp "$tarball" "$tarball.sha256" scripts/install.sh "$cache/tmp/dist/"
examples/build-repo.sh cl_unimodal_v2 "$cache/work/ready" >/dev/null
examples/build-repo.sh blocked "$cache/work/blocked" >/dev/null
mountpoint -q "$cache/proc" || mount -t proc proc "$cache/proc"
trap 'umount "$cache/proc" 2>/dev/null || true' EXIT
inside() {
  chroot "$cache" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    SOURCE_DATE_EPOCH=1733155200 "$@"
}

fail=0
installing=$(date +%s%N)
inside env GREMLIN_VERSION="$version" GREMLIN_BUNDLE_FILE="/tmp/dist/$(basename "$tarball")" sh /tmp/dist/install.sh \
  || { echo "FAIL: install.sh in the root" >&2; exit 1; }
missing="$(inside /bin/sh -c 'ldd /usr/local/bin/gremlin' | grep 'not found' || true)"
[ -z "$missing" ] || { echo "FAIL: libraries missing in the root: $missing" >&2; fail=1; }
shown="$(inside gremlin --version)"
case "$shown" in
  "$version (commit "*")") echo "[chroot] gremlin --version: $shown" >&2 ;;
  *) echo "FAIL: gremlin --version printed '$shown', expected '$version (commit …)'" >&2; fail=1 ;;
esac
audit() { # audit NAME EXPECTED_EXIT
  set +e
  inside gremlin audit --repo "/work/$1" --manifest "/work/$1/models/cl_unimodal_v2/release.yaml" \
    --policy "/work/$1/policies/production.yaml" --out "/work/out-$1" >"$cache/work/$1.stdout" 2>"$cache/work/$1.stderr"
  local status=$?
  set -e
  if [ "$status" -ne "$2" ]; then
    echo "FAIL: audit of $1 exited $status, expected $2" >&2
    tail -5 "$cache/work/$1.stderr" >&2
    fail=1
  else
    echo "[chroot] audit of $1: $(head -1 "$cache/work/$1.stdout") (exit $status)" >&2
  fi
}
audit ready 0
ready=$(date +%s%N)
audit blocked 1
[ -f "$cache/work/out-ready/audit.json" ] || { echo "FAIL: no audit.json from the root" >&2; fail=1; }
finished=$(date +%s)
echo "[chroot] root $((rooted - started)) s; install.sh start to READY audit $(((ready - installing) / 1000000)) ms;" \
  "all audits $((finished - rooted)) s" >&2
[ "$fail" -eq 0 ] && echo "chroot test: passed" >&2
exit "$fail"
