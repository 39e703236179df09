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
# Each approver commits their own record: the gate counts a record only when the person it names
# wrote it. The evidence lands with every role still pending.
approvals="$dest/models/cl_unimodal_v2/approvals.yaml"
final_approvals="$(cat "$approvals")"
sed -i -e 's/\(role: model_owner.*\)date: [0-9-]*, status: approved/\1status: pending/' \
       -e 's/\(role: data_steward.*\)date: [0-9-]*, status: approved/\1status: pending/' "$approvals"
git -C "$dest" add -A
commit "J. Smith" "j.smith@tempus.com" "2024-11-30T16:00:00Z" \
  "feat(eval): release evidence for cl_unimodal_v2 1.0.0

Signed-off-by: J. Smith <j.smith@tempus.com>"

# 3. The sign-offs recorded in the approvals file, one commit per approver.
approve() { # approve ROLE NAME EMAIL DATE
  grep "role: $1" <<<"$final_approvals" >"$dest/.approval-line"
  awk -v role="role: $1" 'NR==FNR { line = $0; next } index($0, role) { print line; next } { print }' \
    "$dest/.approval-line" "$approvals" >"$approvals.tmp"
  mv "$approvals.tmp" "$approvals"
  rm -f "$dest/.approval-line"
  git -C "$dest" add -A
  commit "$2" "$3" "$4" "chore(release): $1 approval for cl_unimodal_v2 1.0.0

Signed-off-by: $2 <$3>"
}
approve model_owner "J. Smith" "j.smith@tempus.com" "2024-12-01T09:00:00Z"
approve data_steward "M. Chen" "m.chen@tempus.com" "2024-12-01T10:00:00Z"
cmp -s "$approvals" <(printf '%s\n' "$final_approvals") || { echo "build-repo.sh: approvals did not replay" >&2; exit 1; }

# 4. The MLOps lead approves the release on review; the model owner records it as a trailer
#    on the release commit (an approval never rides on the approver's own commit).
commit "J. Smith" "j.smith@tempus.com" "2024-12-02T15:30:00Z" \
  "chore(release): approve cl_unimodal_v2 1.0.0 for production

Approved-by: K. Patel <k.patel@tempus.com> (mlops_lead)
Signed-off-by: J. Smith <j.smith@tempus.com>"
echo "$dest"
