#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""The lifelines reference for the n = 10^6 evaluate benchmark.

    cindex.py PREDICTIONS.csv [RUNS]   prints the C-index (repr) and, on the second line, the
                                       median over RUNS calls (default 1) of the seconds
                                       `concordance_index` alone took (the CSV read is not counted)
"""
import statistics
import sys
import time

import pandas as pd
from lifelines.utils import concordance_index

frame = pd.read_csv(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
times = []
for _ in range(runs):
    start = time.perf_counter()
    c = concordance_index(frame["time"], -frame["score"], frame["event"])
    times.append(time.perf_counter() - start)
print(repr(float(c)))
print(f"{statistics.median(times):.4f}")
