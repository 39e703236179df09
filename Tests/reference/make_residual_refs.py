#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Martingale residuals and per-group observed/expected events, from lifelines.

Reads the committed statistics fixtures (time,event,score,score2) as they are, fits
lifelines' CoxPHFitter (Efron ties, Breslow baseline) on `score`, and writes
Tests/GremlinKitTests/Fixtures/stats/residuals.json:

  residuals  CoxPHFitter().compute_residuals(df, "martingale"), in row order
  groups     level = "high" when score2 > median(score2) (numpy median) else "low":
             n, O = events, E = sum(O - residual), O/E, and the exact (Garwood) Poisson
             interval chi2.ppf(0.025, 2O)/2/E .. chi2.ppf(0.975, 2O+2)/2/E from scipy

Usage (from the repository root):
    pip install lifelines scipy
    python3 Tests/reference/make_residual_refs.py
"""

from __future__ import annotations

import json
from pathlib import Path

import lifelines
import numpy as np
import pandas as pd
import scipy
from lifelines import CoxPHFitter
from scipy.stats import chi2

STATS = Path(__file__).resolve().parents[1] / "GremlinKitTests" / "Fixtures" / "stats"
DATASETS = ["lung", "rossi", "gbsg2", "veterans", "whas500"]
FIT = {"precision": 1e-22, "r_precision": 0.0, "max_steps": 500}


def main() -> int:
    out: dict = {"versions": {"lifelines": lifelines.__version__, "scipy": scipy.__version__}, "datasets": {}}
    for name in DATASETS:
        raw = pd.read_csv(STATS / f"{name}.csv")
        df = pd.DataFrame({"t": raw["time"], "e": raw["event"].astype(int), "x": raw["score"]})
        cph = CoxPHFitter().fit(df, "t", "e", fit_options=FIT)
        residuals = cph.compute_residuals(df, "martingale")["martingale"].sort_index().to_numpy()
        median = float(np.median(raw["score2"]))
        levels = np.where(raw["score2"].to_numpy() > median, "high", "low")
        groups = {}
        for level in ["high", "low"]:
            mask = levels == level
            observed = int(df["e"][mask].sum())
            expected = float((df["e"][mask] - residuals[mask]).sum())
            lower = 0.0 if observed == 0 else float(chi2.ppf(0.025, 2 * observed) / 2 / expected)
            upper = float(chi2.ppf(0.975, 2 * observed + 2) / 2 / expected)
            groups[level] = {
                "n": int(mask.sum()),
                "observed": observed,
                "expected": expected,
                "ratio": observed / expected,
                "lower": lower,
                "upper": upper,
            }
        out["datasets"][name] = {
            "coef": float(cph.params_["x"]),
            "residuals": [float(r) for r in residuals],
            "groups": groups,
        }
    path = STATS / "residuals.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
