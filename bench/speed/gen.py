#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Seeded survival cohorts for the speed benchmarks (bench/speed/run.sh).

  cohort.csv                  n = 1,000,000 (default), about 28 MB, 30 % censored
  pair/candidate.csv, pair/baseline.csv   n = 100,000, the same patients, two correlated scores

Columns: patient_id,time,event,score. Times are exponential in a true risk with administrative
and random censoring tuned to 30 %; scores are the true risk plus noise, printed with six
decimals (ties occur, as in real exports). Same seed, same bytes.
"""
import argparse
import math
import os
import random


def cohort(rng, n, noise):
    """(time, event, [scores]) rows with about 30 % censoring."""
    rows = []
    for i in range(n):
        risk = rng.gauss(0.0, 1.0)
        t = rng.expovariate(math.exp(0.8 * risk) / 1000.0)
        c = rng.expovariate(1.0 / 2400.0)
        event = 1 if t <= c else 0
        time = round(min(t, c), 1)
        if time <= 0:
            time = 0.1
        scores = [risk + rng.gauss(0.0, s) for s in noise]
        rows.append((f"P{i:07d}", time, event, scores))
    return rows


def write(path, rows, k):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("patient_id,time,event,score\n")
        for pid, time, event, scores in rows:
            out.write(f"{pid},{time},{event},{scores[k]:.6f}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--cohort", type=int, default=1_000_000)
    parser.add_argument("--pair", type=int, default=100_000)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.dir, "pair"), exist_ok=True)
    rng = random.Random(20261206)
    big = cohort(rng, args.cohort, [0.9])
    write(os.path.join(args.dir, "cohort.csv"), big, 0)
    pair = cohort(rng, args.pair, [0.8, 1.2])
    write(os.path.join(args.dir, "pair", "candidate.csv"), pair, 0)
    write(os.path.join(args.dir, "pair", "baseline.csv"), pair, 1)
    censored = sum(1 for r in big if r[2] == 0) / len(big)
    print(f"cohort n={len(big)} censored={censored:.3f}; pair n={len(pair)}")


if __name__ == "__main__":
    main()
