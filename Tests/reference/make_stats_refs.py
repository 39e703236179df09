#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Regenerate the statistics fixtures and reference values the Swift tests compare against.

Every number in reference.json comes from a reference library run on the exact values written
to the CSV fixtures (the fixtures are written first, read back, and only the read-back values
are used), so the Swift side sees bit-identical inputs:

  C-index    scikit-survival concordance_index_censored (value and counts) and
             lifelines concordance_index(t, -score, e)
  Cox        lifelines CoxPHFitter (Efron ties) with tight convergence settings, and
             statsmodels PHReg for Efron and Breslow ties
  HR per SD  lifelines on the covariate standardised with the sample SD (ddof=1)
  high/low   lifelines on the indicator score > median(score) (numpy median)
  AUROC      scikit-learn roc_auc_score on patients labelled at a horizon:
             event with time < horizon -> 1, time >= horizon -> 0, censored before it -> dropped
  percentile numpy.percentile (default linear interpolation)
  normal     scipy.stats.norm.ppf (the quantile behind Wald intervals)

Usage (from the repository root):
    pip install lifelines scikit-survival scikit-learn statsmodels
    python3 Tests/reference/make_stats_refs.py
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import lifelines
import numpy as np
import pandas as pd
import sklearn
import sksurv
import scipy
import statsmodels
from scipy.stats import norm
from lifelines import CoxPHFitter
from lifelines.datasets import load_gbsg2, load_lung, load_rossi
from lifelines.utils import concordance_index
from sklearn.metrics import roc_auc_score
from sksurv.datasets import load_aids, load_flchain, load_veterans_lung_cancer, load_whas500
from sksurv.metrics import concordance_index_censored
from statsmodels.duration.hazard_regression import PHReg

OUT = Path(__file__).resolve().parents[1] / "GremlinKitTests" / "Fixtures" / "stats"

# lifelines stops on whichever criterion fires first; make the step-size test the only one that
# can, so the coefficient is converged far below the 1e-6 relative tolerance the tests use.
LIFELINES_FIT = {"precision": 1e-22, "r_precision": 0.0, "max_steps": 500}
PERCENTILES = [0.0, 2.5, 25.0, 50.0, 97.5, 100.0]
NORMAL_P = [1e-12, 1e-6, 0.001, 0.02, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.98, 0.995, 0.999999]


def _lifelines_cox(x: np.ndarray, t: np.ndarray, e: np.ndarray) -> dict:
    df = pd.DataFrame({"x": x, "t": t, "e": e.astype(int)})
    cph = CoxPHFitter().fit(df, "t", "e", fit_options=LIFELINES_FIT)
    s = cph.summary.loc["x"]
    return {
        "coef": float(s["coef"]),
        "se": float(s["se(coef)"]),
        "hazard_ratio": float(s["exp(coef)"]),
        "ci_lower": float(s["exp(coef) lower 95%"]),
        "ci_upper": float(s["exp(coef) upper 95%"]),
        "z": float(s["z"]),
        "p": float(s["p"]),
        "log_likelihood": float(cph.log_likelihood_),
    }


def _statsmodels_cox(x: np.ndarray, t: np.ndarray, e: np.ndarray, ties: str) -> dict:
    # Standardised, as lifelines does internally: PHReg's plain Newton from 0 overflows on a
    # wide covariate (flchain). The fit is equivariant: coef and SE scale by 1/sd, the
    # p-value and the partial likelihood do not change.
    sd = float(np.std(x, ddof=1))
    model = PHReg(t, ((x - x.mean()) / sd).reshape(-1, 1), status=e.astype(float), ties=ties)
    # PHReg's Newton has no step halving and diverges from 0 on flchain's skewed FLC sum, so
    # BFGS brings it near the optimum and Newton polishes to full precision.
    start = model.fit(method="bfgs", gtol=1e-8, maxiter=500, disp=False).params
    res = model.fit(method="newton", start_params=start, tol=1e-14, maxiter=200, disp=False)
    coef = float(res.params[0]) / sd
    return {
        "coef": coef,
        "se": float(res.bse[0]) / sd,
        "p": float(res.pvalues[0]),
        "log_likelihood": float(model.loglike(res.params)),
        "null_log_likelihood": float(model.loglike(np.zeros(1))),
    }


