#!/usr/bin/env bash
# SPDX-License-Identifier: LicenseRef-Tempus-Internal
# Copyright (c) 2024 Tempus Labs, Inc.
set -euo pipefail
python -m cl_unimodal.train --train models/cl_unimodal_v2/splits/train.csv \
  --validation models/cl_unimodal_v2/splits/validation.csv --out models/cl_unimodal_v2/artifacts/model.pt
