#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Build the bundled example's evaluation data from a real public cohort.

Dataset: GBSG2 (German Breast Cancer Study Group 2, 686 women with node-positive breast cancer;
endpoint recurrence-free survival in days), as shipped by lifelines (`load_gbsg2`).

  * patients are split 50/10/40 into train/validation/test with a fixed seed;
  * "production" (cl_unimodal_v1) is a Cox model on two classic covariates (tumour size,
    positive nodes) fitted on train;
  * "candidate" (cl_unimodal_v2) is a Cox model on all clinical covariates (age, menopausal
    status, size, grade, log nodes, log receptors, hormone therapy); its ridge penalty is chosen
    on the validation split;
  * both score the held-out test patients with their linear predictor (log partial hazard:
    a risk, higher = worse).

Writes, under examples/cl_unimodal_v2/:
  eval/candidate.csv, eval/production.csv   patient_id,time,event,score,sex,age_band
  splits/{train,validation,test}.csv         patient_id

patient_id is synthetic (`P` + the 1-based row of the dataset, zero-padded). sex is `F` for
every patient (GBSG2 enrolled women only); age_band is `<60`, `60-69` or `70+` from the age
column. Deterministic: rerunning rewrites identical files.

Usage (from the repository root):
    pip install lifelines scikit-survival
    python3 examples/make_example_predictions.py
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter
from lifelines.datasets import load_gbsg2
from sksurv.metrics import concordance_index_censored

SEED = 20241201
OUT = Path(__file__).resolve().parent / "cl_unimodal_v2" / "models" / "cl_unimodal_v2"
PRODUCTION = ["tsize", "pnodes"]
CANDIDATE = ["age", "postmenopausal", "tsize", "grade2", "grade3", "log_pnodes", "log_progrec",
             "log_estrec", "hormone_therapy"]
PENALTIES = [0.0, 0.01, 0.05, 0.1, 0.5]


def cohort() -> pd.DataFrame:
    raw = load_gbsg2()
    return pd.DataFrame({
        "patient_id": [f"P{i + 1:06d}" for i in range(len(raw))],
        "time": raw["time"].astype(int),
        "event": raw["cens"].astype(int),
        "age": raw["age"].astype(float),
        "postmenopausal": (raw["menostat"] == "Post").astype(float),
        "tsize": raw["tsize"].astype(float),
        "grade2": (raw["tgrade"] == "II").astype(float),
        "grade3": (raw["tgrade"] == "III").astype(float),
        "pnodes": raw["pnodes"].astype(float),
        "log_pnodes": np.log1p(raw["pnodes"].astype(float)),
        "log_progrec": np.log1p(raw["progrec"].astype(float)),
        "log_estrec": np.log1p(raw["estrec"].astype(float)),
        "hormone_therapy": (raw["horTh"] == "yes").astype(float),
        "sex": "F",
        "age_band": pd.cut(raw["age"], [-np.inf, 59, 69, np.inf], labels=["<60", "60-69", "70+"]).astype(str),
    })


def cindex(frame: pd.DataFrame, score: np.ndarray) -> float:
    return float(concordance_index_censored(frame["event"].astype(bool).to_numpy(),
                                            frame["time"].to_numpy(float), score)[0])


def fit(frame: pd.DataFrame, columns: list[str], penalizer: float = 0.0) -> CoxPHFitter:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CoxPHFitter(penalizer=penalizer).fit(frame[columns + ["time", "event"]], "time", "event")


def risk(model: CoxPHFitter, frame: pd.DataFrame) -> np.ndarray:
    return np.round(model.predict_log_partial_hazard(frame).to_numpy(), 6)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.sort_values("patient_id").to_csv(path, index=False, lineterminator="\n", float_format="%.6f")


def main() -> None:
    data = cohort()
    order = np.random.default_rng(SEED).permutation(len(data))
    n_train, n_validation = len(data) // 2, len(data) // 10
    train = data.iloc[order[:n_train]]
    validation = data.iloc[order[n_train:n_train + n_validation]]
    test = data.iloc[order[n_train + n_validation:]]

    production = fit(train, PRODUCTION)
    chosen = max(PENALTIES, key=lambda p: cindex(validation, risk(fit(train, CANDIDATE, p), validation)))
    candidate = fit(train, CANDIDATE, chosen)

    columns = ["patient_id", "time", "event", "score", "sex", "age_band"]
    for name, model in [("candidate", candidate), ("production", production)]:
        write_csv(test.assign(score=risk(model, test))[columns], OUT / "eval" / f"{name}.csv")
    for name, split in [("train", train), ("validation", validation), ("test", test)]:
        write_csv(split[["patient_id"]], OUT / "splits" / f"{name}.csv")

    c_candidate = cindex(test, risk(candidate, test))
    c_production = cindex(test, risk(production, test))
    print(f"splits: train {len(train)}, validation {len(validation)}, test {len(test)} "
          f"({int(test['event'].sum())} events); candidate penalizer {chosen}", file=sys.stderr)
    print(f"test C-index: candidate {c_candidate:.4f}, production {c_production:.4f}", file=sys.stderr)
    for band, group in test.groupby("age_band"):
        print(f"  age_band {band}: n={len(group)} events={int(group['event'].sum())} "
              f"candidate C={cindex(group, risk(candidate, group)):.4f}", file=sys.stderr)
    if c_candidate <= c_production:
        raise SystemExit("the candidate does not beat production; the example would be BLOCKED")


if __name__ == "__main__":
    main()
