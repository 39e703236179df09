#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""What `gremlin evaluate CANDIDATE --baseline BASELINE` replaces, written the usual way in Python.

Joins the two prediction files on patient_id, then: lifelines concordance_index for both models,
lifelines CoxPHFitter (Efron) on the score standardised per SD for both, and a paired bootstrap
of the C-index difference (numpy resampling, the same indices for both models, percentile CI).
Prints the numbers and, on the last line, the seconds spent after the imports.

    python3 bench/evaluate_python.py candidate.csv production.csv [replicates] [seed]
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter
from lifelines.utils import concordance_index


def hazard_ratio_per_sd(t: np.ndarray, e: np.ndarray, score: np.ndarray) -> float:
    frame = pd.DataFrame({"t": t, "e": e, "x": (score - score.mean()) / score.std(ddof=1)})
    return float(CoxPHFitter().fit(frame, "t", "e").summary.loc["x", "exp(coef)"])


def main() -> None:
    replicates = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20241201
    start = time.perf_counter()
    candidate = pd.read_csv(sys.argv[1], dtype={"patient_id": str})
    baseline = pd.read_csv(sys.argv[2], dtype={"patient_id": str})
    joined = candidate.merge(baseline[["patient_id", "score"]], on="patient_id", suffixes=("", "_base"), validate="1:1")
    t = joined["time"].to_numpy(float)
    e = joined["event"].to_numpy(int)
    s1 = joined["score"].to_numpy(float)
    s2 = joined["score_base"].to_numpy(float)
    c1 = concordance_index(t, -s1, e)
    c2 = concordance_index(t, -s2, e)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hr1 = hazard_ratio_per_sd(t, e, s1)
        hr2 = hazard_ratio_per_sd(t, e, s2)
    rng = np.random.default_rng(seed)
    n = len(t)
    diffs = np.empty(replicates)
    for r in range(replicates):
        idx = rng.integers(0, n, n)
        diffs[r] = concordance_index(t[idx], -s1[idx], e[idx]) - concordance_index(t[idx], -s2[idx], e[idx])
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    elapsed = time.perf_counter() - start
    print(f"n={n} events={int(e.sum())} c_index {c1:.4f} vs {c2:.4f} delta {c1 - c2:+.4f} [{lo:+.4f}, {hi:+.4f}] "
          f"hr_per_sd {hr1:.3f} vs {hr2:.3f}")
    print(f"{elapsed:.3f}")


if __name__ == "__main__":
    main()