def _cindex(t: np.ndarray, e: np.ndarray, s: np.ndarray) -> dict:
    distinct = np.unique(s)
    if distinct.size > 1:
        # sksurv treats |s_i - s_j| <= 1e-8 as a tie; the fixtures must not depend on that.
        assert np.min(np.diff(distinct)) > 1e-8, "scores closer than sksurv's tied_tol"
    c, conc, disc, tied_risk, tied_time = concordance_index_censored(e, t, s)
    return {
        "sksurv": float(c),
        "lifelines": float(concordance_index(t, -s, e)),
        "concordant": int(conc),
        "discordant": int(disc),
        "tied_risk": int(tied_risk),
        "tied_time": int(tied_time),
        "comparable": int(conc + disc + tied_risk),
    }


def _auroc(t: np.ndarray, e: np.ndarray, s: np.ndarray, horizon: float) -> dict:
    positive = e & (t < horizon)
    negative = t >= horizon
    keep = positive | negative
    labels = positive[keep].astype(int)
    return {
        "horizon": horizon,
        "auroc": float(roc_auc_score(labels, s[keep])),
        "positives": int(labels.sum()),
        "negatives": int((1 - labels).sum()),
        "excluded": int((~keep).sum()),
    }


def _score_refs(t: np.ndarray, e: np.ndarray, s: np.ndarray, horizon: float) -> dict:
    sd = float(np.std(s, ddof=1))
    z = (s - s.mean()) / sd
    median = float(np.median(s))
    high = (s > median).astype(float)
    return {
        "cindex": _cindex(t, e, s),
        "cox_efron": _lifelines_cox(s, t, e),
        "cox_efron_statsmodels": _statsmodels_cox(s, t, e, "efron"),
        "cox_breslow_statsmodels": _statsmodels_cox(s, t, e, "breslow"),
        "per_sd": {"sd": sd, **_lifelines_cox(z, t, e)},
        "high_vs_low": {"median": median, "n_high": int(high.sum()), **_lifelines_cox(high, t, e)},
        "auroc": _auroc(t, e, s, horizon),
        "percentiles": {"q": PERCENTILES, "values": [float(v) for v in np.percentile(s, PERCENTILES)]},
    }


def _lifelines_lp(df: pd.DataFrame, duration: str, event: str) -> np.ndarray:
    """A real linear predictor: a Cox model's log partial hazard on the dataset's covariates."""
    cph = CoxPHFitter().fit(df, duration, event)
    return np.round(cph.predict_log_partial_hazard(df).to_numpy(), 10)


