#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""The lifelines reference for the n = 10^6 evaluate benchmark.

    cindex.py PREDICTIONS.csv   prints the C-index (repr) and, on the second line, the seconds
                                `concordance_index` alone took (the CSV read is not counted)
"""
import sys
import time

import pandas as pd
from lifelines.utils import concordance_index

frame = pd.read_csv(sys.argv[1])
start = time.perf_counter()
c = concordance_index(frame["time"], -frame["score"], frame["event"])
elapsed = time.perf_counter() - start
print(repr(float(c)))
print(f"{elapsed:.4f}")
