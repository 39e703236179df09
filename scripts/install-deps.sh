#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Installs what Gremlin needs and is missing: libgit2-dev and libxml2-dev from Debian (as root),
# and the Python tools the test suite validates artifacts with. Does nothing when all is present.
set -euo pipefail

missing=()
pkg-config --exists libgit2 2>/dev/null || missing+=(libgit2-dev)
pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || missing+=(libcurl4-openssl-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[deps] installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "[deps] need root to install ${missing[*]}: run as root or install them with sudo apt-get install" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "[deps] add /opt/swift/usr/bin to PATH" >&2
  else
    echo "[deps] Swift 6 is needed: https://www.swift.org/install/linux/" >&2
  fi
  exit 2
fi

py_missing=()
python3 -c "import jsonschema" 2>/dev/null || py_missing+=(jsonschema)
python3 -c "import yaml" 2>/dev/null || py_missing+=(pyyaml)
python3 -c "import xmlschema" 2>/dev/null || py_missing+=(xmlschema)
python3 -c "import cryptography" 2>/dev/null || py_missing+=(cryptography)
command -v check-jsonschema >/dev/null 2>&1 || py_missing+=(check-jsonschema)
if [ ${#py_missing[@]} -gt 0 ]; then
  echo "[deps] pip installing ${py_missing[*]}" >&2
  python3 -m pip install -q "${py_missing[@]}" >&2
fi

# `--test`: what only the test suite needs. The model-registry tests run a real `mlflow server`,
# from its own venv: installing mlflow into the system python would upgrade pandas, which the
# lifelines cross-checks rely on. The version is pinned so every run tests the same server.
# GREMLIN_MLFLOW_VENV names an existing venv instead.
[ "${1:-}" = "--test" ] || exit 0
mlflow_version=3.17.2
venv="${GREMLIN_MLFLOW_VENV:-$(cd "$(dirname "$0")/.." && pwd)/.build/mlflow-venv}"
if [ ! -x "$venv/bin/mlflow" ]; then
  echo "[deps] creating $venv with mlflow $mlflow_version (one to three minutes)" >&2
  if ! { python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q "mlflow==$mlflow_version" >&2; }; then
    rm -rf "$venv"
    echo "[deps] WARNING: could not install mlflow into $venv: the MLflow registry tests will be skipped" >&2
  fi
fi