def datasets() -> dict[str, tuple[pd.DataFrame, float, str]]:
    """name -> (frame with time,event,score,score2, AUROC horizon, provenance)."""
    out = {}

    rossi = load_rossi()
    out["rossi"] = (
        pd.DataFrame({"time": rossi.week, "event": rossi.arrest, "score": rossi.prio, "score2": rossi.age}),
        26.0,
        "lifelines load_rossi: week, arrest, score=prio (many ties), score2=age",
    )

    lung = load_lung().dropna(subset=["ph.ecog"])
    out["lung"] = (
        pd.DataFrame({"time": lung.time, "event": lung.status, "score": lung["ph.ecog"], "score2": lung.age}),
        365.0,
        "lifelines load_lung: time, status, score=ph.ecog (4 levels), score2=age",
    )

    gbsg = load_gbsg2()
    out["gbsg2"] = (
        pd.DataFrame({"time": gbsg.time, "event": gbsg.cens, "score": gbsg.pnodes, "score2": gbsg.tsize}),
        1095.0,
        "lifelines load_gbsg2: time, cens, score=pnodes, score2=tsize",
    )

    x, y = load_whas500()
    cov = pd.DataFrame({
        "age": x.age, "hr": x.hr, "bmi": x.bmi, "chf": x.chf.astype(float),
        "t": y["lenfol"], "e": y["fstat"].astype(int),
    })
    out["whas500"] = (
        pd.DataFrame({"time": cov.t, "event": cov.e, "score": _lifelines_lp(cov, "t", "e"), "score2": x.age}),
        365.0,
        "sksurv load_whas500: lenfol, fstat, score=Cox linear predictor (age, hr, bmi, chf), score2=age",
    )

    x, y = load_aids()
    cov = pd.DataFrame({
        "cd4": x.cd4, "age": x.age, "karnof": x.karnof.astype(float),
        "t": y["time"], "e": y["censor"].astype(int),
    })
    out["aids"] = (
        pd.DataFrame({"time": cov.t, "event": cov.e, "score": _lifelines_lp(cov, "t", "e"), "score2": x.cd4}),
        180.0,
        "sksurv load_aids (92% censored): time, censor, score=Cox linear predictor (cd4, age, karnof), score2=cd4",
    )

    x, y = load_veterans_lung_cancer()
    out["veterans"] = (
        pd.DataFrame({
            "time": y["Survival_in_days"], "event": y["Status"].astype(int),
            "score": -x.Karnofsky_score, "score2": x.Age_in_years,
        }),
        90.0,
        "sksurv load_veterans_lung_cancer: score=-Karnofsky (ties), score2=age",
    )

    x, y = load_flchain()
    out["flchain"] = (
        pd.DataFrame({
            "time": y["futime"], "event": y["death"].astype(int),
            # Rounded: a raw float sum leaves 1e-16 gaps between equal totals.
            "score": np.round(x.kappa + x["lambda"], 4), "score2": x.age,
        }),
        1825.0,
        "sksurv load_flchain (n=7874, 72% censored): futime, death, score=kappa+lambda, score2=age",
    )
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    refs: dict = {
        "generator": "Tests/reference/make_stats_refs.py",
        "auroc_labels": "event and time < horizon -> positive; time >= horizon -> negative; "
        "censored before the horizon -> excluded",
        "high_vs_low": "high = score > median(score) (numpy median)",
        "per_sd": "covariate standardised with the sample SD (ddof=1)",
        "versions": {
            "python": platform.python_version(),
            "lifelines": lifelines.__version__,
            "sksurv": sksurv.__version__,
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "statsmodels": statsmodels.__version__,
            "scipy": scipy.__version__,
        },
        "datasets": {},
        # Wald intervals need the normal quantile; lifelines takes it from scipy.
        "normal_quantiles": [{"p": p, "z": float(norm.ppf(p))} for p in NORMAL_P],
    }
    for name, (frame, horizon, provenance) in datasets().items():
        frame = frame.reset_index(drop=True)
        frame["event"] = frame["event"].astype(int)
        path = OUT / f"{name}.csv"
        # repr() is the shortest string that round-trips, so Swift parses the same doubles.
        with path.open("w", newline="\n") as fh:
            fh.write("time,event,score,score2\n")
            for row in frame.itertuples(index=False):
                fh.write(f"{float(row.time)!r},{int(row.event)},{float(row.score)!r},{float(row.score2)!r}\n")
        back = pd.read_csv(path, float_precision="round_trip")
        t = back.time.to_numpy(float)
        e = back.event.to_numpy(int).astype(bool)
        entry = {
            "file": path.name,
            "provenance": provenance,
            "n": int(len(back)),
            "events": int(e.sum()),
            "score": _score_refs(t, e, back.score.to_numpy(float), horizon),
            "score2": _score_refs(t, e, back.score2.to_numpy(float), horizon),
        }
        refs["datasets"][name] = entry
        print(f"{name}: n={entry['n']} events={entry['events']} "
              f"C={entry['score']['cindex']['sksurv']:.6f}", file=sys.stderr)
    # allow_nan=False: a diverged reference must fail here, not reach the Swift tests as NaN.
    (OUT / "reference.json").write_text(json.dumps(refs, indent=1, sort_keys=True, allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
