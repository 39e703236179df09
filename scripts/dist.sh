#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Builds the relocatable release bundle: dist/gremlin-<version>-linux-<arch>.tar.gz and its .sha256.
# The binary links the Swift runtime statically (--static-swift-stdlib); its only dynamic
# dependencies are C libraries of the target distribution, listed in the bundle's README.
#
#   scripts/dist.sh            build from a clean work tree (the committed sources)
#   GREMLIN_DIST_ALLOW_DIRTY=1 build anyway; the version then ends in -dirty
#
# The version comes from one place: the nearest tag vX.Y.Z (`git describe`), else the source
# version in Sources/GremlinKit/Core/Version.swift. The archive is byte-reproducible for a commit
# (SOURCE_DATE_EPOCH defaults to the commit time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
SWIFT="${SWIFT:-swift}"
if ! command -v "$SWIFT" >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then SWIFT=/opt/swift/usr/bin/swift; fi

source_version="$(sed -n 's/.*static let source = "\(.*\)".*/\1/p' Sources/GremlinKit/Core/Version.swift)"
[ -n "$source_version" ] || { echo "dist: no source version in Version.swift" >&2; exit 2; }
commit="$(git rev-parse HEAD)"
if described="$(git describe --tags --match 'v[0-9]*' 2>/dev/null)"; then
  version="${described#v}"
  tag_version="${version%%-*}"
  if [ "$tag_version" != "$source_version" ] && [[ "$version" != *-*-g* ]]; then
    echo "dist: tag v$tag_version does not match the source version $source_version (Version.swift)" >&2
    exit 2
  fi
else
  version="$source_version"
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  if [ "${GREMLIN_DIST_ALLOW_DIRTY:-0}" != 1 ]; then
    echo "dist: the work tree has uncommitted changes; commit them, or set GREMLIN_DIST_ALLOW_DIRTY=1" >&2
    exit 2
  fi
  version="$version-dirty"
fi
case "$(uname -m)" in
  x86_64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) arch="$(uname -m)" ;;
esac
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
name="gremlin-$version-linux-$arch"

# FoundationNetworking (the webhook) links libcurl: its development files are needed to link.
if ! dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcurl4-openssl-dev >/dev/null
  else
    echo "dist: install libcurl4-openssl-dev (sudo apt-get install libcurl4-openssl-dev)" >&2
    exit 2
  fi
fi

echo "dist: building gremlin $version ($commit) for linux-$arch" >&2
"$SWIFT" build -c release --static-swift-stdlib --product gremlin --scratch-path .build-dist \
  -Xcc "-DGREMLIN_VERSION=\"$version\"" -Xcc "-DGREMLIN_COMMIT=\"$commit\"" \
  -Xswiftc -gnone >&2
binary=".build-dist/release/gremlin"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
bundle="$stage/$name"
mkdir -p "$bundle/bin"
cp "$binary" "$bundle/bin/gremlin"
strip --strip-unneeded "$bundle/bin/gremlin"
cp LICENSE "$bundle/"
cp -R policies "$bundle/policies"
git ls-files -z ci-templates templates | (cd "$root" && xargs -0 tar -cf - ) | tar -xf - -C "$bundle"
cp scripts/install.sh "$bundle/install.sh" 2>/dev/null || true

# The Debian packages that hold the binary's dynamic libraries (libc's family excluded).
needed="$(objdump -p "$bundle/bin/gremlin" | awk '/NEEDED/ { print $2 }' | sort)"
packages=()
for library in $needed; do
  # awk reads every line (no early exit): with pipefail, a reader that stops early makes the
  # writer die of SIGPIPE and the pipeline fail (seen: exit 141 when ldconfig's list is long).
  path="$(ldconfig -p | awk -v lib="$library" '$1 == lib && !found { print $NF; found = 1 }')"
  [ -n "$path" ] || { echo "dist: $library is not installed here" >&2; exit 2; }
  package="$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | awk -F: 'NR == 1 { print $1 }' || true)"
  [ -n "$package" ] || package="$(dpkg -S "$path" 2>/dev/null | awk -F: 'NR == 1 { print $1 }' || true)"
  packages+=("${package:-unknown}")
done
runtime="$(printf '%s\n' "${packages[@]}" | sort -u | grep -Ev '^(libc6|libgcc-s1|libstdc\+\+6|unknown)$' | paste -sd' ' -)"
printf '%s\n' "$runtime" >"$bundle/RUNTIME-PACKAGES"
{
  echo "# gremlin $version (linux-$arch)"
  echo
  echo "The model release gate, as a relocatable bundle built from commit $commit."
  echo "The Swift runtime is linked in; no Swift toolchain is needed."
  echo
  echo "## Runtime dependencies"
  echo
  echo "Debian 12 (bookworm) packages: \`$runtime\` (plus libc6, libgcc-s1 and libstdc++6,"
  echo "present on every Debian system). \`install.sh\` installs them when missing:"
  echo
  echo '    apt-get install -y '"$runtime"
  echo
  echo "The binary's dynamic libraries (\`objdump -p bin/gremlin | grep NEEDED\`):"
  echo
  for library in $needed; do echo "- $library"; done
  echo
  echo "## Contents"
  echo
  echo "- \`bin/gremlin\` — the gate (\`gremlin --version\` prints $version and the commit)"
  echo "- \`policies/\` — the shipped policies (pre-merge, production, release, self)"
  echo "- \`ci-templates/\`, \`templates/\` — GitHub, GitLab (CI/CD component), Azure, Jenkins and pre-commit templates"
  echo "- \`LICENSE\` — Apache License 2.0"
} >"$bundle/README.md"

mkdir -p dist
find "$bundle" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --mode='go-w' \
  -C "$stage" -cf - "$name" | gzip -9n >"dist/$name.tar.gz"
(cd dist && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "dist/$name.tar.gz"
