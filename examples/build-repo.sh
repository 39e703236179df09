#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Turns a bundled example folder into a real git repository with a fixed history, so the demo
# audits real commits, trailers and blobs:  build-repo.sh EXAMPLE DEST
#   EXAMPLE  cl_unimodal_v2 (READY) or blocked (the same model with problems planted)
# Same inputs give the same commit ids (fixed identities and dates).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
example="$1"
dest="$2"

rm -rf "$dest"
mkdir -p "$dest"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC LC_ALL=C
git -C "$dest" -c init.defaultBranch=main init -q

commit() { # commit NAME EMAIL DATE MESSAGE
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" \
  GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3" \
    git -C "$dest" commit -q --allow-empty -m "$4"
}

# 1. The training code, as the training run saw it.
cp -R "$here/cl_unimodal_v2/src" "$here/cl_unimodal_v2/scripts" "$here/cl_unimodal_v2/third_party" \
      "$here/cl_unimodal_v2/README.md" "$dest/"
mkdir -p "$dest/policies"
cp "$root/policies/production.yaml" "$root/policies/release.yaml" "$dest/policies/"
git -C "$dest" add -A
commit "J. Smith" "j.smith@tempus.com" "2024-11-01T09:00:00Z" \
  "feat(model): training code for cl_unimodal_v2

Signed-off-by: J. Smith <j.smith@tempus.com>"
training_commit="$(git -C "$dest" rev-parse --short=7 HEAD)"

# 2. The release evidence: manifest, predictions, splits, lineage (naming commit 1), weights.
cp -R "$here/cl_unimodal_v2/models" "$dest/"
if [ "$example" != "cl_unimodal_v2" ]; then
  # The blocked variant overlays its planted problems on the same model.
  cp -R "$here/$example/." "$dest/"
  rm -f "$dest/README.blocked.md"
fi
find "$dest/models" -name '*.yaml' -exec sed -i "s/{{TRAINING_COMMIT}}/$training_commit/g" {} +
git -C "$dest" add -A
commit "M. Chen" "m.chen@tempus.com" "2024-12-01T10:00:00Z" \
  "feat(eval): release evidence for cl_unimodal_v2 1.0.0

Signed-off-by: M. Chen <m.chen@tempus.com>"

# 3. The MLOps lead's approval, as a commit trailer.
commit "K. Patel" "k.patel@tempus.com" "2024-12-02T15:30:00Z" \
  "chore(release): approve cl_unimodal_v2 1.0.0 for production

Approved-by: K. Patel <k.patel@tempus.com> (mlops_lead)
Signed-off-by: K. Patel <k.patel@tempus.com>"
echo "$dest"
