#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Installs a Gremlin release bundle and puts `gremlin` on the PATH:
#
#   curl -fsSL https://github.com/your-org/gremlin/releases/download/v0.1.0/install.sh | GREMLIN_VERSION=0.1.0 sh
#
# GREMLIN_VERSION     the release to install (required)
# GREMLIN_REPOSITORY  owner/name on GitHub (default your-org/gremlin)
# GREMLIN_BASE_URL    where the bundles are (default the repository's release download URL for v$GREMLIN_VERSION)
# GREMLIN_SHA256      the bundle's expected sha256; without it the published .sha256 file is used
# GREMLIN_BUNDLE_FILE install this local tarball instead of downloading (air-gapped machines)
# GREMLIN_PREFIX      install under PREFIX/lib/gremlin-VERSION with PREFIX/bin/gremlin (default /usr/local)
#
# The bundle is built on Debian 12 (bookworm); its runtime packages (RUNTIME-PACKAGES in the
# bundle) are installed with apt-get when missing. Elsewhere the script lists the libraries the
# binary cannot find and stops. Exit codes: 0 installed, 2 refused or failed (message says why).
set -eu

fail() {
  echo "install.sh: $*" >&2
  exit 2
}

version="${GREMLIN_VERSION:-}"
[ -n "$version" ] || fail "set GREMLIN_VERSION to the release to install (e.g. GREMLIN_VERSION=0.1.0)"
case "$version" in
  *[!A-Za-z0-9.+-]*) fail "GREMLIN_VERSION has characters a version does not have" ;;
esac
[ "$(uname -s)" = Linux ] || fail "bundles are built for Linux; elsewhere build from source (see the README)"
case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) fail "no bundle for $(uname -m); build from source (see the README)" ;;
esac
name="gremlin-$version-linux-$arch"
repository="${GREMLIN_REPOSITORY:-your-org/gremlin}"
base="${GREMLIN_BASE_URL:-https://github.com/$repository/releases/download/v$version}"
prefix="${GREMLIN_PREFIX:-/usr/local}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM

fetch() { # fetch URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --proto '=https,http' --connect-timeout 10 --max-time 300 --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --timeout=30 --tries=3 -O "$2" "$1"
  else
    fail "neither curl nor wget is installed; install one, or set GREMLIN_BUNDLE_FILE to a downloaded bundle"
  fi
}

if [ -n "${GREMLIN_BUNDLE_FILE:-}" ]; then
  [ -f "$GREMLIN_BUNDLE_FILE" ] || fail "GREMLIN_BUNDLE_FILE $GREMLIN_BUNDLE_FILE is not a file"
  cp "$GREMLIN_BUNDLE_FILE" "$work/$name.tar.gz"
  [ -n "${GREMLIN_SHA256:-}" ] || [ ! -f "$GREMLIN_BUNDLE_FILE.sha256" ] \
    || cp "$GREMLIN_BUNDLE_FILE.sha256" "$work/$name.tar.gz.sha256"
else
  echo "install.sh: downloading $base/$name.tar.gz" >&2
  fetch "$base/$name.tar.gz" "$work/$name.tar.gz" || fail "cannot download $base/$name.tar.gz (is $version released for linux-$arch? is the network up?)"
  if [ -z "${GREMLIN_SHA256:-}" ]; then
    fetch "$base/$name.tar.gz.sha256" "$work/$name.tar.gz.sha256" || fail "cannot download $base/$name.tar.gz.sha256"
  fi
fi

expected="${GREMLIN_SHA256:-}"
if [ -z "$expected" ]; then
  [ -f "$work/$name.tar.gz.sha256" ] || fail "no checksum: set GREMLIN_SHA256 or put $name.tar.gz.sha256 next to the bundle"
  expected="$(cut -d' ' -f1 "$work/$name.tar.gz.sha256")"
fi
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$name.tar.gz" | cut -d' ' -f1)"
else
  actual="$(shasum -a 256 "$work/$name.tar.gz" | cut -d' ' -f1)"
fi
[ "$actual" = "$expected" ] || fail "checksum mismatch for $name.tar.gz (expected $expected, got $actual): refusing to install"

mkdir -p "$work/unpacked"
tar -xzf "$work/$name.tar.gz" -C "$work/unpacked" || fail "cannot unpack $name.tar.gz"
[ -x "$work/unpacked/$name/bin/gremlin" ] || fail "$name.tar.gz has no $name/bin/gremlin"

# Runtime libraries: install the bundle's Debian packages when apt-get is here and they are missing.
packages="$(cat "$work/unpacked/$name/RUNTIME-PACKAGES" 2>/dev/null || true)"
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for package in $packages; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
  done
  if [ -n "$missing" ]; then
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    echo "install.sh: installing runtime packages:$missing" >&2
    # shellcheck disable=SC2086
    { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing; } >&2 \
      || fail "cannot install$missing; install them and run again"
  fi
fi
if command -v ldd >/dev/null 2>&1; then
  absent="$(ldd "$work/unpacked/$name/bin/gremlin" 2>/dev/null | awk '/not found/ { print $1 }' | tr '\n' ' ')"
  [ -z "$absent" ] || fail "the binary needs libraries this system lacks: $absent(the bundle targets Debian 12 with: $packages)"
fi

target="$prefix/lib/$name"
mkdir -p "$prefix/lib" "$prefix/bin" || fail "cannot create $prefix/lib and $prefix/bin (set GREMLIN_PREFIX, or run as root)"
rm -rf "$target.new"
mv "$work/unpacked/$name" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
ln -sfn "$target/bin/gremlin" "$prefix/bin/gremlin"
shown="$("$prefix/bin/gremlin" --version)" || fail "the installed gremlin does not run"
echo "install.sh: installed gremlin $shown at $prefix/bin/gremlin" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "install.sh: add $prefix/bin to PATH" >&2 ;;
esac
