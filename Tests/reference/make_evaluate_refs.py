#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Reference values for the performance and bias checks and `gremlin evaluate`.

Reads the example predictions copied into Tests/GremlinKitTests/Fixtures/evaluate/
(candidate.csv, production.csv: GBSG2 test patients scored by two Cox models, written by
examples/make_example_predictions.py) and writes example_reference.json beside them:

  n, events, horizon   numpy median of the observed times (the default AUROC horizon)
  c_index              scikit-survival concordance_index_censored and lifelines
                       concordance_index(t, -score, e)
  hazard_ratio_per_sd  lifelines CoxPHFitter (Efron) on (score - mean) / sd (ddof=1):
                       exp(coef), Wald 95% CI, p-value
  hazard_ratio_high_vs_low  the same on the indicator score > numpy median(score)
  auroc                scikit-learn roc_auc_score, event before the horizon = 1,
                       time >= horizon = 0, censored before it dropped
  groups               per sex / age_band level of the candidate: n, events, C-index (sksurv)

Usage (from the repository root):
    pip install lifelines scikit-survival scikit-learn
    python3 Tests/reference/make_evaluate_refs.py
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import lifelines
import numpy as np
import pandas as pd
import sklearn
import sksurv
from lifelines import CoxPHFitter
from lifelines.utils import concordance_index
from sklearn.metrics import roc_auc_score
from sksurv.metrics import concordance_index_censored

HERE = Path(__file__).resolve().parents[1] / "GremlinKitTests" / "Fixtures" / "evaluate"


def cox(time: np.ndarray, event: np.ndarray, x: np.ndarray) -> dict:
    frame = pd.DataFrame({"t": time, "e": event, "x": x})
    fit = CoxPHFitter().fit(frame, "t", "e", fit_options={"precision": 1e-12, "max_steps": 200})
    row = fit.summary.loc["x"]
    return {"hazard_ratio": float(row["exp(coef)"]), "ci_lower": float(row["exp(coef) lower 95%"]),
            "ci_upper": float(row["exp(coef) upper 95%"]), "p": float(row["p"])}


def metrics(time: np.ndarray, event: np.ndarray, score: np.ndarray, horizon: float) -> dict:
    c = concordance_index_censored(event.astype(bool), time, score)[0]
    lifelines_c = concordance_index(time, -score, event)
    z = (score - score.mean()) / score.std(ddof=1)
    high = (score > np.median(score)).astype(float)
    keep = (time >= horizon) | (event == 1)
    labels = ((time < horizon) & (event == 1))[keep].astype(int)
    return {"c_index": float(c), "c_index_lifelines": float(lifelines_c),
            "hazard_ratio_per_sd": cox(time, event, z), "hazard_ratio_high_vs_low": cox(time, event, high),
            "auroc": float(roc_auc_score(labels, score[keep]))}


def main() -> None:
    candidate = pd.read_csv(HERE / "candidate.csv", dtype={"patient_id": str, "sex": str, "age_band": str},
                            keep_default_na=False)
    production = pd.read_csv(HERE / "production.csv", dtype={"patient_id": str}, keep_default_na=False)
    production = production.set_index("patient_id").loc[candidate["patient_id"]].reset_index()
    time = candidate["time"].to_numpy(float)
    event = candidate["event"].to_numpy(int)
    horizon = float(np.median(time))
    result = {
        "versions": {"python": platform.python_version(), "lifelines": lifelines.__version__,
                     "sksurv": sksurv.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__},
        "n": int(len(time)), "events": int(event.sum()), "horizon": horizon,
        "candidate": metrics(time, event, candidate["score"].to_numpy(float), horizon),
        "production": metrics(time, event, production["score"].to_numpy(float), horizon),
        "groups": {},
    }
    score = candidate["score"].to_numpy(float)
    for column in ["sex", "age_band"]:
        levels = {}
        for level in sorted(candidate[column].unique()):
            mask = (candidate[column] == level).to_numpy()
            entry = {"n": int(mask.sum()), "events": int(event[mask].sum())}
            try:
                entry["c_index"] = float(concordance_index_censored(event[mask].astype(bool), time[mask], score[mask])[0])
            except Exception:  # no comparable pair: C undefined
                entry["c_index"] = None
            levels[level] = entry
        result["groups"][column] = levels
    (HERE / "example_reference.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
